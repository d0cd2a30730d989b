package sla

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestEventJSON(t *testing.T) {
	e := withValue(evt("e1", "ticket", "T-1", "ticket.created", "2026-03-02T09:00:00Z", "priority", "high", "channel", "email"), "12.5")
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	// Field names as documented; attributes as an object with sorted keys.
	want := `{"id":"e1","subjectType":"ticket","subject":"T-1","kind":"ticket.created","at":"2026-03-02T09:00:00Z","attrs":{"channel":"email","priority":"high"},"value":"12.5"}`
	if string(b) != want {
		t.Errorf("Marshal = %s, want %s", b, want)
	}
	var back Event
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	// Attributes come back sorted by key.
	e.Attrs[0], e.Attrs[1] = e.Attrs[1], e.Attrs[0]
	if diff := cmp.Diff(e, back); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	// Each error wraps ErrType and names the field at fault (the message
	// a host shows next to the line it read).
	bad := []struct{ in, names string }{
		{`{"id":"e1","subject":"T","colour":"red"}`, `"colour"`},
		{`{"id":"e1","value":12.5}`, `"value"`},
		{`{"id":"e1","at":"yesterday"}`, `"at"`},
		{`{"id":"e1","at":12}`, `"at"`},
		{`{"id":"e1","attrs":{"n":1}}`, `"attrs"`},
		{`{"id":7}`, `field "id"`},
		{`{"id":"e1","subject":["T"]}`, `"subject"`},
		{`{"id":"e1","attrs":[]}`, `"attrs"`},
	}
	for _, b := range bad {
		err := json.Unmarshal([]byte(b.in), &back)
		if !errors.Is(err, ErrType) {
			t.Errorf("Unmarshal(%s) = %v, want ErrType", b.in, err)
			continue
		}
		if !strings.Contains(err.Error(), b.names) {
			t.Errorf("Unmarshal(%s) = %q, want the message to name %s", b.in, err, b.names)
		}
	}
	// A missing or null instant stays zero (the evaluator rejects it later).
	for _, in := range []string{`{"id":"e1"}`, `{"id":"e1","at":null}`} {
		var e Event
		if err := json.Unmarshal([]byte(in), &e); err != nil || !e.At.IsZero() {
			t.Errorf("Unmarshal(%s) = %v with At %v, want no error and a zero At", in, err, e.At)
		}
	}
}

func TestReportJSONFieldNames(t *testing.T) {
	a := loadSeed(t, "support-desk.json")
	r, err := Evaluate(a, seq(supportDeskEvents()), mustTime(t, "2026-04-01T00:00:00+01:00"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{`"agreement":`, `"asOf":`, `"version":`, `"subjects":`, `"periods":`, `"obligations":`, `"penalties":`,
		`"credit":`, `"review":`, `"input":`, `"applied":`, `"objective":`, `"state":`, `"cycles":`, `"breachAt":`, `"verdict":`, `"attainment":`} {
		if !strings.Contains(string(b), f) {
			t.Errorf("report JSON lacks %s", f)
		}
	}
	var back Report
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, back); diff != "" {
		t.Errorf("report JSON round trip (-want +got):\n%s", diff)
	}
}

func TestChronicTermination(t *testing.T) {
	a := loadSeed(t, "saas-uptime.json")
	// A two-hour outage in each of January, February and March: three
	// missed months of any six give globex the right to terminate
	// (chronic-uptime is named by the term's termination for cause); it
	// arises at the end of March, 1 April 00:00 EDT.
	var es []Event
	for i, day := range []string{"2026-01-13", "2026-02-10", "2026-03-10"} {
		n := itoa(i)
		es = append(es, evt("d"+n, "service", "app", "down", day+"T15:00:00Z", "service", "app"),
			evt("u"+n, "service", "app", "up", day+"T17:00:00Z", "service", "app"))
	}
	r, err := Evaluate(a, seq(es), mustTime(t, "2026-04-15T00:00:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Terminations) != 1 || r.Terminations[0].Chronic != "chronic-uptime" || !r.Terminations[0].Arose.Equal(mustTime(t, "2026-04-01T04:00:00Z")) {
		t.Errorf("Terminations = %+v, want chronic-uptime arising 2026-04-01T04:00Z", r.Terminations)
	}
}
