package sla

import (
	"strconv"
	"testing"
	"time"
)

// BenchmarkTenantCount is BenchmarkTenants with fewer tenants: 1 (the
// same evaluator work on both sides: a ratio near 1 shows the measure
// itself is even), 100 and 1,000. The ratio's growth with the tenants
// is the cost of their separate working sets. Run with
//
//	go test ./sla -run '^$' -bench TenantCount -benchtime 3x -count 6 -cpu 1
func BenchmarkTenantCount(b *testing.B) {
	for _, n := range []int{1, 100, 1_000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) { benchTenants(b, n) })
	}
}

// benchTenants is BenchmarkTenants over the given number of tenants.
func benchTenants(b *testing.B, tenants int) {
	const turn = 100_000
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
	var spent [2]time.Duration // by one evaluator, by the tenants'
	b.ReportAllocs()
	for b.Loop() {
		t0 := time.Now()
		one := c.NewEvaluator()
		t1 := time.Now()
		evs := make([]*Evaluator, tenants)
		for i := range evs {
			evs[i] = c.NewEvaluator()
		}
		t2 := time.Now()
		spent[0] += t1.Sub(t0)
		spent[1] += t2.Sub(t1)
		for lo := 0; lo < len(es); lo += turn {
			hi := min(lo+turn, len(es))
			t0 := time.Now()
			applyEach(b, one, es[lo:hi])
			t1 := time.Now()
			for i := lo; i < hi; i++ {
				if err := evs[owner[i]].Apply(es[i]); err != nil {
					b.Fatal(err)
				}
			}
			spent[0] += t1.Sub(t0)
			spent[1] += time.Since(t1)
		}
	}
	perEvent := func(d time.Duration) float64 { return float64(d) / float64(len(es)) / float64(b.N) }
	b.ReportMetric(perEvent(spent[0]), "one-ns/event")
	b.ReportMetric(perEvent(spent[1]), "tenants-ns/event")
	b.ReportMetric(float64(spent[1])/float64(spent[0]), "ratio")
}
