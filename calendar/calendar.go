package calendar

// STUB: this file fixes the API surface so that other packages compile while
// the real implementation is written. It will be replaced wholesale.

import (
	"errors"
	"time"

	"github.com/rickb777/date/v2"
)

// Calendar is a business-hour calendar. The zero Calendar and a nil
// *Calendar are open all the time (24×7) in UTC.
type Calendar struct {
	loc *time.Location
}

// Option configures Parse.
type Option interface{ apply(*options) }

type options struct{ holidays []date.Date }

type optionFunc func(*options)

func (f optionFunc) apply(o *options) { f(o) }

// Holidays closes the calendar on the given dates.
func Holidays(dates ...date.Date) Option {
	return optionFunc(func(o *options) { o.holidays = append(o.holidays, dates...) })
}

// Parse parses a compact opening-hours spec such as "Mon-Fri 07:30-22:00".
func Parse(spec string, loc *time.Location, opts ...Option) (*Calendar, error) {
	return nil, errors.New("calendar: not implemented")
}

// Location is the calendar's time zone (UTC for the zero calendar).
func (c *Calendar) Location() *time.Location {
	if c == nil || c.loc == nil {
		return time.UTC
	}
	return c.loc
}

// Between is the business time in [from, to); negative when to is before from.
func (c *Calendar) Between(from, to time.Time) time.Duration { return to.Sub(from) }

// Add returns the instant d of business time after t (before t when d < 0).
func (c *Calendar) Add(t time.Time, d time.Duration) time.Time { return t.Add(d) }

// IsOpen reports whether t lies in an open interval.
func (c *Calendar) IsOpen(t time.Time) bool { return true }

// NextOpen returns the first open instant at or after t.
func (c *Calendar) NextOpen(t time.Time) (time.Time, bool) { return t, true }

// NextClose returns the end of the open stretch at or after t.
func (c *Calendar) NextClose(t time.Time) (time.Time, bool) { return time.Time{}, false }
