package main

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/period"
	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/penalty"
	"github.com/slaeval/slaeval/sla"
)

// The expected words below are written by hand from the rules stated in
// words.go (days and hours from a day up, to the hour; hours and minutes
// below; business time always in hours).

func TestDurationWords(t *testing.T) {
	tests := []struct {
		name string
		d    time.Duration
		want string
	}{
		{"zero", 0, "0 min"},
		{"seconds", 40 * time.Second, "40 s"},
		{"minutes", 45 * time.Minute, "45 min"},
		{"whole hours", 2 * time.Hour, "2 h"},
		{"the issue's lateness", 4*time.Hour + 46*time.Minute, "4 h 46 min"},
		{"rounds to the minute", 4*time.Hour + 46*time.Minute + 31*time.Second, "4 h 47 min"},
		// 863 h = 35 × 24 h + 23 h: the 30-day deadline.
		{"the issue's 863 h", 863 * time.Hour, "35 days 23 h"},
		{"one day", 24 * time.Hour, "1 day"},
		// 1 day 1 h 40 min rounds to the hour: 1 day 2 h.
		{"rounds to the hour from a day", 25*time.Hour + 40*time.Minute, "1 day 2 h"},
		{"negative", -90 * time.Minute, "−1 h 30 min"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := durationWords(tc.d); got != tc.want {
				t.Errorf("durationWords(%v) = %q, want %q", tc.d, got, tc.want)
			}
		})
	}
}

func TestHoursAndLateWords(t *testing.T) {
	tests := []struct {
		name     string
		d        time.Duration
		business bool
		late     string
		left     string
	}{
		// Business time never turns into days: 30 h 45 min of support
		// hours is about two business days, not 1 day 7 h.
		{"business", 30*time.Hour + 45*time.Minute, true, "30 h 45 min late", "30 h 45 min of business time left"},
		{"wall", 30*time.Hour + 45*time.Minute, false, "1 day 7 h late", "1 day 7 h left"},
		{"nothing left", 0, false, "0 min late", "due now"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := lateWords(tc.d, tc.business); got != tc.late {
				t.Errorf("lateWords(%v, %v) = %q, want %q", tc.d, tc.business, got, tc.late)
			}
			if got := leftWords(tc.d, tc.business); got != tc.left {
				t.Errorf("leftWords(%v, %v) = %q, want %q", tc.d, tc.business, got, tc.left)
			}
		})
	}
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }
func decp(s string) *decimal.Decimal {
	d := dec(s)
	return &d
}

func TestPercentWords(t *testing.T) {
	tests := []struct {
		name, d, threshold, want string
	}{
		{"the issue's example", "99.5", "99.9", "99.5 %"},
		{"two places", "92.825112107623", "100", "92.83 %"},
		{"whole", "100", "99.9", "100 %"},
		// 99.8999 rounds to 99.9 at two places, which would read as met:
		// it takes four places to stay below.
		{"never rounds onto the target", "99.8999", "99.9", "99.8999 %"},
		// 99.94999 rounds to 99.95 at two and three places; four give 99.95
		// too (half away from zero): five places, 99.94999.
		{"below by a hair", "99.94999", "99.95", "99.94999 %"},
		{"above stays above", "99.90001", "99.9", "99.90001 %"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := percentAgainst(dec(tc.d), dec(tc.threshold)); got != tc.want {
				t.Errorf("percentAgainst(%s, %s) = %q, want %q", tc.d, tc.threshold, got, tc.want)
			}
		})
	}
	if got := attainmentWords(dec("99.5"), sla.Objective{Metric: sla.Metric{Kind: sla.KindAvailability}, Target: &sla.Target{AtLeast: decp("99.9")}}); got != "99.5 % (target ≥ 99.9 %)" {
		t.Errorf("attainmentWords(99.5, ≥ 99.9) = %q, want %q", got, "99.5 % (target ≥ 99.9 %)")
	}
}

