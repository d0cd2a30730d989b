package sla

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/calendar"
)

// targetShape is what kind of target a metric is judged against.
type targetShape int

const (
	shapeNone    targetShape = iota
	shapeTime                // within + unit
	shapePercent             // atLeast, 0–100
	shapeLevel               // atLeast and/or atMost, non-negative
)

func (v *validator) objective(s *versionScope, path string, o Objective) {
	v.required(join(path, "name"), o.Name, "a name")
	okO := v.partyRef(join(path, "obligor"), o.Obligor)
	okB := v.partyRef(join(path, "beneficiary"), o.Beneficiary)
	if okO && okB && o.Obligor == o.Beneficiary {
		v.add(join(path, "beneficiary"), ErrInvalid, "an objective is owed by one party to another; obligor and beneficiary are both "+quote(o.Obligor))
	}
	if okO {
		v.contactRef(join(path, "responsible"), o.Obligor, o.Responsible, false)
	}
	if okB {
		v.contactRef(join(path, "recipient"), o.Beneficiary, o.Recipient, false)
	}
	if o.Service != "" {
		if _, ok := s.services[o.Service]; !ok {
			v.add(join(path, "service"), ErrUnknownRef, "service "+quote(o.Service)+" is not defined in this version")
		}
	}
	v.calendarRef(s, join(path, "calendar"), o.Calendar)
	for i, t := range o.Scope.Where {
		v.attrTest(idx(path, "scope.where", i), t)
	}

	shape := v.metric(s, join(path, "metric"), o)
	v.splitRatio(path, o) // compliance_split.go

	if o.Target == nil && len(o.Targets) == 0 {
		v.add(join(path, "target"), ErrMissing, "a target is required (or per-segment targets with targetBy)")
	}
	if o.Target != nil {
		v.target(join(path, "target"), *o.Target, shape, o)
	}
	if len(o.Targets) > 0 && o.TargetBy == "" {
		v.add(join(path, "targetBy"), ErrMissing, "name the attribute whose value selects one of targets, e.g. \"priority\"")
	}
	if o.TargetBy != "" && len(o.Targets) == 0 {
		v.add(join(path, "targets"), ErrMissing, "targetBy "+quote(o.TargetBy)+" needs at least one entry in targets")
	}
	when := map[string]bool{}
	for i, st := range o.Targets {
		tp := idx(path, "targets", i)
		v.required(join(tp, "when"), st.When, "the attribute value this target is for")
		if when[st.When] && st.When != "" {
			v.add(join(tp, "when"), ErrDuplicate, "a target for "+quote(st.When)+" is already given")
		}
		when[st.When] = true
		v.target(join(tp, "target"), st.Target, shape, o)
	}

	switch o.Metric.Kind {
	case KindAvailability, KindVolume, KindRatio, KindPercentile:
		if o.Period == nil {
			v.add(join(path, "period"), ErrMissing, article(o.Metric.Kind)+" objective is measured per period; give one, e.g. {\"kind\": \"month\"}")
		}
	}
	if p := o.Period; p != nil {
		pp := join(path, "period")
		if p.Kind == PeriodRolling {
			if !positive(p.Length) {
				v.add(join(pp, "length"), ErrMissing, "a rolling period needs a positive length, e.g. P28D")
			}
			v.rollingEvery(pp, *p, o) // rolling_penalty.go
		} else {
			v.calendarPeriod(join(pp, "kind"), p.Kind, false)
			if !p.Length.IsZero() {
				v.add(join(pp, "length"), ErrInvalid, "a length is only used by a rolling period")
			}
			if p.Every != "" {
				v.add(join(pp, "every"), ErrInvalid, "every is only used by a rolling period: a "+p.Kind+" is assessed at its own end")
			}
		}
	}

	for i, id := range o.Exclusions {
		if _, ok := s.exclusions[id]; !ok {
			v.add(idx(path, "exclusions", i), ErrUnknownRef, "exclusion "+quote(id)+" is not defined in this version")
		}
	}
	for i, id := range o.ExcusedBy {
		ep := idx(path, "excusedBy", i)
		other, ok := s.objectives[id]
		switch {
		case !ok:
			v.add(ep, ErrUnknownRef, "objective "+quote(id)+" is not defined in this version")
		case other.Obligor == o.Obligor:
			v.add(ep, ErrInvalid, "objective "+quote(id)+" is owed by the same party "+quote(o.Obligor)+"; only another party's failure excuses a breach")
		}
	}
	for i, r := range o.Penalties {
		v.penalty(s, idx(path, "penalties", i), r, o)
	}
}

