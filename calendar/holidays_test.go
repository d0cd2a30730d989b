package calendar

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rickb777/date/v2"
)

// TestPublishedHolidays checks one or two dates per country added from
// rickar/cal's lists against the published law or government calendar
// named in each case, and a working day next to it. A 24/7 UTC calendar
// with only the set is closed all day on a holiday.
func TestPublishedHolidays(t *testing.T) {
	tests := []struct {
		name, set string
		holiday   time.Time // closed all day
		workday   time.Time // open
		source    string
	}{
		{"FR Fête nationale", "FR", day(2026, 7, 14), day(2026, 7, 13),
			"Code du travail, art. L3133-1: the 14th of July is a public holiday"},
		{"FR Armistice", "fr", day(2026, 11, 11), day(2026, 11, 10),
			"Code du travail, art. L3133-1: the 11th of November; the name matches in any case"},
		{"JP Constitution Memorial Day", "JP", day(2025, 5, 3), day(2025, 5, 2),
			"Act on National Holidays (Act No. 178 of 1948), art. 2: 3 May; 2025-05-03 is a Saturday, which has no substitute"},
		{"JP substitute holiday 2026", "JP", day(2026, 5, 6), day(2026, 5, 7),
			"Cabinet Office list of national holidays for 2026: 6 May is the substitute holiday for Constitution Memorial Day (a Sunday)"},
		{"AU-NSW Australia Day observed", "AU-NSW", day(2025, 1, 27), day(2025, 1, 28),
			"NSW Government, public holidays 2025: Australia Day, Monday 27 January (26 January is a Sunday)"},
		{"AU-NSW Easter Saturday", "AU-NSW", day(2025, 4, 19), day(2025, 4, 17),
			"NSW Government, public holidays 2025: Easter Saturday, 19 April"},
		{"CA Victoria Day", "CA", day(2026, 5, 18), day(2026, 5, 19),
			"Holidays Act (R.S.C. 1985, c. H-5), s. 2: the Monday immediately preceding 25 May; 25 May 2026 is a Monday, so 18 May"},
		{"IT Festa della Repubblica", "IT", day(2026, 6, 2), day(2026, 6, 3),
			"Legge 27 maggio 1949, n. 260, art. 1: 2 June"},
		{"ES Fiesta Nacional", "ES", day(2026, 10, 12), day(2026, 10, 13),
			"Ley 18/1987: 12 October is the national day of Spain"},
		{"NL Koningsdag on Saturday", "NL", day(2025, 4, 26), day(2025, 4, 25),
			"Government of the Netherlands, King's Day: 27 April, or Saturday 26 April when the 27th is a Sunday (2025)"},
		{"CH-ZH Swiss National Day", "CH-ZH", day(2025, 8, 1), day(2025, 7, 31),
			"Federal Constitution of the Swiss Confederation, art. 110(3): 1 August is the Swiss National Day, a public holiday in every canton"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse("24/7", time.UTC, HolidaySets(tc.set))
			if err != nil {
				t.Fatalf("Parse(24/7, %s) error %v (source: %s)", tc.set, err, tc.source)
			}
			for _, h := range []time.Duration{0, 12 * time.Hour, 24*time.Hour - time.Nanosecond} {
				if c.IsOpen(tc.holiday.Add(h)) {
					t.Errorf("%s: IsOpen(%v) = true, want false (source: %s)", tc.set, tc.holiday.Add(h), tc.source)
				}
			}
			if !c.IsOpen(tc.workday.Add(12 * time.Hour)) {
				t.Errorf("%s: IsOpen(%v) = false, want true", tc.set, tc.workday.Add(12*time.Hour))
			}
		})
	}
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestHolidaySetUnknown(t *testing.T) {
	for _, name := range []string{"CA-ON", "GB", "XX", ""} {
		_, err := Parse("24/7", time.UTC, HolidaySets(name))
		if !errors.Is(err, ErrUnknownHolidaySet) {
			t.Errorf("Parse(24/7, HolidaySets(%q)) error = %v, want ErrUnknownHolidaySet", name, err)
		}
	}
}

// TestHolidaySetNamesAllBuild builds every set, so that no generated name
// is refused, and checks the list is sorted and unique.
func TestHolidaySetNamesAllBuild(t *testing.T) {
	names := HolidaySetNames()
	if !slices.IsSorted(names) || len(slices.Compact(slices.Clone(names))) != len(names) {
		t.Errorf("HolidaySetNames() = %v, want sorted and unique", names)
	}
	if len(names) < 80 {
		t.Errorf("len(HolidaySetNames()) = %d, want at least 80 (rickar/cal v2.1.13 has 86 lists with GB as GB-ENG and GB-WLS)", len(names))
	}
	for _, n := range names {
		d, err := holidaySet(n)
		if err != nil || len(d) == 0 {
			t.Errorf("holidaySet(%s) = %d dates, %v; want dates", n, len(d), err)
		}
	}
}

// TestDocListsHolidaySets keeps the package documentation's list of
// holiday sets complete.
func TestDocListsHolidaySets(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range HolidaySetNames() {
		if !strings.Contains(string(doc), n) {
			t.Errorf("doc.go does not name holiday set %s; add it to the # Public holidays section", n)
		}
	}
}

// TestHolidaySetDates checks that holidaySet, which converts each
// observed holiday to a date by its Unix seconds and offset (dateOf),
// gives the dates its instants read in their own location (Time.Date,
// date.New), for every set.
func TestHolidaySetDates(t *testing.T) {
	for _, name := range HolidaySetNames() {
		list, _ := holidaySetList(name)
		var want []date.Date
		for y := HolidayYearFirst; y <= HolidayYearLast; y++ {
			for _, h := range list {
				if _, obs := h.Calc(y); !obs.IsZero() {
					yy, m, d := obs.Date()
					want = append(want, date.New(yy, m, d))
				}
			}
		}
		slices.Sort(want)
		want = slices.Compact(want)
		got, err := holidaySet(name)
		if err != nil {
			t.Fatalf("holidaySet(%s): %v", name, err)
		}
		if !slices.Equal(got, want) {
			t.Errorf("holidaySet(%s) differs from the dates the holidays read: %d dates, want %d", name, len(got), len(want))
		}
	}
}
