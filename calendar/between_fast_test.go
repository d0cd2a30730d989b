package calendar

import (
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"pgregory.net/rapid"
)

// betweenTwoPos is Between as it was before between_fast.go: the open time
// before each instant's second from its own pos call, and the nanoseconds
// of whichever instant is in an open second. The fast path must give the
// same answer, bit for bit.
func betweenTwoPos(c *Calendar, from, to time.Time) time.Duration {
	if c.always() {
		return to.Round(0).Sub(from.Round(0))
	}
	ga, oa := c.tl.pos(from.Unix())
	gb, ob := c.tl.pos(to.Unix())
	var ns int64
	if ob {
		ns += int64(to.Nanosecond())
	}
	if oa {
		ns -= int64(from.Nanosecond())
	}
	return satDuration(gb-ga, ns)
}

// edgeSecs are Unix seconds where the fast path hands over to pos or where
// week arithmetic could slip: the horizon's and the clamp range's ends, the
// first and last week boundaries of the horizon, and the extremes.
var edgeSecs = func() []int64 {
	var out []int64
	for _, s := range []int64{horizonStart, horizonStart + weekSec, horizonEnd - weekSec, horizonEnd, minSec, maxSec} {
		out = append(out, s-weekSec, s-1, s, s+1)
	}
	return append(out, math.MinInt64, math.MinInt64+1, math.MaxInt64, math.MaxInt64-1,
		math.MaxInt64+horizonStart, math.MaxInt64+horizonStart+1, // s-horizonStart is MaxInt64, then wraps
		0, -62135596800 /* 0001-01-01 */, 253402300799 /* 9999-12-31T23:59:59Z */)
}()

// genDenseCase draws a calendar with the same intervals every day of the
// week, two to five of them, so that a week has up to 36 spans, mostly
// more than linearSpans: the span search bisects.
func genDenseCase(t *rapid.T) (*Calendar, time.Time) {
	loc, err := time.LoadLocation(rapid.SampledFrom(propZones).Draw(t, "denseZone"))
	if err != nil {
		t.Fatal(err)
	}
	n := 2 * rapid.IntRange(2, 5).Draw(t, "denseIntervals")
	pts := rapid.SliceOfNDistinct(rapid.IntRange(0, 96), n, n, func(i int) int { return i }).Draw(t, "densePoints")
	slicesSort(pts)
	if rapid.Bool().Draw(t, "denseMidnight") {
		// Open from midnight in UTC: open across the timeline's week
		// boundaries (Monday 00:00 UTC).
		loc, pts[0] = time.UTC, 0
	}
	var ivs []string
	for i := 0; i < n; i += 2 {
		ivs = append(ivs, q(pts[i])+"-"+q(pts[i+1]))
	}
	spec := "Mon-Sun " + strings.Join(ivs, ",")
	c, err := Parse(spec, loc)
	if err != nil {
		t.Fatalf("Parse(%q): %v", spec, err)
	}
	base := time.Unix(rapid.Int64Range(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC).Unix()).Draw(t, "denseBase"), 0)
	return c, base
}

// genBetweenCase draws a calendar and a base instant: mostly genCase's
// (with its reference, and base often next to a DST change), otherwise a
// union or intersection of two, a dense calendar, the office calendar of
// the benchmark, or one that is always or never open (ref is nil then).
func genBetweenCase(t *rapid.T) (*Calendar, *refCal, time.Time) {
	switch rapid.IntRange(0, 10).Draw(t, "calKind") {
	case 0:
		c1, _, base := genCase(t)
		c2, _, _ := genCaseAt(t, base)
		if rapid.Bool().Draw(t, "union") {
			return Union(c1, c2), nil, base
		}
		return Intersection(c1, c2), nil, base
	case 1:
		c, base := genDenseCase(t)
		return c, nil, base
	case 2:
		base := time.Unix(rapid.Int64Range(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC).Unix()).Draw(t, "officeBase"), 0)
		return officeCal(), nil, base
	case 3:
		base := time.Date(2024, 3, 31, 0, 59, 0, 0, time.UTC)
		return rapid.SampledFrom([]*Calendar{nil, {}, MustParse("24/7", time.UTC), Union()}).Draw(t, "special"), nil, base
	case 4: // open all the time but on a few holidays: open across week boundaries
		c, _, base := genCase(t)
		var hs []date.Date
		for range rapid.IntRange(1, 3).Draw(t, "allDayHolidays") {
			hs = append(hs, date.NewAt(base)+date.Date(rapid.IntRange(-3, 12).Draw(t, "allDayHoliday")))
		}
		c, err := Parse("24/7", c.Location(), Holidays(hs...))
		if err != nil {
			t.Fatal(err)
		}
		return c, nil, base
	}
	return genCase(t)
}

