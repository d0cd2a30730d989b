package sla

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"
)

// sortedStream draws a stream over the seed agreement name in time order,
// with distinct instants and IDs, and at most one usage event per service
// and month (a later usage report replaces an earlier one by delivery, so
// two in one month are not a stream whose order a host can restore).
func sortedStream(t *rapid.T, name string) ([]Event, time.Time) {
	es, asOf := genStream(t, name)
	slices.SortStableFunc(es, func(a, b Event) int { return a.At.Compare(b.At) })
	var out []Event
	ids := map[string]bool{}
	usage := map[[2]string]bool{}
	for _, e := range es {
		if ids[e.ID] {
			continue
		}
		if n := len(out); n > 0 && !e.At.After(out[n-1].At) {
			e.At = out[n-1].At.Add(time.Second)
		}
		if e.Kind == KindUsage {
			k := [2]string{e.Subject, e.At.Format("2006-01")}
			if usage[k] {
				continue
			}
			usage[k] = true
		}
		ids[e.ID] = true
		out = append(out, e)
	}
	return out, latest(out, asOf)
}

// host is a host that keeps each subject's history and puts late events
// in their place with Recompute: an event earlier than one already
// delivered for its subject, or one of a retired subject, is late.
// (ErrOutOfOrder alone would not do: an event that came before its
// subject's first, such as a comment before the ticket was created, is
// ignored, not rejected, and the one after it is then not late for the
// evaluator.)
type host struct {
	ev      *Evaluator
	history map[[2]string][]Event
	late    int
}

func (h *host) deliver(t *rapid.T, e Event) {
	k := [2]string{e.SubjectType, e.Subject}
	hist := h.history[k]
	late := e.Kind != KindUsage && slices.ContainsFunc(hist, func(x Event) bool { return x.At.After(e.At) })
	h.history[k] = append(hist, e)
	if !late {
		err := h.ev.Apply(e)
		if !errors.Is(err, ErrOutOfOrder) && !errors.Is(err, ErrRetired) {
			return
		}
	}
	h.late++
	if _, err := h.ev.Recompute(e.SubjectType, e.Subject, h.history[k]); err != nil {
		t.Fatalf("Recompute(%s/%s) after the late %q: %v", e.SubjectType, e.Subject, e.ID, err)
	}
}

// TestRecomputeLateEvents checks, on random streams over each seed
// agreement delivered in any order (a random permutation of the sorted
// stream), that a host that recomputes a subject on each late arrival
// ends with the report of the sorted stream (go-cmp, all but the input
// accounting, which counts deliveries: a late one as rejected or
// ignored). Where no ticket or incident event feeds an event-level
// aggregate (the support desk and SaaS agreements), the host also retires
// the closed subjects now and then, so that late events reopen retired
// subjects too (a retired subject has no row in Report.Subjects: the
// sorted stream's rows of the subjects retired at the end are left out).
func TestRecomputeLateEvents(t *testing.T) {
	for _, name := range seedNames {
		base := seedEvaluator(t, name)
		t.Run(name, rapid.MakeCheck(func(t *rapid.T) {
			sorted, asOf := sortedStream(t, name)
			ref := base.Empty()
			ref.ApplyAll(seq(sorted))
			want := ref.Report(asOf)

			h := &host{ev: base.Empty(), history: map[[2]string][]Event{}}
			retire := name != "sales-marketing-service.json"
			for _, e := range rapid.Permutation(sorted).Draw(t, "delivery") {
				h.deliver(t, e)
				if retire && rapid.IntRange(0, 4).Draw(t, "retire") == 0 {
					h.ev.RetireClosed(e.At)
				}
			}
			want.Subjects = slices.DeleteFunc(want.Subjects, func(s SubjectReport) bool {
				_, held := h.ev.Snapshot(s.Type, s.ID)
				return !held
			})
			if diff := cmp.Diff(want, h.ev.Report(asOf), cmpopts.IgnoreFields(Report{}, "Input"), cmpopts.EquateEmpty()); diff != "" {
				t.Fatalf("delivered in any order with recomputes (%d late) vs the sorted stream (-sorted +recomputed):\n%s", h.late, diff)
			}
		}))
	}
}

