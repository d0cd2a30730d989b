package sla

import (
	"math"
	"slices"
	"time"

	"github.com/slaeval/slaeval/metric"
)

// Compact per-subject state.
//
// A subject keeps the state of its clocks and of its deadlines anchored
// on events in one slice of 64-bit words (subject.st), laid out per
// version and subject type (layout): only the objectives that apply to
// the subject's type have words, so a ticket holds nothing for an
// invoice's deadline. A clock takes 6 words and one per target of the
// clock (metric.ClockState takes 160 bytes whatever its targets), an
// obligation 2 (obligationRec takes 48):
//
//	clock       w0 phase | target<<8 | uint32(cycles)<<32
//	            w1 start, w2 since, w3 last (instants)
//	            w4 elapsed, w5 next (nanoseconds)
//	            w6… crossed[0 … targets-1] (Unix nanoseconds, as metric keeps them)
//	obligation  w0 anchor, w1 done (instants)
//
// An instant is held as Unix nanoseconds, noInstant for the zero
// time.Time. That is exact for every instant the evaluator keeps: they
// are the instants of applied events (and agreed due instants carried by
// them), which Apply accepts only from minInstant to maxInstant (years
// 1678 to 2261), where UnixNano is exact, and the restored ones, which
// Restore checks likewise. They come back in UTC: the zone an event's
// instant was given in is not kept (time.Time's location takes as much
// room as the instant itself), so the instants reported from this state
// (a cycle's start and end, an obligation's anchor and done instant, the
// subject's last event) are the same instants, in UTC.
//
// The words are unpacked into a metric.ClockState or obligationRec where
// one is needed (applying an event, reports, timers) and packed back
// after an event changed them. Phase is read from w0 directly, so an
// event that a clock's phase lets skip costs no unpacking.

// noInstant holds the zero time.Time.
const noInstant = math.MinInt64

// The instants the evaluator holds: from minInstant (inclusive) to
// maxInstant (exclusive), 1678-01-01 and 2262-01-01 UTC in Unix seconds,
// where time.Time.UnixNano is exact.
const (
	minInstantSec = -9214560000
	maxInstantSec = 9214646400
)

var minInstant, maxInstant = time.Unix(minInstantSec, 0).UTC(), time.Unix(maxInstantSec, 0).UTC()

// heldInstant reports whether t is an instant the evaluator can hold.
func heldInstant(t time.Time) bool {
	sec := t.Unix()
	return sec >= minInstantSec && sec < maxInstantSec
}

// heldErr is nil when t is zero or an instant the evaluator can hold,
// else an *Error wrapping ErrCorrupt at path (a restored value).
func heldErr(path string, t time.Time) error {
	if t.IsZero() || heldInstant(t) {
		return nil
	}
	return corrupt(path, "%s: the evaluator holds instants from 1678 to 2261 only, as Apply accepts them", ts(t))
}

// nanos packs t (zero, or within [minInstant, maxInstant)).
func nanos(t time.Time) int64 {
	if t.IsZero() {
		return noInstant
	}
	return t.UnixNano()
}

// instantAt unpacks what nanos packed. Counted from minInstant, n is not
// negative, so its seconds and nanoseconds come from one unsigned
// division by a constant (a multiplication), and time.Unix, given
// nanoseconds within a second, does not normalise them: about half the
// instructions of time.Unix(0, n).
func instantAt(n int64) time.Time {
	if n == noInstant {
		return time.Time{}
	}
	u := uint64(n - minInstantSec*1e9)
	sec := u / 1e9
	return time.Unix(int64(sec)+minInstantSec, int64(u-sec*1e9)).UTC()
}

// Words of a clock's state before its crossings, and of an obligation.
const (
	clockWords    = 6
	deadlineWords = 2
)

// layout places the state of the clocks and deadlines of one version's
// objectives that apply to one subject type in a subject's words.
type layout struct {
	clock []int32 // by clock slot (cobj.slot): the first word of its state; -1: none for this type
	dl    []int32 // by deadline slot, likewise
	words int     // words in all
	empty []int64 // the state of a new subject: every clock idle, no obligation
}

// newLayout lays out the clocks and deadlines among the objectives idx
// of v.
func newLayout(v *cversion, idx []int) *layout {
	l := &layout{clock: make([]int32, v.nClocks), dl: make([]int32, v.nDead)}
	for i := range l.clock {
		l.clock[i] = -1
	}
	for i := range l.dl {
		l.dl[i] = -1
	}
	for _, i := range idx {
		co := &v.objs[i]
		switch co.kind {
		case kClock:
			l.clock[co.slot] = int32(l.words)
			l.words += clockWords + co.nCross
		case kDeadlineEvents:
			l.dl[co.slot] = int32(l.words)
			l.words += deadlineWords
		}
	}
	l.empty = make([]int64, l.words)
	for _, i := range idx {
		co := &v.objs[i]
		switch co.kind {
		case kClock:
			packClock(l.empty[l.clock[co.slot]:], co.nCross, &metric.ClockState{})
		case kDeadlineEvents:
			packDeadline(l.empty[l.dl[co.slot]:], obligationRec{})
		}
	}
	return l
}

// packClock writes cs into w, with n crossings (the clock's targets;
// metric keeps the others zero).
func packClock(w []int64, n int, cs *metric.ClockState) {
	w = w[:clockWords+n]
	packTouched(w, cs)
	w[1], w[2] = nanos(cs.Start), nanos(cs.Since)
	w[4], w[5] = int64(cs.Elapsed), int64(cs.Next)
	for i := range w[clockWords:] {
		w[clockWords+i] = cs.Crossed[i]
	}
}

