package sla

import (
	"slices"
	"time"

	"github.com/slaeval/slaeval/metric"
)

// Change kinds: what became visible in the report of one subject's
// objective (see Change).
const (
	// ChangeClockStarted: a clock cycle began (the first, or a new one
	// after a stop or a reset).
	ChangeClockStarted = "clockStarted"
	// ChangeClockPaused and ChangeClockResumed: a running clock paused; a
	// paused one runs again, or a stopped one runs again in the same
	// cycle (a ticket reopened, when the clock's restart rule continues
	// the cycle).
	ChangeClockPaused  = "clockPaused"
	ChangeClockResumed = "clockResumed"
	// ChangeClockMet: a clock stopped within its target.
	ChangeClockMet = "clockMet"
	// ChangeClockStopped: a clock stopped past its target (it was
	// breached already: ChangeClockBreached came first).
	ChangeClockStopped = "clockStopped"
	// ChangeClockBreached: a clock's elapsed time passed its target (at
	// the instant NextChange returned: one nanosecond of the calendar's
	// time after Due), or a changed target is already passed.
	ChangeClockBreached = "clockBreached"
	// ChangeWarning: a running clock reached one of its warnings.
	ChangeWarning = "warningReached"
	// ChangeTarget: a clock's target changed (an attribute chose another
	// one) without any of the changes above: its state or warnings moved.
	ChangeTarget = "targetChanged"
	// ChangeObligationDue: a deadline obligation began (its anchor event
	// came); After.Due is when it falls due.
	ChangeObligationDue = "obligationDue"
	// ChangeObligationMet: an obligation was done by its due instant.
	ChangeObligationMet = "obligationMet"
	// ChangeObligationMissed: an obligation not done fell past its due
	// instant (at the instant NextChange returned), or a changed target
	// put it past.
	ChangeObligationMissed = "obligationMissed"
	// ChangeScope: the subject's attributes moved it into or out of the
	// objective's scope (After.InScope says which): out of scope it has no
	// clock or obligation for the objective.
	ChangeScope = "scopeChanged"
)

// Change is one visible change of one subject's objective: the report as
// of At differs from the report just before in the state of that
// objective (SubjectObjective's InScope, State, Phase, the current cycle
// or obligation, or the warnings reached). Before and After are that
// state on either side. Changes are plain values; the strings in them
// share the evaluator's memory and stay valid.
type Change struct {
	Kind        string    // a Change* constant
	SubjectType string    // "ticket"
	Subject     string    // "T-1"
	Objective   string    // the objective's ID
	Version     string    // the label of the subject's version
	At          time.Time // the instant the change became visible
	Before      ItemState
	After       ItemState
}

// ItemState is the visible state of one subject's objective in a report
// as of some instant, as a Change compares it.
type ItemState struct {
	InScope bool   // SubjectObjective.InScope
	State   string // SubjectObjective.State: StateNotStarted, StateRunning, StatePending, StateMet, StateBreached
	Phase   string // a clock's phase ("running", "paused", "stopped"...; "" for deadlines and out of scope)
	// Cycle is the clock's current cycle (1-based) or the number of the
	// deadline's current obligation; 0 before the first.
	Cycle int32
	// Warned is how many of the clock's warnings listed in the report
	// (SubjectObjective.Warnings) are at or before the instant.
	Warned int
	Due    time.Time // SubjectObjective.Due: the current cycle's or obligation's due instant
}

// SetFeed sets the function that receives the evaluator's changes, or
// removes it (nil). From then on every event applied (Apply, ApplyAll,
// ApplyBatch) and every call of Advance hands feed each visible change,
// in order: by instant, then subject type, subject ID and objective in
// agreement order. feed must not call methods that change the evaluator
// (Apply, Advance, Restore, Forget, Retire ...): it runs in the middle of
// one.
//
// One sink set once, rather than a callback argument to each method,
// covers the batch forms and Advance alike, and keeps the cost of a feed
// nobody reads at one nil test per subject changed: with no feed, the
// evaluator neither builds nor allocates changes.
func (ev *Evaluator) SetFeed(feed func(Change)) {
	if !ev.built() {
		return
	}
	ev.tm.feed = feed
	if feed != nil {
		ev.turnOn() // the feed's timer changes come from the index
	}
}

// Advance moves the evaluator's notion of now to t without an event and
// hands the feed (SetFeed) the changes that become visible after the
// previous now and by t: clocks breached and warnings reached, obligations
// missed, each at its instant (the instants NextChange returns). An
// event applied also moves now to its instant, first handing the feed the
// changes due by then. Advance to an instant at or before now does
// nothing. A host that schedules NextChange's answers calls Advance at
// each one.
//
// Advance changes no state a report reads: a report as of any instant is
// the same before and after it. Without a feed it only moves now.
func (ev *Evaluator) Advance(t time.Time) {
	if !ev.built() {
		return
	}
	ev.advanceTo(t)
}

