package sla_test

import (
	"encoding/json"
	"fmt"

	"github.com/slaeval/slaeval/sla"
)

// reportExample is the minimal agreement (first reply within 4 business
// hours) with T1 answered after 1 h 30 min and T2 not yet answered.
func reportExample() *sla.Evaluator {
	ev, err := sla.NewEvaluator(minimal())
	if err != nil {
		panic(err)
	}
	ev.ApplyBatch([]sla.Event{
		{ID: "1", SubjectType: "ticket", Subject: "T1", Kind: "ticket.created", At: at("2026-03-02T09:00:00Z")},
		{ID: "2", SubjectType: "ticket", Subject: "T2", Kind: "ticket.created", At: at("2026-03-02T09:30:00Z")},
		{ID: "3", SubjectType: "ticket", Subject: "T1", Kind: "ticket.comment", At: at("2026-03-02T10:30:00Z"), Attrs: agentReply},
	})
	return ev
}

// Report.Subject and SubjectReport.Objective find one subject's
// objective; durations are time.Duration in Go and ISO 8601 in JSON.
func ExampleReport_Subject() {
	r := reportExample().Report(at("2026-03-02T12:00:00Z"))
	t2, _ := r.Subject("ticket", "T2")
	o, _ := t2.Objective("o")
	fmt.Println(o.State == sla.StateRunning, o.Phase == sla.PhaseRunning, o.Elapsed, o.Target-o.Elapsed, "left, due", o.Due.Format("15:04"))
	b, _ := json.Marshal(o.Cycles[0])
	fmt.Println(string(b))
	// Output:
	// true true 2h30m0s 1h30m0s left, due 13:30
	// {"cycle":1,"start":"2026-03-02T09:30:00Z","state":"inProgress","elapsed":"PT2H30M","target":"PT4H"}
}

// Summary is the report without its subjects, for hosts with many of
// them; SubjectReports yields the subjects one at a time.
func ExampleEvaluator_Summary() {
	ev := reportExample()
	asOf := at("2026-03-02T12:00:00Z")
	s := ev.Summary(asOf)
	march := s.Periods[len(s.Periods)-1] // monthly periods from January
	fmt.Println(len(s.Subjects), march.Objective, march.Period.Start.Format("2006-01"), march.Met, march.Pending)
	for sr := range ev.SubjectReports(asOf) {
		o, _ := sr.Objective("o")
		fmt.Println(sr.ID, o.State)
	}
	// Output:
	// 0 o 2026-03 1 1
	// T1 met
	// T2 inProgress
}

// SubjectReport builds one subject's report alone, for a host that shows
// one ticket: T1 was answered 1 h 30 min after it opened, within its 4
// business hours.
func ExampleEvaluator_SubjectReport() {
	ev := reportExample()
	t1, ok := ev.SubjectReport(at("2026-03-02T12:00:00Z"), "ticket", "T1")
	o, _ := t1.Objective("o")
	fmt.Println(ok, o.State, o.Elapsed)
	_, ok = ev.SubjectReport(at("2026-03-02T12:00:00Z"), "ticket", "T9")
	fmt.Println(ok)
	// Output:
	// true met 1h30m0s
	// false
}
