package calendar

import "time"

// Unit says what a Span counts.
type Unit uint8

const (
	WallTime     Unit = iota // real elapsed time; the calendar is ignored
	BusinessTime             // open time of the calendar
	BusinessDays             // whole business days (see AddSpan for the rule)
)

// Span is an amount of time with an explicit unit. Duration is used by
// WallTime and BusinessTime, Days by BusinessDays. The zero Span is zero
// wall time.
type Span struct {
	Unit     Unit
	Duration time.Duration
	Days     int
}

// AddSpan returns the instant s after t on c: t.Add for WallTime, c.Add for
// BusinessTime.
//
// BusinessDays is not implemented yet: it currently moves by calendar days.
func (c *Calendar) AddSpan(t time.Time, s Span) time.Time {
	switch s.Unit {
	case BusinessDays:
		return t.AddDate(0, 0, s.Days)
	case BusinessTime:
		return c.Add(t, s.Duration)
	default:
		return t.Add(s.Duration)
	}
}
