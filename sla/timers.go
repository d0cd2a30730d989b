package sla

import (
	"time"

	"github.com/slaeval/slaeval/metric"
)

// NextChange returns the earliest instant after 'after' at which any status
// in the report changes without a further event: a clock's warning, due
// or breach instant, a deadline falling due, the end of a period, a version
// taking effect, the end of the term, the review falling overdue. ok is
// false when nothing will change.
func (ev *Evaluator) NextChange(after time.Time) (next time.Time, ok bool) {
	consider := func(t time.Time) {
		if t.After(after) && (!ok || t.Before(next)) {
			next, ok = t, true
		}
	}
	for s := range ev.subjects.all() {
		v := &ev.p.versions[s.ver]
		for i := range v.objs {
			co := &v.objs[i]
			switch co.kind {
			case kClock:
				if t, has := co.clock.NextChange(s.clocks[co.slot], after); has {
					consider(t)
				}
			case kDeadlineEvents:
				d := &s.dls[co.slot]
				if !d.Anchor.IsZero() && d.Done.IsZero() {
					due := co.deadline.Due(d.Anchor)
					consider(due)
					consider(due.Add(1))
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
				continue
			}
			per := co.grid.At(after)
			if per.End.After(v.from) && (v.to.IsZero() || !per.Start.After(v.to)) {
				consider(per.End)
			}
			if co.kind == kDeadlinePeriod {
				for _, q := range []metric.Period{per, co.grid.At(per.Start.Add(-1))} {
					due := co.deadline.Due(q.End)
					consider(due)
					consider(due.Add(1))
				}
			}
		}
	}
	if due, has := ev.p.a.NextReviewDue(); has {
		consider((due + 1).MidnightIn(ev.p.loc))
	}
	return next, ok
}
