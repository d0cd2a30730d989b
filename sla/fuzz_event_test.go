package sla

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
)

// FuzzEventJSON decodes arbitrary bytes as one JSON Lines event: it must never
// panic, and an event it accepts must re-encode and decode to an equal event
// (instants compared as instants, values as decimals).
func FuzzEventJSON(f *testing.F) {
	for _, s := range []string{
		`{"id":"e1","subjectType":"ticket","subject":"T-1","kind":"ticket.created","at":"2026-03-02T09:00:00Z","attrs":{"priority":"high"}}`,
		`{"id":"e2","subjectType":"lead","subject":"L-9","kind":"lead.qualified","at":"2026-03-02T09:00:00+01:00","value":"12.50"}`,
		`{"id":"e3","subjectType":"service","subject":"app","kind":"down","at":"2026-03-02T09:00:00.123456789Z","attrs":{}}`,
		`{"id":"x","at":"not a time"}`,
		`{"id":"x","value":12.5}`,
		`{"id":"x","colour":"red"}`,
		`[]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var e Event
		if err := json.Unmarshal(b, &e); err != nil {
			return
		}
		out, err := json.Marshal(e)
		if err != nil {
			t.Fatalf("Marshal(%+v) after a successful Unmarshal of %q: %v", e, b, err)
		}
		var back Event
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("Unmarshal(%s), the re-encoding of %q: %v", out, b, err)
		}
		if !e.At.Equal(back.At) {
			t.Fatalf("round trip of %q: at %v became %v", b, e.At, back.At)
		}
		if diff := cmp.Diff(e, back, cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
			cmpopts.IgnoreFields(Event{}, "At")); diff != "" {
			t.Fatalf("round trip of %q (-decoded +re-decoded):\n%s", b, diff)
		}
	})
}
