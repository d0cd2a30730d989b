package sla

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// fedAggregate is what the tests below compare of a change: its kind,
// instant, objective and the fields of its kind.
type fedAggregate struct {
	Kind, Objective, Version string
	At                       time.Time
	Period                   [2]time.Time
	Verdict                  string
	Attainment               string // "" for none
	CreditBefore             string
	CreditAfter              string
	Cause                    string
	Excluded                 bool
	Chronic                  string
	Failures                 int
}

func fedOf(c Change) fedAggregate {
	f := fedAggregate{Kind: c.Kind, Objective: c.Objective, Version: c.Version, At: c.At.UTC(), Period: [2]time.Time{c.Period.Start.UTC(), c.Period.End.UTC()},
		Verdict: c.Verdict, Cause: c.Cause, Excluded: c.Excluded, Chronic: c.Termination.Chronic, Failures: c.Termination.Failures}
	if c.Attainment != nil {
		f.Attainment = c.Attainment.String()
	}
	if c.Kind == ChangeCredit {
		f.CreditBefore, f.CreditAfter = c.CreditBefore.String(), c.CreditAfter.String()
	}
	return f
}

// TestFeedPeriodClosedAndCredit: on the support desk (Mon–Fri 07:30–22:00
// London, GMT in January), ticket T1 is created Mon 5 January 09:00 and
// answered Wed 7 January 09:00. Its first reply (24 business hours) fell
// due Tue 18:30 (13 h on Monday, 11 more on Tuesday from 07:30), so it is
// breached; solved Wed 10:00, its resolution (5 business days) is met.
// January's usage is 100 seats at 25.00 (a charge of 2,500.00). When the
// host advances to 1 February 00:00 (January's end), the feed hands over
// the four objectives' January periods, in agreement order, as Summary
// reports them: first reply missed (0 of 1 met: attainment 0), resolution
// achieved (1 of 1: 100), the customer's answers and invoices not
// assessed (no items, no attainment); then January's credit, from 0 to
// 10.00 (one first-reply breach at 10.00, under its cap of 10% of the
// charge, 250.00; no resolution was late).
func TestFeedPeriodClosedAndCredit(t *testing.T) {
	ev := seedEvaluator(t, "support-desk.json")
	var got []fedAggregate
	ev.SetFeed(func(c Change) {
		if c.SubjectType == "" {
			got = append(got, fedOf(c))
		}
	})
	for _, e := range []Event{
		evt("c", "ticket", "T1", "ticket.created", "2026-01-05T09:00:00Z"),
		evt("r", "ticket", "T1", "ticket.comment", "2026-01-07T09:00:00Z", "author", "agent", "public", "true"),
		evt("s", "ticket", "T1", "ticket.updated", "2026-01-07T10:00:00Z", "status", "solved"),
		withValue(evt("u", SubjectService, "support", KindUsage, "2026-01-10T12:00:00Z"), "100"),
	} {
		if err := ev.Apply(e); err != nil {
			t.Fatal(err)
		}
	}
	if len(got) != 0 {
		t.Fatalf("changes before January ended: %+v", got)
	}
	feb := mustTime(t, "2026-02-01T00:00:00Z")
	ev.Advance(feb)
	jan := [2]time.Time{mustTime(t, "2026-01-01T00:00:00Z"), feb}
	closed := func(obj, verdict, att string) fedAggregate {
		return fedAggregate{Kind: ChangePeriodClosed, Objective: obj, Version: "1", At: feb, Period: jan, Verdict: verdict, Attainment: att}
	}
	want := []fedAggregate{
		closed("first-reply", VerdictMissed, "0"),
		closed("resolution", VerdictAchieved, "100"),
		closed("customer-answers", VerdictNotAssessed, ""),
		closed("invoice-paid", VerdictNotAssessed, ""),
		{Kind: ChangeCredit, Version: "1", At: feb, Period: jan, CreditBefore: "0", CreditAfter: decimal.RequireFromString("10.00").String()},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("changes at January's end (-want +got):\n%s", diff)
	}
	// Nothing more until February ends, and the credit is not fed again.
	got = nil
	ev.Advance(mustTime(t, "2026-02-28T23:00:00Z"))
	if len(got) != 0 {
		t.Fatalf("changes within February: %+v", got)
	}
}

