package main

import (
	"fmt"
	"testing"
	"time"

	"github.com/slaeval/slaeval/sla"
)

// BenchmarkCluster measures events per second through a 3-node cluster
// in this process, end to end: publishing the replay month (1,065
// events) for three new tenants, and every event applied, its effect
// committed to the bucket and acknowledged. One iteration is those 3,195
// events; run it a fixed number of times (each sub-benchmark starts its
// own cluster, outside the timing):
//
//	go test -run '^$' -bench Cluster -benchtime 5x -benchmem
//
// "nocommit" is 3 workers that skip the commit (they store nothing): the
// difference from workers=3 is the cost of persistence per event. An
// iteration ends when every partition's owner has applied (and, but for
// nocommit, committed) the partition's last event (waitApplied).
func BenchmarkCluster(b *testing.B) {
	for _, bc := range []struct {
		name     string
		workers  int
		noCommit bool
	}{{"workers=1", 1, false}, {"workers=2", 2, false}, {"workers=3", 3, false}, {"workers=3/nocommit", 3, true}} {
		b.Run(bc.name, func(b *testing.B) {
			h := newHarness(b, bc.workers)
			h.cfg.Logf = nil
			for _, w := range h.workers {
				w.noCommit = bc.noCommit
			}
			events := h.td.deskEvents
			b.ReportAllocs()
			b.ResetTimer()
			const tenants = 3
			for i := 0; i < b.N; i++ {
				for j := range tenants {
					h.publish(fmt.Sprintf("desk-bench-%d-%d", i, j), "bench", events)
				}
				h.waitApplied()
			}
			b.StopTimer()
			n := float64(b.N * tenants * len(events))
			b.ReportMetric(n/b.Elapsed().Seconds(), "events/s")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/event")
			var bytes, committed int64
			for _, w := range h.workers {
				bytes += w.committedBytes.Load()
				committed += w.committedEvents.Load()
			}
			if committed > 0 && !bc.noCommit {
				b.ReportMetric(float64(bytes)/float64(committed), "B-stored/event")
			}
		})
	}
}

// BenchmarkPersist measures, without a cluster, the CPU cost per event of
// what a worker does to persist: the replay month spread over 12
// partitions, each committing after every k of its events — the changed
// subjects' snapshots and the aggregate record encoded as the bucket's
// values (the bytes are not sent anywhere). "apply" is the evaluators
// alone; the difference is persistence's CPU cost, beside the commit's
// round trip that BenchmarkCluster includes.
//
//	go test -run '^$' -bench Persist -benchmem
func BenchmarkPersist(b *testing.B) {
	td, c := deskCompiled(b)
	var err error
	const p = 12
	for _, k := range []int{0, 1, 16, 64} {
		name := "apply"
		if k > 0 {
			name = fmt.Sprintf("commit-every-%d", k)
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			var stored int64
			for b.Loop() {
				mem := [p]*tenantState{}
				count := [p]int{}
				for _, e := range td.deskEvents {
					n := Partition(e.SubjectType, e.Subject, p)
					if mem[n] == nil {
						if mem[n], err = newTenantState(c, sla.IDKey{}, "t", n); err != nil {
							b.Fatal(err)
						}
					}
					mem[n].advance(e.At)
					_ = mem[n].ev.Apply(e)
					if k == 0 {
						continue
					}
					if count[n]++; count[n]%k == 0 {
						stored += persist(b, mem[n], n)
					}
				}
				for n := range p {
					if k > 0 && count[n]%k != 0 {
						stored += persist(b, mem[n], n)
					}
				}
			}
			events := float64(b.N * len(td.deskEvents))
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/events, "ns/event")
			if k > 0 {
				b.ReportMetric(float64(stored)/events, "B-stored/event")
			}
		})
	}
}

// persist encodes what changed in a partition's evaluator (Dirty's
// subjects and the aggregate record) as a commit would, marks it saved,
// and returns the size.
func persist(b *testing.B, ts *tenantState, n int) int64 {
	puts, err := ts.puts(n, "t")
	if err != nil {
		b.Fatal(err)
	}
	var size int64
	for _, kp := range puts {
		size += int64(len(kp.key) + len(kp.val))
	}
	ts.ev.MarkSaved()
	return size
}

// waitApplied waits until every partition's owner has taken its last
// event into its evaluators and position (after the commit, unless the
// worker skips commits): WaitCaughtUp without the bucket, for the
// benchmark's workers that store nothing.
func (h *harness) waitApplied() {
	h.t.Helper()
	last, err := lastEvents(h.ctx, h.js, h.cfg)
	if err != nil {
		h.t.Fatal(err)
	}
	for n, want := range last {
		for h.owners[n].position(n) < want {
			select {
			case <-h.ctx.Done():
				h.t.Fatalf("partition %d: position %d, last event %d: %v", n, h.owners[n].position(n), want, h.ctx.Err())
			case <-time.After(5 * time.Millisecond):
			}
		}
	}
}

// position is the position of partition n in its owner w (0 if w does not
// own it).
func (w *Worker) position(n int) uint64 {
	w.mu.Lock()
	pt := w.parts[n]
	w.mu.Unlock()
	if pt == nil {
		return 0
	}
	pt.mu.Lock()
	defer pt.mu.Unlock()
	return pt.pos.Seq
}
