package calendar

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"pgregory.net/rapid"
)

// TestUniformDay: the open time of every business day when all are alike,
// derived by hand from the definition (uniform.go), and 0 wherever one of
// its conditions fails.
func TestUniformDay(t *testing.T) {
	lon, ny, lhi := mustLoad(t, "Europe/London"), mustLoad(t, "America/New_York"), mustLoad(t, "Australia/Lord_Howe")
	tests := []struct {
		name string
		c    *Calendar
		want int64
	}{
		// 07:30-22:00 is 14h30 = 52200 s. Within the horizon (from 1970)
		// London changes at 01:00 UTC since 1981 (01:00-02:00 skipped or
		// repeated), at 02:00 UTC from 1972 to 1980 and when British
		// Standard Time ended in October 1971 (02:00-03:00).
		{"support desk, London, bank holidays", MustParse("Mon-Fri 07:30-22:00", lon, HolidaySets("GB-ENG")), 52200},
		// 3h + 4h
		{"lunch break", MustParse("Mon-Fri 09:00-12:00,13:00-17:00", ny), 7 * 3600},
		{"every day alike", MustParse("Mon-Sun 08:00-20:00", time.UTC), 12 * 3600},
		{"a closed special day", MustParse("Mon-Fri 09:00-17:00", lon, SpecialDays(SpecialDay{Date: date.New(2026, 12, 24)})), 8 * 3600},
		{"a special day at the usual hours", MustParse("Mon-Fri 09:00-17:00", lon, SpecialDays(SpecialDay{Date: date.New(2026, 12, 24), Hours: "09:00-17:00"})), 8 * 3600},
		{"a short special day", MustParse("Mon-Fri 09:00-17:00", lon, SpecialDays(SpecialDay{Date: date.New(2026, 12, 24), Hours: "09:00-13:00"})), 0},
		{"a short Saturday", MustParse("Mon-Fri 09:00-17:00; Sat 09:00-13:00", lon), 0},
		{"open at midnight", MustParse("Mon-Fri 00:00-08:00", time.UTC), 0},
		{"open until midnight", MustParse("Mon-Fri 16:00-24:00", time.UTC), 0},
		{"overnight", MustParse("Mon-Fri 22:00-06:00", time.UTC), 0},
		{"24/7", MustParse("24/7", time.UTC), 0},
		// London skips 01:00-02:00 in March: inside 00:30-03:00.
		{"open across London's change", MustParse("Mon-Sun 00:30-03:00", lon), 0},
		// ...and touching it counts as inside.
		{"closing at the change", MustParse("Mon-Sun 00:30-01:00", lon), 0},
		{"opening at the 1970s change", MustParse("Mon-Sun 03:00-04:00", lon), 0},
		{"opening after it", MustParse("Mon-Sun 04:00-05:00", lon), 3600},
		// Lord Howe changes by 30 minutes at 02:00 local.
		{"Lord Howe, office hours", MustParse("Mon-Fri 09:00-17:00", lhi), 8 * 3600},
		{"Lord Howe, night shift", MustParse("Mon-Fri 01:00-05:00", lhi), 0},
		// Samoa skipped 30 Dec 2011 whole: the skipped range covers any hours.
		{"Apia", MustParse("Mon-Fri 09:00-17:00", mustLoad(t, "Pacific/Apia")), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.c.dayLen != tt.want {
				t.Errorf("dayLen = %d s, want %d s", tt.c.dayLen, tt.want)
			}
		})
	}
}

// genUniform draws a calendar whose weekdays are closed or open at the
// same hours (1 to 3 intervals strictly inside the day, often at night,
// where zones change their offsets), in a random zone, with holidays and
// special days (closed, at the usual hours or not) near a random base
// instant in 1975-2150. otherHours is true when a special day has other
// hours.
func genUniform(t *rapid.T) (c *Calendar, spec string, base time.Time, otherHours bool) {
	zone := rapid.SampledFrom(propZones).Draw(t, "zone")
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	k := rapid.IntRange(1, 3).Draw(t, "intervals")
	// Hours often at night, where zones change their offsets.
	point := rapid.OneOf(rapid.IntRange(1, 95), rapid.IntRange(1, 16))
	pts := rapid.SliceOfNDistinct(point, 2*k, 2*k, func(i int) int { return i }).Draw(t, "points")
	slicesSort(pts)
	var ivs []string
	for i := 0; i < len(pts); i += 2 {
		ivs = append(ivs, q(pts[i])+"-"+q(pts[i+1]))
	}
	hours := strings.Join(ivs, ",")
	var days []string
	for d := range 7 {
		if rapid.Bool().Draw(t, "open"+dayName(d)) {
			days = append(days, dayName(d))
		}
	}
	if len(days) == 0 {
		days = []string{"Wed"}
	}
	var groups []string
	for _, d := range days {
		groups = append(groups, d+" "+hours)
	}
	base = time.Unix(rapid.Int64Range(time.Date(1975, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), time.Date(2150, 1, 1, 0, 0, 0, 0, time.UTC).Unix()).Draw(t, "base"), 0).In(loc)
	var opts []Option
	bd := date.NewAt(base)
	for range rapid.IntRange(0, 4).Draw(t, "holidays") {
		opts = append(opts, Holidays(bd+date.Date(rapid.IntRange(-3, 40).Draw(t, "holiday"))))
	}
	seen := map[date.Date]bool{}
	for range rapid.IntRange(0, 2).Draw(t, "specials") {
		d := bd + date.Date(rapid.IntRange(-3, 40).Draw(t, "special"))
		if seen[d] {
			continue
		}
		seen[d] = true
		sd := SpecialDay{Date: d}
		switch rapid.IntRange(0, 2).Draw(t, "specialKind") {
		case 1:
			sd.Hours = hours
		case 2:
			s := rapid.IntRange(1, 94).Draw(t, "specialStart")
			sd.Hours = fmt.Sprintf("%s-%s", q(s), q(rapid.IntRange(s+1, 95).Draw(t, "specialEnd")))
			otherHours = otherHours || sd.Hours != hours
		}
		opts = append(opts, SpecialDays(sd))
	}
	spec = strings.Join(groups, "; ")
	c, err = Parse(spec, loc, opts...)
	if err != nil {
		t.Fatalf("Parse(%q): %v", spec, err)
	}
	return c, spec, base, otherHours
}

