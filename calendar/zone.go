package calendar

import "time"

// zoneSeg is a stretch of constant UTC offset starting at start (Unix s).
type zoneSeg struct{ start, off int64 }

// maxZoneSteps bounds the lookups of one zone walk (real zones need a few
// thousand over the horizon).
const maxZoneSteps = 1 << 16

// zoneSegs lists the offsets in force over [from, to] in loc: the offset at
// from, then every change in (from, to], consecutive offsets differing.
//
// It walks the zone (zoneWalk) until the walk proves that it has passed the
// zone's last listed transition, and from the next UTC year on copies
// years, as the argument below allows; zoneSegsWalk, the walk alone, is the
// general form, and TestZoneSegsMatchWalk checks that the two agree on
// every zone of the tz database.
//
// Why years may be copied. Past the last transition of its table (at L),
// Go's time package takes the offset at Unix second sec from the zone's
// TZ rule (tzset in src/time/zoneinfo.go): with y the UTC year of sec and
// ysec = sec - (y's Jan 1 00:00 UTC), the offset is a function of ysec and
// of the rule's two transition times in y (tzruleTime), which depend on y
// only through isLeap(y) and the weekday of the first day of the rule's
// month, itself fixed by the weekday of y's Jan 1 and isLeap(y). So two
// years wholly past L with the same (isLeap, weekday of Jan 1) have the
// same offsets at the same ysec: their changes are the same, shifted by the
// distance between their Jan 1s, and so is the offset at Jan 1 00:00 UTC.
// There are 14 such classes; each is walked once (its first year past the
// proof) and copied afterwards.
//
// The proof that a second t is past L: within its table, lookup answers
// bounds with start <= t < end (a binary search over the transitions, or
// the cache of one zone, or before the first transition end = its time);
// only the TZ rule answers an end at or before t (in leap years it reports
// the year's end one day early, and the general walk steps over that day
// an hour at a time). So a walk that meets end <= t has passed L. It
// stalls only in tzset's last branch (ysec >= endSec, end = Jan 1 + 365
// days), which answers one offset for the rest of the UTC year: so the
// walks here jump from a stall to the next Jan 1 00:00 UTC (jumpStalls).
//
// Both facts are of Go's implementation (go1.26 src/time/zoneinfo.go), not
// of its documentation: a release that changed them fails
// TestZoneSegsMatchWalk; one that stopped stalling would only make this
// the walk alone.
func zoneSegs(loc *time.Location, from, to int64) []zoneSeg {
	w := newZoneWalk(loc, from)
	w.hint = int(2*(to-from)/(365*daySec)) + 4 // two changes a year, as most zones with changes have
	stalled := w.run(to, true)
	if !stalled || w.t.Unix() > to {
		return w.segs
	}
	// Finish the year of the stall, then copy years by class.
	y := time.Unix(w.t.Unix(), 0).UTC().Year() + 1
	ys := yearStart(y)
	w.jumpStalls = true
	w.run(min(ys-1, to), false)
	// reps[leap][weekday of Jan 1]: a year's segments, starts relative to
	// its Jan 1 (nil: not walked yet)
	var reps [2][7][]zoneSeg
	var rw zoneWalk   // reused for each class
	var all []zoneSeg // the classes' segments, each cut from it
	for ; ys <= to && w.steps < maxZoneSteps; y++ {
		next := yearStart(y + 1)
		leap := 0
		if next-ys == 366*daySec {
			leap = 1
		}
		rep := &reps[leap][time.Unix(ys, 0).UTC().Weekday()]
		if *rep == nil {
			rw.restart(loc, ys)
			rw.jumpStalls = true
			rw.run(next-1, false)
			w.steps += rw.steps
			// the year's own changes: a stalled leap year's walk may step
			// onto the next Jan 1, which belongs to the next year's class
			start := len(all)
			for _, sg := range rw.segs {
				if sg.start < next {
					all = append(all, zoneSeg{sg.start - ys, sg.off})
				}
			}
			*rep = all[start:len(all):len(all)] // not nil: the Jan 1 segment is there

		}
		for _, sg := range *rep {
			if s := ys + sg.start; s <= to {
				w.add(s, sg.off)
			}
		}
		ys = next
	}
	return w.segs
}

