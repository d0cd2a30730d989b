package sla

import (
	"cmp"
	"slices"
	"strings"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/slaeval/slaeval/metric"
	"github.com/slaeval/slaeval/penalty"
)

// visibleItems is what a report shows of the state of each subject's
// clock, event-anchored deadline and availability objectives, keyed by
// "type/ID objective", read from the report alone (Report, not the
// feed's code path).
func visibleItems(ev *Evaluator, r Report) map[string]ItemState {
	timedObj := map[string]int{}
	for _, v := range ev.p.versions {
		for _, co := range v.objs {
			if co.kind == kClock || co.kind == kDeadlineEvents || co.kind == kAvailability {
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
// scope as it first appears (appearing is not a change of scope); a
// service's availability is up.
func absentState(ev *Evaluator, obj string, now ItemState) ItemState {
	is := ItemState{InScope: now.InScope, State: StateNotStarted}
	for _, v := range ev.p.versions {
		for _, co := range v.objs {
			switch {
			case co.o.ID == obj && co.kind == kAvailability:
				is.State = StateRunning // a service is up until a downtime opens
			case co.o.ID == obj && co.kind == kClock && now.InScope:
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
	case ChangeDown:
		ok = a.State == StateDown && b.State != StateDown
	case ChangeUp:
		ok = a.State == StateRunning && b.State == StateDown
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
// instant) in the state of each clock, obligation and availability, and,
// after them, each period that ended with its verdict and attainment as
// the report shows it then, and the credits and termination rights that
// changed by then: the feed can neither miss a change a report shows nor
// invent one.
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
			var known knownAggregates
			step := func(at time.Time, do func()) {
				got = got[:0]
				do()
				r := ev.report(at, true, true) // every subject walked: no counters
				cur := visibleItems(ev, r)
				items := slices.DeleteFunc(slices.Clone(got), func(c Change) bool { return c.SubjectType == "" })
				checkFeed(t, ev, prev, cur, items, at)
				known.check(t, r, now, got[len(items):])
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

// TestFeedSupportDesk follows one ticket of the support desk (Mon–Fri
// 07:30–22:00 GMT) through the feed, advancing to every NextChange answer
// between events. The instants are TestNextChange's: first reply (24
// business hours from Mon 2 March 09:00) warns at 75% on Tue 12:30 and
// one hour before on Tue 17:30, and is breached one nanosecond past Tue
// 18:30. The customer's answer (two business days) is done on Tuesday,
// in time; the resolution clock pauses while the ticket is pending.
func TestFeedSupportDesk(t *testing.T) {
	ev, err := NewEvaluator(loadSeed(t, "support-desk.json"))
	if err != nil {
		t.Fatal(err)
	}
	type fed struct{ At, Obj, Kind string }
	var got []fed
	ev.SetFeed(func(c Change) {
		got = append(got, fed{c.At.Format(time.RFC3339Nano), c.Objective, c.Kind})
	})
	es := []Event{
		evt("1", "ticket", "T1", "ticket.created", "2026-03-02T09:00:00Z"),
		evt("2", "ticket", "T1", "info-requested", "2026-03-02T10:00:00Z"),
		evt("3", "ticket", "T1", "status-changed", "2026-03-02T11:00:00Z", "status", "pending"),
		evt("4", "ticket", "T1", "customer-replied", "2026-03-03T13:00:00Z"),
		evt("5", "ticket", "T1", "ticket.comment", "2026-03-03T19:00:00Z", "author", "agent", "public", "true"),
	}
	now := es[0].At
	for _, e := range es {
		for next, ok := ev.NextChange(now); ok && next.Before(e.At); next, ok = ev.NextChange(now) {
			ev.Advance(next)
			now = next
		}
		if err := ev.Apply(e); err != nil {
			t.Fatal(err)
		}
		now = e.At
	}
	want := []fed{
		{"2026-03-02T09:00:00Z", "first-reply", ChangeClockStarted},
		{"2026-03-02T09:00:00Z", "resolution", ChangeClockStarted},
		{"2026-03-02T10:00:00Z", "customer-answers", ChangeObligationDue},
		{"2026-03-02T11:00:00Z", "resolution", ChangeClockPaused},
		{"2026-03-03T12:30:00Z", "first-reply", ChangeWarning},
		{"2026-03-03T13:00:00Z", "customer-answers", ChangeObligationMet},
		{"2026-03-03T17:30:00Z", "first-reply", ChangeWarning},
		{"2026-03-03T18:30:00.000000001Z", "first-reply", ChangeClockBreached},
		{"2026-03-03T19:00:00Z", "first-reply", ChangeClockStopped},
	}
	if diff := gocmp.Diff(want, got); diff != "" {
		t.Errorf("feed (-want +got):\n%s", diff)
	}
}

// TestFeedNilDoesNotAllocate: with no feed, applying events and
// advancing past timers allocate nothing for changes (steady state: the
// ticket exists; pausing and resuming its clocks, as
// TestApplySteadyStateAllocs).
func TestFeedNilDoesNotAllocate(t *testing.T) {
	ev, err := NewEvaluator(loadSeed(t, "support-desk.json"))
	if err != nil {
		t.Fatal(err)
	}
	at := mustTime(t, "2026-03-02T09:00:00Z")
	if err := ev.Apply(Event{ID: "c", SubjectType: "ticket", Subject: "T1", Kind: "ticket.created", At: at}); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, 2000)
	for i := range ids {
		ids[i] = "e" + itoa(i)
	}
	pending := []metric.Attr{{Key: "status", Value: "pending"}}
	open := []metric.Attr{{Key: "status", Value: "open"}}
	i := 0
	allocs := testing.AllocsPerRun(500, func() {
		at = at.Add(time.Minute)
		attrs := pending
		if i%2 == 1 {
			attrs = open
		}
		_ = ev.Apply(Event{ID: ids[i], SubjectType: "ticket", Subject: "T1", Kind: "status-changed", At: at, Attrs: attrs})
		ev.Advance(at.Add(30 * time.Second))
		i++
	})
	if allocs != 0 {
		t.Errorf("Apply and Advance without a feed allocate %v times per event, want 0", allocs)
	}
}

// knownAggregates is what the reports so far showed of credits and
// termination rights at the period ends passed: a host's view, kept
// from reports alone.
type knownAggregates struct {
	credits map[string]string
	terms   []penalty.Termination
}

// check compares the aggregate changes got, fed while the evaluator went
// from now to r.AsOf, with r (which walks every subject): the periods of
// r that ended in (now, r.AsOf], final, with their verdicts; then, if
// any period ended, the credits that differ from the ones last seen and
// the termination rights not seen before.
func (k *knownAggregates) check(t *rapid.T, r Report, now time.Time, got []Change) {
	var want []Change
	ended := false
	for _, pr := range r.Periods {
		if pr.Final && pr.Period.End.After(now) && !pr.Period.End.After(r.AsOf) {
			want = append(want, Change{Kind: ChangePeriodClosed, Objective: pr.Objective, Version: pr.Version, At: pr.Period.End, Period: pr.Period, Verdict: pr.Verdict, Attainment: pr.Attainment})
		}
	}
	for _, c := range got {
		ended = ended || c.Kind == ChangePeriodClosed
	}
	if k.credits == nil {
		k.credits = map[string]string{}
	}
	if ended || len(want) > 0 {
		for _, pp := range r.Penalties {
			key := pp.Version + " " + pp.Period.Start.String()
			before, _ := decimal.NewFromString(cmp.Or(k.credits[key], "0"))
			if !pp.Credit.Amount.Equal(before) {
				want = append(want, Change{Kind: ChangeCredit, Version: pp.Version, At: r.AsOf, Period: pp.Period, CreditBefore: before, CreditAfter: pp.Credit.Amount})
				k.credits[key] = pp.Credit.Amount.String()
			}
		}
		for _, term := range r.Terminations {
			if !slices.ContainsFunc(k.terms, func(x penalty.Termination) bool { return gocmp.Equal(x, term) }) {
				want = append(want, Change{Kind: ChangeTermination, Objective: term.Objective, At: r.AsOf, Period: term.Period, Termination: term})
				k.terms = append(k.terms, term)
			}
		}
	}
	if diff := gocmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Fatalf("periods, credits and terminations fed by %v (-report +feed):\n%s", r.AsOf, diff)
	}
}
