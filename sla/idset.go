package sla

import "slices"

// Duplicate detection.
//
// A subject remembers a 64-bit keyed hash (SipHash-1-3 under the
// evaluator's ID key, idhash.go) of the ID of every event applied to it
// while the evaluator holds its state, so an exact re-send
// of any of them, however old, is a duplicate. The first inlineIDs hashes
// live in the subject itself; more go into an open-addressing table of
// power-of-two size, at most half full (16 bytes per further event),
// whose first block comes from the evaluator's slabs. A subject remembers
// at most maxIDs hashes: past that the table is cleared and starts again
// (a re-send of an event forgotten so is then judged by its instant: out
// of order when before the subject's last event). The hashes go with the
// subject's snapshot and are dropped by Forget. Two distinct IDs of one
// subject collide, and the second is taken for a duplicate, with
// probability about n²/2⁶⁵ for n IDs (below 10⁻¹¹ for a million),
// whatever the IDs are: without the key no one can choose IDs that
// collide, or that crowd one run of the table.
const (
	inlineIDs  = 4
	firstTable = 16
	maxIDs     = 1 << 16
)

// idSet is the set of event ID hashes of one subject. Zero is never
// stored (hashes of 0 are mapped to 1); an empty slot holds 0.
type idSet struct {
	inline [inlineIDs]uint64
	table  []uint64 // nil until more than inlineIDs hashes
	n      int32    // hashes in table
}

func idKey(h uint64) uint64 {
	if h == 0 {
		return 1
	}
	return h
}

// has reports whether h is in the set.
func (s *idSet) has(h uint64) bool {
	found, _ := s.probe(h)
	return found
}

// probe reports whether h is in the set and, when it is not, where add
// would put it with no growth: inline slot i as i, table slot j as
// inlineIDs+j; -1 when add must first take, grow or clear the table. A
// caller that adds h before changing the set passes it to addAt, which
// then spares a second search.
func (s *idSet) probe(h uint64) (found bool, at int) {
	h = idKey(h)
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
	mask := uint64(len(s.table) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch s.table[i] {
		case h:
			return true, -1
		case 0:
			if at < 0 && !s.mustClear() && !s.mustGrow() {
				at = inlineIDs + int(i)
			}
			return false, at
		}
	}
}

// addAt inserts h, which must not be in the set, at the place probe(h)
// returned with the set unchanged since; -1 is add.
func (s *idSet) addAt(h uint64, at int, first func() []uint64) {
	switch {
	case at < 0:
		s.add(h, first)
	case at < inlineIDs:
		s.inline[at] = idKey(h)
	default:
		s.table[at-inlineIDs] = idKey(h)
		s.n++
	}
}

// len is the number of hashes held.
func (s *idSet) len() int {
	n := int(s.n)
	for _, x := range s.inline {
		if x != 0 {
			n++
		}
	}
	return n
}

// add inserts h, which must not be in the set. first supplies the first
// table (firstTable zero slots); growth beyond it allocates.
func (s *idSet) add(h uint64, first func() []uint64) {
	h = idKey(h)
	for i, x := range s.inline {
		if x == 0 {
			s.inline[i] = h
			return
		}
	}
	switch {
	case s.table == nil:
		s.table = first()
	case s.mustClear():
		clear(s.table)
		s.n = 0
	case s.mustGrow():
		old := s.table
		s.table = make([]uint64, 2*len(old))
		s.n = 0
		for _, x := range old {
			if x != 0 {
				s.insert(x)
			}
		}
	}
	s.insert(h)
}

// mustClear reports whether the set holds maxIDs hashes, so that add
// clears the table before inserting.
func (s *idSet) mustClear() bool { return int(s.n)+inlineIDs >= maxIDs }

// mustGrow reports whether one more hash would fill the table more than
// half, so that add doubles it before inserting.
func (s *idSet) mustGrow() bool { return 2*(int(s.n)+1) > len(s.table) }

func (s *idSet) insert(h uint64) {
	mask := uint64(len(s.table) - 1)
	i := h & mask
	for s.table[i] != 0 {
		i = (i + 1) & mask
	}
	s.table[i] = h
	s.n++
}

// sorted returns the hashes held, in increasing order (nil when none), for
// snapshots: the order does not depend on the order of insertion.
func (s *idSet) sorted() []uint64 {
	var out []uint64
	for _, x := range s.inline {
		if x != 0 {
			out = append(out, x)
		}
	}
	for _, x := range s.table {
		if x != 0 {
			out = append(out, x)
		}
	}
	slices.Sort(out)
	return out
}