// trimSegs returns zoneSegs(loc, from, to) given segs = zoneSegs(loc, a, b)
// with a <= from <= to <= b: the segment in force at from, restarted there,
// and the later ones that start at or before to.
func trimSegs(segs []zoneSeg, from, to int64) []zoneSeg {
	k := 0
	for k+1 < len(segs) && segs[k+1].start <= from {
		k++
	}
	e := k + 1
	for e < len(segs) && segs[e].start <= to {
		e++
	}
	out := make([]zoneSeg, 0, e-k)
	out = append(out, zoneSeg{from, segs[k].off})
	return append(out, segs[k+1:e]...)
}

func yearStart(y int) int64 { return time.Date(y, time.January, 1, 0, 0, 0, 0, time.UTC).Unix() }

// zoneSegsWalk is zoneSegs by walking alone: the general form.
func zoneSegsWalk(loc *time.Location, from, to int64) []zoneSeg {
	w := newZoneWalk(loc, from)
	w.run(to, false)
	return w.segs
}

// zoneWalk follows a zone's bounds (ZoneBounds) forward from an instant,
// listing the offsets it meets.
type zoneWalk struct {
	loc   *time.Location
	t     time.Time // where the walk stands
	segs  []zoneSeg
	steps int // lookups made, bounded by maxZoneSteps
	// jumpStalls: a stall (past the zone's table) jumps to the next UTC
	// year, where the general walk steps an hour at a time (see zoneSegs).
	jumpStalls bool
	hint       int // segments to make room for at the first change (0: grow as needed)
}

func newZoneWalk(loc *time.Location, from int64) *zoneWalk {
	var w zoneWalk
	w.restart(loc, from)
	return &w
}

// restart makes w a new walk from from, reusing its segments' room.
func (w *zoneWalk) restart(loc *time.Location, from int64) {
	t := time.Unix(from, 0).In(loc)
	_, off := t.Zone()
	*w = zoneWalk{loc: loc, t: t, segs: append(w.segs[:0], zoneSeg{from, int64(off)})}
}

// add appends a segment starting at s unless the offset is unchanged.
func (w *zoneWalk) add(s, off int64) {
	if off != w.segs[len(w.segs)-1].off {
		if len(w.segs) == 1 && w.hint > 1 { // the first change: the zone has changes
			w.segs = append(make([]zoneSeg, 0, w.hint), w.segs[0])
		}
		w.segs = append(w.segs, zoneSeg{s, off})
	}
}

// run walks to the first bound after to (or to the zone's end). With
// stopAtStall it returns true, standing at t, at the first end bound at or
// before t (the TZ rule's stalled year end; see zoneSegs).
func (w *zoneWalk) run(to int64, stopAtStall bool) bool {
	for ; w.steps < maxZoneSteps; w.steps++ {
		_, end := w.t.ZoneBounds()
		if end.IsZero() || end.Unix() > to {
			return false
		}
		if !end.After(w.t) {
			if stopAtStall {
				return true
			}
			if w.jumpStalls {
				w.t = time.Unix(yearStart(w.t.UTC().Year()+1), 0).In(w.loc)
				_, off := w.t.Zone()
				w.add(w.t.Unix(), int64(off))
				continue
			}
			// Past the last listed transition Go derives zones from the TZ
			// rule year by year and, in leap years, reports an end bound a
			// day early that does not move on. Step an hour, and find an
			// offset change inside the step by bisection.
			end = w.t.Add(time.Hour)
			if _, o := end.Zone(); int64(o) != w.segs[len(w.segs)-1].off {
				lo, hi := w.t.Unix(), end.Unix() // offset changes in (lo, hi]
				for hi-lo > 1 {
					m := lo + (hi-lo)/2
					if _, o := time.Unix(m, 0).In(w.loc).Zone(); int64(o) == w.segs[len(w.segs)-1].off {
						lo = m
					} else {
						hi = m
					}
				}
				end = time.Unix(hi, 0).In(w.loc)
			}
		}
		w.t = end
		_, off := w.t.Zone()
		w.add(w.t.Unix(), int64(off))
	}
	return false
}
