package sla

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/slaeval/slaeval/penalty"
)

func TestNextChange(t *testing.T) {
	a := loadSeed(t, "support-desk.json")
	ev, err := NewEvaluator(a)
	if err != nil {
		t.Fatal(err)
	}
	if err := ev.Apply(evt("c", "ticket", "T1", "ticket.created", "2026-03-02T09:00:00Z")); err != nil {
		t.Fatal(err)
	}
	// First reply: 24 business hours (Mon–Fri 07:30–22:00, GMT) from Mon 2
	// March 09:00, with warnings at 75% and 1 hour before.
	//   75% = 18 h: 13 h on Monday, 5 h from Tue 07:30 → Tue 12:30.
	//   due: 13 h + 11 h → Tue 18:30; one business hour before → 17:30.
	//   breached from the first instant past 18:30.
	// Resolution (5 business days) falls due on Mon 9 March 09:00, after
	// all of these.
	steps := []struct{ after, want string }{
		{"2026-03-02T09:00:00Z", "2026-03-03T12:30:00Z"},
		{"2026-03-03T12:30:00Z", "2026-03-03T17:30:00Z"},
		{"2026-03-03T17:30:00Z", "2026-03-03T18:30:00Z"},
	}
	for _, s := range steps {
		got, ok := ev.NextChange(mustTime(t, s.after))
		if !ok || !got.Equal(mustTime(t, s.want)) {
			t.Errorf("NextChange(%s) = %v, %v, want %s", s.after, got, ok, s.want)
		}
	}
	got, ok := ev.NextChange(mustTime(t, "2026-03-03T18:30:00Z"))
	if !ok || !got.After(mustTime(t, "2026-03-03T18:30:00Z")) || got.After(mustTime(t, "2026-03-03T18:30:01Z")) {
		t.Errorf("NextChange(18:30) = %v, %v, want the instant just past due", got, ok)
	}
	r := ev.Report(mustTime(t, "2026-03-03T18:31:00Z"))
	fr, _ := findSubject(r, "ticket", "T1", "first-reply")
	if fr.State != StateBreached || len(fr.Warnings) != 2 || !fr.Warnings[0].Equal(mustTime(t, "2026-03-03T12:30:00Z")) {
		t.Errorf("first-reply = %+v, want breached with warnings at 12:30 and 17:30", fr)
	}
}

func TestClockCycles(t *testing.T) {
	ev, err := NewEvaluator(benchAgreement(t))
	if err != nil {
		t.Fatal(err)
	}
	req := []string{"author", "requester", "public", "true"}
	agent := []string{"author", "agent", "public", "true"}
	es := []Event{
		evt("1", "ticket", "T", "ticket.created", "2026-03-02T09:00:00Z"),
		evt("2", "ticket", "T", "ticket.comment", "2026-03-02T10:00:00Z", req...),
		evt("3", "ticket", "T", "ticket.comment", "2026-03-02T11:00:00Z", agent...),
		evt("4", "ticket", "T", "ticket.comment", "2026-03-02T12:00:00Z", req...),
		evt("5", "ticket", "T", "ticket.comment", "2026-03-02T21:00:00Z", agent...),
		evt("6", "ticket", "T", "ticket.comment", "2026-03-03T09:00:00Z", req...),
	}
	for _, e := range es {
		if err := ev.Apply(e); err != nil {
			t.Fatal(err)
		}
	}
	// Next reply, 8 business hours (Mon–Fri 07:30–22:00): 10:00→11:00 is
	// 1 h, met; 12:00→21:00 is 9 h, breached at 20:00; the third cycle,
	// from Tue 09:00, has run 1 h by 10:00.
	r := ev.Report(mustTime(t, "2026-03-03T10:00:00Z"))
	nr, _ := findSubject(r, "ticket", "T", "next-reply")
	want := []Cycle{
		{Cycle: 1, Start: mustTime(t, "2026-03-02T10:00:00Z"), End: mustTime(t, "2026-03-02T11:00:00Z"), Elapsed: penalty.Duration(hour), Target: penalty.Duration(8 * hour), State: StateMet},
		{Cycle: 2, Start: mustTime(t, "2026-03-02T12:00:00Z"), End: mustTime(t, "2026-03-02T21:00:00Z"), Elapsed: penalty.Duration(9 * hour), Target: penalty.Duration(8 * hour), State: StateBreached, BreachAt: mustTime(t, "2026-03-02T20:00:00Z")},
		{Cycle: 3, Start: mustTime(t, "2026-03-03T09:00:00Z"), Elapsed: penalty.Duration(hour), Target: penalty.Duration(8 * hour), State: StateRunning},
	}
	if diff := cmp.Diff(want, nr.Cycles); diff != "" {
		t.Errorf("next-reply cycles (-want +got):\n%s", diff)
	}
}
