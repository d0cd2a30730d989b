package calendar

import "math"

// The timeline is the precomputed form of a calendar: time (in Unix seconds,
// UTC) is cut into weeks of 604800 s starting at horizonStart, a Monday
// 00:00 UTC. Each week's open intervals form a pattern; distinct patterns are
// stored once. Consecutive weeks with the same pattern form a run, and runs
// carry the open time before them (a prefix sum). So the open time before any
// instant is one table load (the week's run) plus a binary search over the
// week's pattern:
// the cost does not depend on how far apart two instants are.
//
// All boundaries are whole seconds (opening hours have second precision and
// zone offsets are whole seconds), so positions are counted in seconds and the
// nanoseconds of an instant only matter inside an open second.
const (
	horizonStart int64 = -259200 // 1969-12-29T00:00:00Z, a Monday
	horizonWeeks int64 = 12002   // up to 2200-01-05T00:00:00Z
	horizonEnd         = horizonStart + horizonWeeks*weekSec
	// clampSec bounds how far outside the horizon instants are considered;
	// beyond it (about 142 million years away) the calendar is closed.
	clampSec int64 = 1 << 52
	minSec         = horizonStart - clampSec
	maxSec         = horizonEnd + clampSec
)

// span is an open interval within a week, in seconds after the week start,
// with the open time of the week before it.
type span struct {
	start, end int32
	cum        int64
}

// pattern is a week's open intervals: spans[lo:hi], sorted, disjoint, not touching.
type pattern struct {
	lo, hi int32
	total  int64 // open seconds in the week
}

// run is a stretch of weeks [week, next run's week) with one pattern.
type run struct {
	cum int64 // open seconds from horizonStart to the start of week
	wk  int32 // first week, 0-based from horizonStart (less than horizonWeeks)
	pat int32
}

// week returns the run's first week.
func (r run) week() int64 { return int64(r.wk) }

// timeline is immutable once built.
type timeline struct {
	spans  []span
	pats   []pattern
	runs   []run // runs[0].week() == 0; covers weeks [0, horizonWeeks)
	before int32 // pattern of every week before the horizon
	after  int32 // pattern of every week after it
	endCum int64 // open seconds in the horizon
	// runOf[w] is the index in runs of the run containing week w of the
	// horizon (24 KiB; there are fewer runs than weeks, 12,002, so an
	// index fits 16 bits), so that locating a week is one load, not a
	// binary search over the runs (thousands with a holiday set).
	runOf []uint16
}

// A run's index fits runOf's 16 bits: this fails to compile otherwise.
const _ = uint16(horizonWeeks)

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func ceilDiv(a, b int64) int64 { return -floorDiv(-a, b) }

// week returns the open seconds before week w (relative to horizonStart) and
// its pattern.
func (tl *timeline) week(w int64) (int64, int32) {
	if w < 0 {
		return w * tl.pats[tl.before].total, tl.before
	}
	if w >= horizonWeeks {
		return tl.endCum + (w-horizonWeeks)*tl.pats[tl.after].total, tl.after
	}
	r := tl.runs[tl.runOf[w]]
	return r.cum + (w-r.week())*tl.pats[r.pat].total, r.pat
}

