package sla

import (
	"errors"
	"fmt"
)

// Sentinel errors of the evaluator. Apply returns an [*EventError] wrapping
// one of them; NewEvaluator returns [ErrUnsupported] (inside an *Error) for
// an agreement that uses something the evaluator cannot evaluate.
var (
	ErrDuplicateEvent = errors.New("duplicate event")
	ErrOutOfOrder     = errors.New("event out of order for its subject")
	ErrUnknownSubject = errors.New("unknown subject")
	ErrUnknownType    = errors.New("unknown subject type")
	ErrBeforeStart    = errors.New("event before the agreement starts")
	ErrAfterEnd       = errors.New("event after the agreement ends")
	ErrNotInForce     = errors.New("no version of the agreement in force")
	ErrBadAttribute   = errors.New("attribute of the wrong type")
	ErrMissingID      = errors.New("event without an ID")
	ErrUnsupported    = errors.New("not supported by the evaluator")
	ErrMismatch       = errors.New("snapshot or partial result does not match the agreement")
	// ErrIDsReleased rejects an event with no per-subject state (a volume,
	// percentile, period-end deadline or usage event) dated in a month
	// whose event IDs the evaluator no longer keeps, and an event of a
	// subject dated at or before the newest instant whose IDs the subject
	// dropped from its window (Options.SubjectIDs), so that it cannot
	// tell a re-send from a new event (see "What slaeval guarantees" and
	// "Long-lived subjects").
	ErrIDsReleased = errors.New("the event IDs of its instant are no longer kept")
	// ErrNotBuilt is returned by the methods of an Evaluator that was not
	// built by NewEvaluator, Merge or Empty (the zero Evaluator, a nil
	// *Evaluator).
	ErrNotBuilt = errors.New("evaluator not built with NewEvaluator")
)

// Rejection reasons, as counted in [Accounting].Rejected and carried by
// [EventError].Reason.
const (
	ReasonDuplicate      = "duplicate"
	ReasonOutOfOrder     = "outOfOrder"
	ReasonUnknownSubject = "unknownSubject"
	ReasonUnknownType    = "unknownSubjectType"
	ReasonBeforeStart    = "beforeStart"
	ReasonAfterEnd       = "afterEnd"
	ReasonNotInForce     = "notInForce"
	ReasonBadAttribute   = "badAttribute"
	ReasonMissingID      = "missingId"
	ReasonOutOfRange     = "outOfRange"  // ErrRange: a value outside the documented range or precision
	ReasonIDsReleased    = "idsReleased" // ErrIDsReleased
	ReasonNotBuilt       = "notBuilt"    // ErrNotBuilt (never counted: such an evaluator counts nothing)
)

// EventError is the typed error of Apply: which event (ID, subject), why
// (Reason, one of the Reason* constants) and the detail. Unwrap returns the
// sentinel, so errors.Is(err, ErrOutOfOrder) works.
type EventError struct {
	ID          string
	SubjectType string
	Subject     string
	Reason      string
	Detail      string
	Err         error
}

// Error formats the error as "sla: event <id> (<type>/<subject>): <cause>: <detail>".
func (e *EventError) Error() string {
	if e == nil {
		return "sla: event: <nil>"
	}
	s := fmt.Sprintf("sla: event %q (%s/%s): %v", e.ID, e.SubjectType, e.Subject, e.Err)
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

// Unwrap returns the sentinel (nil for a nil *EventError).
func (e *EventError) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

func reasonOf(err error) string {
	switch {
	case errors.Is(err, ErrDuplicateEvent):
		return ReasonDuplicate
	case errors.Is(err, ErrOutOfOrder):
		return ReasonOutOfOrder
	case errors.Is(err, ErrUnknownSubject):
		return ReasonUnknownSubject
	case errors.Is(err, ErrUnknownType):
		return ReasonUnknownType
	case errors.Is(err, ErrBeforeStart):
		return ReasonBeforeStart
	case errors.Is(err, ErrAfterEnd):
		return ReasonAfterEnd
	case errors.Is(err, ErrNotInForce):
		return ReasonNotInForce
	case errors.Is(err, ErrMissingID):
		return ReasonMissingID
	case errors.Is(err, ErrRetired):
		return ReasonRetired
	case errors.Is(err, ErrRange):
		return ReasonOutOfRange
	case errors.Is(err, ErrIDsReleased):
		return ReasonIDsReleased
	case errors.Is(err, ErrNotBuilt):
		return ReasonNotBuilt
	}
	return ReasonBadAttribute
}
