package calendar

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"time"

	"github.com/rickb777/date/v2"
)

// builder interns week patterns and emits runs.
type builder struct {
	tl    timeline
	byKey map[string]int32
	key   []byte
}

func newBuilder() *builder { return &builder{byKey: map[string]int32{}} }

// intern stores the sorted, disjoint intervals ivs (touching ones are merged
// here) as a pattern and returns its index; equal patterns share one index.
func (b *builder) intern(ivs [][2]int32) int32 {
	ivs = mergeIvs(ivs)
	b.key = b.key[:0]
	for _, iv := range ivs {
		b.key = binary.LittleEndian.AppendUint32(b.key, uint32(iv[0]))
		b.key = binary.LittleEndian.AppendUint32(b.key, uint32(iv[1]))
	}
	if p, ok := b.byKey[string(b.key)]; ok {
		return p
	}
	p := pattern{lo: int32(len(b.tl.spans))}
	for _, iv := range ivs {
		b.tl.spans = append(b.tl.spans, span{start: iv[0], end: iv[1], cum: p.total})
		p.total += int64(iv[1] - iv[0])
	}
	p.hi = int32(len(b.tl.spans))
	id := int32(len(b.tl.pats))
	b.tl.pats = append(b.tl.pats, p)
	b.byKey[string(b.key)] = id
	return id
}

// mergeIvs sorts ivs, drops empty ones and merges overlapping or touching ones.
func mergeIvs(ivs [][2]int32) [][2]int32 {
	slices.SortFunc(ivs, func(a, b [2]int32) int { return int(a[0] - b[0]) })
	out := ivs[:0]
	for _, iv := range ivs {
		if iv[1] <= iv[0] {
			continue
		}
		if n := len(out); n > 0 && iv[0] <= out[n-1][1] {
			out[n-1][1] = max(out[n-1][1], iv[1])
			continue
		}
		out = append(out, iv)
	}
	return out
}

// patternOf returns the intervals of p.
func (tl *timeline) patternOf(p int32) [][2]int32 {
	pt := tl.pats[p]
	out := make([][2]int32, 0, pt.hi-pt.lo)
	for _, s := range tl.spans[pt.lo:pt.hi] {
		out = append(out, [2]int32{s.start, s.end})
	}
	return out
}

// emit appends week w with pattern p, extending the last run when it has the
// same pattern.
func (b *builder) emit(w int64, p int32) {
	rs := b.tl.runs
	if n := len(rs); n > 0 && rs[n-1].pat == p {
		return
	}
	var cum int64
	if n := len(rs); n > 0 {
		last := rs[n-1]
		cum = last.cum + (w-last.week())*b.tl.pats[last.pat].total
	}
	b.tl.runs = append(rs, run{cum: cum, wk: int32(w), pat: p})
}

func (b *builder) finish(before, after int32) *timeline {
	b.tl.before, b.tl.after = before, after
	last := b.tl.runs[len(b.tl.runs)-1]
	b.tl.endCum = last.cum + (horizonWeeks-last.week())*b.tl.pats[last.pat].total
	b.tl.runOf = make([]uint16, horizonWeeks)
	for r, rn := range b.tl.runs {
		end := horizonWeeks
		if r+1 < len(b.tl.runs) {
			end = b.tl.runs[r+1].week()
		}
		of := b.tl.runOf[rn.week():end]
		for i := range of {
			of[i] = uint16(r)
		}
	}
	tl := b.tl
	return &tl
}

// shifted returns the wall-clock weekly pattern wall (week-relative wall
// seconds, Monday 00:00 = 0) as UTC week-relative intervals for a fixed
// offset: UTC offset r is open iff wall (r+off) mod week is open.
func shifted(wall [][2]int32, off int64) [][2]int32 {
	var out [][2]int32
	sh := floorMod(-off, weekSec)
	for _, iv := range wall {
		s, e := int64(iv[0])+sh, int64(iv[1])+sh
		for k := int64(-1); k <= 1; k++ { // pieces in [0, week)
			a, z := max(s+k*weekSec, 0), min(e+k*weekSec, weekSec)
			if a < z {
				out = append(out, [2]int32{int32(a), int32(z)})
			}
		}
	}
	return out
}

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }

// boundary is the first instant at which the local wall clock reads wall
// (seconds since 1970-01-01 00:00 on the local clock) or later: the gap end
// when wall falls in a gap, the first occurrence when it is repeated. segs
// must cover the instants around the answer.
func boundary(segs []zoneSeg, wall int64) int64 {
	for i, sg := range segs {
		c := wall - sg.off
		if i > 0 {
			c = max(c, sg.start)
		}
		if i+1 == len(segs) || c < segs[i+1].start {
			return c
		}
	}
	return wall // unreachable: the last segment always answers
}

