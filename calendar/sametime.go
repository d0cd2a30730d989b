package calendar

// Business days on the index, in positions.
//
// A position is the open time before an instant, in seconds from the
// horizon start (timeline.pos). Open time is owned by business days in
// date order, each open instant by exactly one (businessday.go), so
// business day d owns the positions [S(d), S(d')), where d' is the next
// business day and S(d) the position at which d's open time begins. Hence:
//
//   - the end of d is the earliest instant at position S(d');
//   - an instant moved into d's open time by the clamp rule has its
//     position clamped into [S(d), S(d')];
//   - an open instant at position g belongs to its local date D when D is a
//     business day with S(D) <= g, and otherwise to the business day before
//     D; except when the clocks went back across midnight and read D again
//     after D+1 began: then it belongs to D+1 if S(D+1) <= g.
//
// S(d) is the position of d's local midnight m, except when m lies inside an
// open stretch that began before m and closes before the next midnight: that
// part belongs to an earlier day, and d's open time begins at the close.
// Local midnights and dates come from the zone's offsets stored with the
// index (a binary search, no time.Date), and the business days from rank
// and select, so SameTimeAfter and the end of the nth business day cost a
// few binary searches whatever n, and allocate nothing. Instants or dates
// outside the index fall back to the general code.

import (
	"time"

	"github.com/rickb777/date/v2"
)

// The lookups below take a hint: the index of a zone segment near the
// answer, from an earlier lookup of the same operation (nil or -1: none).
// SameTimeAfter looks up half a dozen local midnights and dates within a
// few weeks of each other; starting each search where the previous one
// ended replaces a binary search over some 460 segments (230 years of
// daylight saving time) by a step or two.

// onIndex reports whether Unix second s lies where the index answers
// for instants: from a week after the horizon's start to two weeks before
// its end (lastOnIndex), leaving room for the dates around s.
func onIndex(s int64) bool { return s >= horizonStart+weekSec && s <= lastOnIndex }

// lastOnIndex is the last Unix second onIndex accepts.
const lastOnIndex = horizonEnd - 2*weekSec

// hintSteps bounds the walk from a hint; farther answers are searched.
const hintSteps = 8

// segAt returns the index of the last segment starting at or before Unix
// second s (0 when none does), and leaves it in *hint.
func (ix *dayIndex) segAt(s int64, hint *int) int {
	segs := ix.segs
	if hint != nil && *hint >= 0 && *hint < len(segs) {
		i := *hint
		for range hintSteps {
			switch {
			case i > 0 && segs[i].start > s:
				i--
			case i+1 < len(segs) && segs[i+1].start <= s:
				i++
			default:
				*hint = i
				return i
			}
		}
	}
	lo, hi := 0, len(segs) // the last segment with start <= s
	for hi-lo > 1 {
		m := int(uint(lo+hi) >> 1)
		if segs[m].start <= s {
			lo = m
		} else {
			hi = m
		}
	}
	if hint != nil {
		*hint = lo
	}
	return lo
}

// offsetAt returns the zone offset (seconds east of UTC) in force at Unix
// second s.
func (ix *dayIndex) offsetAt(s int64, hint *int) int64 {
	return ix.segs[ix.segAt(s, hint)].off
}

// local returns the local date of Unix second s and the wall-clock seconds
// since that date's 00:00.
func (ix *dayIndex) local(s int64, hint *int) (date.Date, int64) {
	w := s + ix.offsetAt(s, hint)
	day := floorDiv(w, daySec)
	return date.Date(day + date.ZeroOffset), w - day*daySec
}

