package calendar

// Business days.
//
// A business day is a local date (in the calendar's Location) on which the
// calendar opens. Open time is cut into open stretches (maximal open
// intervals, as NextOpen and NextClose see them), and each stretch [s, e)
// belongs to business days by the opening rule:
//
//   - the date on which the stretch starts (the local date of s) is a
//     business day, and
//   - so is every date whose whole local day lies inside the stretch (a 24×7
//     calendar has every date as a business day; "Mon-Fri 00:00-24:00" has
//     Monday to Friday).
//
// So an overnight shift "Fri 22:00-06:00" makes Friday a business day, not
// Saturday: the interval belongs to the date it starts on, as everywhere in
// this package. The opening rule sees stretches, not the intervals of the
// spec; it gives the same business days as "a date is a business day when an
// interval with open time starts on it" except where intervals touch across
// midnight and the later one ends before the next midnight ("Fri 00:00-24:00;
// Sat 00:00-12:00" is one stretch that starts on Friday, so Saturday is not
// a business day).
//
// A date that the zone skips (Pacific/Apia had no 2011-12-30) has no local
// day and is never a business day, even on a 24×7 calendar.
//
// Every open instant belongs to exactly one business day: the stretch
// [s, e) whose business days are the dates D1 < ... < Dk gives D1 the part
// from s to the midnight starting D2, each whole day its own day, and Dk the
// part up to e. The end of a business day is the end of the last open time
// that belongs to it.
//
// # Cost
//
// Each calendar precomputes its business days inside the horizon when it is
// built (dayindex.go: a bitset of the dates from 1969-12-31 to 2200-01-02
// with business-day counts per 64 dates, about 16 KiB). There,
// IsBusinessDay is a bit test, BusinessDaysBetween two ranks and
// AddBusinessDays a rank and a select: a few nanoseconds to a hundred,
// whatever n or the range. BusinessDayOf and EndOfBusinessDay find where
// the open stretch at t began with a backward search on the timeline (the
// mirror of NextClose), then pass over the few stretches of one day, so
// they, SameTimeAfter, BusinessDayStart, BusinessDayEnd and Deadline
// resolution cost a few binary searches, independent of n. None of them
// allocates.
//
// Outside the index (dates before 1969-12-31 or after 2200-01-02) the counting and
// stepping functions walk open stretches, not days: each step is a few
// binary searches and counts every business day of one stretch at once
// (whole days inside a long stretch cost one walk over the zone's
// transitions, to leave out skipped dates), so the cost there grows with
// the number of open stretches passed over, never with closed time. A
// calendar that never opens again answers ok == false at once. Counts and
// steps are bounded by MaxBusinessDays and dates by years 1 to 9999, so no
// call runs unbounded.

import (
	"time"

	"github.com/rickb777/date/v2"
)

// MaxBusinessDays bounds the business days that one call counts or steps
// over (about 4000 years of working days): AddBusinessDays with a larger n
// reports ok == false, BusinessDaysBetween saturates at it.
const MaxBusinessDays = 1 << 20

var (
	minDate = date.New(1, time.January, 1)
	maxDate = date.New(9999, time.December, 31)
)

// midnight returns the first instant at which the local clock in loc reads
// 00:00 on d or later (the package's boundary rule).
func midnight(d date.Date, loc *time.Location) time.Time { return atWall(d, 0, loc) }

// dateOf returns the local date of t in loc.
func dateOf(t time.Time, loc *time.Location) date.Date {
	_, off := t.In(loc).Zone()
	return date.Date(floorDiv(t.Unix()+int64(off), daySec) + date.ZeroOffset)
}

func validDate(d date.Date) bool { return d >= minDate && d <= maxDate }

// stretch is an open stretch [s, e); forever means it never closes.
type stretch struct {
	s, e    time.Time
	forever bool
}

// stretchAt returns the open stretch containing t or, when t is closed, the
// next one; ok is false when the calendar never opens again.
func (c *Calendar) stretchAt(t time.Time) (stretch, bool) {
	o, ok := c.NextOpen(t)
	if !ok {
		return stretch{}, false
	}
	s := o
	if o.Equal(t) {
		s = c.stretchStart(t)
	}
	e, ok := c.NextClose(o)
	return stretch{s: s, e: e, forever: !ok}, true
}

