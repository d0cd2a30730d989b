package sla

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// replayEvaluator returns an evaluator of the support desk's replay data
// (examples/replay/data: its agreement and events) with every event
// applied, and the last event applied.
func replayEvaluator(b *testing.B) (*Evaluator, Event) {
	b.Helper()
	dir := filepath.Join("..", "examples", "replay", "data")
	raw, err := os.ReadFile(filepath.Join(dir, "support-desk.json"))
	if err != nil {
		b.Fatal(err)
	}
	a, err := Decode(raw)
	if err != nil {
		b.Fatal(err)
	}
	ev, err := NewEvaluator(a)
	if err != nil {
		b.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "events.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var last Event
	for e, err := range DecodeEvents(f) {
		if err != nil {
			b.Fatal(err)
		}
		_ = ev.Apply(e) // the replay data holds a few rejected events on purpose
		last = e
	}
	return ev, last
}

// BenchmarkPersist measures what a host writes after one event on the
// support desk's replay data: the whole evaluator (Partial) against the
// aggregate record (Aggregates) and the one subject the event changed
// (Snapshot), each encoded as JSON; "bytes" is the encoded size.
func BenchmarkPersist(b *testing.B) {
	ev, last := replayEvaluator(b)
	for _, bc := range []struct {
		name string
		save func() any
	}{
		{"Partial", func() any { return ev.Partial() }},
		{"Aggregates", func() any { return ev.Aggregates() }},
		{"Subject", func() any { ss, _ := ev.Snapshot(last.SubjectType, last.Subject); return ss }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			var n int
			for b.Loop() {
				out, err := json.Marshal(bc.save())
				if err != nil {
					b.Fatal(err)
				}
				n = len(out)
			}
			b.ReportMetric(float64(n), "bytes")
		})
	}
}
