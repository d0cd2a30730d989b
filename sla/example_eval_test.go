package sla_test

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/slaeval/slaeval/metric"
	"github.com/slaeval/slaeval/sla"
)

// minimal: one objective, every ticket answered within 4 hours, 24×7.
func minimal() sla.Agreement {
	b, err := os.ReadFile("testdata/agreements/minimal.json")
	if err != nil {
		panic(err)
	}
	a, err := sla.Decode(b)
	if err != nil {
		panic(err)
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

var agentReply = []metric.Attr{{Key: "author", Value: "agent"}, {Key: "public", Value: "true"}}

// Evaluate a whole history at once. T1 is answered after 3 hours (met);
// T2 is never answered, so its 4 hours run out at 13:00.
func Example_evaluate() {
	events := []sla.Event{
		{ID: "1", SubjectType: "ticket", Subject: "T1", Kind: "ticket.created", At: at("2026-03-02T09:00:00Z")},
		{ID: "2", SubjectType: "ticket", Subject: "T2", Kind: "ticket.created", At: at("2026-03-02T09:00:00Z")},
		{ID: "3", SubjectType: "ticket", Subject: "T1", Kind: "ticket.comment", At: at("2026-03-02T12:00:00Z"), Attrs: agentReply},
	}
	r, err := sla.Evaluate(minimal(), slices.Values(events), at("2026-03-02T14:00:00Z"))
	if err != nil {
		panic(err)
	}
	for _, s := range r.Subjects {
		o := s.Objectives[0]
		fmt.Printf("%s %s: %s, elapsed %v of %v", s.ID, o.Objective, o.State, time.Duration(o.Elapsed), time.Duration(o.Target))
		if !o.BreachAt.IsZero() {
			fmt.Printf(", breached at %s", o.BreachAt.Format("15:04"))
		}
		fmt.Println()
	}
	fmt.Println("applied:", r.Input.Applied)
	// Output:
	// T1 o: met, elapsed 3h0m0s of 4h0m0s
	// T2 o: breached, elapsed 5h0m0s of 4h0m0s, breached at 13:00
	// applied: 3
}

// Apply rejects bad events with typed errors and counts them.
func ExampleEvaluator_Apply() {
	ev, err := sla.NewEvaluator(minimal())
	if err != nil {
		panic(err)
	}
	created := sla.Event{ID: "1", SubjectType: "ticket", Subject: "T1", Kind: "ticket.created", At: at("2026-03-02T09:00:00Z")}
	late := sla.Event{ID: "2", SubjectType: "ticket", Subject: "T1", Kind: "ticket.comment", At: at("2026-03-02T08:00:00Z"), Attrs: agentReply}
	early := sla.Event{ID: "3", SubjectType: "ticket", Subject: "T9", Kind: "ticket.created", At: at("2025-12-31T00:00:00Z")}

	fmt.Println(ev.Apply(created))
	err = ev.Apply(created)
	fmt.Println(errors.Is(err, sla.ErrDuplicateEvent), err)
	err = ev.Apply(late)
	fmt.Println(errors.Is(err, sla.ErrOutOfOrder))
	var ee *sla.EventError
	if errors.As(ev.Apply(early), &ee) {
		fmt.Println(ee.ID, ee.Reason)
	}
	in := ev.Report(at("2026-03-02T09:00:00Z")).Input
	fmt.Println(in.Applied, in.Duplicates, in.Rejected)
	// Output:
	// <nil>
	// true sla: event "1" (ticket/T1): duplicate event
	// true
	// 3 beforeStart
	// 1 1 map[beforeStart:1 outOfOrder:1]
}

// NextChange tells a host when to look again: here, when T1's 4 hours run
// out at 13:00.
func ExampleEvaluator_NextChange() {
	ev, err := sla.NewEvaluator(minimal())
	if err != nil {
		panic(err)
	}
	_ = ev.Apply(sla.Event{ID: "1", SubjectType: "ticket", Subject: "T1", Kind: "ticket.created", At: at("2026-03-02T09:00:00Z")})
	next, ok := ev.NextChange(at("2026-03-02T09:00:00Z"))
	fmt.Println(next.Format(time.RFC3339), ok)
	r := ev.Report(next.Add(time.Second))
	fmt.Println(r.Subjects[0].Objectives[0].State)
	// Output:
	// 2026-03-02T13:00:00Z true
	// breached
}
