package calendar

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rickb777/date/v2"
)

// atLimits returns calendars at the package's limits, in a zone with DST
// (the costliest case: weeks with a DST change are computed one by one):
// every weekday with MaxDayIntervals intervals, MaxHolidays holidays,
// MaxSpecialDays special days of MaxDayIntervals intervals each, all at
// once, and a union of MaxSpecParts-1 calendars in four zones whose
// intervals interleave (so the union has hundreds of intervals a day).
func atLimits(tb testing.TB) map[string]Spec {
	tb.Helper()
	day := strings.Join(dayOfIntervals(MaxDayIntervals), ",")
	hours := "Mon-Sun " + day
	var hol []date.Date
	for i := range MaxHolidays {
		hol = append(hol, date.New(1990, 1, 1)+date.Date(3*i))
	}
	var sp []SpecialDay
	for i := range MaxSpecialDays {
		sp = append(sp, SpecialDay{Date: date.New(1990, 1, 2) + date.Date(3*i), Hours: day})
	}
	zones := []string{"Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata"}
	var union Spec
	for i := range MaxSpecParts - 1 {
		iv := make([]string, MaxDayIntervals)
		for j := range iv {
			m := i%14 + 30*j // 48 intervals 10 minutes long, every 30 minutes, shifted per part
			iv[j] = fmt.Sprintf("%02d:%02d-%02d:%02d", m/60, m%60, (m+10)/60, (m+10)%60)
		}
		union.Union = append(union.Union, Spec{Hours: "Mon-Sun " + strings.Join(iv, ","), Zone: zones[i%len(zones)], Holidays: hol[:100]})
	}
	return map[string]Spec{
		"union":     union,
		"intervals": {Hours: hours, Zone: "Europe/London"},
		"holidays":  {Hours: "Mon-Fri 09:00-17:00", Zone: "Europe/London", Holidays: hol},
		"special":   {Hours: "Mon-Fri 09:00-17:00", Zone: "Europe/London", Special: sp},
		"all":       {Hours: hours, Zone: "Europe/London", Holidays: hol, Special: sp, HolidaySets: HolidaySetNames()[:MaxHolidaySets]},
	}
}

// dayOfIntervals returns n intervals 5 minutes long every 14 minutes from
// 00:05 (n <= 102).
func dayOfIntervals(n int) []string {
	ivs := make([]string, n)
	for i := range ivs {
		m := 5 + 14*i
		ivs[i] = fmt.Sprintf("%02d:%02d-%02d:%02d", m/60, m%60, (m+5)/60, (m+5)%60)
	}
	return ivs
}

// BenchmarkBuildAtLimits measures the worst calendars the limits allow.
func BenchmarkBuildAtLimits(b *testing.B) {
	for _, name := range []string{"intervals", "holidays", "special", "all", "union"} {
		s := atLimits(b)[name]
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Build(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
