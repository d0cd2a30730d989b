package sla

import (
	"errors"
	"testing"
	"time"
)

// terminationOnly is an agreement whose only remedy is a termination right:
// the customer may terminate for cause when first replies (4 hours, 24×7)
// miss in 2 of any 3 consecutive months. It states no amount, so it needs
// no currency.
const terminationOnly = `{
  "id": "termination-only", "title": "Termination is the only remedy",
  "documentOwner": {"party": "p", "person": "Ann"},
  "parties": [
    {"id": "p", "name": "Provider", "role": "provider", "contacts": [{"name": "Ann"}]},
    {"id": "c", "name": "Customer", "role": "customer"}
  ],
  "term": {"effectiveFrom": "2026-01-01T00:00:00Z",
    "terminationForCause": {"by": ["c"], "chronicFailures": ["chronic-reply"]}},
  "versions": [
    {"version": "1", "effectiveFrom": "2026-01-01T00:00:00Z",
     "services": [{"id": "s", "name": "Service", "provider": "p"}],
     "objectives": [
       {"id": "reply", "name": "First reply within 4 hours", "obligor": "p", "beneficiary": "c",
        "scope": {"subject": "ticket"},
        "metric": {"kind": "clock", "clock": {"preset": "firstReply"}},
        "target": {"within": "PT4H", "unit": "wall"}, "period": {"kind": "month"}}
     ],
     "chronicFailures": [{"id": "chronic-reply", "objective": "reply", "missed": 2, "ofAnyConsecutive": 3}]}
  ]
}`

// TestTerminationOnlyEvaluates: the agreement decodes and evaluates with
// no currency (the doc: a currency is required only when an amount is
// given). By hand: January's ticket (5 Jan 09:00) is never answered and
// breaches at 13:00, February's (2 Feb 09:00) is answered at 10:00, March's
// (2 Mar 09:00) breaches: missed, met, missed is 2 missed months of 3, so
// the termination right arises when March ends, 1 April 00:00 UTC, with 2
// failures; no credit.
func TestTerminationOnlyEvaluates(t *testing.T) {
	a, err := Decode([]byte(terminationOnly))
	if err != nil {
		t.Fatal(err)
	}
	es := []Event{
		evt("1", "ticket", "T1", "ticket.created", "2026-01-05T09:00:00Z"),
		evt("2", "ticket", "T2", "ticket.created", "2026-02-02T09:00:00Z"),
		evt("3", "ticket", "T2", "ticket.comment", "2026-02-02T10:00:00Z", "author", "agent", "public", "true"),
		evt("4", "ticket", "T3", "ticket.created", "2026-03-02T09:00:00Z"),
	}
	r, err := Evaluate(a, seq(es), mustTime(t, "2026-04-01T00:00:00Z"))
	if err != nil {
		t.Fatalf("Evaluate: %v", err)
	}
	if len(r.Terminations) != 1 {
		t.Fatalf("terminations = %+v, want one", r.Terminations)
	}
	tm := r.Terminations[0]
	if tm.Chronic != "chronic-reply" || !tm.Arose.Equal(time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)) || tm.Failures != 2 {
		t.Errorf("termination = %+v, want chronic-reply arising 2026-04-01T00:00Z after 2 failures", tm)
	}
	if r.Credit.Sign() != 0 {
		t.Errorf("credit = %s, want none", r.Credit)
	}
}

// TestUnevaluatedRefused: each field the evaluator would otherwise accept
// and ignore is refused by NewEvaluator with ErrUnsupported at its path.
// The SaaS agreement's "maintenance" exclusion (index 0) has a notice, a
// window and announcement events, index 1 is force majeure; its objectives
// 1 to 3 are the P1 response clock, its ratio and the latency percentile.
// Objective 2 of the sales agreement is the monthly friction report, due
// after each month's end.
func TestUnevaluatedRefused(t *testing.T) {
	for _, tc := range []struct {
		name   string
		seed   string // "": saas-uptime.json
		change func(a *Agreement)
		path   string
	}{
		{"cure period", "", func(a *Agreement) { a.Term.ForCause.Cure = mustPeriod("P30D") },
			"term.terminationForCause.curePeriod"},
		{"notice for cause", "", func(a *Agreement) { a.Term.ForCause.Notice = mustPeriod("P30D") },
			"term.terminationForCause.notice"},
		{"events on a force majeure exclusion", "", func(a *Agreement) {
			a.Versions[0].Exclusions[1].Events = []Condition{{Kind: "force-majeure-declared"}}
		}, "versions[0].exclusions[1].events"},
		{"maintenance window on a clock", "", func(a *Agreement) {
			a.Versions[0].Objectives[1].Exclusions = []string{"maintenance"}
		}, "versions[0].objectives[1].exclusions[0]"},
		{"notice on a force majeure exclusion", "", func(a *Agreement) {
			a.Versions[0].Exclusions[1].Notice = mustPeriod("P5D")
		}, "versions[0].exclusions[1].notice"},
		{"exclusions on a ratio", "", func(a *Agreement) {
			a.Versions[0].Objectives[2].Exclusions = []string{"force-majeure"}
		}, "versions[0].objectives[2].exclusions"},
		{"calendar on a percentile", "", func(a *Agreement) {
			a.Versions[0].Objectives[3].Calendar = "maintenance-window"
		}, "versions[0].objectives[3].calendar"},
		{"exclusions on a period-end deadline", "sales-marketing-service.json", func(a *Agreement) {
			a.Versions[0].Exclusions = []Exclusion{{ID: "fm", Kind: ExcludeForceMajeure, Causes: []string{"force-majeure"}}}
			a.Versions[0].Objectives[2].Exclusions = []string{"fm"}
		}, "versions[0].objectives[2].exclusions"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			seed := tc.seed
			if seed == "" {
				seed = "saas-uptime.json"
			}
			a := loadSeed(t, seed)
			tc.change(&a)
			_, err := NewEvaluator(a)
			var e *Error
			if !errors.Is(err, ErrUnsupported) || !errors.As(err, &e) || e.Path != tc.path {
				t.Errorf("NewEvaluator = %v, want ErrUnsupported at %s", err, tc.path)
			}
		})
	}
}