// stretchStart returns the start of the open stretch containing the open
// instant t (boundaries are whole seconds), from the timeline: a few binary
// searches. A stretch open since 2^32-1 seconds (about 136 years) or more
// before t counts as open since ever (time.Unix(minSec, 0)).
func (c *Calendar) stretchStart(t time.Time) time.Time {
	far := time.Unix(minSec, 0).In(t.Location())
	if c.always() {
		return far
	}
	s := time.Unix(c.tl.stretchStart(t.Unix()), 0)
	if !s.After(t.Add(-(1<<32 - 1) * time.Second)) {
		return far
	}
	if s.Equal(t) {
		return t
	}
	return s.In(t.Location())
}

// days returns the first and last business day of st by the opening rule.
func (c *Calendar) days(st stretch) (first, last date.Date) {
	loc := c.Location()
	first = max(dateOf(st.s, loc), minDate)
	if st.forever {
		return first, maxDate
	}
	last = dateOf(st.e, loc) - 1
	// a date the zone skips is no business day: the day before it owns
	// the stretch's time up to the next existing date (Apia, 2011-12-30)
	for range 4 {
		if last <= first || midnight(last, loc).Before(midnight(last+1, loc)) {
			break
		}
		last--
	}
	return first, max(first, last)
}

// IsBusinessDay reports whether d is a business day of c: whether an open
// stretch starts on d, or d lies wholly inside one (the opening rule above).
// Dates outside years 1 to 9999 are not business days.
func (c *Calendar) IsBusinessDay(d date.Date) bool {
	if !validDate(d) {
		return false
	}
	if c.always() {
		// Every instant is open, so every date is a business day except one
		// the zone skips, which has no instant at all.
		loc := c.Location()
		return midnight(d, loc).Before(midnight(d+1, loc))
	}
	if c.bd.covers(d) {
		return c.bd.has(d)
	}
	return c.isBusinessDayWalk(d)
}

// isBusinessDayWalk is IsBusinessDay for a valid d on a calendar with a
// timeline, from the open stretches around d's local day.
func (c *Calendar) isBusinessDayWalk(d date.Date) bool {
	loc := c.Location()
	m0, m1 := midnight(d, loc), midnight(d+1, loc)
	if !m0.Before(m1) {
		return false // a date skipped by the zone has no open time
	}
	t := m0
	if c.IsOpen(m0) {
		if !c.IsOpen(m0.Add(-time.Nanosecond)) {
			return true // a stretch starts at midnight
		}
		e, ok := c.NextClose(m0)
		if !ok || !e.Before(m1) {
			return true // the whole day is open
		}
		t = e
	}
	o, ok := c.NextOpen(t)
	return ok && o.Before(m1)
}

// BusinessDayOf returns the business day that the open time at t belongs
// to, or, when t is closed, that of the next open instant; ok is false when
// the calendar never opens at or after t.
func (c *Calendar) BusinessDayOf(t time.Time) (date.Date, bool) {
	st, ok := c.stretchAt(t)
	if !ok {
		return 0, false
	}
	first, last := c.days(st)
	o := t
	if st.s.After(t) {
		o = st.s
	}
	d := dateOf(o, c.Location())
	return min(max(d, first), last), true
}

// EndOfBusinessDay returns the end of the business day that t's open time
// belongs to or, when t is closed, of the business day of the next open
// instant: the end of the last open time that belongs to that day, which is
// a closing instant or, inside a stretch running through several business
// days, the next midnight. ok is false when the calendar never opens at or
// after t or never closes (24×7 has no end of day: every midnight is open
// time of the next business day, so it returns the next midnight).
func (c *Calendar) EndOfBusinessDay(t time.Time) (time.Time, bool) {
	if u, ok, done := c.endAfterFast(t, 0); done {
		return u, ok
	}
	return c.endOfBusinessDayGeneral(t)
}

// endOfBusinessDayGeneral is EndOfBusinessDay by stretch walks.
func (c *Calendar) endOfBusinessDayGeneral(t time.Time) (time.Time, bool) {
	st, ok := c.stretchAt(t)
	if !ok {
		return time.Time{}, false
	}
	d, _ := c.BusinessDayOf(t)
	return c.endOf(d, st, t.Location())
}

// endOf returns the end of business day d, given a stretch st that d owns
// open time of.
func (c *Calendar) endOf(d date.Date, st stretch, out *time.Location) (time.Time, bool) {
	loc := c.Location()
	if d >= maxDate {
		return time.Time{}, false
	}
	m1 := midnight(d+1, loc)
	// at most 43200 stretches start on one date (each lasts and is
	// followed by at least one closed second)
	for range 43201 {
		_, last := c.days(st)
		if last > d || st.forever {
			return m1.In(out), true
		}
		next, ok := c.stretchAt(st.e)
		if !ok || !next.s.Before(m1) {
			return st.e.In(out), true
		}
		st = next
	}
	return time.Time{}, false
}

