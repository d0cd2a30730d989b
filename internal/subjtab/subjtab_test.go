package subjtab

import (
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// entry is a test entry: a type and an ID.
type entry struct{ typ, id string }

func (e *entry) Is(typ, id string) bool { return e.typ == typ && e.id == id }

// TestTableAgainstMap: under random inserts, replacements and removals a
// Table behaves as a Go map from (type, ID) to entry (the reference), and
// every entry it holds is found from the slot its hash names (the
// backward shift of Remove leaves none behind a gap). IDs come from a
// small alphabet, so that many share a type or an ID (and so a hash), and
// up to a few hundred entries make the table grow and its runs wrap.
func TestTableAgainstMap(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		tab := New[*entry]()
		model := map[entry]*entry{}
		typ := rapid.SampledFrom([]string{"ticket", "ticker", "service", "t"})
		id := rapid.StringMatching(`[ab/]{0,3}|[a-z0-9]{1,6}`)
		for range rapid.IntRange(0, 400).Draw(t, "steps") {
			k := entry{typ.Draw(t, "type"), id.Draw(t, "id")}
			switch op := rapid.IntRange(0, 9).Draw(t, "op"); {
			case op < 6:
				e := &entry{k.typ, k.id}
				if model[k] == nil && op < 4 {
					tab.Insert(tab.Hash(k.id), e)
				} else {
					tab.Set(k.typ, k.id, e)
				}
				model[k] = e
			default:
				tab.Remove(k.typ, k.id)
				delete(model, k)
			}
			if got := tab.Get(k.typ, k.id); got != model[k] {
				t.Fatalf("Get(%q, %q) = %p, want %p", k.typ, k.id, got, model[k])
			}
			if tab.Len() != len(model) {
				t.Fatalf("Len() = %d, want %d", tab.Len(), len(model))
			}
		}
		for k, e := range model {
			if got := tab.Find(tab.Hash(k.id), k.typ, k.id); got != e {
				t.Fatalf("Find(%q, %q) = %p, want %p", k.typ, k.id, got, e)
			}
		}
		var all, want []string
		for e := range tab.All() {
			all = append(all, e.typ+"|"+e.id)
		}
		for k := range model {
			want = append(want, k.typ+"|"+k.id)
		}
		slices.Sort(all)
		slices.Sort(want)
		if !slices.Equal(all, want) {
			t.Fatalf("All yields %q, want %q", all, want)
		}
	})
}

// TestTableEmpty: a new table holds nothing; removing from it changes
// nothing; All stops when its caller does.
func TestTableEmpty(t *testing.T) {
	tab := New[*entry]()
	tab.Remove("ticket", "T1")
	if tab.Get("ticket", "T1") != nil || tab.Len() != 0 {
		t.Error("an empty table holds an entry")
	}
	for range tab.All() {
		t.Error("All yields from an empty table")
	}
	tab.Insert(tab.Hash("a"), &entry{"t", "a"})
	tab.Insert(tab.Hash("b"), &entry{"t", "b"})
	n := 0
	for range tab.All() {
		n++
		break
	}
	if n != 1 {
		t.Errorf("All yielded %d after break, want 1", n)
	}
}

// TestLookupAllocs: a lookup allocates nothing.
func TestLookupAllocs(t *testing.T) {
	tab := New[*entry]()
	for _, id := range []string{"a", "b", "c"} {
		tab.Insert(tab.Hash(id), &entry{"t", id})
	}
	if n := testing.AllocsPerRun(100, func() { tab.Get("t", "b") }); n != 0 {
		t.Errorf("Get allocates %v times, want 0", n)
	}
}

// TestProbeWalk: walking a run with Probe, Next and Slot finds every
// entry Find finds, and ends at an empty slot for one the table lacks.
func TestProbeWalk(t *testing.T) {
	tab := New[*entry]()
	find := func(typ, id string) *entry {
		h := tab.Hash(id)
		i := tab.Probe(h)
		if i < 0 {
			return nil
		}
		for ; ; i = tab.Next(i) {
			sh, e := tab.Slot(i)
			if e == nil || sh == h && e.Is(typ, id) {
				return e
			}
		}
	}
	if find("t", "x") != nil {
		t.Fatal("an empty table yields an entry")
	}
	for i := range 200 {
		id := string(rune('a'+i%26)) + string(rune('a'+i/26))
		tab.Insert(tab.Hash(id), &entry{"t", id})
	}
	for i := range 200 {
		id := string(rune('a'+i%26)) + string(rune('a'+i/26))
		if got, want := find("t", id), tab.Get("t", id); got == nil || got != want {
			t.Fatalf("walk(%q) = %v, Get = %v", id, got, want)
		}
	}
	if find("u", "aa") != nil || find("t", "zz") != nil {
		t.Error("the walk finds an entry the table lacks")
	}
}
