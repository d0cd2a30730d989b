package calendar

import (
	"errors"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
)

func TestOpenClose(t *testing.T) {
	for _, tc := range []struct {
		name, spec, zone string
		at               string
		open             bool
		nextOpen         string // "" when none
		nextClose        string // "" when none
		reason           string
	}{
		{"open", "Mon-Fri 09:00-12:00,13:00-17:00", "UTC", "2024-01-08T10:00:00Z", true, "2024-01-08T10:00:00Z", "2024-01-08T12:00:00Z", "lunch closes at 12:00"},
		{"at the close", "Mon-Fri 09:00-12:00,13:00-17:00", "UTC", "2024-01-08T12:00:00Z", false, "2024-01-08T13:00:00Z", "2024-01-08T17:00:00Z", "half-open: 12:00 is closed"},
		{"at the open", "Mon-Fri 09:00-12:00,13:00-17:00", "UTC", "2024-01-08T13:00:00Z", true, "2024-01-08T13:00:00Z", "2024-01-08T17:00:00Z", "13:00 is open"},
		{"weekend", "Mon-Fri 09:00-17:00", "UTC", "2024-01-13T12:00:00Z", false, "2024-01-15T09:00:00Z", "2024-01-15T17:00:00Z", "next stretch is Monday's"},
		{"touching intervals", "Mon-Fri 09:00-12:00,12:00-17:00", "UTC", "2024-01-08T10:00:00Z", true, "2024-01-08T10:00:00Z", "2024-01-08T17:00:00Z", "12:00 joins two intervals into one stretch"},
		{"touching days", "Mon 00:00-24:00; Tue 00:00-12:00", "UTC", "2024-01-08T10:00:00Z", true, "2024-01-08T10:00:00Z", "2024-01-09T12:00:00Z", "Monday runs into Tuesday"},
		{"across the week end", "Sun 22:00-06:00; Mon 06:00-10:00", "UTC", "2024-01-14T23:00:00Z", true, "2024-01-14T23:00:00Z", "2024-01-15T10:00:00Z", "Sunday's shift runs into Monday's hours"},
		{"24x7 never closes", "24/7", "Europe/Berlin", "2024-01-08T10:00:00Z", true, "2024-01-08T10:00:00Z", "", "open all the time"},
		{"24x7 with a holiday", "24/7", "UTC", "2024-01-08T10:00:00Z", true, "2024-01-08T10:00:00Z", "2024-01-10T00:00:00Z", "closes at the start of the holiday, Wed 10 Jan"},
		{"Berlin gap open", "Sun 02:30-05:00", "Europe/Berlin", "2024-03-31T00:00:00+01:00", false, "2024-03-31T03:00:00+02:00", "2024-03-31T05:00:00+02:00", "02:30 lies in the gap: opens at its end"},
		{"Berlin repeated hour, second pass", "Sun 00:00-02:30", "Europe/Berlin", "2024-10-27T02:15:00+01:00", false, "2024-11-03T00:00:00+01:00", "2024-11-03T02:30:00+01:00", "closed at the first 02:30 (CEST); the second 02:15 (CET) is after it"},
		{"Berlin repeated hour, inside", "Sun 02:30-05:00", "Europe/Berlin", "2024-10-27T02:15:00+01:00", true, "2024-10-27T02:15:00+01:00", "2024-10-27T05:00:00+01:00", "opened at the first 02:30 (CEST); the second 02:15 (CET) is after it"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var opts []Option
			if tc.name == "24x7 with a holiday" {
				opts = append(opts, Holidays(d("2024-01-10")))
			}
			c := mustCal(t, tc.spec, tc.zone, opts...)
			at := ts(t, tc.at)
			if got := c.IsOpen(at); got != tc.open {
				t.Errorf("IsOpen(%s) = %v, want %v (%s)", tc.at, got, tc.open, tc.reason)
			}
			checkNext(t, "NextOpen", tc.at, tc.nextOpen, tc.reason)(c.NextOpen(at))
			checkNext(t, "NextClose", tc.at, tc.nextClose, tc.reason)(c.NextClose(at))
		})
	}
}

