package sla

import (
	"errors"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
)

// TestRestoredNowFeedsNothingTwice: an evaluator saved incrementally
// (Aggregates and its subjects' snapshots) with a feed, and restored into
// a fresh one that sets its feed at once, hands over from then on exactly
// what the evaluator that never stopped hands over (the reference), and
// nothing fed before the save. Without the record's Now the restored
// evaluator would start at the zero instant and feed again every breach
// and warning due before the save.
func TestRestoredNowFeedsNothingTwice(t *testing.T) {
	a := loadSeed(t, "support-desk.json")
	// Two tickets opened on Monday 2 March 2026, never answered: their
	// first-reply clocks warn and breach during the week.
	events := []Event{
		evt("c1", "ticket", "T1", "ticket.created", "2026-03-02T09:00:00Z"),
		evt("c2", "ticket", "T2", "ticket.created", "2026-03-02T10:00:00Z", "priority", "urgent"),
	}
	saveAt := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)
	end := time.Date(2026, 3, 12, 0, 0, 0, 0, time.UTC)

	run := func(ev *Evaluator, from, to time.Time) []Change {
		var got []Change
		ev.SetFeed(func(c Change) { got = append(got, c) })
		for at := from; ; {
			next, ok := ev.NextChange(at)
			if !ok || !next.Before(to) {
				break
			}
			ev.Advance(next)
			at = next
		}
		ev.Advance(to)
		ev.SetFeed(nil)
		return got
	}

	ref, err := NewEvaluator(a)
	if err != nil {
		t.Fatal(err)
	}
	ref.SetFeed(func(Change) {})
	for _, e := range events {
		if err := ref.Apply(e); err != nil {
			t.Fatal(err)
		}
	}
	before := run(ref, events[1].At, saveAt)
	if len(before) == 0 {
		t.Fatal("no change fed before the save: the test would show nothing")
	}
	if got := ref.Now(); !got.Equal(saveAt) {
		t.Fatalf("Now() = %v, want %v (the last Advance)", got, saveAt)
	}
	rec := roundTripT(t, ref.Aggregates())
	var snaps []SubjectSnapshot
	for _, id := range []string{"T1", "T2"} {
		ss, ok := ref.Snapshot("ticket", id)
		if !ok {
			t.Fatalf("Snapshot(ticket, %s) found nothing", id)
		}
		snaps = append(snaps, roundTripT(t, ss))
	}
	want := run(ref, saveAt, end)
	if len(want) == 0 {
		t.Fatal("no change fed after the save: the test would show nothing")
	}

	got, err := NewEvaluator(a)
	if err != nil {
		t.Fatal(err)
	}
	if err := got.RestoreAggregates(rec); err != nil {
		t.Fatal(err)
	}
	for _, ss := range snaps {
		if err := got.Restore(ss); err != nil {
			t.Fatal(err)
		}
	}
	if n := got.Now(); !n.Equal(saveAt) {
		t.Errorf("restored Now() = %v, want %v", n, saveAt)
	}
	if diff := gocmp.Diff(want, run(got, saveAt, end)); diff != "" {
		t.Errorf("changes fed after the restore (-never stopped +restored):\n%s", diff)
	}
}

// TestRestoreAggregatesNowRange: a record whose Now the evaluator could
// not hold is refused with ErrCorrupt at "now" and changes nothing.
func TestRestoreAggregatesNowRange(t *testing.T) {
	ev, err := NewEvaluator(loadSeed(t, "support-desk.json"))
	if err != nil {
		t.Fatal(err)
	}
	rec := ev.Aggregates()
	rec.Now = time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)
	err = ev.RestoreAggregates(rec)
	var e *Error
	if !errors.Is(err, ErrCorrupt) || !errors.As(err, &e) || e.Path != "now" {
		t.Fatalf("RestoreAggregates(now in 2300) = %v, want ErrCorrupt at now", err)
	}
	if n := ev.Now(); !n.IsZero() {
		t.Errorf("Now() after a refused record = %v, want zero", n)
	}
	var zero Evaluator
	if n := zero.Now(); !n.IsZero() {
		t.Errorf("zero Evaluator Now() = %v, want zero", n)
	}
}
