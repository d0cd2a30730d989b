package timerq

import (
	"cmp"
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// TestSetAgainstSortedSlice: any sequence of Add, Remove and Search
// leaves the set answering as a sorted slice of distinct keys (the slow
// reference) does.
func TestSetAgainstSortedSlice(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := New(cmp.Compare[int])
		var ref []int // sorted, distinct
		for range rapid.IntRange(0, 300).Draw(t, "ops") {
			k := rapid.IntRange(-50, 50).Draw(t, "k")
			switch rapid.IntRange(0, 2).Draw(t, "op") {
			case 0:
				i, found := slices.BinarySearch(ref, k)
				if got := s.Add(k); got != !found {
					t.Fatalf("Add(%d) = %v, want %v", k, got, !found)
				}
				if !found {
					ref = slices.Insert(ref, i, k)
				}
			case 1:
				i, found := slices.BinarySearch(ref, k)
				if got := s.Remove(k); got != found {
					t.Fatalf("Remove(%d) = %v, want %v", k, got, found)
				}
				if found {
					ref = slices.Delete(ref, i, i+1)
				}
			case 2:
				// The first key after k: the reference's first element > k.
				i, found := slices.BinarySearch(ref, k)
				if found {
					i++
				}
				got, ok := s.Search(func(x int) bool { return x <= k })
				if wantOK := i < len(ref); ok != wantOK || (ok && got != ref[i]) {
					t.Fatalf("Search(<= %d) = %d, %v, want the first of %v after it", k, got, ok, ref)
				}
			}
			if s.Len() != len(ref) {
				t.Fatalf("Len() = %d, want %d", s.Len(), len(ref))
			}
		}
		// In order: repeated Search from the minimum walks ref.
		var walked []int
		for k, ok := s.Min(); ok; k, ok = s.Search(func(x int) bool { return x <= k }) {
			walked = append(walked, k)
		}
		if !slices.Equal(walked, ref) && !(len(walked) == 0 && len(ref) == 0) {
			t.Fatalf("walk = %v, want %v", walked, ref)
		}
	})
}

// TestNilAndEmpty: a nil or empty set answers empty, never panics.
func TestNilAndEmpty(t *testing.T) {
	var s *Set[int]
	if s.Len() != 0 || s.Has(1) || s.Remove(1) {
		t.Error("nil set: want empty answers")
	}
	if _, ok := s.Min(); ok {
		t.Error("nil set: Min ok, want false")
	}
	s.Clear()
	e := New(cmp.Compare[int])
	if _, ok := e.Search(func(int) bool { return false }); ok {
		t.Error("empty set: Search ok, want false")
	}
	e.Add(3)
	e.Clear()
	if e.Len() != 0 || e.Has(3) {
		t.Error("after Clear: want empty")
	}
}

// TestSteadyStateNoAlloc: removing a key and adding another reuses the
// removed node, so a set of constant size does not allocate.
func TestSteadyStateNoAlloc(t *testing.T) {
	s := New(cmp.Compare[int])
	for i := range 1000 {
		s.Add(i)
	}
	i := 0
	allocs := testing.AllocsPerRun(1000, func() {
		s.Remove(i)
		s.Add(i + 1000)
		i++
	})
	if allocs != 0 {
		t.Errorf("Remove+Add allocates %v times, want 0", allocs)
	}
}

func BenchmarkSearch(b *testing.B) {
	s := New(cmp.Compare[int])
	const n = 1 << 20
	for i := range n {
		s.Add((i * 7919) % n)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		k := (i * 104729) % n
		if _, ok := s.Search(func(x int) bool { return x <= k }); !ok && k != n-1 {
			b.Fatal("not found")
		}
	}
}
