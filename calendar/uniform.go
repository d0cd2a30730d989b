package calendar

import (
	"slices"
	"time"

	"github.com/rickb777/date/v2"
)

// Business days that are all alike.
//
// Most calendars open every business day at the same wall-clock hours
// (Mon–Fri 07:30–22:00), close whole days for holidays, and change the
// zone's offset at night. Then every business day is open for the same
// time L, and the same time n business days after an instant t is the
// instant n·L of open time after t:
//
//   - let o be the first open instant at or after t, w its wall-clock time
//     and D its business day (its local date: no open stretch crosses a
//     midnight, so S(D) is D's midnight, sametime.go);
//   - the nth business day after D is open at the same intervals, with no
//     offset change among them, so the clock reads w exactly once there,
//     at an open instant u (no clamp);
//   - from o to u there is the rest of D's open time after w, n-1 whole
//     business days, and the open time of the nth before w: n·L, since both
//     days are open at the same intervals; and t to o is closed.
//
// When t is at or before D's first opening (o is D's first open instant),
// u is then the first open instant of the nth business day after D, and
// the earliest instant at n·L from t is the end of the (n-1)th: the end of
// day n of the counting rule, D being day 1, as SameTimeAfter asks.
//
// So sameTimeUniform needs one position and one search instead of locating
// t's business day on the index (about ten searches). The conditions,
// checked when the calendar is built (uniformDay):
//
//   - every weekday is either closed or open at the same intervals W;
//   - W lies strictly inside the day (after 00:00, before 24:00), so no
//     stretch crosses a midnight;
//   - every special day is closed or open at exactly W;
//   - no offset change of the zone over the horizon falls in or touches
//     W's hours: the wall-clock range it skips or repeats (on either date
//     it spans) ends before W's first opening or begins after its last
//     closing.
//
// Holidays close whole days and change nothing here. Outside the index's
// range the general code answers, as before.

// uniformDay returns L, the open time of every business day in seconds,
// when the calendar's business days are all alike (above); 0 otherwise.
func uniformDay(hours weekHours, special map[date.Date][]dayIv, segs []zoneSeg) int64 {
	var w []dayIv
	for _, ivs := range hours {
		switch {
		case len(ivs) == 0:
		case w == nil:
			w = ivs
		case !slices.Equal(ivs, w):
			return 0
		}
	}
	if len(w) == 0 || w[0].Start <= 0 || w[len(w)-1].End >= daySec {
		return 0
	}
	for _, ivs := range special {
		if len(ivs) > 0 && !slices.Equal(ivs, w) {
			return 0
		}
	}
	first, last := int64(w[0].Start), int64(w[len(w)-1].End)
	for i := 1; i < len(segs); i++ {
		s, a, b := segs[i].start, segs[i-1].off, segs[i].off
		lo, hi := s+min(a, b), s+max(a, b) // the wall-clock range skipped or repeated
		for _, m := range []int64{floorDiv(lo, daySec), floorDiv(hi, daySec)} {
			if lo-m*daySec <= last && hi-m*daySec >= first {
				return 0
			}
		}
	}
	var l int64
	for _, iv := range w {
		l += int64(iv.End - iv.Start)
	}
	return l
}

// SameTimeSpan returns the open time from t to SameTimeAfter(t, n), as
// Between measures it, and false when SameTimeAfter does. It is what a
// target of "n business days" allows a clock measured on the same
// calendar. When every business day is alike it is n days' open time,
// found with one position and no search.
func (c *Calendar) SameTimeSpan(t time.Time, n int) (time.Duration, bool) {
	if c != nil && c.dayLen > 0 && n >= 1 && n <= MaxBusinessDays {
		if ts := t.Unix(); onIndex(ts) {
			// The answer's position is below c.lastPos, so sameTimeUniform
			// answers (its answer is at most three weeks before the horizon's
			// end), and Between(t, u) is n·dayLen (both counted from t's
			// position, with t's nanoseconds on both sides).
			g, _ := c.tl.pos(ts)
			if d := int64(n) * c.dayLen; d < c.lastPos-g {
				return time.Duration(d) * time.Second, true
			}
		}
	}
	u, ok := c.SameTimeAfter(t, n)
	if !ok {
		return 0, false
	}
	return c.Between(t, u), true
}

// sameTimeUniform is SameTimeAfter for a calendar whose business days are
// all alike, open dayLen seconds each: the instant n·dayLen of open time
// after t, as sameTimeFast finds it (the earliest instant at that
// position, with t's nanoseconds when t is open). done is false when it
// does not apply (n < 1, or t or the answer outside the index's range).
func (c *Calendar) sameTimeUniform(t time.Time, n int) (u time.Time, done bool) {
	if c == nil || c.dayLen == 0 || n < 1 || n > MaxBusinessDays {
		return time.Time{}, false
	}
	ts := t.Unix()
	if !onIndex(ts) {
		return time.Time{}, false
	}
	g, open := c.tl.pos(ts)
	var ns int64
	if open {
		ns = int64(t.Nanosecond())
	}
	s, ok := c.tl.find(g+int64(n)*c.dayLen, ns > 0)
	if !ok || s > lastOnIndex {
		return time.Time{}, false
	}
	return time.Unix(s, ns).In(t.Location()), true
}
