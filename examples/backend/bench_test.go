package main

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/slaeval/slaeval/sla"
)

// The benchmarks feed the support desk's 1,065 events in batches (of
// 10, 100 or all 1,065) into a new tenant per iteration, three ways, so
// that the cost of persistence per batch is the difference between the
// first two:
//
//	ApplyOnly  one evaluator with a feed, ApplyBatch and Advance per batch: no database
//	Persist    Server.PostEvents: the same, plus one SQLite transaction per batch
//	HTTP       Persist through the HTTP API on a loopback port (JSON Lines)
//
// Each reports ns/batch and events/s besides ns/op (one whole stream).

var benchBatches = []int{10, 100, 1065}

func BenchmarkApplyOnly(b *testing.B) {
	for _, n := range benchBatches {
		b.Run(fmt.Sprintf("batch=%d", n), func(b *testing.B) { benchApplyOnly(b, n) })
	}
}

func BenchmarkPersist(b *testing.B) {
	for _, n := range benchBatches {
		b.Run(fmt.Sprintf("batch=%d", n), func(b *testing.B) { benchPersist(b, n) })
	}
}

func BenchmarkHTTP(b *testing.B) {
	b.Run("batch=100", func(b *testing.B) { benchHTTP(b, 100) })
}

func benchApplyOnly(b *testing.B, benchBatch int) {
	doc, events := replayData(b)
	a, err := sla.Decode(doc)
	if err != nil {
		b.Fatal(err)
	}
	c, err := sla.Compile(a)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		ev := c.NewEvaluator()
		var ns []Notification
		ev.SetFeed(func(ch sla.Change) { ns = append(ns, notification(ch)) })
		for batch := range slices.Chunk(events, benchBatch) {
			ns = ns[:0]
			ev.ApplyBatch(batch)
			ev.Advance(batch[len(batch)-1].At)
		}
	}
	report(b, len(events), benchBatch)
}

func benchPersist(b *testing.B, benchBatch int) {
	doc, events := replayData(b)
	srv, err := Open(context.Background(), filepath.Join(b.TempDir(), "b.db"), Config{Clock: newFakeClock(events[0].At).Now})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	a, err := sla.Decode(doc)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		tenant := fmt.Sprintf("t%d", i)
		if _, err := srv.PutAgreement(ctx, tenant, a); err != nil {
			b.Fatal(err)
		}
		for batch := range slices.Chunk(events, benchBatch) {
			if _, err := srv.PostEvents(ctx, tenant, batch); err != nil {
				b.Fatal(err)
			}
		}
	}
	report(b, len(events), benchBatch)
}

func benchHTTP(b *testing.B, benchBatch int) {
	doc, events := replayData(b)
	in := start(b, filepath.Join(b.TempDir(), "b.db"), newFakeClock(events[0].At))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		tenant := fmt.Sprintf("t%d", i)
		mustPut(b, in.c, tenant, doc)
		for batch := range slices.Chunk(events, benchBatch) {
			mustPost(b, in.c, tenant, batch)
		}
	}
	report(b, len(events), benchBatch)
}

// report adds ns/batch and events/s to the benchmark's figures.
func report(b *testing.B, events, benchBatch int) {
	perOp := float64(b.Elapsed()) / float64(b.N)
	batches := (events + benchBatch - 1) / benchBatch
	b.ReportMetric(perOp/float64(batches), "ns/batch")
	b.ReportMetric(float64(events)/(perOp/float64(time.Second)), "events/s")
}
