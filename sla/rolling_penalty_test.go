package sla

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/slaeval/slaeval/metric"
	"github.com/slaeval/slaeval/penalty"
)

// rollingEvents are the outages of TestRollingPenalties: 5 hours on 10
// January and 8 hours on 15 March 2026 (UTC).
func rollingEvents() []Event {
	var es []Event
	outage := func(from, to string) {
		n := len(es)
		es = append(es,
			evt(fmt.Sprint("e", n+1), "service", "ivr", "down", from, "service", "ivr"),
			evt(fmt.Sprint("e", n+2), "service", "ivr", "up", to, "service", "ivr"))
	}
	outage("2026-01-10T00:00:00Z", "2026-01-10T05:00:00Z")
	outage("2026-03-15T10:00:00Z", "2026-03-15T18:00:00Z")
	return es
}

// TestRollingPenalties evaluates testdata/agreements/rolling-credits.json:
// availability of at least 99.5% over the rolling two months ending with
// each month ({"kind": "rolling", "length": "P2M", "every": "month"}),
// 10% of that month's fee (EUR 2,000) below it, at most EUR 300 in any
// three consecutive months. The clause follows the TELUS IVR platform
// agreement (Ilink Telecom, via markettransfer.info, "Calculation of
// Service Level Credits"): "IVR Service Availability will be calculated
// each month but averaged with the previous month's IVR Service
// Availability. If there is no data available for the previous month the
// current month data will be used with no averaging applied." Here the
// two months are measured together (downtime over their service time),
// and the first window of the term is January alone.
//
// Derived by hand (UTC, hours of the window, 100 × up / total, truncated
// to 12 places as metric.Precision says):
//   - ends 1 Feb: [1 Jan, 1 Feb), 744 h, 5 h down → 99.327956989247 <
//     99.5 → 10% × 2,000 = 200; cap room 300 → 200.
//   - ends 1 Mar: [1 Jan, 1 Mar), 1,416 h, 5 h down → 99.646892655367:
//     met, no credit (a calendar month objective would have judged
//     January alone and February at 100%).
//   - ends 1 Apr: [1 Feb, 1 Apr), 1,416 h, 8 h down → 99.435028248587 →
//     200; cap room 300 − (200 + 0) = 100 → 100.
//   - ends 1 May: [1 Mar, 1 May), 1,464 h, the same 8 h → 99.453551912568
//     → 200 (the March outage is in this window too: "any rolling two
//     months"); cap room 300 − (0 + 100) = 200 → 200.
//   - ends 1 Jun: [1 Apr, 1 Jun), no downtime → met.
//
// Each assessment is charged once, in the month its window ends with:
// 200 + 0 + 100 + 200 + 0 = 500.
func TestRollingPenalties(t *testing.T) {
	a := loadSeed(t, "rolling-credits.json")
	r, err := Evaluate(a, seq(rollingEvents()), mustTime(t, "2026-06-01T00:00:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		From, To, Verdict, Attainment string
		Final                         bool
	}
	var got []row
	for _, pr := range r.Periods {
		g := row{From: pr.Period.Start.Format(time.DateOnly), To: pr.Period.End.Format(time.DateOnly), Verdict: pr.Verdict, Final: pr.Final}
		if pr.Attainment != nil {
			g.Attainment = pr.Attainment.String()
		}
		got = append(got, g)
	}
	want := []row{
		{"2026-01-01", "2026-02-01", VerdictMissed, "99.327956989247", true},
		{"2026-01-01", "2026-03-01", VerdictAchieved, "99.646892655367", true},
		{"2026-02-01", "2026-04-01", VerdictMissed, "99.435028248587", true},
		{"2026-03-01", "2026-05-01", VerdictMissed, "99.453551912568", true},
		{"2026-04-01", "2026-06-01", VerdictAchieved, "100", true},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("assessments (-want +got):\n%s", diff)
	}
	wantLines := []string{
		"2026-01 EUR 200.00 [ivr-credits EUR 200.00 → EUR 200.00]",
		"2026-02 EUR 0.00",
		"2026-03 EUR 100.00 [ivr-credits EUR 200.00 → EUR 100.00]",
		"2026-04 EUR 200.00 [ivr-credits EUR 200.00 → EUR 200.00]",
		"2026-05 EUR 0.00",
	}
	if diff := cmp.Diff(wantLines, creditMonths(r)); diff != "" {
		t.Errorf("credit months (-want +got):\n%s", diff)
	}
	if want := penalty.MustParseMoney("EUR 500.00"); !r.Credit.Equal(want) {
		t.Errorf("total credit = %v, want %v", r.Credit, want)
	}
}

// TestRollingPenaltiesRunning: between boundaries the window ending at the
// report's instant is listed after the assessments, not final and
// carrying no credit; at a boundary it is the assessment itself, listed
// once.
func TestRollingPenaltiesRunning(t *testing.T) {
	a := loadSeed(t, "rolling-credits.json")
	ev, err := NewEvaluator(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range rollingEvents() {
		if err := ev.Apply(e); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name, asOf string
		want       []string // from–to final
		credits    int      // credit months
	}{
		{"at a boundary", "2026-02-01T00:00:00Z", []string{"2026-01-01–2026-02-01 true"}, 1},
		{"a day later", "2026-02-02T00:00:00Z", []string{"2026-01-01–2026-02-01 true", "2026-01-01–2026-02-02 false"}, 1},
		// The window ending 15 March 12:00 reaches back to 15 January 12:00.
		{"mid-March", "2026-03-15T12:00:00Z", []string{"2026-01-01–2026-02-01 true", "2026-01-01–2026-03-01 true", "2026-01-15–2026-03-15 false"}, 2},
	}
	for _, tc := range tests {
		r := ev.Report(mustTime(t, tc.asOf))
		var got []string
		for _, pr := range r.Periods {
			got = append(got, fmt.Sprintf("%s–%s %v", pr.Period.Start.Format(time.DateOnly), pr.Period.End.Format(time.DateOnly), pr.Final))
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s: periods (-want +got):\n%s", tc.name, diff)
		}
		if len(r.Penalties) != tc.credits {
			t.Errorf("%s: %d credit months, want %d", tc.name, len(r.Penalties), tc.credits)
		}
	}
	// NextChange wakes the host at the boundary, when the window ending
	// there becomes final, and a nanosecond later, when the next window
	// appears.
	mid := mustTime(t, "2026-02-15T00:00:00Z")
	if got, ok := ev.NextChange(mid); !ok || !got.Equal(mustTime(t, "2026-03-01T00:00:00Z")) {
		t.Errorf("NextChange(15 Feb) = %v, %v; want 1 Mar", got, ok)
	}
	b := mustTime(t, "2026-03-01T00:00:00Z")
	if got, ok := ev.NextChange(b); !ok || !got.Equal(b.Add(1)) {
		t.Errorf("NextChange(1 Mar) = %v, %v; want 1 Mar + 1 ns", got, ok)
	}
}

// TestRollingWindowClippedWithoutEvery: a rolling window starts no
// earlier than the term whether the agreement asks for
// assessments (every) or not, so the same window is the same figure both
// ways. rolling-credits.json without its penalties, with and without
// "every", as of 20 January 2026: the two-month window would reach back
// to 20 November 2025, before the term; clipped it is [1 Jan, 20 Jan),
// 456 h with the 5 h outage of 10 January: 100 × 451 / 456 =
// 98.903508771929 (truncated to 12 places; by hand, and Python Decimal).
func TestRollingWindowClippedWithoutEvery(t *testing.T) {
	asOf := mustTime(t, "2026-01-20T00:00:00Z")
	for _, every := range []string{"month", ""} {
		a := loadSeed(t, "rolling-credits.json")
		o := &a.Versions[0].Objectives[0]
		o.Penalties, o.Period.Every = nil, every
		r, err := Evaluate(a, seq(rollingEvents()), asOf)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Periods) != 1 {
			t.Fatalf("every %q: %d periods, want 1", every, len(r.Periods))
		}
		pr := r.Periods[0]
		want := metric.Period{Start: mustTime(t, "2026-01-01T00:00:00Z"), End: asOf}
		if !pr.Period.Start.Equal(want.Start) || !pr.Period.End.Equal(want.End) {
			t.Errorf("every %q: window = %v, want %v", every, pr.Period, want)
		}
		if pr.Attainment == nil || pr.Attainment.String() != "98.903508771929" {
			t.Errorf("every %q: attainment = %v, want 98.903508771929", every, pr.Attainment)
		}
	}
}

// TestRollingPenaltiesRefused: what a rolling period with penalties
// cannot be, each reported at its path.
func TestRollingPenaltiesRefused(t *testing.T) {
	tests := []struct {
		name     string
		edit     func(*PeriodSpec)
		path     string
		sentinel error
		validate bool // reported by Validate (else only by NewEvaluator)
	}{
		{"never assessed", func(p *PeriodSpec) { p.Every = "" }, "versions[0].objectives[0].period.every", ErrMissing, true},
		{"unknown grid", func(p *PeriodSpec) { p.Every = "fortnight" }, "versions[0].objectives[0].period.every", ErrInvalid, true},
		{"every on a calendar period", func(p *PeriodSpec) { *p = PeriodSpec{Kind: PeriodMonth, Every: PeriodMonth} }, "versions[0].objectives[0].period.every", ErrInvalid, true},
		{"weekly assessments", func(p *PeriodSpec) { p.Every = PeriodWeek }, "versions[0].objectives[0].period.every", ErrUnsupported, false},
		{"quarterly assessments", func(p *PeriodSpec) { p.Every = PeriodQuarter }, "versions[0].objectives[0].period.every", ErrUnsupported, false},
	}
	for _, tc := range tests {
		a := loadSeed(t, "rolling-credits.json")
		tc.edit(a.Versions[0].Objectives[0].Period)
		ps := Problems(a.Validate())
		if tc.validate {
			if len(ps) != 1 || ps[0].Path != tc.path || !errors.Is(ps[0], tc.sentinel) {
				t.Errorf("%s: Validate() = %v, want one problem at %s (%v)", tc.name, ps, tc.path, tc.sentinel)
			}
			continue
		}
		if len(ps) != 0 {
			t.Errorf("%s: Validate() = %v, want none", tc.name, ps)
		}
		_, err := NewEvaluator(a)
		var e *Error
		if !errors.Is(err, tc.sentinel) || !errors.As(err, &e) || e.Path != tc.path {
			t.Errorf("%s: NewEvaluator() = %v, want %v at %s", tc.name, err, tc.sentinel, tc.path)
		}
	}
	// Without penalties a rolling period may be assessed weekly.
	a := loadSeed(t, "rolling-credits.json")
	a.Versions[0].Objectives[0].Penalties = nil
	a.Versions[0].Objectives[0].Period.Every = PeriodWeek
	if _, err := NewEvaluator(a); err != nil {
		t.Errorf("NewEvaluator(weekly assessments without penalties) = %v, want nil", err)
	}
}

// creditMonths lists r's credit months as "2026-01 EUR 200.00", each line
// after it as "[source raw → amount]".
func creditMonths(r Report) []string {
	var out []string
	for _, pp := range r.Penalties {
		s := pp.Period.Start.Format("2006-01") + " " + pp.Credit.String()
		for _, l := range pp.Lines {
			s += " [" + l.Source + " " + l.Raw.String() + " → " + l.Amount.String() + "]"
		}
		out = append(out, s)
	}
	return out
}

// TestPeriodBudgetRowsPerAssessmentAndValue: Limits.PeriodResults counts
// a rolling objective's assessments and a split ratio's rows per value.
// By the bound periodsOf documents: rolling-credits.json runs 12 months,
// so its monthly assessments count 12 + 2 = 14 (1 without every);
// priority-compliance.json runs 24 months: the response clock per month
// 24 + 2 = 26, the quarterly ratio 26/3 + 2 = 10 quarters × 3 priorities
// = 30, in all 56 (36 if the values were not counted).
func TestPeriodBudgetRowsPerAssessmentAndValue(t *testing.T) {
	tests := []struct {
		file  string
		limit int
		ok    bool
	}{
		{"rolling-credits.json", 14, true},
		{"rolling-credits.json", 13, false},
		{"priority-compliance.json", 56, true},
		{"priority-compliance.json", 55, false},
	}
	for _, tc := range tests {
		a := loadSeed(t, tc.file)
		err := Options{Limits: Limits{PeriodResults: tc.limit}}.Validate(a)
		if (err == nil) != tc.ok || err != nil && !errors.Is(err, ErrLimit) {
			t.Errorf("%s with PeriodResults %d: Validate() = %v, want ok %v", tc.file, tc.limit, err, tc.ok)
		}
	}
}
