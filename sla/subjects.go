package sla

import (
	"iter"

	"github.com/slaeval/slaeval/internal/subjtab"
)

// subjectTable holds the evaluator's subjects by type and ID
// (internal/subjtab: one probe of one array per event, the ID hashed
// under a seed of the table's own), and what ties the subjects' state to
// this evaluator: the key of the event-ID hashes they hold (idhash.go)
// and the origins of the events they were built from (provenance.go).
// Nothing the evaluator reports depends on the seed: reports and
// partials sort their subjects.
//
// Make one with newSubjectTable (the zero one has no seed to hash with).
type subjectTable struct {
	tab  subjtab.Table[*subject]
	idh  idHasher   // hashes event IDs and retired subjects' keys
	prov provenance // the partials merged in, and this evaluator's own origin
	// order keeps the subjects sorted between reports (order.go); nil
	// until the first report, and after a change other than an insertion.
	order *subjectOrder
}

func newSubjectTable() subjectTable {
	return subjectTable{tab: subjtab.New[*subject](), idh: newIDHasher(randomKey(), false), prov: newProvenance("")}
}

// Is reports whether s is the subject (typ, id): what the table matches
// a slot with.
func (s *subject) Is(typ, id string) bool { return s.is(typ, id) }

// is reports whether s is the subject (typ, id).
func (s *subject) is(typ, id string) bool {
	return int(s.tlen) == len(typ) && len(s.key) == len(typ)+1+len(id) &&
		s.key[s.tlen+1:] == id && s.key[:s.tlen] == typ
}

// hash returns the hash of a subject ID.
func (t *subjectTable) hash(id string) uint64 { return t.tab.Hash(id) }

// len is the number of subjects held.
func (t *subjectTable) len() int { return t.tab.Len() }

// find returns the subject (typ, id), whose ID hashes to h, or nil. It
// walks the probe run itself, so that the match is a direct call of
// subject.is (the generic Find calls Is through the instantiation's
// dictionary: a few instructions more on every event).
func (t *subjectTable) find(h uint64, typ, id string) *subject {
	i := t.tab.Probe(h)
	if i < 0 {
		return nil
	}
	for ; ; i = t.tab.Next(i) {
		sh, s := t.tab.Slot(i)
		if s == nil || sh == h && s.is(typ, id) {
			return s
		}
	}
}

// get returns the subject (typ, id), or nil.
func (t *subjectTable) get(typ, id string) *subject { return t.tab.Get(typ, id) }

// insert adds s, whose ID hashes to h and which the table does not hold.
func (t *subjectTable) insert(h uint64, s *subject) {
	t.tab.Insert(h, s)
	if t.order != nil {
		t.order.inserted(s)
	}
}

// set adds s, replacing the subject of the same type and ID if the table
// holds one.
func (t *subjectTable) set(s *subject) {
	t.tab.Set(s.typ(), s.id(), s)
	t.order = nil
}

// remove drops the subject (typ, id), if the table holds it.
func (t *subjectTable) remove(typ, id string) {
	t.tab.Remove(typ, id)
	t.order = nil
}

// all yields every subject, in no particular order. The table must not be
// changed while all runs.
func (t *subjectTable) all() iter.Seq[*subject] { return t.tab.All() }
