package sla

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/internal/timerq"
	"github.com/slaeval/slaeval/metric"
	"github.com/slaeval/slaeval/penalty"
)

// NextChange returns the earliest instant after 'after' at which the
// report changes without a further event: a clock reaches a warning or
// becomes breached, a deadline becomes missed, a period ends (it becomes
// final and the next one begins), a version takes effect, the term ends,
// the review falls overdue. ok is false when nothing will change.
//
// Each instant is that of a visible change, never the instant before it: a
// clock or deadline is met at its due instant (met iff elapsed ≤ target,
// done ≤ due) and breached from the first instant after it — Due+1ns on a
// 24×7 calendar, one nanosecond after the next opening when Due is a
// closing time and the target counts business time — so NextChange returns
// that instant and not Due, and a host that schedules each answer and asks
// for a Report then wakes once per change and finds it there, with
// BreachAt (clocks) or Due (deadlines) the instant the target was reached.
// A subject out of an objective's scope (its attributes fail the scope's
// tests, a P2 ticket for a P1-only objective) has no clock or obligation
// for it in reports, and NextChange schedules nothing for it.
//
// NextChange does not walk the subjects: their pending instants are kept
// in an index (see "Change feed" in the package doc), so it costs
// O(log n) in the subjects held. The index takes the instants of the
// subjects changed by events in groups, at the latest when NextChange or
// Advance next needs them: a call may first take those of up to 4,096
// subjects changed since the last one (and grow the index to hold them).
func (ev *Evaluator) NextChange(after time.Time) (next time.Time, ok bool) {
	if !ev.built() {
		return time.Time{}, false
	}
	ev.turnOn()
	ev.flushTimers()
	if k, has := ev.tm.set.Search(atOrBefore(after)); has {
		next, ok = k.at(), true
	}
	next, ok = ev.aggregateChange(after, next, ok)
	return next, ok
}

// aggregateChange folds into (next, ok) the earliest instant after
// 'after' at which something other than a subject's clock or obligation
// changes: a period ends or appears, a version takes effect or ends, the
// review falls overdue. These instants depend on the agreement and the
// aggregates, not on the subjects, so computing them on each call does
// not grow with the subjects held.
func (ev *Evaluator) aggregateChange(after, next time.Time, ok bool) (time.Time, bool) {
	consider := func(t time.Time) {
		if t.After(after) && (!ok || t.Before(next)) {
			next, ok = t, true
		}
	}
	for vi := range ev.p.versions {
		v := &ev.p.versions[vi]
		consider(v.from)
		if !v.to.IsZero() {
			consider(v.to)
		}
		for i := range v.objs {
			co := &v.objs[i]
			if co.rolling {
				// Its window is listed from a nanosecond after v starts;
				// how it slides afterwards is not scheduled.
				consider(v.from.Add(1))
				rollingChanges(v, co, after, consider) // rolling_penalty.go
				continue
			}
			if gp := co.grid.At(v.from); co.kind != kDeadlinePeriod && gp.Start.Before(v.from) {
				if _, held := ev.versionAt(gp.Start); !held {
					// The period v starts inside, when no version holds
					// it, is v's and is listed from a nanosecond after
					// v starts.
					consider(v.from.Add(1))
				}
			}
			per := co.grid.At(after)
			if per.End.After(v.from) && (v.to.IsZero() || per.Start.Before(v.to)) {
				consider(per.End) // the period becomes final
			}
			if co.kind != kDeadlinePeriod {
				// Reports list the periods that began before their
				// instant, so a period of v appears a nanosecond after it
				// begins (the one holding 'after', when it begins right
				// there, or the next): a change of its own.
				for _, start := range [...]time.Time{per.Start, per.End} {
					if !start.Before(v.from) && (v.to.IsZero() || start.Before(v.to)) {
						consider(start.Add(1))
					}
				}
			}
			if co.kind == kDeadlinePeriod {
				// A period whose deliverable is done by 'after' is not
				// missed later: no change to wake for.
				done := ev.assignDone(co.o.ID, ev.deadlinePeriods(co.o.ID, after), after)
				for _, q := range []metric.Period{per, co.grid.At(per.Start.Add(-1))} {
					if _, isDone := done[q.Start.UnixNano()]; isDone {
						continue
					}
					if t, has := co.missedFrom(q.End); has {
						consider(t)
					}
				}
			}
		}
	}
	if due, has := ev.p.a.NextReviewDue(); has {
		consider((due + 1).MidnightIn(ev.p.loc))
	}
	return next, ok
}

