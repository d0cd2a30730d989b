package sla

import (
	"slices"
	"time"

	"github.com/slaeval/slaeval/internal/hashset"
)

// Duplicate detection, and its window.
//
// A subject remembers a 64-bit keyed hash (SipHash-1-3 under the
// evaluator's ID key, idhash.go) of the IDs of the events applied to it
// while the evaluator holds its state, so that an exact re-send of one of
// them is a duplicate. The first four hashes live in the subject itself;
// more go into a table at most half full (16 bytes per further event),
// whose first block comes from the evaluator's slabs (internal/hashset).
//
// The window: a subject remembers the IDs of at least its last W events
// and at most 2W (W is Options.SubjectIDs, DefaultSubjectIDs = 2,048 when
// not given). The hashes fill a current generation; when it holds W, it
// becomes the aged generation, marked with the subject's last instant,
// and the generation aged before it is dropped: its mark becomes the
// subject's release mark. A re-send of a dropped event carries the
// original's instant, at or before the mark, so an event dated at or
// before the mark whose ID is not held is rejected with ErrIDsReleased
// (counted under ReasonIDsReleased), never applied twice. A new event
// can be rejected so only when it is no later than W events before the
// subject's last one; a host that must accept those raises W. Memory per
// subject is so bounded (two tables of at most 4W slots: 64 KiB at the
// default), and so is the cost of an event: a steady stream on one
// subject allocates nothing for its IDs, the dropped table being reused.
// The hashes, both generations and the marks, go with the subject's
// snapshot and are dropped by Forget. Two distinct IDs of one subject
// collide, and the second is taken for a duplicate, with probability
// about n²/2⁶⁵ for n IDs held, whatever the IDs are: without the key no
// one can choose IDs that collide, or that crowd one run of a table.
const (
	maxIDs = 1 << 16 // the most hashes a snapshot's Recent may hold (as format 1 wrote them)

	// DefaultSubjectIDs is the window of event IDs a subject remembers
	// when Options.SubjectIDs is zero: at least its last 2,048 events'
	// (see Options.SubjectIDs).
	DefaultSubjectIDs = 2048

	// MaxSubjectIDs bounds Options.SubjectIDs.
	MaxSubjectIDs = maxIDs / 2
)

// idSet is the window of event ID hashes of one subject.
type idSet struct {
	cur  hashset.Small // the current generation
	aged *agedIDs      // nil until the current generation first filled
}

// agedIDs is the part of a subject's window that only long-lived
// subjects have.
type agedIDs struct {
	old      hashset.Small // the generation before the current one
	oldEnd   time.Time     // the subject's last instant when old stopped taking IDs
	released time.Time     // events at or before it may have been dropped (zero: none)
}

func idKey(h uint64) uint64 { return hashset.Key(h) }

// has reports whether h is held.
func (s *idSet) has(h uint64) bool {
	found, _ := s.probe(h)
	return found
}

// probe reports whether h is held and, when it is not, where addAt may
// put it (see hashset.Small.Probe).
func (s *idSet) probe(h uint64) (found bool, at int) {
	found, at = s.cur.Probe(h)
	if !found && s.aged != nil && s.aged.old.Has(h) {
		return true, -1
	}
	return found, at
}

// releasedAt reports whether an event at t may be a re-send of an event
// whose ID was dropped: t is at or before the release mark.
func (s *idSet) releasedAt(t time.Time) bool {
	return s.aged != nil && !s.aged.released.IsZero() && !t.After(s.aged.released)
}

// addAt inserts h, not held, at the place probe(h) returned with the set
// unchanged since (-1: search). When the current generation holds window
// hashes it first ages (last: the subject's last instant, that of the
// latest event whose ID it holds), and h starts the next one.
func (s *idSet) addAt(h uint64, at int, first func() []uint64, window int, last time.Time) {
	if s.cur.AtLeast(window) {
		s.rotate(last)
		at = -1
	}
	s.cur.AddAt(h, at, first)
}

// rotate makes the current generation the aged one, dropping the one aged
// before it (whose table the new current generation reuses).
func (s *idSet) rotate(last time.Time) {
	if s.aged == nil {
		s.aged = &agedIDs{}
	} else if s.aged.oldEnd.After(s.aged.released) {
		s.aged.released = s.aged.oldEnd
	}
	dropped := s.aged.old
	s.aged.old, s.aged.oldEnd = s.cur, last
	dropped.Reset()
	s.cur = dropped
}

// len is the number of hashes held.
func (s *idSet) len() int {
	n := s.cur.Len()
	if s.aged != nil {
		n += s.aged.old.Len()
	}
	return n
}

// bytes is the memory the window holds beyond the subject's own struct.
func (s *idSet) bytes() int {
	n := s.cur.Bytes()
	if s.aged != nil {
		n += 64 + s.aged.old.Bytes() // the agedIDs value and its table
	}
	return n
}

// sorted returns every hash held, in increasing order (nil when none).
func (s *idSet) sorted() []uint64 {
	if s.aged == nil {
		return s.cur.Sorted()
	}
	// The generations are disjoint: a hash is added only when neither
	// holds it.
	out := append(s.cur.Sorted(), s.aged.old.Sorted()...)
	slices.Sort(out)
	return out
}