func (v *validator) attrTest(path string, t AttrTest) {
	v.required(join(path, "attr"), t.Attr, "an attribute name")
	n := len(t.Values)
	switch t.Op {
	case OpEquals:
		if n != 1 {
			v.add(join(path, "values"), ErrInvalid, "equals takes exactly one value")
		}
	case OpIn, OpNotIn:
		if n == 0 {
			v.add(join(path, "values"), ErrMissing, t.Op+" takes at least one value")
		}
	case OpPresent, OpAbsent:
		if n != 0 {
			v.add(join(path, "values"), ErrInvalid, t.Op+" takes no values")
		}
	default:
		v.unknownEnum(join(path, "op"), "an", "operator", t.Op, "equals", "in", "notIn", "present", "absent")
	}
}

func (v *validator) conditions(path string, cs []Condition, required bool, what string) {
	if required && len(cs) == 0 {
		v.add(path, ErrMissing, "give at least one condition for "+what)
	}
	for i, c := range cs {
		for j, t := range c.Where {
			v.attrTest(idx(path+"["+strconv.Itoa(i)+"]", "where", j), t)
		}
	}
}

// metric validates o.Metric and returns the shape of target it needs.
func (v *validator) metric(s *versionScope, path string, o Objective) targetShape {
	m := o.Metric
	set := map[string]bool{
		KindClock: m.Clock != nil, KindAvailability: m.Availability != nil, KindVolume: m.Volume != nil,
		KindRatio: m.Ratio != nil, KindPercentile: m.Percentile != nil, KindDeadline: m.Deadline != nil,
	}
	known := false
	for _, k := range []string{KindClock, KindAvailability, KindVolume, KindRatio, KindPercentile, KindDeadline} {
		if k == m.Kind {
			known = true
			if !set[k] {
				v.add(join(path, k), ErrMissing, "the definition of the "+k+" metric is required")
			}
		} else if set[k] {
			v.add(join(path, k), ErrInvalid, article(k)+" definition does not belong to a metric of kind "+quote(m.Kind)+"; remove it")
		}
	}
	if !known {
		v.unknownEnum(join(path, "kind"), "a", "metric kind", m.Kind, KindClock, KindAvailability, KindVolume, KindRatio, KindPercentile, KindDeadline)
		return shapeNone
	}
	switch m.Kind {
	case KindClock:
		if c := m.Clock; c != nil {
			cp := join(path, "clock")
			switch c.Preset {
			case "", PresetFirstReply, PresetNextReply, PresetPeriodicUpdate, PresetRequesterWait,
				PresetAgentWork, PresetPausableUpdate, PresetResolution:
			default:
				v.add(join(cp, "preset"), ErrInvalid, "preset "+quote(c.Preset)+" is not one of firstReply, nextReply, periodicUpdate, requesterWait, agentWork, pausableUpdate, resolution")
			}
			custom := c.Preset == ""
			v.conditions(join(cp, "start"), c.Start, custom, "starting the clock")
			v.conditions(join(cp, "stop"), c.Stop, custom, "stopping the clock")
			v.conditions(join(cp, "pause"), c.Pause, false, "")
			v.conditions(join(cp, "resume"), c.Resume, false, "")
			v.conditions(join(cp, "reset"), c.Reset, false, "")
			switch c.Restart {
			case "", RestartNewCycle, RestartResume, RestartNever:
			default:
				v.add(join(cp, "restart"), ErrInvalid, "restart "+quote(c.Restart)+" is not one of newCycle, resume, never")
			}
			for i, w := range c.Warnings {
				wp := idx(cp, "warnings", i)
				switch {
				case w.Percent != nil && !w.Before.IsZero():
					v.add(wp, ErrInvalid, "give either percent or before, not both")
				case w.Percent != nil:
					if !w.Percent.IsPositive() || w.Percent.GreaterThan(hundred) {
						v.add(join(wp, "percent"), ErrRange, "percentage "+w.Percent.String()+" is outside (0, 100]")
					}
				case !w.Before.IsZero():
					if !positive(w.Before) || !w.Before.OnlyYMWD().IsZero() {
						v.add(join(wp, "before"), ErrUnit, "a warning is a positive time in hours, minutes or seconds before due, e.g. PT1H")
					}
				default:
					v.add(wp, ErrMissing, "give percent (of the target) or before (due)")
				}
			}
		}
		return shapeTime
	case KindAvailability:
		if a := m.Availability; a != nil {
			ap := join(path, "availability")
			switch a.Source {
			case SourceEvents:
				if a.ErrorRate == nil {
					v.conditions(join(ap, "down"), a.Down, true, "the service going down")
					v.conditions(join(ap, "up"), a.Up, true, "the service coming back up")
				}
			case SourceIntervals:
				v.conditions(join(ap, "downtime"), a.Downtime, true, "downtime intervals")
			default:
				v.unknownEnum(join(ap, "source"), "a", "source", a.Source, "events", "intervals")
			}
			v.nonNegative(join(ap, "minimumDowntime"), a.MinimumDowntime)
			if e := a.ErrorRate; e != nil {
				ep := join(ap, "errorRate")
				v.conditions(join(ep, "requests"), e.Requests, true, "request-count events")
				if (e.Good == "") == (e.Failed == "") {
					v.add(join(ep, "goodAttribute"), ErrInvalid, "give exactly one of goodAttribute and failedAttribute: the attribute holding the good or the failed request count")
				}
				if a.Source != SourceEvents {
					v.add(join(ap, "source"), ErrInvalid, `error-rate availability reads request-count events: use source "events"`)
				}
				for _, r := range []struct{ key, val string }{{"belowMinimum", e.BelowMinimum}, {"noTraffic", e.NoTraffic}} {
					switch r.val {
					case "", SliceUp, SliceExcluded:
					default:
						v.unknownEnum(join(ep, r.key), "a", "slice rule", r.val, SliceUp, SliceExcluded)
					}
				}
				v.required(join(ep, "totalAttribute"), e.Total, "the attribute holding the total request count")
				if !positive(e.Slice) || !e.Slice.OnlyYMWD().IsZero() {
					v.add(join(ep, "slice"), ErrUnit, "a slice is a positive time in hours, minutes or seconds, e.g. PT1M")
				}
				v.percent(join(ep, "threshold"), e.Threshold)
				if e.MinimumRequests < 0 {
					v.add(join(ep, "minimumRequests"), ErrRange, "must not be negative")
				}
				switch e.Formula {
				case FormulaDownSlices, FormulaAverageErrorRate:
				default:
					v.unknownEnum(join(ep, "formula"), "a", "formula", e.Formula, "downSlices", "averageErrorRate")
				}
			}
		}
		return shapePercent
	case KindVolume:
		if vo := m.Volume; vo != nil {
			vp := join(path, "volume")
			v.conditions(join(vp, "events"), vo.Events, true, "the events counted")
			switch vo.Aggregate {
			case AggregateCount, AggregateSum:
			default:
				v.unknownEnum(join(vp, "aggregate"), "an", "aggregate", vo.Aggregate, "count", "sum")
			}
		}
		return shapeLevel
	case KindRatio:
		if r := m.Ratio; r != nil {
			rp := join(path, "ratio")
			v.perSubjectRef(s, join(rp, "of"), r.Of, o.ID, true)
			if r.MinimumCount < 0 {
				v.add(join(rp, "minimumCount"), ErrRange, "must not be negative")
			}
		}
		return shapePercent
	case KindPercentile:
		if p := m.Percentile; p != nil {
			pp := join(path, "percentile")
			if !p.Rank.IsPositive() || p.Rank.GreaterThan(hundred) {
				v.add(join(pp, "rank"), ErrRange, "percentile "+p.Rank.String()+" is outside (0, 100]")
			}
			switch {
			case p.Of != "" && len(p.Values) > 0:
				v.add(pp, ErrInvalid, "give either of (an objective's durations) or values (event values), not both")
			case p.Of != "":
				v.perSubjectRef(s, join(pp, "of"), p.Of, o.ID, false)
				return shapeTime
			case len(p.Values) > 0:
				v.conditions(join(pp, "values"), p.Values, true, "the events whose values are ranked")
			default:
				v.add(pp, ErrMissing, "give of (an objective's durations) or values (event values)")
			}
		}
		return shapeLevel
	case KindDeadline:
		if d := m.Deadline; d != nil {
			dp := join(path, "deadline")
			switch {
			case d.Anchor.PeriodEnd != "" && len(d.Anchor.Events) > 0:
				v.add(join(dp, "after"), ErrInvalid, "give either periodEnd or events, not both")
			case d.Anchor.PeriodEnd != "":
				v.calendarPeriod(join(dp, "after.periodEnd"), d.Anchor.PeriodEnd, false)
			case len(d.Anchor.Events) > 0:
				v.conditions(join(dp, "after.events"), d.Anchor.Events, true, "the anchor")
			default:
				v.add(join(dp, "after"), ErrMissing, "say what the deadline runs from: periodEnd (e.g. \"month\") or events")
			}
			v.conditions(join(dp, "done"), d.Done, true, "the event that meets the deadline")
		}
		return shapeTime
	}
	return shapeNone
}

