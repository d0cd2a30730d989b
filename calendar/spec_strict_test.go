package calendar

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
)

// problem is where a *ParseError is and what it wraps.
type problem struct {
	Path string
	Err  error
}

func problemsOf(t *testing.T, err error) []problem {
	t.Helper()
	var out []problem
	var walk func(error)
	walk = func(err error) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		if err == nil {
			return
		}
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("error %v (%T) is not a *ParseError", err, err)
			return
		}
		for _, s := range []error{ErrSyntax, ErrRange, ErrOverlap, ErrEmpty, ErrUnknownZone, ErrUnknownHolidaySet, ErrInvalidDate, ErrLimit} {
			if errors.Is(err, s) {
				out = append(out, problem{pe.Path, s})
				return
			}
		}
		t.Errorf("error %v wraps no sentinel", err)
	}
	walk(err)
	return out
}

var cmpSentinels = cmp.Comparer(func(a, b error) bool { return a == b })

// TestSpecJSONStrict: the JSON form of a Spec is read strictly, as a user
// writing a calendar by hand would meet it. Expected problems are read off
// each document.
func TestSpecJSONStrict(t *testing.T) {
	tests := []struct {
		name, doc string
		want      []problem
	}{
		{"valid", `{"hours": "Mon-Fri 09:00-17:00", "zone": "Europe/London", "holidays": ["2024-02-29"], "special": [{"date": "2026-12-24", "hours": "09:00-13:00"}]}`, nil},
		{"null", `null`, nil},
		{"30 February as a holiday", `{"hours": "24/7", "holidays": ["2026-01-01", "2026-02-30"]}`,
			[]problem{{"holidays[1]", ErrInvalidDate}}},
		{"29 February in a common year", `{"hours": "24/7", "special": [{"date": "2026-02-29", "hours": ""}]}`,
			[]problem{{"special[0].date", ErrInvalidDate}}},
		{"month 13", `{"hours": "24/7", "holidays": ["2026-13-01"]}`, []problem{{"holidays[0]", ErrInvalidDate}}},
		{"ordinal date", `{"hours": "24/7", "holidays": ["2026-059"]}`, []problem{{"holidays[0]", ErrInvalidDate}}},
		{"special day without a date", `{"hours": "24/7", "special": [{"hours": "09:00-12:00"}]}`,
			[]problem{{"special[0].date", ErrInvalidDate}}},
		{"hours given twice", `{"hours": "Mon-Fri 09:00-17:00", "hours": "24/7"}`, []problem{{"hours", ErrSyntax}}},
		{"date given twice in a special day", `{"hours": "24/7", "special": [{"date": "2026-12-24", "date": "2026-12-31"}]}`,
			[]problem{{"special[0].date", ErrSyntax}}},
		{"key twice inside a union part", `{"union": [{"hours": "24/7"}, {"zone": "UTC", "hours": "24/7", "zone": "Europe/Paris"}]}`,
			[]problem{{"union[1].zone", ErrSyntax}}},
		{"bad date inside an intersection part", `{"intersection": [{"hours": "24/7", "holidays": ["2026-04-31"]}]}`,
			[]problem{{"intersection[0].holidays[0]", ErrInvalidDate}}},
		{"field name in the wrong case", `{"Hours": "24/7"}`, []problem{{"Hours", ErrSyntax}}},
		{"unknown field in a special day", `{"hours": "24/7", "special": [{"date": "2026-12-24", "open": "09:00-12:00"}]}`,
			[]problem{{"special[0].open", ErrSyntax}}},
		{"number for hours", `{"hours": 24}`, []problem{{"hours", ErrSyntax}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var s Spec
			err := json.Unmarshal([]byte(tc.doc), &s)
			if diff := cmp.Diff(tc.want, problemsOf(t, err), cmpSentinels); diff != "" {
				t.Errorf("json.Unmarshal(%s) problems (-want +got):\n%s\nerror: %v", tc.doc, diff, err)
			}
		})
	}
}