// missedFrom is the first instant at which the obligation of deadline
// objective co anchored at anchor, not done, is judged missed: the
// deadline rule's MissedFrom (metric.MissedFrom, the rule Judge follows:
// one nanosecond of the target's unit after Due). has is false when the
// obligation is never missed (due at noDue).
func (co *cobj) missedFrom(anchor time.Time) (t time.Time, has bool) {
	if !co.deadline.Due(anchor).Before(noDue) {
		return time.Time{}, false
	}
	return co.deadline.MissedFrom(anchor), true
}

// The timer index.
//
// NextChange's answer is the earliest of two parts: the instants of the
// subjects' clocks and obligations, which grow with the subjects, and the
// aggregate instants (aggregateChange), which do not. The first part is
// kept in an ordered set, the timer index (internal/timerq), so that
// NextChange finds it in O(log n) instead of walking every subject.
//
// Why the index answers as the walk did (nextChangeWalk in
// timers_ref_test.go, against which TestPropNextChangeIndex checks it).
// The walk takes, over every held subject s and every clock or
// event-anchored deadline objective co of s's version and type whose
// scope holds for s's attributes, the earliest instant after 'after' of
// pending(s, co): for a clock, the instants metric.Clock.NextChange
// yields (its warnings and its breach; nothing unless running); for a
// deadline, missedFrom of its open obligation. pending(s, co) is a
// function of s's clock state or obligation and its attributes alone,
// never of 'after' (after only filters it). So the earliest instant
// after 'after' over all subjects is the first element after 'after' of
// the union of the pending sets, which is what the index holds, provided
// the index holds exactly pending(s, co) for every held s and in-scope
// co. It does, by induction over the operations that change a subject
// or the set of subjects held:
//   - apply: beforeSubject copies s's clocks, obligations and attributes
//     before the event, afterSubject compares them with the state after
//     it; for each objective whose state or scope changed it removes
//     pending(before) (recomputed from the copy, so exactly what was
//     added) and adds pending(after). An objective whose state and scope
//     did not change has the same pending set. Subjects that change
//     version (rehome) have no clocks or deadlines, so no instants.
//   - Restore and Merge (setSubject): the instants of the subject
//     replaced, if any, are removed and those of the new one added.
//   - Forget and Retire (removeSubject): the subject's instants go.
// Keys carry the subject and objective, so equal instants of different
// objectives are distinct keys and one objective's removal never drops
// another's.

// timerKey is one pending instant of objective oi (an index into the
// objectives of s's version) of subject s, ordered by instant, then by
// subject key ("type/ID") and objective. Keys of one instant are put in
// the feed's order (type, then ID) when fed (advanceTo).
type timerKey struct {
	sec  int64
	nsec int32
	oi   int32
	s    *subject
}

func (k timerKey) at() time.Time { return time.Unix(k.sec, int64(k.nsec)).UTC() }

func cmpTimers(a, b timerKey) int {
	if c := cmp.Or(cmp.Compare(a.sec, b.sec), cmp.Compare(a.nsec, b.nsec)); c != 0 {
		return c
	}
	if a.s != b.s {
		if c := strings.Compare(a.s.key, b.s.key); c != 0 {
			return c
		}
	}
	return cmp.Compare(a.oi, b.oi)
}

// cmpFeed orders the keys of one instant as the feed hands out their
// changes: by subject type, ID, then objective.
func cmpFeed(a, b timerKey) int {
	return cmp.Or(strings.Compare(a.s.typ(), b.s.typ()), strings.Compare(a.s.id(), b.s.id()), cmp.Compare(a.oi, b.oi))
}

// atOrBefore is the Search predicate of the keys at or before t.
func atOrBefore(t time.Time) func(timerKey) bool {
	sec, nsec := t.Unix(), int32(t.Nanosecond())
	return func(k timerKey) bool { return k.sec < sec || (k.sec == sec && k.nsec <= nsec) }
}