// perSubjectRef checks a reference to a clock or deadline objective.
func (v *validator) perSubjectRef(s *versionScope, path, id, self string, allowDeadline bool) {
	o, ok := s.objectives[id]
	switch {
	case id == "":
		v.add(path, ErrMissing, "name the objective whose subjects are measured")
	case !ok:
		v.add(path, ErrUnknownRef, "objective "+quote(id)+" is not defined in this version")
	case id == self:
		v.add(path, ErrInvalid, "an objective cannot refer to itself")
	case o.Metric.Kind != KindClock && !(allowDeadline && o.Metric.Kind == KindDeadline):
		v.add(path, ErrInvalid, "objective "+quote(id)+" is a "+o.Metric.Kind+" objective; refer to a clock"+map[bool]string{true: " or deadline", false: ""}[allowDeadline]+" objective")
	}
}

func (v *validator) target(path string, t Target, shape targetShape, o Objective) {
	switch shape {
	case shapeTime:
		if t.AtLeast != nil || t.AtMost != nil {
			v.add(path, ErrUnit, article(o.Metric.Kind)+" target is a time (within and unit), not a level (atLeast/atMost)")
		}
		if t.DueFrom != "" {
			v.dueFrom(path, t, o) // duefrom.go
			return
		}
		if t.By != "" {
			if o.Metric.Kind != KindDeadline {
				v.add(join(path, "by"), ErrUnit, "a relative deadline (by) applies to deadline objectives only; "+article(o.Metric.Kind)+" target is an elapsed time (within and unit)")
			}
			if !t.Within.IsZero() || t.Unit != "" {
				v.add(path, ErrInvalid, "give either within and unit, or by, not both")
			}
			if _, err := calendar.ParseDeadline(t.By); err != nil {
				v.add(join(path, "by"), ErrInvalid, quote(t.By)+" is not a relative deadline ("+err.Error()+"); write e.g. \"dayAt 1 16:00\", \"dayEnd 0\" or \"monthDayEnd 5\"")
			}
			return
		}
		if t.Unit == UnitBusinessDaysEnd && o.Metric.Kind != KindDeadline {
			v.add(join(path, "unit"), ErrUnit, "businessDaysEnd names an instant (the end of a business day), so only deadline objectives take it; "+article(o.Metric.Kind)+" target is an elapsed time: use business or businessDays")
			return
		}
		if t.Unit == UnitWallNextOpen && o.Metric.Kind != KindDeadline {
			v.add(join(path, "unit"), ErrUnit, "wallNextOpen names an instant (a due instant moved to the next opening), so only deadline objectives take it; "+article(o.Metric.Kind)+" target is an elapsed time: use wall")
			return
		}
		if t.Within.IsZero() && t.Unit == "" {
			v.add(join(path, "within"), ErrMissing, "a time is required, e.g. {\"within\": \"PT4H\", \"unit\": \"business\"}")
			return
		}
		v.checkUnit(path, t.Within, t.Unit)
	case shapePercent, shapeLevel:
		if !t.Within.IsZero() || t.Unit != "" || t.By != "" || t.DueFrom != "" {
			v.add(path, ErrUnit, article(o.Metric.Kind)+" target is a level (atLeast/atMost), not a time (within and unit)")
		}
		if shape == shapePercent {
			if t.AtMost != nil {
				v.add(join(path, "atMost"), ErrInvalid, article(o.Metric.Kind)+" target is a minimum percentage; use atLeast")
			}
			if t.AtLeast == nil {
				v.add(join(path, "atLeast"), ErrMissing, "the minimum percentage is required, e.g. \"99.9\"")
			} else {
				v.percent(join(path, "atLeast"), *t.AtLeast)
			}
			return
		}
		if t.AtLeast == nil && t.AtMost == nil {
			v.add(path, ErrMissing, "give atLeast, atMost or both")
		}
		count := o.Metric.Kind == KindVolume && o.Metric.Volume != nil && o.Metric.Volume.Aggregate == AggregateCount
		for _, f := range []struct {
			name string
			d    *decimal.Decimal
		}{{"atLeast", t.AtLeast}, {"atMost", t.AtMost}} {
			if f.d == nil {
				continue
			}
			if f.d.IsNegative() {
				v.add(join(path, f.name), ErrRange, "must not be negative")
			}
			if count && !f.d.IsInteger() {
				v.add(join(path, f.name), ErrInvalid, f.d.String()+" is not a whole number of events")
			}
		}
		if t.AtLeast != nil && t.AtMost != nil && t.AtLeast.GreaterThan(*t.AtMost) {
			v.add(path, ErrRange, "atLeast "+t.AtLeast.String()+" is above atMost "+t.AtMost.String()+"; no value can meet both")
		}
	}
}