// officeCal is the calendar of BenchmarkBetweenLondon, built once.
var officeCal = sync.OnceValue(func() *Calendar {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic(err)
	}
	return MustParse("Mon-Fri 07:30-22:00", loc, HolidaySets("GB-ENG"))
})

// genNs sometimes gives t nanoseconds.
func genNs(t *rapid.T, u time.Time, label string) time.Time {
	if rapid.Bool().Draw(t, label+"HasNs") {
		return u.Add(time.Duration(rapid.Int64Range(0, 1e9-1).Draw(t, label+"Ns")))
	}
	return u
}

// spanEdge draws an instant at the start or end of an open span of c in
// the week of u or the one after, or a second either side of it (u itself
// when c has no timeline or u is outside the clamp range). Instants there
// tell an open second from a closed one.
func spanEdge(t *rapid.T, c *Calendar, u time.Time, label string) time.Time {
	s := u.Unix()
	if c.always() || s < minSec || s > maxSec {
		return u
	}
	w, _ := split(s)
	w += int64(rapid.IntRange(0, 1).Draw(t, label+"SpanWeek"))
	_, p := c.tl.week(w)
	pt := c.tl.pats[p]
	if pt.hi == pt.lo {
		return u
	}
	sp := c.tl.spans[rapid.IntRange(int(pt.lo), int(pt.hi)-1).Draw(t, label+"Span")]
	off := sp.start
	if rapid.Bool().Draw(t, label+"SpanEnd") {
		off = sp.end
	}
	return time.Unix(horizonStart+w*weekSec+int64(off)+int64(rapid.IntRange(-1, 1).Draw(t, label+"SpanSide")), 0)
}

// genBetweenPair draws from near base, and to in the same day as it, the
// same week, an adjacent week, years away, on an edge of the horizon or of
// the clamp range, on a week boundary, at the edge of an open span, or
// equal to it; from may instead be such an edge or carry a monotonic clock
// reading; either may have nanoseconds.
func genBetweenPair(t *rapid.T, c *Calendar, base time.Time) (from, to time.Time) {
	edge := func(label string) time.Time {
		return time.Unix(rapid.SampledFrom(edgeSecs).Draw(t, label+"Edge"), rapid.Int64Range(0, 1e9-1).Draw(t, label+"EdgeNs"))
	}
	from = genInstant(t, base, "from")
	switch rapid.IntRange(0, 9).Draw(t, "fromCase") {
	case 0:
		from = edge("from")
	case 1: // a monotonic clock reading, which Between ignores
		from = time.Now().Add(time.Duration(rapid.Int64Range(-1e6, 1e6).Draw(t, "fromNow")) * time.Second)
	case 2, 3:
		from = spanEdge(t, c, from, "from")
	}
	from = genNs(t, from, "from")
	sec := func(lo, hi int64, label string) time.Duration {
		return time.Duration(rapid.Int64Range(lo, hi).Draw(t, label)) * time.Second
	}
	switch rapid.IntRange(0, 10).Draw(t, "toCase") {
	case 0, 1: // the same day, mostly
		to = from.Add(sec(-24*3600, 24*3600, "sameDay"))
	case 2, 3: // the same week, mostly
		to = from.Add(sec(-7*86400, 7*86400, "sameWeek"))
	case 4: // an adjacent week or the one after
		to = from.Add(sec(7*86400, 21*86400, "nextWeeks") * time.Duration(1-2*rapid.IntRange(0, 1).Draw(t, "back")))
	case 5: // years apart, possibly past the horizon
		to = from.AddDate(rapid.IntRange(-250, 250).Draw(t, "years"), 0, rapid.IntRange(-400, 400).Draw(t, "days"))
	case 6:
		to = edge("to")
	case 7:
		to = from
	case 8: // to exactly on a week boundary of the horizon near from
		w := floorDiv(from.Unix()-horizonStart, weekSec) + int64(rapid.IntRange(-1, 2).Draw(t, "boundary"))
		to = time.Unix(horizonStart+w*weekSec+int64(rapid.IntRange(-1, 1).Draw(t, "boundaryOff")), 0)
	case 9:
		to = spanEdge(t, c, from, "to")
	default:
		to = genInstant(t, base, "to")
	}
	return from, genNs(t, to, "to")
}

