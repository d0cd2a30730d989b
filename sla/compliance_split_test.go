package sla

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/period"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/slaeval/slaeval/metric"
	"github.com/slaeval/slaeval/penalty"
)

// splitEvents are the incidents of TestSplitCompliance (Stockholm, CET).
func splitEvents() []Event {
	var es []Event
	add := func(subj, kind, at string, attrs ...string) {
		es = append(es, evt(fmt.Sprint("e", len(es)+1), "incident", subj, kind, at, attrs...))
	}
	incident := func(id, prio, day, opened, responded string) {
		add(id, "incident-opened", "2026-"+day+"T"+opened+":00+01:00", "priority", prio)
		add(id, "incident-responded", "2026-"+day+"T"+responded+":00+01:00")
	}
	// Eight P1s answered in 20 minutes, one in 45 (breached).
	for i := range 8 {
		incident(fmt.Sprint("P1-", i), "P1", fmt.Sprintf("01-%02d", 12+i), "10:00", "10:20")
	}
	incident("P1-late", "P1", "01-22", "10:00", "10:45")
	// Opened as P2, raised to P1 five minutes later, answered after 20
	// minutes: a P1 (the latest value counts, as in scope tests), met.
	add("P1-raised", "incident-opened", "2026-01-23T10:00:00+01:00", "priority", "P2")
	add("P1-raised", "incident-updated", "2026-01-23T10:05:00+01:00", "priority", "P1")
	add("P1-raised", "incident-responded", "2026-01-23T10:20:00+01:00")
	// Nineteen P2s answered in 50 minutes, one after 2 hours (breached).
	for i := range 19 {
		incident(fmt.Sprint("P2-", i), "P2", fmt.Sprintf("02-%02d", 2+i), "09:00", "09:50")
	}
	incident("P2-late", "P2", "02-24", "09:00", "11:00")
	// A P4 is no value of the targets: in no segment.
	incident("P4-0", "P4", "02-25", "09:00", "15:00")
	return es
}