func (v *validator) penalty(s *versionScope, path string, r PenaltyRule, o Objective) {
	v.required(join(path, "id"), r.ID, "a penalty rule identifier")
	if s.rules[r.ID] && r.ID != "" {
		v.add(join(path, "id"), ErrDuplicate, "penalty rule "+quote(r.ID)+" is defined twice in this version")
	}
	s.rules[r.ID] = true
	v.penaltyWhen(path, r, o) // compliance_split.go
	attainment := o.Metric.Kind == KindAvailability || o.Metric.Kind == KindRatio
	usesPercent := false
	switch r.Kind {
	case PenaltyTiers:
		if !attainment {
			v.add(join(path, "kind"), ErrInvalid, "tiers apply to a percentage attainment (availability or ratio), not to "+article(o.Metric.Kind)+" objective")
		}
		if len(r.Tiers) == 0 {
			v.add(join(path, "tiers"), ErrMissing, "at least one tier is required")
		}
		usesPercent = v.tiers(join(path, "tiers"), r.Tiers, false)
	case PenaltyPerBreach, PenaltyPerUnitLate, PenaltyStep:
		if r.Amount == nil {
			v.add(join(path, "amount"), ErrMissing, "an amount is required")
		} else {
			v.amount(join(path, "amount"), *r.Amount)
			usesPercent = r.Amount.Percent != nil
		}
		if r.Kind == PenaltyPerUnitLate {
			if o.Metric.Kind != KindClock && o.Metric.Kind != KindDeadline {
				v.add(join(path, "kind"), ErrInvalid, "perUnitLate applies to clock and deadline objectives, not to "+article(o.Metric.Kind)+" objective")
			}
			if r.Unit == UnitBusinessDaysEnd || r.Unit == UnitWallNextOpen {
				v.add(join(path, "unit"), ErrUnit, "lateness is counted in wall, business or businessDays units; "+r.Unit+" names an instant, not an amount of time")
			} else {
				v.checkUnit(join(path, "per"), r.Per, r.Unit)
			}
			switch r.Count {
			case CountFraction, CountFull, CountStarted:
			default:
				v.add(join(path, "count"), ErrInvalid, "count "+quote(r.Count)+" is not one of full, started (or empty for exact fractions)")
			}
		}
		if r.Kind == PenaltyStep {
			if !attainment {
				v.add(join(path, "kind"), ErrInvalid, "step rules apply to a percentage attainment (availability or ratio), not to "+article(o.Metric.Kind)+" objective")
			}
			if r.Step == nil || !r.Step.IsPositive() || r.Step.GreaterThan(hundred) {
				v.add(join(path, "step"), ErrRange, "a step of percentage points in (0, 100] is required, e.g. \"1\"")
			}
		}
	default:
		v.unknownEnum(join(path, "kind"), "a", "kind", r.Kind, "tiers", "step", "perBreach", "perUnitLate")
	}
	if r.Kind != PenaltyTiers && len(r.Tiers) > 0 {
		v.add(join(path, "tiers"), ErrInvalid, "tiers are only used by a tiers rule")
	}
	if r.Kind == PenaltyTiers && r.Amount != nil {
		v.add(join(path, "amount"), ErrInvalid, "a tiers rule takes its amounts from its tiers")
	}
	if r.Kind != PenaltyPerUnitLate && (!r.Per.IsZero() || r.Unit != "" || r.Count != "") {
		v.add(join(path, "per"), ErrInvalid, "per, unit and count are only used by a perUnitLate rule")
	}
	if r.Kind != PenaltyStep && r.Step != nil {
		v.add(join(path, "step"), ErrInvalid, "step is only used by a step rule")
	}
	if len(r.Bonus) > 0 {
		if !attainment {
			v.add(join(path, "bonus"), ErrInvalid, "a bonus applies to a percentage attainment (availability or ratio), not to "+article(o.Metric.Kind)+" objective")
		}
		usesPercent = v.tiers(join(path, "bonus"), r.Bonus, true) || usesPercent
	}
	for _, c := range r.Caps {
		usesPercent = usesPercent || c.Limit.Percent != nil
	}
	v.percentBase(s, join(path, "base"), r.Base, o.Service, usesPercent)
	if r.EarnBack < 0 {
		v.add(join(path, "earnBack"), ErrRange, "must not be negative")
	}
	for i, c := range r.Caps {
		v.cap(s, idx(path, "caps", i), c)
	}
}

