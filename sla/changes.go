package sla

import (
	"slices"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/metric"
	"github.com/slaeval/slaeval/penalty"
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
	// ChangeDown and ChangeUp: a downtime of a service (a subject of an
	// availability objective) began or ended as the evaluator records it
	// (the report's State went to StateDown, or back to StateRunning).
	// Cause is the downtime's cause; Excluded says that the objective
	// excludes that cause (customer-caused, force majeure), so the
	// downtime will not count against it. Downtime given as a span in one
	// event (already over when it arrives) makes no change.
	ChangeDown = "downtimeStarted"
	ChangeUp   = "downtimeEnded"
	// ChangePeriodClosed: an objective's period ended (Period), with its
	// verdict and attainment as Summary reports the period at its end
	// (Verdict, Attainment; Version is the version the period is
	// reported under). It has no subject. A period-end deadline's period
	// closes at its end only when its deliverable is judged by then. A
	// rolling period with every closes at each boundary of that grid (the
	// assessment of the window ending there); one without never closes.
	ChangePeriodClosed = "periodClosed"
	// ChangeCredit: the credit of a credit period (Period, a calendar
	// month of Version) changed from CreditBefore to CreditAfter, as
	// Summary's Penalties give it. It has no subject.
	ChangeCredit = "creditChanged"
	// ChangeTermination: a termination right arose (Termination, as in
	// Summary's Terminations). It has no subject.
	ChangeTermination = "terminationRight"
)

