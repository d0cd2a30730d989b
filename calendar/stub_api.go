package calendar

// STUB: fixes the names other packages code against; replaced by the real
// implementation (the calendar branch).

import (
	"time"

	"github.com/rickb777/date/v2"
)

// Spec is a calendar as a plain value, for storing agreements as data. It
// round-trips through encoding/json.
type Spec struct {
	Hours       string       `json:"hours"`                 // compact form: "Mon-Fri 07:30-22:00"; "24/7"
	Zone        string       `json:"zone,omitempty"`        // IANA name; "" means UTC
	Holidays    []date.Date  `json:"holidays,omitempty"`    // closed all day
	HolidaySets []string     `json:"holidaySets,omitempty"` // public holidays by region, e.g. "GB-ENG", "DE-BE", "US"
	Special     []SpecialDay `json:"special,omitempty"`     // dates with their own hours
}

// SpecialDay gives one date its own hours, replacing its weekly hours.
type SpecialDay struct {
	Date  date.Date `json:"date"`
	Hours string    `json:"hours"` // "09:00-13:00"; "" means closed
}

// Build validates s and returns the calendar it describes.
func (s Spec) Build() (*Calendar, error) { return Parse(s.Hours, time.UTC) }

// Unit says what a Span counts.
type Unit uint8

const (
	WallTime     Unit = iota // real elapsed time; the calendar is ignored
	BusinessTime             // open time of the calendar
	BusinessDays             // whole business days (see AddSpan for the rule)
)

// Span is an amount of time with an explicit unit. Duration is used by
// WallTime and BusinessTime, Days by BusinessDays.
type Span struct {
	Unit     Unit
	Duration time.Duration
	Days     int
}

// AddSpan returns the instant s after t on c.
func (c *Calendar) AddSpan(t time.Time, s Span) time.Time {
	switch s.Unit {
	case BusinessDays:
		return t.AddDate(0, 0, s.Days)
	default:
		return t.Add(s.Duration)
	}
}
