package sla

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/metric"
)

// Event is one thing that happened to one subject: a ticket was created, a
// service went down, a lead was qualified, a report was sent. The evaluator
// maps it onto a metric.Event.
//
// A subject is named by its type and ID: SubjectType is the type that
// objectives scope by (Scope.Subject: "ticket", "service", "lead",
// "invoice", "report") and Subject the host's identifier, unique within the
// type. ID identifies the event itself; a second event with an ID already
// applied to the same subject is a duplicate.
//
// Attrs is owned by the caller; the evaluator reads it during Apply and
// keeps only the values of attributes the agreement refers to (scope tests,
// targetBy, the cause attribute), so a caller may reuse one backing array.
//
// In JSON (one event per line in a JSON Lines file) the fields are:
//
//	{"id": "e1", "subjectType": "ticket", "subject": "T-1", "kind": "ticket.created",
//	 "at": "2026-03-02T09:00:00Z", "attrs": {"priority": "high"}, "value": "12.5"}
//
// "attrs" is an object of string values (encoded with sorted keys), "value"
// a decimal string, present only when HasValue is set. Decoding
// (UnmarshalJSON, DecodeEvents for JSON Lines) ignores fields this form
// does not define, so producers may add fields before consumers know them,
// and refuses a field given twice; its errors are *EventDecodeError values
// that name the line and the field.
//
// The zero Event has no ID, subject or kind and is rejected by Apply.
type Event struct {
	ID          string
	SubjectType string
	Subject     string
	Kind        string
	At          time.Time
	Attrs       []metric.Attr
	Value       decimal.Decimal
	HasValue    bool
}

// Attr returns the value of the first attribute named key.
func (e Event) Attr(key string) (string, bool) {
	for _, a := range e.Attrs {
		if a.Key == key {
			return a.Value, true
		}
	}
	return "", false
}

func (e Event) metric() metric.Event {
	return metric.Event{Kind: e.Kind, At: e.At, Attrs: e.Attrs, Value: e.Value, HasValue: e.HasValue}
}