// dayRules are a single-zone calendar's rules.
type dayRules struct {
	hours    weekHours
	holidays []date.Date // sorted, unique
	special  map[date.Date][]dayIv
	// bit i of unusual is set when date firstDay+i is a holiday or a
	// special day (clear: a fast path for intervalsOn), bit i of hol when
	// it is a holiday (set by buildZone; dates outside them are looked up
	// in holidays).
	unusual  []uint64
	hol      []uint64
	firstDay date.Date
}

// isHoliday reports whether d is one of r's holidays.
func (r *dayRules) isHoliday(d date.Date) bool {
	if i := int64(d - r.firstDay); i >= 0 && i < int64(len(r.hol))*64 {
		return r.hol[i>>6]>>(i&63)&1 == 1
	}
	_, ok := slices.BinarySearch(r.holidays, d)
	return ok
}

// usual reports whether d is known to be neither a holiday nor a special
// day (false outside the dates buildZone indexed).
func (r *dayRules) usual(d date.Date) bool {
	i := int64(d - r.firstDay)
	return i >= 0 && i < int64(len(r.unusual))*64 && r.unusual[i>>6]>>(i&63)&1 == 0
}

func (r *dayRules) markUnusual(d date.Date) {
	if i := int64(d - r.firstDay); i >= 0 && i < int64(len(r.unusual))*64 {
		r.unusual[i>>6] |= 1 << (i & 63)
	}
}

// unusual13 returns bit i set when date d+i, i < 13, is not known to be
// usual (r.usual(d+i) is false).
func (r *dayRules) unusual13(d date.Date) uint16 {
	i := int64(d - r.firstDay)
	if i < 0 || i+13 > int64(len(r.unusual))*64 {
		var u uint16
		for k := range 13 {
			if !r.usual(d + date.Date(k)) {
				u |= 1 << k
			}
		}
		return u
	}
	x := r.unusual[i>>6] >> (i & 63)
	if sh := i & 63; sh > 64-13 { // the rest from the next word
		x |= r.unusual[i>>6+1] << (64 - sh)
	}
	return uint16(x & (1<<13 - 1))
}

// markHoliday sets d's bit in hol (dates outside it are looked up in
// holidays).
func (r *dayRules) markHoliday(d date.Date) {
	if i := int64(d - r.firstDay); i >= 0 && i < int64(len(r.hol))*64 {
		r.hol[i>>6] |= 1 << (i & 63)
	}
}

// intervalsOn returns the intervals that start on local date d.
func (r *dayRules) intervalsOn(d date.Date) []dayIv {
	if r.usual(d) {
		return r.hours[floorMod(int64(d), 7)]
	}
	if ivs, ok := r.special[d]; ok {
		return ivs
	}
	if r.isHoliday(d) {
		return nil
	}
	return r.hours[floorMod(int64(d), 7)] // date.Zero is a Monday
}

// buildMargin is how far outside the horizon buildZone needs the zone's
// offsets: wide enough for the local days of a week's neighbours.
const buildMargin = 5 * daySec

// buildZone precomputes the timeline of rules in loc, whose offsets over
// [horizonStart-buildMargin, horizonEnd+buildMargin] are segs.
func buildZone(r *dayRules, loc *time.Location, segs []zoneSeg) *timeline {
	return buildZoneWith(r, loc, segs, true)
}

// weekSet is a set of the horizon's weeks, a bit each.
type weekSet []uint64

func newWeekSet() weekSet { return make(weekSet, (horizonWeeks+63)/64) }

func (s weekSet) has(w int64) bool { return s[w>>6]>>(w&63)&1 == 1 }
func (s weekSet) add(w int64)      { s[w>>6] |= 1 << (w & 63) }

// next returns the first week at or after w in s, horizonWeeks when none.
func (s weekSet) next(w int64) int64 {
	if w >= horizonWeeks {
		return horizonWeeks
	}
	x := s[w>>6] >> (w & 63)
	if x != 0 {
		return min(w+int64(bits.TrailingZeros64(x)), horizonWeeks)
	}
	for i := w>>6 + 1; i < int64(len(s)); i++ {
		if s[i] != 0 {
			return min(i<<6+int64(bits.TrailingZeros64(s[i])), horizonWeeks)
		}
	}
	return horizonWeeks
}