// timerIndex is the evaluator's timer index, its notion of now and the
// change feed, with the scratch state of the apply hooks. What every
// applied event reads (on, now, feed) comes last, next to the
// Evaluator's other such fields (see Evaluator).
type timerIndex struct {
	// What beforeSubject copied of the subject about to change.
	st      []int64 // its clocks and obligations (state.go)
	attrs   []string
	has     uint64
	nPrev   int          // len(s.prevOccs())
	avOpen  []bool       // whether each availability slot's downtime was open
	avCause []string     // and its cause
	me      metric.Event // scratch for scope tests
	due     []timerKey   // scratch: the keys of one instant being fed

	// The credits (by version and credit period) and termination rights
	// the feed last saw (changes.go's noteCredits).
	credits map[string]decimal.Decimal
	terms   []penalty.Termination

	// The subjects changed since the index last took their instants
	// (flushTimers), each once, with the state it holds instants for.
	dirty    map[*subject]struct{}
	pend     []dirtySubject
	oldSt    []int64
	oldAttrs []string

	set  *timerq.Set[timerKey]
	on   bool         // the index is kept: NextChange was asked or a feed set (turnOn)
	now  time.Time    // the latest instant advanced to or applied at
	feed func(Change) // nil when nobody reads the changes
}

// timerOp adds or removes pending instants.
type timerOp bool

const (
	addTimers    timerOp = true
	removeTimers timerOp = false
)

// objTimers adds or removes the pending instants of objective oi (co) of
// s, whose clock state is cs (clocks) or whose obligation is d
// (event-anchored deadlines): pending(s, co) above.
func (ev *Evaluator) objTimers(op timerOp, s *subject, oi int, co *cobj, cs *metric.ClockState, d *obligationRec) {
	if ev.tm.set == nil {
		ev.tm.set = timerq.New(cmpTimers)
	}
	put := func(t time.Time) {
		k := timerKey{sec: t.Unix(), nsec: int32(t.Nanosecond()), oi: int32(oi), s: s}
		if op == addTimers {
			ev.tm.set.Add(k)
		} else {
			ev.tm.set.Remove(k)
		}
	}
	switch co.kind {
	case kClock:
		if cs.Phase != metric.Running {
			return
		}
		// Its warnings and its breach, in order: at most one instant
		// per warning and one more (the breach, the last), so the
		// chain stops there without asking once more for nothing.
		n := co.nWarn + 1
		for t, ok := co.clock.NextChange(*cs, time.Time{}); ok; t, ok = co.clock.NextChange(*cs, t) {
			put(t)
			if n--; n == 0 {
				break
			}
		}
	case kDeadlineEvents:
		if !d.Anchor.IsZero() && d.Done.IsZero() {
			if t, has := co.missedFrom(d.Anchor); has {
				put(t)
			}
		}
	}
}

// timed reports whether co can have pending instants for subject s.
func timed(co *cobj, s *subject) bool {
	return (co.kind == kClock || co.kind == kDeadlineEvents) && (co.typ == "" || co.typ == s.typ())
}

// subjectTimers adds or removes every pending instant of s.
func (ev *Evaluator) subjectTimers(op timerOp, s *subject) {
	v := &ev.p.versions[s.ver]
	var se *metric.Event
	for oi := range v.objs {
		co := &v.objs[oi]
		if !timed(co, s) {
			continue
		}
		if len(co.where) > 0 {
			if se == nil {
				se = ev.attrsEvent(s.has, s.attrs)
			}
			if !whereHolds(co.where, se) {
				continue
			}
		}
		ev.objTimersIn(op, s, oi, co, s.st)
	}
}

// objTimersIn is objTimers for the state of co in st, s's words or an
// earlier copy of them.
func (ev *Evaluator) objTimersIn(op timerOp, s *subject, oi int, co *cobj, st []int64) {
	var x slotState
	c, d := s.lay.load(st, co, &x)
	ev.objTimers(op, s, oi, co, c, d)
}

// attrsEvent returns, in scratch space, an event carrying the attributes
// has/attrs, for scope tests.
func (ev *Evaluator) attrsEvent(has uint64, attrs []string) *metric.Event {
	me := &ev.tm.me
	me.Attrs = me.Attrs[:0]
	for i, k := range ev.p.attrKeys {
		if has&(1<<uint(i)) != 0 {
			me.Attrs = append(me.Attrs, metric.Attr{Key: k, Value: attrs[i]})
		}
	}
	return me
}

