package calendar

import (
	"slices"

	"github.com/rickb777/date/v2"
)

// Building the business-day index week by week.
//
// weekDays sets the bits of the dates whose wall midnight falls in week w
// (seven dates, 7w+c onwards) from the open time of weeks w-1, w and w+1
// alone. With every UTC offset within a day, a date's local midnights m0
// (its own) and m1 (the next date's) lie within a day of its wall
// midnights, so the local day and the second before it, [m0-1, m1), lie
// inside those three weeks. Under the opening rule (businessday.go) the
// date is a business day iff m0 < m1 and a maximal open stretch starts in
// [m0, m1) or contains all of it (startsBusinessDay says the same from
// the whole timeline); weekBits decides it from the stretches of the
// three weeks, merged where they touch across week ends. A stretch cut at
// the start of week w-1 starts before every m0 considered, and one cut at
// the end of week w+1 ends after every m1, so the cut changes no answer.
//
// Most weeks are alike: with minOff and maxOff the least and greatest
// offsets of the zone, when the offset o is in force from maxOff before
// week w to minOff before its end, every midnight considered is its wall
// midnight W (in [ws, ws+week]) minus o. In boundary's terms: an earlier
// segment i gives at least W - off_i >= ws - maxOff, at or after where
// the segment after it starts, so it does not answer; o's segment gives
// W - o, which is at or after its start (o <= maxOff) and before the next
// segment's (W - o <= ws + week - minOff), so it answers. So the bits are
// a function of the three weeks' patterns and o. Near a change of offset the midnights are
// found one by one (boundaryFrom), and changes recur at the same time of
// the week year after year. Either way weekBits works relative to the
// week's start, so its answer is computed once per distinct patterns and
// relative midnights (offsetMemo, byWeeks) and copied. And where the
// three patterns are one and stay so, with the offset, for weeks on end,
// those weeks' keys are equal, so their dates repeat week w's every seven
// days: fillPeriodic copies them a word at a time.
//
// TestDayIndexProbeMatchesWalk checks weekDays against walking the
// timeline (walkDays) and probing each date (probeDays).

// weekKey is what a week's bits depend on: the patterns of weeks w-1, w
// and w+1, and the local midnights considered, relative to week w's start.
type weekKey struct {
	prev, cur, next int32
	rel             [8]int32 // within two days of the week, so 32 bits
}

// oneOffset is a weekKey whose midnights are the wall midnights minus off.
type oneOffset struct {
	prev, cur, next int32
	off             int64
}

// weekDays sets the business days of the index week by week (see above).
// It returns false, having set nothing, when some offset in segs is a day
// or more, where the argument does not hold.
func (ix *dayIndex) weekDays(tl *timeline, segs []zoneSeg) bool {
	minOff, maxOff := segs[0].off, segs[0].off
	for _, sg := range segs {
		if sg.off <= -daySec || sg.off >= daySec {
			return false
		}
		minOff, maxOff = min(minOff, sg.off), max(maxOff, sg.off)
	}
	base := int64(ix.first) - date.ZeroOffset // the epoch day of date 0
	memo := newOffsetMemo(tl, segs)
	byWeeks := map[weekKey]uint8{}
	var st stretches
	var key weekKey
	var last oneOffset
	var lastBits uint8
	haveLast := false
	j, k := 0, 0 // cursors into segs: the segment at ws-maxOff, and boundaryFrom's
	_, prev := tl.week(-1)
	_, cur := tl.week(0)
	for w := int64(0); w < horizonWeeks; w++ {
		next := tl.after
		if w+1 < horizonWeeks {
			next = tl.runs[tl.runOf[w+1]].pat
		}
		ws := horizonStart + w*weekSec
		for j+1 < len(segs) && segs[j+1].start <= ws-maxOff {
			j++
		}
		var bits uint8
		// (segment j starts at or before ws-maxOff, or is the first,
		// whose start boundary does not read)
		if j+1 == len(segs) || segs[j+1].start > ws+weekSec-minOff {
			one := oneOffset{prev, cur, next, segs[j].off}
			if haveLast && one == last {
				bits = lastBits
			} else if b, ok := memo.get(one); ok {
				bits = b
			} else {
				key = weekKey{prev: prev, cur: cur, next: next}
				for c := range key.rel {
					key.rel[c] = int32(int64(c)*daySec - one.off)
				}
				bits = st.weekBits(tl, &key)
				memo.put(one, bits)
			}
			last, lastBits, haveLast = one, bits, true
			if i0 := int(ws/daySec - base); prev == cur && cur == next && i0 >= 0 {
				// The weeks up to the end of the run less one, while
				// the offset stays, have the same key: their dates
				// repeat week w's every seven.
				r := tl.runOf[w]
				end := horizonWeeks
				if int(r)+1 < len(tl.runs) {
					end = tl.runs[r+1].week()
				}
				end-- // the last week x with x+1 in the run is end-1
				if j+1 < len(segs) {
					end = min(end, ceilDiv(segs[j+1].start-weekSec+minOff-horizonStart, weekSec))
				}
				if end > w+1 {
					ix.set7(i0, bits)
					ix.fillPeriodic(i0+7, min(i0+7*int(end-w), ix.n))
					w = end - 1
					continue // prev and cur stay
				}
			}
		} else {
			key = weekKey{prev: prev, cur: cur, next: next}
			for c := range key.rel {
				key.rel[c] = int32(boundaryFrom(segs, ws+int64(c)*daySec, &k) - ws)
			}
			b, ok := byWeeks[key]
			if !ok {
				b = st.weekBits(tl, &key)
				byWeeks[key] = b
			}
			bits, haveLast = b, false
		}
		ix.set7(int(ws/daySec-base), bits) // ws is a multiple of a day
		prev, cur = cur, next
	}
	return true
}

