package sla

import (
	"hash/maphash"
	"iter"
)

// subjectTable holds the evaluator's subjects by type and ID.
//
// Every event looks its subject up, so this is the evaluator's most
// frequent lookup. A Go map keyed by the string "type/ID" needs that key
// built and hashed whole for every event, and its lookup walks a
// directory of tables; this table hashes only the event's ID, keeps each
// hash beside its subject, and probes one array: open addressing with
// linear probing, at most half full. A slot whose hash matches is then
// checked against the type and the ID (subjects of different types may
// share an ID, and so a hash).
//
// The hash is seeded per table (hash/maphash, as Go's maps seed theirs),
// so no choice of subject IDs can make the probes long. Nothing the
// evaluator reports depends on the seed: reports and partials sort their
// subjects.
//
// The table also keeps what ties the subjects' state to this evaluator:
// the key of the event-ID hashes they hold (idhash.go) and the origins of
// the events they were built from (provenance.go).
//
// Make one with newSubjectTable (the zero one has no seed to hash with).
type subjectTable struct {
	slots []subjectSlot // a power of two long; nil while empty
	n     int           // subjects held
	seed  maphash.Seed
	idh   idHasher   // hashes event IDs and retired subjects' keys
	prov  provenance // the partials merged in, and this evaluator's own origin
}

// subjectSlot is one slot of a subjectTable: empty when s is nil.
type subjectSlot struct {
	h uint64 // the hash of s's ID
	s *subject
}

const firstSubjectSlots = 64

func newSubjectTable() subjectTable {
	return subjectTable{seed: maphash.MakeSeed(), idh: newIDHasher(randomKey(), false), prov: newProvenance("")}
}

// hash returns the hash of a subject ID.
func (t *subjectTable) hash(id string) uint64 { return maphash.String(t.seed, id) }

// is reports whether s is the subject (typ, id).
func (s *subject) is(typ, id string) bool {
	return int(s.tlen) == len(typ) && len(s.key) == len(typ)+1+len(id) &&
		s.key[s.tlen+1:] == id && s.key[:s.tlen] == typ
}

// slot returns the index of the slot holding the subject (typ, id), whose
// ID hashes to h, and -1 when the table holds none.
func (t *subjectTable) slot(h uint64, typ, id string) int {
	if t.n == 0 {
		return -1
	}
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		sl := &t.slots[i]
		if sl.s == nil {
			return -1
		}
		if sl.h == h && sl.s.is(typ, id) {
			return int(i)
		}
	}
}

// find returns the subject (typ, id), whose ID hashes to h, or nil.
func (t *subjectTable) find(h uint64, typ, id string) *subject {
	if i := t.slot(h, typ, id); i >= 0 {
		return t.slots[i].s
	}
	return nil
}

// get returns the subject (typ, id), or nil.
func (t *subjectTable) get(typ, id string) *subject {
	return t.find(t.hash(id), typ, id)
}

// insert adds s, whose ID hashes to h and which the table does not hold.
func (t *subjectTable) insert(h uint64, s *subject) {
	if 2*(t.n+1) > len(t.slots) {
		old := t.slots
		t.slots = make([]subjectSlot, max(firstSubjectSlots, 2*len(old)))
		for _, sl := range old {
			if sl.s != nil {
				t.place(sl)
			}
		}
	}
	t.place(subjectSlot{h, s})
	t.n++
}

// place puts sl in the first empty slot of its probe sequence.
func (t *subjectTable) place(sl subjectSlot) {
	mask := uint64(len(t.slots) - 1)
	i := sl.h & mask
	for t.slots[i].s != nil {
		i = (i + 1) & mask
	}
	t.slots[i] = sl
}

// set adds s, replacing the subject of the same type and ID if the table
// holds one.
func (t *subjectTable) set(s *subject) {
	h := t.hash(s.id())
	if i := t.slot(h, s.typ(), s.id()); i >= 0 {
		t.slots[i].s = s
		return
	}
	t.insert(h, s)
}

// remove drops the subject (typ, id), if the table holds it. The slots
// after it in its run move back into the gap when their probe sequence
// starts at or before it, so that every subject stays reachable from the
// slot its hash names without marks for removed ones.
func (t *subjectTable) remove(typ, id string) {
	i := t.slot(t.hash(id), typ, id)
	if i < 0 {
		return
	}
	mask := uint64(len(t.slots) - 1)
	gap := uint64(i)
	for j := (gap + 1) & mask; t.slots[j].s != nil; j = (j + 1) & mask {
		// The subject at j may fill the gap unless its home slot lies
		// cyclically in (gap, j]: it would then be placed before its home.
		home := t.slots[j].h & mask
		if (j-home)&mask < (j-gap)&mask {
			continue
		}
		t.slots[gap] = t.slots[j]
		gap = j
	}
	t.slots[gap] = subjectSlot{}
	t.n--
}

// all yields every subject, in no particular order. The table must not be
// changed while all runs.
func (t *subjectTable) all() iter.Seq[*subject] {
	return func(yield func(*subject) bool) {
		for _, sl := range t.slots {
			if sl.s != nil && !yield(sl.s) {
				return
			}
		}
	}
}