// BusinessDayEnd returns the end of business day d; ok is false when d is not a
// business day.
func (c *Calendar) BusinessDayEnd(d date.Date) (time.Time, bool) {
	st, ok := c.firstStretchOf(d)
	if !ok {
		return time.Time{}, false
	}
	return c.endOf(d, st, c.Location())
}

// BusinessDayStart returns the first open instant that belongs to business day d;
// ok is false when d is not a business day.
func (c *Calendar) BusinessDayStart(d date.Date) (time.Time, bool) {
	st, ok := c.firstStretchOf(d)
	if !ok {
		return time.Time{}, false
	}
	m0 := midnight(d, c.Location())
	if st.s.Before(m0) {
		return m0, true
	}
	return st.s, true
}

// firstStretchOf returns the first stretch that gives d open time.
func (c *Calendar) firstStretchOf(d date.Date) (stretch, bool) {
	if !c.IsBusinessDay(d) {
		return stretch{}, false
	}
	m0 := midnight(d, c.Location())
	if c.always() {
		return stretch{s: m0, forever: true}, true
	}
	st, ok := c.stretchAt(m0)
	if !ok {
		return stretch{}, false
	}
	if first, last := c.days(st); d < first || d > last {
		// the stretch at midnight belongs to the day before; d's starts later
		st, ok = c.stretchAt(st.e)
	}
	return st, ok
}

// AddBusinessDays returns the nth business day after d (d itself is not
// counted, whether or not it is a business day); n == 0 returns d. ok is
// false when n is negative or more than MaxBusinessDays, or the calendar has
// fewer than n business days after d before year 10000.
func (c *Calendar) AddBusinessDays(d date.Date, n int) (date.Date, bool) {
	if n == 0 {
		return d, validDate(d)
	}
	if n < 0 || n > MaxBusinessDays || !validDate(d) || d >= maxDate {
		return 0, false
	}
	if ix := c.dayIdx(); ix != nil {
		if d+1 < ix.first { // before the index: walk as far as needed
			k := c.betweenWalk(d+1, ix.first)
			if k >= n {
				return c.addWalk(d, n)
			}
			n, d = n-k, ix.first-1
		}
		if d+1 < ix.end() {
			r := ix.rank(d + 1)
			avail := ix.total() - r
			if n <= avail {
				day := ix.selectDay(r + n - 1)
				return day, validDate(day)
			}
			n, d = n-avail, ix.end()-1
		}
	}
	return c.addWalk(d, n)
}

// addWalk is AddBusinessDays (for 0 < n <= MaxBusinessDays and a valid d
// before maxDate) by walking open stretches.
func (c *Calendar) addWalk(d date.Date, n int) (date.Date, bool) {
	loc := c.Location()
	if c.always() {
		r := nthExisting(d+1, n, loc)
		return r, validDate(r)
	}
	st, ok := c.stretchAt(midnight(d+1, loc))
	prev := d // business days after prev are still to count
	// each step counts at least one business day or moves to a later
	// stretch on an already-counted date; the bound is generous
	for range 2*MaxBusinessDays + 43200 {
		if !ok {
			return 0, false
		}
		first, last := c.days(st)
		first = max(first, prev+1)
		if last >= first {
			if k := c.countDays(st, first, last); k >= n {
				r := nthExisting(first, n, loc)
				return r, validDate(r)
			} else {
				n -= k
			}
			prev = last
		}
		if st.forever || prev >= maxDate {
			return 0, false
		}
		st, ok = c.stretchAt(st.e)
	}
	return 0, false
}

// BusinessDaysBetween returns the number of business days in [from, to):
// from counts when it is a business day, to does not. It is negative when
// to is before from, and additive: Between(a, b) + Between(b, c) ==
// Between(a, c). Dates are clamped to years 1 to 9999 and the count to
// MaxBusinessDays.
func (c *Calendar) BusinessDaysBetween(from, to date.Date) int {
	if to < from {
		return -c.BusinessDaysBetween(to, from)
	}
	from, to = min(max(from, minDate), maxDate+1), min(max(to, minDate), maxDate+1)
	if from >= to {
		return 0
	}
	ix := c.dayIdx()
	if ix == nil {
		return min(c.betweenWalk(from, to), MaxBusinessDays)
	}
	// the part before the index, the part in it, the part after it
	lo, hi := min(max(from, ix.first), ix.end()), max(min(to, ix.end()), ix.first)
	count := 0
	if from < lo {
		count += c.betweenWalk(from, min(to, lo))
	}
	if lo < hi {
		count += ix.rank(hi) - ix.rank(lo)
	}
	if hi < to {
		count += c.betweenWalk(max(from, hi), to)
	}
	return min(count, MaxBusinessDays)
}

