package sla

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/penalty"
)

// supportDeskEvents: three tickets in March 2026 under the support desk
// agreement (Mon–Fri 07:30–22:00 Europe/London, GMT in early March, so
// local time = UTC; a business day is 14.5 h).
func supportDeskEvents() []Event {
	return []Event{
		withValue(evt("u1", "service", "support", KindUsage, "2026-03-01T12:00:00Z"), "10"),
		// T1, high (3 business days = 43.5 h): replied after 15.5 h, solved
		// after 88 h.
		evt("t1a", "ticket", "T1", "ticket.created", "2026-03-02T09:00:00Z", "priority", "high"),
		evt("t1b", "ticket", "T1", "ticket.comment", "2026-03-03T10:00:00Z", "author", "agent", "public", "true"),
		evt("t1c", "ticket", "T1", "ticket.updated", "2026-03-10T10:00:00Z", "status", "solved"),
		// T2, default priority (5 business days = 72.5 h): never answered,
		// solved the next day.
		evt("t2a", "ticket", "T2", "ticket.created", "2026-03-02T09:00:00Z"),
		evt("t2b", "ticket", "T2", "ticket.updated", "2026-03-03T10:00:00Z", "status", "solved"),
		// T3, default priority: the customer is asked for information and
		// answers late; the resolution breach is excused by it.
		evt("t3a", "ticket", "T3", "ticket.created", "2026-03-02T09:00:00Z"),
		evt("t3b", "ticket", "T3", "ticket.comment", "2026-03-02T11:00:00Z", "author", "agent", "public", "true"),
		evt("t3c", "ticket", "T3", "info-requested", "2026-03-02T10:00:00Z"),
		evt("t3d", "ticket", "T3", "customer-replied", "2026-03-06T10:00:00Z"),
		evt("t3e", "ticket", "T3", "ticket.updated", "2026-03-17T10:00:00Z", "status", "solved"),
	}
}

