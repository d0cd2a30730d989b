package calendar

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestBuildWith checks that BuildWith asks its loader for each zone once
// and builds what Build builds, and that a loader's failure, or a
// location it does not give, is reported as an unknown zone.
func TestBuildWith(t *testing.T) {
	s := Spec{Intersection: []Spec{
		{Hours: "Mon-Fri 07:30-22:00", Zone: "Europe/London", HolidaySets: []string{"GB-ENG"}},
		{Hours: "24/7", Zone: "Europe/London"},
		{Hours: "Mon-Sat 06:00-20:00", Zone: "America/New_York"},
	}}
	calls := map[string]int{}
	got, err := s.BuildWith(func(name string) (*time.Location, error) {
		calls[name]++
		return time.LoadLocation(name)
	})
	if err != nil {
		t.Fatalf("BuildWith: %v", err)
	}
	// each of the two zones once, though London is named twice
	if diff := cmp.Diff(map[string]int{"Europe/London": 1, "America/New_York": 1}, calls); diff != "" {
		t.Errorf("zones loaded (-want +got):\n%s", diff)
	}
	want, err := s.Build()
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	if diff := cmp.Diff(want.Spec(), got.Spec()); diff != "" {
		t.Errorf("BuildWith's Spec (-Build's +BuildWith's):\n%s", diff)
	}
	from := time.Date(2026, time.March, 23, 0, 0, 0, 0, time.UTC) // a week with a DST change in both zones' year
	for d := range 400 {
		a := from.AddDate(0, 0, d)
		if g, w := got.Between(a, a.AddDate(0, 0, 1)), want.Between(a, a.AddDate(0, 0, 1)); g != w {
			t.Fatalf("BuildWith's Between(%v, next day) = %v, want %v (Build's)", a, g, w)
		}
	}

	for _, tc := range []struct {
		name string
		load func(string) (*time.Location, error)
	}{
		{"loader fails", func(string) (*time.Location, error) { return nil, errors.New("no zone database") }},
		{"loader gives no location", func(string) (*time.Location, error) { return nil, nil }},
	} {
		_, err := Spec{Hours: "24/7", Zone: "Europe/London"}.BuildWith(tc.load)
		var pe *ParseError
		if !errors.Is(err, ErrUnknownZone) || !errors.As(err, &pe) || pe.Path != "zone" {
			t.Errorf("%s: BuildWith = %v, want a *ParseError at zone wrapping ErrUnknownZone", tc.name, err)
		}
	}
}
