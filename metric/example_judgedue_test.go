package metric_test

import (
	"fmt"
	"time"

	"github.com/slaeval/slaeval/calendar"
	"github.com/slaeval/slaeval/metric"
)

// A deadline of 4 business hours on Mon-Fri 08:00-16:00, anchored Wednesday
// 12:00, is due at the 16:00 closing. Done at 20:30 it is met: no open time
// lies between the due instant and the completion, as for a clock stopped
// there.
func ExampleJudgeDue() {
	cal := calendar.MustParse("Mon-Fri 08:00-16:00", time.UTC)
	anchor := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)
	due := cal.Add(anchor, 4*time.Hour)
	done := time.Date(2026, 3, 4, 20, 30, 0, 0, time.UTC)
	st := metric.JudgeDue(cal, true, anchor, due, done, done)
	fmt.Println(st.Due.Format(time.DateTime), st.State, st.Late, st.LateBusiness)
	// Output: 2026-03-04 16:00:00 met 0s 0s
}

// Not done, the same obligation turns missed 1 ns after Thursday's
// opening on the calendar; a wall-time target due at 16:00 turns missed 1
// ns after it.
func ExampleMissedFrom() {
	cal := calendar.MustParse("Mon-Fri 08:00-16:00", time.UTC)
	due := time.Date(2026, 3, 4, 16, 0, 0, 0, time.UTC)
	fmt.Println(metric.MissedFrom(cal, true, due).Format(time.RFC3339Nano))
	fmt.Println(metric.MissedFrom(cal, false, due).Format(time.RFC3339Nano))
	// Output:
	// 2026-03-05T08:00:00.000000001Z
	// 2026-03-04T16:00:00.000000001Z
}

func ExampleDeadline_OnCalendar() {
	cal := calendar.MustParse("Mon-Fri 08:00-16:00", time.UTC)
	business, _ := metric.NewDeadline(metric.DeadlineSpec{Calendar: cal, Within: calendar.Span{Unit: calendar.BusinessTime, Duration: 4 * time.Hour}})
	wall, _ := metric.NewDeadline(metric.DeadlineSpec{Calendar: cal, Within: calendar.Span{Unit: calendar.WallTime, Duration: 4 * time.Hour}})
	fmt.Println(business.OnCalendar(), wall.OnCalendar())
	// Output: true false
}

func ExampleDeadline_MissedFrom() {
	cal := calendar.MustParse("Mon-Fri 08:00-16:00", time.UTC)
	d, _ := metric.NewDeadline(metric.DeadlineSpec{Calendar: cal, Within: calendar.Span{Unit: calendar.BusinessTime, Duration: 4 * time.Hour}})
	anchor := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC) // Wednesday
	fmt.Println(d.Due(anchor).Format(time.RFC3339), d.MissedFrom(anchor).Format(time.RFC3339Nano))
	// Output: 2026-03-04T16:00:00Z 2026-03-05T08:00:00.000000001Z
}