// TestPropSameTimeUniform: on calendars whose weekdays are closed or open
// at the same hours (random hours strictly inside the day, random zones,
// holidays, special days closed, at the usual hours or not; hours often
// at night, near the zones' changes), SameTimeAfter
// by the uniform rule gives what the general code (stretch walks,
// time.Date) and the business-day index give, at any instant (with
// nanoseconds) and n from 1; and the rule applies whenever its conditions
// plainly hold (UTC, no special hours).
func TestPropSameTimeUniform(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c, spec, base, otherHours := genUniform(t)
		loc := c.Location()
		if loc == time.UTC && !otherHours && c.dayLen == 0 {
			t.Fatalf("%q in UTC: the uniform rule does not apply", spec)
		}
		tt := base.Add(time.Duration(rapid.Int64Range(0, 30*24*3600*1e9).Draw(t, "ns")))
		if rapid.Bool().Draw(t, "whole") {
			tt = tt.Truncate(time.Minute)
		}
		n := rapid.IntRange(1, 30).Draw(t, "n")
		u, done := c.sameTimeUniform(tt, n)
		if !done {
			return
		}
		want, ok := c.sameTimeGeneral(tt, n)
		if !ok || !u.Equal(want) {
			t.Fatalf("SameTimeAfter(%v, %d) by the uniform rule = %v, general = %v, %v (%q in %v)", tt, n, u, want, ok, spec, loc)
		}
		if f, done := c.sameTimeFast(tt, n); done && !f.Equal(u) {
			t.Fatalf("SameTimeAfter(%v, %d) by the uniform rule = %v, on the index = %v (%q in %v)", tt, n, u, f, spec, loc)
		}
	})
}

// TestPropSameTimeSpan: SameTimeSpan is Between(t, SameTimeAfter(t, n)),
// with the same ok, on calendars whose business days are alike and on any
// calendar (genCase), for n from 0, at instants anywhere and in the last
// weeks of the business-day index, where the shortcut gives way to the
// general code.
func TestPropSameTimeSpan(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var c *Calendar
		var base time.Time
		if rapid.Bool().Draw(t, "uniform") {
			c, _, base, _ = genUniform(t)
		} else {
			c, _, base = genCase(t)
		}
		tt := base.Add(time.Duration(rapid.Int64Range(0, 30*24*3600*1e9).Draw(t, "ns")))
		if rapid.IntRange(0, 3).Draw(t, "nearEnd") == 0 {
			tt = time.Unix(horizonEnd, 0).Add(-time.Duration(rapid.Int64Range(0, 6*7*24*3600*1e9).Draw(t, "beforeEnd")))
		}
		n := rapid.IntRange(0, 40).Draw(t, "n")
		got, ok := c.SameTimeSpan(tt, n)
		u, wantOK := c.SameTimeAfter(tt, n)
		var want time.Duration
		if wantOK {
			want = c.Between(tt, u)
		}
		if ok != wantOK || got != want {
			t.Fatalf("SameTimeSpan(%v, %d) = %v, %v; Between(t, SameTimeAfter) = %v, %v (%q in %v)", tt, n, got, ok, want, wantOK, c, c.Location())
		}
	})
}

// TestSameTimeAlwaysOpen: the nil and zero calendars are open all the time
// in UTC: every day is a business day, so one business day after Monday
// 09:00 is Tuesday 09:00, 24 hours of open time later (neither takes the
// uniform path, which needs a timeline).
func TestSameTimeAlwaysOpen(t *testing.T) {
	mon := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	for _, c := range []*Calendar{nil, {}} {
		if u, ok := c.SameTimeAfter(mon, 1); !ok || !u.Equal(mon.Add(24*time.Hour)) {
			t.Errorf("%v: SameTimeAfter(Mon 09:00, 1) = %v, %v; want Tue 09:00, true", c, u, ok)
		}
		if d, ok := c.SameTimeSpan(mon, 1); !ok || d != 24*time.Hour {
			t.Errorf("%v: SameTimeSpan(Mon 09:00, 1) = %v, %v; want 24h, true", c, d, ok)
		}
	}
}