// offsetMemo holds the bits of weeks by oneOffset: in a table indexed by
// the offset's rank and the three patterns when that is small (a map
// lookup per change of pattern cost as much as walking the weeks), else
// in a map.
type offsetMemo struct {
	offs  []int64 // the distinct offsets
	np    int     // patterns
	table []uint8 // bits | 0x80 once known
	m     map[oneOffset]uint8
}

// maxOffsetTable bounds offsetMemo's table (bytes).
const maxOffsetTable = 1 << 16

func newOffsetMemo(tl *timeline, segs []zoneSeg) *offsetMemo {
	m := &offsetMemo{np: len(tl.pats)}
	for _, sg := range segs {
		if !slices.Contains(m.offs, sg.off) {
			m.offs = append(m.offs, sg.off)
			if len(m.offs) > 16 {
				break
			}
		}
	}
	if n := len(m.offs) * m.np * m.np * m.np; len(m.offs) <= 16 && n <= maxOffsetTable {
		m.table = make([]uint8, n)
	} else {
		m.m = map[oneOffset]uint8{}
	}
	return m
}

// slot returns k's index in the table, -1 when it has none.
func (m *offsetMemo) slot(k oneOffset) int {
	if m.table == nil {
		return -1
	}
	o := slices.Index(m.offs, k.off)
	return ((o*m.np+int(k.prev))*m.np+int(k.cur))*m.np + int(k.next)
}

func (m *offsetMemo) get(k oneOffset) (uint8, bool) {
	if i := m.slot(k); i >= 0 {
		return m.table[i] &^ 0x80, m.table[i] != 0
	}
	b, ok := m.m[k]
	return b, ok
}

func (m *offsetMemo) put(k oneOffset, bits uint8) {
	if i := m.slot(k); i >= 0 {
		m.table[i] = bits | 0x80
		return
	}
	m.m[k] = bits
}

// set7 sets bit i+c for each bit c of bits, of those in the index.
func (ix *dayIndex) set7(i int, bits uint8) {
	if i < 0 || i+7 > ix.n {
		for c := range 7 {
			if bits>>c&1 == 1 && i+c >= 0 && i+c < ix.n {
				ix.set(i + c)
			}
		}
		return
	}
	wd, sh := i>>6, i&63
	ix.bits[wd] |= uint64(bits) << sh
	if sh > 64-7 { // i+6 < n, so word wd+1 exists
		ix.bits[wd+1] |= uint64(bits) >> (64 - sh)
	}
}

// stretches holds the open stretches of three weeks, reused from week to
// week.
type stretches struct{ s [][2]int64 }

// weekBits returns bit c set when the date with local midnights at
// k.rel[c] and k.rel[c+1] after week w's start is a business day, given
// that weeks w-1, w and w+1 have patterns k.prev, k.cur and k.next and
// that those midnights lie within a day of week w (see above). It works
// relative to week w's start: the answer does not depend on w.
func (st *stretches) weekBits(tl *timeline, k *weekKey) uint8 {
	st.s = st.s[:0]
	for i, p := range [3]int32{k.prev, k.cur, k.next} {
		ws := int64(i-1) * weekSec
		pt := tl.pats[p]
		for _, sp := range tl.spans[pt.lo:pt.hi] {
			a, b := ws+int64(sp.start), ws+int64(sp.end)
			if n := len(st.s); n > 0 && st.s[n-1][1] == a {
				st.s[n-1][1] = b // touches the one before across the week end
				continue
			}
			st.s = append(st.s, [2]int64{a, b})
		}
	}
	var bits uint8
	for c := range 7 {
		m0, m1 := int64(k.rel[c]), int64(k.rel[c+1])
		if m0 >= m1 {
			continue
		}
		for _, s := range st.s {
			if s[0] >= m1 {
				break
			}
			if s[0] >= m0 || s[1] >= m1 { // starts in the day, or (starting before it) covers it
				bits |= 1 << c
				break
			}
		}
	}
	return bits
}