// TestRenewalNoticeBy: the support desk's term runs from 1 January 2026 to
// 1 January 2027 (Europe/London), renewed automatically for a year with 60
// days' notice. By hand: 60 days before 1 Jan 2027 is 2 Nov 2026 (1 Dec is
// 31 days before, 1 Nov 61), a GMT date, so 2026-11-02T00:00Z; at the end
// instant itself the next year runs, to 1 Jan 2028, notice by 2 Nov 2027.
func TestRenewalNoticeBy(t *testing.T) {
	a := loadSeed(t, "support-desk.json")
	for _, tc := range []struct{ at, end, notice string }{
		{"2026-03-02T09:00:00Z", "2027-01-01T00:00:00Z", "2026-11-02T00:00:00Z"},
		{"2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z", "2027-11-02T00:00:00Z"},
	} {
		end, notice, err := a.RenewalNoticeBy(mustTime(t, tc.at))
		if err != nil || !end.Equal(mustTime(t, tc.end)) || !notice.Equal(mustTime(t, tc.notice)) {
			t.Errorf("RenewalNoticeBy(%s) = %v, %v, %v, want %s, %s", tc.at, end, notice, err, tc.end, tc.notice)
		}
	}
	if _, _, err := a.RenewalNoticeBy(mustTime(t, "2025-12-31T00:00:00Z")); !errors.Is(err, ErrBeforeStart) {
		t.Errorf("RenewalNoticeBy before the term = %v, want ErrBeforeStart", err)
	}
	if _, _, err := loadSeed(t, "minimal.json").RenewalNoticeBy(mustTime(t, "2026-03-02T09:00:00Z")); !errors.Is(err, ErrNoClause) {
		t.Errorf("RenewalNoticeBy without renewal = %v, want ErrNoClause", err)
	}
}

// TestRenewalMonthEnds: a term that ends on 31 January 2026 and renews
// monthly with one month's notice ends on the last day of each month,
// counted from the first end, never drifting to the 28th: 28 February
// (2026 is not a leap year), then 31 March, then 30 April (DESIGN.md,
// "Periods": months added to a date clamp to the month's last day). The
// notice is one month before each end, clamped the same way: 31 March's
// is 28 February, 30 April's is 30 March.
func TestRenewalMonthEnds(t *testing.T) {
	a := loadSeed(t, "support-desk.json")
	a.Term.EffectiveTo = mustTime(t, "2026-01-31T00:00:00Z")
	a.Term.Renewal.Every = mustPeriod("P1M")
	a.Term.Renewal.Notice = mustPeriod("P1M")
	for _, tc := range []struct{ at, end, notice string }{
		{"2026-02-01T00:00:00Z", "2026-02-28T00:00:00Z", "2026-01-28T00:00:00Z"},
		{"2026-03-01T00:00:00Z", "2026-03-31T00:00:00+01:00", "2026-02-28T00:00:00Z"},
		{"2026-04-01T00:00:00Z", "2026-04-30T00:00:00+01:00", "2026-03-30T00:00:00+01:00"},
	} {
		end, notice, err := a.RenewalNoticeBy(mustTime(t, tc.at))
		if err != nil || !end.Equal(mustTime(t, tc.end)) || !notice.Equal(mustTime(t, tc.notice)) {
			t.Errorf("RenewalNoticeBy(%s) = %v, %v, %v, want %s, %s", tc.at, end, notice, err, tc.end, tc.notice)
		}
	}
}
