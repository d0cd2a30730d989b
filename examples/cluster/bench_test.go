package main

import (
	"fmt"
	"testing"
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
// difference from workers=3 is the cost of persistence per event.
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
				h.waitCaughtUp()
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
