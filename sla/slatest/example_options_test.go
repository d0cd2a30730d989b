package slatest_test

import (
	"fmt"
	"slices"
	"time"

	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/penalty"
	"github.com/slaeval/slaeval/sla"
	"github.com/slaeval/slaeval/sla/slatest"
)

// slaevalView is slaeval's answer for the desk example as of Mon 10:00.
func slaevalView() slatest.View {
	r, _ := sla.Evaluate(desk(), slices.Values(deskEvents()), at("2026-03-09T10:00:00Z"))
	return slatest.ViewOf(r)
}

// The idiom of a host's test: want is slaeval's answer, got the host's, and
// the message says which side is which.
func ExampleDiff_testing() {
	var t printT // in a real test: the *testing.T
	got := slatest.View{Items: []slatest.Item{
		{Type: "ticket", ID: "T-1", Objective: "first-reply", State: sla.StateRunning, Due: at("2026-03-09T11:00:00Z"), Elapsed: 3 * time.Hour},
		{Type: "ticket", ID: "T-2", Objective: "first-reply", State: sla.StateMet, Elapsed: 16 * time.Minute},
	}}
	if d := slatest.Diff(slaevalView(), got); d != "" {
		t.Errorf("first replies mismatch (-want +got):\n%s", d)
	}
	// Output:
	// first replies mismatch (-want +got):
	//   slatest.View{
	//   	Items: []slatest.Item{
	//   		{Type: "ticket", ID: "T-1", Objective: "first-reply", State: "inProgress", ...},
	//   		{
	//   			... // 4 identical fields
	//   			Due:      s"0001-01-01 00:00:00 +0000 UTC",
	//   			BreachAt: s"0001-01-01 00:00:00 +0000 UTC",
	// - 			Elapsed:  s"15m0s",
	// + 			Elapsed:  s"16m0s",
	//   		},
	//   	},
	//   	Periods: nil,
	//   	Credits: nil,
	//   }
}

// A host that counts elapsed time in whole minutes, rounding up.
func ExampleApproxDuration() {
	got := slaevalView()
	got.Items[1].Elapsed = 16 * time.Minute // slaeval: 15m0s
	fmt.Printf("exact: equal %v\n", slatest.Diff(slaevalView(), got) == "")
	fmt.Printf("within a minute: equal %v\n", slatest.Diff(slaevalView(), got, slatest.ApproxDuration(time.Minute)) == "")
	// Output:
	// exact: equal false
	// within a minute: equal true
}

// A host that stores due instants to the minute, rounding up.
func ExampleApproxTime() {
	got := slaevalView()
	got.Items[0].Due = got.Items[0].Due.Add(59 * time.Second)
	fmt.Printf("exact: equal %v\n", slatest.Diff(slaevalView(), got) == "")
	fmt.Printf("within a minute: equal %v\n", slatest.Diff(slaevalView(), got, slatest.ApproxTime(time.Minute)) == "")
	// Output:
	// exact: equal false
	// within a minute: equal true
}

// A host that computes neither elapsed times nor breach instants.
func ExampleIgnoreFields() {
	got := slatest.View{Items: []slatest.Item{
		{Type: "ticket", ID: "T-1", Objective: "first-reply", State: sla.StateRunning, Due: at("2026-03-09T11:00:00Z")},
		{Type: "ticket", ID: "T-2", Objective: "first-reply", State: sla.StateMet},
	}}
	d := slatest.Diff(slaevalView(), got, slatest.IgnoreFields(slatest.Item{}, "Elapsed", "BreachAt"))
	fmt.Printf("equal %v\n", d == "")
	fmt.Print(slatest.Diff(slaevalView(), got, slatest.IgnoreFields(slatest.Item{}, "Elasped")))
	// Output:
	// equal true
	// slatest: IgnoreFields(Item, "Elasped"): no such field
}

