package metric

import (
	"errors"
	"time"
)

// Sentinel errors. Every error returned by this package wraps one of them, so
// callers branch with errors.Is and display the *Error for the detail.
var (
	// ErrInvalid: a definition (clock, availability, volume, ratio,
	// percentile, deadline or period spec) is malformed.
	ErrInvalid = errors.New("invalid definition")
	// ErrOutOfOrder: an event is earlier than one already applied to the
	// same state.
	ErrOutOfOrder = errors.New("event out of order")
	// ErrStopBeforeStart: a strict clock saw a stop before any start.
	ErrStopBeforeStart = errors.New("stop before start")
	// ErrResumeWithoutPause: a strict clock saw a resume while not paused.
	ErrResumeWithoutPause = errors.New("resume without pause")
	// ErrNegative: a count, sum, duration or request count is negative.
	ErrNegative = errors.New("negative value")
	// ErrUnknownPeriod: a period step is not one of the supported calendar
	// periods, or a window length is not a whole calendar amount.
	ErrUnknownPeriod = errors.New("unknown period")
	// ErrEmpty: a value was asked of an aggregate that holds nothing to
	// compute it from (a percentile of no values).
	ErrEmpty = errors.New("empty aggregate")
)

// Error is the typed error of this package: the operation, where it happened
// (a field path or an event), and the sentinel or cause it wraps.
//
// Its message reads "metric: <op> (<where>): <cause>".
type Error struct {
	Op    string    // what was being done: "clock apply", "availability", ...
	Where string    // field path or event description; may be empty
	At    time.Time // instant of the offending event; zero when not about an event
	Err   error     // the sentinel (ErrOutOfOrder, ...) or a cause wrapping one
}

// Error implements error.
func (e *Error) Error() string {
	s := "metric: " + e.Op
	if e.Where != "" {
		s += " (" + e.Where + ")"
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the wrapped sentinel or cause.
func (e *Error) Unwrap() error { return e.Err }

func errorf(op, where string, err error) error {
	return &Error{Op: op, Where: where, Err: err}
}

// invalid reports a definition problem at a field path with a reason.
func invalid(op, where, why string) error {
	return &Error{Op: op, Where: where, Err: &reasonError{why: why, base: ErrInvalid}}
}

type reasonError struct {
	why  string
	base error
}

func (r *reasonError) Error() string { return r.base.Error() + ": " + r.why }
func (r *reasonError) Unwrap() error { return r.base }
