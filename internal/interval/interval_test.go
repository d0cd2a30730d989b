package interval

import (
	"testing"
	"time"

	"pgregory.net/rapid"
)

// The reference: a set of spans on a small grid of minutes is the set of
// minutes it covers (spans here start and end on whole minutes), so union,
// clip and subtract are plain set operations on booleans.

const gridMinutes = 60

var origin = time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC)

func at(m int) time.Time { return origin.Add(time.Duration(m) * time.Minute) }

func cover(ss []Span) [gridMinutes]bool {
	var g [gridMinutes]bool
	for _, s := range ss {
		for m := range gridMinutes {
			if t := at(m); !t.Before(s.Start) && t.Before(s.End) {
				g[m] = true
			}
		}
	}
	return g
}

func genSpans(t *rapid.T, label string) []Span {
	n := rapid.IntRange(0, 6).Draw(t, label+"N")
	ss := make([]Span, n)
	for i := range ss {
		a := rapid.IntRange(0, gridMinutes).Draw(t, label+"A")
		b := rapid.IntRange(0, gridMinutes).Draw(t, label+"B") // may be empty or inverted
		ss[i] = Span{at(a), at(b)}
	}
	return ss
}

// wellFormed: non-empty, sorted, disjoint and not touching (Union's promise),
// or at least non-empty, sorted and disjoint (Clip's and Subtract's).
func wellFormed(t *rapid.T, name string, ss []Span, gapsRequired bool) {
	for i, s := range ss {
		if s.Empty() {
			t.Fatalf("%s: span %d %v is empty", name, i, s)
		}
		if i > 0 {
			prev := ss[i-1]
			if s.Start.Before(prev.End) || (gapsRequired && s.Start.Equal(prev.End)) {
				t.Fatalf("%s: spans %d and %d overlap or touch: %v, %v", name, i-1, i, prev, s)
			}
		}
	}
}

func TestPropUnionClipSubtract(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		xs, ys := genSpans(t, "x"), genSpans(t, "y")
		wantX, wantY := cover(xs), cover(ys)

		ux := Union(append([]Span(nil), xs...))
		wellFormed(t, "Union(xs)", ux, true)
		if got := cover(ux); got != wantX {
			t.Fatalf("Union(%v) covers %v, want %v", xs, got, wantX)
		}
		uy := Union(append([]Span(nil), ys...))

		a, b := rapid.IntRange(0, gridMinutes).Draw(t, "clipA"), rapid.IntRange(0, gridMinutes).Draw(t, "clipB")
		cl := Clip(ux, at(a), at(b))
		wellFormed(t, "Clip", cl, true)
		var wantClip [gridMinutes]bool
		for m := range gridMinutes {
			wantClip[m] = wantX[m] && m >= a && m < b
		}
		if got := cover(cl); got != wantClip {
			t.Fatalf("Clip(%v, %d, %d) covers %v, want %v", ux, a, b, got, wantClip)
		}

		sub := Subtract(ux, uy)
		wellFormed(t, "Subtract", sub, false)
		var wantSub [gridMinutes]bool
		for m := range gridMinutes {
			wantSub[m] = wantX[m] && !wantY[m]
		}
		if got := cover(sub); got != wantSub {
			t.Fatalf("Subtract(%v, %v) covers %v, want %v", ux, uy, got, wantSub)
		}
	})
}

func TestUnionTouching(t *testing.T) {
	// [0,10) and [10,20) touch: one span [0,20). [30,30) is empty: dropped.
	got := Union([]Span{{at(10), at(20)}, {at(30), at(30)}, {at(0), at(10)}})
	if len(got) != 1 || !got[0].Start.Equal(at(0)) || !got[0].End.Equal(at(20)) {
		t.Errorf("Union(touching) = %v, want [{%v %v}]", got, at(0), at(20))
	}
}
