package calendar

import (
	"fmt"
	"math/bits"
	"strings"
	"testing"

	"github.com/rickb777/date/v2"
	"pgregory.net/rapid"
)

// probeAndWalk builds c's index both ways.
func probeAndWalk(c *Calendar) (probe, walk *dayIndex) {
	build := func(f func(*dayIndex, *timeline, []zoneSeg)) *dayIndex {
		ix := &dayIndex{first: c.bd.first, n: c.bd.n, segs: c.bd.segs}
		ix.bits = make([]uint64, len(c.bd.bits))
		f(ix, c.tl, ix.segs)
		return ix
	}
	return build((*dayIndex).probeDays), build((*dayIndex).walkDays)
}

// TestDayIndexProbeMatchesWalk checks that probing each date (probeDays)
// and walking the stretches (walkDays) give the same index, on random
// calendars (prop_test.go's generator: DST zones, overnight
// intervals, holidays and special days near transitions), unions and
// intersections of two of them, and many intervals a day.
func TestDayIndexProbeMatchesWalk(t *testing.T) {
	same := func(t interface{ Fatalf(string, ...any) }, c *Calendar, what string) {
		if c.tl == nil {
			return // open all the time: neither is used
		}
		got, want := probeAndWalk(c)
		for w := range want.bits {
			if got.bits[w] != want.bits[w] {
				x := got.bits[w] ^ want.bits[w]
				d := want.first + date.Date(w*64+bits.TrailingZeros64(x))
				t.Fatalf("%s: probe says %v is a business day: %v, want %v (walk)", what, d, got.has(d), want.has(d))
			}
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		a, _, _ := genCase(t)
		same(t, a, "calendar "+a.String())
		if rapid.Bool().Draw(t, "combine") {
			b, _, _ := genCase(t)
			same(t, Union(a, b), "union")
			same(t, Intersection(a, b), "intersection")
		}
	})
	lon := mustLoad(t, "Europe/London")
	ivs := dayOfIntervals(MaxDayIntervals)
	ivs[len(ivs)-1] = "23:11-00:02" // into the next day, which opens at 00:05
	many := MustParse("Mon-Fri "+strings.Join(ivs, ","), lon)
	same(t, many, "100 intervals a day")
	same(t, MustParse("Sat-Sun 22:00-06:00", lon), "overnight weekends")
	same(t, MustParse("24/7", lon, Holidays(date.New(2026, 3, 29))), "24/7 with a holiday on a DST day")
}

// BenchmarkDayIndex compares the two ways to build the business-day index
// on a calendar with n intervals every day in a DST zone: walking every
// span of the horizon grows with n, probing each date does not.
func BenchmarkDayIndex(b *testing.B) {
	lon := mustLoad(b, "Europe/London")
	for _, n := range []int{2, 8, MaxDayIntervals} {
		c := MustParse("Mon-Sun "+strings.Join(dayOfIntervals(n), ","), lon)
		for _, how := range []string{"walk", "probe"} {
			b.Run(fmt.Sprintf("intervals=%d/%s", n, how), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					ix := &dayIndex{first: c.bd.first, n: c.bd.n, segs: c.bd.segs, bits: make([]uint64, len(c.bd.bits))}
					if how == "walk" {
						ix.walkDays(c.tl, ix.segs)
					} else {
						ix.probeDays(c.tl, ix.segs)
					}
				}
			})
		}
	}
}
