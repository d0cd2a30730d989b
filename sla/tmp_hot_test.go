package sla

import "testing"

func BenchmarkTmpHot(b *testing.B) {
	es := ticketEvents(1000)
	base, err := NewEvaluator(benchAgreement(b))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		ev := base.Empty()
		for _, e := range es {
			if err := ev.Apply(e); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(len(es))/float64(b.N), "ns/event")
}