// betweenWalk is BusinessDaysBetween for clamped from < to by walking open
// stretches; it may exceed MaxBusinessDays a little.
func (c *Calendar) betweenWalk(from, to date.Date) int {
	if c.always() {
		return existing(from, to-1, c.Location())
	}
	loc := c.Location()
	count := 0
	prev := from - 1
	st, ok := c.stretchAt(midnight(from, loc))
	for ok && count < MaxBusinessDays {
		first, last := c.days(st)
		first = max(first, prev+1)
		if first >= to {
			break
		}
		last = min(last, to-1)
		if last >= first {
			count += c.countDays(st, first, last)
			prev = last
		}
		if st.forever || prev >= to-1 {
			break
		}
		st, ok = c.stretchAt(st.e)
	}
	return min(count, MaxBusinessDays)
}

// countDays returns the number of business days of stretch st in
// [first, last], a subrange of its days: all of them, except dates skipped
// by the zone among those lying wholly inside the stretch (the start date of
// a stretch always exists, so the usual one-date stretch costs nothing).
func (c *Calendar) countDays(st stretch, first, last date.Date) int {
	loc := c.Location()
	if start := dateOf(st.s, loc); last > start {
		return int(last-first+1) - skipped(max(first, start+1), last, loc)
	}
	return int(last - first + 1)
}

// existing returns the number of dates in [a, b] whose local day in loc is
// not empty (not skipped by a zone change).
func existing(a, b date.Date, loc *time.Location) int {
	if b < a {
		return 0
	}
	return int(b-a+1) - skipped(a, b, loc)
}

// nthExisting returns the nth (n >= 1) date at or after a whose local day
// is not empty.
func nthExisting(a date.Date, n int, loc *time.Location) date.Date {
	r := a + date.Date(n-1)
	for range 64 { // each round moves past newly found skipped dates
		r2 := a + date.Date(n-1+skipped(a, r, loc))
		if r2 == r {
			break
		}
		r = r2
	}
	return r
}

// skipped counts the dates in [a, b] that a zone change of 24 hours or
// more skips (Pacific/Apia, 2011-12-30). It walks the zone's transitions
// between them (none for fixed zones, about two a year with DST), at most
// 1<<16 of them.
func skipped(a, b date.Date, loc *time.Location) int {
	if b < a {
		return 0
	}
	end := midnight(b+1, loc)
	t := midnight(a, loc).Add(-time.Nanosecond) // a transition at a's midnight may skip a
	n := 0
	for range 1 << 16 {
		_, ze := t.ZoneBounds()
		if ze.IsZero() || !ze.After(t) || ze.After(end) {
			break
		}
		before, after := dateOf(ze.Add(-time.Nanosecond), loc), dateOf(ze, loc)
		for x := max(before+1, a); x < after && x <= b; x++ {
			n++
		}
		t = ze
	}
	return n
}

