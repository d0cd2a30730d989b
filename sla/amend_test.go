package sla

import (
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
	"pgregory.net/rapid"
)

func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func mustLoad(t *testing.T, name string) Agreement {
	t.Helper()
	data := mustRead(t, "testdata/agreements/"+name)
	a, err := Decode(data)
	if err != nil {
		t.Fatalf("Decode(%s) = %v", name, err)
	}
	return a
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestInForce(t *testing.T) {
	saas := mustLoad(t, "saas-uptime.json")
	// saas: term [2026-01-01T05:00Z, 2028-01-01T05:00Z); version "1" from
	// the start, version "2" from 2026-07-01T04:00Z (midnight in New York).
	gappy := Agreement{
		Term: Term{EffectiveFrom: at("2026-01-01T00:00:00Z")},
		Versions: []Version{ // listed out of order on purpose
			{Version: "2", EffectiveFrom: at("2026-04-01T00:00:00Z")},
			{Version: "1", EffectiveFrom: at("2026-01-01T00:00:00Z"), EffectiveTo: at("2026-03-01T00:00:00Z")},
		},
	}
	tests := []struct {
		name   string
		a      Agreement
		t      time.Time
		want   int
		wantOK bool
		reason string
	}{
		{"before term", saas, at("2026-01-01T04:59:59Z"), -1, false, "no version before the term starts"},
		{"term start", saas, at("2026-01-01T05:00:00Z"), 0, true, "version 1 takes effect with the term"},
		{"just before amendment", saas, at("2026-07-01T03:59:59Z"), 0, true, "version 1 runs until version 2 starts"},
		{"amendment instant", saas, at("2026-07-01T04:00:00Z"), 1, true, "half-open: version 2 from its first instant"},
		{"late in term", saas, at("2027-12-31T12:00:00Z"), 1, true, "the last version runs to the term's end"},
		{"term end", saas, at("2028-01-01T05:00:00Z"), -1, false, "the term's end is exclusive"},
		{"explicit end", gappy, at("2026-02-28T23:59:59Z"), 1, true, "index 1 is version 1, in force until its effectiveTo"},
		{"gap", gappy, at("2026-03-15T00:00:00Z"), -1, false, "between version 1's effectiveTo and version 2"},
		{"after gap", gappy, at("2026-04-01T00:00:00Z"), 0, true, "index 0 is version 2, open-ended"},
		{"open-ended", gappy, at("2099-01-01T00:00:00Z"), 0, true, "no term end: the last version never ends"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := tc.a.InForce(tc.t)
			if got != tc.want || ok != tc.wantOK {
				t.Errorf("InForce(%v) = %d, %v, want %d, %v (%s)", tc.t, got, ok, tc.want, tc.wantOK, tc.reason)
			}
		})
	}
}

func TestVersionSpan(t *testing.T) {
	saas := mustLoad(t, "saas-uptime.json")
	tests := []struct {
		i        int
		from, to time.Time
		ok       bool
	}{
		{0, at("2026-01-01T05:00:00Z"), at("2026-07-01T04:00:00Z"), true},
		{1, at("2026-07-01T04:00:00Z"), at("2028-01-01T05:00:00Z"), true},
		{2, time.Time{}, time.Time{}, false},
		{-1, time.Time{}, time.Time{}, false},
	}
	for _, tc := range tests {
		from, to, ok := saas.VersionSpan(tc.i)
		if !from.Equal(tc.from) || !to.Equal(tc.to) || ok != tc.ok {
			t.Errorf("VersionSpan(%d) = %v, %v, %v, want %v, %v, %v", tc.i, from, to, ok, tc.from, tc.to, tc.ok)
		}
	}
}

// reviewed returns a with a review cycle of every, last reviewed on last.
func reviewed(a Agreement, last date.Date, every string) Agreement {
	a.Review.LastReviewed, a.Review.Every = last, period.MustParse(every)
	return a
}

