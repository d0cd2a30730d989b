package calendar

import (
	"fmt"
	"iter"
	"math"
	"slices"
	"time"

	"github.com/rickb777/date/v2"
)

// Calendar is a business-hour calendar: weekly opening hours in a time zone,
// with holidays and special days, or a union or intersection of calendars.
//
// The zero Calendar and a nil *Calendar are open all the time (24×7) in UTC.
// A Calendar is immutable once built and safe for concurrent use by many
// goroutines. Compare calendars with Spec, not with ==.
type Calendar struct {
	loc      *time.Location
	tl       *timeline // nil: open all the time
	hours    weekHours
	holidays []date.Date  // explicit holidays, sorted, unique
	sets     []string     // holiday-set names, as given
	special  []SpecialDay // sorted by date, unique
	op       combineOp
	parts    []*Calendar // for unions and intersections
	bd       *dayIndex   // business days in the horizon; nil for the zero calendar
	dayLen   int64       // open seconds of every business day when all are alike (uniform.go); else 0
	lastPos  int64       // with dayLen: the position three weeks before the horizon's end
}

// Option configures Parse. Options are values; combine as many as needed.
type Option interface{ apply(*options) }

type options struct {
	holidays []date.Date
	sets     []string
	special  []SpecialDay
}

type holidaysOpt []date.Date

func (h holidaysOpt) apply(o *options) { o.holidays = append(o.holidays, h...) }

type setsOpt []string

func (s setsOpt) apply(o *options) { o.sets = append(o.sets, s...) }

type specialOpt []SpecialDay

func (s specialOpt) apply(o *options) { o.special = append(o.special, s...) }

// Holidays closes the calendar on the given dates: the intervals that start
// on such a date are removed (an overnight shift from the day before still
// runs into it).
func Holidays(dates ...date.Date) Option { return holidaysOpt(slices.Clone(dates)) }

// HolidaySets adds the public holidays (observed dates) of the named regions,
// for example "GB-ENG", "DE-BE" or "US"; see HolidaySetNames for the list and
// the years covered.
func HolidaySets(names ...string) Option { return setsOpt(slices.Clone(names)) }

// SpecialDays gives dates their own hours, replacing the weekly hours of the
// intervals that start on them ("" closes the date, like a holiday). A
// special day wins over a holiday on the same date. Where a special day's
// overnight interval runs into the next day's hours, the calendar is open
// while either is.
func SpecialDays(days ...SpecialDay) Option { return specialOpt(slices.Clone(days)) }

