package sla

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
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
	//   breached from the first instant past 18:30 (met iff elapsed ≤ 24 h,
	//   and 18:30 is inside opening hours): 18:30 plus one nanosecond. The
	//   due instant itself changes nothing, so it is not returned.
	// Resolution (5 business days) falls due on Mon 9 March 09:00, after
	// all of these.
	steps := []struct {
		after, want string
		plus        time.Duration
	}{
		{"2026-03-02T09:00:00Z", "2026-03-03T12:30:00Z", 0},
		{"2026-03-03T12:30:00Z", "2026-03-03T17:30:00Z", 0},
		{"2026-03-03T17:30:00Z", "2026-03-03T18:30:00Z", 1},
		{"2026-03-03T18:30:00Z", "2026-03-03T18:30:00Z", 1},
	}
	for _, s := range steps {
		got, ok := ev.NextChange(mustTime(t, s.after))
		if !ok || !got.Equal(mustTime(t, s.want).Add(s.plus)) {
			t.Errorf("NextChange(%s) = %v, %v, want %s + %v", s.after, got, ok, s.want, s.plus)
		}
	}
	r := ev.Report(mustTime(t, "2026-03-03T18:31:00Z"))
	fr, _ := findSubject(r, "ticket", "T1", "first-reply")
	if fr.State != StateBreached || len(fr.Warnings) != 2 || !fr.Warnings[0].At.Equal(mustTime(t, "2026-03-03T12:30:00Z")) {
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
		{Cycle: 1, Start: mustTime(t, "2026-03-02T10:00:00Z"), End: mustTime(t, "2026-03-02T11:00:00Z"), Elapsed: hour, Target: 8 * hour, State: StateMet},
		{Cycle: 2, Start: mustTime(t, "2026-03-02T12:00:00Z"), End: mustTime(t, "2026-03-02T21:00:00Z"), Elapsed: 9 * hour, Target: 8 * hour, State: StateBreached, BreachAt: mustTime(t, "2026-03-02T20:00:00Z")},
		{Cycle: 3, Start: mustTime(t, "2026-03-03T09:00:00Z"), Elapsed: hour, Target: 8 * hour, State: StateRunning},
	}
	if diff := cmp.Diff(want, nr.Cycles); diff != "" {
		t.Errorf("next-reply cycles (-want +got):\n%s", diff)
	}
}

// TestNextChangeResolutionWarning: a high-priority ticket's resolution
// clock with a 75% warning. Support hours Mon–Fri 07:30–22:00 GMT (14.5 h
// a day); created Mon 2 March 2026 09:00 with priority high, target P3D
// business days: due Thu 5 March 09:00, 13 + 14.5 + 14.5 + 1.5 = 43h30m.
// 75% of 43h30m = 32h37m30s; by Tue 22:00 27h30m have run, so the warning
// falls 5h07m30s after Wed 07:30: Wed 4 March 12:37:30. At Wed 11:00 the
// clock has run 27h30m + 3h30m = 31h; the first reply (24 h, never
// answered) breached on Tue at 18:30 and changes no more; March ends on
// 1 April. So the next change after Wed 11:00 is the warning, not the due
// instant.
func TestNextChangeResolutionWarning(t *testing.T) {
	a := loadSeed(t, "support-desk.json")
	for i := range a.Versions[0].Objectives {
		o := &a.Versions[0].Objectives[i]
		if o.ID == "resolution" {
			o.Metric.Clock.Warnings = []Warning{{Percent: dec("75")}}
		}
	}
	ev, err := NewEvaluator(a)
	if err != nil {
		t.Fatal(err)
	}
	if err := ev.Apply(evt("c", "ticket", "T2", "ticket.created", "2026-03-02T09:00:00Z", "priority", "high")); err != nil {
		t.Fatal(err)
	}
	at := mustTime(t, "2026-03-04T11:00:00Z")
	r := ev.Report(at)
	res, _ := findSubject(r, "ticket", "T2", "resolution")
	if res.Elapsed != 31*hour || res.Target != 43*hour+30*minute {
		t.Fatalf("resolution = %v of %v, want 31h0m0s of 43h30m0s", res.Elapsed, res.Target)
	}
	want := mustTime(t, "2026-03-04T12:37:30Z")
	if len(res.Warnings) != 1 || res.Warnings[0].Index != 0 || !res.Warnings[0].At.Equal(want) {
		t.Errorf("resolution warnings = %v, want [%s]", res.Warnings, want)
	}
	if got, ok := ev.NextChange(at); !ok || !got.Equal(want) {
		t.Errorf("NextChange(%s) = %v, %v, want %s (the 75%% warning)", at, got, ok, want)
	}
}

// TestWarningsKnowable: first reply within 24 business hours (Mon–Fri
// 07:30–22:00 GMT) with warnings at 75% and 1 hour before; ticket created
// Mon 2 March 2026 09:00. By hand: 75% = 18 h → Tue 12:30; 23 h → Tue
// 17:30. Running on Mon at 10:00, both instants lie ahead and are
// reported. Answered Mon 11:00 (stopped): no run span to place them,
// so no warnings at all (not zero instants).
func TestWarningsKnowable(t *testing.T) {
	ev, err := NewEvaluator(loadSeed(t, "support-desk.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := ev.Apply(evt("c", "ticket", "T1", "ticket.created", "2026-03-02T09:00:00Z")); err != nil {
		t.Fatal(err)
	}
	fr, _ := findSubject(ev.Report(mustTime(t, "2026-03-02T10:00:00Z")), "ticket", "T1", "first-reply")
	want := []ClockWarning{{0, mustTime(t, "2026-03-03T12:30:00Z")}, {1, mustTime(t, "2026-03-03T17:30:00Z")}}
	if diff := cmp.Diff(want, fr.Warnings); diff != "" {
		t.Errorf("running first-reply warnings (-want +got):\n%s", diff)
	}
	if err := ev.Apply(evt("r", "ticket", "T1", "ticket.comment", "2026-03-02T11:00:00Z", "author", "agent", "public", "true")); err != nil {
		t.Fatal(err)
	}
	fr, _ = findSubject(ev.Report(mustTime(t, "2026-03-02T12:00:00Z")), "ticket", "T1", "first-reply")
	if fr.State != StateMet || fr.Warnings != nil {
		t.Errorf("stopped first-reply = %s, warnings %v; want met, no warnings", fr.State, fr.Warnings)
	}
	b, _ := json.Marshal(fr)
	if strings.Contains(string(b), "0001-01-01") || strings.Contains(string(b), `"warnings"`) {
		t.Errorf("stopped first-reply JSON %s has warnings or zero instants", b)
	}
}
