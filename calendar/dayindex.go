package calendar

// The business-day index.
//
// Each calendar built by Parse, Union or Intersection precomputes which local
// dates inside the horizon are business days (the opening rule of
// businessday.go): one bit per date in a bitset, with the number of business
// days before each 64-date word. IsBusinessDay is then one bit test,
// BusinessDaysBetween two ranks (a word count plus a popcount) and
// AddBusinessDays a rank and a select (a binary search over the word counts,
// then a select inside one word), whatever n or the range. About 84,000
// dates are covered: 10.3 KiB of bits and 5.1 KiB of counts, about 16 KiB
// per calendar (unions and intersections have their own). Dates outside
// the index (before 1969-12-31 or after 2200-01-02) fall back to the
// stretch walk.

import (
	"math"
	"math/bits"

	"github.com/rickb777/date/v2"
)

// dayIndex is immutable once built.
type dayIndex struct {
	first date.Date // the date of bit 0
	n     int       // dates covered: [first, first+n)
	bits  []uint64  // bit i: date first+i is a business day
	cum   []uint32  // cum[w]: business days among the dates before word w; len(bits)+1 entries
	segs  []zoneSeg // the zone's offsets over the horizon, for local midnights and dates
	// spread: consecutive segments start more than two days apart, so
	// whether a segment answers a wall-clock reading is monotone in the
	// segment (at) and a search may start from a nearby segment.
	spread bool
}

// newDayIndex builds the index of the calendar with timeline tl in loc
// (tl == nil: open all the time). It decides the dates week by week from
// the open stretches of each week and its neighbours, once per distinct
// neighbourhood (weekDays), or, where an offset of a day or more rules
// that out, walks the horizon's open stretches (walkDays), unless the walk
// would visit more than walkBudget spans (weekDays visits at most three
// times as many, three weeks' per week; many intervals a week: 5,000 a
// day took seconds); then it asks the timeline about each date
// instead (probeDays), at a cost that does not grow with the intervals
// per week. All three apply the opening rule, and
// TestDayIndexProbeMatchesWalk checks that they agree.
//
// segs are the zone's offsets over [horizonStart, horizonEnd] (zoneSegs).
func newDayIndex(tl *timeline, segs []zoneSeg) *dayIndex {
	// dates whose local days lie well inside the horizon (UTC offsets are
	// less than a day)
	first := date.Date(floorDiv(horizonStart, daySec)+date.ZeroOffset) + 2
	last := date.Date(floorDiv(horizonEnd, daySec)+date.ZeroOffset) - 3
	ix := &dayIndex{first: first, n: int(last - first + 1)}
	words := (ix.n + 63) / 64
	ix.bits = make([]uint64, words)
	ix.cum = make([]uint32, words+1)

	ix.segs = segs
	ix.spread = true
	for i := 1; i < len(segs); i++ {
		if segs[i].start-segs[i-1].start <= 2*daySec {
			ix.spread = false
		}
	}
	switch {
	case tl != nil && tl.spanVisits() > walkBudget:
		ix.probeDays(tl, segs)
	case tl != nil && ix.weekDays(tl, segs): // dayindex_weeks.go
	default:
		ix.walkDays(tl, segs, true)
	}
	for w, x := range ix.bits {
		ix.cum[w+1] = ix.cum[w] + uint32(bits.OnesCount64(x))
	}
	return ix
}

// walkBudget is the number of span visits above which probing each date is
// cheaper than walking the spans: BenchmarkDayIndex measures probing at
// about the cost of walking 8 intervals a day (670,000 span visits) and
// walking 48 a day (4 million) at three times that.
const walkBudget = 1_000_000

// spanVisits returns how many spans walkDays visits: each week's pattern's.
func (tl *timeline) spanVisits() int64 {
	var n int64
	for r, rn := range tl.runs {
		end := horizonWeeks
		if r+1 < len(tl.runs) {
			end = tl.runs[r+1].week()
		}
		pt := tl.pats[rn.pat]
		n += (end - rn.week()) * int64(pt.hi-pt.lo)
	}
	return n
}

