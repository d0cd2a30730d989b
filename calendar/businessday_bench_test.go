package calendar

import (
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/rickb777/date/v2/clock"
)

// Business-day benchmarks on the England office calendar (Mon-Fri
// 09:00-17:30 in London with the England bank holidays). Each function is
// measured for growing n or ranges: the cost must stay flat.

var (
	sinkDate date.Date
	sinkInt  int
	sinkBool bool
)

func BenchmarkIsBusinessDay(b *testing.B) {
	eng := englandOffice(b)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sinkBool = eng.IsBusinessDay(ymd(2026, 1, 1) + date.Date(i%3650))
	}
}

func BenchmarkAddBusinessDays(b *testing.B) {
	eng := englandOffice(b)
	for _, n := range []int{1, 20, 250, 2500} {
		b.Run("n="+itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkDate, sinkBool = eng.AddBusinessDays(ymd(2026, 12, 23), n)
			}
		})
	}
}

var benchRanges = []struct {
	name string
	days int
}{{"30d", 30}, {"1y", 365}, {"10y", 3652}}

func BenchmarkBusinessDaysBetween(b *testing.B) {
	eng := englandOffice(b)
	for _, r := range benchRanges {
		b.Run("range="+r.name, func(b *testing.B) {
			b.ReportAllocs()
			from := ymd(2026, 1, 1)
			for b.Loop() {
				sinkInt = eng.BusinessDaysBetween(from, from+date.Date(r.days))
			}
		})
	}
}

func BenchmarkSameTimeAfter(b *testing.B) {
	eng := englandOffice(b)
	t := time.Date(2026, 12, 23, 11, 0, 0, 0, eng.Location())
	for _, n := range []int{1, 20, 250, 2500} {
		b.Run("n="+itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkT, sinkBool = eng.SameTimeAfter(t, n)
			}
		})
	}
}

// BenchmarkSameTimeSpan: the limit of an n-business-day target on the
// England office calendar (whose business days are all alike), and on one
// with a short Saturday (not alike: SameTimeAfter and Between).
func BenchmarkSameTimeSpan(b *testing.B) {
	eng := englandOffice(b)
	sat := MustParse("Mon-Fri 09:00-17:30; Sat 09:00-13:00", eng.Location(), HolidaySets("GB-ENG"))
	t := time.Date(2026, 12, 23, 11, 0, 0, 0, eng.Location())
	for _, c := range []struct {
		name string
		cal  *Calendar
	}{{"alike", eng}, {"saturday", sat}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkD, sinkBool = c.cal.SameTimeSpan(t, 3)
			}
		})
	}
}

func BenchmarkBusinessDayOf(b *testing.B) {
	eng := englandOffice(b)
	t := time.Date(2026, 12, 23, 11, 0, 0, 0, eng.Location())
	b.ReportAllocs()
	for b.Loop() {
		sinkDate, sinkBool = eng.BusinessDayOf(t)
	}
}

func BenchmarkEndOfBusinessDay(b *testing.B) {
	eng := englandOffice(b)
	t := time.Date(2026, 12, 23, 11, 0, 0, 0, eng.Location())
	b.ReportAllocs()
	for b.Loop() {
		sinkT, sinkBool = eng.EndOfBusinessDay(t)
	}
}

func BenchmarkDeadlineResolve(b *testing.B) {
	eng := englandOffice(b)
	anchor := time.Date(2026, 5, 22, 18, 0, 0, 0, eng.Location())
	for _, dl := range []Deadline{
		{DayAt, 1, clock.New(16, 0, 0, 0)},
		{DayAt, 250, clock.New(16, 0, 0, 0)},
		{DayEnd, 20, 0},
		{MonthDayEnd, 5, 0},
	} {
		b.Run(dl.String(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := dl.Resolve(eng, anchor); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
