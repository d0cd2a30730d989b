package strtab

import (
	"testing"

	"pgregory.net/rapid"
)

// TestTableAgainstMap: a table built from random entries (keys from a
// small alphabet, so that many share a length and bytes, and so a run,
// and some repeat) answers every lookup as a map built from the same
// entries, first value kept, does (the reference); strings that are not
// keys are not found.
func TestTableAgainstMap(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		key := rapid.StringMatching(`[ab.]{0,4}|[a-z]{1,8}`)
		var es []Entry[int]
		ref := map[string]int{}
		for i := range rapid.IntRange(0, 100).Draw(t, "n") {
			k := key.Draw(t, "key")
			es = append(es, Entry[int]{k, i})
			if _, ok := ref[k]; !ok {
				ref[k] = i
			}
		}
		tab := New(es)
		if tab.Len() != len(ref) {
			t.Fatalf("Len() = %d, want %d", tab.Len(), len(ref))
		}
		for k, want := range ref {
			if got, ok := tab.Lookup(k); !ok || got != want {
				t.Fatalf("Lookup(%q) = %d, %v; want %d, true", k, got, ok, want)
			}
		}
		for range 50 {
			k := key.Draw(t, "probe")
			want, inRef := ref[k]
			if got, ok := tab.Lookup(k); ok != inRef || got != want {
				t.Fatalf("Lookup(%q) = %d, %v; want %d, %v", k, got, ok, want, inRef)
			}
		}
	})
}

// TestZeroTable: the zero table holds nothing.
func TestZeroTable(t *testing.T) {
	var tab Table[string]
	if v, ok := tab.Lookup(""); ok || v != "" || tab.Len() != 0 {
		t.Errorf("zero table: Lookup(\"\") = %q, %v; Len() = %d", v, ok, tab.Len())
	}
}

// TestLookupAllocs: a lookup allocates nothing.
func TestLookupAllocs(t *testing.T) {
	tab := New([]Entry[int]{{"ticket.created", 1}, {"status", 2}})
	if n := testing.AllocsPerRun(100, func() { tab.Lookup("status") }); n != 0 {
		t.Errorf("Lookup allocates %v times, want 0", n)
	}
}