// setSubject holds s in place of the subject of its type and ID, if any
// (Restore, Merge), keeping the timer index.
func (ev *Evaluator) setSubject(s *subject) {
	if ev.sum.on {
		if old := ev.subjects.get(s.typ(), s.id()); old != nil {
			ev.tallyDrop(old)
		}
		ev.tallyAdd(s, s.lastAt())
	}
	if !ev.tm.on {
		ev.subjects.set(s)
		return
	}
	ev.flushTimers()
	if old := ev.subjects.get(s.typ(), s.id()); old != nil {
		ev.subjectTimers(removeTimers, old)
	}
	ev.subjects.set(s)
	ev.subjectTimers(addTimers, s)
}

// removeSubject drops the subject (typ, id), if held (Forget, Retire),
// with its pending instants.
func (ev *Evaluator) removeSubject(typ, id string) {
	if ev.sum.on {
		if old := ev.subjects.get(typ, id); old != nil {
			ev.tallyDrop(old)
		}
	}
	if !ev.tm.on {
		ev.subjects.remove(typ, id)
		return
	}
	ev.flushTimers()
	if old := ev.subjects.get(typ, id); old != nil {
		ev.subjectTimers(removeTimers, old)
	}
	ev.subjects.remove(typ, id)
}

// maxDirty is how many changed subjects the index lets wait before
// taking their instants (flushTimers): enough that the events of one
// ticket between two calls of NextChange are mostly taken at once (a
// pause and a resume cost nothing then), few enough that one flush is
// short.
const maxDirty = 4096

// dirtySubject is a subject changed by events since the index last took
// its instants, with the state the index holds instants for: its
// attributes (has) and, at offsets w0 and a0 of the index's old*
// slices, its clocks, obligations and attribute values.
type dirtySubject struct {
	s      *subject
	has    uint64
	w0, a0 int
	none   bool // no clock was running and no obligation open: the index held no instants of s, and nothing was copied
}

// mayHaveTimers reports whether s has a running clock or an open
// obligation: a subject without either has no pending instants.
func mayHaveTimers(s *subject) bool {
	for _, o := range s.lay.clock {
		if o >= 0 && clockPhase(s.st[o:]) == metric.Running {
			return true
		}
	}
	for _, o := range s.lay.dl {
		if o >= 0 && s.st[o] != noInstant && s.st[o+1] == noInstant {
			return true
		}
	}
	return false
}

// beforeSubject is called by apply just before an event at 'at' changes
// subject s: it advances to 'at' (so the feed reports the changes due
// by then first), marks s dirty for the index with its state as the
// index knows it, and, for the feed, copies what afterSubject compares.
func (ev *Evaluator) beforeSubject(s *subject, at time.Time) {
	ev.advanceTo(at)
	ev.tallyBefore(s, at)
	if ev.tm.feed != nil && len(s.avSlots()) > 0 {
		// Availability has no instants; the feed compares its downtimes.
		ev.tm.availOpen(s)
		ev.tm.attrs = append(ev.tm.attrs[:0], s.attrs...)
		ev.tm.has = s.has
	}
	if !ev.tm.on || len(s.st) == 0 {
		return // no clock or deadline: no instants, nothing to feed
	}
	tm := &ev.tm
	if _, held := tm.dirty[s]; !held {
		if tm.dirty == nil {
			tm.dirty = map[*subject]struct{}{}
		}
		tm.dirty[s] = struct{}{}
		if !mayHaveTimers(s) {
			// A new or closed subject: nothing to remove later, so
			// nothing to copy (most of a replay's subjects).
			tm.pend = append(tm.pend, dirtySubject{s: s, none: true})
		} else {
			tm.pend = append(tm.pend, dirtySubject{s: s, has: s.has, w0: len(tm.oldSt), a0: len(tm.oldAttrs)})
			tm.oldSt = append(tm.oldSt, s.st...)
			tm.oldAttrs = append(tm.oldAttrs, s.attrs...)
		}
	}
	if tm.feed != nil {
		tm.st = append(tm.st[:0], s.st...)
		tm.attrs = append(tm.attrs[:0], s.attrs...)
		tm.has = s.has
		tm.nPrev = len(s.prevOccs())
	}
}

