package calendar

import (
	"errors"
	"strconv"
	"strings"
)

// Sentinel errors. Every error returned by this package matches one of them
// with errors.Is; most come wrapped in a *ParseError that says where.
var (
	// ErrSyntax: the text is not in the compact opening-hours form.
	ErrSyntax = errors.New("invalid syntax")
	// ErrRange: a field is out of range (hour > 24, minute > 59, ...).
	ErrRange = errors.New("value out of range")
	// ErrOverlap: two opening intervals overlap.
	ErrOverlap = errors.New("overlapping intervals")
	// ErrEmpty: the spec has no opening hours at all.
	ErrEmpty = errors.New("empty spec")
	// ErrNilLocation: a nil *time.Location was passed.
	ErrNilLocation = errors.New("nil location")
	// ErrUnknownZone: Spec.Zone names no time zone known to time.LoadLocation.
	ErrUnknownZone = errors.New("unknown time zone")
	// ErrUnknownHolidaySet: a holiday-set name is not supported (see HolidaySetNames).
	ErrUnknownHolidaySet = errors.New("unknown holiday set")
	// ErrInvalidDate: a holiday or special day lies outside the supported
	// range, or (in a Spec's JSON form) is a date that does not exist, such
	// as 2026-02-30.
	ErrInvalidDate = errors.New("date out of range")
	// ErrLimit: the definition exceeds one of the package's limits
	// (MaxDayIntervals, MaxHolidays, MaxHolidaySets, MaxSpecialDays,
	// MaxSpecParts, MaxSpecDepth).
	ErrLimit = errors.New("limit exceeded")
)

// ParseError reports a problem in a calendar definition. Part quotes the
// offending piece of the input; Path says where in a Spec it is.
type ParseError struct {
	Input string // the whole input (spec text, zone name, ...)
	Part  string // the offending part of Input; may equal Input
	// Path is the JSON path of the offending field inside a Spec
	// ("special[2].hours", "union[1].zone"), set by Spec.Validate,
	// Spec.Build and Spec's UnmarshalJSON; "" for Parse and for the
	// Spec as a whole.
	Path string
	Err  error // one of the sentinel errors, possibly wrapped with detail
}

// Error returns "calendar: parse "input" (at path, part "part"): reason".
func (e *ParseError) Error() string {
	s := "calendar: parse " + strconv.Quote(e.Input)
	var where []string
	if e.Path != "" {
		where = append(where, "at "+e.Path)
	}
	if e.Part != "" && e.Part != e.Input {
		where = append(where, "part "+strconv.Quote(e.Part))
	}
	if len(where) > 0 {
		s += " (" + strings.Join(where, ", ") + ")"
	}
	return s + ": " + e.Err.Error()
}

// Unwrap returns the underlying sentinel error.
func (e *ParseError) Unwrap() error { return e.Err }

func parseErr(input, part string, err error) error {
	return &ParseError{Input: input, Part: part, Err: err}
}
