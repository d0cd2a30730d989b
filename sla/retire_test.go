package sla

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// twoAnswered is an evaluator of the minimal agreement (first reply within
// 4 hours, 24×7, monthly periods) in which T1 is answered after 1h30 (met)
// and T2 after 5 hours (breached at 13:00), then the given events.
func twoAnswered(t *testing.T, more ...Event) *Evaluator {
	t.Helper()
	ev, err := NewEvaluator(loadSeed(t, "minimal.json"))
	if err != nil {
		t.Fatal(err)
	}
	reply := []string{"author", "agent", "public", "true"}
	for _, e := range append([]Event{
		evt("1", "ticket", "T1", "ticket.created", "2026-03-02T09:00:00Z"),
		evt("2", "ticket", "T2", "ticket.created", "2026-03-02T09:00:00Z"),
		evt("3", "ticket", "T1", "ticket.comment", "2026-03-02T10:30:00Z", reply...),
		evt("4", "ticket", "T2", "ticket.comment", "2026-03-02T14:00:00Z", reply...),
	}, more...) {
		if err := ev.Apply(e); err != nil {
			t.Fatal(err)
		}
	}
	return ev
}

// TestRetire: on the minimal agreement (first reply within 4 hours, 24×7,
// monthly periods) T1 is answered after 1h30 (met) and T2 after 5 hours
// (breached at 13:00). Both are retired; March then still counts one met
// and one missed (attainment 50 %, derived by hand), no subject has a row,
// a later event of T1 is rejected as retired, and retiring T1 again finds
// no subject.
func TestRetire(t *testing.T) {
	ev := twoAnswered(t)
	reply := []string{"author", "agent", "public", "true"}
	asOf := mustTime(t, "2026-04-01T00:00:00Z")
	before := ev.Report(asOf)
	snap, _ := ev.Snapshot("ticket", "T1")
	for _, id := range []string{"T1", "T2"} {
		if err := ev.Retire("ticket", id); err != nil {
			t.Fatalf("Retire(%s) = %v", id, err)
		}
		if _, ok := ev.Snapshot("ticket", id); ok {
			t.Errorf("Snapshot(%s) after Retire: the evaluator still holds it", id)
		}
	}
	after := ev.Report(asOf)
	if len(after.Subjects) != 0 {
		t.Errorf("Subjects after retiring both = %d rows, want none", len(after.Subjects))
	}
	ps := findPeriods(after, "o")
	if len(ps) != 3 {
		t.Fatalf("periods of o = %d, want 3 (January to March)", len(ps))
	}
	march := ps[2]
	if march.Met != 1 || march.Missed != 1 || march.Attainment == nil || march.Attainment.String() != "50" {
		t.Errorf("March = met %d, missed %d, attainment %v; want 1, 1, 50", march.Met, march.Missed, march.Attainment)
	}
	before.Subjects, after.Subjects = nil, nil
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("report changed beyond its subject rows (-before +after):\n%s", diff)
	}
	err := ev.Apply(evt("5", "ticket", "T1", "ticket.comment", "2026-03-03T09:00:00Z", reply...))
	if !errors.Is(err, ErrRetired) {
		t.Errorf("event of a retired subject: %v, want ErrRetired", err)
	}
	if err := ev.Apply(evt("3", "ticket", "T1", "ticket.comment", "2026-03-02T10:30:00Z", reply...)); !errors.Is(err, ErrRetired) {
		t.Errorf("re-sent event of a retired subject: %v, want ErrRetired", err)
	}
	if n := ev.Report(asOf).Input.Rejected[ReasonRetired]; n != 2 {
		t.Errorf("Rejected[retired] = %d, want 2", n)
	}
	if err := ev.Retire("ticket", "T1"); !errors.Is(err, ErrUnknownSubject) {
		t.Errorf("Retire of a retired subject: %v, want ErrUnknownSubject", err)
	}
	// A snapshot taken before retiring cannot bring it back: its verdicts
	// would count twice.
	if err := ev.Restore(snap); !errors.Is(err, ErrMismatch) {
		t.Errorf("Restore of a retired subject: %v, want ErrMismatch", err)
	}
	// A new ticket is unaffected.
	if err := ev.Apply(evt("6", "ticket", "T3", "ticket.created", "2026-03-03T09:00:00Z")); err != nil {
		t.Errorf("new ticket after retirements: %v", err)
	}
}