func checkNext(t *testing.T, fn, at, want, reason string) func(time.Time, bool) {
	return func(got time.Time, ok bool) {
		t.Helper()
		if want == "" {
			if ok {
				t.Errorf("%s(%s) = %v, true, want none (%s)", fn, at, got, reason)
			}
			return
		}
		if w := ts(t, want); !ok || !got.Equal(w) {
			t.Errorf("%s(%s) = %v, %v, want %s (%s)", fn, at, got.Format(time.RFC3339), ok, want, reason)
		}
	}
}

func TestOpenIntervals(t *testing.T) {
	c := mustCal(t, "Mon-Fri 09:00-12:00,13:00-17:00; Sat 22:00-06:00", "UTC", Holidays(d("2024-01-10")))
	var got []Interval
	for iv := range c.OpenIntervals(ts(t, "2024-01-09T10:00:00Z"), ts(t, "2024-01-14T03:00:00Z")) {
		got = append(got, iv)
	}
	want := []Interval{ // Tue from 10:00; Wed is a holiday; Thu, Fri; Sat night clipped at Sun 03:00
		{ts(t, "2024-01-09T10:00:00Z"), ts(t, "2024-01-09T12:00:00Z")},
		{ts(t, "2024-01-09T13:00:00Z"), ts(t, "2024-01-09T17:00:00Z")},
		{ts(t, "2024-01-11T09:00:00Z"), ts(t, "2024-01-11T12:00:00Z")},
		{ts(t, "2024-01-11T13:00:00Z"), ts(t, "2024-01-11T17:00:00Z")},
		{ts(t, "2024-01-12T09:00:00Z"), ts(t, "2024-01-12T12:00:00Z")},
		{ts(t, "2024-01-12T13:00:00Z"), ts(t, "2024-01-12T17:00:00Z")},
		{ts(t, "2024-01-13T22:00:00Z"), ts(t, "2024-01-14T03:00:00Z")},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("OpenIntervals mismatch (-want +got):\n%s", diff)
	}
	// Stopping early is honoured.
	n := 0
	for range c.OpenIntervals(ts(t, "2024-01-01T00:00:00Z"), ts(t, "2025-01-01T00:00:00Z")) {
		n++
		if n == 2 {
			break
		}
	}
	if n != 2 {
		t.Errorf("OpenIntervals did not stop after break: %d", n)
	}
}

func TestZeroAndNil(t *testing.T) {
	a, b := ts(t, "2024-01-08T10:00:00Z"), ts(t, "2024-01-13T12:30:00Z")
	for name, c := range map[string]*Calendar{"nil": nil, "zero": {}} {
		if got, want := c.Between(a, b), b.Sub(a); got != want {
			t.Errorf("%s: Between = %v, want %v", name, got, want)
		}
		if got := c.Add(a, time.Hour); !got.Equal(a.Add(time.Hour)) {
			t.Errorf("%s: Add = %v, want %v", name, got, a.Add(time.Hour))
		}
		if !c.IsOpen(a) {
			t.Errorf("%s: IsOpen = false, want true", name)
		}
		if got, ok := c.NextOpen(a); !ok || !got.Equal(a) {
			t.Errorf("%s: NextOpen = %v, %v, want %v", name, got, ok, a)
		}
		if _, ok := c.NextClose(a); ok {
			t.Errorf("%s: NextClose ok, want none", name)
		}
		if c.Location() != time.UTC {
			t.Errorf("%s: Location = %v, want UTC", name, c.Location())
		}
		if got := c.String(); got != "24/7" {
			t.Errorf("%s: String = %q, want 24/7", name, got)
		}
	}
}