// TestSplitCompliance evaluates testdata/agreements/priority-compliance.json,
// whose clause follows Proact's incident service levels (lawinsider.com,
// "Incident service levels"): "Proact will respond to 98% of priority 1
// (P1) incidents per quarter year, within 30 minutes", "… 90% of priority
// 2 (P2) incidents per quarter year, within 1 hour", "… 85% of priority 3
// (P3) incidents per quarter year, within 4 working hours". One ratio over
// the one response clock, split by priority, with a credit of 5% of the
// month's EUR 4,000 when P1s fall below 98% (10% below 90%), and a step
// rule of 1% per full point below each priority's target.
//
// Derived by hand for Q1 2026 (final at 1 April 00:00, Stockholm):
//   - P1: 10 incidents (one raised from P2), 9 met → 100 × 9/10 = 90 <
//     98: missed. Tier "below 98" applies, "below 90" does not (90 is not
//     below 90) → 5% × 4,000 = 200. Step: 98 − 90 = 8 full points → 8% =
//     320.
//   - P2: 20 incidents, 19 met → 95 ≥ 90: achieved, no step credit.
//   - P3: no incident → not assessed, no outcome.
//   - The P4 incident counts in no row.
//
// The quarter's outcomes count in March, the month it ends with: 520.
func TestSplitCompliance(t *testing.T) {
	a := loadSeed(t, "priority-compliance.json")
	r, err := Evaluate(a, seq(splitEvents()), mustTime(t, "2026-04-01T00:00:00+02:00"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Input.Applied != int64(len(splitEvents())) {
		t.Fatalf("Input = %+v, want every event applied", r.Input)
	}
	d := func(s string) *decimal.Decimal { x := decimal.RequireFromString(s); return &x }
	q1 := metric.Period{Start: mustTime(t, "2026-01-01T00:00:00+01:00"), End: mustTime(t, "2026-04-01T00:00:00+02:00")}
	want := []PeriodReport{
		{Objective: "response-compliance", Version: "1", Period: q1, Final: true, Verdict: VerdictMissed, Attainment: d("90"), Met: 9, Missed: 1, By: "priority", Segment: "P1"},
		{Objective: "response-compliance", Version: "1", Period: q1, Final: true, Verdict: VerdictAchieved, Attainment: d("95"), Met: 19, Missed: 1, By: "priority", Segment: "P2"},
		{Objective: "response-compliance", Version: "1", Period: q1, Final: true, Verdict: VerdictNotAssessed, By: "priority", Segment: "P3"},
	}
	got := findPeriods(r, "response-compliance")
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("response-compliance periods (-want +got):\n%s", diff)
	}
	wantMonths := []string{
		"2026-01 EUR 0.00",
		"2026-02 EUR 0.00",
		"2026-03 EUR 520.00 [p1-credits EUR 200.00 → EUR 200.00] [shortfall[P1] EUR 320.00 → EUR 320.00]",
	}
	if diff := cmp.Diff(wantMonths, creditMonths(r)); diff != "" {
		t.Errorf("credit months (-want +got):\n%s", diff)
	}
	for _, l := range r.Penalties[len(r.Penalties)-1].Lines {
		if l.Objective != "response-compliance[P1]" {
			t.Errorf("line %s: objective %q, want response-compliance[P1]", l.Source, l.Objective)
		}
	}
	if want := penalty.MustParseMoney("EUR 520.00"); !r.Credit.Equal(want) {
		t.Errorf("total credit = %v, want %v", r.Credit, want)
	}
}

// TestSplitComplianceWhole: the objective as a whole is an outcome of its
// own for chronic clauses: missed in a quarter when any priority is.
// Here P1 is missed in Q1 (TestSplitCompliance), so "missed in 1 of any
// 1 quarter" arises at the end of March.
func TestSplitComplianceWhole(t *testing.T) {
	a := loadSeed(t, "priority-compliance.json")
	a.Versions[0].Chronic = []ChronicRule{{ID: "any-priority", Objective: "response-compliance", Missed: 1, OfAny: 1}}
	a.Term.ForCause = &ForCause{By: []string{"nordbank"}, Chronic: []string{"any-priority"}}
	r, err := Evaluate(a, seq(splitEvents()), mustTime(t, "2026-04-01T00:00:00+02:00"))
	if err != nil {
		t.Fatal(err)
	}
	checkRights(t, r, "any-priority 2026-03")

	// Caps are reached per value: a clause on a reached cap is refused.
	a.Versions[0].Objectives[1].Penalties[1].Caps = []Cap{{ID: "step-max", Over: CapPeriod, Limit: Amount{Percent: decimalPtr("5")}}}
	a.Versions[0].Chronic[0].CapReached = "step-max"
	_, err = NewEvaluator(a)
	var e *Error
	if !errors.Is(err, ErrUnsupported) || !errors.As(err, &e) || e.Path != "versions[0].chronicFailures[0].capReached" {
		t.Errorf("NewEvaluator(capReached on a split ratio) = %v, want ErrUnsupported at versions[0].chronicFailures[0].capReached", err)
	}
}

// TestSplitValidation: what a split ratio and a rule's when must be.
func TestSplitValidation(t *testing.T) {
	tests := []struct {
		name     string
		edit     func(*Objective)
		path     string
		sentinel error
	}{
		{"a target beside targets", func(o *Objective) { o.Target = &Target{AtLeast: decimalPtr("90")} }, "versions[0].objectives[1].target", ErrInvalid},
		{"a value without atLeast", func(o *Objective) { o.Targets[2].Target = Target{AtMost: decimalPtr("5")} }, "versions[0].objectives[1].targets[2].target.atLeast", ErrMissing},
		{"when names no value", func(o *Objective) { o.Penalties[0].When = "P9" }, "versions[0].objectives[1].penalties[0].when", ErrUnknownRef},
	}
	for _, tc := range tests {
		a := loadSeed(t, "priority-compliance.json")
		tc.edit(&a.Versions[0].Objectives[1])
		ps := Problems(a.Validate())
		if !slices.ContainsFunc(ps, func(p *Error) bool { return p.Path == tc.path && errors.Is(p, tc.sentinel) }) {
			t.Errorf("%s: Validate() = %v, want a problem at %s (%v)", tc.name, ps, tc.path, tc.sentinel)
		}
	}
	// when on an objective that is not split
	a := loadSeed(t, "rolling-credits.json")
	a.Versions[0].Objectives[0].Penalties[0].When = "P1"
	ps := Problems(a.Validate())
	if len(ps) != 1 || ps[0].Path != "versions[0].objectives[0].penalties[0].when" || !errors.Is(ps[0], ErrInvalid) {
		t.Errorf("Validate(when on availability) = %v, want ErrInvalid at versions[0].objectives[0].penalties[0].when", ps)
	}
}

// splitAgreement is priority-compliance.json with, for each priority v, a
// copy of the response clock scoped to priority == v and an unsplit ratio
// over it with v's target: "response-v" and "compliance-v".
// With oneTarget, the clock has one target for every priority instead of
// one per priority (so only the split and the scopes read the attribute).
func splitAgreement(t testing.TB, minCount int, oneTarget bool) Agreement {
	a := loadSeed(t, "priority-compliance.json")
	v := &a.Versions[0]
	clock, ratio := v.Objectives[0], v.Objectives[1]
	if oneTarget {
		clock.TargetBy, clock.Targets = "", nil
		clock.Target = &Target{Within: period.NewHMS(1, 0, 0), Unit: UnitWall}
	}
	ratio.Penalties = nil
	ratio.Metric.Ratio = &Ratio{Of: "response", MinimumCount: minCount}
	v.Objectives = []Objective{clock, ratio}
	for _, st := range ratio.Targets {
		c := clock
		c.ID = "response-" + st.When
		c.Scope = Scope{Subject: "incident", Where: []AttrTest{{Attr: "priority", Op: OpEquals, Values: []string{st.When}}}}
		r := ratio
		r.ID, r.TargetBy, r.Targets = "compliance-"+st.When, "", nil
		r.Target = &Target{AtLeast: st.Target.AtLeast}
		r.Metric.Ratio = &Ratio{Of: c.ID, MinimumCount: minCount}
		v.Objectives = append(v.Objectives, c, r)
	}
	return a
}

// TestPropSplitEqualsScoped: for random incident streams (priorities
// changed mid-life, some never answered, some retired, state handed over
// through Partial and Merge), the split ratio's row for priority v equals
// the unsplit ratio over a clock scoped to priority == v, in every
// period, as of any instant.
func TestPropSplitEqualsScoped(t *testing.T) {
	prios := []string{"P1", "P2", "P3", "P4", ""}
	var agreements []Agreement
	for _, one := range []bool{false, true} {
		for minCount := range 3 {
			agreements = append(agreements, splitAgreement(t, minCount, one))
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		a := agreements[rapid.IntRange(0, len(agreements)-1).Draw(t, "agreement")]
		ev, err := NewEvaluator(a)
		if err != nil {
			t.Fatal(err)
		}
		start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		n := rapid.IntRange(0, 25).Draw(t, "incidents")
		var es []Event
		var last time.Time
		for i := range n {
			id := fmt.Sprint("I", i)
			at := start.Add(time.Duration(rapid.IntRange(0, 150*24*60).Draw(t, "opened")) * time.Minute)
			var attrs []string
			if p := rapid.SampledFrom(prios).Draw(t, "priority"); p != "" {
				attrs = []string{"priority", p}
			}
			es = append(es, evt(id+"-o", "incident", id, "incident-opened", at.Format(time.RFC3339), attrs...))
			if rapid.Bool().Draw(t, "changed") {
				at = at.Add(time.Duration(rapid.IntRange(1, 60).Draw(t, "changeAfter")) * time.Minute)
				es = append(es, evt(id+"-u", "incident", id, "incident-updated", at.Format(time.RFC3339), "priority", rapid.SampledFrom(prios[:4]).Draw(t, "newPriority")))
			}
			if rapid.IntRange(0, 4).Draw(t, "answered") > 0 {
				at = at.Add(time.Duration(rapid.IntRange(0, 300).Draw(t, "answerAfter")) * time.Minute)
				es = append(es, evt(id+"-r", "incident", id, "incident-responded", at.Format(time.RFC3339)))
			}
			if at.After(last) {
				last = at
			}
		}
		slices.SortStableFunc(es, func(x, y Event) int { return x.At.Compare(y.At) })
		for _, e := range es {
			if err := ev.Apply(e); err != nil {
				t.Fatalf("Apply(%s) = %v", e.ID, err)
			}
		}
		for i := range n {
			if rapid.IntRange(0, 2).Draw(t, "retire") == 0 {
				_ = ev.Retire("incident", fmt.Sprint("I", i)) // ErrNotClosed for unanswered ones
			}
		}
		if rapid.Bool().Draw(t, "handOver") {
			if ev, err = Merge(a, ev.Partial()); err != nil {
				t.Fatalf("Merge(Partial()) = %v", err)
			}
		}
		asOf := start.Add(time.Duration(rapid.IntRange(0, 200*24).Draw(t, "asOfHours")) * time.Hour)
		if rapid.Bool().Draw(t, "afterAll") {
			asOf = last.Add(time.Hour)
		}
		r := ev.Report(asOf)
		scoped := map[string]PeriodReport{}
		for _, pr := range r.Periods {
			if v, ok := cutPrefix(pr.Objective, "compliance-"); ok {
				pr.Objective, pr.By, pr.Segment = "response-compliance", "priority", v
				scoped[v+" "+pr.Period.Start.String()] = pr
			}
		}
		rows := 0
		for _, pr := range findPeriods(r, "response-compliance") {
			rows++
			want, ok := scoped[pr.Segment+" "+pr.Period.Start.String()]
			if !ok {
				t.Fatalf("split row %s %v has no scoped twin", pr.Segment, pr.Period)
			}
			if diff := cmp.Diff(want, pr, cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })); diff != "" {
				t.Fatalf("%s %v: split row (-scoped +split):\n%s", pr.Segment, pr.Period, diff)
			}
		}
		if rows != len(scoped) {
			t.Fatalf("%d split rows, %d scoped rows", rows, len(scoped))
		}
	})
}