// TestRetireNotClosed: a subject whose verdicts can still change is not
// retired, and nothing changes: a ticket whose resolution clock runs, a
// ticket with a pending obligation, and a service measured by
// availability.
func TestRetireNotClosed(t *testing.T) {
	desk, err := NewEvaluator(loadSeed(t, "support-desk.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []Event{
		evt("1", "ticket", "T1", "ticket.created", "2026-01-05T09:00:00Z"),
		evt("2", "ticket", "T2", "ticket.created", "2026-01-05T09:00:00Z"),
		evt("3", "ticket", "T2", "ticket.comment", "2026-01-05T10:00:00Z", "author", "agent", "public", "true"),
		evt("4", "ticket", "T2", "ticket.updated", "2026-01-05T11:00:00Z", "status", "solved"),
		evt("5", "ticket", "T2", "info-requested", "2026-01-05T11:00:00Z"),
	} {
		if err := desk.Apply(e); err != nil {
			t.Fatal(err)
		}
	}
	up, err := NewEvaluator(loadSeed(t, "saas-uptime.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := up.Apply(evt("1", "service", "app", "down", "2026-01-05T09:00:00Z", "service", "app")); err != nil {
		t.Fatal(err)
	}
	if err := up.Apply(evt("2", "service", "app", "up", "2026-01-05T09:10:00Z", "service", "app")); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		ev       *Evaluator
		typ, id  string
		mentions string
	}{
		{"running clock", desk, "ticket", "T1", "clock"},
		{"obligation not done", desk, "ticket", "T2", "customer-answers"},
		{"availability", up, "service", "app", "availability"},
	} {
		t.Run(c.name, func(t *testing.T) {
			snap, _ := c.ev.Snapshot(c.typ, c.id)
			err := c.ev.Retire(c.typ, c.id)
			if !errors.Is(err, ErrNotClosed) {
				t.Fatalf("Retire = %v, want ErrNotClosed", err)
			}
			if !containsWord(err.Error(), c.mentions) {
				t.Errorf("Retire error %q does not say %q", err, c.mentions)
			}
			after, ok := c.ev.Snapshot(c.typ, c.id)
			if !ok {
				t.Fatal("the subject is gone after a failed Retire")
			}
			if diff := cmp.Diff(snap, after); diff != "" {
				t.Errorf("a failed Retire changed the subject (-before +after):\n%s", diff)
			}
		})
	}
}

func containsWord(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		if s[i:i+len(w)] == w {
			return true
		}
	}
	return false
}

// TestMergeRetiredMismatch: retired verdicts that do not fit the agreement,
// a subject held in one partial but retired in another, and a subject
// retired in two partials, fail with ErrMismatch.
func TestMergeRetiredMismatch(t *testing.T) {
	base, err := NewEvaluator(loadSeed(t, "minimal.json"))
	if err != nil {
		t.Fatal(err)
	}
	at := mustTime(t, "2026-03-02T09:00:00Z")
	for _, pt := range []Partial{
		{Agreement: "minimal", Retired: []RetiredVerdict{{Objective: "nope", Version: 0, At: at, State: StateMet}}},
		{Agreement: "minimal", Retired: []RetiredVerdict{{Objective: "o", Version: 3, At: at, State: StateMet}}},
		{Agreement: "minimal", Retired: []RetiredVerdict{{Objective: "o", Version: 0, At: at, State: "pending"}}},
	} {
		if err := base.Empty().Merge(pt); !errors.Is(err, ErrMismatch) {
			t.Errorf("Merge(%+v) = %v, want ErrMismatch", pt.Retired, err)
		}
	}
	held := base.Empty()
	_ = held.Apply(evt("1", "ticket", "T1", "ticket.created", "2026-03-02T09:00:00Z"))
	gone := base.Empty()
	_ = gone.Apply(evt("1", "ticket", "T1", "ticket.created", "2026-03-02T09:00:00Z"))
	_ = gone.Apply(evt("2", "ticket", "T1", "ticket.comment", "2026-03-02T10:00:00Z", "author", "agent", "public", "true"))
	if err := gone.Retire("ticket", "T1"); err != nil {
		t.Fatal(err)
	}
	if err := base.Empty().Merge(held.Partial(), gone.Partial()); !errors.Is(err, ErrMismatch) {
		t.Errorf("Merge of T1 held and T1 retired = %v, want ErrMismatch", err)
	}
	if err := base.Empty().Merge(gone.Partial(), gone.Partial()); !errors.Is(err, ErrMismatch) {
		t.Errorf("Merge of one partial with a retired subject twice = %v, want ErrMismatch", err)
	}
}

// TestRetireClosed: the sweep retires the closed subjects whose last event
// is before the cut-off and leaves the rest: T1 (answered, last event
// 10:30) goes; T2 (answered at 14:00, after the cut-off) and T3 (open)
// stay. Retiring the closed ones changes no period.
func TestRetireClosed(t *testing.T) {
	ev := twoAnswered(t, evt("5", "ticket", "T3", "ticket.created", "2026-03-02T09:00:00Z"))
	asOf := mustTime(t, "2026-04-01T00:00:00Z")
	before := ev.Report(asOf)
	if n := ev.RetireClosed(mustTime(t, "2026-03-02T12:00:00Z")); n != 1 {
		t.Errorf("RetireClosed = %d, want 1 (T1)", n)
	}
	for id, held := range map[string]bool{"T1": false, "T2": true, "T3": true} {
		if _, ok := ev.Snapshot("ticket", id); ok != held {
			t.Errorf("%s held = %v, want %v", id, ok, held)
		}
	}
	if n := ev.RetireClosed(asOf); n != 1 {
		t.Errorf("second sweep = %d, want 1 (T2; T3 is open)", n)
	}
	after := ev.Report(asOf)
	if diff := cmp.Diff(before.Periods, after.Periods); diff != "" {
		t.Errorf("periods changed by the sweeps (-before +after):\n%s", diff)
	}
}
