package calendar

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
)

func TestSpecJSONRoundTrip(t *testing.T) {
	in := Spec{
		Hours:       "Mon-Fri 07:30-22:00",
		Zone:        "Europe/Berlin",
		Holidays:    []date.Date{d("2024-12-31")},
		HolidaySets: []string{"DE-BE"},
		Special:     []SpecialDay{{Date: d("2024-12-24"), Hours: "09:00-13:00"}, {Date: d("2024-12-27"), Hours: ""}},
	}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var back Spec
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, back); diff != "" {
		t.Errorf("JSON round trip (-want +got):\n%s\njson: %s", diff, b)
	}
	c, err := back.Build()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, c.Spec()); diff != "" {
		t.Errorf("Build().Spec() (-want +got):\n%s", diff)
	}
	// Christmas Eve 2024 is a Tuesday: 09:00-13:00 only (special day).
	if got, want := c.Between(ts(t, "2024-12-24T00:00:00+01:00"), ts(t, "2024-12-25T00:00:00+01:00")), 4*time.Hour; got != want {
		t.Errorf("Between over Christmas Eve = %v, want %v", got, want)
	}
	// 25 and 26 Dec are public holidays in Berlin; 27 Dec special closed; 31 Dec a holiday.
	if got, want := c.Between(ts(t, "2024-12-25T00:00:00+01:00"), ts(t, "2025-01-01T00:00:00+01:00")), 14*time.Hour+30*time.Minute; got != want {
		t.Errorf("Between 25-31 Dec = %v, want %v (only Mon 30 Dec, 07:30-22:00)", got, want)
	}
}

func TestSpecCombinations(t *testing.T) {
	in := Spec{Union: []Spec{
		{Hours: "Mon-Fri 08:00-17:00", Zone: "Europe/Berlin"},
		{Intersection: []Spec{{Hours: "Mon-Fri 08:00-17:00", Zone: "America/New_York"}, {Hours: "Mon-Sun 00:00-12:00"}}},
	}}
	c, err := in.Build()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, c.Spec()); diff != "" {
		t.Errorf("Build().Spec() (-want +got):\n%s", diff)
	}
	// Tue 5 Mar 2024: Berlin 07-16Z; New York 13-22Z cut to before 12Z is empty.
	if got, want := c.Between(ts(t, "2024-03-05T00:00:00Z"), ts(t, "2024-03-06T00:00:00Z")), 9*time.Hour; got != want {
		t.Errorf("Between = %v, want %v", got, want)
	}
	bad := Spec{Hours: "Mon 09:00-10:00", Union: []Spec{{}}}
	if _, err := bad.Build(); !errors.Is(err, ErrSyntax) {
		t.Errorf("union with hours: error = %v, want ErrSyntax", err)
	}
	if _, err := (Spec{Hours: "Mon 09:00-10:00", Zone: "Mars/Olympus"}).Build(); !errors.Is(err, ErrUnknownZone) {
		t.Errorf("unknown zone: error = %v, want ErrUnknownZone", err)
	}
	multi := Spec{Union: []Spec{{Hours: "Mon 25:00-26:00"}, {Zone: "Nowhere/Land"}}}
	_, err = multi.Build()
	if !errors.Is(err, ErrRange) || !errors.Is(err, ErrUnknownZone) {
		t.Errorf("two problems: error = %v, want both ErrRange and ErrUnknownZone", err)
	}
	if got := (Spec{}); func() bool { c, err := got.Build(); return err != nil || !c.IsOpen(ts(t, "2024-01-06T03:00:00Z")) }() {
		t.Errorf("the zero Spec does not build a 24x7 calendar")
	}
}

// Observed dates from the published bank-holiday lists (gov.uk for England,
// opm.gov for US federal holidays, the Berlin Feiertagsgesetz for 8 March).
func TestHolidaySets(t *testing.T) {
	for _, tc := range []struct {
		set, zone, day string
		open           bool
		reason         string
	}{
		{"GB-ENG", "Europe/London", "2021-12-27", false, "substitute day for Christmas Day (Sat 25 Dec 2021)"},
		{"GB-ENG", "Europe/London", "2021-12-28", false, "substitute day for Boxing Day (Sun 26 Dec 2021)"},
		{"GB-ENG", "Europe/London", "2021-12-29", true, "an ordinary Wednesday"},
		{"GB-ENG", "Europe/London", "2024-05-06", false, "early May bank holiday"},
		{"US", "America/New_York", "2021-07-05", false, "Independence Day (Sun 4 Jul 2021) observed on Monday"},
		{"US", "America/New_York", "2024-11-28", false, "Thanksgiving"},
		{"DE-BE", "Europe/Berlin", "2024-03-08", false, "International Women's Day, a holiday in Berlin since 2019"},
		{"DE", "Europe/Berlin", "2024-03-08", true, "not a national holiday"},
		{"de-by", "Europe/Berlin", "2025-01-06", false, "Epiphany, a holiday in Bavaria (names match in any case)"},
		{"DE-BE", "Europe/Berlin", "2025-01-06", true, "Epiphany is not a holiday in Berlin"},
	} {
		t.Run(tc.set+" "+tc.day, func(t *testing.T) {
			c := mustCal(t, "Mon-Sun 09:00-17:00", tc.zone, HolidaySets(tc.set))
			at, _ := time.ParseInLocation("2006-01-02 15:04", tc.day+" 12:00", c.Location())
			if got := c.IsOpen(at); got != tc.open {
				t.Errorf("IsOpen(%v) = %v, want %v (%s)", at, got, tc.open, tc.reason)
			}
		})
	}
}
