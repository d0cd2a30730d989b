package sla

import (
	"time"

	"github.com/slaeval/slaeval/calendar"
	"github.com/slaeval/slaeval/metric"
)

// dueRule is what the evaluator asks of a deadline objective: the due
// instant of the obligation anchored at an instant, and its judgement.
// *metric.Deadline is one; relDue covers the targets metric.DeadlineSpec
// cannot express (businessDaysEnd spans and relative deadlines, By).
type dueRule interface {
	Due(anchor time.Time) time.Time
	Judge(anchor, done, asOf time.Time) metric.DeadlineStatus
}

// noDue is the due instant of an obligation whose relative deadline has no
// answer for its anchor ("dayAt 0" anchored on a day that is not a
// business day, "monthDayAt 25" in a month with fewer business days, a
// calendar that never opens): the latest instant a report can encode, so
// the obligation stays pending and is never missed.
var noDue = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)

// relDue is a deadline whose due instant is a calendar.Deadline resolved
// against the anchor, or a calendar.Span added to it, on cal.
type relDue struct {
	cal    *calendar.Calendar // nil: 24×7 UTC
	by     calendar.Deadline  // when set (Rule != 0)
	within calendar.Span      // otherwise
}

// Due resolves the deadline against anchor. Deadline objectives have no
// pauses, so none are applied.
func (r relDue) Due(anchor time.Time) time.Time {
	if r.by.Rule == 0 {
		return r.cal.AddSpan(anchor, r.within)
	}
	t, err := r.by.Resolve(r.cal, anchor)
	if err != nil {
		return noDue
	}
	return t
}

// Judge judges as metric.Deadline.Judge does: met iff done ≤ due; missed
// once asOf is after due without it; lateness in wall time and on the
// calendar.
func (r relDue) Judge(anchor, done, asOf time.Time) metric.DeadlineStatus {
	st := metric.DeadlineStatus{Anchor: anchor, Due: r.Due(anchor)}
	if !done.IsZero() && !done.After(asOf) {
		st.Done = done
		if !done.After(st.Due) {
			st.State = metric.DeadlineMet
			return st
		}
		st.State = metric.DeadlineMissed
		st.Late = done.Sub(st.Due)
		st.LateBusiness = r.cal.Between(st.Due, done)
		return st
	}
	if asOf.After(st.Due) {
		st.State = metric.DeadlineMissed
		st.Late = asOf.Sub(st.Due)
		st.LateBusiness = r.cal.Between(st.Due, asOf)
	}
	return st
}

// deadlineRule compiles the target of a deadline objective measured on cal
// in zone loc: By (a relative deadline) and businessDaysEnd spans give a
// relDue, every other time target a metric.Deadline. Errors are reported
// at the target's path.
func deadlineRule(t Target, cal *calendar.Calendar, loc *time.Location, path string) (dueRule, error) {
	if t.By != "" {
		d, err := calendar.ParseDeadline(t.By)
		if err != nil {
			return nil, &Error{Path: path + ".target.by", Msg: err.Error(), Err: ErrInvalid}
		}
		return relDue{cal: cal, by: d}, nil
	}
	if t.Unit == UnitBusinessDaysEnd {
		sp, ok := t.Span()
		if !ok {
			return nil, &Error{Path: path + ".target.within", Msg: "not a whole number of business days", Err: ErrUnit}
		}
		return relDue{cal: cal, within: sp}, nil
	}
	ds := metric.DeadlineSpec{Calendar: cal, Zone: loc}
	if sp, ok := t.Span(); ok {
		ds.Within = sp
	} else {
		ds.Wall = t.Within
	}
	dl, err := metric.NewDeadline(ds)
	if err != nil {
		return nil, &Error{Path: path + ".target", Msg: err.Error(), Err: ErrInvalid}
	}
	return dl, nil
}
