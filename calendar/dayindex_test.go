package calendar

import (
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"pgregory.net/rapid"
)

// probeAndWalk builds c's index three ways: probing, walking every week
// and walking with uniform weeks skipped (what newDayIndex does).
func probeAndWalk(c *Calendar) (probe, walk, skip, weeks *dayIndex) {
	build := func(f func(*dayIndex, *timeline, []zoneSeg)) *dayIndex {
		ix := &dayIndex{first: c.bd.first, n: c.bd.n, segs: c.bd.segs}
		ix.bits = make([]uint64, len(c.bd.bits))
		f(ix, c.tl, ix.segs)
		return ix
	}
	walkAll := func(ix *dayIndex, tl *timeline, segs []zoneSeg) { ix.walkDays(tl, segs, false) }
	walkSkip := func(ix *dayIndex, tl *timeline, segs []zoneSeg) { ix.walkDays(tl, segs, true) }
	byWeeks := func(ix *dayIndex, tl *timeline, segs []zoneSeg) {
		if !ix.weekDays(tl, segs) { // an offset of a day or more: the walk then
			ix.walkDays(tl, segs, false)
		}
	}
	return build((*dayIndex).probeDays), build(walkAll), build(walkSkip), build(byWeeks)
}

// TestDayIndexProbeMatchesWalk checks that probing each date (probeDays),
// walking the stretches of every week (walkDays without skip), walking
// with the insides of uniform stretches of weeks filled by periodicity
// (walkDays with skip, weekSkip) and deciding week by week from each
// week's neighbourhood (weekDays) give the same index, on random
// calendars (prop_test.go's generator: DST zones, overnight
// intervals, holidays and special days near transitions), unions and
// intersections of two of them, and many intervals a day.
func TestDayIndexProbeMatchesWalk(t *testing.T) {
	same := func(t interface{ Fatalf(string, ...any) }, c *Calendar, what string) {
		if c.tl == nil {
			return // open all the time: neither is used
		}
		probe, want, skip, weeks := probeAndWalk(c)
		for _, g := range []struct {
			how string
			ix  *dayIndex
		}{{"probe", probe}, {"walk with skips", skip}, {"week by week", weeks}} {
			for w := range want.bits {
				if x := g.ix.bits[w] ^ want.bits[w]; x != 0 {
					d := want.first + date.Date(w*64+bits.TrailingZeros64(x))
					t.Fatalf("%s: %s says %v is a business day: %v, want %v (walk)", what, g.how, d, g.ix.has(d), want.has(d))
				}
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
	for _, c := range setCalendars(t) {
		same(t, c.cal, c.name)
	}
}

// TestFillPeriodic checks the word-at-a-time fillPeriodic against setting
// bit i to bit i-7 one bit at a time, in increasing i.
func TestFillPeriodic(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		words := rapid.IntRange(1, 5).Draw(t, "words")
		got := &dayIndex{bits: rapid.SliceOfN(rapid.Uint64(), words, words).Draw(t, "bits"), n: words * 64}
		want := &dayIndex{bits: slices.Clone(got.bits), n: got.n}
		i0 := rapid.IntRange(7, got.n).Draw(t, "i0")
		i1 := rapid.IntRange(i0, got.n).Draw(t, "i1")
		for i := i0; i < i1; i++ {
			want.bits[i>>6] &^= 1 << (i & 63)
			want.bits[i>>6] |= (want.bits[(i-7)>>6] >> ((i - 7) & 63) & 1) << (i & 63)
		}
		got.fillPeriodic(i0, i1)
		if !slices.Equal(got.bits, want.bits) {
			t.Fatalf("fillPeriodic(%d, %d) = %x, want %x", i0, i1, got.bits, want.bits)
		}
	})
}

// BenchmarkDayIndex compares the two ways to build the business-day index
// on a calendar with n intervals every day in a DST zone: walking every
// span of the horizon grows with n, probing each date does not.
func BenchmarkDayIndex(b *testing.B) {
	lon := mustLoad(b, "Europe/London")
	for _, n := range []int{2, 8, MaxDayIntervals} {
		c := MustParse("Mon-Sun "+strings.Join(dayOfIntervals(n), ","), lon)
		for _, how := range []string{"walk", "walk-skip", "probe"} {
			b.Run(fmt.Sprintf("intervals=%d/%s", n, how), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					ix := &dayIndex{first: c.bd.first, n: c.bd.n, segs: c.bd.segs, bits: make([]uint64, len(c.bd.bits))}
					if how != "probe" {
						ix.walkDays(c.tl, ix.segs, how == "walk-skip")
					} else {
						ix.probeDays(c.tl, ix.segs)
					}
				}
			})
		}
	}
}

// TestWeekDaysOffsetsNearWeekStarts checks weekDays against probeDays on
// made-up zones whose offsets change close to the starts of weeks, where
// weekDays's test for one offset in force around a week (between maxOff
// before it and minOff before its end) decides which midnights it may
// take as the wall midnight minus the offset: random calendars (the
// timeline need not match the zone: both read the same midnights), and
// offsets of up to a day either way changing within two days of a week
// start, and a case by hand where a Monday begins before its week.
func TestWeekDaysOffsetsNearWeekStarts(t *testing.T) {
	same := func(t interface{ Fatalf(string, ...any) }, c *Calendar, segs []zoneSeg) {
		want := &dayIndex{first: c.bd.first, n: c.bd.n, segs: segs, bits: make([]uint64, len(c.bd.bits))}
		want.probeDays(c.tl, segs)
		got := &dayIndex{first: c.bd.first, n: c.bd.n, segs: segs, bits: make([]uint64, len(c.bd.bits))}
		if !got.weekDays(c.tl, segs) {
			t.Fatalf("weekDays refused offsets within a day: %v", segs)
		}
		for i := range want.bits {
			if x := got.bits[i] ^ want.bits[i]; x != 0 {
				d := want.first + date.Date(i*64+bits.TrailingZeros64(x))
				t.Fatalf("zone %v: weekDays says %v is a business day: %v, want %v (probe)", segs, d, got.has(d), want.has(d))
			}
		}
	}
	// By hand: +12:00 until an hour before week 100 starts, then +00:00.
	// Week 100's Monday begins at the first instant its wall clock reads
	// 00:00, under +12:00, 12 h before the week (boundary's rule), so the
	// open hour 11 h before the week starts in it: a business day, though
	// nothing opens on the Monday after the week starts.
	ws := horizonStart + 100*weekSec
	same(t, MustParse("Sun 13:00-14:00", time.UTC), []zoneSeg{{horizonStart, 12 * 3600}, {ws - 3600, 0}})
	rapid.Check(t, func(t *rapid.T) {
		c, _, _ := genCase(t)
		if c.tl == nil {
			return
		}
		drawOff := rapid.Int64Range(-95, 95) // quarter hours: less than a day
		segs := []zoneSeg{{horizonStart, drawOff.Draw(t, "off0") * 900}}
		w := int64(0)
		for range rapid.IntRange(1, 12).Draw(t, "changes") {
			w += rapid.Int64Range(1, 3000).Draw(t, "weeks")
			start := horizonStart + w*weekSec + rapid.Int64Range(-2*daySec, 2*daySec).Draw(t, "near")
			off := drawOff.Draw(t, "off") * 900
			if start <= segs[len(segs)-1].start || start >= horizonEnd || off == segs[len(segs)-1].off {
				continue
			}
			segs = append(segs, zoneSeg{start, off})
		}
		same(t, c, segs)
	})
}
