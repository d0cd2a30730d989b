package calendar

import (
	"slices"
	"testing"

	"github.com/rickb777/date/v2"
	"pgregory.net/rapid"
)

// weekSpans lists the open spans of every week of tl, the weeks before
// and after the horizon included: the timeline as a function, whatever
// the order in which its patterns were stored.
func weekSpans(tl *timeline) [][][2]int32 {
	out := [][][2]int32{tl.patternOf(tl.before), tl.patternOf(tl.after)}
	for w := range horizonWeeks {
		_, p := tl.week(w)
		out = append(out, tl.patternOf(p))
	}
	return out
}

// TestBuildZoneTight checks that marking only the weeks a holiday's or
// special day's intervals reach (buildZone) gives the same open spans in
// every week as marking every week within five days of it (the general
// form), on random calendars (prop_test.go's generator: DST zones,
// overnight intervals, holidays and special days near transitions) and
// on holiday sets in zones with and without DST.
func TestBuildZoneTight(t *testing.T) {
	check := func(t interface{ Fatalf(string, ...any) }, c *Calendar, what string) {
		if c.tl == nil {
			return
		}
		r := &dayRules{hours: c.hours, holidays: slices.Clone(c.holidays), special: map[date.Date][]dayIv{}}
		for _, name := range c.sets {
			ds, err := holidaySet(name)
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			r.holidays = append(r.holidays, ds...)
		}
		slices.Sort(r.holidays)
		r.holidays = slices.Compact(r.holidays)
		for _, sd := range c.special {
			var ivs []dayIv // closed, when Hours is empty
			if sd.Hours != "" {
				var err error
				if ivs, err = parseIntervals(sd.Hours, sd.Hours); err != nil {
					t.Fatalf("%s: special day %v: %v", what, sd.Date, err)
				}
			}
			r.special[sd.Date] = ivs
		}
		segs := zoneSegs(c.loc, horizonStart-buildMargin, horizonEnd+buildMargin)
		want := weekSpans(buildZoneWith(r, c.loc, segs, false))
		got := weekSpans(buildZoneWith(r, c.loc, segs, true))
		if !slices.EqualFunc(want, got, slices.Equal) {
			for w := range want {
				if !slices.Equal(want[w], got[w]) {
					t.Fatalf("%s: week %d (0 before, 1 after the horizon, then w+2) = %v, want %v", what, w, got[w], want[w])
				}
			}
		}
		// and the calendar Parse built is the same
		if built := weekSpans(c.tl); !slices.EqualFunc(want, built, slices.Equal) {
			t.Fatalf("%s: Parse's timeline differs from the general form", what)
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		c, _, _ := genCase(t)
		check(t, c, "calendar "+c.String())
	})
	for _, c := range setCalendars(t) {
		check(t, c.cal, c.name)
	}
}

// setCalendars are calendars with holiday sets in zones with DST on
// either hemisphere, a skipped day (Apia), a half-hour DST (Lord Howe),
// none (Kolkata), overnight and whole-day hours, and a special day on a
// DST Sunday.
func setCalendars(tb testing.TB) []namedCalendar {
	var out []namedCalendar
	for _, c := range []struct{ hours, zone, set string }{
		{"Mon-Fri 07:30-22:00", "Europe/London", "GB-ENG"},
		{"Mon-Fri 09:00-17:00", "America/New_York", "US"},
		{"Mon-Sun 22:00-06:00", "Australia/Sydney", "AU-NSW"},
		{"Sun-Thu 08:00-16:00", "Pacific/Apia", "NZ"},
		{"Mon-Sat 00:00-23:00", "Australia/Lord_Howe", "AU-NSW"},
		{"Mon-Fri 00:00-24:00", "Asia/Kolkata", "GB-ENG"},
	} {
		cal := MustParse(c.hours, mustLoad(tb, c.zone), HolidaySets(c.set), SpecialDays(SpecialDay{Date: date.New(2030, 3, 31), Hours: "10:00-12:00"}))
		out = append(out, namedCalendar{c.hours + " in " + c.zone + " with " + c.set, cal})
	}
	return out
}

type namedCalendar struct {
	name string
	cal  *Calendar
}