// TestSpecJSONRoundTripStrict: what Spec encodes, the strict reader reads
// back equal.
func TestSpecJSONRoundTripStrict(t *testing.T) {
	in := Spec{Union: []Spec{
		{Hours: "Mon-Fri 09:00-17:00", Zone: "Europe/Berlin", Holidays: []date.Date{date.New(2026, 12, 25)}, HolidaySets: []string{"DE-BE"},
			Special: []SpecialDay{{Date: date.New(2026, 12, 24), Hours: "09:00-12:00"}, {Date: date.New(2026, 12, 31)}}},
		{Intersection: []Spec{{Hours: "24/7"}, {Hours: "Sat 10:00-14:00", Zone: "America/New_York"}}},
	}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var back Spec
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("json.Unmarshal(%s) = %v", b, err)
	}
	if diff := cmp.Diff(in, back); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

// TestSpecLimits: each limit is refused with ErrLimit at its path, by
// Validate and by Build, and the same input just inside the limit builds.
// Parse refuses the same amounts.
func TestSpecLimits(t *testing.T) {
	days := func(n int) []date.Date {
		out := make([]date.Date, n)
		for i := range out {
			out[i] = date.New(2000, 1, 1) + date.Date(i)
		}
		return out
	}
	specials := func(n int) []SpecialDay {
		out := make([]SpecialDay, n)
		for i := range out {
			out[i] = SpecialDay{Date: date.New(2000, 1, 1) + date.Date(i), Hours: "10:00-11:00"}
		}
		return out
	}
	sets := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = "US"
		}
		return out
	}
	union := func(n int) Spec {
		s := Spec{}
		for range n {
			s.Union = append(s.Union, Spec{Hours: "24/7"})
		}
		return s
	}
	day := func(n int) string { return strings.Join(dayOfIntervals(n), ",") }
	tests := []struct {
		name string
		ok   Spec // at the limit
		over Spec // one past it
		want []problem
	}{
		{"intervals in the weekly hours", Spec{Hours: "Mon " + day(MaxDayIntervals)}, Spec{Hours: "Mon " + day(MaxDayIntervals+1)},
			[]problem{{"hours", ErrLimit}}},
		{"intervals on one day from two groups", Spec{Hours: "Mon " + day(MaxDayIntervals)},
			Spec{Hours: "Mon " + day(MaxDayIntervals) + "; Mon-Tue 23:50-23:55"}, []problem{{"hours", ErrLimit}}},
		{"intervals of a special day", Spec{Hours: "24/7", Special: []SpecialDay{{Date: date.New(2026, 1, 1), Hours: day(MaxDayIntervals)}}},
			Spec{Hours: "24/7", Special: []SpecialDay{{Date: date.New(2026, 1, 1), Hours: day(MaxDayIntervals + 1)}}},
			[]problem{{"special[0].hours", ErrLimit}}},
		{"holidays", Spec{Hours: "24/7", Holidays: days(MaxHolidays)}, Spec{Hours: "24/7", Holidays: days(MaxHolidays + 1)},
			[]problem{{"holidays", ErrLimit}}},
		{"holiday sets", Spec{Hours: "24/7", HolidaySets: sets(MaxHolidaySets)}, Spec{Hours: "24/7", HolidaySets: sets(MaxHolidaySets + 1)},
			[]problem{{"holidaySets", ErrLimit}}},
		{"special days", Spec{Hours: "24/7", Special: specials(MaxSpecialDays)}, Spec{Hours: "24/7", Special: specials(MaxSpecialDays + 1)},
			[]problem{{"special", ErrLimit}}},
		// The union itself counts: 31 parts make 32 calendars.
		{"parts of a union", union(MaxSpecParts - 1), union(MaxSpecParts), []problem{{"union[31]", ErrLimit}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := tc.ok.Build(); err != nil {
				t.Errorf("Build() at the limit = %v, want a calendar", err)
			}
			if diff := cmp.Diff(tc.want, problemsOf(t, tc.over.Validate()), cmpSentinels); diff != "" {
				t.Errorf("Validate() one past the limit (-want +got):\n%s", diff)
			}
			if _, err := tc.over.Build(); !errors.Is(err, ErrLimit) {
				t.Errorf("Build() one past the limit = %v, want ErrLimit", err)
			}
			if len(tc.over.Union) == 0 {
				_, err := Parse(tc.over.Hours, time.UTC, Holidays(tc.over.Holidays...), HolidaySets(tc.over.HolidaySets...), SpecialDays(tc.over.Special...))
				if !errors.Is(err, ErrLimit) {
					t.Errorf("Parse one past the limit = %v, want ErrLimit", err)
				}
			}
		})
	}
}

// TestSpecValidatePaths: Validate reports every problem with its path, and
// Build the same ones.
func TestSpecValidatePaths(t *testing.T) {
	s := Spec{Intersection: []Spec{
		{Hours: "Mon-Fry 09:00-17:00", Zone: "Europe/Lundon", HolidaySets: []string{"US", "XX"},
			Holidays: []date.Date{date.New(0, 1, 1)},
			Special:  []SpecialDay{{Date: date.New(2026, 12, 24), Hours: "09:00-25:00"}, {Date: date.New(2026, 12, 24)}}},
		{Hours: "24/7", Union: []Spec{{Hours: "24/7"}}},
	}}
	want := []problem{
		{"intersection[0].zone", ErrUnknownZone},
		{"intersection[0].hours", ErrSyntax},
		{"intersection[0].holidays[0]", ErrInvalidDate},
		{"intersection[0].holidaySets[1]", ErrUnknownHolidaySet},
		{"intersection[0].special[0].hours", ErrRange},
		{"intersection[0].special[1].date", ErrOverlap},
		{"intersection[1]", ErrSyntax},
	}
	if diff := cmp.Diff(want, problemsOf(t, s.Validate()), cmpSentinels); diff != "" {
		t.Errorf("Validate() (-want +got):\n%s", diff)
	}
	_, err := s.Build()
	if diff := cmp.Diff(want, problemsOf(t, err), cmpSentinels); diff != "" {
		t.Errorf("Build() (-want +got):\n%s", diff)
	}
	if got := err.Error(); !strings.Contains(got, `calendar: parse "Mon-Fry 09:00-17:00" (at intersection[0].hours, part "Fry"): invalid syntax`) {
		t.Errorf("Build() error = %s, want it to name the path and the part", got)
	}
}
