package sla

import (
	"runtime"
	"sync"
	"testing"
	"time"
)

// reportTickets is the number of tickets the report benchmarks hold.
const reportTickets = 1_000_000

// reportBench is the evaluator the report benchmarks share: built once
// per test binary, since replaying ten million events takes far longer
// than a report.
var reportBench struct {
	once sync.Once
	ev   *Evaluator
	asOf time.Time
	err  error
}

// reportEvaluator returns an evaluator holding reportTickets tickets of
// ticketEvents (ten events each, three clocks per ticket), and the instant
// of the last event.
func reportEvaluator(b *testing.B) (*Evaluator, time.Time) {
	b.Helper()
	reportBench.once.Do(func() {
		es := ticketEvents(reportTickets)
		ev, err := NewEvaluator(benchAgreement(b))
		if err != nil {
			reportBench.err = err
			return
		}
		for _, e := range es {
			if err := ev.Apply(e); err != nil {
				reportBench.err = err
				return
			}
		}
		reportBench.ev, reportBench.asOf = ev, es[len(es)-1].At
		runtime.GC()
	})
	if reportBench.err != nil {
		b.Fatal(reportBench.err)
	}
	return reportBench.ev, reportBench.asOf
}

// BenchmarkReport1M is Report on 1,000,000 tickets; B/subject is the
// memory allocated per ticket. Run with
//
//	go test ./sla -run '^$' -bench 'Report1M' -benchmem -benchtime 3x
func BenchmarkReport1M(b *testing.B) {
	ev, asOf := reportEvaluator(b)
	// The first Report or Summary starts the counters of settled
	// subjects (one extra walk); the loop measures the reports after it.
	ev.Report(asOf)
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	n := 0
	for b.Loop() {
		r := ev.Report(asOf)
		n = len(r.Subjects)
	}
	runtime.ReadMemStats(&after)
	if n != reportTickets {
		b.Fatalf("report lists %d subjects, want %d", n, reportTickets)
	}
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/float64(n), "B/subject")
}

// BenchmarkSummary1M is Summary on the same 1,000,000 tickets, and
// SubjectReports1M a range over every subject report. Run with
//
//	go test ./sla -run '^$' -bench 'Summary1M|SubjectReports1M' -benchmem -benchtime 3x
func BenchmarkSummary1M(b *testing.B) {
	ev, asOf := reportEvaluator(b)
	// As in BenchmarkReport1M, the counters are started before the loop:
	// it measures the summaries a host asking after each batch sees.
	ev.Summary(asOf)
	b.ReportAllocs()
	for b.Loop() {
		if r := ev.Summary(asOf); len(r.Periods) == 0 {
			b.Fatal("a summary without periods")
		}
	}
}

func BenchmarkSubjectReports1M(b *testing.B) {
	ev, asOf := reportEvaluator(b)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n = 0
		for range ev.SubjectReports(asOf) {
			n++
		}
	}
	if n != reportTickets {
		b.Fatalf("%d subject reports, want %d", n, reportTickets)
	}
}

// BenchmarkReplayCounters replays 10,000 tickets (100,000 events) into an
// evaluator whose Summary counters are off (no Summary asked) and on (a
// Summary asked before the first event): the cost of keeping the
// counters as events are applied, per event. Run with
//
//	go test ./sla -run '^$' -bench ReplayCounters -benchmem -count 6
func BenchmarkReplayCounters(b *testing.B) {
	es := ticketEvents(10_000)
	a := benchAgreement(b)
	for _, on := range []bool{false, true} {
		name := "off"
		if on {
			name = "on"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ev, err := NewEvaluator(a)
				if err != nil {
					b.Fatal(err)
				}
				if on {
					ev.Summary(es[0].At)
				}
				for _, e := range es {
					if err := ev.Apply(e); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(es)), "ns/event")
		})
	}
}
