package calendar

import (
	"fmt"
	"testing"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/de"
)

// The benchmark calendars: Mon-Fri in Europe/Berlin with Berlin's public
// holidays (about 10 a year). "slaeval-lunch" has a lunch break
// (09:00-12:00,13:00-17:00), which rickar/cal cannot express; "slaeval" and
// "rickar" both have 09:00-17:00, so those two rows compare like with like.
var benchSpans = []struct {
	name string
	days int
}{{"1d", 1}, {"30d", 30}, {"365d", 365}, {"10y", 3652}}

type benchCals struct {
	lunch, plain *Calendar
	rickar       *cal.BusinessCalendar
	start        time.Time
}

func newBenchCals(b testing.TB) benchCals {
	berlin := mustLoad(b, "Europe/Berlin")
	rc := cal.NewBusinessCalendar()
	rc.AddHoliday(de.HolidaysBE...)
	rc.SetWorkHours(9*time.Hour, 17*time.Hour)
	return benchCals{
		lunch:  mustCal(b, "Mon-Fri 09:00-12:00,13:00-17:00", "Europe/Berlin", HolidaySets("DE-BE")),
		plain:  mustCal(b, "Mon-Fri 09:00-17:00", "Europe/Berlin", HolidaySets("DE-BE")),
		rickar: rc,
		start:  time.Date(2024, time.January, 3, 10, 0, 0, 0, berlin),
	}
}

var sinkD time.Duration
var sinkT time.Time

func BenchmarkBetween(b *testing.B) {
	bc := newBenchCals(b)
	for _, sp := range benchSpans {
		end := bc.start.AddDate(0, 0, sp.days)
		b.Run(fmt.Sprintf("span=%s/impl=slaeval-lunch", sp.name), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkD = bc.lunch.Between(bc.start, end)
			}
		})
		b.Run(fmt.Sprintf("span=%s/impl=slaeval", sp.name), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkD = bc.plain.Between(bc.start, end)
			}
		})
		b.Run(fmt.Sprintf("span=%s/impl=rickar", sp.name), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkD = bc.rickar.WorkHoursInRange(bc.start, end)
			}
		})
	}
}

func BenchmarkAdd(b *testing.B) {
	bc := newBenchCals(b)
	for _, sp := range benchSpans {
		end := bc.start.AddDate(0, 0, sp.days)
		dl, dp := bc.lunch.Between(bc.start, end), bc.plain.Between(bc.start, end)
		b.Run(fmt.Sprintf("span=%s/impl=slaeval-lunch", sp.name), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkT = bc.lunch.Add(bc.start, dl)
			}
		})
		b.Run(fmt.Sprintf("span=%s/impl=slaeval", sp.name), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkT = bc.plain.Add(bc.start, dp)
			}
		})
		b.Run(fmt.Sprintf("span=%s/impl=rickar", sp.name), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkT = bc.rickar.AddWorkHours(bc.start, dp)
			}
		})
	}
}

// BenchmarkCombined: Between on the union and the intersection of the lunch
// calendar in Berlin and 08:00-17:00 in New York.
func BenchmarkCombined(b *testing.B) {
	bc := newBenchCals(b)
	ny := mustCal(b, "Mon-Fri 08:00-17:00", "America/New_York", HolidaySets("US"))
	for _, c := range []struct {
		name string
		cal  *Calendar
	}{{"union", Union(bc.lunch, ny)}, {"intersection", Intersection(bc.lunch, ny)}} {
		for _, sp := range benchSpans {
			end := bc.start.AddDate(0, 0, sp.days)
			b.Run(fmt.Sprintf("span=%s/impl=%s", sp.name, c.name), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					sinkD = c.cal.Between(bc.start, end)
				}
			})
		}
	}
}

// BenchmarkParse measures building a calendar (the one-off precomputation).
func BenchmarkParse(b *testing.B) {
	benchParse(b, "Mon-Fri 09:00-12:00,13:00-17:00", "Europe/Berlin", "DE-BE")
}

// BenchmarkParseSupportDesk measures building the support-desk calendar of
// sla/testdata/agreements/support-desk.json: Mon-Fri 07:30-22:00 in
// Europe/London with the holiday set GB-ENG.
func BenchmarkParseSupportDesk(b *testing.B) {
	benchParse(b, "Mon-Fri 07:30-22:00", "Europe/London", "GB-ENG")
}

func benchParse(b *testing.B, hours, zone, set string) {
	loc := mustLoad(b, zone)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(hours, loc, HolidaySets(set)); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBenchCalendarsAgree checks that the slaeval and rickar benchmark
// calendars count the same hours where rickar is right (no DST Sunday
// involved: both are closed on Sundays), so the comparison is fair.
func TestBenchCalendarsAgree(t *testing.T) {
	bc := newBenchCals(t)
	for _, sp := range benchSpans {
		end := bc.start.AddDate(0, 0, sp.days)
		if got, want := bc.plain.Between(bc.start, end), bc.rickar.WorkHoursInRange(bc.start, end); got != want {
			t.Errorf("span %s: slaeval %v, rickar %v", sp.name, got, want)
		}
	}
}
