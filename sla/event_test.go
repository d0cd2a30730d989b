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
	// Each error wraps ErrType, is an *EventDecodeError and names the
	// field at fault in one line (the message a host shows next to the
	// line it read).
	bad := []struct{ in, field string }{
		{`{"id":"e1","kind":"k","value":12.5,"at":"2026-03-02T09:00:00Z"}`, "value"},
		{`{"id":"e1","kind":"k","value":"12,5","at":"2026-03-02T09:00:00Z"}`, "value"},
		{`{"id":"e1","kind":"k","at":"yesterday"}`, "at"},
		{`{"id":"e1","kind":"k","at":12}`, "at"},
		{`{"id":"e1","kind":"k"}`, "at"},
		{`{"id":"e1","at":"2026-03-02T09:00:00Z"}`, "kind"},
		{`{"id":"e1","kind":"","at":"2026-03-02T09:00:00Z"}`, "kind"},
		{`{"id":"e1","kind":"k","at":null}`, "at"},
		{`{"id":"e1","kind":"k","attrs":{"n":1},"at":"2026-03-02T09:00:00Z"}`, "attrs"},
		{`{"id":7,"kind":"k","at":"2026-03-02T09:00:00Z"}`, "id"},
		{`{"id":"e1","kind":"k","subject":["T"],"at":"2026-03-02T09:00:00Z"}`, "subject"},
		{`{"id":"e1","kind":"k","attrs":[],"at":"2026-03-02T09:00:00Z"}`, "attrs"},
		{`{"id":"e1","kind":"k","id":"e2","at":"2026-03-02T09:00:00Z"}`, "id"},
		{`{"id":"e1","kind":"k","attrs":{"p":"1","p":"2"},"at":"2026-03-02T09:00:00Z"}`, "attrs.p"},
		{`[]`, ""},
		{`{"id":"e1"`, ""},
		{`{"id":"e1","kind":"k","at":"2026-03-02T09:00:00Z"} {}`, ""},
	}
	// UnmarshalJSON is called directly: json.Unmarshal checks the syntax
	// of the whole input itself before calling it (DecodeEvents does not).
	for _, b := range bad {
		err := back.UnmarshalJSON([]byte(b.in))
		de, ok := errors.AsType[*EventDecodeError](err)
		if !errors.Is(err, ErrType) || !ok {
			t.Errorf("Unmarshal(%s) = %v, want an *EventDecodeError wrapping ErrType", b.in, err)
			continue
		}
		if de.Field != b.field {
			t.Errorf("Unmarshal(%s) = %q: field %q, want %q", b.in, err, de.Field, b.field)
		}
		if msg := err.Error(); strings.Contains(msg, "\n") || (b.field != "" && !strings.Contains(msg, `field "`+b.field+`"`)) {
			t.Errorf("Unmarshal(%s) = %q, want one line naming field %q", b.in, msg, b.field)
		}
	}
}

// TestEventJSONForward: a newer producer's fields are ignored, so an
// older consumer keeps working; what it knows decodes as before.
func TestEventJSONForward(t *testing.T) {
	var e Event
	in := `{"id":"e1","subject":"T","subjectType":"ticket","kind":"ticket.created","at":"2026-03-02T09:00:00Z","colour":"red","meta":{"x":[1,2]}}`
	if err := json.Unmarshal([]byte(in), &e); err != nil {
		t.Fatalf("Unmarshal(%s) = %v, want nil (unknown fields are ignored)", in, err)
	}
	want := evt("e1", "ticket", "T", "ticket.created", "2026-03-02T09:00:00Z")
	if diff := cmp.Diff(want, e); diff != "" {
		t.Errorf("Unmarshal(%s) (-want +got):\n%s", in, diff)
	}
}

// TestDecodeEvents: JSON Lines with blank lines, a bad line in the middle
// (reported with its line number, decoding goes on) and a line longer
// than MaxEventLine (reported, and the sequence ends).
func TestDecodeEvents(t *testing.T) {
	long := `{"id":"` + strings.Repeat("x", MaxEventLine) + `"}`
	in := strings.Join([]string{
		`{"id":"e1","subjectType":"ticket","subject":"T","kind":"ticket.created","at":"2026-03-02T09:00:00Z"}`,
		``,
		`   `,
		`{"id":"e2","subjectType":"ticket","subject":"T","kind":"ticket.comment","at":"yesterday"}`,
		`{"id":"e3","subjectType":"ticket","subject":"T","kind":"ticket.comment","at":"2026-03-02T10:00:00Z"}`,
		long,
		`{"id":"e4","subjectType":"ticket","subject":"T","kind":"ticket.comment","at":"2026-03-02T11:00:00Z"}`,
	}, "\n")
	type row struct {
		ID    string
		Line  int
		Field string
	}
	var got []row
	for e, err := range DecodeEvents(strings.NewReader(in)) {
		if err != nil {
			de, ok := errors.AsType[*EventDecodeError](err)
			if !ok {
				t.Fatalf("error %v is not an *EventDecodeError", err)
			}
			got = append(got, row{Line: de.Line, Field: de.Field})
			continue
		}
		got = append(got, row{ID: e.ID})
	}
	// Lines 2 and 3 are blank; line 4's instant is bad; line 6 is too
	// long, which ends the sequence before e4 on line 7.
	want := []row{{ID: "e1"}, {Line: 4, Field: "at"}, {ID: "e3"}, {Line: 6}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("DecodeEvents (-want +got):\n%s", diff)
	}
	// Stopping early stops reading.
	n := 0
	for range DecodeEvents(strings.NewReader(in)) {
		n++
		break
	}
	if n != 1 {
		t.Errorf("a loop that breaks after one event ran %d times", n)
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
