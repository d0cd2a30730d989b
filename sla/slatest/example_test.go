package slatest_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/rickb777/period"

	"github.com/slaeval/slaeval/calendar"
	"github.com/slaeval/slaeval/metric"
	"github.com/slaeval/slaeval/sla"
	"github.com/slaeval/slaeval/sla/slatest"
)

// desk is a small agreement: every ticket answered within 4 business hours,
// Monday to Friday 09:00–17:00 UTC.
func desk() sla.Agreement {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	return sla.Agreement{
		ID: "desk", Title: "Desk",
		Owner: sla.Owner{Party: "p", Person: "Ann"},
		Parties: []sla.Party{
			{ID: "p", Name: "Provider", Role: sla.RoleProvider, Contacts: []sla.Contact{{Name: "Ann"}}},
			{ID: "c", Name: "Customer", Role: sla.RoleCustomer},
		},
		Term: sla.Term{EffectiveFrom: start},
		Versions: []sla.Version{{
			Version: "1", EffectiveFrom: start,
			Calendars: map[string]calendar.Spec{"office": {Hours: "Mon-Fri 09:00-17:00"}},
			Services:  []sla.Service{{ID: "s", Name: "Support", Provider: "p", Hours: "office"}},
			Objectives: []sla.Objective{{
				ID: "first-reply", Name: "First reply within 4 business hours",
				Obligor: "p", Beneficiary: "c", Service: "s",
				Scope:  sla.Scope{Subject: "ticket"},
				Metric: sla.Metric{Kind: sla.KindClock, Clock: &sla.Clock{Preset: sla.PresetFirstReply}},
				Target: &sla.Target{Within: period.MustParse("PT4H"), Unit: sla.UnitBusiness},
			}},
		}},
	}
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// deskEvents: T-1 opened Fri 6 Mar 15:00, not yet answered; T-2 opened
// Mon 9 Mar 09:30 and answered at 09:45.
func deskEvents() []sla.Event {
	return []sla.Event{
		{ID: "1", SubjectType: "ticket", Subject: "T-1", Kind: metric.KindCreated, At: at("2026-03-06T15:00:00Z")},
		{ID: "2", SubjectType: "ticket", Subject: "T-2", Kind: metric.KindCreated, At: at("2026-03-09T09:30:00Z")},
		{ID: "3", SubjectType: "ticket", Subject: "T-2", Kind: metric.KindComment, At: at("2026-03-09T09:45:00Z"),
			Attrs: []metric.Attr{{Key: metric.AttrAuthor, Value: metric.AuthorAgent}, {Key: metric.AttrPublic, Value: "true"}}},
	}
}

// printT is a stand-in for *testing.T that prints what a test would report.
type printT struct{ testing.TB }

func (printT) Helper() {}
func (printT) Errorf(format string, args ...any) {
	fmt.Printf(format+"\n", args...)
}

// A host's own test: the helpdesk computed due instants to the minute and
// its own states; Check compares them with slaeval's. T-1 was opened Fri
// 15:00 with 4 business hours to answer: 2 on Friday (15:00–17:00) and 2 on
// Monday (09:00–11:00), so it is due Mon 11:00. The host says 11:00:30
// (it adds 30 s of slack), which ApproxTime(time.Minute) accepts; but it
// thinks T-2 is still running, and the diff shows it.
func ExampleCheck() {
	var t printT // in a real test: the *testing.T
	host := slatest.View{Items: []slatest.Item{
		{Type: "ticket", ID: "T-1", Objective: "first-reply", State: sla.StateRunning, Due: at("2026-03-09T11:00:30Z")},
		{Type: "ticket", ID: "T-2", Objective: "first-reply", State: sla.StateRunning, Due: at("2026-03-09T13:30:00Z")},
	}}
	ok := slatest.Check(t, desk(), deskEvents(), at("2026-03-09T10:00:00Z"), host,
		slatest.IgnoreFields(slatest.Item{}, "Elapsed", "BreachAt"),
		slatest.ApproxTime(time.Minute))
	fmt.Println("ok:", ok)
	// Output:
	// desk as of 2026-03-09T10:00:00Z mismatch (-slaeval +host):
	//   slatest.View{
	//   	Items: []slatest.Item{
	//   		{Type: "ticket", ID: "T-1", Objective: "first-reply", State: "inProgress", ...},
	//   		{
	//   			Type:      "ticket",
	//   			ID:        "T-2",
	//   			Objective: "first-reply",
	// - 			State:     "met",
	// + 			State:     "inProgress",
	// - 			Due:       s"0001-01-01 00:00:00 +0000 UTC",
	// + 			Due:       s"2026-03-09 13:30:00 +0000 UTC",
	//   			... // 2 ignored fields
	//   		},
	//   	},
	//   	Periods: nil,
	//   	Credits: nil,
	//   }
	//
	// ok: false
}

// Diff compares two views directly, e.g. a host's before and after a
// change. "(-want +got)": lines with - are want's, lines with + got's.
func ExampleDiff() {
	r, _ := sla.Evaluate(desk(), slices.Values(deskEvents()), at("2026-03-09T10:00:00Z"))
	want := slatest.ViewOf(r)
	got := slatest.View{Items: []slatest.Item{
		{Type: "ticket", ID: "T-1", Objective: "first-reply", State: sla.StateRunning, Due: at("2026-03-09T11:00:00Z"), Elapsed: 3 * time.Hour},
		{Type: "ticket", ID: "T-2", Objective: "first-reply", State: sla.StateMet, Elapsed: 15 * time.Minute},
	}}
	if d := slatest.Diff(want, got); d != "" {
		fmt.Printf("mismatch (-want +got):\n%s", d)
	} else {
		fmt.Println("T-1 and T-2 agree")
	}
	// Output:
	// T-1 and T-2 agree
}

// ViewOf flattens a report: one Item per subject and objective.
func ExampleViewOf() {
	r, _ := sla.Evaluate(desk(), slices.Values(deskEvents()), at("2026-03-09T10:00:00Z"))
	for _, it := range slatest.ViewOf(r).Items {
		due := "none"
		if !it.Due.IsZero() {
			due = it.Due.Format("Mon 15:04")
		}
		fmt.Printf("%s %s: %s, elapsed %v, due %s\n", it.ID, it.Objective, it.State, it.Elapsed, due)
	}
	// Output:
	// T-1 first-reply: inProgress, elapsed 3h0m0s, due Mon 11:00
	// T-2 first-reply: met, elapsed 15m0s, due none
}