func TestReview(t *testing.T) {
	desk := mustLoad(t, "support-desk.json") // last reviewed 2026-01-05, every P6M, Europe/London
	saas := mustLoad(t, "saas-uptime.json")  // never reviewed, every P1Y, term from midnight 2026-01-01 New York
	minimal := mustLoad(t, "minimal.json")   // no review cycle
	tests := []struct {
		name        string
		a           Agreement
		wantDue     date.Date
		wantOK      bool
		asOf        time.Time
		wantOverdue bool
		reason      string
	}{
		{"due day, last minute", desk, date.New(2026, 7, 5), true, at("2026-07-05T22:59:59Z"), false,
			"2026-01-05 + 6 months = 2026-07-05; 22:59:59Z is 23:59:59 BST on the due day"},
		{"day after due", desk, date.New(2026, 7, 5), true, at("2026-07-05T23:00:00Z"), true,
			"23:00Z is 00:00 BST on 2026-07-06, the day after the due date"},
		{"never reviewed", saas, date.New(2027, 1, 1), true, at("2027-01-02T04:59:59Z"), false,
			"the term starts 2026-01-01 in New York; + 1 year = 2027-01-01; 04:59:59Z on the 2nd is 23:59:59 EST on the 1st"},
		{"never reviewed, overdue", saas, date.New(2027, 1, 1), true, at("2027-01-02T05:00:00Z"), true,
			"00:00 EST on 2027-01-02"},
		{"no cycle", minimal, 0, false, at("2030-01-01T00:00:00Z"), false, "no review interval, never overdue"},
		{"six months after 31 December", reviewed(desk, date.New(2025, 12, 31), "P6M"), date.New(2026, 6, 30), true, at("2026-06-30T22:59:59Z"), false,
			"June has 30 days: 30 June, not 1 July; 22:59:59Z is 23:59:59 BST on the due day"},
		{"one year after 29 February", reviewed(saas, date.New(2028, 2, 29), "P1Y"), date.New(2029, 2, 28), true, at("2029-03-01T05:00:00Z"), true,
			"2029 is not a leap year: 28 February; 00:00 EST on 1 March is the day after"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			due, ok := tc.a.NextReviewDue()
			if due != tc.wantDue || ok != tc.wantOK {
				t.Errorf("NextReviewDue() = %v, %v, want %v, %v (%s)", due, ok, tc.wantDue, tc.wantOK, tc.reason)
			}
			if got := tc.a.ReviewOverdue(tc.asOf); got != tc.wantOverdue {
				t.Errorf("ReviewOverdue(%v) = %v, want %v (%s)", tc.asOf, got, tc.wantOverdue, tc.reason)
			}
		})
	}
}

func TestEarliestTerminationWithoutCause(t *testing.T) {
	desk := mustLoad(t, "support-desk.json")                // P3M at the end of a month, London, term to 2027-01-01T00:00Z
	internal := mustLoad(t, "sales-marketing-service.json") // P1M at the end of a quarter, London, open-ended
	tests := []struct {
		name   string
		a      Agreement
		notice time.Time
		want   time.Time
		reason string
	}{
		{"mid-month", desk, at("2026-02-10T12:00:00Z"), at("2026-05-31T23:00:00Z"),
			"12:00 GMT 10 Feb + 3 months = 12:00 BST 10 May; the month ends at 00:00 BST 1 June = 23:00Z 31 May"},
		{"on a month boundary", desk, at("2026-03-01T00:00:00Z"), at("2026-05-31T23:00:00Z"),
			"00:00 GMT 1 March + 3 months = 00:00 BST 1 June, already a month start"},
		{"past the term", desk, at("2026-11-01T00:00:00Z"), at("2027-01-01T00:00:00Z"),
			"1 Nov + 3 months is 1 Feb 2027, after the term ends on 1 Jan 2027"},
		{"quarter end", internal, at("2026-02-15T09:00:00Z"), at("2026-03-31T23:00:00Z"),
			"15 Feb + 1 month = 15 March; the quarter ends at 00:00 BST 1 April = 23:00Z 31 March"},
		{"notice from a month's last day", desk, at("2026-01-31T12:00:00Z"), at("2026-04-30T23:00:00Z"),
			"12:00 GMT 31 Jan + 3 months = 12:00 BST 30 April, April's last day (not 1 May, which would move the end to May's); April ends at 00:00 BST 1 May = 23:00Z 30 April"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.a.EarliestTerminationWithoutCause(tc.notice)
			if err != nil || !got.Equal(tc.want) {
				t.Errorf("EarliestTerminationWithoutCause(%v) = %v, %v, want %v (%s)", tc.notice, got, err, tc.want, tc.reason)
			}
		})
	}
	saas := mustLoad(t, "saas-uptime.json")
	if _, err := saas.EarliestTerminationWithoutCause(at("2026-02-01T00:00:00Z")); !errors.Is(err, ErrNoClause) {
		t.Errorf("EarliestTerminationWithoutCause without the clause = %v, want ErrNoClause", err)
	}
}

