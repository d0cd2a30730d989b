package sla

import (
	"fmt"
	"strconv"
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

// Limits on Event.Value, checked by Apply for every event that carries a
// value (usage, summed volumes, percentiles of values): at most
// ValueDigits digits before the decimal point (|value| < 10^15) and at
// most ValuePlaces decimal places once trailing zeros are dropped
// ("1.5000000000000" is 1.5). A value outside them is rejected with
// ErrRange (Reason "outOfRange"), so that no event can carry a number the
// credit computation cannot take: "1e30" and
// "0.000000000000000000000000000001" are both rejected.
const (
	ValueDigits = 15
	ValuePlaces = 9
)

// checkValue returns why v is outside the limits on event values, or "".
func checkValue(v decimal.Decimal) string {
	if v.IsZero() {
		return ""
	}
	// Trailing zeros count for nothing; a coefficient with fewer digits
	// than the places to drop cannot end in that many zeros, and is not
	// rescaled (rescaling "1e-1000000000" would not end).
	if e := int(v.Exponent()); e < -ValuePlaces && (v.NumDigits() <= -ValuePlaces-e || !v.Equal(v.Truncate(ValuePlaces))) {
		return fmt.Sprintf("value %s has more than %d decimal places", short(v), ValuePlaces)
	}
	if v.NumDigits()+int(v.Exponent()) > ValueDigits {
		return fmt.Sprintf("value %s has more than %d digits before the decimal point (at most 10^15 - 1)", short(v), ValueDigits)
	}
	return ""
}

// short is v as a string of at most about 40 bytes, for messages: in
// scientific form when its exponent is far from zero, so that "1e1000000"
// is not written out.
func short(v decimal.Decimal) string {
	var s string
	if e := v.Exponent(); e > 40 || e < -40 {
		s = v.Coefficient().String() + "e" + strconv.Itoa(int(e))
	} else {
		s = v.String()
	}
	if len(s) > 40 {
		return s[:37] + "..."
	}
	return s
}

// AttrPeriod is the attribute by which a done event of a period-end
// deadline objective names the period it covers, in the agreement's zone:
// "2026-02-14" (a day), "2026-W07" (an ISO week), "2026-02" (a month),
// "2026-Q1" (a quarter), "2026" (a year), the form of the objective's
// period. Another form, or a date that does not exist, is rejected with
// ErrBadAttribute.
const AttrPeriod = "period"

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
