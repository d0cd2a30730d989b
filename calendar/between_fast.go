package calendar

import "time"

// Between is the hottest call of the package: an SLA clock asks it for the
// business time between two instants that are usually hours apart, in the
// same week and often on the same day. The timeline answers it as
// pos(to) - pos(from), plus the nanoseconds of whichever instant is in an
// open second; this file computes that difference with less work than two
// independent pos calls when both instants lie in the horizon, which is
// where nearly all instants are.

// linearSpans is the largest number of spans searched one by one rather
// than by bisection: office hours have one or two spans a day, five to
// fourteen a week, and a short forward scan over them costs fewer
// instructions than a binary search, and far fewer from a nearby start.
const linearSpans = 8

// between is Between. A nil timeline is a calendar open all the time,
// which measures wall-clock time. Otherwise between returns what the
// two-pos formula returns, bit for bit:
//
//	ga, oa := tl.pos(from.Unix())
//	gb, ob := tl.pos(to.Unix())
//	ns := to's nanoseconds if ob, minus from's if oa
//	return satDuration(gb-ga, ns)
//
// When either instant's second lies outside the horizon [horizonStart,
// horizonEnd) it calls pos twice (betweenSlow), so clamping and the weeks
// before and after the horizon behave exactly as there. Otherwise it
// computes gb-ga itself, exactly:
//
//   - Seconds in the horizon are not clamped, so pos's open flag starts
//     true, and their weeks are in [0, horizonWeeks), so week takes its
//     run-table branch. Since s-horizonStart is not negative there, its
//     unsigned quotient and remainder by weekSec are split's floor
//     quotient and remainder.
//   - A week's count is the run's count plus whole weeks of the run's
//     pattern, as week computes it (weekIn), and the count inside the
//     week is found as pos finds it (weekPos), from the first span ending
//     after the offset: the sorted, disjoint spans are scanned one by one
//     when there are few of them, which finds the same span as the
//     bisection (firstEndAfter) that pos does and that is used otherwise.
//   - When both seconds are in the same week, both positions add the same
//     week count c, and (c+xb)-(c+xa) equals xb-xa for any int64 values in
//     Go's wrapping arithmetic, so only the pattern is looked up. The
//     smaller offset is searched first and the larger one from the span
//     found: every span before it ends at or before the smaller offset,
//     hence at or before the larger one.
func (tl *timeline) between(from, to time.Time) time.Duration {
	if tl == nil {
		// Round(0) drops monotonic clock readings: business time is always
		// measured on the wall clock, as on the precomputed path.
		return to.Round(0).Sub(from.Round(0))
	}
	a, b := from.Unix(), to.Unix()
	// Subtracting horizonStart (with wrapping, for a near MaxInt64) and
	// dividing as unsigned numbers gives a week below horizonWeeks exactly
	// when the second is in the horizon: a second before horizonStart
	// gives a number of at least 2^63, far beyond the horizon's end.
	ua, ub := uint64(a-horizonStart), uint64(b-horizonStart)
	wa := ua / weekSec
	if wa >= uint64(horizonWeeks) {
		return tl.betweenSlow(from, to)
	}
	start := wa * weekSec
	offA := int32(ua - start)
	var d int64
	var oa, ob bool
	if ub-start < weekSec {
		// b is in a's week. ub-start is b minus the week's first second,
		// modulo 2^64; the true difference lies within about ±2^63, so
		// the modular one is below weekSec exactly when b is in the week,
		// and then it is b's offset.
		offB := int32(ub - start)
		pt := tl.pats[tl.runs[tl.runOf[wa]].pat]
		// The week's spans are sp[lo:], searched in place.
		sp, lo := tl.spans[:pt.hi], uint(pt.lo)
		var i, j uint
		if offA <= offB {
			i = firstEndAfterFrom(sp, lo, offA)
			j = firstEndAfterFrom(sp, i, offB)
		} else {
			j = firstEndAfterFrom(sp, lo, offB)
			i = firstEndAfterFrom(sp, j, offA)
		}
		var xa, xb int64
		xa, oa = weekPos(sp, pt.total, i, offA)
		xb, ob = weekPos(sp, pt.total, j, offB)
		d = xb - xa
	} else {
		wb := ub / weekSec
		if wb >= uint64(horizonWeeks) {
			return tl.betweenSlow(from, to)
		}
		offB := int32(ub - wb*weekSec)
		ca, sa, la, ta := tl.weekIn(wa)
		cb, sb, lb, tb := tl.weekIn(wb)
		var xa, xb int64
		xa, oa = weekPos(sa, ta, firstEndAfterFrom(sa, la, offA), offA)
		xb, ob = weekPos(sb, tb, firstEndAfterFrom(sb, lb, offB), offB)
		d = (cb + xb) - (ca + xa)
	}
	return betweenDuration(d, oa, ob, from, to)
}

// betweenSlow is between by the two-pos formula.
func (tl *timeline) betweenSlow(from, to time.Time) time.Duration {
	ga, oa := tl.pos(from.Unix())
	gb, ob := tl.pos(to.Unix())
	return betweenDuration(gb-ga, oa, ob, from, to)
}

// betweenDuration is the open time of d seconds, plus to's nanoseconds
// when to's second is open (ob) and minus from's when from's is (oa).
func betweenDuration(d int64, oa, ob bool, from, to time.Time) time.Duration {
	var ns int64
	if ob {
		ns += int64(to.Nanosecond())
	}
	if oa {
		ns -= int64(from.Nanosecond())
	}
	return satDuration(d, ns)
}

// weekIn is week for a week w of the horizon (w < horizonWeeks), with its
// pattern looked up: the open seconds before the week, and the pattern's
// spans as sp[lo:] and open seconds.
func (tl *timeline) weekIn(w uint64) (cum int64, sp []span, lo uint, total int64) {
	cum, p := tl.week(int64(w))
	pt := tl.pats[p]
	return cum, tl.spans[:pt.hi], uint(pt.lo), pt.total
}

// weekPos is the tail of pos, which calls it: the open seconds of a week
// pattern (spans sp[lo:], total open seconds total) before offset off, and
// whether the second at off is open, given i, the index of the first span
// ending after off (len(sp) when none does). It does not need lo: the spans carry the
// open time of the week before them.
func weekPos(sp []span, total int64, i uint, off int32) (int64, bool) {
	if i >= uint(len(sp)) {
		return total, false
	}
	v := sp[i]
	if off >= v.start {
		return v.cum + int64(off-v.start), true
	}
	return v.cum, false
}

// firstEndAfterFrom is firstEndAfter searching from index i: the index of
// the first of the sorted spans sp whose end is after off, given that none
// before i is (len(sp) when none is). A few spans are scanned one by one,
// more are bisected.
func firstEndAfterFrom(sp []span, i uint, off int32) uint {
	if uint(len(sp))-i > linearSpans {
		return i + uint(firstEndAfter(sp[i:], off))
	}
	for i < uint(len(sp)) && sp[i].end <= off {
		i++
	}
	return i
}
