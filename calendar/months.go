package calendar

import (
	"time"

	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
)

// Adding months and years to dates.
//
// Contracts add a number of months to a date by keeping the day of the
// month, or, when the target month is shorter, taking its last day: six
// months after 31 December is 30 June, one month after 31 January is 28 (or
// 29) February, one year after 29 February is 28 February. Go's
// time.AddDate and date.Date.AddPeriod normalise instead (31 June becomes 1
// July). AddMonths is the one place that rule is written; AddDate and
// AddPeriod add years, months and days, or a whole ISO-8601 period, to an
// instant with it, and every part of slaeval
// that adds a period to a date (review cycles, notice periods, wall-clock
// targets such as "within P1M", rolling windows) goes through them.

// AddMonths returns the date n months after d (before d for negative n):
// the same day of the month, or the last day of the target month when that
// month has fewer days. So AddMonths(31 Dec 2025, 6) is 30 Jun 2026,
// AddMonths(29 Feb 2028, 12) is 28 Feb 2029 and AddMonths(31 Mar 2026, -1)
// is 28 Feb 2026. It does not allocate.
func AddMonths(d date.Date, n int) date.Date {
	y, m, dd := d.Date()
	months := int64(y)*12 + int64(m-1) + int64(n)
	ty, tm := int(floorDiv(months, 12)), time.Month(months-floorDiv(months, 12)*12+1)
	first := date.New(ty, tm, 1)
	last := date.New(ty, tm+1, 1) - 1 // the target month's last day
	return min(first+date.Date(dd-1), last)
}

// AddPeriod returns t plus p as contracts read it: the years and months are
// added to t's local date (in t's location) by AddMonths, then the weeks and
// days as calendar days, at the same wall-clock time (by the boundary rule
// when that time does not exist or occurs twice on the new date: the end of
// a gap, the first occurrence); then the hours, minutes and seconds are
// added as elapsed time. A period of hours, minutes and seconds only is
// exactly t.Add of its duration. ok is false, and the result the zero time,
// when a field of p has a fraction other than the seconds'.
func AddPeriod(t time.Time, p period.Period) (time.Time, bool) {
	if !p.YearsDecimal().IsInt() || !p.MonthsDecimal().IsInt() || !p.WeeksDecimal().IsInt() ||
		!p.DaysDecimal().IsInt() || !p.HoursDecimal().IsInt() || !p.MinutesDecimal().IsInt() {
		return time.Time{}, false
	}
	u := t
	if !p.OnlyYMWD().IsZero() {
		u = AddDate(t, p.Years(), p.Months(), 7*p.Weeks()+p.Days())
	}
	hms, ok := p.OnlyHMS().Duration()
	if !ok {
		return time.Time{}, false
	}
	return u.Add(hms), true
}

// AddDate is time.Time.AddDate with the month-end rule of AddMonths: the
// years and months are added to t's local date (in t's location) by
// AddMonths, then the days, and the result is the same wall-clock time on
// that date (by the boundary rule when it does not exist or occurs twice:
// the end of the gap, the first occurrence), in t's location. With all
// three zero it returns t. It does not allocate.
func AddDate(t time.Time, years, months, days int) time.Time {
	if years == 0 && months == 0 && days == 0 {
		return t
	}
	y, m, dd := t.Date()
	h, mi, s := t.Clock()
	d := AddMonths(date.New(y, m, dd), 12*years+months) + date.Date(days)
	wall := time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute + time.Duration(s)*time.Second + time.Duration(t.Nanosecond())
	return atWall(d, wall, t.Location())
}
