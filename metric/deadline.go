package metric

import (
	"time"

	"github.com/rickb777/period"

	"github.com/slaeval/slaeval/calendar"
)

// DeadlineSpec defines an obligation "X must happen within Within after an
// anchor" (a report within 10 business days after each month ends; an
// invoice paid within 30 days of issue), measured on Calendar (nil is 24×7
// UTC). The zero value is invalid: Within must be positive.
//
// Wall, when set, replaces Within: a wall-clock ISO-8601 period whose days,
// months and years are calendar ones in Zone (nil: the calendar's
// location), so "within 30 days" (P30D) of an invoice issued at midnight
// ends at midnight 30 calendar days later, DST or not; months and years
// follow the month-end rule of calendar.AddMonths ("within P1M" of 31
// January ends on 28 February).
type DeadlineSpec struct {
	Calendar *calendar.Calendar `json:"-"`
	Within   calendar.Span      `json:"within,omitzero"`
	Wall     period.Period      `json:"wall,omitzero"`
	Zone     *time.Location     `json:"-"`
}

// Deadline is a validated, immutable DeadlineSpec.
type Deadline struct{ spec DeadlineSpec }

// NewDeadline validates s.
func NewDeadline(s DeadlineSpec) (*Deadline, error) {
	if !s.Wall.IsZero() {
		if s.Within != (calendar.Span{}) {
			return nil, invalid("deadline", "wall", "only one of within and wall may be set")
		}
		if !validWall(s.Wall) {
			return nil, invalid("deadline", "wall", "must be positive, with whole years, months, weeks and days, at most 1000 years")
		}
		if s.Zone == nil {
			s.Zone = s.Calendar.Location()
		}
		return &Deadline{spec: s}, nil
	}
	switch s.Within.Unit {
	case calendar.WallTime, calendar.BusinessTime:
		if s.Within.Duration <= 0 {
			return nil, invalid("deadline", "within", "duration must be positive")
		}
	case calendar.BusinessDays:
		if s.Within.Days <= 0 {
			return nil, invalid("deadline", "within", "days must be positive")
		}
	default:
		return nil, invalid("deadline", "within.unit", "unknown unit")
	}
	return &Deadline{spec: s}, nil
}

// Due is the instant by which the obligation anchored at anchor must be
// fulfilled: Calendar.AddSpan(anchor, Within), or Wall added to anchor's
// local date and time in Zone.
func (d *Deadline) Due(anchor time.Time) time.Time {
	if !d.spec.Wall.IsZero() {
		return anchor.Add(wallLimit(d.spec.Wall, anchor, d.spec.Zone))
	}
	return d.spec.Calendar.AddSpan(anchor, d.spec.Within)
}

// DeadlineState is the state of one obligation.
type DeadlineState uint8

const (
	DeadlinePending DeadlineState = iota // not done yet and not past due (the zero value)
	DeadlineMet                          // done at or before the due instant
	DeadlineMissed                       // done after the due instant, or not done and past due
)

var deadlineNames = [...]string{"pending", "met", "missed"}

// String returns "pending", "met" or "missed".
func (s DeadlineState) String() string {
	if int(s) < len(deadlineNames) {
		return deadlineNames[s]
	}
	return "DeadlineState(?)"
}

// DeadlineStatus is one obligation judged at an instant.
type DeadlineStatus struct {
	State  DeadlineState `json:"state"`
	Anchor time.Time     `json:"anchor"`
	Due    time.Time     `json:"due"`
	Done   time.Time     `json:"done"` // zero when not done as of the judgement
	// Late is how far past due it was done (or, not done, asOf is), in wall
	// time; LateBusiness the same on the calendar. Zero unless DeadlineMissed.
	Late         time.Duration `json:"late"`
	LateBusiness time.Duration `json:"lateBusiness"`
}

// Judge judges the obligation anchored at anchor, done at done (zero if
// not done), as of asOf, by JudgeDue: lateness is measured on the calendar
// for BusinessTime and BusinessDays spans, in wall time for WallTime spans
// and Wall periods.
func (d *Deadline) Judge(anchor, done, asOf time.Time) DeadlineStatus {
	return JudgeDue(d.spec.Calendar, d.OnCalendar(), anchor, d.Due(anchor), done, asOf)
}

// MissedFrom returns the first instant at which the obligation anchored at
// anchor, not done, is missed: MissedFrom(Calendar, OnCalendar, Due).
func (d *Deadline) MissedFrom(anchor time.Time) time.Time {
	return MissedFrom(d.spec.Calendar, d.OnCalendar(), d.Due(anchor))
}

// OnCalendar reports whether d's target counts on its calendar (a
// BusinessTime or BusinessDays span), so that JudgeDue measures lateness
// in open time; false for wall-clock targets.
func (d *Deadline) OnCalendar() bool {
	return d.spec.Wall.IsZero() && d.spec.Within.Unit != calendar.WallTime
}

// JudgeDue is the one rule by which every deadline judges a completion, and
// the rule clocks follow (a clock is met iff its elapsed time ≤ its target):
// the obligation anchored at anchor and due at due, done at done (zero if
// not done), as of asOf. A done instant after asOf counts as not done yet.
//
// Let x be done, or asOf when not done. Lateness is measured in the
// target's unit: with onCalendar (business time, business days, relative
// deadlines) it is cal's open time from due to x, cal.Between(due, x); else
// the wall time x − due. It is late iff that is positive. So a completion
// in closed hours right after the due instant, before the next opening, is
// met on a calendar — as a clock stopped there is, with elapsed time equal
// to its target — and late in wall time.
//
// The status: Met when done and not late; Missed when late (done or not);
// Pending otherwise. Due is due: the instant the measured time reaches the
// target, which is what a clock reports as its breach instant. A pending
// obligation turns missed just after its last on-time instant (MissedFrom).
// When Missed, Late is x − due in wall time and LateBusiness is
// cal.Between(due, x), both zero otherwise; with onCalendar LateBusiness
// is the lateness in the target's unit, else Late is.
func JudgeDue(cal *calendar.Calendar, onCalendar bool, anchor, due, done, asOf time.Time) DeadlineStatus {
	st := DeadlineStatus{Anchor: anchor, Due: due}
	x := asOf
	if !done.IsZero() && !done.After(asOf) {
		st.Done, x = done, done
	}
	business := cal.Between(due, x)
	late := x.After(due)
	if onCalendar {
		late = business > 0
	}
	switch {
	case late:
		st.State = DeadlineMissed
		st.Late, st.LateBusiness = x.Sub(due), business
	case !st.Done.IsZero():
		st.State = DeadlineMet
	}
	return st
}

// MissedFrom returns the first instant at which an obligation due at due
// and not done is missed under JudgeDue: the first instant with positive
// lateness, due plus 1 ns in wall time, and on a calendar 1 ns into the
// open time at or after due (cal.Add(due, 1 ns): the next opening plus
// 1 ns when due is at a closing).
func MissedFrom(cal *calendar.Calendar, onCalendar bool, due time.Time) time.Time {
	if onCalendar {
		return cal.Add(due, time.Nanosecond)
	}
	return due.Add(time.Nanosecond)
}