// afterSubject is called by apply once the event has changed s (created
// by it when created): it tells the feed what became visible, and lets
// the index take the instants of the subjects changed once maxDirty of
// them wait.
func (ev *Evaluator) afterSubject(s *subject, created bool) {
	ev.tallyAfter(s)
	tm := &ev.tm
	if !tm.on {
		return
	}
	if tm.feed != nil && len(s.st) > 0 {
		ev.forMoved(s, tm.st, tm.attrs, tm.has, created, func(oi int, co *cobj, inBefore, inAfter bool) {
			ev.feedApplied(s, oi, co, inBefore, inAfter)
		})
	}
	if tm.feed != nil && len(s.avSlots()) > 0 {
		ev.feedAvailability(s, created)
	}
	if len(tm.pend) >= maxDirty {
		ev.flushTimers()
	}
}

// turnOn starts keeping the index, from every subject held: until a host
// asks NextChange or sets a feed, applying an event keeps no instants (a
// replay, a batch evaluation, a test oracle pay nothing for timers). The
// index then holds exactly what it would hold had it been kept from the
// start, since it holds each subject's pending instants as of its state,
// whatever the order they were added in.
func (ev *Evaluator) turnOn() {
	if ev.tm.on {
		return
	}
	ev.tm.on = true
	for s := range ev.subjects.all() {
		ev.subjectTimers(addTimers, s)
	}
}

// flushTimers brings the index up to date with the subjects changed since
// it last was: for each, it removes the instants of the state it held
// instants for and adds those of its state now, objective by objective
// where the state or the scope changed. NextChange and Advance call it
// first, so they answer from every event applied.
func (ev *Evaluator) flushTimers() {
	tm := &ev.tm
	for _, d := range tm.pend {
		s := d.s
		if d.none {
			ev.subjectTimers(addTimers, s)
			continue
		}
		old := tm.oldSt[d.w0 : d.w0+len(s.st)]
		ev.forMoved(s, old, tm.oldAttrs[d.a0:d.a0+len(s.attrs)], d.has, false, func(oi int, co *cobj, inBefore, inAfter bool) {
			if inBefore {
				ev.objTimersIn(removeTimers, s, oi, co, old)
			}
			if inAfter {
				ev.objTimersIn(addTimers, s, oi, co, s.st)
			}
		})
	}
	if len(tm.pend) > 64 {
		// A large group (a replay, a burst): let its buffers go rather
		// than hold them for the next.
		tm.dirty, tm.pend, tm.oldSt, tm.oldAttrs = nil, nil, nil, nil
		return
	}
	clear(tm.dirty)
	clear(tm.oldAttrs) // let the strings go
	tm.pend, tm.oldSt, tm.oldAttrs = tm.pend[:0], tm.oldSt[:0], tm.oldAttrs[:0]
}

// forMoved calls f for each clock or deadline objective of s whose state
// or scope differs between the state given (st, attrs, has: an earlier
// copy of s's) and s's state now, with whether it was and is
// in scope. A created subject's scope is taken as unchanged: it was in
// no report before.
func (ev *Evaluator) forMoved(s *subject, st []int64, attrs []string, has uint64, created bool, f func(oi int, co *cobj, inBefore, inAfter bool)) {
	v := &ev.p.versions[s.ver]
	attrsMoved := s.has != has || !slices.Equal(s.attrs, attrs)
	for oi := range v.objs {
		co := &v.objs[oi]
		if !timed(co, s) {
			continue
		}
		moved := s.lay.moved(st, s.st, co)
		inBefore, inAfter := true, true
		if len(co.where) > 0 && (moved || attrsMoved) {
			inAfter = whereHolds(co.where, ev.attrsEvent(s.has, s.attrs))
			inBefore = inAfter
			if attrsMoved && !created {
				inBefore = whereHolds(co.where, ev.attrsEvent(has, attrs))
			}
		}
		if moved || inBefore != inAfter {
			f(oi, co, inBefore, inAfter)
		}
	}
}