// advanceTo moves now to t when t is later, feeding the timers passed.
func (ev *Evaluator) advanceTo(t time.Time) {
	tm := &ev.tm
	if !t.After(tm.now) {
		return
	}
	from := tm.now
	tm.now = t
	if tm.feed == nil {
		return
	}
	ev.flushTimers()
	k, ok := tm.set.Search(atOrBefore(from))
	for ok && !k.at().After(t) {
		// The keys of k's instant, in the feed's order.
		tm.due = append(tm.due[:0], k)
		for {
			cur := k
			k, ok = tm.set.Search(func(x timerKey) bool { return cmpTimers(x, cur) <= 0 })
			if !ok || k.sec != cur.sec || k.nsec != cur.nsec {
				break
			}
			tm.due = append(tm.due, k)
		}
		slices.SortFunc(tm.due, cmpFeed)
		for _, d := range tm.due {
			ev.feedTimer(d)
		}
	}
}

// feedTimer hands the feed the change of the pending instant k: the
// objective's state just before k's instant and at it.
func (ev *Evaluator) feedTimer(k timerKey) {
	s := k.s
	co := &ev.p.versions[s.ver].objs[k.oi]
	at := k.at()
	n := obligationNumber(s, co, len(s.prevOccs()))
	var x slotState
	c, d := s.lay.load(s.st, co, &x)
	before := itemState(co, c, d, true, n, at.Add(-1))
	after := itemState(co, c, d, true, n, at)
	ev.emit(s, co, at, before, after)
}

// feedApplied hands the feed the change an event made to objective oi
// (co) of s, judged as of now (the event's instant, or a later instant
// the evaluator was advanced to): the state before is read from the copy
// beforeSubject took.
func (ev *Evaluator) feedApplied(s *subject, _ int, co *cobj, inBefore, inAfter bool) {
	tm := &ev.tm
	var x, y slotState
	c0, d0 := s.lay.load(tm.st, co, &x)
	c1, d1 := s.lay.load(s.st, co, &y)
	before := itemState(co, c0, d0, inBefore, obligationNumber(s, co, tm.nPrev), tm.now)
	after := itemState(co, c1, d1, inAfter, obligationNumber(s, co, len(s.prevOccs())), tm.now)
	ev.emit(s, co, tm.now, before, after)
}

// emit hands the feed one change, when the state differs.
func (ev *Evaluator) emit(s *subject, co *cobj, at time.Time, before, after ItemState) {
	if before == after {
		return
	}
	ev.tm.feed(Change{
		Kind: changeKind(co.kind, before, after), SubjectType: s.typ(), Subject: s.id(),
		Objective: co.o.ID, Version: ev.p.versions[s.ver].label, At: at, Before: before, After: after,
	})
}

// obligationNumber is the number of the current obligation of deadline
// objective co of s, counting the first nPrev of s's earlier obligations
// (0 for clocks).
func obligationNumber(s *subject, co *cobj, nPrev int) int32 {
	if co.kind != kDeadlineEvents {
		return 0
	}
	var n int32
	for _, po := range s.prevOccs()[:nPrev] {
		if po.slot == int32(co.slot) {
			n++
		}
	}
	return n
}

// itemState is the visible state, as of asOf, of objective co of a
// subject whose clock state is cs (clocks) or whose obligation is d and
// earlier obligations nPrev (deadlines): what the report's
// SubjectObjective shows (report.go's subjectReport, from the same
// metric calls).
func itemState(co *cobj, cs *metric.ClockState, d *obligationRec, inScope bool, nPrev int32, asOf time.Time) ItemState {
	if !inScope {
		return ItemState{State: StateNotStarted}
	}
	is := ItemState{InScope: true, State: StateNotStarted}
	switch co.kind {
	case kClock:
		st := co.clock.Status(*cs, asOf)
		is.State, is.Phase, is.Due = cycleState(st.State), st.Phase.String(), st.Due
		if st.State != metric.NotStarted {
			is.Cycle = st.Cycle
		}
		for _, w := range st.Warnings {
			if !w.IsZero() && !w.After(asOf) {
				is.Warned++
			}
		}
	case kDeadlineEvents:
		is.Cycle = nPrev
		if !d.Anchor.IsZero() {
			js := co.deadline.Judge(d.Anchor, d.Done, asOf)
			is.State, is.Due, is.Cycle = deadlineState(js.State), js.Due, nPrev+1
		}
	}
	return is
}

// changeKind names the change from before to after of an objective of
// kind k.
func changeKind(k int, before, after ItemState) string {
	switch {
	case before.InScope != after.InScope:
		return ChangeScope
	case k == kDeadlineEvents:
		switch {
		case after.Cycle != before.Cycle:
			return ChangeObligationDue
		case after.State == StateMet:
			return ChangeObligationMet
		case after.State == StateBreached:
			return ChangeObligationMissed
		}
		return ChangeTarget
	case after.Cycle != before.Cycle && after.State != StateNotStarted:
		return ChangeClockStarted
	case after.State != before.State && after.State == StateBreached:
		return ChangeClockBreached
	case after.State != before.State && after.State == StateMet:
		return ChangeClockMet
	case after.Phase != before.Phase:
		switch after.Phase {
		case metric.Paused.String():
			return ChangeClockPaused
		case metric.Running.String():
			return ChangeClockResumed
		case metric.Stopped.String():
			return ChangeClockStopped
		}
	case after.Warned > before.Warned:
		return ChangeWarning
	}
	return ChangeTarget
}