// seedEvaluator returns an evaluator of the seed agreement name.
func seedEvaluator(t testing.TB, name string) *Evaluator {
	t.Helper()
	ev, err := NewEvaluator(loadSeed(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

// ticketT1 returns ticket T1's creation and an agent's public reply an
// hour later.
func ticketT1() (created, reply Event) {
	return evt("t1", "ticket", "T1", "ticket.created", "2026-01-05T09:00:00Z"),
		evt("t2", "ticket", "T1", "ticket.comment", "2026-01-05T10:00:00Z", "author", "agent", "public", "true")
}

// TestRecomputeRetired: a retired invoice, saved and restored after a
// restart, that is issued again (rejected with ErrRetired) is brought back by Recompute of its whole history, its
// retired verdicts replaced: the report is that of an evaluator that never
// retired it and applied the three events in order (the reference), and
// the invoice is held again.
func TestRecomputeRetired(t *testing.T) {
	base := seedEvaluator(t, "support-desk.json")
	history := []Event{
		evt("i1", "invoice", "I1", "invoice-issued", "2026-01-05T09:00:00Z"),
		evt("i2", "invoice", "I1", "invoice-paid", "2026-01-06T10:00:00Z"),
	}
	reopen := evt("i3", "invoice", "I1", "invoice-issued", "2026-01-20T09:00:00Z")
	asOf := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

	ref := base.Empty()
	ref.ApplyAll(seq(append(slices.Clone(history), reopen)))
	want := ref.Report(asOf)

	before := base.Empty()
	before.ApplyAll(seq(history))
	if err := before.Retire("invoice", "I1"); err != nil {
		t.Fatal(err)
	}
	// Saved and restored (the verdicts carry their subject's hash in the
	// record), so that Recompute can find them after a restart.
	ev := base.Empty()
	if err := ev.RestoreAggregates(roundTripT(t, before.Aggregates())); err != nil {
		t.Fatal(err)
	}
	if err := ev.Apply(reopen); !errors.Is(err, ErrRetired) {
		t.Fatalf("Apply(reopen) = %v, want ErrRetired", err)
	}
	rej, err := ev.Recompute("invoice", "I1", append(slices.Clone(history), reopen))
	if err != nil || rej != nil {
		t.Fatalf("Recompute = %v, %v; want no rejection, nil", rej, err)
	}
	if diff := cmp.Diff(want, ev.Report(asOf), cmpopts.IgnoreFields(Report{}, "Input")); diff != "" {
		t.Fatalf("recomputed vs never retired (-want +got):\n%s", diff)
	}
	if _, ok := ev.Snapshot("invoice", "I1"); !ok {
		t.Fatal("the recomputed invoice is not held")
	}
	if got := slices.Collect(func(yield func(string) bool) {
		for typ, id := range ev.Dirty() {
			yield(typ + "/" + id)
		}
	}); !slices.Equal(got, []string{"invoice/I1"}) {
		t.Fatalf("Dirty after Recompute = %v, want [invoice/I1]", got)
	}
}

// TestRecomputeRefuses: what Recompute cannot do exactly is refused with
// ErrNotRecomputable (ErrNotBuilt on a zero evaluator), naming the event,
// and changes nothing.
func TestRecomputeRefuses(t *testing.T) {
	desk, sales := seedEvaluator(t, "support-desk.json"), seedEvaluator(t, "sales-marketing-service.json")
	created, reply := ticketT1()
	held := desk.Empty()
	held.ApplyAll(seq([]Event{created, reply}))

	qualified := evt("l1", "lead", "L1", "lead-qualified", "2026-01-05T09:00:00Z", "quality", "A")
	contacted := evt("l2", "lead", "L1", "lead-contacted", "2026-01-05T11:00:00Z")
	retiredLead := sales.Empty()
	retiredLead.ApplyAll(seq([]Event{qualified, contacted}))
	if err := retiredLead.Retire("lead", "L1"); err != nil {
		t.Fatal(err)
	}
	usage := withValue(evt("u1", "ticket", "T1", KindUsage, "2026-01-05T09:30:00Z"), "3")

	for _, tc := range []struct {
		name    string
		ev      *Evaluator
		typ, id string
		events  []Event
		want    error
		path    string
	}{
		{"another subject's event", held, "ticket", "T1", []Event{created, evt("x", "ticket", "T2", "ticket.created", "2026-01-05T09:30:00Z"), reply}, ErrNotRecomputable, "events[1]"},
		{"a usage event", held, "ticket", "T1", []Event{created, usage, reply}, ErrNotRecomputable, "events[1]"},
		{"an applied event left out", held, "ticket", "T1", []Event{reply}, ErrNotRecomputable, "events"},
		{"a retired subject's event counted in a volume", retiredLead, "lead", "L1", []Event{qualified, contacted}, ErrNotRecomputable, "events[0]"},
		{"no subject type", held, "", "T1", nil, ErrUnknownSubject, "subject"},
		{"not built", &Evaluator{}, "ticket", "T1", []Event{created}, ErrNotBuilt, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			asOf := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
			before := tc.ev.Report(asOf)
			rej, err := tc.ev.Recompute(tc.typ, tc.id, tc.events)
			var e *Error
			if !errors.Is(err, tc.want) || !errors.As(err, &e) || e.Path != tc.path || rej != nil {
				t.Fatalf("Recompute = %v, %v; want %v at %q", rej, err, tc.want, tc.path)
			}
			if diff := cmp.Diff(before, tc.ev.Report(asOf), cmpopts.EquateErrors()); diff != "" {
				t.Fatalf("a refused Recompute changed the evaluator (-before +after):\n%s", diff)
			}
		})
	}
}

// TestRecomputeRejections: Recompute hands back the events of the history
// it cannot apply, by their position in the history given (here the same
// ID twice: the second is a duplicate), and applies the rest.
func TestRecomputeRejections(t *testing.T) {
	created, reply := ticketT1()
	ev := seedEvaluator(t, "support-desk.json")
	if err := ev.Apply(reply); err != nil { // before its ticket: ignored
		t.Fatal(err)
	}
	rej, err := ev.Recompute("ticket", "T1", []Event{reply, created, reply})
	if err != nil {
		t.Fatal(err)
	}
	if len(rej) != 1 || rej[0].Index != 2 || !errors.Is(rej[0].Err, ErrDuplicateEvent) {
		t.Fatalf("Recompute rejections = %v, want the duplicate at 2", rej)
	}
	// The reply an hour after creation is the first reply: met.
	o := ev.Report(reply.At).Subjects[0].Objectives[0]
	if o.Objective != "first-reply" || o.State != StateMet {
		t.Fatalf("first objective = %s %s, want first-reply met", o.Objective, o.State)
	}
}

// TestRecomputeFeedsNetChange: a late agent reply, recomputed, turns T1's
// breached first reply into a met one, and the feed says so at now. The
// reference is the report: the changes fed must be exactly the objectives
// whose visible state (visibleItems, read from Report) differs between
// the reports as of now before and after the recompute. By hand: T1 opened
// Monday 2 March 09:00 (London, GMT) is due 24 business hours later
// (Mon–Fri 07:30–22:00: 13 h on Monday, 11 h on Tuesday), Tuesday 18:30;
// the feed reported the breach when advanced to Wednesday; the reply
// dated Monday 10:00 arrives after the requester's Wednesday comment, so
// Apply refuses it as out of order and the host recomputes T1.
func TestRecomputeFeedsNetChange(t *testing.T) {
	ev := seedEvaluator(t, "support-desk.json")
	var fed []Change
	ev.SetFeed(func(c Change) { fed = append(fed, c) })
	created := evt("c1", "ticket", "T1", "ticket.created", "2026-03-02T09:00:00Z")
	comment := evt("c2", "ticket", "T1", "ticket.comment", "2026-03-04T10:00:00Z", "author", "requester", "public", "true")
	reply := evt("c3", "ticket", "T1", "ticket.comment", "2026-03-02T10:00:00Z", "author", "agent", "public", "true")
	for _, e := range []Event{created, comment} {
		if err := ev.Apply(e); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)
	ev.Advance(now)
	breached := false
	for _, c := range fed {
		breached = breached || c.Objective == "first-reply" && c.Kind == ChangeClockBreached
	}
	if !breached {
		t.Fatalf("no first-reply breach fed before the late reply: %+v", fed)
	}
	if err := ev.Apply(reply); !errors.Is(err, ErrOutOfOrder) {
		t.Fatalf("Apply(late reply) = %v, want ErrOutOfOrder", err)
	}
	before := visibleItems(ev, ev.Report(now))
	fed = nil
	if rej, err := ev.Recompute("ticket", "T1", []Event{created, comment, reply}); err != nil || len(rej) > 0 {
		t.Fatalf("Recompute = %v, %v", rej, err)
	}
	after := visibleItems(ev, ev.Report(now))
	want := map[string][2]ItemState{}
	for k, a := range after {
		if b := before[k]; b != a {
			want[k] = [2]ItemState{b, a}
		}
	}
	got := map[string][2]ItemState{}
	for _, c := range fed {
		if !c.At.Equal(now) {
			t.Errorf("change %s %s fed at %v, want now %v", c.Objective, c.Kind, c.At, now)
		}
		got[c.SubjectType+"/"+c.Subject+" "+c.Objective] = [2]ItemState{c.Before, c.After}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("changes fed by Recompute (-report differences +fed):\n%s", diff)
	}
	fr, ok := got["ticket/T1 first-reply"]
	if !ok || fr[0].State != StateBreached || fr[1].State != StateMet {
		t.Errorf("first-reply change = %+v, want breached → met", fr)
	}
}