// Parse parses weekly opening hours in the compact form and builds the
// calendar in loc. The form is a ";"-separated list of groups, each a day
// list and an interval list:
//
//	Mon-Fri 07:30-22:00; Sat 09:00-13:00
//	Mon,Wed 09:00-12:00,13:00-17:00
//	Fri-Mon 22:00-06:00     (day ranges wrap; an end not after its start is on the next day)
//	24/7
//
// Days are English three-letter names in any case; times are H:MM, HH:MM or
// HH:MM:SS, with 24:00 allowed as an end. Intervals must not overlap,
// counting overnight intervals that run into the next day. Errors are
// *ParseError values that quote the offending part.
func Parse(spec string, loc *time.Location, opts ...Option) (*Calendar, error) {
	if loc == nil {
		return nil, parseErr(spec, "", ErrNilLocation)
	}
	hours, err := parseHours(spec)
	if err != nil {
		return nil, err
	}
	var o options
	for _, opt := range opts {
		if opt != nil {
			opt.apply(&o)
		}
	}
	if err := o.checkLimits(spec); err != nil {
		return nil, err
	}
	c := &Calendar{loc: loc, hours: hours}
	for _, d := range o.holidays {
		if err := checkDate(d); err != nil {
			return nil, err
		}
	}
	sets := make([][]date.Date, len(o.sets))
	n := len(o.holidays)
	for i, name := range o.sets {
		var err error
		if sets[i], err = holidaySet(name); err != nil {
			return nil, err
		}
		n += len(sets[i])
	}
	c.holidays = slices.Compact(slices.Sorted(slices.Values(o.holidays)))
	all := c.holidays
	if len(sets) > 0 {
		// the explicit holidays and every set's, sorted and unique (one set
		// alone is sorted and unique already)
		all = make([]date.Date, 0, n)
		all = append(all, c.holidays...)
		for _, s := range sets {
			all = append(all, s...)
		}
		if len(sets) > 1 || len(c.holidays) > 0 {
			slices.Sort(all)
			all = slices.Compact(all)
		}
		c.sets = append(c.sets, o.sets...)
	}
	rules := &dayRules{hours: hours, holidays: all, special: map[date.Date][]dayIv{}}
	for _, sd := range o.special {
		if err := checkDate(sd.Date); err != nil {
			return nil, err
		}
		if _, dup := rules.special[sd.Date]; dup {
			return nil, parseErr(sd.Date.String(), "", fmt.Errorf("%w: special day listed twice", ErrOverlap))
		}
		var ivs []dayIv
		if sd.Hours != "" {
			if ivs, err = parseIntervals(sd.Hours, sd.Hours); err != nil {
				return nil, err
			}
		}
		rules.special[sd.Date] = ivs
		c.special = append(c.special, SpecialDay{Date: sd.Date, Hours: formatIvs(ivs)})
	}
	slices.SortFunc(c.special, func(a, b SpecialDay) int { return int(a.Date - b.Date) })
	// the zone's offsets, found once for the timeline and the day index
	segs := zoneSegs(loc, horizonStart-buildMargin, horizonEnd+buildMargin)
	if hours.String() != "24/7" || len(rules.holidays) != 0 || len(rules.special) != 0 {
		c.tl = buildZone(rules, loc, segs) // else open all the time: no timeline needed
	}
	c.bd = newDayIndex(c.tl, trimSegs(segs, horizonStart, horizonEnd))
	if c.tl != nil {
		c.dayLen = uniformDay(hours, rules.special, c.bd.segs)
		c.lastPos, _ = c.tl.pos(horizonEnd - 3*weekSec)
	}
	return c, nil
}

// checkLimits refuses more holidays, holiday sets or special days than
// the package's limits allow.
func (o *options) checkLimits(spec string) error {
	for _, l := range []struct {
		n, max int
		what   string
	}{{len(o.holidays), MaxHolidays, "holidays"}, {len(o.sets), MaxHolidaySets, "holiday sets"}, {len(o.special), MaxSpecialDays, "special days"}} {
		if l.n > l.max {
			return parseErr(spec, "", fmt.Errorf("%w: %d %s, at most %d", ErrLimit, l.n, l.what, l.max))
		}
	}
	return nil
}

// MustParse is like Parse but panics on error. It is intended for tests and
// package-level literals.
func MustParse(spec string, loc *time.Location, opts ...Option) *Calendar {
	c, err := Parse(spec, loc, opts...)
	if err != nil {
		panic(err)
	}
	return c
}

// checkDate accepts dates in years 1 to 9999; dates outside the horizon
// (see package doc) are accepted and have no effect.
func checkDate(d date.Date) error {
	if y := d.Year(); y < 1 || y > 9999 {
		return parseErr(d.String(), "", ErrInvalidDate)
	}
	return nil
}

// Location is the calendar's time zone: UTC for the zero calendar, the first
// part's zone for a union or intersection.
func (c *Calendar) Location() *time.Location {
	if c == nil || c.loc == nil {
		return time.UTC
	}
	return c.loc
}

// String prints the weekly hours in the canonical compact form, which Parse
// accepts ("24/7" for the zero calendar). Holidays and special days are not
// part of it (see Spec). A union or intersection prints its parts with their
// zones, in a form Parse does not accept.
func (c *Calendar) String() string {
	if c != nil && c.op != opNone {
		s := "("
		for i, p := range c.parts {
			if i > 0 {
				s += map[combineOp]string{opUnion: " | ", opIntersection: " & "}[c.op]
			}
			if p.op != opNone {
				s += p.String()
			} else {
				s += p.String() + " @" + p.Location().String()
			}
		}
		return s + ")"
	}
	if c == nil || c.loc == nil {
		return "24/7"
	}
	return c.hours.String()
}