// TestOutsideHorizon pins the documented behaviour outside 1969-12-29 ..
// 2200-01-05: the weekly hours at the edge's offset, no DST, no holidays;
// and no panic or endless loop at the extremes.
func TestOutsideHorizon(t *testing.T) {
	c := mustCal(t, "Mon-Fri 09:00-17:00", "Europe/Berlin", Holidays(d("2024-12-25")))
	// 2300-06-05 is a Monday; after the horizon Berlin is taken as CET (+01:00)
	// all year, so summer weeks keep 09:00-17:00 +01:00.
	if got, want := c.Between(ts(t, "2300-06-05T00:00:00+01:00"), ts(t, "2300-06-12T00:00:00+01:00")), 40*time.Hour; got != want {
		t.Errorf("Between over a week in 2300 = %v, want %v", got, want)
	}
	if got, want := c.Add(ts(t, "2300-06-05T00:00:00+01:00"), time.Hour), ts(t, "2300-06-05T10:00:00+01:00"); !got.Equal(want) {
		t.Errorf("Add in 2300 = %v, want %v", got, want)
	}
	// 1900-01-01 was a Monday; before the horizon Berlin is CET.
	if got, want := c.Between(ts(t, "1900-01-01T00:00:00+01:00"), ts(t, "1900-01-08T00:00:00+01:00")), 40*time.Hour; got != want {
		t.Errorf("Between over a week in 1900 = %v, want %v", got, want)
	}
	lo, hi := time.Unix(math.MinInt64/2, 0), time.Unix(math.MaxInt64/2, 0)
	if got := c.Between(lo, hi); got != math.MaxInt64 {
		t.Errorf("Between over the whole time range = %v, want the saturated maximum", got)
	}
	if got := c.Between(hi, lo); got != math.MinInt64 {
		t.Errorf("Between backwards over the whole time range = %v, want the saturated minimum", got)
	}
	_ = c.Add(hi, time.Duration(math.MaxInt64))
	_ = c.Add(lo, time.Duration(math.MinInt64))
	if c.IsOpen(hi) {
		t.Errorf("IsOpen(%v) = true; beyond the clamp range the calendar is closed", hi)
	}
	if _, ok := c.NextOpen(hi); ok {
		t.Errorf("NextOpen(%v) ok; beyond the clamp range the calendar never opens", hi)
	}
}

