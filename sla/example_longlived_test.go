package sla_test

import (
	"fmt"

	"github.com/slaeval/slaeval/metric"
	"github.com/slaeval/slaeval/sla"
)

// A long-lived ticket keeps its last closed cycles in full and folds the
// older ones into per-day counts (here KeepCycles: 2, so a pass runs once
// 4 closed cycles may fold, and leaves 2). The next reply is due within 4
// hours (around the clock). On 2 March the first exchange takes an hour
// (met) and the second six (breached); on 3 March two take an hour each;
// on 4 March a fifth takes an hour. When the fifth starts, cycles 1 to 4
// are closed: 1 and 2 fold into 2 March's counts; 3, 4 and the current
// 5 are listed. The month counts all five alike: 4 met, 1 missed.
func ExampleOptions_keepCycles() {
	a := minimal()
	o := &a.Versions[0].Objectives[0]
	o.Name, o.Metric = "Next reply", sla.Metric{Kind: "clock", Clock: &sla.Clock{Preset: sla.PresetNextReply}}
	ev, err := sla.Options{KeepCycles: 2}.NewEvaluator(a)
	if err != nil {
		panic(err)
	}
	requester := []metric.Attr{{Key: "author", Value: "requester"}, {Key: "public", Value: "true"}}
	n := 0
	exchange := func(asked, answered string) {
		n++
		_ = ev.Apply(sla.Event{ID: fmt.Sprint("q", n), SubjectType: "ticket", Subject: "T1", Kind: "ticket.comment", At: at(asked), Attrs: requester})
		_ = ev.Apply(sla.Event{ID: fmt.Sprint("a", n), SubjectType: "ticket", Subject: "T1", Kind: "ticket.comment", At: at(answered), Attrs: agentReply})
	}
	exchange("2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z")
	exchange("2026-03-02T11:00:00Z", "2026-03-02T17:00:00Z")
	exchange("2026-03-03T09:00:00Z", "2026-03-03T10:00:00Z")
	exchange("2026-03-03T11:00:00Z", "2026-03-03T12:00:00Z")
	exchange("2026-03-04T09:00:00Z", "2026-03-04T10:00:00Z")

	r := ev.Report(at("2026-03-04T12:00:00Z"))
	so, _ := r.Subjects[0].Objective("o")
	for _, c := range so.Cycles {
		fmt.Println("cycle", c.Cycle, c.State)
	}
	for _, f := range so.Folded {
		fmt.Println("folded", f.Day.Format("2 January"), "met", f.Met, "breached", f.Breached)
	}
	for _, pr := range r.Periods {
		if pr.Period.Start.Month() == 3 {
			fmt.Println("March: met", pr.Met, "missed", pr.Missed)
		}
	}
	// Output:
	// cycle 3 met
	// cycle 4 met
	// cycle 5 met
	// folded 2 March met 1 breached 1
	// March: met 4 missed 1
}
