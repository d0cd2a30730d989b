package main

// words.go holds every word the text and HTML reports show a person:
// statuses, durations, percentages, targets, money, rules and caps, the
// input accounting. Both renderers call these functions only, so the page
// and the text say the same thing in the same words. The JSON report keeps
// the library's machine form.

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/rickb777/period"
	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/penalty"
	"github.com/slaeval/slaeval/sla"
)

// Tones say how a word should look; the word itself always carries the
// meaning (colour is never the only signal).
const (
	toneGood = "good"
	toneBad  = "bad"
	toneWarn = "warn"
	toneNone = ""
)

// verdictWords says a period's verdict: met, missed, excused, not assessed;
// a period still running is pending, with how it stands so far.
func verdictWords(p sla.PeriodReport) (string, string) {
	if !p.Final {
		switch p.Verdict {
		case sla.VerdictMissed:
			return "pending (missed so far)", toneWarn
		case sla.VerdictAchieved:
			return "pending (met so far)", toneNone
		}
		return "pending", toneNone
	}
	switch p.Verdict {
	case sla.VerdictAchieved:
		return "met", toneGood
	case sla.VerdictMissed:
		return "missed", toneBad
	case sla.VerdictExcused:
		return "excused", toneNone
	}
	return "not assessed", toneNone
}

// statusWords says an obligation's status.
func statusWords(s string) (string, string) {
	switch s {
	case sla.StateMet:
		return "met", toneGood
	case sla.VerdictMissed:
		return "missed", toneBad
	case sla.StatePending:
		return "pending", toneWarn
	case "notMeasured":
		return "not measured", toneNone
	}
	return splitCamel(s), toneNone
}

// stateWords says the state of one item (a ticket's clock, a deadline).
func stateWords(state, phase string) string {
	switch state {
	case sla.StateNotStarted:
		return "not started"
	case sla.StateRunning:
		if phase == "paused" {
			return "paused"
		}
		return "running"
	case sla.StatePending:
		return "pending"
	case sla.StateMet:
		return "met"
	case sla.StateBreached:
		return "missed"
	}
	return splitCamel(state)
}

// durationWords says a wall-clock duration: "35 days 23 h" from a day up
// (to the hour), "4 h 46 min" below (to the minute), "40 s" under a minute.
func durationWords(d time.Duration) string {
	if d < 0 {
		return "−" + durationWords(-d)
	}
	if d >= 24*time.Hour {
		d = d.Round(time.Hour)
		days, h := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour)
		s := plural(days, "day", "days")
		if h > 0 {
			s += fmt.Sprintf(" %d h", h)
		}
		return s
	}
	return hoursWords(d)
}

// hoursWords says a duration in hours and minutes however long it is, as
// business time is (a business day has no fixed length): "30 h 45 min".
func hoursWords(d time.Duration) string {
	if d < 0 {
		return "−" + hoursWords(-d)
	}
	if d > 0 && d < time.Minute {
		return fmt.Sprintf("%d s", int(d.Round(time.Second)/time.Second))
	}
	d = d.Round(time.Minute)
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case h == 0:
		return fmt.Sprintf("%d min", m)
	case m == 0:
		return fmt.Sprintf("%d h", h)
	}
	return fmt.Sprintf("%d h %d min", h, m)
}

// lateWords says how late: "4 h 46 min late". Business time is said in
// hours; wall time in days and hours from a day up.
func lateWords(d time.Duration, business bool) string {
	if business {
		return hoursWords(d) + " late"
	}
	return durationWords(d) + " late"
}

