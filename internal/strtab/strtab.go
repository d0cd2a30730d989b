// Package strtab is a fixed table from strings to values, built once and
// read many times: the sla evaluator's lookup of event kinds and
// attribute keys, done for every event and every attribute.
//
// Open addressing, at most half full, with a hash of a string's length
// and three of its bytes, so a lookup costs a few loads and one string
// comparison (a Go map hashes the whole string). The keys are the
// agreement's own (an agreement is bounded by the sla package's limits),
// and a string looked up that is not a key costs one comparison per
// slot of its run: strings of equal length and equal first, middle and
// last bytes share a run, which is why a table holds only the keys an
// agreement names.
//
// Nothing here is API: it serves the sla evaluator.
package strtab

// Entry is one key and its value.
type Entry[V any] struct {
	Key string
	Val V
}

// Table maps the keys it was built with to their values. The zero Table
// is empty. It is immutable once built, and so safe to share.
type Table[V any] struct {
	slots []slot[V]
	mask  uint32
}

type slot[V any] struct {
	Entry[V]
	used bool // false: an empty slot
}

// New builds the table of es. A key given twice keeps its first value.
func New[V any](es []Entry[V]) Table[V] {
	size := 4
	for size < 2*len(es) {
		size *= 2
	}
	t := Table[V]{slots: make([]slot[V], size), mask: uint32(size - 1)}
	for _, e := range es {
		j := Hash(e.Key) & t.mask
		for t.slots[j].used && t.slots[j].Key != e.Key {
			j = (j + 1) & t.mask
		}
		if !t.slots[j].used {
			t.slots[j] = slot[V]{e, true}
		}
	}
	return t
}

// Hash is the table's hash of s: its length and its first, middle and
// last bytes, mixed.
func Hash(s string) uint32 {
	n := uint32(len(s))
	if n == 0 {
		return 0
	}
	h := n*0x9E3779B1 ^ uint32(s[0])*0x85EBCA77 ^ uint32(s[n/2])*0xC2B2AE3D ^ uint32(s[n-1])*0x27D4EB2F
	return h ^ h>>15
}

// Lookup returns k's value, and false (with the zero V) when k is not a
// key.
func (t *Table[V]) Lookup(k string) (V, bool) {
	if len(t.slots) > 0 {
		for j := Hash(k) & t.mask; ; j = (j + 1) & t.mask {
			sl := &t.slots[j]
			if !sl.used {
				break
			}
			if sl.Key == k {
				return sl.Val, true
			}
		}
	}
	var zero V
	return zero, false
}

// Len is the number of keys.
func (t *Table[V]) Len() int {
	n := 0
	for i := range t.slots {
		if t.slots[i].used {
			n++
		}
	}
	return n
}