// walkDays sets the business days of the index by walking the horizon's
// open stretches once, week by week, and the local midnights of its dates
// once.
// With skip, it skips the insides of long uniform stretches of weeks and
// fills their dates by periodicity (see weekSkip).
func (ix *dayIndex) walkDays(tl *timeline, segs []zoneSeg, skip bool) {
	first := ix.first
	// mid(i, &k) is the local midnight starting date first+i (the package's
	// boundary rule, as midnight computes it), for i in [0, n]; each cursor
	// k must see increasing i.
	mid := func(i int, k *int) int64 {
		return boundaryFrom(segs, (int64(first)+int64(i)-date.ZeroOffset)*daySec, k)
	}
	// The cursor p (with m0 = mid(p), m1 = mid(p+1)) only moves forward: to
	// the date the current stretch starts on, when that date is indexed.
	p, kp := 0, 0
	m0 := mid(0, &kp)
	m1 := mid(1, &kp)
	mark := func(s, e int64) {
		// the date the stretch starts on
		for p < ix.n && m1 <= s {
			p++
			m0, m1 = m1, mid(p+1, &kp)
		}
		if p < ix.n && m0 <= s && s < m1 {
			ix.set(p)
		}
		// the dates whose whole local day lies inside the stretch
		a, b, kq := m0, m1, kp
		for q := p; q < ix.n && b <= e; q++ {
			if a >= s && a < b {
				ix.set(q)
			}
			a, b = b, mid(q+2, &kq)
		}
	}
	if tl == nil {
		mark(horizonStart, horizonEnd)
		return
	}
	var s, e int64 // the stretch being extended, when any
	have := false
	ks := 0 // segment cursor for uniformWeeks
	for _, sg := range segs {
		if sg.off <= -daySec || sg.off >= daySec {
			skip = false // the margins below assume offsets within a day
		}
	}
	for r, rn := range tl.runs {
		end := int64(horizonWeeks)
		if r+1 < len(tl.runs) {
			end = tl.runs[r+1].week()
		}
		pt := tl.pats[rn.pat]
		sk := weekSkip{from: -1, to: -1}
		if skip {
			sk = uniformWeeks(tl, rn.week(), end, segs, &ks)
		}
		for w := rn.week(); w < end; w++ {
			if w == sk.from {
				// Skip the weeks [sk.from, sk.to): no stretch crosses
				// their ends, so the pending one is complete; move the
				// cursor to just before the first week walked again.
				if have {
					mark(s, e)
					have = false
				}
				ix.fillSkip(sk)
				q := int(floorDiv(horizonStart+sk.to*weekSec-2*daySec+sk.off, daySec) - (int64(first) - date.ZeroOffset))
				if q > p && q < ix.n {
					p = q
					m0, m1 = mid(p, &kp), mid(p+1, &kp)
				}
				w = sk.to - 1
				continue
			}
			ws := horizonStart + w*weekSec
			for _, sp := range tl.spans[pt.lo:pt.hi] {
				a, b := ws+int64(sp.start), ws+int64(sp.end)
				if have && a == e {
					e = b // touches the previous stretch across the week end
					continue
				}
				if have {
					mark(s, e)
				}
				s, e, have = a, b, true
			}
		}
	}
	if have {
		mark(s, e)
	}
}

// Skipping uniform weeks. Whether a date is a business day depends only on
// the open seconds in its local day and the second before it (a stretch
// starts in the day, or the day lies inside one: walkDays marks exactly
// these). Take weeks [u0, u1) of one run (one pattern) inside one zone
// segment of offset o that starts at least two days before week u0 and
// ends at least two days after week u1. There local midnights are wall - o
// (boundary: no earlier segment answers, as offsets differ by less than
// two days; walkDays checks that every offset is within a day) and the
// open set repeats every week, so a date whose local day and second before
// lie inside those weeks is a business day iff the date seven days
// earlier is, when that one's lie inside them too. When, moreover, no span
// of the pattern touches a week end (no stretch crosses weeks), walkDays
// walks weeks u0 and u0+1 and from u1-1 on, and skips [u0+2, u1-1).
// fillSkip then copies, in date order, the seven-days-earlier bit to every
// date whose day or second before meets the skipped weeks [X, Y): such a
// date's day starts after X - 1 day - 1 s, so the one seven days earlier
// starts after week u0+1 starts minus a day (inside the weeks), and it
// ends before Y + 1 day + 1 s, inside week u1-1; the first of them copy
// from dates that lie wholly in walked weeks, the others from dates
// filled before them. walkDays fills when it reaches the skip, once the
// stretches before it are marked (those dates are final); what it marks
// later on the last filled dates is a stretch start or a whole day inside
// a stretch, so true already. TestDayIndexProbeMatchesWalk checks the result
// against the full walk.

// weekSkip is a stretch of skipped weeks [from, to) at UTC offset off;
// from == to when there is none.
type weekSkip struct{ from, to, off int64 }

// minSkipWeeks is the shortest uniform stretch of weeks worth skipping.
const minSkipWeeks = 4