// emits returns how many weeks buildZoneWith emits, the most runs it
// makes: the irregular weeks, and the first of each stretch of regular
// weeks at one offset.
func emits(irregular weekSet, segs []zoneSeg) int {
	// a regular week starts a stretch at week 0, after an irregular week,
	// or at the first week of a new offset
	starts := func(w int64) bool { return !irregular.has(w) && (w == 0 || irregular.has(w-1)) }
	n := 0
	carry := uint64(1) // week 0 starts a stretch when regular
	for i, x := range irregular {
		after := x<<1 | carry // bit j: week 64i+j-1 is irregular (or j is week 0)
		n += bits.OnesCount64(x) + bits.OnesCount64(^x&after&validBits(i))
		carry = x >> 63
	}
	for _, sg := range segs[1:] {
		if w := ceilDiv(sg.start-horizonStart, weekSec); w > 0 && w < horizonWeeks && !starts(w) && !irregular.has(w) {
			n++ // (two offsets starting in one week count twice: still a bound)
		}
	}
	return n
}

// validBits is the mask of word i of a weekSet's bits that are weeks of
// the horizon.
func validBits(i int) uint64 {
	if rest := horizonWeeks - int64(i)*64; rest < 64 {
		return 1<<rest - 1
	}
	return ^uint64(0)
}

// dayReach returns the instants that date d's intervals (ivs, and those of
// its weekday) can reach: [from, to], and ok false when
// there are none. A boundary of wall time v lies in [v - maxOff, v - minOff]
// (boundary: the answering segment i gives v - off_i or its start, which
// is at most v - off of the segment before).
func dayReach(r *dayRules, d date.Date, ivs []dayIv, minOff, maxOff int64) (from, to int64, ok bool) {
	lo, hi := int64(2*daySec), int64(-1)
	span := func(ivs []dayIv) {
		for _, iv := range ivs {
			lo, hi = min(lo, int64(iv.Start)), max(hi, int64(iv.End))
		}
	}
	span(ivs)
	span(r.hours[floorMod(int64(d), 7)])
	m := (int64(d) - date.ZeroOffset) * daySec
	return m + lo - maxOff, m + hi - minOff, hi >= 0
}

