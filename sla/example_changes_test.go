package sla_test

import (
	"fmt"
	"time"

	"github.com/slaeval/slaeval/sla"
)

// A host notifies from the change feed alone: it sets the feed once,
// applies events as they come, and advances to each instant NextChange
// returns (here at once; a real host sleeps until then). T1 is answered
// within its 4 hours; T2 is not, so at 13:00 plus a nanosecond (the
// first instant past its target) it is breached, and its late answer
// stops a breached clock.
func ExampleEvaluator_SetFeed() {
	ev, err := sla.NewEvaluator(minimal())
	if err != nil {
		panic(err)
	}
	ev.SetFeed(func(c sla.Change) {
		fmt.Printf("%s %s %s: %s (%s %s → %s %s)\n", c.At.Format("15:04:05.999999999"), c.Subject, c.Objective,
			c.Kind, c.Before.State, c.Before.Phase, c.After.State, c.After.Phase)
	})
	events := []sla.Event{
		{ID: "1", SubjectType: "ticket", Subject: "T1", Kind: "ticket.created", At: at("2026-03-02T09:00:00Z")},
		{ID: "2", SubjectType: "ticket", Subject: "T2", Kind: "ticket.created", At: at("2026-03-02T09:00:00Z")},
		{ID: "3", SubjectType: "ticket", Subject: "T1", Kind: "ticket.comment", At: at("2026-03-02T12:00:00Z"), Attrs: agentReply},
		{ID: "4", SubjectType: "ticket", Subject: "T2", Kind: "ticket.comment", At: at("2026-03-02T14:00:00Z"), Attrs: agentReply},
	}
	now := events[0].At
	for _, e := range events {
		// Wake up for every change due before the event.
		for next, ok := ev.NextChange(now); ok && next.Before(e.At); next, ok = ev.NextChange(now) {
			ev.Advance(next)
			now = next
		}
		if err := ev.Apply(e); err != nil {
			panic(err)
		}
		now = e.At
	}
	fmt.Println(ev.Report(now.Add(time.Second)).Subjects[1].Objectives[0].State)
	// Output:
	// 09:00:00 T1 o: clockStarted (notStarted idle → inProgress running)
	// 09:00:00 T2 o: clockStarted (notStarted idle → inProgress running)
	// 12:00:00 T1 o: clockMet (inProgress running → met stopped)
	// 13:00:00.000000001 T2 o: clockBreached (inProgress running → breached running)
	// 14:00:00 T2 o: clockStopped (breached running → breached stopped)
	// breached
}

// Periods close in the feed too. T1 is answered within its 4 hours in
// March; when the host advances to the end of March (the agreement's
// periods are calendar months, UTC), the feed hands over March's period
// of objective o, achieved with every ticket met (1 of 1: 100%), as
// Summary reports it.
func ExampleEvaluator_SetFeed_periodClosed() {
	ev, err := sla.NewEvaluator(minimal())
	if err != nil {
		panic(err)
	}
	ev.SetFeed(func(c sla.Change) {
		if c.Kind == sla.ChangePeriodClosed {
			fmt.Printf("%s %s: %s to %s %s, attainment %s\n", c.Kind, c.Objective,
				c.Period.Start.Format(time.DateOnly), c.Period.End.Format(time.DateOnly), c.Verdict, c.Attainment)
		}
	})
	for _, e := range []sla.Event{
		{ID: "1", SubjectType: "ticket", Subject: "T1", Kind: "ticket.created", At: at("2026-03-02T09:00:00Z")},
		{ID: "2", SubjectType: "ticket", Subject: "T1", Kind: "ticket.comment", At: at("2026-03-02T12:00:00Z"), Attrs: agentReply},
	} {
		if err := ev.Apply(e); err != nil {
			panic(err)
		}
	}
	ev.Advance(at("2026-04-01T00:00:00Z"))
	// Output:
	// periodClosed o: 2026-03-01 to 2026-04-01 achieved, attainment 100
}
