package sla

import (
	"fmt"
	"time"

	"github.com/slaeval/slaeval/calendar"
	"github.com/slaeval/slaeval/metric"
)

// Due instants agreed per subject.
//
// A deadline target {"dueFrom": "dueAt"} takes each obligation's due
// instant from the anchor event's "dueAt" attribute (RFC 3339), for
// contracts that agree a date per ticket. The obligation is anchored at
// that instant (Anchor and Due are both the agreed instant), so it is
// reported in the period in which it falls due, and it is judged in wall
// time: met iff done at or before it. An anchor event whose attribute is
// missing or not an RFC 3339 instant is rejected (ErrBadAttribute) before
// anything changes.
//
// The evaluator reads the attribute through obligationAnchor: when it checks
// an event that matches a deadline objective's anchor conditions, and when
// it opens the obligation (its anchor is obligationAnchor's instant, not
// e.At).

// agreedDue is a deadline due at the instant agreed for each subject: its
// obligations are anchored at that instant, so Due(anchor) is anchor.
type agreedDue struct {
	key string             // the anchor event's attribute holding the due instant
	cal *calendar.Calendar // for LateBusiness; nil: 24×7 UTC
}

// Due is the anchor: the agreed instant.
func (r agreedDue) Due(anchor time.Time) time.Time { return anchor }

// Judge judges by metric.JudgeDue in wall time.
func (r agreedDue) Judge(anchor, done, asOf time.Time) metric.DeadlineStatus {
	return metric.JudgeDue(r.cal, false, anchor, anchor, done, asOf)
}

// OnCalendar is false: an agreed instant is wall time.
func (agreedDue) OnCalendar() bool { return false }

// MissedFrom is 1 ns after the agreed instant.
func (r agreedDue) MissedFrom(anchor time.Time) time.Time {
	return metric.MissedFrom(r.cal, false, anchor)
}

// obligationAnchor returns the instant at which the obligation that e opens
// under deadline objective co is anchored: e.At, or for a dueFrom target
// the instant agreed in e's attribute. A missing or malformed value is an
// *EventError matching ErrBadAttribute.
func (co *cobj) obligationAnchor(e *Event) (time.Time, error) {
	r, ok := co.deadline.(agreedDue)
	if !ok {
		return e.At, nil
	}
	s, ok := e.Attr(r.key)
	if !ok {
		return time.Time{}, reject(e, ErrBadAttribute, fmt.Sprintf("the due instant is agreed per subject: the event needs a %q attribute, an RFC 3339 instant such as 2026-03-04T16:00:00Z", r.key))
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil || !heldInstant(t) {
		return time.Time{}, reject(e, ErrBadAttribute, fmt.Sprintf("%q %q must be an RFC 3339 instant from 1678 to 2261, such as 2026-03-04T16:00:00Z", r.key, s))
	}
	return t, nil
}

// dueFromRule compiles a dueFrom target.
func dueFromRule(t Target, cal *calendar.Calendar, path string) (dueRule, error) {
	return agreedDue{key: t.DueFrom, cal: cal}, nil
}

// dueFrom validates a dueFrom target: deadline objectives anchored at
// events only, and alone in its target.
func (v *validator) dueFrom(path string, t Target, o Objective) {
	switch {
	case o.Metric.Kind != KindDeadline:
		v.add(join(path, "dueFrom"), ErrUnit, "dueFrom names the due instant of a deadline; "+article(o.Metric.Kind)+" target is an elapsed time (within and unit)")
	case o.Metric.Deadline != nil && o.Metric.Deadline.Anchor.PeriodEnd != "":
		v.add(join(path, "dueFrom"), ErrInvalid, "dueFrom reads the due instant from the anchor event; a deadline after a period end has no anchor event: use within and unit, or by")
	case !t.Within.IsZero() || t.Unit != "" || t.By != "":
		v.add(path, ErrInvalid, "give either dueFrom, within and unit, or by, not two of them")
	}
}
