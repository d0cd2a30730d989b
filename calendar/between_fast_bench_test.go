package calendar

import (
	"testing"
	"time"
)

// BenchmarkBetweenLondon measures Between as an SLA clock calls it: on an
// office calendar (Mon-Fri 07:30-22:00 in London, with England's bank
// holidays), mostly between instants a few hours apart in the same week.
func BenchmarkBetweenLondon(b *testing.B) {
	c := mustCal(b, "Mon-Fri 07:30-22:00", "Europe/London", HolidaySets("GB-ENG"))
	lon := c.Location()
	for _, tc := range []struct {
		name     string
		from, to time.Time
	}{
		// Tuesday morning to early afternoon, with nanoseconds.
		{"sameDay", time.Date(2024, time.March, 12, 9, 15, 30, 500, lon), time.Date(2024, time.March, 12, 14, 40, 10, 250, lon)},
		// Monday to Thursday of the same week (summer time).
		{"sameWeek", time.Date(2024, time.July, 8, 10, 0, 0, 0, lon), time.Date(2024, time.July, 11, 16, 30, 0, 0, lon)},
		// Friday evening to Monday morning: adjacent weeks.
		{"nextWeek", time.Date(2024, time.July, 12, 18, 0, 0, 0, lon), time.Date(2024, time.July, 15, 9, 0, 0, 0, lon)},
		// Backwards within a day: a negative result.
		{"reversed", time.Date(2024, time.March, 12, 14, 40, 10, 0, lon), time.Date(2024, time.March, 12, 9, 15, 30, 0, lon)},
		// A year apart.
		{"far", time.Date(2024, time.March, 12, 9, 15, 30, 0, lon), time.Date(2025, time.March, 11, 14, 40, 10, 0, lon)},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkD = c.Between(tc.from, tc.to)
			}
		})
	}
}