// TestPropBetweenFastMatchesTwoPos checks that Between, which computes both
// positions at once, answers exactly what two pos calls do, for instants in
// the same day, the same week, adjacent weeks, years apart, across DST
// changes, outside the horizon and the clamp range, and with nanoseconds
// and monotonic readings; and, where the generated calendar has a
// reference, what the brute-force sum over its open intervals gives.
func TestPropBetweenFastMatchesTwoPos(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c, ref, base := genBetweenCase(t)
		from, to := genBetweenPair(t, c, base)
		got, want := c.Between(from, to), betweenTwoPos(c, from, to)
		if got != want {
			t.Fatalf("%v: Between(%v, %v) = %v, two pos calls give %v", c, from, to, got, want)
		}
		if back, want := c.Between(to, from), betweenTwoPos(c, to, from); back != want {
			t.Fatalf("%v: Between(%v, %v) = %v, two pos calls give %v", c, to, from, back, want)
		}
		// The brute-force reference covers the local dates around base.
		lo, hi := base.AddDate(0, 0, -1), base.AddDate(0, 0, 11)
		if ref != nil && !from.Before(lo) && from.Before(hi) && !to.Before(lo) && to.Before(hi) {
			if want := refBetween(ref.intervals(lo, base.AddDate(0, 0, 12)), from, to); got != want {
				t.Fatalf("%v: Between(%v, %v) = %v, the open intervals sum to %v", c, from, to, got, want)
			}
		}
	})
}

