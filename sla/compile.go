package sla

import (
	"errors"
	"fmt"
	"maps"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/calendar"
	"github.com/slaeval/slaeval/metric"
	"github.com/slaeval/slaeval/penalty"
)

// MaxTrackedAttrs bounds the distinct attributes an agreement refers to
// (scope tests, target keys and "cause"): a subject records which of them
// it has carried in one 64-bit word. It is fixed (no option lifts it);
// NewEvaluator refuses an agreement past it with an [*Error] wrapping
// [ErrLimit] at the path of the first attribute past the limit.
const MaxTrackedAttrs = 64

// Objective kinds as the evaluator runs them.
const (
	kClock = iota
	kAvailability
	kVolume
	kRatio
	kPercentile
	kDeadlineEvents
	kDeadlinePeriod
	kErrorRate // availability by error rate (errorrate.go)
)

// program is an Agreement compiled into metric and penalty values. It is
// immutable after NewEvaluator.
type program struct {
	self      *Compiled // the one Compiled of this program (Compile, Evaluator.Compiled)
	a         Agreement
	loc       *time.Location
	month     metric.Grid // default grid of clocks and deadlines without a period
	end       time.Time   // the term's end; zero when open-ended or renewed automatically
	versions  []cversion
	types     map[string]bool // subject types named by any scope
	anyType   bool            // some objective has no subject type
	attrKeys  []string        // tracked attribute keys
	attrIndex map[string]int
	attrOver  string         // path of the first attribute past MaxTrackedAttrs; "" when none
	plans     []versionPlans // by version (plan.go)
	triggers  []trigger      // event kinds and attribute keys objectives react to (relevance.go)
	kinds     strTable       // the kinds among triggers
	keys      strTable       // the attribute keys that are triggers or tracked

	// reads holds the outcomes some version's schedule reads (its rules,
	// pool weights and chronic clauses), by objective; only those are
	// handed to the schedules, so an objective no penalty reads may be
	// judged over any period (readOutcomes).
	reads map[string]bool

	fp   fingerprints // of the agreement as compiled (fingerprint.go)
	fold foldRules    // which clocks fold their old cycles (fold.go)

	segs map[string]*segKey // clock or deadline objective ID → how split ratios split its items (compliance_split.go)
}

type cversion struct {
	label    string
	from, to time.Time
	objs     []cobj
	byID     map[string]int
	nClocks  int
	nDead    int
	nAvail   int
	forType  map[string][]int  // subject type → indexes of the objectives that apply to it
	anyType  []int             // objectives without a subject type
	schedule *penalty.Schedule // nil: no penalties
	charges  map[string]string // service ID → charge name
}

type cobj struct {
	o     Objective
	kind  int
	slot  int // index into the subject's clocks, deadlines or availabilities
	nWarn int // a clock's warnings (timers.go)
	// nCross is the number of a clock's targets, the crossings its
	// compact state keeps (state.go).
	nCross int
	// bit is the objective's index among the version's per-subject
	// objectives (clocks, deadlines anchored on events, availability),
	// -1 for the others: so bit >= 0 says the objective keeps state per
	// subject, and bit is its bit in the subject's set of excluded
	// objectives (subject.excluded, SubjectSnapshot.Excluded).
	bit   int
	typ   string
	where []metric.AttrTest
	cal   *calendar.Calendar

	grid    metric.Grid   // calendar period; invalid for rolling
	window  metric.Window // rolling period
	rolling bool
	every   metric.Grid // rolling period assessed at each boundary (rolling_penalty.go); invalid when not

	clock    *metric.Clock
	deadline dueRule // compile_target.go
	anchor   []metric.Condition
	done     []metric.Condition

	avail      metric.AvailabilitySpec
	down, up   []metric.Condition
	intervals  []metric.Condition
	causeKey   string
	exclEvents []metric.Condition
	exclWindow *calendar.Calendar
	exclCauses []string      // causes that exclude a breach of this objective
	maint      []string      // causes of maintenance exclusions without announcement events
	er         *errorRateObj // kErrorRate (errorrate.go)

	volume     *metric.VolumeMetric
	volConds   []metric.Condition
	startConds []metric.Condition
	resets     bool // the clock has reset conditions (Apply needs the closed cycle's result)
	sum        bool

	ratioOf    string
	ratioSpec  metric.RatioSpec
	split      *ratioSplit // a ratio split by TargetBy (compliance_split.go)
	pctRank    decimal.Decimal
	pctOf      string
	pctValues  []metric.Condition
	pctSpec    metric.PercentileSpec
	levelLeast *decimal.Decimal

	lateUnitBusiness bool

	// An event without any of these triggers cannot affect the objective,
	// unless always is set (relevance.go).
	triggers uint64
	always   bool
	byPhase  [4]phaseTriggers // a clock's triggers in each metric.Phase
}