// at returns the first Unix second at which the local clock reads wall
// (seconds from 1970-01-01 00:00 on the local clock) or later, the package's
// boundary rule as boundary computes it; exact is false when wall is in a
// gap (the result is then the gap's end).
func (ix *dayIndex) at(wall int64, hint *int) (sec int64, exact bool) {
	segs := ix.segs
	answers := func(i int) bool {
		if i+1 == len(segs) {
			return true
		}
		c := wall - segs[i].off
		if i > 0 {
			c = max(c, segs[i].start)
		}
		return c < segs[i+1].start
	}
	// boundary takes the first segment that answers; segments are months
	// apart and offsets differ by hours, so whether a segment answers is
	// monotone in i and a binary search finds it. The step back guards
	// zones with transitions closer together than their offset changes.
	// When the segments are spread (monotone for certain), a walk from
	// the hint finds the same first segment.
	lo := -1
	if hint != nil && ix.spread && *hint >= 0 && *hint < len(segs) {
		i := *hint
		for range hintSteps {
			if !answers(i) {
				i++ // the last segment answers, so i stays in range
				continue
			}
			if i > 0 && answers(i-1) {
				i--
				continue
			}
			lo = i
			break
		}
	}
	if lo < 0 {
		l, h := 0, len(segs)-1
		for l < h {
			m := int(uint(l+h) >> 1)
			if answers(m) {
				h = m
			} else {
				l = m + 1
			}
		}
		for k := 0; k < 4 && l > 0 && answers(l-1); k++ {
			l--
		}
		lo = l
	}
	if hint != nil {
		*hint = lo
	}
	c := wall - segs[lo].off
	if lo > 0 && c < segs[lo].start {
		return segs[lo].start, false
	}
	return c, true
}

// midnightSec returns the local midnight starting date d, in Unix seconds.
func (ix *dayIndex) midnightSec(d date.Date, hint *int) int64 {
	s, _ := ix.at((int64(d)-date.ZeroOffset)*daySec, hint)
	return s
}

// dayStart returns S(d), the position at which business day d's open time
// begins (d a business day covered by the index).
func (c *Calendar) dayStart(d date.Date, hint *int) int64 {
	ix, tl := c.bd, c.tl
	m := ix.midnightSec(d, hint)
	g, open := tl.pos(m)
	if !open {
		return g // d's open time begins at the next opening
	}
	if _, before := tl.pos(m - 1); !before {
		return g // a stretch opens at midnight
	}
	e, ok := tl.stretchEnd(m)
	if !ok || e >= ix.midnightSec(d+1, hint) {
		return g // the whole day lies inside the stretch: d owns it
	}
	return g + (e - m) // the stretch's rest of the day belongs to an earlier day
}

// fastLoc is where an instant t lies on the index.
type fastLoc struct {
	g, ns  int64     // t's position and counted nanoseconds
	wall   int64     // wall-clock seconds of the first open instant o >= t
	wallNs int64     // its nanoseconds
	owner  date.Date // business day of o
	r      int       // rank(owner + 1): the business days up to owner
	start  int64     // S(owner) when fastLocate looked it up, else -1
}

// fastLocate locates t on the index: the position and nanoseconds of t (as
// Between counts them), the first open instant o at or after t with its
// wall seconds and nanoseconds, the business day that owns o and the
// business days up to it. ok is false when the index cannot answer (the
// caller falls back to the general code).
func (c *Calendar) fastLocate(t time.Time, hint *int) (fastLoc, bool) {
	if c.always() || c.bd == nil {
		return fastLoc{}, false
	}
	ix, tl := c.bd, c.tl
	ts := t.Unix()
	if !onIndex(ts) {
		return fastLoc{}, false
	}
	l := fastLoc{start: -1}
	g, open := tl.pos(ts)
	l.g = g
	o, ons := ts, int64(t.Nanosecond())
	if open {
		l.ns = ons
	} else {
		s, ok := tl.find(g, true)
		if !ok || s > lastOnIndex {
			return fastLoc{}, false
		}
		o, ons = s, 0
	}
	d, wall := ix.local(o, hint)
	if !ix.covers(d) || !ix.covers(d+2) || d == ix.first {
		return fastLoc{}, false
	}
	l.wall, l.wallNs = wall, ons
	// When the clocks go back across midnight, the local date goes back
	// too: o may lie after the first midnight of d+1 while its clock reads
	// d again. If d+1's open time has begun by then, d+1 owns o.
	if ix.has(d+1) && o >= ix.midnightSec(d+1, hint) {
		if s := c.dayStart(d+1, hint); s <= g {
			l.owner, l.r, l.start = d+1, ix.rank(d+1)+1, s
			return l, true
		}
	}
	// o is open at position g: it belongs to d when d's open time has begun
	// by then, else to the business day before d.
	r := ix.rank(d)
	// (when t was closed, o opens a stretch, so d owns it at once)
	start := int64(-1)
	if ix.has(d) && open {
		start = c.dayStart(d, hint)
	}
	if ix.has(d) && (!open || start <= g) {
		l.owner, l.r, l.start = d, r+1, start
	} else {
		if r == 0 {
			return fastLoc{}, false
		}
		l.owner, l.r = ix.selectDay(r-1), r
	}
	return l, true
}

