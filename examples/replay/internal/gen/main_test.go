package main

import (
	"bytes"
	"os"
	"testing"

	"github.com/slaeval/slaeval/sla"
)

var generated struct {
	events  []sla.Event
	tickets int
}

// genOnce runs the generator once for all tests (it steps minute by minute).
func genOnce() ([]sla.Event, int) {
	if generated.events == nil {
		generated.events, generated.tickets = generate()
	}
	return generated.events, generated.tickets
}

// TestCommittedOutput: the committed events are exactly what the generator
// writes (run `go generate ./examples/replay` after changing it).
func TestCommittedOutput(t *testing.T) {
	evs, tickets := genOnce()
	got, err := encode(evs)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../data/events.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("generate() differs from data/events.jsonl; run go generate ./examples/replay")
	}
	if tickets < 150 || tickets > 300 {
		t.Errorf("generate() made %d tickets, want 150–300", tickets)
	}
}

// TestAgentsWorkInSupportHours: every agent action and solve falls inside
// Mon–Fri 07:30–22:00 London, except the hand-made timestamps.
func TestAgentsWorkInSupportHours(t *testing.T) {
	evs, _ := genOnce()
	for _, e := range evs {
		agent := e.Kind == "ticket.created" || e.Kind == "info-requested" || e.Kind == "status-changed"
		if v, ok := e.Attr("author"); ok && v == "agent" {
			agent = true
		}
		if v, ok := e.Attr("status"); ok && v == "solved" {
			agent = true
		}
		if agent && !open(e.At) {
			t.Errorf("event %s at %s is outside support hours", e.ID, e.At.In(london).Format("Mon 2006-01-02 15:04"))
		}
	}
}