// uniformWeeks returns the weeks of the run [w0, w1) that walkDays may skip
// (see above): the longest stretch of the run inside one zone segment, if
// it is long enough and the run's pattern touches no week end. *k is a
// cursor into segs that only moves forward.
func uniformWeeks(tl *timeline, w0, w1 int64, segs []zoneSeg, k *int) weekSkip {
	none := weekSkip{from: -1, to: -1}
	pt := tl.pats[tl.runs[tl.runOf[w0]].pat]
	if w1-w0 < minSkipWeeks || pt.hi > pt.lo && (tl.spans[pt.lo].start == 0 || tl.spans[pt.hi-1].end == weekSec) {
		return none
	}
	ws := func(w int64) int64 { return horizonStart + w*weekSec }
	for *k+1 < len(segs) && segs[*k+1].start <= ws(w0) {
		*k++
	}
	best := none
	for i := *k; i < len(segs) && segs[i].start < ws(w1); i++ {
		lo, hi := w0, w1
		if i > 0 {
			lo = max(lo, ceilDiv(segs[i].start+2*daySec-horizonStart, weekSec))
		}
		if i+1 < len(segs) {
			hi = min(hi, floorDiv(segs[i+1].start-2*daySec-horizonStart, weekSec))
		}
		if hi-lo >= minSkipWeeks && hi-lo > best.to-best.from {
			best = weekSkip{from: lo + 2, to: hi - 1, off: segs[i].off}
		}
	}
	return best
}

// fillSkip sets the bits of the dates whose local day or the second before
// it meets the skipped weeks of sk, each from the date seven days earlier.
func (ix *dayIndex) fillSkip(sk weekSkip) {
	x, y := horizonStart+sk.from*weekSec, horizonStart+sk.to*weekSec
	base := int64(ix.first) - date.ZeroOffset
	// date i's day is [m(i), m(i)+daySec) with m(i) = (base+i)*daySec - off;
	// it meets [x, y) with its second before iff m(i)-1 < y and
	// m(i)+daySec > x: the dates [i0, i1)
	m := func(i int) int64 { return (base+int64(i))*daySec - sk.off }
	// both conditions are monotone in i: start from estimates a date early
	i0 := max(int(floorDiv(x+sk.off, daySec)-base)-1, 7)
	for i0 < ix.n && m(i0)+daySec <= x {
		i0++
	}
	i1 := max(int(ceilDiv(y+1+sk.off, daySec)-base)-1, i0)
	for i1 < ix.n && m(i1)-1 < y {
		i1++
	}
	ix.fillPeriodic(i0, min(i1, ix.n))
}

// fillPeriodic sets bit i to bit i-7 for i in [i0, i1) (7 <= i0), a word
// at a time: the bits form the period of bits [i0-7, i0) repeated.
func (ix *dayIndex) fillPeriodic(i0, i1 int) {
	if i0 >= i1 {
		return
	}
	var p uint64 // bit j: bit i0-7+(j mod 7)
	for k := range 7 {
		if i := i0 - 7 + k; ix.bits[i>>6]>>(i&63)&1 == 1 {
			p |= 1 << k
		}
	}
	p |= p << 7
	p |= p << 14
	p |= p << 28
	p |= p << 56
	for w := i0 >> 6; w<<6 < i1; w++ {
		// bit j of word w is bit i0-7+((64w+j-(i0-7)) mod 7)
		ph := ((w<<6-(i0-7))%7 + 7) % 7
		v := p>>ph | p<<(7-ph)
		lo, hi := max(i0, w<<6), min(i1, w<<6+64)
		mask := ^uint64(0) >> (64 - (hi - lo)) << (lo - w<<6)
		ix.bits[w] = ix.bits[w]&^mask | v&mask
	}
}

// probeDays sets the business days of the index by asking, for each date,
// whether an open stretch starts in its local day or covers it
// (startsBusinessDay).
func (ix *dayIndex) probeDays(tl *timeline, segs []zoneSeg) {
	k := 0
	mid := func(i int) int64 {
		return boundaryFrom(segs, (int64(ix.first)+int64(i)-date.ZeroOffset)*daySec, &k)
	}
	m0 := mid(0)
	for i := range ix.n {
		m1 := mid(i + 1)
		if m0 < m1 && tl.startsBusinessDay(m0, m1) {
			ix.set(i)
		}
		m0 = m1
	}
}

// startsBusinessDay reports whether the local day [m0, m1) (m0 < m1) is a
// business day under the opening rule: an open stretch starts in it, or
// the whole day lies inside one. Stretches are maximal: intervals that
// touch, across week ends too, are one (stretchStart, stretchEnd).
//
// If m0 is open, either its stretch starts at m0 (a start in the day), or
// it started before and the day is a business day iff the stretch covers
// the whole day or, after it ends at e < m1, the next stretch starts
// before m1. If m0 is closed, the day is a business day iff the next
// stretch starts before m1. The first open second at or after a closed
// second always starts a stretch.
func (tl *timeline) startsBusinessDay(m0, m1 int64) bool {
	from := m0
	if _, open := tl.pos(m0); open {
		if tl.stretchStart(m0) == m0 {
			return true
		}
		e, ok := tl.stretchEnd(m0)
		if !ok || e >= m1 {
			return true
		}
		from = e
	}
	g, _ := tl.pos(from) // the position only: whether from is open was settled above
	s, ok := tl.find(g, true)
	return ok && s < m1
}