func TestTargetWords(t *testing.T) {
	p := period.MustParse[string]
	tests := []struct {
		name string
		o    sla.Objective
		want string
	}{
		{"business hours", sla.Objective{Metric: sla.Metric{Kind: sla.KindClock}, Target: &sla.Target{Within: p("PT24H"), Unit: sla.UnitBusiness}}, "within 24 business hours"},
		{"business time with minutes", sla.Objective{Metric: sla.Metric{Kind: sla.KindClock}, Target: &sla.Target{Within: p("PT4H30M"), Unit: sla.UnitBusiness}}, "within 4 h 30 min of business time"},
		{"the issue's business days", sla.Objective{Metric: sla.Metric{Kind: sla.KindDeadline}, Target: &sla.Target{Within: p("P5D"), Unit: sla.UnitBusinessDays}}, "within 5 business days"},
		{"one business day", sla.Objective{Metric: sla.Metric{Kind: sla.KindDeadline}, Target: &sla.Target{Within: p("P1D"), Unit: sla.UnitBusinessDays}}, "within 1 business day"},
		{"end of a business day", sla.Objective{Metric: sla.Metric{Kind: sla.KindDeadline}, Target: &sla.Target{Within: p("P10D"), Unit: sla.UnitBusinessDaysEnd}}, "within the end of the 10th business day after"},
		{"wall days", sla.Objective{Metric: sla.Metric{Kind: sla.KindDeadline}, Target: &sla.Target{Within: p("P30D"), Unit: sla.UnitWall}}, "within 30 days"},
		{"wall hour", sla.Objective{Metric: sla.Metric{Kind: sla.KindClock}, Target: &sla.Target{Within: p("PT1H"), Unit: sla.UnitWall}}, "within 1 h"},
		{"the issue's percentage", sla.Objective{Metric: sla.Metric{Kind: sla.KindRatio}, Target: &sla.Target{AtLeast: decp("95")}}, "≥ 95 %"},
		{"a count is no percentage", sla.Objective{Metric: sla.Metric{Kind: sla.KindVolume}, Targets: []sla.SegmentTarget{
			{When: "A", Target: sla.Target{AtLeast: decp("50")}}, {When: "B", Target: sla.Target{AtLeast: decp("1000")}}}}, "A ≥ 50, B ≥ 1,000"},
		{"per priority", sla.Objective{Metric: sla.Metric{Kind: sla.KindClock}, Target: &sla.Target{Within: p("P5D"), Unit: sla.UnitBusinessDays}, Targets: []sla.SegmentTarget{
			{When: "urgent", Target: sla.Target{Within: p("P1D"), Unit: sla.UnitBusinessDays}}, {When: "high", Target: sla.Target{Within: p("P3D"), Unit: sla.UnitBusinessDays}}}},
			"within 5 business days (urgent: 1 business day, high: 3 business days)"},
		{"at most", sla.Objective{Metric: sla.Metric{Kind: sla.KindPercentile}, Target: &sla.Target{AtMost: decp("200")}}, "≤ 200"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := targetWords(tc.o); got != tc.want {
				t.Errorf("targetWords(%s) = %q, want %q", tc.name, got, tc.want)
			}
		})
	}
}