// Change is one visible change of one subject's objective: the report as
// of At differs from the report just before in the state of that
// objective (SubjectObjective's InScope, State, Phase, the current cycle
// or obligation, or the warnings reached). Before and After are that
// state on either side. Changes are plain values; the strings in them
// share the evaluator's memory and stay valid.
//
// The changes of periods, credits and termination rights
// (ChangePeriodClosed, ChangeCredit, ChangeTermination) name no subject:
// they are read from Summary as of each instant at which a period ends,
// and their fields are those below; Before and After are zero.
type Change struct {
	Kind        string    // a Change* constant
	SubjectType string    // "ticket"; "" for periods, credits and termination rights
	Subject     string    // "T-1"
	Objective   string    // the objective's ID
	Version     string    // the label of the subject's (or the period's) version
	At          time.Time // the instant the change became visible
	Before      ItemState
	After       ItemState

	Cause    string // ChangeDown, ChangeUp: the downtime's cause ("" when none is given)
	Excluded bool   // ChangeDown, ChangeUp: the objective excludes Cause

	// ChangePeriodClosed: the objective's period, its verdict (a
	// Verdict* constant) and attainment (nil when the period has none),
	// as PeriodReport gives them. ChangeCredit: Period is the credit
	// period.
	Period     metric.Period
	Verdict    string
	Attainment *decimal.Decimal

	// ChangeCredit: the period's credit before and after (zero when the
	// period had none), in the agreement's currency.
	CreditBefore, CreditAfter decimal.Decimal

	// ChangeTermination: the right that arose.
	Termination penalty.Termination
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
//
// Setting a feed starts the timer index and Summary's counters (each one
// walk of the subjects, if not started yet) and reads the credits and
// termination rights as of now, from which ChangeCredit and
// ChangeTermination count. Each period end then costs one Summary.
func (ev *Evaluator) SetFeed(feed func(Change)) {
	if !ev.built() {
		return
	}
	ev.tm.feed = feed
	if feed != nil {
		ev.turnOn()  // the feed's timer changes come from the index
		ev.tallyOn() // and its period verdicts from Summary's counters
		// Credits and termination rights change from what they are now.
		ev.tm.credits, ev.tm.terms = nil, nil
		if !ev.tm.now.IsZero() {
			r := ev.report(ev.tm.now, false, false)
			ev.noteCredits(&r, false)
		}
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

// Now returns the evaluator's notion of now: the latest instant Advance
// moved it to or an event was applied at (zero before either, and for an
// Evaluator not built by NewEvaluator). Aggregates records it and
// RestoreAggregates restores it, so a host that persists incrementally
// need not keep it apart.
func (ev *Evaluator) Now() time.Time {
	if !ev.built() {
		return time.Time{}
	}
	return ev.tm.now
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
	ends := ev.periodEnds(from, t)
	k, ok := tm.set.Search(atOrBefore(from))
	for {
		timer := ok && !k.at().After(t)
		if len(ends) > 0 && (!timer || ends[0].Before(k.at())) {
			// Periods end after the subjects' changes of their instant:
			// their verdicts count them.
			ev.feedPeriods(ends[0])
			ends = ends[1:]
			continue
		}
		if !timer {
			break
		}
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

// periodEnds returns, sorted and distinct, the instants in (from, t] at
// which a period of some objective ends (for a rolling objective with
// every, an assessment: a boundary of its every grid), while a version
// that has the objective is in force (at most maxPeriods per objective
// and version).
//
// Before the first event or Advance (from zero) there are none: the
// periods that ended before the evaluator's first instant closed before
// it knew of any time, and a host setting up an evaluator is not told
// of them.
func (ev *Evaluator) periodEnds(from, t time.Time) []time.Time {
	if from.IsZero() {
		return nil
	}
	var out []time.Time
	for vi := range ev.p.versions {
		v := &ev.p.versions[vi]
		lo := later(from, v.from)
		for oi := range v.objs {
			co := &v.objs[oi]
			grid := co.grid
			if co.rolling {
				if !co.assessed() {
					continue // a window ending at the report's instant: never final
				}
				// An assessment closes at each boundary of its every grid.
				grid = co.every
			}
			per := grid.At(lo)
			for n := 0; n < maxPeriods && !per.End.After(t) && per.End.After(per.Start); n++ {
				if !v.to.IsZero() && !per.Start.Before(v.to) {
					break // v's periods start while it is in force
				}
				out = append(out, per.End)
				per = grid.At(per.End)
			}
		}
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return slices.CompactFunc(out, func(a, b time.Time) bool { return a.Equal(b) })
}

// feedPeriods hands the feed what Summary as of end shows of the
// periods that end at end (their verdicts), and the credits and
// termination rights that changed since it last looked.
func (ev *Evaluator) feedPeriods(end time.Time) {
	r := ev.report(end, false, false)
	for i := range r.Periods {
		pr := &r.Periods[i]
		if pr.Final && pr.Period.End.Equal(end) {
			ev.tm.feed(Change{Kind: ChangePeriodClosed, Objective: pr.Objective, Version: pr.Version, At: end,
				Period: pr.Period, Verdict: pr.Verdict, Attainment: pr.Attainment})
		}
	}
	ev.noteCredits(&r, true)
}

// noteCredits records the credits and termination rights of r as the
// ones the feed knows, handing the feed (with feed) those that changed.
func (ev *Evaluator) noteCredits(r *Report, feed bool) {
	tm := &ev.tm
	if tm.credits == nil {
		tm.credits = map[string]decimal.Decimal{}
	}
	for _, pp := range r.Penalties {
		k := pp.Version + " " + strconv.FormatInt(pp.Period.Start.UnixNano(), 10)
		before := tm.credits[k]
		if after := pp.Credit.Amount; !after.Equal(before) {
			tm.credits[k] = after
			if feed {
				tm.feed(Change{Kind: ChangeCredit, Version: pp.Version, At: r.AsOf, Period: pp.Period, CreditBefore: before, CreditAfter: after})
			}
		}
	}
	for _, term := range r.Terminations {
		if !slices.ContainsFunc(tm.terms, func(x penalty.Termination) bool { return sameTermination(x, term) }) {
			tm.terms = append(tm.terms, term)
			if feed {
				tm.feed(Change{Kind: ChangeTermination, Objective: term.Objective, At: r.AsOf, Period: term.Period, Termination: term})
			}
		}
	}
}

func sameTermination(a, b penalty.Termination) bool {
	return a.Chronic == b.Chronic && a.Objective == b.Objective && a.Arose.Equal(b.Arose) &&
		a.Period.Start.Equal(b.Period.Start) && a.Period.End.Equal(b.Period.End)
}

// availOpen copies the open state of s's availability slots (before an
// event, for the feed).
func (tm *timerIndex) availOpen(s *subject) {
	tm.avOpen, tm.avCause = tm.avOpen[:0], tm.avCause[:0]
	for i := range s.avSlots() {
		tm.avOpen = append(tm.avOpen, s.x.avs[i].open)
		tm.avCause = append(tm.avCause, s.x.avs[i].cause)
	}
}

// feedAvailability hands the feed the downtimes an event opened or closed
// on s (after its clock and deadline changes), with the scope of each
// objective before and after.
func (ev *Evaluator) feedAvailability(s *subject, created bool) {
	tm := &ev.tm
	v := &ev.p.versions[s.ver]
	for oi := range v.objs {
		co := &v.objs[oi]
		if co.kind != kAvailability || (co.typ != "" && co.typ != s.typ()) || co.slot >= len(tm.avOpen) {
			continue
		}
		a := &s.x.avs[co.slot]
		inAfter := whereHolds(co.where, ev.attrsEvent(s.has, s.attrs))
		inBefore := inAfter
		if !created {
			inBefore = whereHolds(co.where, ev.attrsEvent(tm.has, tm.attrs))
		}
		state := func(open, in bool) ItemState {
			is := ItemState{InScope: in, State: StateRunning}
			if open {
				is.State = StateDown
			}
			return is
		}
		before, after := state(tm.avOpen[co.slot], inBefore), state(a.open, inAfter)
		if before == after {
			continue
		}
		c := Change{Kind: ChangeScope, SubjectType: s.typ(), Subject: s.id(), Objective: co.o.ID, Version: v.label, At: tm.now, Before: before, After: after}
		if before.State != after.State {
			c.Kind, c.Cause = ChangeUp, tm.avCause[co.slot]
			if a.open {
				c.Kind, c.Cause = ChangeDown, a.cause
			}
			c.Excluded = slices.Contains(co.avail.ExcludedCauses, c.Cause)
		}
		tm.feed(c)
	}
}
