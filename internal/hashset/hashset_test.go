package hashset

import (
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// drawHash draws a hash, often one that crowds a probe run (equal low
// bits) or 0 and its neighbours (0 is stored as 1).
func drawHash(t *rapid.T) uint64 {
	switch rapid.IntRange(0, 3).Draw(t, "kind") {
	case 0:
		return uint64(rapid.IntRange(0, 40).Draw(t, "small")) << 40 // same low bits
	case 1:
		return uint64(rapid.IntRange(0, 3).Draw(t, "tiny"))
	}
	return rapid.Uint64().Draw(t, "h")
}

// sortedKeys is the reference's content as Sorted gives it.
func sortedKeys(ref map[uint64]bool) []uint64 {
	var out []uint64
	for k := range ref {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestSetAgainstMap: any sequence of Has and Add (of absent hashes)
// leaves Set answering as a map of Key(h) (the reference) does, its
// table never more than half full. (It was sla's TestHashSet.)
func TestSetAgainstMap(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var s Set
		ref := map[uint64]bool{}
		for range rapid.IntRange(0, 300).Draw(t, "n") {
			h := drawHash(t)
			if got, want := s.Has(h), ref[Key(h)]; got != want {
				t.Fatalf("Has(%x) = %v, want %v", h, got, want)
			}
			if !ref[Key(h)] {
				s.Add(h)
				ref[Key(h)] = true
			}
			if s.Len() != len(ref) {
				t.Fatalf("Len() = %d, want %d", s.Len(), len(ref))
			}
			if 2*s.n > len(s.t) {
				t.Fatalf("%d hashes in %d slots: more than half full", s.n, len(s.t))
			}
		}
		if got, want := s.Sorted(), sortedKeys(ref); !slices.Equal(got, want) {
			t.Fatalf("Sorted() = %x, want %x", got, want)
		}
	})
}

// TestSmallAgainstMap: Probe then AddAt, or Add, with Reset now and then,
// leaves Small answering as a map of Key(h) does; Probe's place, when it
// gives one, is where Add would have put the hash (the two sets compare
// equal slot by slot).
func TestSmallAgainstMap(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var got, want Small
		first := func() []uint64 { return make([]uint64, FirstTable) }
		ref := map[uint64]bool{}
		for range rapid.IntRange(0, 300).Draw(t, "n") {
			if rapid.IntRange(0, 60).Draw(t, "reset") == 0 {
				got.Reset()
				want.Reset()
				clear(ref)
			}
			h := drawHash(t)
			found, at := got.Probe(h)
			if found != ref[Key(h)] || want.Has(h) != found {
				t.Fatalf("Probe(%x) found = %v, Has = %v, want %v", h, found, want.Has(h), ref[Key(h)])
			}
			if found {
				continue
			}
			got.AddAt(h, at, first)
			want.Add(h, first)
			ref[Key(h)] = true
			if got.inline != want.inline || got.n != want.n || !slices.Equal(got.table, want.table) {
				t.Fatalf("after adding %x at %d: %v %d %x, want %v %d %x", h, at, got.inline, got.n, got.table, want.inline, want.n, want.table)
			}
			if got.Len() != len(ref) {
				t.Fatalf("Len() = %d, want %d", got.Len(), len(ref))
			}
			if 2*int(got.n) > len(got.table) {
				t.Fatalf("%d hashes in %d slots: more than half full", got.n, len(got.table))
			}
		}
		if s, w := got.Sorted(), sortedKeys(ref); !slices.Equal(s, w) {
			t.Fatalf("Sorted() = %x, want %x", s, w)
		}
	})
}

// TestSmallGrowthAllocs: 1,000 hashes in a Small allocate only when the
// table doubles: the first 4 are inline, the first table (16 slots, up
// to 8 more) is the caller's, and then 32, 64, ..., 2048 slots (half full
// at most: 996 table hashes need 2048) — 7 allocations, none per hash.
// After Reset the same 1,000 allocate nothing.
func TestSmallGrowthAllocs(t *testing.T) {
	hs := make([]uint64, 1000)
	for i := range hs {
		hs[i] = uint64(i+1) * 0x9e3779b97f4a7c15 // distinct (an odd multiplier is a bijection)
	}
	slab := make([]uint64, FirstTable)
	first := func() []uint64 { return slab }
	var s Small
	fill := func() {
		for _, h := range hs {
			if !s.Has(h) {
				s.Add(h, first)
			}
		}
	}
	allocs := testing.AllocsPerRun(1, func() {
		s = Small{}
		clear(slab)
		fill()
	})
	if allocs > 7 {
		t.Errorf("1,000 hashes cost %v allocations, want ≤ 7", allocs)
	}
	if s.Len() != len(hs) {
		t.Fatalf("Len() = %d, want %d", s.Len(), len(hs))
	}
	again := testing.AllocsPerRun(1, func() {
		s.Reset()
		fill()
	})
	if again != 0 {
		t.Errorf("refilling after Reset cost %v allocations, want 0", again)
	}
}

// TestZeroValues: the zero sets are empty; a hash of 0 is held as 1.
func TestZeroValues(t *testing.T) {
	var s Set
	var m Small
	if s.Has(0) || m.Has(0) || s.Len() != 0 || m.Len() != 0 || m.Sorted() != nil || len(s.Sorted()) != 0 {
		t.Fatal("a zero set is not empty")
	}
	s.Add(0)
	m.Add(0, nil)
	if !s.Has(1) || !m.Has(1) || !slices.Equal(s.Sorted(), []uint64{1}) || !slices.Equal(m.Sorted(), []uint64{1}) {
		t.Errorf("after Add(0): Has(1) = %v, %v; Sorted = %x, %x; want true, true, [1], [1]", s.Has(1), m.Has(1), s.Sorted(), m.Sorted())
	}
}