// sameTimeFast is SameTimeAfter on the index; done is false when the index
// cannot answer.
func (c *Calendar) sameTimeFast(t time.Time, n int) (u time.Time, done bool) {
	if n < 0 || n > MaxBusinessDays {
		return time.Time{}, false
	}
	hint := -1 // the zone segment of the last lookup
	l, ok := c.fastLocate(t, &hint)
	if !ok {
		return time.Time{}, false
	}
	ix := c.bd
	if l.r+n >= ix.total() {
		return time.Time{}, false
	}
	if n > 0 && c.countsFirstFast(l, &hint) {
		// t is at or before the start of its business day, the first
		// counted: the nth ends the business time of n whole days
		u, ok, done := c.endOfCounted(t, l, n-1, &hint)
		return u, ok && done
	}
	day := l.owner
	if n > 0 {
		day = ix.selectDay(l.r + n - 1)
	}
	next := ix.selectDay(l.r + n) // the business day after day
	if !ix.covers(next + 1) {
		return time.Time{}, false
	}
	lo, hi := c.dayStart(day, &hint), c.dayStart(next, &hint)
	// the wall time on day, and its position clamped into day's open time
	us, exact := ix.at((int64(day)-date.ZeroOffset)*daySec+l.wall, &hint)
	gu, open := c.tl.pos(us)
	var nu int64
	if open && exact {
		nu = l.wallNs
	}
	switch {
	case gu < lo:
		gu, nu = lo, 0
	case gu > hi || gu == hi && nu > 0:
		gu, nu = hi, 0
	}
	// Add(t, Between(t, u)) without recomputing t's position: the earliest
	// instant at position gu + nu (the latest for n == 0 when it is before t)
	d := (gu-l.g)*1e9 + nu - l.ns
	if d == 0 {
		return t, true
	}
	s, _ := c.tl.find(gu, d < 0 || nu > 0)
	return time.Unix(s, nu).In(t.Location()), true
}

// endAfterFast is endAfter on the index; done is false when the index
// cannot answer.
func (c *Calendar) endAfterFast(t time.Time, n int) (u time.Time, ok, done bool) {
	if n < 0 || n > MaxBusinessDays {
		return time.Time{}, false, false
	}
	hint := -1
	l, ok := c.fastLocate(t, &hint)
	if !ok {
		return time.Time{}, false, false
	}
	if n > 0 && c.countsFirstFast(l, &hint) {
		n--
	}
	return c.endOfCounted(t, l, n, &hint)
}

// countsFirstFast is the counting rule on the index: whether the business
// day that owns the first open instant at or after t (l.owner) begins at
// or after t, so that it is the first business day counted from t. It
// begins at position S(owner); t lies at position l.g plus l.ns
// nanoseconds (zero when t is closed), and S(owner) <= l.g, since owner
// owns open time at l.g.
func (c *Calendar) countsFirstFast(l fastLoc, hint *int) bool {
	if l.ns != 0 {
		return false
	}
	if l.start >= 0 {
		return l.start == l.g
	}
	return c.dayStart(l.owner, hint) == l.g
}

// endOfCounted returns the end of the kth business day after l.owner (k ==
// 0: the end of l.owner), in t's location.
func (c *Calendar) endOfCounted(t time.Time, l fastLoc, k int, hint *int) (u time.Time, ok, done bool) {
	ix := c.bd
	if l.r+k >= ix.total() {
		return time.Time{}, false, false
	}
	next := ix.selectDay(l.r + k) // the business day after the kth
	if !ix.covers(next + 1) {
		return time.Time{}, false, false
	}
	s, ok := c.tl.find(c.dayStart(next, hint), false)
	if !ok {
		return time.Time{}, false, false
	}
	return time.Unix(s, 0).In(t.Location()), true, true
}
