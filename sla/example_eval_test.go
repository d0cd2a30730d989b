package sla_test

import (
	"encoding/json"
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
		fmt.Printf("%s %s: %s, elapsed %v of %v", s.ID, o.Objective, o.State, o.Elapsed, o.Target)
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

// ApplyBatch applies a slice of events (a decoded batch) as Apply would,
// one at a time, and hands back each rejected event's position and typed
// error; the report counts them too. Here the second event is sent twice,
// and T9 has never been seen (its comment starts nothing: ignored, not
// rejected).
func ExampleEvaluator_ApplyBatch() {
	ev, err := sla.NewEvaluator(minimal())
	if err != nil {
		panic(err)
	}
	batch := []sla.Event{
		{ID: "1", SubjectType: "ticket", Subject: "T1", Kind: "ticket.created", At: at("2026-03-02T09:00:00Z")},
		{ID: "2", SubjectType: "ticket", Subject: "T1", Kind: "ticket.comment", At: at("2026-03-02T10:30:00Z"), Attrs: agentReply},
		{ID: "2", SubjectType: "ticket", Subject: "T1", Kind: "ticket.comment", At: at("2026-03-02T10:30:00Z"), Attrs: agentReply},
		{ID: "3", SubjectType: "ticket", Subject: "T9", Kind: "ticket.comment", At: at("2026-03-02T11:00:00Z"), Attrs: agentReply},
	}
	for _, rej := range ev.ApplyBatch(batch) {
		fmt.Println("rejected:", rej.Index, errors.Is(rej.Err, sla.ErrDuplicateEvent), rej.Err)
	}
	r := ev.Report(at("2026-03-02T12:00:00Z"))
	fmt.Println(r.Input.Applied, r.Input.Duplicates, r.Input.Rejected, r.Input.Ignored)
	o := r.Subjects[0].Objectives[0]
	fmt.Println(r.Subjects[0].ID, o.State, o.Elapsed)
	// Output:
	// rejected: 2 true sla: event "2" (ticket/T1): duplicate event
	// 2 1 map[] [{ticket ticket.comment 1}]
	// T1 met 1h30m0s
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

// A host persists a ticket's state between events: Snapshot, store it
// (here as JSON), Forget; on the next event, Restore and Apply.
func ExampleEvaluator_Snapshot() {
	ev, err := sla.NewEvaluator(minimal())
	if err != nil {
		panic(err)
	}
	_ = ev.Apply(sla.Event{ID: "1", SubjectType: "ticket", Subject: "T1", Kind: "ticket.created", At: at("2026-03-02T09:00:00Z")})
	ss, _ := ev.Snapshot("ticket", "T1")
	stored, _ := json.Marshal(ss)
	ev.Forget("ticket", "T1")

	var back sla.SubjectSnapshot
	if err := json.Unmarshal(stored, &back); err != nil {
		panic(err)
	}
	if err := ev.Restore(back); err != nil {
		panic(err)
	}
	_ = ev.Apply(sla.Event{ID: "2", SubjectType: "ticket", Subject: "T1", Kind: "ticket.comment", At: at("2026-03-02T10:30:00Z"), Attrs: agentReply})
	o := ev.Report(at("2026-03-02T11:00:00Z")).Subjects[0].Objectives[0]
	fmt.Println(o.State, o.Elapsed)
	// Output:
	// met 1h30m0s
}

// A ticket closed for good is retired: its verdict keeps counting in its
// month, its state is dropped, and a late event for it is rejected.
func ExampleEvaluator_Retire() {
	ev, err := sla.NewEvaluator(minimal())
	if err != nil {
		panic(err)
	}
	_ = ev.Apply(sla.Event{ID: "1", SubjectType: "ticket", Subject: "T1", Kind: "ticket.created", At: at("2026-03-02T09:00:00Z")})
	_ = ev.Apply(sla.Event{ID: "2", SubjectType: "ticket", Subject: "T1", Kind: "ticket.comment", At: at("2026-03-02T10:30:00Z"), Attrs: agentReply})
	if err := ev.Retire("ticket", "T1"); err != nil {
		panic(err)
	}
	err = ev.Apply(sla.Event{ID: "3", SubjectType: "ticket", Subject: "T1", Kind: "ticket.comment", At: at("2026-03-02T11:00:00Z"), Attrs: agentReply})
	fmt.Println(errors.Is(err, sla.ErrRetired))

	r := ev.Report(at("2026-04-01T00:00:00Z"))
	march := r.Periods[2]
	fmt.Println(len(r.Subjects), "subject rows;", march.Period.Start.Format("January:"), march.Met, "met,", march.Missed, "missed")
	// Output:
	// true
	// 0 subject rows; March: 1 met, 0 missed
}

// Evaluators fed disjoint sets of tickets merge into one report.
func ExampleMerge() {
	a := minimal()
	left, _ := sla.NewEvaluator(a)
	right := left.Empty() // shares the compiled agreement
	_ = left.Apply(sla.Event{ID: "1", SubjectType: "ticket", Subject: "T1", Kind: "ticket.created", At: at("2026-03-02T09:00:00Z")})
	_ = right.Apply(sla.Event{ID: "2", SubjectType: "ticket", Subject: "T2", Kind: "ticket.created", At: at("2026-03-02T12:00:00Z")})

	merged, err := sla.Merge(a, left.Partial(), right.Partial())
	if err != nil {
		panic(err)
	}
	r := merged.Report(at("2026-03-02T14:00:00Z"))
	for _, s := range r.Subjects {
		fmt.Println(s.ID, s.Objectives[0].State)
	}
	fmt.Println("applied:", r.Input.Applied)
	// Output:
	// T1 breached
	// T2 inProgress
	// applied: 2
}

// Events read from JSON Lines use the documented field names.
func ExampleEvent_UnmarshalJSON() {
	var e sla.Event
	line := `{"id":"e7","subjectType":"ticket","subject":"T-1","kind":"ticket.updated","at":"2026-03-02T09:00:00Z","attrs":{"status":"pending"}}`
	if err := json.Unmarshal([]byte(line), &e); err != nil {
		panic(err)
	}
	status, _ := e.Attr("status")
	fmt.Println(e.SubjectType, e.Subject, e.Kind, status, e.HasValue)
	// Output:
	// ticket T-1 ticket.updated pending false
}