func (c *Calendar) always() bool { return c == nil || c.tl == nil }

func satDuration(sec, ns int64) time.Duration {
	const lim = math.MaxInt64/1_000_000_000 - 1
	switch {
	case sec > lim:
		return math.MaxInt64
	case sec < -lim:
		return math.MinInt64
	}
	return time.Duration(sec*1e9 + ns)
}

// Between is the business time in [from, to): the real elapsed time inside
// open intervals. It is negative when to is before from, and
// Between(to, from) == -Between(from, to). It does not allocate, and its
// cost does not depend on how far apart from and to are.
func (c *Calendar) Between(from, to time.Time) time.Duration {
	// Kept this small so that it is inlined and callers call between
	// directly (between_fast.go); a nil timeline is open all the time.
	var tl *timeline
	if c != nil {
		tl = c.tl
	}
	return tl.between(from, to)
}

// Add returns the instant d of business time after t: for d > 0 the earliest
// u with Between(t, u) == d, for d < 0 the latest u with Between(u, t) == -d,
// and t itself for d == 0. The result is in t's location. When the calendar
// has too little open time left (an intersection that is never open, say),
// Add returns an instant about 142 million years away in that direction.
// It does not allocate, and its cost does not depend on d.
func (c *Calendar) Add(t time.Time, d time.Duration) time.Time {
	if d == 0 {
		return t
	}
	if c.always() {
		return t.Add(d)
	}
	g, open := c.tl.pos(t.Unix())
	var n int64
	if open {
		n = int64(t.Nanosecond())
	}
	T := g + int64(d/1e9)
	n += int64(d % 1e9)
	if n >= 1e9 {
		T, n = T+1, n-1e9
	} else if n < 0 {
		T, n = T-1, n+1e9
	}
	s, _ := c.tl.find(T, d < 0 || n > 0)
	return time.Unix(s, n).In(t.Location())
}

// IsOpen reports whether t lies in an open interval.
func (c *Calendar) IsOpen(t time.Time) bool {
	if c.always() {
		return true
	}
	_, open := c.tl.pos(t.Unix())
	return open
}

// NextOpen returns the first open instant at or after t: t itself when t is
// open. ok is false when the calendar never opens again.
func (c *Calendar) NextOpen(t time.Time) (next time.Time, ok bool) {
	if c.always() {
		return t, true
	}
	g, open := c.tl.pos(t.Unix())
	if open {
		return t, true
	}
	s, ok := c.tl.find(g, true)
	if !ok {
		return time.Time{}, false
	}
	return time.Unix(s, 0).In(t.Location()), true
}

// NextClose returns the end of the open stretch that contains t or, when t
// is closed, of the next one. Intervals that touch (12:00-13:00 and
// 13:00-17:00, or an overnight shift and the next day's hours) are one
// stretch. ok is false when the calendar never closes after t (24×7) or
// never opens again.
func (c *Calendar) NextClose(t time.Time) (end time.Time, ok bool) {
	if c.always() {
		return time.Time{}, false
	}
	o, ok := c.NextOpen(t)
	if !ok {
		return time.Time{}, false
	}
	s, ok := c.tl.stretchEnd(o.Unix())
	if !ok {
		return time.Time{}, false
	}
	return time.Unix(s, 0).In(t.Location()), true
}

// Interval is a half-open span of time [Start, End). The zero Interval is
// empty.
type Interval struct {
	Start, End time.Time
}

// OpenIntervals yields the maximal open stretches of c that overlap
// [from, to), clipped to it, in order. Each step costs a few binary
// searches. The sequence can be iterated many times.
func (c *Calendar) OpenIntervals(from, to time.Time) iter.Seq[Interval] {
	return func(yield func(Interval) bool) {
		t := from
		for t.Before(to) {
			o, ok := c.NextOpen(t)
			if !ok || !o.Before(to) {
				return
			}
			e, ok := c.NextClose(o)
			if !ok || e.After(to) {
				e = to
			}
			if !yield(Interval{Start: o, End: e}) {
				return
			}
			t = e
		}
	}
}
