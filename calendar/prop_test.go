package calendar

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"pgregory.net/rapid"
)

var propZones = []string{
	"UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Pacific/Apia",
	"Asia/Kolkata", "America/St_Johns", "Europe/London", "Pacific/Chatham", "America/Sao_Paulo",
}

func mustLoad(tb testing.TB, name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		tb.Fatal(err)
	}
	return loc
}

// genCase draws a zone, a base instant near one of its transitions (or
// anywhere in 2000-2040), weekly hours on a 15-minute grid with boundaries
// clustered around the transition's wall-clock time (so boundaries fall in
// gaps and repeated hours), overnight intervals included, and holidays and
// special days near base. It returns the calendar built by Parse, the
// reference built from the same definition, and base.
func genCase(t *rapid.T) (*Calendar, *refCal, time.Time) { return genCaseAt(t, time.Time{}) }

// genCaseAt is genCase with a given base (when not zero).
func genCaseAt(t *rapid.T, at time.Time) (*Calendar, *refCal, time.Time) {
	zone := rapid.SampledFrom(propZones).Draw(t, "zone")
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	from := time.Unix(rapid.Int64Range(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC).Unix()).Draw(t, "from"), 0).In(loc)
	if zone == "Pacific/Apia" && rapid.Bool().Draw(t, "apiaSkip") {
		from = time.Date(2011, 12, 20, 0, 0, 0, 0, time.UTC).In(loc)
	}
	if !at.IsZero() {
		from = at.In(loc)
	}
	base := from
	hot := -1 // week grid point of the transition's wall time
	if _, end := from.ZoneBounds(); !end.IsZero() && rapid.IntRange(0, 3).Draw(t, "nearTransition") > 0 && (at.IsZero() || end.Sub(at) < 10*24*time.Hour) {
		before := end.Add(-time.Second)
		if at.IsZero() {
			base = end.Add(-time.Duration(rapid.IntRange(0, 4*24).Draw(t, "lead")) * time.Hour)
		}
		hot = ((int(before.Weekday())+6)%7)*96 + before.Hour()*4 + before.Minute()/15
	}
	// Points on the circular week (15-minute grid), paired into intervals.
	n := 2 * rapid.IntRange(1, 8).Draw(t, "intervals")
	point := rapid.IntRange(0, 7*96-1)
	if hot >= 0 {
		point = rapid.Custom(func(t *rapid.T) int {
			if rapid.Bool().Draw(t, "hot") {
				return (hot + rapid.IntRange(-8, 8).Draw(t, "near") + 7*96) % (7 * 96)
			}
			return rapid.IntRange(0, 7*96-1).Draw(t, "anywhere")
		})
	}
	pts := rapid.SliceOfNDistinct(point, n, n, func(i int) int { return i }).Draw(t, "points")
	slicesSort(pts)
	ref := &refCal{loc: loc, holidays: map[date.Date]bool{}, special: map[date.Date][][2]int64{}}
	var groups []string
	if rapid.Bool().Draw(t, "wrap") && n > 2 { // one interval runs over Sunday midnight
		addGroup(ref, &groups, pts[n-1], pts[0]+7*96)
		pts = pts[1 : n-1]
	}
	for i := 0; i+1 < len(pts); i += 2 {
		addGroup(ref, &groups, pts[i], pts[i+1])
	}
	spec := strings.Join(groups, "; ")
	var opts []Option
	bd := date.NewAt(base.In(loc))
	for range rapid.IntRange(0, 4).Draw(t, "holidays") {
		d := bd + date.Date(rapid.IntRange(-3, 12).Draw(t, "holiday"))
		ref.holidays[d] = true
		opts = append(opts, Holidays(d))
	}
	for range rapid.IntRange(0, 2).Draw(t, "specials") {
		d := bd + date.Date(rapid.IntRange(-3, 12).Draw(t, "special"))
		if _, dup := ref.special[d]; dup {
			continue
		}
		s := rapid.IntRange(0, 95).Draw(t, "specialStart")
		e := rapid.IntRange(s+1, 96).Draw(t, "specialEnd")
		ref.special[d] = [][2]int64{{int64(s) * 900, int64(e) * 900}}
		opts = append(opts, SpecialDays(SpecialDay{Date: d, Hours: fmt.Sprintf("%s-%s", q(s), q(e))}))
	}
	c, err := Parse(spec, loc, opts...)
	if err != nil {
		t.Fatalf("Parse(%q): %v", spec, err)
	}
	return c, ref, base
}