func TestTargetSpan(t *testing.T) {
	tests := []struct {
		within, unit string
		want         string // calendar.Span as unit/duration/days, "" when not ok
	}{
		{"PT24H", UnitBusiness, "1/24h0m0s/0"},
		{"PT27H30M", UnitBusiness, "1/27h30m0s/0"},
		{"P3D", UnitBusinessDays, "2/0s/3"},
		{"P1W2D", UnitBusinessDays, "2/0s/9"},
		{"PT4H", UnitWall, "0/4h0m0s/0"},
		{"P30D", UnitWall, ""},          // calendar days: length depends on DST
		{"P3D", UnitBusiness, ""},       // wrong unit
		{"PT36H", UnitBusinessDays, ""}, // wrong unit
		{"PT1H", "hours", ""},
	}
	for _, tc := range tests {
		tg := Target{Within: period.MustParse(tc.within), Unit: tc.unit}
		s, ok := tg.Span()
		got := ""
		if ok {
			got = fmt.Sprintf("%d/%v/%d", s.Unit, s.Duration, s.Days) // units: 0 wall, 1 business, 2 business days
		}
		if got != tc.want {
			t.Errorf("Target{%s %s}.Span() = %q, want %q", tc.within, tc.unit, got, tc.want)
		}
	}
}

// TestInForceWindow: the evaluator's check of an event's instant against
// the term and the versions, which keeps the span of its last answer, gives
// what a fresh evaluator (no span kept) gives, for sequences of instants on
// and around every boundary (term start and end, amendments), in any
// order.
func TestInForceWindow(t *testing.T) {
	desk := loadSeed(t, "support-desk.json")
	desk.Term.Renewal = nil // the term ends on 2027-01-01
	for _, a := range []Agreement{mustLoad(t, "saas-uptime.json"), desk, loadSeed(t, "support-desk.json")} {
		ev, err := NewEvaluator(a)
		if err != nil {
			t.Fatal(err)
		}
		var bounds []time.Time
		for i := range a.Versions {
			from, to, _ := a.VersionSpan(i)
			bounds = append(bounds, from, to)
		}
		bounds = append(bounds, a.Term.EffectiveFrom, a.Term.EffectiveTo)
		rapid.Check(t, func(t *rapid.T) {
			w := ev.Empty()
			for range rapid.IntRange(1, 40).Draw(t, "events") {
				b := rapid.SampledFrom(bounds).Draw(t, "bound")
				d := rapid.SampledFrom([]time.Duration{0, 1, -1, time.Second, -time.Second, 24 * time.Hour, -24 * time.Hour, 400 * 24 * time.Hour}).Draw(t, "offset")
				at := b.Add(d)
				gotV, gotErr := w.inForce(at)
				wantV, wantErr := ev.Empty().inForce(at)
				if gotV != wantV || gotErr != wantErr {
					t.Fatalf("inForce(%v) = %d, %v; a fresh evaluator says %d, %v", at, gotV, gotErr, wantV, wantErr)
				}
			}
		})
	}
}

// TestReviewIntervalWhole: a review interval with a fractional field has no
// date under the month-end rule ("P0.5Y" is not a number of months), so
// validation refuses it at its path instead of leaving the review never due.
func TestReviewIntervalWhole(t *testing.T) {
	a := reviewed(mustLoad(t, "support-desk.json"), date.New(2026, 1, 5), "P0.5Y")
	err := a.Validate()
	var e *Error
	if !errors.Is(err, ErrRange) || !errors.As(err, &e) || e.Path != "review.every" {
		t.Errorf("Validate() with review every P0.5Y = %v, want ErrRange at review.every", err)
	}
}
