package calendar_test

import (
	"fmt"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
	"github.com/slaeval/slaeval/calendar"
)

func ExampleAddMonths() {
	fmt.Println(calendar.AddMonths(date.New(2025, 12, 31), 6))                                        // six months after 31 December
	fmt.Println(calendar.AddMonths(date.New(2028, 2, 29), 12))                                        // one year after 29 February
	fmt.Println(calendar.AddMonths(date.New(2026, 3, 31), -1))                                        // one month before 31 March
	fmt.Println(time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC).AddDate(0, 6, 0).Format(time.DateOnly)) // Go's normalisation
	// Output:
	// 2026-06-30
	// 2029-02-28
	// 2026-02-28
	// 2026-07-01
}

func ExampleAddDate() {
	t := time.Date(2026, 1, 31, 9, 30, 0, 0, time.UTC)
	fmt.Println(calendar.AddDate(t, 0, 1, 0))
	// Output: 2026-02-28 09:30:00 +0000 UTC
}

func ExampleAddPeriod() {
	t := time.Date(2026, 1, 31, 9, 30, 0, 0, time.UTC)
	u, ok := calendar.AddPeriod(t, period.MustParse("P1M2DT1H"))
	fmt.Println(u, ok)
	// Output: 2026-03-02 10:30:00 +0000 UTC true
}
