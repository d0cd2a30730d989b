package penalty

import (
	"errors"
	"fmt"
)

// Sentinel errors. Callers branch on them with [errors.Is]; every error
// returned by this package wraps one of them, usually inside an [*Error].
var (
	// ErrInvalid reports a rule, schedule or input value that breaks a
	// documented constraint (a negative amount, unordered tiers, a share
	// above 100%, an attainment outside 0–100, ...).
	ErrInvalid = errors.New("invalid value")

	// ErrCurrencyMismatch reports an attempt to add or compare amounts in
	// different currencies, or an amount whose currency is not the
	// schedule's.
	ErrCurrencyMismatch = errors.New("currency mismatch")

	// ErrUnknownCurrency reports a currency code that is not in the table
	// of minor units, so the amount cannot be rounded.
	ErrUnknownCurrency = errors.New("unknown currency")

	// ErrSyntax reports a money string that cannot be parsed.
	ErrSyntax = errors.New("invalid syntax")

	// ErrMissing reports an input the evaluation needs but was not given
	// (the amount of a host-supplied charge for a period).
	ErrMissing = errors.New("missing input")

	// ErrOrder reports periods that are not in ascending, non-overlapping
	// order.
	ErrOrder = errors.New("periods out of order")
)

// Error is the typed error of this package: what went wrong (Err, one of the
// sentinels), where (Path, a field path such as "rules[2].tiers[1].below"
// or "periods[3].outcomes[0].attainment"), and why (Detail).
//
// errors.Is(e, ErrInvalid) and the like work through Unwrap.
type Error struct {
	Path   string // field path; empty when the error is about a whole value
	Err    error  // one of the sentinels
	Detail string // a sentence a reader can act on
}

// Error formats the error as "penalty: what (where): why".
func (e *Error) Error() string {
	msg := "penalty: "
	if e.Err != nil {
		msg += e.Err.Error()
	} else {
		msg += "error"
	}
	if e.Path != "" {
		msg += " (" + e.Path + ")"
	}
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

// Unwrap returns the sentinel.
func (e *Error) Unwrap() error { return e.Err }

func errf(sentinel error, path, format string, args ...any) *Error {
	return &Error{Path: path, Err: sentinel, Detail: fmt.Sprintf(format, args...)}
}

// problems collects validation errors with their field paths.
type problems struct{ errs []error }

func (p *problems) add(sentinel error, path, format string, args ...any) {
	p.errs = append(p.errs, errf(sentinel, path, format, args...))
}

func (p *problems) err() error { return errors.Join(p.errs...) }

func join(prefix, field string) string {
	if prefix == "" {
		return field
	}
	if field == "" {
		return prefix
	}
	if field[0] == '[' {
		return prefix + field
	}
	return prefix + "." + field
}

func index(prefix, field string, i int) string {
	return join(prefix, fmt.Sprintf("%s[%d]", field, i))
}
