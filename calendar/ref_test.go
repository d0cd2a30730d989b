package calendar

// A slow, obviously-correct reference: the open intervals are generated date
// by date straight from the definition, and each boundary is found by walking
// minute by minute until the local wall clock first reads the boundary time
// or later. Everything else is arithmetic on those intervals. Test calendars
// use whole-minute boundaries, and all zone transitions fall on whole
// minutes, so minute steps find the exact boundary.

import (
	"slices"
	"time"

	"github.com/rickb777/date/v2"
)

type refIv struct{ start, end int64 } // Unix seconds, half-open

// refCal is a calendar described by its definition only.
type refCal struct {
	loc      *time.Location
	days     [7][][2]int64 // Monday first: start, end seconds after midnight (end may pass 86400)
	holidays map[date.Date]bool
	special  map[date.Date][][2]int64
}

// refBoundary walks minute by minute to the first instant whose wall clock
// reads the given date and second of day or later.
func refBoundary(loc *time.Location, y int, m time.Month, d int, sec int64) int64 {
	target := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() + sec // wall clock as if UTC
	u := target - 16*3600
	for {
		_, off := time.Unix(u, 0).In(loc).Zone()
		if u+int64(off) >= target {
			return u
		}
		u += 60
	}
}

// intervals lists the open intervals that start on local dates from-2 days
// to to+2 days (generous), merged.
func (r *refCal) intervals(from, to time.Time) []refIv {
	var out []refIv
	d0 := from.In(r.loc).AddDate(0, 0, -3)
	d1 := to.In(r.loc).AddDate(0, 0, 2)
	for day := time.Date(d0.Year(), d0.Month(), d0.Day(), 12, 0, 0, 0, time.UTC); !day.After(time.Date(d1.Year(), d1.Month(), d1.Day(), 12, 0, 0, 0, time.UTC)); day = day.AddDate(0, 0, 1) {
		dd := date.New(day.Year(), day.Month(), day.Day())
		ivs := r.days[(int(day.Weekday())+6)%7]
		if sp, ok := r.special[dd]; ok {
			ivs = sp
		} else if r.holidays[dd] {
			ivs = nil
		}
		for _, iv := range ivs {
			s := refBoundary(r.loc, day.Year(), day.Month(), day.Day(), iv[0])
			e := refBoundary(r.loc, day.Year(), day.Month(), day.Day(), iv[1])
			if s < e {
				out = append(out, refIv{s, e})
			}
		}
	}
	return refMerge(out)
}

func refMerge(ivs []refIv) []refIv {
	slices.SortFunc(ivs, func(a, b refIv) int { return int(a.start - b.start) })
	var out []refIv
	for _, iv := range ivs {
		if n := len(out); n > 0 && iv.start <= out[n-1].end {
			out[n-1].end = max(out[n-1].end, iv.end)
			continue
		}
		out = append(out, iv)
	}
	return out
}

// refIntersect intersects two merged interval lists.
func refIntersect(a, b []refIv) []refIv {
	var out []refIv
	for _, x := range a {
		for _, y := range b {
			if s, e := max(x.start, y.start), min(x.end, y.end); s < e {
				out = append(out, refIv{s, e})
			}
		}
	}
	return refMerge(out)
}

// refBetween sums the overlap of [a, b) with ivs, to the nanosecond.
func refBetween(ivs []refIv, a, b time.Time) time.Duration {
	neg := false
	if b.Before(a) {
		a, b, neg = b, a, true
	}
	var sum time.Duration
	for _, iv := range ivs {
		s := time.Unix(iv.start, 0)
		e := time.Unix(iv.end, 0)
		if a.After(s) {
			s = a
		}
		if b.Before(e) {
			e = b
		}
		if s.Before(e) {
			sum += e.Sub(s)
		}
	}
	if neg {
		return -sum
	}
	return sum
}

func refOpen(ivs []refIv, t time.Time) bool {
	for _, iv := range ivs {
		if !t.Before(time.Unix(iv.start, 0)) && t.Before(time.Unix(iv.end, 0)) {
			return true
		}
	}
	return false
}

// refNextOpen and refNextClose assume ivs covers well past t.
func refNextOpen(ivs []refIv, t time.Time) (time.Time, bool) {
	if refOpen(ivs, t) {
		return t, true
	}
	for _, iv := range ivs {
		if s := time.Unix(iv.start, 0); s.After(t) {
			return s, true
		}
	}
	return time.Time{}, false
}

func refNextClose(ivs []refIv, t time.Time) (time.Time, bool) {
	o, ok := refNextOpen(ivs, t)
	if !ok {
		return time.Time{}, false
	}
	for _, iv := range ivs {
		if e := time.Unix(iv.end, 0); e.After(o) {
			return e, true
		}
	}
	return time.Time{}, false
}
