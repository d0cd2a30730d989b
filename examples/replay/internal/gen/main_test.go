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

// TestCommittedSeeds: the committed events of the other two seeds are
// exactly what the generator writes.
func TestCommittedSeeds(t *testing.T) {
	for _, tc := range []struct {
		name string
		gen  func() []sla.Event
		file string
	}{
		{"saas-credits", generateSaaS, "../../data/saas-credits-events.jsonl"},
		{"sales-marketing", generateSales, "../../data/sales-marketing-events.jsonl"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := encode(tc.gen())
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(tc.file)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("the %s events differ from %s; run go generate ./examples/replay", tc.name, tc.file)
			}
		})
	}
}

// TestSalesLeadCounts: the generator qualifies the leads per month and
// level its doc comment promises (the browser and seed tests rely on them).
func TestSalesLeadCounts(t *testing.T) {
	got := map[string]int{}
	for _, e := range generateSales() {
		if q, ok := e.Attr("quality"); ok && e.Kind == "lead-qualified" {
			got[e.At.In(london).Format("Jan")+" "+q]++
		}
	}
	want := map[string]int{"Jan A": 52, "Jan B": 47, "Feb A": 55, "Feb B": 51, "Mar A": 44, "Mar B": 58, "Apr A": 21, "Apr B": 24}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s leads = %d, want %d", k, got[k], n)
		}
	}
}
