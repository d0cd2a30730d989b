package calendar

import "slices"

type combineOp uint8

const (
	opNone combineOp = iota
	opUnion
	opIntersection
)

// Union returns a calendar that is open whenever any of cs is open. The
// parts may be in different time zones; the result is exact across each
// zone's DST changes and has the same guarantees as a single-zone calendar
// (cost independent of the span, no allocation, immutable). Its Location is
// that of the first part. A nil part is open 24×7, so the union is too; the
// union of no calendars is never open. The union of a calendar with itself
// behaves exactly as the calendar.
func Union(cs ...*Calendar) *Calendar { return combine(opUnion, cs) }

// Intersection returns a calendar that is open only while every one of cs is
// open (the overlap hours of sites in different zones, say), with the same
// guarantees as Union. A nil or 24×7 part leaves the others unchanged; the
// intersection of no calendars is open 24×7.
func Intersection(cs ...*Calendar) *Calendar { return combine(opIntersection, cs) }

func combine(op combineOp, cs []*Calendar) *Calendar {
	c := &Calendar{op: op, parts: slices.Clone(cs)}
	if len(cs) > 0 {
		c.loc = cs[0].Location()
	} else {
		c.loc = nil
	}
	var acc *timeline
	for _, p := range cs {
		if p.always() {
			if op == opUnion {
				return c // open all the time
			}
			continue
		}
		if acc == nil {
			acc = p.tl
			continue
		}
		acc = combineTimelines(op, acc, p.tl)
	}
	switch {
	case acc != nil:
		c.tl = acc
	case op == opUnion: // no parts: never open
		b := newBuilder()
		empty := b.intern(nil)
		b.emit(0, empty)
		c.tl = b.finish(empty, empty)
	}
	if c.tl != nil {
		c.bd = newDayIndex(c.tl, zoneSegs(c.Location(), horizonStart, horizonEnd))
	}
	return c
}

// combineTimelines merges two timelines week run by week run; equal pairs
// of patterns are combined once.
func combineTimelines(op combineOp, a, b *timeline) *timeline {
	bd := newBuilder()
	pairs := map[[2]int32]int32{}
	get := func(pa, pb int32) int32 {
		if p, ok := pairs[[2]int32{pa, pb}]; ok {
			return p
		}
		x, y := a.patternOf(pa), b.patternOf(pb)
		var ivs [][2]int32
		if op == opUnion {
			ivs = append(x, y...)
		} else {
			for i, j := 0, 0; i < len(x) && j < len(y); {
				if s, e := max(x[i][0], y[j][0]), min(x[i][1], y[j][1]); s < e {
					ivs = append(ivs, [2]int32{s, e})
				}
				if x[i][1] < y[j][1] {
					i++
				} else {
					j++
				}
			}
		}
		p := bd.intern(ivs)
		pairs[[2]int32{pa, pb}] = p
		return p
	}
	next := func(tl *timeline, i int) int64 {
		if i+1 < len(tl.runs) {
			return tl.runs[i+1].week()
		}
		return horizonWeeks
	}
	for w, i, j := int64(0), 0, 0; w < horizonWeeks; {
		bd.emit(w, get(a.runs[i].pat, b.runs[j].pat))
		na, nb := next(a, i), next(b, j)
		w = min(na, nb)
		if na == w {
			i++
		}
		if nb == w {
			j++
		}
	}
	return bd.finish(get(a.before, b.before), get(a.after, b.after))
}
