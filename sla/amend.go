package sla

import (
	"time"

	"github.com/rickb777/date/v2"
	"github.com/slaeval/slaeval/calendar"
)

// VersionSpan returns the instants between which version i is in force,
// [from, to); a zero to means open-ended. The result is meaningful for a
// valid agreement and an index in range; otherwise ok is false.
func (a Agreement) VersionSpan(i int) (from, to time.Time, ok bool) {
	if i < 0 || i >= len(a.Versions) {
		return time.Time{}, time.Time{}, false
	}
	v := a.Versions[i]
	from = v.EffectiveFrom
	to = v.EffectiveTo
	if to.IsZero() {
		// The next version to take effect after this one ends it.
		for j, w := range a.Versions {
			if j != i && w.EffectiveFrom.After(from) && (to.IsZero() || w.EffectiveFrom.Before(to)) {
				to = w.EffectiveFrom
			}
		}
	}
	if to.IsZero() || (!a.Term.EffectiveTo.IsZero() && a.Term.EffectiveTo.Before(to)) {
		to = a.Term.EffectiveTo
	}
	return from, to, true
}

// InForce returns the index of the version in force at t and whether there
// is one: there is none before the term starts, after it ends, or in a gap
// between versions. The agreement must be valid (versions do not overlap).
func (a Agreement) InForce(t time.Time) (int, bool) {
	for i := range a.Versions {
		from, to, _ := a.VersionSpan(i)
		if !t.Before(from) && (to.IsZero() || t.Before(to)) {
			return i, true
		}
	}
	return -1, false
}

// NextReviewDue returns the date the next review is due: the last review (or,
// if never reviewed, the first day of the term in the agreement's zone) plus
// the review interval. ok is false when the agreement has no review cycle or
// its zone is unknown.
func (a Agreement) NextReviewDue() (due date.Date, ok bool) {
	if a.Review.Every.IsZero() || !a.Review.Every.IsPositive() {
		return 0, false
	}
	last := a.Review.LastReviewed
	if last == 0 {
		loc, err := a.Location()
		if err != nil {
			return 0, false
		}
		last = date.NewAt(a.Term.EffectiveFrom.In(loc))
	}
	// the period is added to the date at midnight UTC, where every date has
	// a midnight and no time of day moves it
	u, ok := calendar.AddPeriod(last.MidnightIn(time.UTC), a.Review.Every)
	if !ok {
		return 0, false
	}
	return date.NewAt(u), true
}

// ReviewOverdue reports whether, at instant t, the next review is overdue:
// the date of t in the agreement's zone is after the due date. It is false
// when there is no review cycle.
func (a Agreement) ReviewOverdue(t time.Time) bool {
	due, ok := a.NextReviewDue()
	if !ok {
		return false
	}
	loc, err := a.Location()
	if err != nil {
		return false
	}
	return date.NewAt(t.In(loc)) > due
}

// Location loads the agreement's zone (UTC when Zone is empty).
func (a Agreement) Location() (*time.Location, error) {
	if a.Zone == "" {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(a.Zone)
	if err != nil {
		return nil, &Error{Path: "zone", Msg: "time zone " + quote(a.Zone) + " does not exist; use an IANA name such as \"Europe/London\"", Err: ErrZone}
	}
	return loc, nil
}

// EarliestTerminationWithoutCause returns the earliest instant at which
// termination without cause, with notice given at noticeAt, takes effect:
// noticeAt plus the notice period in the agreement's zone, moved to the end
// of the period named by AtEndOf, no earlier than the term's start and no
// later than its end (when it has one; renewals are not considered).
func (a Agreement) EarliestTerminationWithoutCause(noticeAt time.Time) (time.Time, error) {
	wc := a.Term.WithoutCause
	if wc == nil {
		return time.Time{}, &Error{Path: "term.terminationWithoutCause", Msg: "the agreement cannot be terminated without cause", Err: ErrNoClause}
	}
	loc, err := a.Location()
	if err != nil {
		return time.Time{}, err
	}
	end, ok := calendar.AddPeriod(noticeAt.In(loc), wc.Notice)
	if !ok {
		return time.Time{}, &Error{Path: "term.terminationWithoutCause.notice", Msg: "notice period " + wc.Notice.String() + " cannot be added exactly to " + noticeAt.Format(time.RFC3339), Err: ErrRange}
	}
	if wc.AtEndOf != "" {
		start, ok := periodStart(end, wc.AtEndOf, loc)
		if !ok {
			return time.Time{}, &Error{Path: "term.terminationWithoutCause.atEndOf", Msg: "unknown period " + quote(wc.AtEndOf), Err: ErrInvalid}
		}
		if !start.Equal(end) {
			end = nextPeriodStart(start, wc.AtEndOf)
		}
	}
	if end.Before(a.Term.EffectiveFrom) {
		end = a.Term.EffectiveFrom
	}
	if !a.Term.EffectiveTo.IsZero() && end.After(a.Term.EffectiveTo) {
		end = a.Term.EffectiveTo
	}
	return end, nil
}

// periodStart returns the first instant of the calendar period of kind that
// contains t, in loc.
func periodStart(t time.Time, kind string, loc *time.Location) (time.Time, bool) {
	t = t.In(loc)
	y, m, d := t.Date()
	switch kind {
	case PeriodWeek:
		off := (int(t.Weekday()) + 6) % 7 // days since Monday
		return time.Date(y, m, d-off, 0, 0, 0, 0, loc), true
	case PeriodMonth:
		return time.Date(y, m, 1, 0, 0, 0, 0, loc), true
	case PeriodQuarter:
		return time.Date(y, m-(m-1)%3, 1, 0, 0, 0, 0, loc), true
	case PeriodYear:
		return time.Date(y, 1, 1, 0, 0, 0, 0, loc), true
	}
	return time.Time{}, false
}

// nextPeriodStart returns the start of the period after the one starting at
// start.
func nextPeriodStart(start time.Time, kind string) time.Time {
	y, m, d := start.Date()
	loc := start.Location()
	switch kind {
	case PeriodWeek:
		return time.Date(y, m, d+7, 0, 0, 0, 0, loc)
	case PeriodMonth:
		return time.Date(y, m+1, 1, 0, 0, 0, 0, loc)
	case PeriodQuarter:
		return time.Date(y, m+3, 1, 0, 0, 0, 0, loc)
	default:
		return time.Date(y+1, 1, 1, 0, 0, 0, 0, loc)
	}
}

// Party returns the party with the given ID.
func (a Agreement) Party(id string) (Party, bool) {
	for _, p := range a.Parties {
		if p.ID == id {
			return p, true
		}
	}
	return Party{}, false
}

// Objective returns the version's objective with the given ID.
func (v Version) Objective(id string) (Objective, bool) {
	for _, o := range v.Objectives {
		if o.ID == id {
			return o, true
		}
	}
	return Objective{}, false
}

// Service returns the version's service with the given ID.
func (v Version) Service(id string) (Service, bool) {
	for _, s := range v.Services {
		if s.ID == id {
			return s, true
		}
	}
	return Service{}, false
}

// CalendarOf returns the name of the calendar objective o is measured on:
// its own, else its service's hours, else "" (24×7).
func (v Version) CalendarOf(o Objective) string {
	if o.Calendar != "" {
		return o.Calendar
	}
	if s, ok := v.Service(o.Service); ok {
		return s.Hours
	}
	return ""
}
