package metric

import (
	"slices"
	"time"

	"github.com/slaeval/slaeval/calendar"
)

// span is a half-open interval used internally by interval-set arithmetic.
type span struct{ a, b time.Time }

// union sorts ss and merges overlapping or touching spans. It reuses ss.
func union(ss []span) []span {
	slices.SortFunc(ss, func(x, y span) int { return x.a.Compare(y.a) })
	out := ss[:0]
	for _, s := range ss {
		if !s.b.After(s.a) {
			continue
		}
		if n := len(out); n > 0 && !s.a.After(out[n-1].b) {
			if s.b.After(out[n-1].b) {
				out[n-1].b = s.b
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

// clip intersects disjoint sorted spans with [a, b).
func clip(ss []span, a, b time.Time) []span {
	var out []span
	for _, s := range ss {
		if s.a.Before(a) {
			s.a = a
		}
		if s.b.After(b) {
			s.b = b
		}
		if s.b.After(s.a) {
			out = append(out, s)
		}
	}
	return out
}

// subtract returns xs minus ys; both disjoint and sorted.
func subtract(xs, ys []span) []span {
	var out []span
	j := 0
	for _, x := range xs {
		cur := x
		for j < len(ys) && !ys[j].b.After(cur.a) {
			j++
		}
		k := j
		for k < len(ys) && ys[k].a.Before(cur.b) {
			y := ys[k]
			if y.a.After(cur.a) {
				out = append(out, span{cur.a, y.a})
			}
			if y.b.After(cur.a) {
				cur.a = y.b
			}
			if !cur.b.After(cur.a) {
				break
			}
			k++
		}
		if cur.b.After(cur.a) {
			out = append(out, cur)
		}
	}
	return out
}

// measure sums the business time of disjoint spans on cal.
func measure(cal *calendar.Calendar, ss []span) time.Duration {
	var d time.Duration
	for _, s := range ss {
		d += cal.Between(s.a, s.b)
	}
	return d
}
