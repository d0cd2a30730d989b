package sla

import (
	"testing"
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