// q formats a quarter-hour index of a day as HH:MM (96 is 24:00).
func q(i int) string { return fmt.Sprintf("%02d:%02d", i/4, i%4*15) }

// addGroup adds the interval between week grid points s < e (at most one
// day long after clipping) to the spec and the reference.
func addGroup(ref *refCal, groups *[]string, s, e int) {
	if e-s > 96 {
		e = s + 96
	}
	day, ss := s/96, s%96
	ee := ss + (e - s)
	ref.days[day] = append(ref.days[day], [2]int64{int64(ss) * 900, int64(ee) * 900})
	end := q(ee)
	if ee > 96 {
		end = q(ee - 96)
	}
	*groups = append(*groups, dayName(day)+" "+q(ss)+"-"+end)
}

func slicesSort(s []int) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// genInstant draws an instant within about ten days after base, often on a
// whole quarter hour, sometimes with nanoseconds.
func genInstant(t *rapid.T, base time.Time, label string) time.Time {
	u := base.Add(time.Duration(rapid.Int64Range(0, 10*96).Draw(t, label+"Q")) * 15 * time.Minute)
	switch rapid.IntRange(0, 2).Draw(t, label+"Kind") {
	case 1:
		u = u.Add(time.Duration(rapid.Int64Range(-900e9, 900e9).Draw(t, label+"Ns")))
	case 2:
		u = u.Add(time.Duration(rapid.Int64Range(-3600, 3600).Draw(t, label+"S")) * time.Second)
	}
	return u
}

func TestPropBetweenMatchesReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c, ref, base := genCase(t)
		a, b := genInstant(t, base, "a"), genInstant(t, base, "b")
		ivs := ref.intervals(base.AddDate(0, 0, -1), base.AddDate(0, 0, 12))
		if got, want := c.Between(a, b), refBetween(ivs, a, b); got != want {
			t.Fatalf("%v: Between(%v, %v) = %v, want %v", c, a, b, got, want)
		}
		if got, want := c.IsOpen(a), refOpen(ivs, a); got != want {
			t.Fatalf("%v: IsOpen(%v) = %v, want %v", c, a, got, want)
		}
		if wo, wok := refNextOpen(ivs, a); wok && wo.Before(base.AddDate(0, 0, 11)) {
			if got, ok := c.NextOpen(a); !ok || !got.Equal(wo) {
				t.Fatalf("%v: NextOpen(%v) = %v, %v, want %v", c, a, got, ok, wo)
			}
		}
		if wc, wok := refNextClose(ivs, a); wok && wc.Before(base.AddDate(0, 0, 11)) {
			if got, ok := c.NextClose(a); !ok || !got.Equal(wc) {
				t.Fatalf("%v: NextClose(%v) = %v, %v, want %v", c, a, got, ok, wc)
			}
		}
	})
}

func TestPropLaws(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c, _, base := genCase(t)
		checkLaws(t, c, base)
	})
}

// checkLaws checks additivity, antisymmetry and that Add is the earliest
// (latest) inverse of Between, at instants drawn around base.
func checkLaws(t *rapid.T, c *Calendar, base time.Time) {
	a, b, m := genInstant(t, base, "a"), genInstant(t, base, "b"), genInstant(t, base, "m")
	if rapid.Bool().Draw(t, "far") { // years apart
		b = b.AddDate(rapid.IntRange(-30, 30).Draw(t, "years"), 0, 0)
	}
	if got, want := c.Between(a, b)+c.Between(b, m), c.Between(a, m); got != want {
		t.Fatalf("%v: Between(a,b)+Between(b,m) = %v, Between(a,m) = %v (a=%v b=%v m=%v)", c, got, want, a, b, m)
	}
	if got, want := c.Between(b, a), -c.Between(a, b); got != want {
		t.Fatalf("%v: Between(b, a) = %v, want %v", c, got, want)
	}
	d := time.Duration(rapid.Int64Range(1, 400*3600*1e9).Draw(t, "d"))
	if rapid.Bool().Draw(t, "wholeMinutes") {
		d = d.Truncate(time.Minute)
		if d == 0 {
			d = time.Minute
		}
	}
	// Add(a, ±d) is defined only when that much business time lies after
	// (before) a: a calendar may close for good (an intersection of zones
	// whose hours stop overlapping after a zone change), and then Add
	// answers a far-away instant that no law speaks of. Check each
	// direction only when the time is there, within a few centuries.
	early, late := time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2400, 1, 1, 0, 0, 0, 0, time.UTC)
	if c.Between(a, late) >= d {
		checkAddForward(t, c, a, d)
	}
	if c.Between(early, a) >= d {
		checkAddBackward(t, c, a, d)
	}
	if got := c.Add(a, 0); !got.Equal(a) {
		t.Fatalf("Add(a, 0) = %v, want %v", got, a)
	}
}

