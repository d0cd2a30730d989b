package sla

import (
	"cmp"
	"slices"
	"strings"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/slaeval/slaeval/metric"
)

// visibleItems is what a report shows of the state of each subject's
// clock and event-anchored deadline objectives, keyed by
// "type/ID objective", read from the report alone (Report, not the
// feed's code path).
func visibleItems(ev *Evaluator, r Report) map[string]ItemState {
	timedObj := map[string]int{}
	for _, v := range ev.p.versions {
		for _, co := range v.objs {
			if co.kind == kClock || co.kind == kDeadlineEvents {
				timedObj[co.o.ID] = co.kind
			}
		}
	}
	out := map[string]ItemState{}
	for _, s := range r.Subjects {
		for _, o := range s.Objectives {
			k, ok := timedObj[o.Objective]
			if !ok {
				continue
			}
			is := ItemState{InScope: o.InScope, State: o.State, Phase: o.Phase, Due: o.Due}
			for _, w := range o.Warnings {
				if !w.At.After(r.AsOf) {
					is.Warned++
				}
			}
			switch {
			case k == kDeadlineEvents:
				is.Cycle = int32(len(o.Deadlines))
			case o.State != StateNotStarted && len(o.Cycles) > 0:
				is.Cycle = o.Cycles[len(o.Cycles)-1].Cycle
			}
			out[s.Type+"/"+s.ID+" "+o.Objective] = is
		}
	}
	return out
}

// absentState is the state of an objective of a subject not yet in a
// report: not started (a clock's phase is its zero state's), in or out of
// scope as it first appears (appearing is not a change of scope).
func absentState(ev *Evaluator, obj string, now ItemState) ItemState {
	is := ItemState{InScope: now.InScope, State: StateNotStarted}
	if !now.InScope {
		return is
	}
	for _, v := range ev.p.versions {
		for _, co := range v.objs {
			if co.o.ID == obj && co.kind == kClock {
				is.Phase = metric.Idle.String()
			}
		}
	}
	return is
}

// checkFeed compares the changes fed while the report went from prev (as
// of the instant before) to cur (as of at): one change per objective
// whose visible state differs, with that state before and after, at at,
// in the feed's order, and nothing else.
func checkFeed(t *rapid.T, ev *Evaluator, prev, cur map[string]ItemState, got []Change, at time.Time) {
	want := map[string][2]ItemState{}
	for k, c := range cur {
		p, ok := prev[k]
		if !ok {
			p = absentState(ev, k[strings.IndexByte(k, ' ')+1:], c)
		}
		if p != c {
			want[k] = [2]ItemState{p, c}
		}
	}
	for k := range prev {
		if _, ok := cur[k]; !ok {
			t.Fatalf("%s left the report without Forget or Retire", k)
		}
	}
	gotM := map[string][2]ItemState{}
	for _, c := range got {
		k := c.SubjectType + "/" + c.Subject + " " + c.Objective
		if _, dup := gotM[k]; dup {
			t.Fatalf("two changes of %s at %v: %+v", k, at, got)
		}
		gotM[k] = [2]ItemState{c.Before, c.After}
		if !c.At.Equal(at) {
			t.Fatalf("change %+v at %v, want at %v", c, c.At, at)
		}
		checkKind(t, c)
	}
	if diff := gocmp.Diff(want, gotM); diff != "" {
		t.Fatalf("feed at %v vs the reports' differences (-reports +feed):\n%s", at, diff)
	}
	if !slices.IsSortedFunc(got, func(a, b Change) int {
		return cmp.Or(strings.Compare(a.SubjectType, b.SubjectType), strings.Compare(a.Subject, b.Subject))
	}) {
		t.Fatalf("changes at %v not in subject order: %+v", at, got)
	}
}

// checkKind: a change's kind agrees with its before and after states
// (each kind's definition in changes.go).
func checkKind(t *rapid.T, c Change) {
	b, a := c.Before, c.After
	ok := true
	switch c.Kind {
	case ChangeScope:
		ok = b.InScope != a.InScope
	case ChangeClockStarted, ChangeObligationDue:
		ok = b.Cycle != a.Cycle
	case ChangeClockBreached, ChangeObligationMissed:
		ok = a.State == StateBreached && b.State != StateBreached
	case ChangeClockMet, ChangeObligationMet:
		ok = a.State == StateMet && b.State != StateMet
	case ChangeClockPaused:
		ok = a.Phase == "paused" && b.Phase != "paused"
	case ChangeClockResumed:
		ok = a.Phase == "running" && b.Phase != "running" && a.Cycle == b.Cycle
	case ChangeClockStopped:
		ok = a.Phase == "stopped" && a.State == StateBreached
	case ChangeWarning:
		ok = a.Warned > b.Warned && a.Phase == b.Phase && a.State == b.State
	case ChangeTarget:
	default:
		ok = false
	}
	if !ok {
		t.Fatalf("change of kind %s from %+v to %+v", c.Kind, b, a)
	}
}

// TestPropFeedMatchesReports: on random streams over the seed agreements
// (and the support desk with an urgent-only objective, whose scope moves
// with the priority), in time order with re-sent events, a host that
// advances to every instant NextChange returns before each event, and
// applies the event, receives from the feed exactly the differences
// between consecutive reports (after each event and at each such
// instant) in the state of each clock and obligation: the feed can
// neither miss a change a report shows nor invent one.
func TestPropFeedMatchesReports(t *testing.T) {
	names := append(slices.Clone(seedNames), "timer")
	for _, name := range names {
		var a Agreement
		tpl := name
		if name == "timer" {
			a, tpl = timerAgreement(t), "support-desk.json"
		} else {
			a = loadSeed(t, name)
		}
		base, err := NewEvaluator(a)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(name, rapid.MakeCheck(func(t *rapid.T) {
			es, asOf := genStream(t, tpl)
			slices.SortStableFunc(es, func(x, y Event) int { return x.At.Compare(y.At) })
			ev := base.Empty()
			var got []Change
			ev.SetFeed(func(c Change) { got = append(got, c) })
			now := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
			ev.Advance(now)
			prev := visibleItems(ev, ev.Report(now))
			step := func(at time.Time, do func()) {
				got = got[:0]
				do()
				cur := visibleItems(ev, ev.Report(at))
				checkFeed(t, ev, prev, cur, got, at)
				prev, now = cur, at
			}
			advanceUntil := func(until time.Time, steps int) {
				for range steps {
					next, ok := ev.NextChange(now)
					if !ok || next.After(until) {
						return
					}
					step(next, func() { ev.Advance(next) })
				}
			}
			for _, e := range es {
				advanceUntil(e.At, 1000)
				at := e.At
				if at.Before(now) {
					at = now
				}
				step(at, func() { _ = ev.Apply(e) })
			}
			advanceUntil(asOf, 200)
		}))
	}
}
