package sla

import (
	"cmp"
	"iter"
	"maps"
	"slices"
	"strings"
)

// subjectOrder keeps a subject table's subjects sorted by type and ID from
// one report to the next, so that a report sorts only the subjects added
// since the last: a million subjects took a quarter of a report to sort.
// It costs a pointer per subject, held from the first report on; a
// subject table's insertions add one more per new subject until the next
// report merges them in. Any other change to the table (a subject
// removed, replaced or moved to another version) drops the order
// (subjectTable.order is then nil), and the next report sorts every
// subject again.
type subjectOrder struct {
	list  []*subject // by type and ID
	added []*subject // inserted since list was made, in no order
}

// inserted notes that s, a subject the table did not hold, was inserted.
func (o *subjectOrder) inserted(s *subject) { o.added = append(o.added, s) }

// sortedSubjects returns the subjects held, by type and ID. The caller
// must not change the slice.
func (ev *Evaluator) sortedSubjects() []*subject {
	o := ev.subjects.order
	switch {
	case o == nil || len(o.added) > len(o.list)/4:
		// Sorting everything is as cheap as merging many.
		o = &subjectOrder{list: sortSubjects(ev.subjects.all(), ev.subjects.len())}
		ev.subjects.order = o
	case len(o.added) > 0:
		o.list, o.added = mergeSubjects(o.list, o.added), nil
	}
	return o.list
}

// bySubject orders subjects by type and ID.
func bySubject(a, b *subject) int {
	return cmp.Or(strings.Compare(a.typ(), b.typ()), strings.Compare(a.id(), b.id()))
}

// mergeSubjects returns the subjects of sorted (by type and ID) and added
// (in any order; sorted in place), by type and ID. It finds where each of
// added goes by binary search and copies the runs of sorted between them,
// so it reads O(len(added) log len(sorted)) subjects rather than all.
func mergeSubjects(sorted, added []*subject) []*subject {
	slices.SortFunc(added, bySubject)
	out := make([]*subject, 0, len(sorted)+len(added))
	from := 0
	for _, s := range added {
		i, _ := slices.BinarySearchFunc(sorted[from:], s, bySubject) // s is not in sorted: i is where it goes
		out = append(out, sorted[from:from+i]...)
		out = append(out, s)
		from += i
	}
	return append(out, sorted[from:]...)
}

// sortSubjects returns the n subjects of all, by type and ID.
//
// It sorts by the rank of the type among the types held and by the first
// eight bytes of the ID (zero-padded, big-endian) before the IDs
// themselves, so that most comparisons read neither subject: the order is
// the same, since the ranks order the types, and two IDs whose padded
// prefixes differ compare as those prefixes do (a shorter ID pads with
// zero bytes, below any byte a longer one has there, or equal to a zero
// byte, when the rest decides).
func sortSubjects(all iter.Seq[*subject], n int) []*subject {
	type entry struct {
		rank int32
		pre  uint64
		s    *subject
	}
	ranks := map[string]int32{}
	es := make([]entry, 0, n)
	lastTyp, r := "", int32(-1)
	for s := range all {
		if r < 0 || s.typ() != lastTyp {
			// Subjects of one type mostly follow one another: look the
			// rank up when the type changes.
			var ok bool
			if r, ok = ranks[s.typ()]; !ok {
				r = int32(len(ranks))
				ranks[s.typ()] = r
			}
			lastTyp = s.typ()
		}
		var pre uint64
		id := s.id()
		for i := range 8 {
			pre <<= 8
			if i < len(id) {
				pre |= uint64(id[i])
			}
		}
		es = append(es, entry{r, pre, s})
	}
	// The ranks in the types' order.
	types := slices.Sorted(maps.Keys(ranks))
	order := make([]int32, len(types))
	for i, t := range types {
		order[ranks[t]] = int32(i)
	}
	for i := range es {
		es[i].rank = order[es[i].rank]
	}
	slices.SortFunc(es, func(a, b entry) int {
		// Not cmp.Or, which would read both IDs for every comparison.
		if a.rank != b.rank {
			return cmp.Compare(a.rank, b.rank)
		}
		if a.pre != b.pre {
			return cmp.Compare(a.pre, b.pre)
		}
		return strings.Compare(a.s.id(), b.s.id())
	})
	out := make([]*subject, len(es))
	for i := range es {
		out[i] = es[i].s
	}
	return out
}