// runEnd returns the first week after the run containing w (math.MaxInt64
// after the horizon).
func (tl *timeline) runEnd(w int64) int64 {
	if w < 0 {
		return 0
	}
	if w >= horizonWeeks {
		return math.MaxInt64
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
	if lo+1 < len(tl.runs) {
		return tl.runs[lo+1].week()
	}
	return horizonWeeks
}

func split(s int64) (w int64, off int32) {
	w = floorDiv(s-horizonStart, weekSec)
	return w, int32(s - horizonStart - w*weekSec)
}

// pos returns the open seconds before second s (relative to horizonStart)
// and whether the second [s, s+1) is open.
func (tl *timeline) pos(s int64) (int64, bool) {
	open := true
	if s < minSec {
		s, open = minSec, false
	} else if s > maxSec {
		s, open = maxSec, false
	}
	w, off := split(s)
	cum, p := tl.week(w)
	pt := tl.pats[p]
	sp := tl.spans[pt.lo:pt.hi]
	x, in := weekPos(sp, pt.total, uint(firstEndAfter(sp, off)), off)
	return cum + x, open && in
}

// find returns the second at which the open time before it first reaches T
// (strict == false: the end of the span where the count reaches T) or the
// start of the span in which the count passes T (strict == true). ok is false
// when there is no such instant within the clamp range.
func (tl *timeline) find(T int64, strict bool) (int64, bool) {
	var w int64
	// first week whose end count is >= T (> T when strict)
	reached := func(end int64) bool { return end > T || !strict && end == T }
	switch {
	case reached(0):
		tb := tl.pats[tl.before].total
		if tb == 0 {
			return minSec, false
		}
		if strict {
			w = floorDiv(T, tb)
		} else {
			w = ceilDiv(T, tb) - 1
		}
	case !reached(tl.endCum):
		ta := tl.pats[tl.after].total
		if ta == 0 {
			return maxSec, false
		}
		if strict {
			w = horizonWeeks + floorDiv(T-tl.endCum, ta)
		} else {
			w = horizonWeeks + ceilDiv(T-tl.endCum, ta) - 1
		}
	default:
		// first run whose end count is reached
		lo, hi := 0, len(tl.runs)-1
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if reached(tl.runs[m+1].cum) {
				hi = m
			} else {
				lo = m + 1
			}
		}
		r := tl.runs[lo]
		tot := tl.pats[r.pat].total
		if strict {
			w = r.week() + floorDiv(T-r.cum, tot)
		} else {
			w = r.week() + ceilDiv(T-r.cum, tot) - 1
		}
	}
	if w < -clampSec/weekSec-1 {
		return minSec, false
	}
	if w > horizonWeeks+clampSec/weekSec+1 {
		return maxSec, false
	}
	cum, p := tl.week(w)
	pt := tl.pats[p]
	sp := tl.spans[pt.lo:pt.hi]
	r := T - cum
	lo, hi := 0, len(sp)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if reached(sp[m].cum + int64(sp[m].end-sp[m].start) + cum) {
			hi = m
		} else {
			lo = m + 1
		}
	}
	if lo == len(sp) { // cannot happen: the week was chosen so that it reaches T
		return maxSec, false
	}
	v := sp[lo]
	s := horizonStart + w*weekSec + int64(v.start) + (r - v.cum)
	if s < minSec {
		return minSec, false
	}
	if s > maxSec {
		return maxSec, false
	}
	return s, true
}

// stretchEnd returns the end of the open stretch containing the open second
// s, following stretches across week ends; ok is false if it never closes.
func (tl *timeline) stretchEnd(s int64) (int64, bool) {
	w, off := split(s)
	_, p := tl.week(w)
	pt := tl.pats[p]
	sp := tl.spans[pt.lo:pt.hi]
	i := 0
	for i < len(sp) && sp[i].end <= off {
		i++
	}
	end := sp[i].end
	// Each step either ends or skips a whole run of full weeks; consecutive
	// runs differ, so this loop is short; the bound only guards the invariant.
	for range len(tl.runs) + 8 {
		if end < weekSec {
			return horizonStart + w*weekSec + int64(end), true
		}
		w++
		if w*weekSec > maxSec-horizonStart {
			return maxSec, false
		}
		_, p = tl.week(w)
		pt = tl.pats[p]
		if pt.hi == pt.lo || tl.spans[pt.lo].start != 0 {
			return horizonStart + w*weekSec, true
		}
		end = tl.spans[pt.lo].end
		if end == weekSec { // a full week: skip the rest of its run
			re := tl.runEnd(w)
			if re == math.MaxInt64 {
				return maxSec, false
			}
			w = re - 1
		}
	}
	return maxSec, false
}

// firstEndAfter returns the index of the first of the sorted spans sp whose
// end is after off (len(sp) when none is), by binary search.
func firstEndAfter(sp []span, off int32) int {
	lo, hi := 0, len(sp)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if sp[m].end > off {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}