func checkAddForward(t *rapid.T, c *Calendar, a time.Time, d time.Duration) {
	u := c.Add(a, d)
	if got := c.Between(a, u); got != d {
		t.Fatalf("%v: Between(a, Add(a, %v)) = %v, want %v (a=%v, u=%v)", c, d, got, d, a, u)
	}
	if got := c.Between(a, u.Add(-1)); got >= d {
		t.Fatalf("%v: Add(%v, %v) = %v is not the earliest: Between up to 1ns before = %v", c, a, d, u, got)
	}
}

func checkAddBackward(t *rapid.T, c *Calendar, a time.Time, d time.Duration) {
	v := c.Add(a, -d)
	if got := c.Between(v, a); got != d {
		t.Fatalf("%v: Between(Add(a, -%v), a) = %v, want %v (a=%v, v=%v)", c, d, got, d, a, v)
	}
	if got := c.Between(v.Add(1), a); got >= d {
		t.Fatalf("%v: Add(%v, -%v) = %v is not the latest: Between from 1ns after = %v", c, a, d, v, got)
	}
}

func TestPropCombine(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c1, ref1, base := genCase(t)
		c2, ref2, _ := genCaseAt(t, base)
		from, to := base.AddDate(0, 0, -1), base.AddDate(0, 0, 12)
		i1, i2 := ref1.intervals(from, to), ref2.intervals(from, to)
		u, x := Union(c1, c2), Intersection(c1, c2)
		ui, xi := refMerge(append(append([]refIv(nil), i1...), i2...)), refIntersect(i1, i2)
		a, b := genInstant(t, base, "a"), genInstant(t, base, "b")
		for _, tc := range []struct {
			name string
			c    *Calendar
			ivs  []refIv
		}{{"union", u, ui}, {"intersection", x, xi}} {
			if got, want := tc.c.Between(a, b), refBetween(tc.ivs, a, b); got != want {
				t.Fatalf("%s %v: Between(%v, %v) = %v, want %v", tc.name, tc.c, a, b, got, want)
			}
			if got, want := tc.c.IsOpen(a), refOpen(tc.ivs, a); got != want {
				t.Fatalf("%s %v: IsOpen(%v) = %v, want %v", tc.name, tc.c, a, got, want)
			}
			if wo, ok := refNextOpen(tc.ivs, a); ok && wo.Before(base.AddDate(0, 0, 11)) {
				if got, ok := tc.c.NextOpen(a); !ok || !got.Equal(wo) {
					t.Fatalf("%s %v: NextOpen(%v) = %v, %v, want %v", tc.name, tc.c, a, got, ok, wo)
				}
			}
			if wc, ok := refNextClose(tc.ivs, a); ok && wc.Before(base.AddDate(0, 0, 11)) {
				if got, ok := tc.c.NextClose(a); !ok || !got.Equal(wc) {
					t.Fatalf("%s %v: NextClose(%v) = %v, %v, want %v", tc.name, tc.c, a, got, ok, wc)
				}
			}
		}
		if a.After(b) {
			a, b = b, a
		}
		for _, p := range []*Calendar{c1, c2} {
			if got, part := u.Between(a, b), p.Between(a, b); got < part {
				t.Fatalf("union Between(%v, %v) = %v < part %v's %v", a, b, got, p, part)
			}
			if got, part := x.Between(a, b), p.Between(a, b); got > part {
				t.Fatalf("intersection Between(%v, %v) = %v > part %v's %v", a, b, got, p, part)
			}
		}
		if rapid.Bool().Draw(t, "lawsOnUnion") {
			checkLaws(t, u, base)
		} else if x.Between(base.AddDate(1, 0, 0), base.AddDate(2, 0, 0)) > 0 && x.Between(base.AddDate(-2, 0, 0), base.AddDate(-1, 0, 0)) > 0 {
			checkLaws(t, x, base)
		}
	})
}