// buildZoneWith is buildZone; with tight, a holiday or special day makes
// irregular only the weeks its intervals (and its weekday's) can reach,
// else every week within five days of its midnight, and irregular weeks
// with holidays only are computed once per offset and holidays (see
// holidayWeek below), else each. Either way a week left
// regular has, on every date that reaches it, its weekday's hours and one
// offset, so its pattern is regular(offset); TestBuildZoneTight checks
// that both give the same weeks.
func buildZoneWith(r *dayRules, loc *time.Location, segs []zoneSeg, tight bool) *timeline {
	var wall [][2]int32
	for d, ivs := range r.hours {
		for _, iv := range ivs {
			wall = append(wall, [2]int32{int32(d)*daySec + iv.Start, int32(d)*daySec + iv.End})
		}
	}
	// week-relative wall intervals, split at the week end
	var wallW [][2]int32
	for _, iv := range wall {
		if iv[1] > weekSec {
			wallW = append(wallW, [2]int32{iv[0], weekSec}, [2]int32{0, iv[1] - weekSec})
		} else {
			wallW = append(wallW, iv)
		}
	}
	b := newBuilder()
	byOff := map[int64]int32{}
	lastOff, lastP := int64(0), int32(-1) // the last answer, asked again for most weeks
	regular := func(off int64) int32 {
		if lastP >= 0 && off == lastOff {
			return lastP
		}
		p, ok := byOff[off]
		if !ok {
			p = b.intern(shifted(wallW, off))
			byOff[off] = p
		}
		lastOff, lastP = off, p
		return p
	}
	// An irregular week's pattern is a function of the offsets in force
	// around it (local below) and of the intervals of the dates the loop
	// reads, first..first+12: boundary is translation-invariant (shifting
	// the segment starts and the wall time by ws shifts its answer by ws;
	// the first segment's start is not read), first is always a Friday
	// (weeks start on Mondays) and date first+i's wall midnight is ws +
	// (i-3) days, and a date that is neither special nor a holiday has the
	// hours of its weekday. So weeks with at most three segments around
	// them and no special day are computed once per relative segments and
	// mask of holidays.
	type holidayWeek struct {
		n        int
		off, rel [3]int64 // the segments' offsets, and starts minus ws (rel[0] unused)
		mask     uint16   // bit i: date first+i is a holiday
	}
	byHolidays := map[holidayWeek]int32{}
	const margin = buildMargin
	// Weeks that need explicit computation: near a zone transition, a
	// holiday or a special day.
	irregular := newWeekSet()
	mark := func(from, to int64) {
		for w := max(floorDiv(from-horizonStart, weekSec), 0); w <= floorDiv(to-horizonStart, weekSec) && w < horizonWeeks; w++ {
			irregular.add(w)
		}
	}
	for _, sg := range segs[1:] {
		mark(sg.start-margin, sg.start+margin)
	}
	wallMidnight := func(d date.Date) int64 { return (int64(d) - date.ZeroOffset) * daySec }
	minOff, maxOff := segs[0].off, segs[0].off
	for _, sg := range segs {
		minOff, maxOff = min(minOff, sg.off), max(maxOff, sg.off)
	}
	for _, d := range r.holidays {
		if !tight {
			mark(wallMidnight(d)-margin, wallMidnight(d)+margin)
		} else if _, sp := r.special[d]; !sp { // special days are marked below
			if from, to, ok := dayReach(r, d, nil, minOff, maxOff); ok {
				mark(from, to)
			}
		}
	}
	for d, ivs := range r.special {
		if !tight {
			mark(wallMidnight(d)-margin, wallMidnight(d)+margin)
		} else if from, to, ok := dayReach(r, d, ivs, minOff, maxOff); ok {
			mark(from, to)
		}
	}
	r.firstDay = date.Date(floorDiv(horizonStart, daySec)+date.ZeroOffset) - 8
	r.unusual = make([]uint64, (horizonWeeks*7+16+63)/64)
	r.hol = make([]uint64, len(r.unusual))
	for _, d := range r.holidays {
		r.markUnusual(d)
		r.markHoliday(d)
	}
	for d := range r.special {
		r.markUnusual(d)
	}
	b.tl.runs = make([]run, 0, emits(irregular, segs))
	var ivs [][2]int32
	j := 0
	for w := int64(0); w < horizonWeeks; w++ {
		ws := horizonStart + w*weekSec
		for j+1 < len(segs) && segs[j+1].start <= ws {
			j++
		}
		if !irregular.has(w) {
			b.emit(w, regular(segs[j].off))
			// The regular weeks after it at the same offset have the
			// same pattern, which emit would not add: go on from the
			// first irregular week or zone change.
			next := irregular.next(w + 1)
			if j+1 < len(segs) {
				next = min(next, max(ceilDiv(segs[j+1].start-horizonStart, weekSec), w+1))
			}
			w = next - 1
			continue
		}
		// the offsets in force over [ws-margin, ws+week+margin]
		k := j
		for k > 0 && segs[k].start > ws-margin {
			k--
		}
		e := j
		for e < len(segs) && segs[e].start <= ws+weekSec+margin {
			e++
		}
		local := segs[k:e]
		first := date.Date(floorDiv(ws, daySec)+date.ZeroOffset) - 3
		var key holidayWeek
		memo := len(local) <= len(key.off) && tight
		if memo {
			key.n = len(local)
			for i, sg := range local {
				key.off[i] = sg.off
				if i > 0 {
					key.rel[i] = sg.start - ws
				}
			}
			// the unusual dates among first..first+12, a word at a time
			// (a holiday is unusual; so is a special day)
			for u := r.unusual13(first); u != 0; u &= u - 1 {
				d := first + date.Date(bits.TrailingZeros16(u))
				if _, sp := r.special[d]; sp {
					memo = false
					break
				}
				if r.isHoliday(d) {
					key.mask |= 1 << (d - first)
				}
			}
			if p, ok := byHolidays[key]; memo && ok {
				b.emit(w, p)
				continue
			}
		}
		ivs = ivs[:0]
		for d := first; d <= first+7+5; d++ {
			m := wallMidnight(d)
			for _, iv := range r.intervalsOn(d) {
				s := boundary(local, m+int64(iv.Start)) - ws
				e := boundary(local, m+int64(iv.End)) - ws
				s, e = max(s, 0), min(e, weekSec)
				if s < e {
					ivs = append(ivs, [2]int32{int32(s), int32(e)})
				}
			}
		}
		p := b.intern(ivs)
		if memo {
			byHolidays[key] = p
		}
		b.emit(w, p)
	}
	_, offBefore := time.Unix(horizonStart, 0).In(loc).Zone()
	_, offAfter := time.Unix(horizonEnd-1, 0).In(loc).Zone()
	return b.finish(regular(int64(offBefore)), regular(int64(offAfter)))
}