// boundaryFrom is boundary for walls given in increasing order: *k is the
// segment that answered the previous wall, where the search resumes (the
// answering segment never moves back as the wall grows).
func boundaryFrom(segs []zoneSeg, wall int64, k *int) int64 {
	for i := *k; i < len(segs); i++ {
		c := wall - segs[i].off
		if i > 0 {
			c = max(c, segs[i].start)
		}
		if i+1 == len(segs) || c < segs[i+1].start {
			*k = i
			return c
		}
	}
	return wall // unreachable: the last segment always answers
}

func (ix *dayIndex) set(i int) { ix.bits[i>>6] |= 1 << (i & 63) }

// covers reports whether d lies in the index (false for a nil index).
func (ix *dayIndex) covers(d date.Date) bool {
	return ix != nil && d >= ix.first && int64(d-ix.first) < int64(ix.n)
}

func (ix *dayIndex) end() date.Date { return ix.first + date.Date(ix.n) }

func (ix *dayIndex) has(d date.Date) bool {
	i := int(d - ix.first)
	return ix.bits[i>>6]>>(i&63)&1 == 1
}

// rank returns the number of business days among the dates [first, d), for
// d in [first, first+n].
func (ix *dayIndex) rank(d date.Date) int {
	i := int(d - ix.first)
	r := int(ix.cum[i>>6])
	if i&63 != 0 {
		r += bits.OnesCount64(ix.bits[i>>6] & (1<<(i&63) - 1))
	}
	return r
}

// total returns the number of business days in the index.
func (ix *dayIndex) total() int { return int(ix.cum[len(ix.cum)-1]) }

// selectDay returns the business day of rank r (0-based), for r < total().
func (ix *dayIndex) selectDay(r int) date.Date {
	// the last word w with cum[w] <= r
	lo, hi := 0, len(ix.bits)
	for hi-lo > 1 {
		m := int(uint(lo+hi) >> 1)
		if int(ix.cum[m]) <= r {
			lo = m
		} else {
			hi = m
		}
	}
	x := ix.bits[lo]
	for range r - int(ix.cum[lo]) { // fewer than 64 rounds
		x &= x - 1
	}
	return ix.first + date.Date(lo*64+bits.TrailingZeros64(x))
}

// stretchStart returns the start of the open stretch containing the open
// second s, following stretches back across week starts (the mirror of
// stretchEnd); minSec when it is open since before the clamp range.
func (tl *timeline) stretchStart(s int64) int64 {
	w, off := split(s)
	_, p := tl.week(w)
	pt := tl.pats[p]
	sp := tl.spans[pt.lo:pt.hi]
	lo := firstEndAfter(sp, off)
	if lo == len(sp) || sp[lo].start > off {
		return s // not open: cannot happen for callers
	}
	start := sp[lo].start
	// Each step returns or skips a whole run of full weeks; consecutive runs
	// differ, so this loop is short; the bound only guards the invariant.
	for range len(tl.runs) + 8 {
		if start > 0 {
			return horizonStart + w*weekSec + int64(start)
		}
		if horizonStart+w*weekSec <= minSec {
			return minSec
		}
		w--
		_, p = tl.week(w)
		pt = tl.pats[p]
		if pt.hi == pt.lo || tl.spans[pt.hi-1].end != weekSec {
			return horizonStart + (w+1)*weekSec
		}
		start = tl.spans[pt.hi-1].start
		if start == 0 { // a full week: skip to the first week of its run
			rs := tl.runStart(w)
			if rs == math.MinInt64 {
				return minSec
			}
			w = rs
		}
	}
	return minSec
}

// runStart returns the first week of the run containing w (math.MinInt64
// before the horizon, where the run has no start).
func (tl *timeline) runStart(w int64) int64 {
	if w < 0 {
		return math.MinInt64
	}
	if w >= horizonWeeks {
		return horizonWeeks
	}
	lo, hi := 0, len(tl.runs)
	for hi-lo > 1 {
		m := int(uint(lo+hi) >> 1)
		if tl.runs[m].week() <= w {
			lo = m
		} else {
			hi = m
		}
	}
	return tl.runs[lo].week()
}

// dayIdx returns c's business-day index (nil for the zero and nil calendar).
func (c *Calendar) dayIdx() *dayIndex {
	if c == nil {
		return nil
	}
	return c.bd
}
