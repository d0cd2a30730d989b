// Package timerq is an ordered set of keys (pending timer instants, in
// the sla evaluator) with insertion, removal and "first key past a point"
// queries in O(log n).
//
// A heap answers "the earliest key" but not "the earliest key after t"
// for an arbitrary t, which the evaluator's NextChange(after) must answer
// for any after (a host may ask about the past); a sorted set answers
// both. This one is a treap: a binary search tree on the keys that is
// also a heap on random priorities, so its expected depth is O(log n)
// whatever order the keys arrive in. Its nodes live in one slice, linked
// by 32-bit indexes, with removed nodes reused: 12 bytes per key beyond
// the key itself, and no allocation in steady state.
//
// Nothing here is API: it serves the sla evaluator's timer index.
package timerq

// Set is an ordered set of keys of type K under the order of its cmp
// function. Make one with New; the zero Set is empty and ready to use
// only after New gave it its order. A Set is owned by one goroutine.
type Set[K any] struct {
	cmp   func(a, b K) int
	nodes []node[K] // nodes[0] is unused: index 0 is "none"
	root  int32
	free  int32 // head of the list of removed nodes (linked by left)
	n     int
	rnd   uint64 // xorshift state for the priorities
}

type node[K any] struct {
	key         K
	left, right int32
	prio        uint32
}

// New returns an empty set ordered by cmp, which returns a negative
// number, zero or a positive number when a is before, equal to or after b
// (a total order).
func New[K any](cmp func(a, b K) int) *Set[K] {
	return &Set[K]{cmp: cmp, nodes: make([]node[K], 1), rnd: 0x9E3779B97F4A7C15}
}

// Len returns the number of keys held.
func (s *Set[K]) Len() int {
	if s == nil {
		return 0
	}
	return s.n
}

// Clear removes every key, keeping the memory for reuse.
func (s *Set[K]) Clear() {
	if s == nil {
		return
	}
	s.nodes = s.nodes[:1]
	s.root, s.free, s.n = 0, 0, 0
}

func (s *Set[K]) prio() uint32 {
	// xorshift64*: priorities need only be independent of the keys'
	// order, not secret.
	s.rnd ^= s.rnd >> 12
	s.rnd ^= s.rnd << 25
	s.rnd ^= s.rnd >> 27
	return uint32((s.rnd * 2685821657736338717) >> 32)
}

func (s *Set[K]) newNode(k K) int32 {
	nd := node[K]{key: k}
	if s.free != 0 {
		i := s.free
		s.free = s.nodes[i].left
		s.nodes[i] = nd
		return i
	}
	s.nodes = append(s.nodes, nd)
	return int32(len(s.nodes) - 1)
}

// split splits the tree at t into the keys before k (l) and the keys at
// or after k (r).
func (s *Set[K]) split(t int32, k K) (l, r int32) {
	if t == 0 {
		return 0, 0
	}
	nd := &s.nodes[t]
	if s.cmp(nd.key, k) < 0 {
		a, b := s.split(nd.right, k)
		s.nodes[t].right = a
		return t, b
	}
	a, b := s.split(nd.left, k)
	s.nodes[t].left = b
	return a, t
}

// merge joins trees l and r, every key of l before every key of r.
func (s *Set[K]) merge(l, r int32) int32 {
	switch {
	case l == 0:
		return r
	case r == 0:
		return l
	case s.nodes[l].prio >= s.nodes[r].prio:
		s.nodes[l].right = s.merge(s.nodes[l].right, r)
		return l
	default:
		s.nodes[r].left = s.merge(l, s.nodes[r].left)
		return r
	}
}

// Has reports whether k is in the set.
func (s *Set[K]) Has(k K) bool {
	if s == nil {
		return false
	}
	return s.has(s.root, k)
}

// Add inserts k and reports whether it was not already held (a key equal
// to one held is not added twice). It walks down k's search path to where
// k's priority puts it and splits the subtree there: a key already held
// is found on the way down or in that subtree.
func (s *Set[K]) Add(k K) bool {
	p := s.prio()
	t := s.root
	for t != 0 && p <= s.nodes[t].prio {
		c := s.cmp(k, s.nodes[t].key)
		if c == 0 {
			return false
		}
		if c < 0 {
			t = s.nodes[t].left
		} else {
			t = s.nodes[t].right
		}
	}
	if s.has(t, k) {
		return false
	}
	nn := s.newNode(k) // may move s.nodes: links are found again below
	l, r := s.split(t, k)
	s.nodes[nn].prio, s.nodes[nn].left, s.nodes[nn].right = p, l, r
	*s.linkTo(k, p) = nn
	s.n++
	return true
}

// has reports whether the subtree t holds k.
func (s *Set[K]) has(t int32, k K) bool {
	for t != 0 {
		switch c := s.cmp(k, s.nodes[t].key); {
		case c == 0:
			return true
		case c < 0:
			t = s.nodes[t].left
		default:
			t = s.nodes[t].right
		}
	}
	return false
}

// linkTo returns the link (the root or a child field) at which a key k
// of priority p goes: the first on k's search path that is empty or
// whose node has a lower priority than p.
func (s *Set[K]) linkTo(k K, p uint32) *int32 {
	link := &s.root
	for t := *link; t != 0 && p <= s.nodes[t].prio; t = *link {
		if s.cmp(k, s.nodes[t].key) < 0 {
			link = &s.nodes[t].left
		} else {
			link = &s.nodes[t].right
		}
	}
	return link
}

// Remove deletes k and reports whether it was held. A set emptied by
// Remove releases its memory.
func (s *Set[K]) Remove(k K) bool {
	if s == nil {
		return false
	}
	var removed bool
	s.root = s.remove(s.root, k, &removed)
	if removed {
		s.n--
		if s.n == 0 {
			// Empty again: let the nodes go rather than keep the
			// largest size the set ever had.
			s.nodes, s.free = s.nodes[:1:1], 0
		}
	}
	return removed
}

func (s *Set[K]) remove(t int32, k K, removed *bool) int32 {
	if t == 0 {
		return 0
	}
	switch c := s.cmp(k, s.nodes[t].key); {
	case c < 0:
		s.nodes[t].left = s.remove(s.nodes[t].left, k, removed)
		return t
	case c > 0:
		s.nodes[t].right = s.remove(s.nodes[t].right, k, removed)
		return t
	}
	*removed = true
	m := s.merge(s.nodes[t].left, s.nodes[t].right)
	var zero K
	s.nodes[t] = node[K]{key: zero, left: s.free}
	s.free = t
	return m
}

// Search returns the smallest key k for which before(k) is false, where
// before is true for a prefix of the keys in order and false after it
// (as sort.Search's predicate, negated): with before(k) = "k is at or
// before t", the first key after t. ok is false when before holds for
// every key.
func (s *Set[K]) Search(before func(K) bool) (k K, ok bool) {
	if s == nil {
		return k, false
	}
	for t := s.root; t != 0; {
		nd := &s.nodes[t]
		if before(nd.key) {
			t = nd.right
			continue
		}
		k, ok = nd.key, true
		t = nd.left
	}
	return k, ok
}

// Min returns the smallest key; ok is false when the set is empty.
func (s *Set[K]) Min() (k K, ok bool) {
	return s.Search(func(K) bool { return false })
}
