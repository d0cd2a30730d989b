package sla_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/slaeval/slaeval/sla"
)

// A host that saves after each event writes only what changed: the
// subjects Dirty yields, then the aggregate record; MarkSaved starts
// afresh. Here the store is a map of JSON records.
func ExampleEvaluator_Dirty() {
	ev, err := sla.NewEvaluator(minimal())
	if err != nil {
		panic(err)
	}
	store := map[string][]byte{}
	save := func() {
		for typ, id := range ev.Dirty() {
			if ss, ok := ev.Snapshot(typ, id); ok {
				store[typ+"/"+id], _ = json.Marshal(ss)
			} else {
				delete(store, typ+"/"+id) // retired
			}
			fmt.Println("saved", typ, id)
		}
		store["aggregates"], _ = json.Marshal(ev.Aggregates())
		ev.MarkSaved()
	}
	for _, e := range []sla.Event{
		{ID: "1", SubjectType: "ticket", Subject: "T1", Kind: "ticket.created", At: at("2026-03-02T09:00:00Z")},
		{ID: "2", SubjectType: "ticket", Subject: "T2", Kind: "ticket.created", At: at("2026-03-02T09:30:00Z")},
		{ID: "3", SubjectType: "ticket", Subject: "T1", Kind: "ticket.comment", At: at("2026-03-02T10:00:00Z"), Attrs: agentReply},
	} {
		if err := ev.Apply(e); err != nil {
			panic(err)
		}
		save()
	}
	fmt.Println(slices.Sorted(maps.Keys(store)))
	// Output:
	// saved ticket T1
	// saved ticket T2
	// saved ticket T1
	// [aggregates ticket/T1 ticket/T2]
}

// After a restart, the saved records are read back into a fresh evaluator:
// the aggregate record with RestoreAggregates and each subject with
// Restore, in either order. Both replace what they restore, so doing it
// twice is doing it once.
func ExampleEvaluator_RestoreAggregates() {
	ev, err := sla.NewEvaluator(minimal())
	if err != nil {
		panic(err)
	}
	_ = ev.Apply(sla.Event{ID: "1", SubjectType: "ticket", Subject: "T1", Kind: "ticket.created", At: at("2026-03-02T09:00:00Z")})
	_ = ev.Apply(sla.Event{ID: "2", SubjectType: "ticket", Subject: "T1", Kind: "ticket.comment", At: at("2026-03-02T10:00:00Z"), Attrs: agentReply})
	aggJSON, _ := json.Marshal(ev.Aggregates())
	ss, _ := ev.Snapshot("ticket", "T1")
	subjectJSON, _ := json.Marshal(ss)

	fresh, err := sla.NewEvaluator(minimal()) // after the restart
	if err != nil {
		panic(err)
	}
	for range 2 {
		var agg sla.Aggregates
		var t1 sla.SubjectSnapshot
		if err := errors.Join(json.Unmarshal(aggJSON, &agg), json.Unmarshal(subjectJSON, &t1),
			fresh.RestoreAggregates(agg), fresh.Restore(t1)); err != nil {
			panic(err)
		}
	}
	// A re-sent event is still a duplicate.
	err = fresh.Apply(sla.Event{ID: "2", SubjectType: "ticket", Subject: "T1", Kind: "ticket.comment", At: at("2026-03-02T10:00:00Z"), Attrs: agentReply})
	fmt.Println(errors.Is(err, sla.ErrDuplicateEvent))
	r := fresh.Report(at("2026-03-02T12:00:00Z"))
	o := r.Subjects[0].Objectives[0]
	fmt.Println(r.Subjects[0].ID, o.State, time.Duration(o.Elapsed), r.Input.Applied, r.Input.Duplicates)
	// Output:
	// true
	// T1 met 1h0m0s 2 1
}

// A late event (webhooks are reordered) is put in its place by recomputing
// its subject from its whole history. Here the agent's reply at 11:00
// arrives after a later one at 13:30, when the 4 hours had run out.
func ExampleEvaluator_Recompute() {
	ev, err := sla.NewEvaluator(minimal())
	if err != nil {
		panic(err)
	}
	history := []sla.Event{
		{ID: "1", SubjectType: "ticket", Subject: "T1", Kind: "ticket.created", At: at("2026-03-02T09:00:00Z")},
		{ID: "3", SubjectType: "ticket", Subject: "T1", Kind: "ticket.comment", At: at("2026-03-02T13:30:00Z"), Attrs: agentReply},
	}
	ev.ApplyAll(slices.Values(history))
	o := ev.Report(at("2026-03-02T14:00:00Z")).Subjects[0].Objectives[0]
	fmt.Println("before:", o.State, time.Duration(o.Elapsed))

	late := sla.Event{ID: "2", SubjectType: "ticket", Subject: "T1", Kind: "ticket.comment", At: at("2026-03-02T11:00:00Z"), Attrs: agentReply}
	err = ev.Apply(late)
	fmt.Println(errors.Is(err, sla.ErrOutOfOrder))
	history = append(history, late) // the host's audit log
	rejected, err := ev.Recompute("ticket", "T1", history)
	if err != nil {
		panic(err)
	}
	o = ev.Report(at("2026-03-02T14:00:00Z")).Subjects[0].Objectives[0]
	fmt.Println("after:", o.State, time.Duration(o.Elapsed), len(rejected))
	// Output:
	// before: breached 4h30m0s
	// true
	// after: met 2h0m0s 0
}