func cutPrefix(s, prefix string) (string, bool) {
	if len(s) > len(prefix) && s[:len(prefix)] == prefix {
		return s[len(prefix):], true
	}
	return "", false
}

// TestSplitHistory: months settled before the term name a split rule's
// credits as the report does, "rule[value]"; the rule's own ID names
// nothing settled.
func TestSplitHistory(t *testing.T) {
	for _, tc := range []struct {
		source string
		ok     bool
	}{{"shortfall[P1]", true}, {"p1-credits", true}, {"shortfall", false}, {"p1-credits[P1]", false}} {
		a := loadSeed(t, "priority-compliance.json")
		a.History = []SettledMonth{{Month: "2025-12", Credits: map[string]decimal.Decimal{tc.source: decimal.NewFromInt(40)}}}
		if err := a.Validate(); (err == nil) != tc.ok {
			t.Errorf("Validate(history crediting %q) = %v, want ok %v", tc.source, err, tc.ok)
		}
	}
}

// TestSplitRetiredSegment: a retired verdict carries its value in a
// partial, and a value the ratios do not split by is refused.
func TestSplitRetiredSegment(t *testing.T) {
	a := loadSeed(t, "priority-compliance.json")
	ev, err := NewEvaluator(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range splitEvents()[:2] { // P1-0, opened and answered
		if err := ev.Apply(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := ev.Retire("incident", "P1-0"); err != nil {
		t.Fatal(err)
	}
	pt := ev.Partial()
	if len(pt.Retired) != 1 || pt.Retired[0].Segment != "P1" {
		t.Fatalf("Partial().Retired = %+v, want one verdict of segment P1", pt.Retired)
	}
	pt.Retired[0].Segment = "P9"
	_, err = Merge(a, pt)
	var e *Error
	if !errors.Is(err, ErrCorrupt) || !errors.As(err, &e) || e.Path != "retired[0].segment" {
		t.Errorf("Merge(segment P9) = %v, want ErrCorrupt at retired[0].segment", err)
	}
}