func TestStatusWords(t *testing.T) {
	verdict := func(v string, final bool) string {
		w, _ := verdictWords(sla.PeriodReport{Verdict: v, Final: final})
		return w
	}
	obligation := func(s string) string { w, _ := statusWords(s); return w }
	tests := []struct{ name, got, want string }{
		{"achieved", verdict(sla.VerdictAchieved, true), "met"},
		{"missed", verdict(sla.VerdictMissed, true), "missed"},
		{"excused", verdict(sla.VerdictExcused, true), "excused"},
		{"not assessed", verdict(sla.VerdictNotAssessed, true), "not assessed"},
		{"running, missed so far", verdict(sla.VerdictMissed, false), "pending (missed so far)"},
		{"running", verdict(sla.VerdictNotAssessed, false), "pending"},
		{"the issue's notMeasured", obligation("notMeasured"), "not measured"},
		{"clock running", stateWords(sla.StateRunning, "running"), "running"},
		{"clock paused", stateWords(sla.StateRunning, "paused"), "paused"},
		{"breached", stateWords(sla.StateBreached, ""), "missed"},
		{"unknown state", stateWords("waitingOnThirdParty", ""), "waiting on third party"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}

func TestMoneyAndNumberWords(t *testing.T) {
	tests := []struct{ name, got, want string }{
		{"thousands", moneyWords(penalty.MustParseMoney("USD 10000.00")), "USD 10,000.00"},
		{"millions", moneyWords(penalty.MustParseMoney("GBP 1234567.5")), "GBP 1,234,567.50"},
		{"small", moneyWords(penalty.MustParseMoney("GBP 2.5")), "GBP 2.50"},
		{"zero Money", moneyWords(penalty.Money{}), "none"},
		{"number", numberWords(dec("1000")), "1,000"},
		{"number with a fraction", numberWords(dec("12345.678")), "12,345.678"},
		{"short number", numberWords(dec("999")), "999"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, tc.got, tc.want)
		}
	}
}

// TestCapWords: a cap is named as the agreement names it, or described
// when unnamed; the library's paths ("rules[0].caps[1]") never reach the
// reader.
func TestCapWords(t *testing.T) {
	v := sla.Version{
		Objectives: []sla.Objective{{ID: "uptime", Penalties: []sla.PenaltyRule{{ID: "uptime-credits", Caps: []sla.Cap{
			{Over: sla.CapPeriod, Limit: sla.Amount{Percent: decp("50")}},
			{Over: sla.CapRolling, Periods: 12, Limit: sla.Amount{Percent: decp("10")}},
		}}}}},
		Caps: []sla.Cap{{Over: sla.CapTotal, Limit: sla.Amount{Fixed: decp("50000.00")}}, {ID: "yearly", Over: sla.CapRolling, Periods: 12, Limit: sla.Amount{Fixed: decp("9000")}}},
	}
	got := []string{
		capWords(v, "USD", "uptime-credits", "rules[0].caps[1]"),
		capWords(v, "USD", "uptime-credits", "rules[0].caps[0]"),
		capWords(v, "USD", "uptime-credits", "caps[0]"),
		capWords(v, "USD", "uptime-credits", "yearly"),
	}
	want := []string{
		"the cap on uptime-credits: 10 % of the charge over any 12 consecutive months",
		"the cap on uptime-credits: 50 % of the charge per month",
		"the agreement's cap: USD 50,000.00 over the whole agreement",
		"the cap yearly (USD 9,000.00 over any 12 consecutive months)", // money keeps the currency's two places
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("capWords (-want +got):\n%s", diff)
	}
}

// TestAccountingRows: every counter of sla.Accounting is said, rejected
// events by reason in words, zero counters left out.
func TestAccountingRows(t *testing.T) {
	in := sla.Accounting{Applied: 1064, Duplicates: 1, Rejected: map[string]int64{sla.ReasonUnknownSubject: 21, sla.ReasonOutOfOrder: 2},
		Ignored: []sla.IgnoredEvents{{SubjectType: "lead", Kind: "lead-qualified", Count: 2}, {SubjectType: "ticket", Kind: "ticket.comented", Count: 5}}, IgnoredOther: 3}
	got := accountingRows(in)
	// One row per counter, in the order applied, duplicates, ignored (by
	// subject type and kind, then the rest), rejected (by reason, sorted by
	// reason code: outOfOrder before unknownSubject).
	want := []acctRow{
		{"applied", 1064},
		{"duplicates, skipped", 1},
		{`ignored: lead events of kind "lead-qualified"`, 2},
		{`ignored: ticket events of kind "ticket.comented"`, 5},
		{"ignored: of further kinds", 3},
		{"rejected: out of order for their subject", 2},
		{"rejected: for a subject not seen before, starting nothing", 21},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(acctRow{})); diff != "" {
		t.Errorf("accountingRows (-want +got):\n%s", diff)
	}
	// Nothing counted is left out: the rows add up to Total.
	var sum int64
	for _, r := range got {
		sum += r.n
	}
	if sum != in.Total() {
		t.Errorf("rows add up to %d, want Total() = %d", sum, in.Total())
	}
	if got := accountingRows(sla.Accounting{}); len(got) != 1 || got[0] != (acctRow{"applied", 0}) {
		t.Errorf("accountingRows(zero) = %v, want only applied 0", got)
	}
}

func TestWrap(t *testing.T) {
	got := wrap("one two three four", 9, "")
	if want := "one two\n  three\n  four\n"; got != want {
		t.Errorf("wrap = %q, want %q", got, want)
	}
}