// leftWords says the time left before a due instant.
func leftWords(d time.Duration, business bool) string {
	if d <= 0 {
		return "due now"
	}
	if business {
		return hoursWords(d) + " of business time left"
	}
	return durationWords(d) + " left"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// percentWords says a percentage to two decimal places without trailing
// zeros ("99.5 %", "100 %"), rounded half away from zero.
func percentWords(d decimal.Decimal) string {
	return trimZeros(d.Round(2).StringFixed(2)) + " %"
}

// percentAgainst says a percentage with as many places as it takes for the
// rounded figure to fall on the same side of the threshold as the exact one:
// 99.8999 against 99.9 reads "99.8999 %", never "99.9 %".
func percentAgainst(d, threshold decimal.Decimal) string {
	want := d.Cmp(threshold)
	for places := int32(2); places < 12; places++ {
		r := d.Round(places)
		if r.Cmp(threshold) == want {
			return trimZeros(r.StringFixed(places)) + " %"
		}
	}
	return d.String() + " %"
}

func trimZeros(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// numberWords says a decimal with thousands separators: "1,234.5".
func numberWords(d decimal.Decimal) string {
	s := d.String()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := b.String()
	if frac != "" {
		out += "." + frac
	}
	if neg {
		out = "−" + out
	}
	return out
}

// moneyWords says an amount with its currency and thousands separators:
// "GBP 1,000.00". The zero Money reads "none".
func moneyWords(m penalty.Money) string {
	if m.IsZero() {
		return "none"
	}
	s := m.String() // "GBP 1000.00", with the currency's minor unit
	cur, amount, ok := strings.Cut(s, " ")
	if !ok {
		amount, cur = cur, ""
	}
	neg := strings.HasPrefix(amount, "-")
	amount = strings.TrimPrefix(amount, "-")
	intPart, frac, _ := strings.Cut(amount, ".")
	grouped := numberWords(decimal.RequireFromString(intPart))
	if frac != "" {
		grouped += "." + frac
	}
	if neg {
		grouped = "−" + grouped
	}
	return strings.TrimSpace(cur + " " + grouped)
}

// periodWords says an ISO 8601 period: "30 days", "1 month", "1 h",
// "4 h 30 min", "2 weeks".
func periodWords(p period.Period) string {
	var parts []string
	add := func(n int, one, many string) {
		if n != 0 {
			parts = append(parts, plural(n, one, many))
		}
	}
	add(p.Years(), "year", "years")
	add(p.Months(), "month", "months")
	add(p.Weeks(), "week", "weeks")
	add(p.Days(), "day", "days")
	if h := p.Hours(); h != 0 {
		parts = append(parts, fmt.Sprintf("%d h", h))
	}
	if m := p.Minutes(); m != 0 {
		parts = append(parts, fmt.Sprintf("%d min", m))
	}
	if s := p.Seconds(); s != 0 {
		parts = append(parts, fmt.Sprintf("%d s", s))
	}
	if len(parts) == 0 {
		return "no time"
	}
	return strings.Join(parts, " ")
}

// withinWords says a time target: "24 business hours", "5 business days",
// "30 days", "1 h", "the end of the 10th business day".
func withinWords(t sla.Target) string {
	p := t.Within
	switch t.Unit {
	case sla.UnitBusiness:
		if p.Minutes() == 0 && p.Seconds() == 0 {
			return plural(p.Hours(), "business hour", "business hours")
		}
		return periodWords(p) + " of business time"
	case sla.UnitBusinessDays:
		return plural(p.DaysIncWeeks(), "business day", "business days")
	case sla.UnitBusinessDaysEnd:
		n := p.DaysIncWeeks()
		if n == 0 {
			return "the end of the same business day"
		}
		return "the end of the " + ordinal(n) + " business day after"
	}
	if t.By != "" {
		return t.By
	}
	return periodWords(p)
}

func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}

// isPercent reports whether an objective's level is a percentage.
func isPercent(kind string) bool {
	return kind == sla.KindAvailability || kind == sla.KindRatio
}

// levelWords says a level target: "≥ 99.9 %", "≥ 50", "≤ 200".
func levelWords(t sla.Target, percent bool) string {
	unit := ""
	if percent {
		unit = " %"
	}
	switch {
	case t.AtLeast != nil && t.AtMost != nil:
		return fmt.Sprintf("%s–%s%s", numberWords(*t.AtLeast), numberWords(*t.AtMost), unit)
	case t.AtLeast != nil:
		return "≥ " + numberWords(*t.AtLeast) + unit
	case t.AtMost != nil:
		return "≤ " + numberWords(*t.AtMost) + unit
	}
	return "within " + withinWords(t)
}

// targetWords says an objective's target for people: "within 24 business
// hours", "within 5 business days (urgent: 1 business day, high: 3
// business days)", "≥ 99.9 %", "A ≥ 50, B ≥ 50".
func targetWords(o sla.Objective) string {
	pct := isPercent(o.Metric.Kind)
	var segs []string
	for _, t := range o.Targets {
		w := levelWords(t.Target, pct)
		if t.Target.AtLeast == nil && t.Target.AtMost == nil {
			segs = append(segs, t.When+": "+strings.TrimPrefix(w, "within "))
		} else {
			segs = append(segs, t.When+" "+w)
		}
	}
	switch {
	case o.Target != nil && len(segs) > 0:
		return levelWords(*o.Target, pct) + " (" + strings.Join(segs, ", ") + ")"
	case o.Target != nil:
		return levelWords(*o.Target, pct)
	case len(segs) > 0:
		return strings.Join(segs, ", ")
	}
	return "no target"
}

// attainmentWords says an attainment against its level: "99.5 % (target ≥
// 99.9 %)"; without a level target just the percentage.
func attainmentWords(att decimal.Decimal, o sla.Objective) string {
	if o.Target != nil && o.Target.AtLeast != nil {
		return percentAgainst(att, *o.Target.AtLeast) + " (target " + levelWords(*o.Target, true) + ")"
	}
	return percentWords(att)
}

// reasonWords says why events were rejected, by the sla.Reason* key.
func reasonWords(key string) string {
	switch key {
	case sla.ReasonDuplicate:
		return "duplicates of events already applied"
	case sla.ReasonOutOfOrder:
		return "out of order for their subject"
	case sla.ReasonUnknownSubject:
		return "for a subject not seen before, starting nothing"
	case sla.ReasonUnknownType:
		return "of a subject type the agreement does not know"
	case sla.ReasonBeforeStart:
		return "before the agreement starts"
	case sla.ReasonAfterEnd:
		return "after the agreement ends"
	case sla.ReasonNotInForce:
		return "when no version of the agreement was in force"
	case sla.ReasonBadAttribute:
		return "with an attribute the agreement cannot read"
	case sla.ReasonMissingID:
		return "without an event ID"
	case sla.ReasonRetired:
		return "for a subject already closed and retired"
	}
	return splitCamel(key)
}

// accountWords says one counter of the input accounting by its JSON key:
// "applied", "duplicates" (skipped), "rejected", "ignored" (matched
// nothing). Unknown keys are split into words.
func accountWords(key string) string {
	switch key {
	case "applied":
		return "applied"
	case "duplicates":
		return "duplicates, skipped"
	case "rejected":
		return "rejected"
	case "ignored":
		return "ignored, matching nothing in the agreement"
	}
	return splitCamel(key)
}

// splitCamel turns an identifier into words: "notMeasured" → "not measured".
func splitCamel(s string) string {
	var b strings.Builder
	for i, r := range s {
		if unicode.IsUpper(r) && i > 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// capWindowWords says over what a cap's limit holds.
func capWindowWords(c sla.Cap) string {
	switch c.Over {
	case sla.CapPeriod:
		return "per month"
	case sla.CapRolling:
		return fmt.Sprintf("over any %d consecutive months", c.Periods)
	case sla.CapTotal:
		return "over the whole agreement"
	}
	return splitCamel(c.Over)
}

// amountWords says an agreement amount: "10 % of the charge", "USD 50,000.00".
func amountWords(a sla.Amount, currency string) string {
	switch {
	case a.Percent != nil:
		return numberWords(*a.Percent) + " % of the charge"
	case a.Fixed != nil:
		return moneyWords(penalty.New(*a.Fixed, penalty.Currency(currency)))
	}
	return "nothing"
}

// capWords names the cap a bite came from, as the agreement names it ("the
// cap monthly-cap"), or describes it when unnamed ("the cap on
// first-reply-late: 10 % of the charge per month"). The library names an
// unnamed cap by its path in the compiled schedule: "rules[i].caps[j]" is
// cap j of the line's own rule, "caps[j]" cap j of the version.
func capWords(v sla.Version, currency, rule, name string) string {
	describe := func(c sla.Cap) string {
		return amountWords(c.Limit, currency) + " " + capWindowWords(c)
	}
	for _, o := range v.Objectives {
		for _, r := range o.Penalties {
			for _, c := range r.Caps {
				if c.ID != "" && c.ID == name {
					return "the cap " + name + " (" + describe(c) + ")"
				}
			}
		}
	}
	for _, c := range v.Caps {
		if c.ID != "" && c.ID == name {
			return "the cap " + name + " (" + describe(c) + ")"
		}
	}
	var i, j int
	if _, err := fmt.Sscanf(name, "rules[%d].caps[%d]", &i, &j); err == nil {
		for _, o := range v.Objectives {
			for _, r := range o.Penalties {
				if r.ID == rule && j >= 0 && j < len(r.Caps) {
					return "the cap on " + rule + ": " + describe(r.Caps[j])
				}
			}
		}
	}
	if _, err := fmt.Sscanf(name, "caps[%d]", &j); err == nil && j >= 0 && j < len(v.Caps) {
		return "the agreement's cap: " + describe(v.Caps[j])
	}
	if rule == "atRisk" || name == "atRisk" {
		return "the at-risk pool's limit"
	}
	return "the cap " + name
}

// acctRow is one line of the input accounting.
type acctRow struct {
	words string
	n     int64
}

// accountingRows says the input accounting line by line from its JSON
// form, so every counter sla.Accounting has (applied, duplicates, rejected
// by reason, and any it gains, such as ignored events by kind) is shown
// without this code naming each field.
func accountingRows(a sla.Accounting) []acctRow {
	out := []acctRow{{accountWords("applied"), a.Applied}}
	if a.Duplicates != 0 {
		out = append(out, acctRow{accountWords("duplicates"), a.Duplicates})
	}
	head := "ignored"
	for _, ig := range a.Ignored {
		out = append(out, acctRow{fmt.Sprintf("%s: %s events of kind %q", head, ig.SubjectType, ig.Kind), ig.Count})
	}
	if a.IgnoredOther != 0 {
		out = append(out, acctRow{head + ": of further kinds", a.IgnoredOther})
	}
	for _, r := range slices.Sorted(maps.Keys(a.Rejected)) {
		if n := a.Rejected[r]; n != 0 {
			out = append(out, acctRow{accountWords("rejected") + ": " + reasonWords(r), n})
		}
	}
	return out
}

// version finds a version of the agreement by its label.
func (res *result) version(label string) sla.Version {
	for _, v := range res.agreement.Versions {
		if v.Version == label {
			return v
		}
	}
	return sla.Version{}
}

// rule finds a penalty rule of a version by its ID.
func rule(v sla.Version, id string) (sla.PenaltyRule, bool) {
	for _, o := range v.Objectives {
		for _, r := range o.Penalties {
			if r.ID == id {
				return r, true
			}
		}
	}
	return sla.PenaltyRule{}, false
}

// lateUnitWords says the unit a perUnitLate rule counts: "started business
// hours", "full days", "hours (fractions counted)".
func lateUnitWords(r sla.PenaltyRule) string {
	unit := periodWords(r.Per)
	switch unit {
	case "1 h":
		unit = "hours"
	case "1 min":
		unit = "minutes"
	case "1 day":
		unit = "days"
	default:
		unit = "units of " + unit
	}
	if r.Unit == sla.UnitBusiness || r.Unit == sla.UnitBusinessDays {
		unit = "business " + unit
	}
	switch r.Count {
	case "started":
		return "started " + unit
	case "full":
		return "full " + unit
	case "fraction":
		return unit + " (fractions counted)"
	}
	return unit
}

// lineSteps explains a credit or bonus line step by step: what happened,
// the arithmetic, each cap that cut it, its conditions, and the amount.
func (res *result) lineSteps(version string, l penalty.Line) []string {
	v := res.version(version)
	r, _ := rule(v, l.Source)
	var steps []string
	switch l.Kind {
	case penalty.TierLine:
		steps = append(steps, fmt.Sprintf("attainment %s is below %s %% (tier %d)", percentAgainst(l.Attainment, l.Threshold), numberWords(l.Threshold), l.Tier))
	case penalty.BonusLine:
		steps = append(steps, fmt.Sprintf("attainment %s is at least %s %% (bonus tier %d)", percentAgainst(l.Attainment, l.Threshold), numberWords(l.Threshold), l.Tier))
	case penalty.StepLine:
		size := ""
		if r.Step != nil {
			size = " of " + plural(int(r.Step.IntPart()), "point", "points")
			if !r.Step.Equal(r.Step.Truncate(0)) {
				size = " of " + numberWords(*r.Step) + " points"
			}
		}
		steps = append(steps, fmt.Sprintf("attainment %s is %s full steps%s below %s %%", percentWords(l.Attainment), numberWords(l.Units), size, numberWords(l.Threshold)))
	case penalty.PerBreachLine:
		steps = append(steps, numberWords(l.Units)+" late items (breaches that count)")
	case penalty.PerLateLine:
		steps = append(steps, numberWords(l.Units)+" "+lateUnitWords(r)+" late, over all late items")
	case penalty.PoolLine:
		share := "the objective was missed: its share of the at-risk pool"
		if ar := v.AtRisk; ar != nil {
			for _, w := range ar.Weights {
				if w.Objective == l.Objective {
					share += fmt.Sprintf(" (%s %% of the invoice at risk × %s %% allocated × %s %% weight)", numberWords(ar.Percent), numberWords(ar.PoolAllocation), numberWords(w.Percent))
				}
			}
		}
		steps = append(steps, share)
	case penalty.ChronicLine:
		steps = append(steps, "chronic failure under clause "+l.Source)
	}
	mult := ""
	if l.Kind == penalty.StepLine || l.Kind == penalty.PerBreachLine || l.Kind == penalty.PerLateLine {
		mult = numberWords(l.Units) + " × "
	}
	if l.Rate.IsAmount() {
		steps = append(steps, mult+moneyWords(l.Rate.Amount)+" = "+moneyWords(l.Raw))
	} else {
		steps = append(steps, mult+numberWords(l.Rate.Percent)+" % of the charge "+moneyWords(l.Base)+" = "+moneyWords(l.Raw))
	}
	for _, bt := range l.Bites {
		steps = append(steps, fmt.Sprintf("cut by %s to the %s left under %s", moneyWords(bt.By), moneyWords(bt.Room), capWords(v, res.agreement.Currency, l.Source, bt.Cap)))
	}
	for _, cd := range []struct {
		c     penalty.Condition
		words string
	}{
		{penalty.Excused, "excused: the other party's failure caused it, no credit"},
		{penalty.EarnedBack, "earned back: the objective was met in the periods that followed"},
		{penalty.EarnBackPending, "may still be earned back if the next periods are met"},
		{penalty.BelowMinimum, "below the claim minimum: not issued"},
	} {
		if l.Conditions.Has(cd.c) {
			steps = append(steps, cd.words)
		}
	}
	if l.Conditions.Has(penalty.Rounded) {
		steps = append(steps, "rounded from "+moneyWords(l.Exact))
	}
	if l.Kind == penalty.BonusLine {
		steps = append(steps, "bonus "+moneyWords(l.Amount))
	} else {
		steps = append(steps, "credit "+moneyWords(l.Amount))
	}
	return steps
}
