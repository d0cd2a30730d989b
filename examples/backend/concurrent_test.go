package main

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/slaeval/slaeval/sla"
)

// TestConcurrentTenants posts the month to three tenants at once over
// HTTP while the scheduler ticks, as a running host would; each tenant's
// report must equal the single evaluation, and the tenants, whose
// agreements are equal, share one compiled agreement. Run it with -race.
func TestConcurrentTenants(t *testing.T) {
	doc, events := replayData(t)
	want, _ := reference(t, doc, events, endOfMarch)
	clock := newFakeClock(events[0].At)
	in := start(t, filepath.Join(t.TempDir(), "b.db"), clock)
	tenants := []string{"a", "b", "c"}
	for _, name := range tenants {
		mustPut(t, in.c, name, doc)
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(tenants)+1)
	for _, name := range tenants {
		wg.Go(func() {
			for b := range slices.Chunk(events, 150) {
				if _, err := in.c.postEvents(context.Background(), name, b); err != nil {
					errs <- fmt.Errorf("tenant %s: %w", name, err)
					return
				}
			}
		})
	}
	done := make(chan struct{})
	var ticks sync.WaitGroup
	ticks.Go(func() {
		for {
			select {
			case <-done:
				return
			default:
			}
			// The clock stays at the first event: the ticks find
			// nothing due, but they take the tenants' locks and read
			// their evaluators while batches are applied.
			if _, _, err := in.srv.Tick(context.Background()); err != nil {
				errs <- err
				return
			}
		}
	})
	wg.Wait()
	close(done)
	ticks.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	clock.Set(endOfMarch)
	if _, _, err := in.srv.Tick(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, name := range tenants {
		diffReports(t, "tenant "+name, want, mustReport(t, in.c, name, endOfMarch))
	}
	var compiled []*sla.Compiled
	for _, name := range tenants {
		tn, err := in.srv.tenant(name)
		if err != nil {
			t.Fatal(err)
		}
		tn.mu.Lock()
		compiled = append(compiled, tn.compiled)
		tn.mu.Unlock()
	}
	if compiled[0] != compiled[1] || compiled[1] != compiled[2] {
		t.Errorf("tenants of one agreement hold compiled agreements %p, %p, %p; want one shared", compiled[0], compiled[1], compiled[2])
	}
}