// TestFeedDowntimeAndTermination: on the SaaS agreement (New York; uptime
// of at least 99.9% a month, customer misuse excluded; a termination
// right when 3 of any 6 consecutive months are missed), the platform is
// down 2 hours on 10 January, 1 hour for customer misuse (excluded) and 2
// more hours on 10–11 February, and 2 hours on 10 March. Two hours of a
// month of at least 44,580 minutes (March, which loses an hour to DST)
// is more than 0.1% (44.6 minutes): each month is missed, and at the end
// of March (1 April 00:00 EDT, 04:00 UTC) the third miss gives the right.
// The feed hands over each downtime's start and end (the misuse one
// marked excluded), each month's uptime period missed at its end
// (midnight New York: 05:00 UTC in winter), and the right after
// March's period.
func TestFeedDowntimeAndTermination(t *testing.T) {
	ev := seedEvaluator(t, "saas-uptime.json")
	var got []fedAggregate
	ev.SetFeed(func(c Change) {
		switch {
		case c.Kind == ChangePeriodClosed && c.Objective != "uptime", c.Kind == ChangeCredit:
			// Other objectives' periods and the credits are other tests'.
		default:
			got = append(got, fedOf(c))
		}
	})
	down := func(id, at string, cause ...string) Event {
		return evt(id, "service", "app", "down", at, append([]string{"service", "app"}, cause...)...)
	}
	up := func(id, at string) Event { return evt(id, "service", "app", "up", at, "service", "app") }
	for _, e := range []Event{
		down("d1", "2026-01-10T10:00:00Z"), up("u1", "2026-01-10T12:00:00Z"),
		down("d2", "2026-02-10T10:00:00Z", "cause", "customer-misuse"), up("u2", "2026-02-10T11:00:00Z"),
		down("d3", "2026-02-11T10:00:00Z"), up("u3", "2026-02-11T12:00:00Z"),
		down("d4", "2026-03-10T10:00:00Z"), up("u4", "2026-03-10T12:00:00Z"),
	} {
		if err := ev.Apply(e); err != nil {
			t.Fatal(err)
		}
	}
	apr := mustTime(t, "2026-04-01T04:00:00Z")
	ev.Advance(apr)
	at := func(s string) time.Time { return mustTime(t, s) }
	dt := func(kind, s, cause string) fedAggregate {
		return fedAggregate{Kind: kind, Objective: "uptime", Version: "1", At: at(s), Cause: cause, Excluded: cause != ""}
	}
	missed := func(from, to string) fedAggregate {
		return fedAggregate{Kind: ChangePeriodClosed, Objective: "uptime", Version: "1", At: at(to), Period: [2]time.Time{at(from), at(to)}, Verdict: VerdictMissed}
	}
	want := []fedAggregate{
		dt(ChangeDown, "2026-01-10T10:00:00Z", ""), dt(ChangeUp, "2026-01-10T12:00:00Z", ""),
		missed("2026-01-01T05:00:00Z", "2026-02-01T05:00:00Z"),
		dt(ChangeDown, "2026-02-10T10:00:00Z", "customer-misuse"), dt(ChangeUp, "2026-02-10T11:00:00Z", "customer-misuse"),
		dt(ChangeDown, "2026-02-11T10:00:00Z", ""), dt(ChangeUp, "2026-02-11T12:00:00Z", ""),
		missed("2026-02-01T05:00:00Z", "2026-03-01T05:00:00Z"),
		dt(ChangeDown, "2026-03-10T10:00:00Z", ""), dt(ChangeUp, "2026-03-10T12:00:00Z", ""),
		missed("2026-03-01T05:00:00Z", "2026-04-01T04:00:00Z"),
		{Kind: ChangeTermination, Objective: "uptime", At: apr, Period: [2]time.Time{at("2026-03-01T05:00:00Z"), apr}, Chronic: "chronic-uptime", Failures: 3},
	}
	// Attainments are the report's (TestAvailability* derive them); here
	// only whether they are given.
	for i := range got {
		if got[i].Kind == ChangePeriodClosed {
			if got[i].Attainment == "" {
				t.Errorf("period %v closed without an attainment", got[i].Period)
			}
			got[i].Attainment = ""
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("changes to the end of March (-want +got):\n%s", diff)
	}
}

// TestFeedRollingAssessments: an assessment of a rolling objective (a
// window ending at a boundary of its every grid) is a period that closes,
// and its credit a credit that changes, as a calendar period's are. On
// rolling-credits.json (the outages and figures of TestRollingPenalties,
// derived there by hand: the window ending 1 February is January, 5 h
// down, 99.327956989247, missed, 10 % of 2,000 = 200; the one ending
// 1 March is January and February, 99.646892655367, achieved, no
// credit), with the feed set after the first outage and the evaluator
// advanced to 1 March. The agreement has no calendar period, so before
// the fix the feed never said either.
func TestFeedRollingAssessments(t *testing.T) {
	ev := seedEvaluator(t, "rolling-credits.json")
	es := rollingEvents()
	for _, e := range es[:2] { // January's outage
		if err := ev.Apply(e); err != nil {
			t.Fatal(err)
		}
	}
	var got []fedAggregate
	ev.SetFeed(func(c Change) {
		if c.SubjectType == "" {
			got = append(got, fedOf(c))
		}
	})
	jan1, feb1, mar1 := mustTime(t, "2026-01-01T00:00:00Z"), mustTime(t, "2026-02-01T00:00:00Z"), mustTime(t, "2026-03-01T00:00:00Z")
	ev.Advance(mar1)
	want := []fedAggregate{
		{Kind: ChangePeriodClosed, Objective: "ivr-availability", Version: "1", At: feb1, Period: [2]time.Time{jan1, feb1}, Verdict: VerdictMissed, Attainment: "99.327956989247"},
		{Kind: ChangeCredit, Version: "1", At: feb1, Period: [2]time.Time{jan1, feb1}, CreditBefore: "0", CreditAfter: "200"},
		{Kind: ChangePeriodClosed, Objective: "ivr-availability", Version: "1", At: mar1, Period: [2]time.Time{jan1, mar1}, Verdict: VerdictAchieved, Attainment: "99.646892655367"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("changes to 1 March (-want +got):\n%s", diff)
	}
}
