package calendar

import (
	"fmt"
	"testing"
	"time"

	"pgregory.net/rapid"
)

func TestStartOfDay(t *testing.T) {
	for _, tc := range []struct {
		zone, day, want, reason string
	}{
		{"Europe/Berlin", "2024-03-31", "2024-03-31T00:00:00+01:00", "the gap is at 02:00, not midnight"},
		{"America/Sao_Paulo", "2018-11-04", "2018-11-04T01:00:00-02:00", "midnight jumped to 01:00: the day starts at the gap end"},
		{"Pacific/Apia", "2011-12-30", "2011-12-31T00:00:00+14:00", "the day was skipped: it starts (and ends) when Dec 31 starts"},
		{"UTC", "2024-02-29", "2024-02-29T00:00:00Z", "no zone changes"},
	} {
		c := mustCal(t, "Mon 09:00-17:00", tc.zone)
		if got, want := c.StartOfDay(d(tc.day)), ts(t, tc.want); !got.Equal(want) {
			t.Errorf("%s: StartOfDay(%s) = %v, want %s (%s)", tc.zone, tc.day, got.Format(time.RFC3339), tc.want, tc.reason)
		}
	}
	var nilCal *Calendar
	if got, want := nilCal.StartOfDay(d("2024-01-01")), ts(t, "2024-01-01T00:00:00Z"); !got.Equal(want) {
		t.Errorf("nil calendar: StartOfDay = %v, want %v", got, want)
	}
	c := mustCal(t, "Mon 09:00-17:00", "Europe/Berlin")
	if n := testing.AllocsPerRun(100, func() { c.StartOfDay(d("2024-10-27")) }); n != 0 {
		t.Errorf("StartOfDay allocates %v times per call, want 0", n)
	}
}

// TestPropStartOfDay checks StartOfDay against the minute-walking reference
// around the transitions of many zones.
func TestPropStartOfDay(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		loc, err := time.LoadLocation(rapid.SampledFrom(append(propZones, "America/Sao_Paulo", "America/Havana", "Asia/Beirut")).Draw(t, "zone"))
		if err != nil {
			t.Fatal(err)
		}
		at := time.Unix(rapid.Int64Range(time.Date(1975, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), time.Date(2060, 1, 1, 0, 0, 0, 0, time.UTC).Unix()).Draw(t, "at"), 0).In(loc)
		if _, end := at.ZoneBounds(); !end.IsZero() && rapid.Bool().Draw(t, "nearTransition") {
			at = end.Add(time.Duration(rapid.IntRange(-30, 30).Draw(t, "hours")) * time.Hour)
		}
		y, m, dd := at.Date()
		want := refBoundary(loc, y, m, dd, 0)
		c := &Calendar{loc: loc}
		if got := c.StartOfDay(d(at.Format("2006-01-02"))); got.Unix() != want {
			t.Fatalf("%v: StartOfDay(%v) = %v, want %v", loc, at.Format("2006-01-02"), got, time.Unix(want, 0).In(loc))
		}
	})
}

// TestStartOfDayLeapYearEnd: past the end of a zone's tz table Go answers
// bounds from the zone's TZ rule, and in leap years it reports the year's
// end one day early (an end before the instant asked about: see
// zoneSegs). StartOfDay stepped over that day an hour at a time and
// answered 2040-12-31 in New York with 19:00, the instant 2041 begins in
// UTC. Expected, by hand: New York keeps EST (UTC-5) all winter, so its
// midnight is 05:00 UTC; Berlin keeps CET (UTC+1), so 23:00 UTC the day
// before. Every leap year's 30 and 31 December from 2040 to 2096 is checked
// the same way (neither zone changes offset in December).
func TestStartOfDayLeapYearEnd(t *testing.T) {
	for _, tc := range []struct {
		zone string
		off  time.Duration // the zone's offset in December
	}{
		{"America/New_York", -5 * time.Hour},
		{"Europe/Berlin", time.Hour},
	} {
		loc, err := time.LoadLocation(tc.zone)
		if err != nil {
			t.Fatal(err)
		}
		c := &Calendar{loc: loc}
		for y := 2040; y <= 2096; y += 4 {
			for _, day := range []int{30, 31} {
				want := time.Date(y, time.December, day, 0, 0, 0, 0, time.UTC).Add(-tc.off)
				if got := c.StartOfDay(d(fmt.Sprintf("%d-12-%d", y, day))); !got.Equal(want) {
					t.Errorf("%s: StartOfDay(%d-12-%d) = %v, want %v", tc.zone, y, day, got.UTC(), want)
				}
			}
		}
	}
}