func TestNeverOpen(t *testing.T) {
	// Berlin 08:00-09:00 and New York 08:00-09:00 never overlap.
	x := Intersection(mustCal(t, "Mon-Fri 08:00-09:00", "Europe/Berlin"), mustCal(t, "Mon-Fri 08:00-09:00", "America/New_York"))
	a := ts(t, "2024-01-08T10:00:00Z")
	if got := x.Between(a, a.AddDate(10, 0, 0)); got != 0 {
		t.Errorf("Between = %v, want 0", got)
	}
	if _, ok := x.NextOpen(a); ok {
		t.Errorf("NextOpen ok, want none")
	}
	if _, ok := x.NextClose(a); ok {
		t.Errorf("NextClose ok, want none")
	}
	if got := x.Add(a, time.Hour); got.Year() < 1e6 {
		t.Errorf("Add = %v, want the far-future sentinel", got)
	}
	if got := x.Add(a, -time.Hour); got.Year() > -1e6 {
		t.Errorf("Add backwards = %v, want the far-past sentinel", got)
	}
	if got := Union(); got.IsOpen(a) {
		t.Errorf("Union() is open, want never open")
	}
	if got := Intersection(); !got.IsOpen(a) {
		t.Errorf("Intersection() is closed, want 24x7")
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, spec string
		loc        *time.Location
		want       error
		part       string
	}{
		{"empty", "  ", time.UTC, ErrEmpty, ""},
		{"nil location", "Mon 09:00-17:00", nil, ErrNilLocation, ""},
		{"unknown day", "Mon-Fry 09:00-17:00", time.UTC, ErrSyntax, "Fry"},
		{"hour > 24", "Mon 25:00-26:00", time.UTC, ErrRange, "25:00"},
		{"minute > 59", "Mon 09:60-17:00", time.UTC, ErrRange, "09:60"},
		{"second > 59", "Mon 09:00:60-17:00", time.UTC, ErrRange, "09:00:60"},
		{"past 24:00", "Mon 09:00-24:30", time.UTC, ErrRange, "24:30"},
		{"24:00 as a start", "Mon 24:00-02:00", time.UTC, ErrRange, "24:00"},
		{"missing interval", "Mon", time.UTC, ErrSyntax, "Mon"},
		{"missing end", "Mon 09:00", time.UTC, ErrSyntax, "09:00"},
		{"missing day", "09:00-17:00", time.UTC, ErrSyntax, ""},
		{"bad clock", "Mon 9h-17h", time.UTC, ErrSyntax, "9h"},
		{"empty part", "Mon 09:00-17:00;;Tue 09:00-17:00", time.UTC, ErrSyntax, ""},
		{"overlap in a day", "Mon 09:00-12:00,11:00-13:00", time.UTC, ErrOverlap, "09:00-12:00,11:00-13:00"},
		{"overlap across groups", "Mon 09:00-12:00; Mon 11:00-13:00", time.UTC, ErrOverlap, "Mon 09:00-12:00"},
		{"overnight into next day", "Mon 22:00-06:00; Tue 05:00-07:00", time.UTC, ErrOverlap, "Mon 22:00-06:00"},
		{"overnight over the week end", "Sun 22:00-06:00; Mon 05:00-07:00", time.UTC, ErrOverlap, "Sun 22:00-06:00"},
		{"day listed twice", "Mon,Mon 09:00-17:00", time.UTC, ErrOverlap, "Mon"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(tc.spec, tc.loc)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Parse(%q) error = %v, want %v", tc.spec, err, tc.want)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) error %T is not a *ParseError", tc.spec, err)
			}
			if tc.part != "" && pe.Part != tc.part {
				t.Errorf("Parse(%q) error part = %q, want %q (error: %v)", tc.spec, pe.Part, tc.part, err)
			}
		})
	}
	_, err := Parse("Mon-Fry 09:00-17:00", time.UTC)
	if got, want := err.Error(), `calendar: parse "Mon-Fry 09:00-17:00" (part "Fry"): invalid syntax: unknown day`; got != want {
		t.Errorf("error text = %q, want %q", got, want)
	}
	if _, err := Parse("Mon 09:00-17:00", time.UTC, SpecialDays(SpecialDay{Date: d("2024-12-24"), Hours: "09:00-12:00,11:00-13:00"})); !errors.Is(err, ErrOverlap) {
		t.Errorf("overlapping special-day hours: error = %v, want ErrOverlap", err)
	}
	if _, err := Parse("Mon 09:00-17:00", time.UTC, HolidaySets("XX")); !errors.Is(err, ErrUnknownHolidaySet) {
		t.Errorf("unknown holiday set: error = %v, want ErrUnknownHolidaySet", err)
	}
}

