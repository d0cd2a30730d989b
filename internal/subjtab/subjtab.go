// Package subjtab is a hash table of entries named by a type and an ID,
// the sla evaluator's table of subjects.
//
// Every event looks its subject up, so this is the evaluator's most
// frequent lookup. A Go map keyed by the string "type/ID" needs that key
// built and hashed whole for every event, and its lookup walks a
// directory of tables; this table hashes only the ID, keeps each hash
// beside its entry, and probes one array: open addressing with linear
// probing, at most half full. A slot whose hash matches is then checked
// with the entry's Is (entries of different types may share an ID, and so
// a hash). Removal shifts the rest of a run back, so no slot is ever
// marked deleted and lookups never slow down with churn.
//
// The hash is seeded per table (hash/maphash, as Go's maps seed theirs),
// so no choice of IDs can make the probes long. The order of All depends
// on the seed: callers that report entries sort them.
//
// Nothing here is API: it serves the sla evaluator.
package subjtab

import (
	"hash/maphash"
	"iter"
)

// Entry is what a table holds: a pointer-like value whose zero value is
// "no entry", that knows its type and ID.
type Entry interface {
	comparable
	Is(typ, id string) bool
}

// Table holds entries by type and ID. Make one with New (the zero Table
// has no seed to hash with). It is owned by one goroutine; the entries'
// types and IDs must not change while it holds them.
type Table[E Entry] struct {
	slots []slot[E] // a power of two long; nil while empty
	n     int       // entries held
	seed  maphash.Seed
}

// slot is one slot of a Table: empty when e is the zero E.
type slot[E Entry] struct {
	h uint64 // the hash of e's ID
	e E
}

// FirstSlots is the length of a table's first array of slots.
const FirstSlots = 64

// New returns an empty table with a seed of its own.
func New[E Entry]() Table[E] { return Table[E]{seed: maphash.MakeSeed()} }

// Hash returns the hash of an ID, as Find and Insert take it.
func (t *Table[E]) Hash(id string) uint64 { return maphash.String(t.seed, id) }

// Len is the number of entries held.
func (t *Table[E]) Len() int { return t.n }

// slot returns the index of the slot holding the entry (typ, id), whose
// ID hashes to h, and -1 when the table holds none.
func (t *Table[E]) slot(h uint64, typ, id string) int {
	if t.n == 0 {
		return -1
	}
	var zero E
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		sl := &t.slots[i]
		if sl.e == zero {
			return -1
		}
		if sl.h == h && sl.e.Is(typ, id) {
			return int(i)
		}
	}
}

// Probe returns the slot where the probe run of hash h starts (-1 for an
// empty table), for a caller that matches entries itself: it reads Slot
// and goes on with Next until Slot gives the zero E. Find does the same
// with E's Is; a caller that knows E's type can match without the
// generic call.
func (t *Table[E]) Probe(h uint64) int {
	if t.n == 0 {
		return -1
	}
	return int(h & uint64(len(t.slots)-1))
}

// Next returns the slot after i in its probe run.
func (t *Table[E]) Next(i int) int { return (i + 1) & (len(t.slots) - 1) }

// Slot returns the hash and entry of slot i (the zero E: empty, the end
// of the run).
func (t *Table[E]) Slot(i int) (uint64, E) { return t.slots[i].h, t.slots[i].e }

// Find returns the entry (typ, id), whose ID hashes to h, or the zero E.
func (t *Table[E]) Find(h uint64, typ, id string) E {
	if i := t.slot(h, typ, id); i >= 0 {
		return t.slots[i].e
	}
	var zero E
	return zero
}

// Get returns the entry (typ, id), or the zero E.
func (t *Table[E]) Get(typ, id string) E { return t.Find(t.Hash(id), typ, id) }

// Insert adds e, whose ID hashes to h and which the table does not hold
// (nor an entry of the same type and ID). e must not be the zero E.
func (t *Table[E]) Insert(h uint64, e E) {
	if 2*(t.n+1) > len(t.slots) {
		old := t.slots
		t.slots = make([]slot[E], max(FirstSlots, 2*len(old)))
		var zero E
		for _, sl := range old {
			if sl.e != zero {
				t.place(sl)
			}
		}
	}
	t.place(slot[E]{h, e})
	t.n++
}

// place puts sl in the first empty slot of its probe sequence.
func (t *Table[E]) place(sl slot[E]) {
	var zero E
	mask := uint64(len(t.slots) - 1)
	i := sl.h & mask
	for t.slots[i].e != zero {
		i = (i + 1) & mask
	}
	t.slots[i] = sl
}

// Set adds e, the entry (typ, id), replacing the entry of the same type
// and ID if the table holds one. e must not be the zero E.
func (t *Table[E]) Set(typ, id string, e E) {
	h := t.Hash(id)
	if i := t.slot(h, typ, id); i >= 0 {
		t.slots[i].e = e
		return
	}
	t.Insert(h, e)
}

// Remove drops the entry (typ, id), if the table holds it. The slots
// after it in its run move back into the gap when their probe sequence
// starts at or before it, so that every entry stays reachable from the
// slot its hash names without marks for removed ones.
func (t *Table[E]) Remove(typ, id string) {
	i := t.slot(t.Hash(id), typ, id)
	if i < 0 {
		return
	}
	var zero E
	mask := uint64(len(t.slots) - 1)
	gap := uint64(i)
	for j := (gap + 1) & mask; t.slots[j].e != zero; j = (j + 1) & mask {
		// The entry at j may fill the gap unless its home slot lies
		// cyclically in (gap, j]: it would then be placed before its home.
		home := t.slots[j].h & mask
		if (j-home)&mask < (j-gap)&mask {
			continue
		}
		t.slots[gap] = t.slots[j]
		gap = j
	}
	t.slots[gap] = slot[E]{}
	t.n--
}

// All yields every entry, in no particular order. The table must not be
// changed while All runs.
func (t *Table[E]) All() iter.Seq[E] {
	return func(yield func(E) bool) {
		var zero E
		for _, sl := range t.slots {
			if sl.e != zero && !yield(sl.e) {
				return
			}
		}
	}
}
