package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/slaeval/slaeval/sla"
)

// TestSchedulerBreach drives the scheduler with a fake clock: one ticket
// never answered, on the support desk's agreement, whose first reply is
// due within 24 business hours (Mon-Fri 07:30-22:00 Europe/London, GMT
// in early March) with warnings at 75% and one hour before.
//
// By hand: created Mon 2 Mar 2026 08:15; Monday holds 13h45m of
// business time to 22:00, so the remaining 10h15m end on Tue 3 Mar at
// 17:45 (07:30 + 10h15m): due 17:45, breached from one nanosecond after
// it. 75% is 18h elapsed: 4h15m into Tuesday, 11:45. One hour before is
// 23h elapsed: 9h15m into Tuesday, 16:45.
func TestSchedulerBreach(t *testing.T) {
	doc, _ := replayData(t)
	ctx := context.Background()
	at := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	created := sla.Event{ID: "T-1/1", SubjectType: "ticket", Subject: "T-1", Kind: "ticket.created", At: at("2026-03-02T08:15:00Z")}
	path := filepath.Join(t.TempDir(), "b.db")
	clock := newFakeClock(created.At)
	in := start(t, path, clock)
	mustPut(t, in.c, "acme", doc)
	mustPost(t, in.c, "acme", []sla.Event{created})

	due := at("2026-03-03T17:45:00Z")
	running := ItemState{InScope: true, State: sla.StateRunning, Phase: sla.PhaseRunning, Cycle: 1, Due: due}
	warned := func(s ItemState, n int) ItemState { s.Warned = n; return s }
	breached := warned(running, 2)
	breached.State = sla.StateBreached
	firstReply := func(ns []Notification) []Notification {
		var out []Notification
		for _, n := range withoutSeq(ns) {
			if n.Objective == "first-reply" {
				n.Version, n.SubjectType = "", ""
				out = append(out, n)
			}
		}
		return out
	}
	started := Notification{Kind: sla.ChangeClockStarted, Subject: "T-1", Objective: "first-reply", At: created.At,
		Before: ItemState{InScope: true, State: sla.StateNotStarted, Phase: sla.PhaseIdle}, After: running}
	timers := []Notification{
		{Kind: sla.ChangeWarning, Subject: "T-1", Objective: "first-reply", At: at("2026-03-03T11:45:00Z"), Before: running, After: warned(running, 1)},
		{Kind: sla.ChangeWarning, Subject: "T-1", Objective: "first-reply", At: at("2026-03-03T16:45:00Z"), Before: warned(running, 1), After: warned(running, 2)},
		{Kind: sla.ChangeClockBreached, Subject: "T-1", Objective: "first-reply", At: due.Add(time.Nanosecond), Before: warned(running, 2), After: breached},
	}

	steps := []struct {
		name     string
		clock    string
		restart  bool
		want     []Notification
		wantNext string // the next instant Tick returns
	}{
		{"a second before the first warning", "2026-03-03T11:44:59Z", false, []Notification{started}, "2026-03-03T11:45:00Z"},
		{"at the first warning", "2026-03-03T11:45:00Z", false, []Notification{started, timers[0]}, "2026-03-03T16:45:00Z"},
		{"at the due instant: met until then", "2026-03-03T17:45:00Z", false, []Notification{started, timers[0], timers[1]}, "2026-03-03T17:45:00.000000001Z"},
		{"the next morning", "2026-03-04T00:00:00Z", false, []Notification{started, timers[0], timers[1], timers[2]}, ""},
		{"after a restart: nothing fed twice", "2026-03-04T01:00:00Z", true, []Notification{started, timers[0], timers[1], timers[2]}, ""},
	}
	for _, st := range steps {
		if st.restart {
			in.stop()
			in = start(t, path, clock)
		}
		clock.Set(at(st.clock))
		next, ok, err := in.srv.Tick(ctx)
		if err != nil {
			t.Fatalf("%s: Tick: %v", st.name, err)
		}
		if d := cmp.Diff(st.want, firstReply(mustChanges(t, in.c, "acme"))); d != "" {
			t.Errorf("%s: first-reply notifications (-want +got):\n%s", st.name, d)
		}
		if st.wantNext != "" && (!ok || !next.Equal(at(st.wantNext))) {
			t.Errorf("%s: Tick() next = %v, %v; want %s", st.name, next, ok, st.wantNext)
		}
	}
}