// SameTimeAfter returns the instant n business days after t. Day 1 is the
// first business day that begins at or after t (the counting rule of the
// package comment), so for n >= 1:
//
//   - when t is at or before the start of day 1 (closed before it, or at
//     its first open instant), the result is the end of day n: n whole
//     days' open time;
//   - when t lies in a business day that has begun (open, or in a break),
//     the same-time rule applies: a closed t first moves to NextOpen(t),
//     the anchor o; the target day is the nth business day after the
//     business day that o belongs to (BusinessDayOf), and u is o's
//     wall-clock time (in the calendar's Location) on that day, moved into
//     the day's open time by the clamp rule: before the day's first open
//     instant it becomes that instant, in a break the end of the break,
//     after the day's last open time the end of the business day (the
//     boundary rule applies to wall times in a DST gap or repeated hour);
//     the result is the earliest instant with the same business time from
//     t as u: Add(t, Between(t, u)).
//
// So Sunday 00:00 plus 10 business days on a Mon-Fri 09:00-17:00 calendar
// is the end of the second Friday (17:00), Saturday 10:00 plus 1 is Monday
// 17:00, Monday 06:00 plus 1 is Monday 17:00, Monday 17:30 plus 1 is
// Tuesday 17:00, and Monday 10:00 plus 1 is Tuesday 10:00. The result lies
// after the end of day n-1 and at or before the end of day n (AddSpan with
// BusinessDaysEnd n-1 and n). For n == 0 the same-time rule applies with
// o's own business day as the target day (the result may lie before t when
// that day began on an earlier date). The result is in t's location. ok is false as for AddBusinessDays, or when the calendar
// never opens at or after t.
//
// Inside the business-day index it costs a few binary searches (see
// sametime.go), whatever n, and does not allocate. When every business day
// is open at the same hours and the zone never changes its offset near
// them (Mon-Fri 07:30-22:00 in London, with holidays), it is one position
// and one search: n days' open time after t (see uniform.go).
func (c *Calendar) SameTimeAfter(t time.Time, n int) (time.Time, bool) {
	if u, done := c.sameTimeUniform(t, n); done {
		return u, true
	}
	if u, done := c.sameTimeFast(t, n); done {
		return u, true
	}
	return c.sameTimeGeneral(t, n)
}

// sameTimeGeneral is SameTimeAfter by stretch walks and time.Date, for
// instants and dates outside the business-day index.
func (c *Calendar) sameTimeGeneral(t time.Time, n int) (time.Time, bool) {
	loc := c.Location()
	o, ok := c.NextOpen(t)
	if !ok {
		return time.Time{}, false
	}
	b, ok := c.BusinessDayOf(o)
	if !ok {
		return time.Time{}, false
	}
	if n > 0 && c.countsFirst(t, b) == 1 {
		// t is at or before the start of b, the first day counted
		return c.endAfterGeneral(t, n)
	}
	d, ok := c.AddBusinessDays(b, n)
	if !ok {
		return time.Time{}, false
	}
	lo := o.In(loc)
	h, m, s := lo.Clock()
	wall := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(s)*time.Second + time.Duration(lo.Nanosecond())
	u, ok := c.clampToDay(d, atWall(d, wall, loc), t.Location())
	if !ok {
		return time.Time{}, false
	}
	return c.Add(t, c.Between(t, u)), true
}

// atWall returns the first instant at which the local clock in loc reads
// wall after midnight on d, or later: the end of the gap when that wall time
// is skipped, its first occurrence when it is repeated (the package's
// boundary rule; time.Date does neither).
func atWall(d date.Date, wall time.Duration, loc *time.Location) time.Time {
	y, mo, dd := d.Date()
	t := time.Date(y, mo, dd, 0, 0, 0, int(wall), loc)
	zs, ze := t.ZoneBounds()
	switch w := wallOf(t, d, loc); {
	case w < wall: // in a gap, time.Date answered before it: the gap ends with t's zone
		if !ze.IsZero() {
			return ze
		}
	case w > wall: // in a gap, answered after it: the gap ends where t's zone starts
		if !zs.IsZero() {
			return zs
		}
	case !zs.IsZero(): // repeated: an earlier instant in the previous zone may read wall too
		_, now := t.Zone()
		_, prev := zs.Add(-time.Second).Zone()
		if prev > now {
			if e := t.Add(-time.Duration(prev-now) * time.Second); e.Before(zs) {
				return e
			}
		}
	}
	return t
}

// wallOf returns the time of day of t on date d's clock (negative before d,
// ≥ 24 h after it).
func wallOf(t time.Time, d date.Date, loc *time.Location) time.Duration {
	lt := t.In(loc)
	h, m, s := lt.Clock()
	w := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(s)*time.Second + time.Duration(lt.Nanosecond())
	return w + time.Duration(dateOf(lt, loc)-d)*24*time.Hour
}

// clampToDay moves u into the open time of business day d (the clamp rule).
func (c *Calendar) clampToDay(d date.Date, u time.Time, out *time.Location) (time.Time, bool) {
	start, ok := c.BusinessDayStart(d)
	if !ok {
		return time.Time{}, false
	}
	end, ok := c.BusinessDayEnd(d)
	if !ok {
		return time.Time{}, false
	}
	switch {
	case u.Before(start):
		return start.In(out), true
	case !u.Before(end):
		return end.In(out), true
	}
	o, ok := c.NextOpen(u)
	if !ok || o.After(end) {
		return end.In(out), true
	}
	return o.In(out), true
}