// A host that only tracks first replies, of ticket T-1.
func ExampleSubjects() {
	got := slatest.View{Items: []slatest.Item{
		{Type: "ticket", ID: "T-1", Objective: "first-reply", State: sla.StateRunning, Due: at("2026-03-09T11:00:00Z"), Elapsed: 3 * time.Hour},
	}}
	fmt.Printf("equal %v\n", slatest.Diff(slaevalView(), got, slatest.Objectives("first-reply"), slatest.Subjects("ticket", "T-1")) == "")
	// Output:
	// equal true
}

// Objectives restricts Items and Periods to what the host computes.
func ExampleObjectives() {
	got := slatest.View{Items: []slatest.Item{}} // the host has no resolution clocks
	fmt.Printf("equal %v\n", slatest.Diff(slaevalView(), got, slatest.Objectives("resolution")) == "")
	// Output:
	// equal true
}

// A billing system closes a month once it ends: the running month is left
// out, money is compared exactly.
func ExampleFinalOnly() {
	feb, mar := at("2026-02-01T00:00:00Z"), at("2026-03-01T00:00:00Z")
	want := slatest.View{
		Periods: []slatest.Period{
			{Objective: "uptime", Start: feb, End: mar, Final: true, Verdict: sla.VerdictMissed, Attainment: decimal.RequireFromString("99.7")},
			{Objective: "uptime", Start: mar, End: at("2026-04-01T00:00:00Z"), Verdict: sla.VerdictAchieved, Attainment: decimal.NewFromInt(100)},
		},
		Credits: []slatest.Credit{{Start: feb, Credit: penalty.MustParseMoney("USD 1000.00")}},
	}
	got := slatest.View{
		Periods: []slatest.Period{{Objective: "uptime", Start: feb, End: mar, Final: true, Verdict: sla.VerdictMissed, Attainment: decimal.RequireFromString("99.70")}},
		Credits: []slatest.Credit{{Start: feb, Credit: penalty.MustParseMoney("USD 1000.0")}},
	}
	fmt.Printf("equal %v\n", slatest.Diff(want, got, slatest.FinalOnly()) == "")
	got.Credits[0].Credit = penalty.MustParseMoney("USD 1000.01")
	fmt.Printf("a cent off: equal %v\n", slatest.Diff(want, got, slatest.FinalOnly(), slatest.ApproxTime(time.Hour)) == "")
	// Output:
	// equal true
	// a cent off: equal false
}

// A test that feeds a duplicate on purpose.
func ExampleAllowRejected() {
	var t printT
	es := append(deskEvents(), deskEvents()[0]) // T-1 created twice: a duplicate
	host := slatest.ViewOf(mustEvaluate(es))
	fmt.Println(slatest.Check(t, desk(), es, at("2026-03-09T10:00:00Z"), host))
	fmt.Println(slatest.Check(t, desk(), es, at("2026-03-09T10:00:00Z"), host, slatest.AllowRejected()))
	// Output:
	// slatest: slaeval did not apply 1 of 4 events (1 duplicate); fix the events or pass AllowRejected
	// false
	// true
}

// CmpOptions passes any go-cmp option through, here to ignore states.
func ExampleCmpOptions() {
	got := slaevalView()
	got.Items[0].State = "open" // the host's own word for it
	fmt.Printf("equal %v\n", slatest.Diff(slaevalView(), got, slatest.CmpOptions(cmpopts.IgnoreFields(slatest.Item{}, "State"))) == "")
	// Output:
	// equal true
}

// DiffReports compares whole reports, e.g. streaming against batch, with the
// same tolerances.
func ExampleDiffReports() {
	batch := mustEvaluate(deskEvents())
	ev, _ := sla.NewEvaluator(desk())
	for _, e := range deskEvents() {
		_ = ev.Apply(e)
	}
	stream := ev.Report(at("2026-03-09T10:00:00Z"))
	fmt.Printf("equal %v\n", slatest.DiffReports(batch, stream) == "")
	// Output:
	// equal true
}

func mustEvaluate(es []sla.Event) sla.Report {
	r, err := sla.Evaluate(desk(), slices.Values(es), at("2026-03-09T10:00:00Z"))
	if err != nil {
		panic(err)
	}
	return r
}
