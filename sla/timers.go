package sla

import (
	"time"

	"github.com/slaeval/slaeval/metric"
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
func (ev *Evaluator) NextChange(after time.Time) (next time.Time, ok bool) {
	if !ev.built() {
		return time.Time{}, false
	}
	consider := func(t time.Time) {
		if t.After(after) && (!ok || t.Before(next)) {
			next, ok = t, true
		}
	}
	for s := range ev.subjects.all() {
		v := &ev.p.versions[s.ver]
		var se *metric.Event // the subject's attributes, built when a scope needs them
		for i := range v.objs {
			co := &v.objs[i]
			if co.kind != kClock && co.kind != kDeadlineEvents {
				continue
			}
			if co.typ != "" && co.typ != s.typ() {
				continue
			}
			if len(co.where) > 0 {
				if se == nil {
					se = new(subjectEvent(ev.p, s))
				}
				if !whereHolds(co.where, se) {
					continue
				}
			}
			switch co.kind {
			case kClock:
				if t, has := co.clock.NextChange(s.clocks[co.slot], after); has {
					consider(t)
				}
			case kDeadlineEvents:
				d := &s.dls[co.slot]
				if !d.Anchor.IsZero() && d.Done.IsZero() {
					if t, has := co.missedFrom(d.Anchor); has {
						consider(t)
					}
				}
			}
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
