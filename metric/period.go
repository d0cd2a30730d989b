package metric

import (
	"iter"
	"time"

	"github.com/rickb777/period"

	"github.com/slaeval/slaeval/calendar"
)

// Period is a half-open span of time [Start, End). The zero Period is empty.
type Period struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"` // exclusive
}

// Contains reports whether t lies in [p.Start, p.End).
func (p Period) Contains(t time.Time) bool { return !t.Before(p.Start) && t.Before(p.End) }

// Duration is End − Start (zero when the period is empty or inverted).
func (p Period) Duration() time.Duration {
	if !p.End.After(p.Start) {
		return 0
	}
	return p.End.Sub(p.Start)
}

// IsZero reports whether p is the zero Period.
func (p Period) IsZero() bool { return p.Start.IsZero() && p.End.IsZero() }

// Hull is the smallest period covering p and q; a zero period is ignored.
// It is associative and commutative, which makes aggregate Merge exact.
func (p Period) Hull(q Period) Period {
	if p.IsZero() {
		return q
	}
	if q.IsZero() {
		return p
	}
	if q.Start.Before(p.Start) {
		p.Start = q.Start
	}
	if q.End.After(p.End) {
		p.End = q.End
	}
	return p
}

// Grain is the length of a calendar period.
type Grain uint8

const (
	InvalidGrain Grain = iota // the zero Grain; not a period
	Day                       // a calendar day, midnight to midnight
	Week                      // an ISO week, Monday 00:00 to the next Monday
	Month                     // a calendar month, the 1st to the next 1st
	Quarter                   // January, April, July or October 1st to three months later
	Year                      // January 1st to the next January 1st
)

var grainNames = [...]string{"invalid", "day", "week", "month", "quarter", "year"}

// String returns the grain's name.
func (g Grain) String() string {
	if int(g) < len(grainNames) {
		return grainNames[g]
	}
	return "Grain(?)"
}

// Grid divides time into consecutive calendar periods of one grain in one
// time zone. A calendar month is the first instant of the 1st to the first
// instant of the next 1st, local time, so it may be 743, 744 or 745 hours
// long; a week is an ISO week (Monday start).
//
// The zero Grid is invalid (IsValid reports false) and its methods return
// zero periods. A Grid is a small value, safe to copy and share.
type Grid struct {
	grain Grain
	loc   *time.Location
}

// NewGrid returns the grid of grain g in loc (nil means UTC). It fails with
// ErrUnknownPeriod for an unknown grain.
func NewGrid(g Grain, loc *time.Location) (Grid, error) {
	if g == InvalidGrain || g > Year {
		return Grid{}, errorf("grid", "grain", ErrUnknownPeriod)
	}
	if loc == nil {
		loc = time.UTC
	}
	return Grid{grain: g, loc: loc}, nil
}

// ParseGrid returns the grid whose step is the ISO-8601 period iso: P1D,
// P1W or P7D, P1M, P3M, P1Y or P12M. Any other period fails with
// ErrUnknownPeriod; P1M is always a calendar month, never 30 days.
func ParseGrid(iso string, loc *time.Location) (Grid, error) {
	p, err := period.Parse(iso)
	if err != nil {
		return Grid{}, &Error{Op: "grid", Where: quote(iso), Err: &reasonError{why: err.Error(), base: ErrUnknownPeriod}}
	}
	return GridOf(p, loc)
}

// GridOf is ParseGrid for an already parsed period.
func GridOf(p period.Period, loc *time.Location) (Grid, error) {
	y, m, w, d, ok := wholeYMWD(p)
	g := InvalidGrain
	if ok {
		switch {
		case y == 0 && m == 0 && w == 0 && d == 1:
			g = Day
		case y == 0 && m == 0 && ((w == 1 && d == 0) || (w == 0 && d == 7)):
			g = Week
		case y == 0 && m == 1 && w == 0 && d == 0:
			g = Month
		case y == 0 && m == 3 && w == 0 && d == 0:
			g = Quarter
		case ((y == 1 && m == 0) || (y == 0 && m == 12)) && w == 0 && d == 0:
			g = Year
		}
	}
	if g == InvalidGrain {
		return Grid{}, errorf("grid", quote(p.String()), ErrUnknownPeriod)
	}
	return NewGrid(g, loc)
}

// wholeYMWD returns the calendar fields of p when p is positive and has
// only whole years, months, weeks and days.
func wholeYMWD(p period.Period) (y, m, w, d int, ok bool) {
	if p.IsZero() || !p.IsPositive() || !p.OnlyHMS().IsZero() {
		return 0, 0, 0, 0, false
	}
	if !p.YearsDecimal().IsInt() || !p.MonthsDecimal().IsInt() || !p.WeeksDecimal().IsInt() || !p.DaysDecimal().IsInt() {
		return 0, 0, 0, 0, false
	}
	return p.Years(), p.Months(), p.Weeks(), p.Days(), true
}

// IsValid reports whether g was built by NewGrid, ParseGrid or GridOf.
func (g Grid) IsValid() bool { return g.grain != InvalidGrain }

// Grain returns the grid's grain.
func (g Grid) Grain() Grain { return g.grain }

// Location returns the grid's time zone (UTC for the zero Grid).
func (g Grid) Location() *time.Location {
	if g.loc == nil {
		return time.UTC
	}
	return g.loc
}

