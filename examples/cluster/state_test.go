package main

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/slaeval/slaeval/sla"
)

// TestStoredStateProperty checks the state protocol without a cluster, on
// random streams and random P: events go to evaluators by Partition;
// each partition commits its changed subjects and aggregate record (the
// bucket's keys and JSON values, as a worker writes them) at random
// points, and crashes at random points — its evaluator rebuilt from the
// committed records and the events since its last commit applied again,
// as a new owner reading the stream from the stored position does. The
// partials of the partitions rebuilt from their final records merge into
// the report of one evaluator fed the whole stream.
func TestStoredStateProperty(t *testing.T) {
	td, err := loadTestData()
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(rt *rapid.T) {
		a, events := td.desk, deskStream(td).Draw(rt, "desk events")
		if rapid.Bool().Draw(rt, "sales agreement") {
			a, events = td.sales, salesStream(0).Draw(rt, "sales events")
		}
		c, err := sla.Compile(a)
		if err != nil {
			rt.Fatal(err)
		}
		const tenant = "t"
		var key sla.IDKey // one key for every partition, as Config.IDKey
		key[0] = 1
		p := rapid.IntRange(1, 8).Draw(rt, "partitions")
		bucket := map[int]map[string][]byte{}
		mem := map[int]*tenantState{}
		pending := map[int][]sla.Event{} // applied since the partition's last commit
		fresh := func(n int) *tenantState {
			ts, err := newTenantState(c, key, tenant, n)
			if err != nil {
				rt.Fatal(err)
			}
			return ts
		}

		apply := func(n int, e sla.Event) {
			ts := mem[n]
			if ts == nil {
				ts = fresh(n)
				ts.watch()
				mem[n] = ts
			}
			ts.advance(e.At)
			_ = ts.ev.Apply(e) // rejections are counted in the report
		}
		commitPart := func(n int) {
			ts := mem[n]
			if ts == nil {
				return
			}
			puts, err := ts.puts(n, tenant)
			if err != nil {
				rt.Fatal(err)
			}
			if bucket[n] == nil {
				bucket[n] = map[string][]byte{}
			}
			for _, kp := range puts {
				if kp.del {
					delete(bucket[n], kp.key)
				} else {
					bucket[n][kp.key] = kp.val
				}
			}
			ts.ev.MarkSaved()
			ts.feed = nil
			pending[n] = nil
		}
		restore := func(n int) *tenantState {
			st := newStored()
			for k, v := range bucket[n] {
				if err := st.add(n, k, v, 0); err != nil {
					rt.Fatal(err)
				}
			}
			ts, err := st.tenants(func(string) (*tenantState, error) { return fresh(n), nil })
			if err != nil {
				rt.Fatal(err)
			}
			return ts[tenant] // nil: nothing committed yet
		}
		for i, e := range events {
			n := Partition(e.SubjectType, e.Subject, p)
			apply(n, e)
			pending[n] = append(pending[n], e)
			if rapid.IntRange(0, 3).Draw(rt, "commit after event") == 0 {
				commitPart(n)
			}
			if rapid.IntRange(0, 9).Draw(rt, "crash after event") == 0 {
				redo := pending[n]
				mem[n], pending[n] = restore(n), nil
				for _, r := range redo {
					apply(n, r)
					pending[n] = append(pending[n], r)
				}
				rt.Logf("event %d: partition %d crashed, %d events applied again", i, n, len(redo))
			}
		}
		var parts []sla.Partial
		for n := range p {
			commitPart(n)
			if ts := restore(n); ts != nil {
				parts = append(parts, ts.ev.Partial())
			}
		}
		merged, err := sla.Merge(a, parts...)
		if err != nil {
			rt.Fatal(err)
		}
		asOf := lastAt(events)
		if asOf.IsZero() {
			asOf = time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
		}
		want, err := single(a, events, asOf)
		if err != nil {
			rt.Fatal(err)
		}
		if d := cmp.Diff(want, merged.Report(asOf)); d != "" {
			rt.Fatalf("%d events, P=%d: merged report differs from one evaluator's (-want +got):\n%s", len(events), p, d)
		}
	})
}