func unsupported(path, msg string) error {
	return &Error{Path: path, Msg: msg, Err: ErrUnsupported}
}

func conds(cs []Condition) []metric.Condition {
	out := make([]metric.Condition, 0, len(cs))
	for _, c := range cs {
		mc := metric.Condition{}
		if c.Kind != "" {
			mc.Kinds = []string{c.Kind}
		}
		mc.Attrs = attrTests(c.Where)
		out = append(out, mc)
	}
	return out
}

func attrTests(ts []AttrTest) []metric.AttrTest {
	var out []metric.AttrTest
	for _, t := range ts {
		op := metric.Equals
		switch t.Op {
		case OpIn:
			op = metric.In
		case OpNotIn:
			op = metric.NotIn
		case OpPresent:
			op = metric.Present
		case OpAbsent:
			op = metric.Absent
		}
		out = append(out, metric.AttrTest{Key: t.Attr, Op: op, Values: t.Values})
	}
	return out
}

func compile(a Agreement) (*program, error) { return compileWith(a, Options{}) }

// compileWith validates a within o's limits and compiles it.
func compileWith(a Agreement, o Options) (*program, error) {
	val, err := o.validate(a)
	if err != nil {
		return nil, err
	}
	loc := time.UTC
	if a.Zone != "" {
		if loc, err = val.loadZone(a.Zone); err != nil { // not reached: validation loaded it
			return nil, &Error{Path: "zone", Msg: err.Error(), Err: ErrZone}
		}
	}
	month, _ := metric.NewGrid(metric.Month, loc)
	p := &program{a: a, loc: loc, month: month, types: map[string]bool{}, attrIndex: map[string]int{}}
	p.track("cause", "")
	errs := unevaluated(a)
	built := map[string]*calendar.Calendar{} // by specKey: each distinct calendar built once
	for vi, v := range a.Versions {
		cv, err := p.compileVersion(vi, v, built, val.loadZone)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		p.versions = append(p.versions, cv)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if err := p.readOutcomes(); err != nil {
		return nil, err
	}
	p.end = a.Term.EffectiveTo
	if r := a.Term.Renewal; r != nil && r.Automatic && !p.end.IsZero() {
		// Renewed automatically, term after term: the versions in force at
		// the end continue.
		for i := range p.versions {
			if p.versions[i].to.Equal(p.end) {
				p.versions[i].to = time.Time{}
			}
		}
		p.end = time.Time{}
	}
	if p.attrOver != "" {
		return nil, &Error{Path: p.attrOver, Err: ErrLimit, Msg: fmt.Sprintf("the agreement refers to %d distinct attributes (scope tests, target keys and \"cause\"); at most %d are allowed (MaxTrackedAttrs): test fewer attributes, e.g. one attribute with several values (op \"in\")", len(p.attrKeys), MaxTrackedAttrs)}
	}
	p.buildPlans()
	p.indexTriggers()
	p.fp = fingerprintOf(p)
	p.fold = foldRulesOf(p)
	p.self = &Compiled{p: p}
	return p, nil
}

// track makes key a tracked attribute; path is where the agreement
// refers to it, for the error past MaxTrackedAttrs.
func (p *program) track(key, path string) {
	if key == "" {
		return
	}
	if _, ok := p.attrIndex[key]; !ok {
		if len(p.attrKeys) == MaxTrackedAttrs && p.attrOver == "" {
			p.attrOver = path
		}
		p.attrIndex[key] = len(p.attrKeys)
		p.attrKeys = append(p.attrKeys, key)
	}
}

// compileVersion compiles version vi. It builds only the calendars the
// version refers to, and takes those already built for an earlier version
// of the agreement (same spec) from built, where it adds its own; their
// zones come from loadZone (those validation loaded).
func (p *program) compileVersion(vi int, v Version, built map[string]*calendar.Calendar, loadZone func(string) (*time.Location, error)) (cversion, error) {
	from, to, _ := p.a.VersionSpan(vi)
	cv := cversion{label: v.Version, from: from, to: to, byID: map[string]int{}}
	base := fmt.Sprintf("versions[%d]", vi)
	cals := map[string]*calendar.Calendar{}
	var errs []error
	for _, name := range referencedCalendars(v) {
		spec := v.Calendars[name]
		k := specKey(spec)
		if c, ok := built[k]; ok {
			cals[name] = c
			continue
		}
		c, err := spec.BuildWith(loadZone)
		if err != nil { // not reached: validation applies Build's rules
			errs = append(errs, &Error{Path: base + ".calendars." + name, Msg: err.Error(), Err: ErrInvalid})
			continue
		}
		built[k], cals[name] = c, c
	}
	excl := map[string]Exclusion{}
	for _, x := range v.Exclusions {
		excl[x.ID] = x
	}
	bits := 0
	for oi, o := range v.Objectives {
		path := fmt.Sprintf("%s.objectives[%d]", base, oi)
		co := cobj{o: o, bit: -1, typ: o.Scope.Subject, where: attrTests(o.Scope.Where), cal: cals[v.CalendarOf(o)]}
		if co.typ == "" {
			p.anyType = true
		} else {
			p.types[co.typ] = true
		}
		for wi, w := range o.Scope.Where {
			p.track(w.Attr, fmt.Sprintf("%s.scope.where[%d].attr", path, wi))
		}
		if o.Period != nil {
			if o.Period.Kind == PeriodRolling {
				if err := p.compileRolling(&co, path); err != nil { // rolling_penalty.go
					errs = append(errs, err)
					continue
				}
			} else {
				co.grid = gridOf(o.Period.Kind, p.loc)
			}
		} else {
			co.grid = p.month
		}
		for _, xid := range o.Exclusions {
			co.exclCauses = append(co.exclCauses, excl[xid].Causes...)
		}
		if err := p.compileMetric(&cv, &co, v, excl, cals, path); err != nil {
			errs = append(errs, err)
			continue
		}
		if co.kind == kClock || co.kind == kDeadlineEvents || co.kind == kAvailability {
			co.bit = bits
			bits++
		}
		// lateness is charged in the target's unit, as a clock's is
		co.lateUnitBusiness = co.deadline != nil && co.deadline.OnCalendar()
		p.setTriggers(&co)
		cv.byID[o.ID] = len(cv.objs)
		cv.objs = append(cv.objs, co)
	}
	if len(errs) > 0 {
		return cv, errors.Join(errs...)
	}
	cv.forType = map[string][]int{}
	for i := range cv.objs {
		if cv.objs[i].typ == "" {
			cv.anyType = append(cv.anyType, i)
		}
	}
	for i := range cv.objs {
		if t := cv.objs[i].typ; t != "" && cv.forType[t] == nil {
			for j := range cv.objs {
				if cv.objs[j].typ == "" || cv.objs[j].typ == t {
					cv.forType[t] = append(cv.forType[t], j)
				}
			}
		}
	}
	s, err := p.schedule(vi, v)
	if err != nil {
		return cv, err
	}
	cv.schedule = s
	cv.charges = map[string]string{}
	for _, svc := range v.Services {
		if svc.Pricing != nil {
			cv.charges[svc.ID] = svc.ID
		}
	}
	return cv, nil
}

// scheduleReads returns the names of the outcomes s reads: those of its
// rules, pool weights and chronic clauses. The outcomes of other
// objectives are not handed to it, so an objective no penalty reads may
// be judged over any period.
func scheduleReads(s *penalty.Schedule) map[string]bool {
	reads := map[string]bool{}
	for _, r := range s.Rules {
		reads[r.Objective] = true
	}
	for _, pl := range s.Pools {
		for _, w := range pl.Weights {
			reads[w.Objective] = true
		}
	}
	for _, c := range s.Chronic {
		reads[c.Objective] = true
	}
	return reads
}

// readOutcomes sets p.reads from every version's schedule (a union: a
// chronic clause of a later version counts the months of earlier ones),
// and refuses a weekly objective whose outcomes a schedule reads: the
// schedules take one outcome of an objective per credit month.
func (p *program) readOutcomes() error {
	p.reads = map[string]bool{}
	for i := range p.versions {
		if s := p.versions[i].schedule; s != nil {
			maps.Copy(p.reads, scheduleReads(s))
		}
	}
	for vi, v := range p.a.Versions {
		for oi, o := range v.Objectives {
			if o.Period != nil && o.Period.Kind == PeriodWeek && p.readsObjective(o.ID) {
				return unsupported(fmt.Sprintf("versions[%d].objectives[%d].period.kind", vi, oi), "penalties, at-risk weights and chronic clauses read one outcome of an objective per credit month, and weeks do not fit in months: measure "+quote(o.ID)+" by month, or leave it out of them")
			}
		}
	}
	return nil
}

// readsObjective reports whether a schedule reads an outcome of the
// objective id: its own or, for a ratio split by an attribute, one of its
// values' (segObjective).
func (p *program) readsObjective(id string) bool {
	if p.reads[id] {
		return true
	}
	for k := range p.reads {
		if strings.HasPrefix(k, id+"[") {
			return true
		}
	}
	return false
}

func gridOf(kind string, loc *time.Location) metric.Grid {
	g := metric.Month
	switch kind {
	case PeriodWeek:
		g = metric.Week
	case PeriodQuarter:
		g = metric.Quarter
	case PeriodYear:
		g = metric.Year
	}
	grid, _ := metric.NewGrid(g, loc)
	return grid
}

func (p *program) target(o Objective) (metric.Target, []metric.Target, error) {
	var ts []metric.Target
	conv := func(t Target) (metric.Target, error) {
		if t.Unit == UnitWall {
			if sp, ok := t.Span(); ok {
				return metric.Target{Span: sp}, nil
			}
			return metric.Target{Wall: t.Within}, nil
		}
		sp, ok := t.Span()
		if !ok {
			return metric.Target{}, fmt.Errorf("not a time target")
		}
		return metric.Target{Span: sp}, nil
	}
	if o.Target != nil {
		t, err := conv(*o.Target)
		if err != nil {
			return metric.Target{}, nil, err
		}
		ts = append(ts, t)
	}
	for _, st := range o.Targets {
		t, err := conv(st.Target)
		if err != nil {
			return metric.Target{}, nil, err
		}
		t.Value = st.When
		ts = append(ts, t)
	}
	return metric.Target{}, ts, nil
}

func (p *program) compileMetric(cv *cversion, co *cobj, v Version, excl map[string]Exclusion, cals map[string]*calendar.Calendar, path string) error {
	o := co.o
	m := o.Metric
	mpath := path + ".metric"
	if len(o.Targets) > 0 && m.Kind != "clock" && m.Kind != "volume" && m.Kind != "ratio" {
		return unsupported(path+".targets", "targets by attribute are supported on clocks, volumes and ratios only; give this "+m.Kind+" objective one target")
	}
	switch m.Kind {
	case "clock":
		c := m.Clock
		if c == nil {
			return &Error{Path: mpath + ".clock", Msg: "missing", Err: ErrMissing}
		}
		_, ts, err := p.target(o)
		if err != nil {
			return &Error{Path: path + ".target", Msg: err.Error(), Err: ErrUnit}
		}
		var spec metric.ClockSpec
		switch c.Preset {
		case "":
			spec = metric.ClockSpec{}
		case PresetFirstReply:
			spec = metric.FirstReplyTime(co.cal)
		case PresetNextReply:
			spec = metric.NextReplyTime(co.cal)
		case PresetPeriodicUpdate:
			spec = metric.PeriodicUpdate(co.cal)
		case PresetPausableUpdate:
			spec = metric.PausableUpdate(co.cal)
		case PresetRequesterWait:
			spec = metric.RequesterWaitTime(co.cal)
		case PresetAgentWork:
			spec = metric.AgentWorkTime(co.cal)
		case PresetResolution:
			spec = metric.FullResolutionTime(co.cal)
		default:
			return unsupported(mpath+".clock.preset", "unknown preset "+quote(c.Preset))
		}
		spec.Name = o.ID
		spec.Calendar = co.cal
		spec.Zone = p.loc
		spec.Targets = ts
		spec.TargetKey = o.TargetBy
		if o.TargetBy == "" && c.Preset != "" {
			spec.TargetKey = ""
		}
		p.track(spec.TargetKey, path+".targetBy")
		if len(c.Start) > 0 {
			spec.Start = conds(c.Start)
		}
		if len(c.Pause) > 0 {
			spec.Pause = conds(c.Pause)
		}
		if len(c.Resume) > 0 {
			spec.Resume = conds(c.Resume)
		}
		if len(c.Stop) > 0 {
			spec.Stop = conds(c.Stop)
		}
		if len(c.Reset) > 0 {
			spec.Reset = conds(c.Reset)
		}
		switch c.Restart {
		case RestartNewCycle:
			spec.Restart = metric.RestartNewCycle
		case RestartResume:
			spec.Restart = metric.RestartResume
		case RestartNever:
			spec.Restart = metric.RestartNever
		}
		for _, w := range c.Warnings {
			mw := metric.Warning{}
			if w.Percent != nil {
				mw.Percent = *w.Percent
			} else {
				d, _ := w.Before.Duration()
				mw.Before = d
			}
			spec.Warnings = append(spec.Warnings, mw)
		}
		clk, err := metric.NewClock(spec)
		if err != nil {
			return &Error{Path: mpath + ".clock", Msg: err.Error(), Err: ErrInvalid}
		}
		co.kind, co.clock, co.slot, co.startConds = kClock, clk, cv.nClocks, spec.Start
		co.nWarn, co.nCross = len(spec.Warnings), len(spec.Targets)
		co.resets = len(spec.Reset) > 0
		cv.nClocks++
	case "deadline":
		d := m.Deadline
		if d == nil || o.Target == nil {
			return &Error{Path: mpath + ".deadline", Msg: "a deadline needs its definition and one target", Err: ErrMissing}
		}
		if len(o.Targets) > 0 {
			return unsupported(path+".targets", "targets by attribute are not supported on deadlines; use one target")
		}
		dl, err := deadlineRule(*o.Target, co.cal, p.loc, path) // compile_target.go
		if err != nil {
			return err
		}
		co.deadline, co.done = dl, conds(d.Done)
		if d.Anchor.PeriodEnd != "" {
			co.kind = kDeadlinePeriod
			co.grid = gridOf(d.Anchor.PeriodEnd, p.loc)
			co.rolling = false
		} else {
			co.kind, co.anchor, co.slot = kDeadlineEvents, conds(d.Anchor.Events), cv.nDead
			cv.nDead++
		}
	case "availability":
		av := m.Availability
		if av == nil || o.Period == nil {
			return &Error{Path: mpath + ".availability", Msg: "availability needs its definition and a period", Err: ErrMissing}
		}
		if av.ErrorRate == nil {
			co.kind, co.slot = kAvailability, cv.nAvail
			cv.nAvail++
		}
		co.causeKey = av.CauseAttr
		if co.causeKey == "" {
			co.causeKey = "cause"
		}
		co.avail.Calendar = co.cal
		if d, ok := av.MinimumDowntime.Duration(); ok {
			co.avail.MinDowntime = d
		}
		switch av.Source {
		case SourceEvents:
			co.down, co.up = conds(av.Down), conds(av.Up)
		case SourceIntervals:
			co.intervals = conds(av.Downtime)
		default:
			return unsupported(mpath+".availability.source", "unknown source "+quote(av.Source))
		}
		for _, xid := range o.Exclusions {
			x := excl[xid]
			if x.Kind == ExcludeMaintenance && len(x.Events) > 0 {
				co.exclEvents = append(co.exclEvents, conds(x.Events)...)
				co.maintenanceTerms(x, p.loc, cals)
				continue
			}
			if x.Kind == ExcludeMaintenance && (!x.Notice.IsZero() || x.Window != "") {
				// Announced with the downtime itself: its "announced"
				// attribute says when; the window and notice are checked.
				co.maint = append(co.maint, x.Causes...)
				co.maintenanceTerms(x, p.loc, cals)
				continue
			}
			co.avail.ExcludedCauses = append(co.avail.ExcludedCauses, x.Causes...)
		}
		if o.Target == nil || o.Target.AtLeast == nil {
			return &Error{Path: path + ".target.atLeast", Msg: "availability needs an atLeast target", Err: ErrMissing}
		}
		co.levelLeast = o.Target.AtLeast
		if av.ErrorRate != nil {
			return compileErrorRate(co, av, av.ErrorRate, v.CalendarOf(o), mpath)
		}
	case "volume":
		vol := m.Volume
		if vol == nil || o.Period == nil {
			return &Error{Path: mpath + ".volume", Msg: "a volume needs its definition and a period", Err: ErrMissing}
		}
		vs := metric.VolumeSpec{Match: conds(vol.Events), SegmentKey: o.TargetBy, Sum: vol.Aggregate == AggregateSum}
		co.sum = vs.Sum
		add := func(seg string, t Target) {
			if t.AtLeast != nil {
				vs.Targets = append(vs.Targets, metric.VolumeTarget{Segment: seg, Bound: metric.AtLeast, Value: *t.AtLeast})
			}
			if t.AtMost != nil {
				vs.Targets = append(vs.Targets, metric.VolumeTarget{Segment: seg, Bound: metric.AtMost, Value: *t.AtMost})
			}
		}
		if o.Target != nil {
			add("", *o.Target)
		}
		for _, st := range o.Targets {
			add(st.When, st.Target)
		}
		vm, err := metric.NewVolume(vs)
		if err != nil {
			return &Error{Path: mpath + ".volume", Msg: err.Error(), Err: ErrInvalid}
		}
		co.kind, co.volume, co.volConds = kVolume, vm, vs.Match
	case "ratio":
		r := m.Ratio
		if r == nil || o.Period == nil || o.TargetBy == "" && (o.Target == nil || o.Target.AtLeast == nil) {
			return &Error{Path: mpath + ".ratio", Msg: "a ratio needs its definition, an atLeast target and a period", Err: ErrMissing}
		}
		co.kind, co.ratioOf = kRatio, r.Of
		co.ratioSpec = metric.RatioSpec{MinCount: int64(r.MinimumCount)}
		if o.TargetBy != "" {
			return p.compileSplit(co, path) // compliance_split.go
		}
		co.ratioSpec.Target = *o.Target.AtLeast
		co.levelLeast = o.Target.AtLeast
	case "percentile":
		pc := m.Percentile
		if pc == nil || o.Target == nil || o.Period == nil {
			return &Error{Path: mpath + ".percentile", Msg: "a percentile needs its definition, a target and a period", Err: ErrMissing}
		}
		co.kind, co.pctRank, co.pctOf, co.pctValues = kPercentile, pc.Rank, pc.Of, conds(pc.Values)
		co.pctSpec.Percentile = pc.Rank
		switch {
		case o.Target.AtMost != nil:
			co.pctSpec.Bound, co.pctSpec.Limit = metric.AtMost, *o.Target.AtMost
		case o.Target.AtLeast != nil:
			co.pctSpec.Bound, co.pctSpec.Limit = metric.AtLeast, *o.Target.AtLeast
		default:
			sp, ok := o.Target.Span()
			if !ok || sp.Unit == calendar.BusinessDays {
				return unsupported(path+".target", "a percentile of durations needs a target in hours, minutes or seconds")
			}
			co.pctSpec.Bound, co.pctSpec.Limit = metric.AtMost, decimal.NewFromInt(int64(sp.Duration)).Shift(-9)
		}
	default:
		return unsupported(mpath+".kind", "unknown metric kind "+quote(m.Kind))
	}
	return nil
}

// objsFor returns the indexes of the version's objectives that apply to
// subjects of type typ, in agreement order.
func (v *cversion) objsFor(typ string) []int {
	if idx, ok := v.forType[typ]; ok {
		return idx
	}
	return v.anyType
}

// maintenanceTerms sets the notice a maintenance exclusion x needs (a
// period with days or months becomes the duration it spans from 1 January
// 2000 in loc) and the window it must fall in.
func (co *cobj) maintenanceTerms(x Exclusion, loc *time.Location, cals map[string]*calendar.Calendar) {
	if d, ok := x.Notice.Duration(); ok {
		co.avail.MinNotice = d
	} else if !x.Notice.IsZero() {
		t0 := time.Date(2000, 1, 1, 0, 0, 0, 0, loc)
		t1, _ := x.Notice.AddTo(t0)
		co.avail.MinNotice = t1.Sub(t0)
	}
	if x.Window != "" {
		co.exclWindow = cals[x.Window]
	}
}