// packTouched writes into w what a clock's step of effect
// metric.NoEffect may change: the target (with the phase and cycles,
// unchanged) and the instant of the last event.
func packTouched(w []int64, cs *metric.ClockState) {
	w = w[:clockWords]
	w[0] = int64(uint64(cs.Phase) | uint64(cs.Target)<<8 | uint64(uint32(cs.Cycles))<<32)
	w[3] = nanos(cs.Last)
}

// unpackClock reads the clock state packClock wrote into cs, whose
// crossings past the n of the clock's targets must be zero (as metric
// keeps them). It sets each field in place: building a ClockState and
// copying it costs twice as much on the path of every event.
func unpackClock(w []int64, n int, cs *metric.ClockState) {
	unpackToApply(w, n, cs)
	cs.Last = instantAt(w[3])
}

// unpackToApply is unpackClock but for Last, which it leaves zero: the
// state to apply an event to. metric's Clock reads Last only to refuse
// an event earlier than it, and the evaluator has refused those already
// (an event earlier than its subject's last, which is no earlier than
// any of its clocks' Last); Advance and Apply then set Last to the
// event's instant, which packClock and packTouched store.
func unpackToApply(w []int64, n int, cs *metric.ClockState) {
	w = w[:clockWords+n]
	h := uint64(w[0])
	cs.Phase, cs.Target, cs.Cycles = metric.Phase(h), uint8(h>>8), int32(uint32(h>>32))
	cs.Start, cs.Since = instantAt(w[1]), instantAt(w[2])
	cs.Elapsed, cs.Next = time.Duration(w[4]), time.Duration(w[5])
	copy(cs.Crossed[:n], w[clockWords:])
}

// clockPhase reads the phase of the clock packed in w.
func clockPhase(w []int64) metric.Phase { return metric.Phase(uint8(w[0])) }

func packDeadline(w []int64, d obligationRec) {
	w = w[:deadlineWords]
	w[0], w[1] = nanos(d.Anchor), nanos(d.Done)
}

func unpackDeadline(w []int64) obligationRec {
	w = w[:deadlineWords]
	return obligationRec{Anchor: instantAt(w[0]), Done: instantAt(w[1])}
}

// clockIn returns the state of clock co in the words st laid out by l:
// the zero state (idle) when l has none for it.
func (l *layout) clockIn(st []int64, co *cobj) metric.ClockState {
	var cs metric.ClockState
	if o := l.clock[co.slot]; o >= 0 {
		unpackClock(st[o:], co.nCross, &cs)
	}
	return cs
}

// deadlineIn returns the current obligation of deadline co in st: the
// zero one (none) when l has none for it.
func (l *layout) deadlineIn(st []int64, co *cobj) obligationRec {
	if o := l.dl[co.slot]; o >= 0 {
		return unpackDeadline(st[o:])
	}
	return obligationRec{}
}

// slotState holds one objective's state unpacked, for the code that
// reads it through pointers (timers, the change feed).
type slotState struct {
	c metric.ClockState
	d obligationRec
}

// load unpacks the state of co (a clock or a deadline anchored on
// events) from st into x and returns a pointer to it: the clock's state
// or the obligation, the other nil; both nil for other kinds.
func (l *layout) load(st []int64, co *cobj, x *slotState) (*metric.ClockState, *obligationRec) {
	switch co.kind {
	case kClock:
		x.c = l.clockIn(st, co)
		return &x.c, nil
	case kDeadlineEvents:
		x.d = l.deadlineIn(st, co)
		return nil, &x.d
	}
	return nil, nil
}

// clock returns the state of s's clock co (idle when s has none).
func (s *subject) clock(co *cobj) metric.ClockState { return s.lay.clockIn(s.st, co) }

// phaseOf returns the phase of s's clock co (idle when s has none).
func (s *subject) phaseOf(co *cobj) metric.Phase {
	if o := s.lay.clock[co.slot]; o >= 0 {
		return clockPhase(s.st[o:])
	}
	return metric.Idle
}

// deadline returns the current obligation of s's deadline co (none when
// s has none).
func (s *subject) deadline(co *cobj) obligationRec { return s.lay.deadlineIn(s.st, co) }

// setClock stores cs as the state of s's clock co, which s has.
func (s *subject) setClock(co *cobj, cs *metric.ClockState) {
	packClock(s.st[s.lay.clock[co.slot]:], co.nCross, cs)
}

// setDeadline stores d as the current obligation of s's deadline co,
// which s has.
func (s *subject) setDeadline(co *cobj, d obligationRec) {
	packDeadline(s.st[s.lay.dl[co.slot]:], d)
}

// lastAt is the instant of s's last applied event.
func (s *subject) lastAt() time.Time { return instantAt(s.last) }

// moved reports whether the state of co (a clock or a deadline anchored
// on events) differs between the words a and b: for a clock, in what its
// pending instants and visible state depend on (not w3, Last, the instant
// of the last event applied, which changes with every event and matters
// to neither, nor w5, Next, a cache).
func (l *layout) moved(a, b []int64, co *cobj) bool {
	switch co.kind {
	case kClock:
		o := l.clock[co.slot]
		if o < 0 {
			return false
		}
		a, b = a[o:o+clockWords+int32(co.nCross)], b[o:o+clockWords+int32(co.nCross)]
		return a[0] != b[0] || a[1] != b[1] || a[2] != b[2] || a[4] != b[4] || !slices.Equal(a[clockWords:], b[clockWords:])
	case kDeadlineEvents:
		o := l.dl[co.slot]
		return o >= 0 && (a[o] != b[o] || a[o+1] != b[o+1])
	}
	return false
}
