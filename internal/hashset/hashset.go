// Package hashset holds sets of 64-bit hashes: open addressing in a
// power-of-two table at most half full, linear probing, 8 to 16 bytes a
// hash. Set is the plain set; Small keeps its first Inline hashes in
// itself and takes its first table from the caller (a slab), for the many
// small sets of the sla evaluator's subjects.
//
// Zero marks an empty slot, so a hash of 0 is stored as 1 (Key): two
// values then collide with probability 2⁻⁶⁴ more. The hashes are expected
// to be keyed (the sla package hashes event IDs with SipHash under a
// secret key), so that no one can choose values that crowd one run of a
// table.
//
// Nothing here is API: it serves the sla evaluator's duplicate detection.
package hashset

import "slices"

// Key is the value a set stores for h: h, or 1 for 0.
func Key(h uint64) uint64 { return max(h, 1) }

// find returns the slot of t (a power of two long, with an empty slot)
// that holds k, or the empty slot that ends its probe run, and whether k
// is there.
func find(t []uint64, k uint64) (int, bool) {
	mask := uint64(len(t) - 1)
	for i := k & mask; ; i = (i + 1) & mask {
		switch t[i] {
		case k:
			return int(i), true
		case 0:
			return int(i), false
		}
	}
}

// rehash puts every non-zero value of old into t, which is empty and
// large enough.
func rehash(t, old []uint64) {
	for _, x := range old {
		if x != 0 {
			i, _ := find(t, x) // the values of old are distinct: the empty slot ending x's run
			t[i] = x
		}
	}
}

// sortedOf returns the non-zero values of the lists, in increasing order.
func sortedOf(n int, lists ...[]uint64) []uint64 {
	out := make([]uint64, 0, n)
	for _, l := range lists {
		for _, x := range l {
			if x != 0 {
				out = append(out, x)
			}
		}
	}
	slices.Sort(out)
	return out
}

// Set is a set of hashes. The zero Set is empty and ready to use; it is
// owned by one goroutine.
type Set struct {
	t []uint64
	n int
}

// Has reports whether h is in the set.
func (s *Set) Has(h uint64) bool {
	if len(s.t) == 0 {
		return false
	}
	_, ok := find(s.t, Key(h))
	return ok
}

// Add inserts h, which must not be in the set (Has(h) is false).
func (s *Set) Add(h uint64) {
	if 2*(s.n+1) > len(s.t) {
		old := s.t
		s.t = make([]uint64, max(16, 2*len(old)))
		rehash(s.t, old)
	}
	i, _ := find(s.t, Key(h)) // h is not held (the precondition): the empty slot ending its run
	s.t[i] = Key(h)
	s.n++
}

// Len is the number of hashes held.
func (s *Set) Len() int { return s.n }

// Sorted returns the hashes held (as Key stores them), in increasing
// order: the order does not depend on the order of insertion.
func (s *Set) Sorted() []uint64 { return sortedOf(s.n, s.t) }

// Inline is how many hashes a Small holds in itself.
const Inline = 4

// FirstTable is the length of the first table a Small takes (so up to
// FirstTable/2 hashes beyond the inline ones); later tables double.
const FirstTable = 16

// Small is a set of hashes whose first Inline hashes live in the value
// itself (no allocation for a set of up to four), and the rest in a
// table whose first block the caller supplies. The zero Small is empty
// and ready to use; it is owned by one goroutine.
type Small struct {
	inline [Inline]uint64
	table  []uint64 // nil until more than Inline hashes
	n      int32    // hashes in table
}

// Has reports whether h is in the set.
func (s *Small) Has(h uint64) bool {
	found, _ := s.Probe(h) // the slot matters only to AddAt
	return found
}

// Probe reports whether h is in the set and, when it is not, where Add
// would put it with no growth: inline slot i as i, table slot j as
// Inline+j; -1 when Add must first take or grow the table. A caller that
// adds h before changing the set passes it to AddAt, which then spares a
// second search.
func (s *Small) Probe(h uint64) (found bool, at int) {
	h = Key(h)
	at = -1
	for i, x := range s.inline {
		switch x {
		case h:
			return true, -1
		case 0:
			if at < 0 {
				at = i
			}
		}
	}
	if s.table == nil {
		return false, at
	}
	i, ok := find(s.table, h)
	if ok {
		return true, -1
	}
	if at < 0 && !s.mustGrow() {
		at = Inline + i
	}
	return false, at
}

// AddAt inserts h, which must not be in the set, at the place Probe(h)
// returned with the set unchanged since; -1 is Add.
func (s *Small) AddAt(h uint64, at int, first func() []uint64) {
	switch {
	case at < 0:
		s.Add(h, first)
	case at < Inline:
		s.inline[at] = Key(h)
	default:
		s.table[at-Inline] = Key(h)
		s.n++
	}
}

// Add inserts h, which must not be in the set. first supplies the first
// table (FirstTable zero slots; nil first: one is allocated); growth
// beyond it allocates.
func (s *Small) Add(h uint64, first func() []uint64) {
	h = Key(h)
	for i, x := range s.inline {
		if x == 0 {
			s.inline[i] = h
			return
		}
	}
	switch {
	case s.table == nil && first != nil:
		s.table = first()
	case s.table == nil:
		s.table = make([]uint64, FirstTable)
	case s.mustGrow():
		old := s.table
		s.table = make([]uint64, 2*len(old))
		rehash(s.table, old)
	}
	i, _ := find(s.table, h) // h is not held (the precondition): the empty slot ending its run
	s.table[i] = h
	s.n++
}

// mustGrow reports whether one more hash would fill the table more than
// half, so that Add doubles it before inserting.
func (s *Small) mustGrow() bool { return 2*(int(s.n)+1) > len(s.table) }

// Len is the number of hashes held.
func (s *Small) Len() int {
	n := int(s.n)
	for _, x := range s.inline {
		if x != 0 {
			n++
		}
	}
	return n
}

// AtLeast reports whether the set holds at least n hashes, counting the
// inline ones only when the table alone might not suffice (cheap enough
// for every insertion).
func (s *Small) AtLeast(n int) bool { return int(s.n)+Inline >= n && s.Len() >= n }

// Reset empties the set, keeping its table for reuse (so a set emptied
// and filled again to its former size allocates nothing).
func (s *Small) Reset() {
	s.inline = [Inline]uint64{}
	clear(s.table)
	s.n = 0
}

// Bytes is the memory the set holds beyond its own value: its table.
func (s *Small) Bytes() int { return 8 * cap(s.table) }

// Sorted returns the hashes held (as Key stores them), in increasing
// order (nil when none): the order does not depend on the order of
// insertion.
func (s *Small) Sorted() []uint64 {
	if s.Len() == 0 {
		return nil
	}
	return sortedOf(s.Len(), s.inline[:], s.table)
}

// LongestRun is the longest run of occupied slots in the table (its worst
// probe), a measure of how well the hashes spread.
func (s *Small) LongestRun() int {
	best, run := 0, 0
	for i := range 2 * len(s.table) {
		if s.table[i%len(s.table)] != 0 {
			run++
			best = max(best, min(run, len(s.table)))
		} else {
			run = 0
		}
	}
	return best
}
