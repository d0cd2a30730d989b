package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/slaeval/slaeval/sla"
)

// TestLateEvents delivers the support desk's stream reordered, as
// webhooks arrive (about one event in fifteen held back by up to 60
// places), in batches, with a restart in the middle. The backend puts
// each late event in its place with Recompute, from the subject's
// history in its event log, so the final report must equal the single
// evaluation of the stream in time order (the replay data is sorted),
// input accounting aside: the library counts a late event's first
// delivery as it was handed over (rejected out of order), as documented
// (sla package doc, "Late events").
func TestLateEvents(t *testing.T) {
	doc, events := replayData(t)
	want, _ := reference(t, doc, events, endOfMarch)
	for seed := range uint64(3) {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 23))
			delivered := slices.Clone(events)
			moved := 0
			for i := len(delivered) - 2; i >= 0; i-- {
				if rng.IntN(15) != 0 {
					continue
				}
				j := min(i+1+rng.IntN(60), len(delivered)-1)
				e := delivered[i]
				copy(delivered[i:j], delivered[i+1:j+1])
				delivered[j] = e
				moved++
			}
			path := filepath.Join(t.TempDir(), "b.db")
			clock := newFakeClock(events[0].At)
			in := start(t, path, clock)
			mustPut(t, in.c, "acme", doc)
			batches := chunks(delivered, slices.Repeat([]int{70}, 20))
			recomputed := 0
			for i, b := range batches {
				if i == len(batches)/2 {
					in.stop()
					in = start(t, path, clock)
				}
				recomputed += mustPost(t, in.c, "acme", b).Recomputed
			}
			clock.Set(endOfMarch)
			if _, _, err := in.srv.Tick(context.Background()); err != nil {
				t.Fatal(err)
			}
			got := mustReport(t, in.c, "acme", endOfMarch)
			diffReports(t, fmt.Sprintf("%d events held back", moved), want, got, cmpopts.IgnoreFields(sla.Report{}, "Input"))
			if got.Input.Total() != int64(len(events)) {
				t.Errorf("events counted = %d, want %d (each delivery once)", got.Input.Total(), len(events))
			}
			if recomputed == 0 {
				t.Errorf("%d events held back and none recomputed: the test reordered nothing that matters", moved)
			}
			t.Logf("%d events held back, %d recomputed into place", moved, recomputed)
		})
	}
}