func TestSupportDesk(t *testing.T) {
	a := loadSeed(t, "support-desk.json")
	es := supportDeskEvents()
	// t3c is earlier than t3b for the same ticket: out of order.
	asOf := mustTime(t, "2026-04-01T00:00:00+01:00")
	ev, err := NewEvaluator(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		err := ev.Apply(e)
		if (e.ID == "t3c") != (err != nil) {
			t.Errorf("Apply(%s) = %v", e.ID, err)
		}
	}
	// Re-apply t3c in order by giving it a later instant: info requested
	// at 11:30, due two business days later, Wed 4 Mar 11:30; answered
	// Fri 6 Mar 10:00: missed.
	fixed := evt("t3c2", "ticket", "T3", "info-requested", "2026-03-02T11:30:00Z")
	if err := ev.Apply(fixed); err == nil {
		t.Errorf("Apply(t3c2) after t3d should be out of order")
	}
	r := ev.Report(asOf)
	if got, want := r.Input, (Accounting{Applied: 10, Rejected: map[string]int64{ReasonOutOfOrder: 2}}); !cmp.Equal(got, want) {
		t.Errorf("Input = %+v, want %+v", got, want)
	}

	// Now the honest stream, with the info request in order.
	es[8] = evt("t3c", "ticket", "T3", "info-requested", "2026-03-02T11:30:00Z")
	r, err = Evaluate(a, seq(es), asOf)
	if err != nil {
		t.Fatal(err)
	}
	if r.Input.Applied != int64(len(es)) || r.Input.Total() != int64(len(es)) {
		t.Fatalf("Input = %+v, want all %d applied", r.Input, len(es))
	}

	// T1 resolution: Mon 2 Mar 09:00 → Tue 10 Mar 10:00 is 13 (Mon) + 4 ×
	// 14.5 (Tue–Fri) + 14.5 (Mon 9th) + 2.5 (Tue 07:30–10:00) = 88 h;
	// target 43.5 h reached at 13 + 14.5 + 14.5 = 42 h by Wed 22:00, plus
	// 1.5 h: Thu 5 Mar 09:00.
	res, _ := findSubject(r, "ticket", "T1", "resolution")
	if res.State != StateBreached || res.Elapsed != 88*hour || res.Target != 43*hour+30*minute ||
		!res.BreachAt.Equal(mustTime(t, "2026-03-05T09:00:00Z")) {
		t.Errorf("T1 resolution = %+v, want breached, 88h of 43h30m, at 2026-03-05T09:00Z", res)
	}
	// T2 first reply: never answered; 24 business hours = 13 h on Monday
	// + 11 h from Tue 07:30: breached Tue 3 Mar 18:30.
	fr, _ := findSubject(r, "ticket", "T2", "first-reply")
	if fr.State != StateBreached || !fr.BreachAt.Equal(mustTime(t, "2026-03-03T18:30:00Z")) {
		t.Errorf("T2 first-reply = %+v, want breached at 2026-03-03T18:30Z", fr)
	}
	// T3 resolution: 72.5 h target reached at 13 + 58 = 71 h by Fri 22:00
	// + 1.5 h: Mon 9 Mar 09:00; the customer's answer fell due on Wed 4
	// Mar 11:30, earlier: excused.
	r3, _ := findSubject(r, "ticket", "T3", "resolution")
	if r3.State != StateBreached || !r3.Excused || !r3.BreachAt.Equal(mustTime(t, "2026-03-09T09:00:00Z")) {
		t.Errorf("T3 resolution = %+v, want breached at 2026-03-09T09:00Z and excused", r3)
	}
	ca, _ := findSubject(r, "ticket", "T3", "customer-answers")
	if ca.State != StateBreached || len(ca.Deadlines) != 1 || !ca.Deadlines[0].Due.Equal(mustTime(t, "2026-03-04T11:30:00Z")) {
		t.Errorf("T3 customer-answers = %+v, want breached, due 2026-03-04T11:30Z", ca)
	}

	march := func(obj string) PeriodReport {
		for _, p := range findPeriods(r, obj) {
			if p.Period.Start.Equal(mustTime(t, "2026-03-01T00:00:00Z")) {
				return p
			}
		}
		t.Fatalf("no March period for %s", obj)
		return PeriodReport{}
	}
	d := func(s string) *decimal.Decimal { x := decimal.RequireFromString(s); return &x }
	tests := []struct {
		obj  string
		want PeriodReport
	}{
		// T1 and T3 met, T2 breached: 2 of 3 = 66.666666666666 (truncated
		// to 12 places).
		{"first-reply", PeriodReport{Verdict: VerdictMissed, Attainment: d("66.666666666666"), Met: 2, Missed: 1}},
		// T2 met, T1 breached, T3 excused: 1 of 2 counted.
		{"resolution", PeriodReport{Verdict: VerdictMissed, Attainment: d("50"), Met: 1, Missed: 1, Excused: 1}},
		{"customer-answers", PeriodReport{Verdict: VerdictMissed, Attainment: d("0"), Missed: 1}},
	}
	for _, tc := range tests {
		got := march(tc.obj)
		tc.want.Objective, tc.want.Version, tc.want.Period, tc.want.Final = tc.obj, "1", got.Period, true
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("March %s (-want +got):\n%s", tc.obj, diff)
		}
	}

	// Credits for March: charge 10 seats × 25.00 = 250.00.
	// first-reply-late: 1 breach × 10.00 = 10.00 (cap 10% = 25.00).
	// resolution-late: T1 late 88 − 43.5 = 44.5 business hours, every
	// started hour: 45 × 2.50 = 112.50, capped at 15% of 250 = 37.50.
	// Total 47.50.
	var mar *PenaltyPeriod
	for i := range r.Penalties {
		if r.Penalties[i].Period.Start.Equal(mustTime(t, "2026-03-01T00:00:00Z")) {
			mar = &r.Penalties[i]
		}
	}
	if mar == nil {
		t.Fatal("no March penalty period")
	}
	if want := penalty.MustParseMoney("GBP 47.50"); !mar.Credit.Equal(want) {
		t.Errorf("March credit = %v, want %v; lines %v", mar.Credit, want, mar.Lines)
	}
	if want := penalty.MustParseMoney("GBP 47.50"); !r.Credit.Equal(want) {
		t.Errorf("total credit = %v, want %v", r.Credit, want)
	}
	// Obligations: answer-and-resolve has first-reply 2 met 1 missed and
	// resolution 1 met, 1 missed, 1 excused (counted as met).
	for _, o := range r.Obligations {
		switch o.ID {
		case "answer-and-resolve":
			if o.Status != VerdictMissed || o.Met != 4 || o.Missed != 2 {
				t.Errorf("answer-and-resolve = %+v, want missed 4/2", o)
			}
		case "timely-information":
			if o.Status != VerdictMissed || o.Missed != 1 {
				t.Errorf("timely-information = %+v, want missed 1", o)
			}
		case "named-contacts":
			if o.Status != "notMeasured" {
				t.Errorf("named-contacts = %+v, want notMeasured", o)
			}
		}
	}
	if r.Review.NextDue != "2026-07-05" || r.Review.Overdue {
		t.Errorf("Review = %+v, want 2026-07-05 (2026-01-05 + 6 months), not overdue", r.Review)
	}
}
