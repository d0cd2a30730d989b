// Package interval is set arithmetic on half-open time intervals, shared by
// the calendar (merging pauses) and metric (downtime, exclusions) packages.
// It is not API.
package interval

import (
	"slices"
	"time"
)

// Span is the half-open interval [Start, End). A span whose End is not
// after its Start is empty. The zero Span is empty.
type Span struct{ Start, End time.Time }

// Empty reports whether s contains no instant.
func (s Span) Empty() bool { return !s.End.After(s.Start) }

// Union sorts ss by start, drops empty spans and merges spans that overlap
// or touch, returning disjoint spans in order with gaps between them. It
// reuses (and reorders) the backing array of ss.
func Union(ss []Span) []Span {
	slices.SortFunc(ss, func(x, y Span) int { return x.Start.Compare(y.Start) })
	out := ss[:0]
	for _, s := range ss {
		if s.Empty() {
			continue
		}
		if n := len(out); n > 0 && !s.Start.After(out[n-1].End) {
			if s.End.After(out[n-1].End) {
				out[n-1].End = s.End
			}
			continue
		}
		out = append(out, s)
	}
	return out
}

// Clip intersects each of the disjoint, sorted spans ss with [a, b) and
// returns the non-empty results, in order, in a new slice.
func Clip(ss []Span, a, b time.Time) []Span {
	var out []Span
	for _, s := range ss {
		if s.Start.Before(a) {
			s.Start = a
		}
		if s.End.After(b) {
			s.End = b
		}
		if !s.Empty() {
			out = append(out, s)
		}
	}
	return out
}

// Subtract returns the instants of xs that are in no span of ys, as
// disjoint sorted spans in a new slice. Both xs and ys must be disjoint and
// sorted (as Union returns them).
func Subtract(xs, ys []Span) []Span {
	var out []Span
	j := 0
	for _, x := range xs {
		cur := x
		for j < len(ys) && !ys[j].End.After(cur.Start) {
			j++
		}
		for k := j; k < len(ys) && ys[k].Start.Before(cur.End); k++ {
			y := ys[k]
			if y.Start.After(cur.Start) {
				out = append(out, Span{Start: cur.Start, End: y.Start})
			}
			if y.End.After(cur.Start) {
				cur.Start = y.End
			}
			if cur.Empty() {
				break
			}
		}
		if !cur.Empty() {
			out = append(out, cur)
		}
	}
	return out
}
