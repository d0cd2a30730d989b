package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/slaeval/slaeval/sla"
)

// How the backend is interrupted at a cut.
type killMode int

const (
	// killBetween stops the backend between two batches: everything
	// posted so far committed.
	killBetween killMode = iota
	// killInCommit takes an image of the database files in the middle of
	// a batch's transaction (every row written, Commit not yet called),
	// as a process killed there leaves them, and restarts from the
	// image; the client, which got no answer, posts the batch again.
	killInCommit
	// failCommit makes one batch's commit fail: the backend keeps
	// running (it rebuilds the tenant from the database), answers 503,
	// and the client posts the batch again.
	failCommit
)

func (m killMode) String() string {
	return [...]string{"between batches", "crash image inside a transaction", "failed commit"}[m]
}

var errKilled = errors.New("test: killed before commit")

// TestKillRestart feeds the support desk's stream through the backend in
// batches of random sizes, interrupts it at random batches in each of
// the three ways above, restarts it from its database file, and
// finishes the stream. The final report must equal a single
// uninterrupted evaluation of the whole stream (the reference evaluator,
// itself checked against sla.Evaluate in TestHTTPRoundTrip), and the
// notifications stored must be exactly the changes that evaluation's
// feed hands over: none lost, none twice. Each restart must also report
// exactly as the backend did before it was stopped.
func TestKillRestart(t *testing.T) {
	doc, events := replayData(t)
	want, wantChanges := reference(t, doc, events, endOfMarch)
	seeds := []uint64{1, 2, 3, 4, 5, 6}
	if testing.Short() {
		seeds = seeds[:2]
	}
	for _, seed := range seeds {
		rng := rand.New(rand.NewPCG(seed, 17))
		var sizes []int
		for n := 0; n < len(events); {
			size := 1 + rng.IntN(200)
			sizes = append(sizes, size)
			n += size
		}
		batches := chunks(events, sizes)
		// Two cuts, each at a random batch, in a random way.
		cuts := map[int]killMode{
			rng.IntN(len(batches)): killMode(rng.IntN(3)),
			rng.IntN(len(batches)): killMode(rng.IntN(3)),
		}
		name := fmt.Sprintf("seed %d: %d batches, cuts %v", seed, len(batches), cuts)
		t.Run(name, func(t *testing.T) {
			runWithCuts(t, doc, batches, cuts, want, wantChanges)
		})
	}
}

func runWithCuts(t *testing.T, doc []byte, batches [][]sla.Event, cuts map[int]killMode, want sla.Report, wantChanges []Notification) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "b.db")
	clock := newFakeClock(batches[0][0].At)
	in := start(t, path, clock)
	mustPut(t, in.c, "acme", doc)
	for i, b := range batches {
		mode, cut := cuts[i]
		if !cut {
			mustPost(t, in.c, "acme", b)
			continue
		}
		before := mustReport(t, in.c, "acme", endOfMarch)
		switch mode {
		case killBetween:
			in.stop()
			in = start(t, path, clock)
		case killInCommit, failCommit:
			image := filepath.Join(t.TempDir(), "b.db")
			in.srv.beforeCommit = func(string) error {
				if mode == killInCommit {
					copyDB(t, path, image)
				}
				return errKilled
			}
			_, err := in.c.postEvents(ctx, "acme", b)
			var ae *apiError
			if !errors.As(err, &ae) || ae.Status != 503 {
				t.Fatalf("batch %d with a commit that fails: %v, want HTTP 503", i, err)
			}
			in.srv.beforeCommit = nil
			if mode == killInCommit {
				in.stop()
				in, path = start(t, image, clock), image
			}
		}
		// Restored (or rebuilt): the same report as before the cut.
		diffReports(t, fmt.Sprintf("after the cut at batch %d (%v)", i, mode), before, mustReport(t, in.c, "acme", endOfMarch))
		mustPost(t, in.c, "acme", b)
	}
	clock.Set(endOfMarch)
	if _, _, err := in.srv.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	diffReports(t, "final", want, mustReport(t, in.c, "acme", endOfMarch))
	if d := cmp.Diff(wantChanges, withoutSeq(mustChanges(t, in.c, "acme"))); d != "" {
		t.Errorf("stored notifications differ from the single evaluation's feed (-want +got):\n%s", d)
	}
}

// copyDB copies the database file and its write-ahead log as they are
// on disk now, as a process killed now leaves them (the shared-memory
// index is rebuilt on open). SQLite ignores, on opening the copy, the
// log frames of a transaction that had not committed.
func copyDB(t *testing.T, from, to string) {
	t.Helper()
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(from + suffix)
		if errors.Is(err, os.ErrNotExist) && suffix != "" {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(to+suffix, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// TestRedeliveryAfterRestart posts a batch again after a restart (a
// producer that did not see the answer): each of its events is counted
// once, as a duplicate the second time, and nothing else changes.
func TestRedeliveryAfterRestart(t *testing.T) {
	doc, events := replayData(t)
	want, wantChanges := reference(t, doc, events, endOfMarch)
	path := filepath.Join(t.TempDir(), "b.db")
	clock := newFakeClock(events[0].At)
	in := start(t, path, clock)
	mustPut(t, in.c, "acme", doc)
	batches := chunks(events, []int{300, 300})
	mustPost(t, in.c, "acme", batches[0])
	mustPost(t, in.c, "acme", batches[1])
	in.stop()
	in = start(t, path, clock)
	again := mustPost(t, in.c, "acme", batches[1])
	if again.Accepted != 0 || len(again.Rejected) != len(batches[1]) || again.Changes != 0 {
		t.Errorf("batch posted again: accepted %d, rejected %d, changes %d; want 0, %d, 0", again.Accepted, len(again.Rejected), again.Changes, len(batches[1]))
	}
	for _, r := range again.Rejected {
		if r.Reason != sla.ReasonDuplicate {
			t.Errorf("event %d (%s) posted again: %s, want a duplicate", r.Index, r.ID, r.Error)
			break
		}
	}
	mustPost(t, in.c, "acme", batches[2])
	clock.Set(endOfMarch)
	if _, _, err := in.srv.Tick(context.Background()); err != nil {
		t.Fatal(err)
	}
	// The single evaluation, with the 300 re-sent events counted as
	// duplicates: the only difference.
	want.Input.Duplicates += int64(len(batches[1]))
	diffReports(t, "after a batch posted twice", want, mustReport(t, in.c, "acme", endOfMarch))
	if d := cmp.Diff(wantChanges, withoutSeq(mustChanges(t, in.c, "acme"))); d != "" {
		t.Errorf("stored notifications (-want +got):\n%s", d)
	}
}