// TestBetweenFastEdges pins Between at the places where the fast path
// starts or stops applying, against the two-pos formula, and a few values
// derived by hand on the office calendar of the benchmark.
func TestBetweenFastEdges(t *testing.T) {
	office := officeCal()
	lon := office.Location()
	for _, tc := range []struct {
		name     string
		from, to time.Time
		want     time.Duration
	}{
		{"same span, with nanoseconds", time.Date(2024, 3, 12, 9, 15, 30, 500_000_000, lon), time.Date(2024, 3, 12, 14, 40, 10, 250_000_000, lon),
			5*time.Hour + 24*time.Minute + 39*time.Second + 750*time.Millisecond},
		{"backwards", time.Date(2024, 3, 12, 14, 40, 10, 0, lon), time.Date(2024, 3, 12, 9, 15, 30, 0, lon),
			-(5*time.Hour + 24*time.Minute + 40*time.Second)},
		{"closed to closed, Tuesday night to Thursday morning", time.Date(2024, 7, 9, 23, 0, 0, 123, lon), time.Date(2024, 7, 11, 6, 0, 0, 456, lon),
			14*time.Hour + 30*time.Minute},
		// Thursday 21:00-22:00 GMT; Good Friday and Easter Monday are bank
		// holidays; clocks go forward on Sunday 31 March; Tuesday
		// 07:30-08:00 BST. Crosses a UTC week boundary and two runs.
		{"Easter, across weeks and DST", time.Date(2024, 3, 28, 21, 0, 0, 0, lon), time.Date(2024, 4, 2, 8, 0, 0, 0, lon),
			90 * time.Minute},
		{"equal instants", time.Date(2024, 3, 12, 9, 15, 30, 7, lon), time.Date(2024, 3, 12, 9, 15, 30, 7, lon), 0},
		{"into an open second from a closed one", time.Date(2024, 3, 12, 7, 29, 59, 999_999_999, lon), time.Date(2024, 3, 12, 7, 30, 0, 1, lon), 1},
	} {
		if got := office.Between(tc.from, tc.to); got != tc.want {
			t.Errorf("%s: Between(%v, %v) = %v, want %v", tc.name, tc.from, tc.to, got, tc.want)
		}
		if got, want := office.Between(tc.from, tc.to), betweenTwoPos(office, tc.from, tc.to); got != want {
			t.Errorf("%s: Between(%v, %v) = %v, two pos calls give %v", tc.name, tc.from, tc.to, got, want)
		}
	}

	dense := mustCal(t, "Mon-Sun 00:15-01:00,03:00-05:30,09:00-12:00,13:00-17:00,20:00-24:00", "America/New_York")
	// Open across the timeline's week boundaries, Monday 00:00 UTC.
	midnight := mustCal(t, "Mon-Sun 00:00-01:00,09:00-17:00,23:00-24:00", "UTC")
	holidays := mustCal(t, "24/7", "Europe/London", HolidaySets("GB-ENG"))
	cals := []*Calendar{office, dense, midnight, holidays, Union(office, dense), Intersection(office, dense), Union(), nil, {}}
	now := time.Now() // with a monotonic reading
	instants := []time.Time{now, now.Add(3 * time.Hour), now.Add(-200 * time.Hour), now.Round(0)}
	for _, s := range edgeSecs {
		instants = append(instants, time.Unix(s, 0), time.Unix(s, 999_999_999))
	}
	// A week boundary of the timeline (Monday 2024-03-11 00:00 UTC), the
	// edges of the office hours that week (07:30 and 22:00 GMT), and
	// instants between them, with and without nanoseconds.
	monday := time.Date(2024, 3, 11, 0, 0, 0, 0, time.UTC)
	if (monday.Unix()-horizonStart)%weekSec != 0 {
		t.Fatalf("%v is not a week boundary of the timeline", monday)
	}
	for _, u := range []time.Time{
		monday, monday.Add(-3 * time.Hour), monday.Add(3 * time.Hour), monday.AddDate(0, 0, 7),
		monday.Add(7*time.Hour + 30*time.Minute), monday.Add(22 * time.Hour), monday.Add(24*time.Hour + 22*time.Hour),
	} {
		for _, d := range []time.Duration{-time.Second, 0, time.Second} {
			instants = append(instants, u.Add(d), u.Add(d+999_999_999))
		}
	}
	for _, c := range cals {
		for _, a := range instants {
			for _, b := range instants {
				if got, want := c.Between(a, b), betweenTwoPos(c, a, b); got != want {
					t.Errorf("%v: Between(%v (%d), %v (%d)) = %v, two pos calls give %v", c, a, a.Unix(), b, b.Unix(), got, want)
				}
			}
		}
	}
}

// TestBetweenFastSpanCounts checks that the calendars the tests use
// exercise both span searches: weeks with at most linearSpans spans
// (scanned one by one) and with more (bisected).
func TestBetweenFastSpanCounts(t *testing.T) {
	w, _ := split(time.Date(2024, 3, 12, 12, 0, 0, 0, time.UTC).Unix())
	for _, tc := range []struct {
		c      *Calendar
		spans  int
		linear bool
	}{
		{officeCal(), 5, true},
		{mustCal(t, "Mon-Sun 00:15-01:00,03:00-05:30,09:00-12:00,13:00-17:00,20:00-24:00", "UTC"), 35, false},
	} {
		_, p := tc.c.tl.week(w)
		pt := tc.c.tl.pats[p]
		if n := int(pt.hi - pt.lo); n != tc.spans || (n <= linearSpans) != tc.linear {
			t.Errorf("%v: %d spans in a week (linearSpans %d), want %d, scanned one by one: %v", tc.c, n, linearSpans, tc.spans, tc.linear)
		}
	}
}