// At returns the period of the grid that contains t.
func (g Grid) At(t time.Time) Period {
	if !g.IsValid() {
		return Period{}
	}
	lt := t.In(g.loc)
	y, m, d := lt.Date()
	switch g.grain {
	case Day:
	case Week:
		wd := int(lt.Weekday()+6) % 7 // Monday = 0
		d -= wd
	case Month:
		d = 1
	case Quarter:
		m = (m-1)/3*3 + 1
		d = 1
	case Year:
		m, d = 1, 1
	}
	start := midnight(y, m, d, g.loc)
	if start.After(t) { // t lies before the day's boundary (DST gap end)
		return g.At(start.Add(-time.Nanosecond))
	}
	return Period{Start: start, End: g.after(y, m, d)}
}

func (g Grid) after(y int, m time.Month, d int) time.Time {
	switch g.grain {
	case Day:
		d++
	case Week:
		d += 7
	case Month:
		m++
	case Quarter:
		m += 3
	case Year:
		y++
	}
	return midnight(y, m, d, g.loc)
}

// midnight is the first instant of the local date (y, m, d) in loc (the
// fields are normalised as time.Date does). When midnight falls in a DST
// gap, that is the instant the gap ends.
func midnight(y int, m time.Month, d int, loc *time.Location) time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, loc)
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t
	}
	// Midnight lies in a DST gap, and time.Date resolved it to one side of
	// the gap or the other. The gap ends at the zone transition: the end of
	// t's zone period when t fell on the previous day, else its start.
	start, end := t.ZoneBounds()
	ty, tm, td := t.Date()
	if time.Date(ty, tm, td, 0, 0, 0, 0, time.UTC).Before(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)) {
		if !end.IsZero() {
			return end
		}
	} else if !start.IsZero() {
		return start
	}
	return t
}

// Next returns the period that follows p on the grid.
func (g Grid) Next(p Period) Period { return g.At(p.End) }

// Periods yields the grid periods that overlap [from, to), in order. It
// yields nothing when to is not after from. The sequence can be iterated
// more than once.
func (g Grid) Periods(from, to time.Time) iter.Seq[Period] {
	return func(yield func(Period) bool) {
		if !g.IsValid() || !to.After(from) {
			return
		}
		for p := g.At(from); p.Start.Before(to); p = g.Next(p) {
			if !yield(p) || !p.End.After(p.Start) {
				return
			}
		}
	}
}

// Window is a rolling window of a whole number of calendar years, months,
// weeks and days ("last 28 days" P28D, "last 12 months" P12M) in a time
// zone. The zero Window is invalid (IsValid reports false).
type Window struct {
	y, m, d int
	loc     *time.Location
}

// maxWindowYears bounds every field of a window, so that moving back by it
// cannot overflow time.Time.
const maxWindowYears = 1000

// NewWindow returns the window of length p in loc (nil means UTC). p must be
// positive with whole years, months, weeks and days only, each field at most
// 1000 years' worth; otherwise the error wraps ErrUnknownPeriod.
func NewWindow(p period.Period, loc *time.Location) (Window, error) {
	y, m, w, d, ok := wholeYMWD(p)
	if !ok || y > maxWindowYears || m > 12*maxWindowYears || w > 53*maxWindowYears || d > 366*maxWindowYears {
		return Window{}, errorf("window", quote(p.String()), ErrUnknownPeriod)
	}
	if loc == nil {
		loc = time.UTC
	}
	return Window{y: y, m: m, d: d + 7*w, loc: loc}, nil
}

// ParseWindow is NewWindow for an ISO-8601 period string.
func ParseWindow(iso string, loc *time.Location) (Window, error) {
	p, err := period.Parse(iso)
	if err != nil {
		return Window{}, &Error{Op: "window", Where: quote(iso), Err: &reasonError{why: err.Error(), base: ErrUnknownPeriod}}
	}
	return NewWindow(p, loc)
}

// IsValid reports whether w was built by NewWindow or ParseWindow.
func (w Window) IsValid() bool { return w.loc != nil }

// Ending returns the window [start, end) that ends at end: start is end's
// local date and wall time moved back by the window's years, months and
// days with the month-end rule of calendar.AddMonths (one month before 31
// March is 28 February in a non-leap year, not Go's 3 March).
func (w Window) Ending(end time.Time) Period {
	if !w.IsValid() {
		return Period{}
	}
	return Period{Start: calendar.AddDate(end.In(w.loc), -w.y, -w.m, -w.d), End: end}
}

// validWall reports whether p can serve as a wall-clock limit: positive,
// whole years, months, weeks and days, and no field beyond about 1000
// years, so that adding it cannot overflow.
func validWall(p period.Period) bool {
	if p.IsZero() || !p.IsPositive() {
		return false
	}
	if !p.YearsDecimal().IsInt() || !p.MonthsDecimal().IsInt() || !p.WeeksDecimal().IsInt() || !p.DaysDecimal().IsInt() {
		return false
	}
	const y = maxWindowYears
	if p.Years() > y || p.Months() > 12*y || p.Weeks() > 53*y || p.Days() > 366*y ||
		p.Hours() > 8784*y || p.Minutes() > 527040*y || p.Seconds() > 31622400*y {
		return false
	}
	_, precise := p.AddTo(time.Unix(0, 0).UTC())
	return precise
}

// wallLimit is the wall time from start to p added to start's local date
// and time in loc, with the month-end rule of calendar.AddMonths ("within
// P1M" of 31 January ends on 28 February).
func wallLimit(p period.Period, start time.Time, loc *time.Location) time.Duration {
	// AddPeriod fails only for a fraction in a field other than seconds,
	// which validWall refused when the clock or deadline was built (its
	// AddTo is precise only without one): the ok it returns is always true.
	end, _ := calendar.AddPeriod(start.In(loc), p)
	return end.Sub(start)
}