func TestCanonicalString(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"mon-FRI 9:00-17:00", "Mon-Fri 09:00-17:00"},
		{"Fri-Mon 22:00-06:00", "Mon,Fri-Sun 22:00-06:00"},
		{"Mon-Fri 13:00-17:00,09:00-12:00; Sat 09:00-13:00", "Mon-Fri 09:00-12:00,13:00-17:00; Sat 09:00-13:00"},
		{"Mon-Sun 00:00-24:00", "24/7"},
		{"Mon 22:00-00:00", "Mon 22:00-24:00"},
		{"Tue 09:00:30-17:00", "Tue 09:00:30-17:00"},
		{"Mon 09:00-09:00", "Mon 09:00-09:00"},
		{"Mon,Wed 09:00-17:00; Tue 10:00-11:00", "Mon,Wed 09:00-17:00; Tue 10:00-11:00"},
	} {
		c, err := Parse(tc.in, time.UTC)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tc.in, err)
		}
		if got := c.String(); got != tc.want {
			t.Errorf("Parse(%q).String() = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestConcurrentUse queries one calendar from many goroutines; run with
// -race. Each goroutine checks its answers against a precomputed one.
func TestConcurrentUse(t *testing.T) {
	c := Union(mustCal(t, "Mon-Fri 09:00-12:00,13:00-17:00", "Europe/Berlin", HolidaySets("DE-BE")), mustCal(t, "Mon-Fri 08:00-17:00", "America/New_York"))
	a := ts(t, "2024-01-01T00:00:00Z")
	want := make([]time.Duration, 50)
	for i := range want {
		want[i] = c.Between(a, a.AddDate(0, 0, 7*i))
	}
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for g := range 16 {
		wg.Go(func() {
			for i := range want {
				b := a.AddDate(0, 0, 7*i)
				if got := c.Between(a, b); got != want[i] {
					errs <- "Between differs under concurrency"
					return
				}
				u := c.Add(a, want[i])
				if i > 0 && c.Between(a, u) != want[i] {
					errs <- "Add differs under concurrency"
					return
				}
				c.IsOpen(b.Add(time.Duration(g) * time.Hour))
				c.NextOpen(b)
				c.NextClose(b)
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestNoAllocs(t *testing.T) {
	c := mustCal(t, "Mon-Fri 09:00-12:00,13:00-17:00", "Europe/Berlin", HolidaySets("DE-BE"))
	u := Union(c, mustCal(t, "Mon-Fri 08:00-17:00", "America/New_York"))
	a, b := ts(t, "2024-01-03T10:00:00+01:00"), ts(t, "2025-01-03T10:00:00+01:00")
	for name, cal := range map[string]*Calendar{"Berlin": c, "union": u} {
		for fn, f := range map[string]func(){
			"Between":   func() { cal.Between(a, b) },
			"Add":       func() { cal.Add(a, 1000*time.Hour) },
			"AddBack":   func() { cal.Add(b, -1000*time.Hour) },
			"IsOpen":    func() { cal.IsOpen(b) },
			"NextOpen":  func() { cal.NextOpen(b.Add(10 * time.Hour)) },
			"NextClose": func() { cal.NextClose(b) },
		} {
			if n := testing.AllocsPerRun(100, f); n != 0 {
				t.Errorf("%s: %s allocates %v times per call, want 0", name, fn, n)
			}
		}
	}
}

func TestSpecialDays(t *testing.T) {
	christmasEve := SpecialDays(SpecialDay{Date: d("2024-12-24"), Hours: "09:00-13:00"})
	c := mustCal(t, "Mon-Fri 09:00-17:00", "UTC", Holidays(d("2024-12-24")), christmasEve)
	if got, want := c.Between(ts(t, "2024-12-24T00:00:00Z"), ts(t, "2024-12-25T00:00:00Z")), 4*time.Hour; got != want {
		t.Errorf("special day over a holiday: Between = %v, want %v (the special day wins: 09-13)", got, want)
	}
	// Mon 8 Jan 2024 runs 20:00 to Tue 10:00 (14 h), into Tuesday's 09:00-17:00:
	// open from Mon 20:00 to Tue 17:00 = 21 h.
	night := mustCal(t, "Mon-Fri 09:00-17:00", "UTC", SpecialDays(SpecialDay{Date: d("2024-01-08"), Hours: "20:00-10:00"}))
	if got, want := night.Between(ts(t, "2024-01-08T00:00:00Z"), ts(t, "2024-01-10T00:00:00Z")), 21*time.Hour; got != want {
		t.Errorf("overnight special day: Between = %v, want %v", got, want)
	}
	checkNext(t, "NextClose", "Mon 21:00", "2024-01-09T17:00:00Z", "one stretch from Mon 20:00 to Tue 17:00")(night.NextClose(ts(t, "2024-01-08T21:00:00Z")))
	closed := mustCal(t, "Mon-Fri 09:00-17:00", "UTC", SpecialDays(SpecialDay{Date: d("2024-01-08")}))
	if got := closed.Between(ts(t, "2024-01-08T00:00:00Z"), ts(t, "2024-01-09T00:00:00Z")); got != 0 {
		t.Errorf("special day with no hours: Between = %v, want 0", got)
	}
	if _, err := Parse("Mon 09:00-17:00", time.UTC, Holidays(date.Date(1<<40))); !errors.Is(err, ErrInvalidDate) {
		t.Errorf("holiday in a far year: error = %v, want ErrInvalidDate", err)
	}
	if _, err := Parse("Mon 09:00-17:00", time.UTC, christmasEve, christmasEve); !errors.Is(err, ErrOverlap) {
		t.Errorf("special day twice: error = %v, want ErrOverlap", err)
	}
}
