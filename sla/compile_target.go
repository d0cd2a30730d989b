package sla

import (
	"time"

	"github.com/rickb777/period"

	"github.com/slaeval/slaeval/calendar"
	"github.com/slaeval/slaeval/metric"
)

// dueRule is what the evaluator asks of a deadline objective: the due
// instant of the obligation anchored at an instant, and its judgement.
// *metric.Deadline is one; relDue covers the targets metric.DeadlineSpec
// cannot express (businessDaysEnd spans and relative deadlines, By), and
// nextOpenDue the wallNextOpen unit. Every one judges by metric.JudgeDue;
// OnCalendar says whether lateness is measured in open time of the
// objective's calendar (the target's unit counts on it) or in wall time.
//
// MissedFrom is the first instant at which an obligation anchored at anchor
// and not done turns missed (metric.MissedFrom): the instant a timer for
// it should wake a host, which on a calendar is 1 ns after the next
// opening at or after the due instant, not the due instant itself.
type dueRule interface {
	Due(anchor time.Time) time.Time
	Judge(anchor, done, asOf time.Time) metric.DeadlineStatus
	OnCalendar() bool
	MissedFrom(anchor time.Time) time.Time
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

// Judge judges by metric.JudgeDue with lateness in open time of the
// calendar the business days are counted on.
func (r relDue) Judge(anchor, done, asOf time.Time) metric.DeadlineStatus {
	return metric.JudgeDue(r.cal, r.OnCalendar(), anchor, r.Due(anchor), done, asOf)
}

// MissedFrom is metric.MissedFrom of the due instant.
func (r relDue) MissedFrom(anchor time.Time) time.Time {
	return metric.MissedFrom(r.cal, r.OnCalendar(), r.Due(anchor))
}

// OnCalendar is true for business days and relative deadlines, which count
// on cal; false only for a WallTime span.
func (r relDue) OnCalendar() bool { return r.by.Rule != 0 || r.within.Unit != calendar.WallTime }

// nextOpenDue is a wall-clock target due at the first open instant of cal
// at or after the anchor plus within (the wallNextOpen unit: ServiceNow's
// "breach on due date" on a schedule).
type nextOpenDue struct {
	cal    *calendar.Calendar // nil: 24×7 UTC, where every instant is open
	loc    *time.Location     // the zone of within's days, months and years
	within period.Period
}

// Due is anchor + within in loc, moved to the next opening of cal when it
// falls in closed hours; noDue when cal never opens again.
func (r nextOpenDue) Due(anchor time.Time) time.Time {
	w, ok := calendar.AddPeriod(anchor.In(r.loc), r.within)
	if !ok {
		return noDue
	}
	u, ok := r.cal.NextOpen(w)
	if !ok {
		return noDue
	}
	return u.In(anchor.Location())
}

// Judge judges by metric.JudgeDue in wall time. The due instant is open, so
// any later instant has open time after it: lateness in wall time and on
// the calendar agree about the state, and the target's unit is wall time.
func (r nextOpenDue) Judge(anchor, done, asOf time.Time) metric.DeadlineStatus {
	return metric.JudgeDue(r.cal, false, anchor, r.Due(anchor), done, asOf)
}

// MissedFrom is 1 ns after the due instant.
func (r nextOpenDue) MissedFrom(anchor time.Time) time.Time {
	return metric.MissedFrom(r.cal, false, r.Due(anchor))
}

// OnCalendar is false: the target is wall time.
func (nextOpenDue) OnCalendar() bool { return false }

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
	if t.DueFrom != "" {
		return dueFromRule(t, cal, path) // duefrom.go
	}
	if t.Unit == UnitWallNextOpen {
		// the same wall periods as unit wall: whole days, months and years
		if _, err := metric.NewDeadline(metric.DeadlineSpec{Wall: t.Within, Zone: loc}); err != nil {
			return nil, &Error{Path: path + ".target", Msg: err.Error(), Err: ErrInvalid}
		}
		return nextOpenDue{cal: cal, loc: loc, within: t.Within}, nil
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
