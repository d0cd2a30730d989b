package sla

import (
	"errors"
	"strings"
)

// Sentinel errors. Every problem found while decoding or validating an
// agreement is an [*Error] that wraps exactly one of these, so callers can
// branch with errors.Is.
var (
	ErrSyntax       = errors.New("not a single well-formed JSON document")
	ErrUnknownField = errors.New("unknown field")
	ErrType         = errors.New("wrong type or format")
	ErrMissing      = errors.New("required field missing")
	ErrInvalid      = errors.New("invalid value")
	ErrUnknownRef   = errors.New("unknown reference")
	ErrDuplicate    = errors.New("duplicate identifier")
	ErrOverlap      = errors.New("overlapping versions")
	ErrUnit         = errors.New("wrong unit")
	ErrRange        = errors.New("value out of range")
	ErrZone         = errors.New("unknown time zone")
	ErrNoClause     = errors.New("the agreement has no such clause")
	// ErrLimit: the agreement asks for more than a documented limit allows
	// (see Limits, and the calendar package's Max constants); the problem's
	// path says where and its message names the limit.
	ErrLimit = errors.New("limit exceeded")
)

// ErrCorrupt is wrapped by the [*Error] of Evaluator.Restore and
// Evaluator.Merge when a snapshot or partial holds a value no stream of
// events can produce (a clock phase out of range, a negative elapsed time
// or count, an unsorted distribution, instants out of order, a period
// start off the objective's grid): it was damaged or edited. The error's
// Path is the value's JSON path in the snapshot or partial. A snapshot
// that is sound but belongs elsewhere fails with ErrMismatch instead.
var ErrCorrupt = errors.New("impossible value in a snapshot or partial")

// Error is one problem in an agreement: where it is (a JSON path such as
// versions[0].objectives[2].target) and what is wrong, in a sentence a
// contract manager can act on. Err is one of the package's sentinels.
type Error struct {
	Path string // JSON path; "" for the document as a whole
	Msg  string // what is wrong and, where possible, how to fix it
	Err  error  // sentinel, for errors.Is
}

// Error returns "sla: path: message".
func (e *Error) Error() string {
	if e.Path == "" {
		return "sla: " + e.Msg
	}
	return "sla: " + e.Path + ": " + e.Msg
}

// Unwrap returns the sentinel.
func (e *Error) Unwrap() error { return e.Err }

// Problems returns the individual problems in err: the [*Error] values joined
// into it by [Decode] or [Agreement.Validate], in the order they were found.
// It returns nil for a nil error.
func Problems(err error) []*Error {
	var out []*Error
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		if e, ok := err.(*Error); ok {
			out = append(out, e)
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		var e *Error
		if errors.As(err, &e) {
			out = append(out, e)
		}
	}
	walk(err)
	return out
}

// problems collects errors with paths.
type problems struct{ errs []error }

func (p *problems) add(path string, sentinel error, msg string) {
	p.errs = append(p.errs, &Error{Path: path, Msg: msg, Err: sentinel})
}

func (p *problems) err() error { return errors.Join(p.errs...) }

// join builds a JSON path from parts.
func join(parts ...string) string {
	n := 0
	for _, s := range parts {
		if s != "" {
			n += len(s) + 1
		}
	}
	var b strings.Builder
	b.Grow(n) // one allocation (none when every part is empty)
	for _, s := range parts {
		if s == "" {
			continue
		}
		if b.Len() > 0 && s[0] != '[' {
			b.WriteByte('.')
		}
		b.WriteString(s)
	}
	return b.String()
}
