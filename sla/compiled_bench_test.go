package sla

import (
	"testing"
	"time"
)

// BenchmarkNewEvaluator measures a new evaluator of the support desk
// agreement two ways: compiling the agreement (NewEvaluator) and from a
// Compiled shared with other evaluators (Compiled.NewEvaluator). Run with
//
//	go test ./sla -run '^$' -bench NewEvaluator -benchmem -count 6
func BenchmarkNewEvaluator(b *testing.B) {
	a := loadSeed(b, "support-desk.json")
	b.Run("Compile", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := NewEvaluator(a); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Shared", func(b *testing.B) {
		c, err := Compile(a)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			_ = c.NewEvaluator()
		}
	})
}

// BenchmarkTenants replays the same 1,000,000 events (100,000 tickets)
// two ways within each iteration: through one evaluator, and spread over
// 10,000 tenants, each with its own evaluator of one shared Compiled (a
// ticket's events go to the tenant of its number modulo 10,000, so
// consecutive events mostly belong to different tenants). It reports
// both costs per event and their ratio (issue 16's goal: at most 1.5).
// Run with
//
//	go test ./sla -run '^$' -bench Tenants -benchtime 3x -count 6 -cpu 1
func BenchmarkTenants(b *testing.B) {
	const tenants = 10_000
	a := benchAgreement(b)
	c, err := Compile(a)
	if err != nil {
		b.Fatal(err)
	}
	es := ticketEvents(100_000)
	owner := make([]int32, len(es)) // tenant of each event, computed once
	for i := range es {
		n := 0
		for _, ch := range es[i].Subject[1:] {
			n = n*10 + int(ch-'0')
		}
		owner[i] = int32(n % tenants)
	}
	var oneNs, manyNs int64
	b.ReportAllocs()
	for b.Loop() {
		t0 := time.Now()
		one := c.NewEvaluator()
		for i := range es {
			if err := one.Apply(es[i]); err != nil {
				b.Fatal(err)
			}
		}
		t1 := time.Now()
		evs := make([]*Evaluator, tenants)
		for i := range evs {
			evs[i] = c.NewEvaluator()
		}
		for i := range es {
			if err := evs[owner[i]].Apply(es[i]); err != nil {
				b.Fatal(err)
			}
		}
		oneNs += t1.Sub(t0).Nanoseconds()
		manyNs += time.Since(t1).Nanoseconds()
	}
	n := float64(len(es)) * float64(b.N)
	b.ReportMetric(float64(oneNs)/n, "one-ns/event")
	b.ReportMetric(float64(manyNs)/n, "tenants-ns/event")
	b.ReportMetric(float64(manyNs)/float64(oneNs), "ratio")
}