// article returns word with "a" or "an" in front.
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an " + word
	}
	return "a " + word
}

// tiers checks credit tiers (Below) or bonus tiers (AtLeast), listed from the
// highest threshold down, and reports whether any amount is a percentage.
func (v *validator) tiers(path string, ts []Tier, bonus bool) (usesPercent bool) {
	var prev *decimal.Decimal
	for i, t := range ts {
		tp := path + "[" + strconv.Itoa(i) + "]"
		th, name, other, otherName := t.Below, "below", t.AtLeast, "atLeast"
		if bonus {
			th, name, other, otherName = t.AtLeast, "atLeast", t.Below, "below"
		}
		if other != nil {
			v.add(join(tp, otherName), ErrInvalid, "this tier takes "+name+", not "+otherName)
		}
		if th == nil {
			v.add(join(tp, name), ErrMissing, "a threshold percentage is required")
		} else {
			v.percent(join(tp, name), *th)
			if prev != nil && !th.LessThan(*prev) {
				v.add(join(tp, name), ErrInvalid, "tiers must be listed from the highest threshold down, without repeats")
			}
			prev = th
		}
		v.amount(join(tp, "amount"), t.Amount)
		usesPercent = usesPercent || t.Amount.Percent != nil
	}
	return usesPercent
}

// percentBase checks the base service of a percentage: base, else def; it
// must exist and have pricing when a percentage is used.
func (v *validator) percentBase(s *versionScope, path, base, def string, usesPercent bool) {
	if base != "" {
		if _, ok := s.services[base]; !ok {
			v.add(path, ErrUnknownRef, "service "+quote(base)+" is not defined in this version")
			return
		}
	} else {
		base = def
	}
	if !usesPercent {
		return
	}
	if base == "" {
		v.add(path, ErrMissing, "a percentage of the charge needs a base service: set base, or the objective's service")
	} else if sv, ok := s.services[base]; ok && sv.Pricing == nil {
		v.add(path, ErrInvalid, "service "+quote(base)+" has no pricing, so a percentage of its charge is undefined")
	}
}
