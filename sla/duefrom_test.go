package sla

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/slaeval/slaeval/metric"
)

// dueFromJSON: change requests whose due instant is agreed per request, in
// the "dueAt" attribute of the "requested" event.
var dueFromJSON = helpdeskAgreement("agreed-dates", `
    "services": [{"id": "changes", "name": "Changes", "provider": "helpdesk"}],
    "objectives": [
      {"id": "agreed", "name": "Done by the agreed date", "obligor": "helpdesk", "beneficiary": "acme",
       "scope": {"subject": "change"},
       "metric": {"kind": "deadline", "deadline": {"after": {"events": [{"kind": "requested"}]}, "done": [{"kind": "closed"}]}},
       "target": {"dueFrom": "dueAt"}}
    ]`)

// TestObligationAnchor: the agreed instant is read from the anchor event's
// attribute; a missing or malformed one is ErrBadAttribute; an objective
// without dueFrom anchors at the event.
func TestObligationAnchor(t *testing.T) {
	agreed := cobj{deadline: agreedDue{key: "dueAt"}}
	plain := cobj{deadline: relDue{}}
	at := "2026-03-02T09:00:00Z"
	tests := []struct {
		name    string
		co      cobj
		e       Event
		want    time.Time
		wantErr error
	}{
		{"agreed instant", agreed, evt("e1", "change", "C1", "requested", at, "dueAt", "2026-03-06T17:00:00+01:00"), mustTime(t, "2026-03-06T16:00:00Z"), nil},
		{"no attribute", agreed, evt("e2", "change", "C2", "requested", at), time.Time{}, ErrBadAttribute},
		{"a date, not an instant", agreed, evt("e3", "change", "C3", "requested", at, "dueAt", "2026-03-06"), time.Time{}, ErrBadAttribute},
		{"month 13", agreed, evt("e4", "change", "C4", "requested", at, "dueAt", "2026-13-06T17:00:00Z"), time.Time{}, ErrBadAttribute},
		{"no dueFrom: the event's instant", plain, evt("e5", "change", "C5", "requested", at, "dueAt", "garbage"), mustTime(t, at), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.co.obligationAnchor(&tc.e)
			if !errors.Is(err, tc.wantErr) || !got.Equal(tc.want) {
				t.Errorf("obligationAnchor(%v) = %v, %v, want %v, %v", tc.e.Attrs, got, err, tc.want, tc.wantErr)
			}
		})
	}
}

// TestAgreedDueJudge: agreed due Fri 6 March 2026 16:00Z. Done 15:59: met.
// Done 16:30: missed by 30 min of wall time. Not done as of 16:00: pending
// (due ≤ due is on time); 1 ns later: missed.
func TestAgreedDueJudge(t *testing.T) {
	r := agreedDue{key: "dueAt"}
	due := mustTime(t, "2026-03-06T16:00:00Z")
	if st := r.Judge(due, mustTime(t, "2026-03-06T15:59:00Z"), due); st.State != metric.DeadlineMet || !st.Due.Equal(due) {
		t.Errorf("done 15:59: %+v, want met, due %v", st, due)
	}
	if st := r.Judge(due, mustTime(t, "2026-03-06T16:30:00Z"), mustTime(t, "2026-03-07T00:00:00Z")); st.State != metric.DeadlineMissed || st.Late != 30*time.Minute {
		t.Errorf("done 16:30: %+v, want missed by 30m", st)
	}
	if st := r.Judge(due, time.Time{}, due); st.State != metric.DeadlinePending {
		t.Errorf("not done as of due: %v, want pending", st.State)
	}
	if m := r.MissedFrom(due); !m.Equal(due.Add(1)) || r.Judge(due, time.Time{}, m).State != metric.DeadlineMissed {
		t.Errorf("MissedFrom = %v, want %v, missed there", m, due.Add(1))
	}
}

// TestDueFromValidated: dueFrom belongs to deadline objectives anchored at
// events, alone in its target; until the evaluator reads it, NewEvaluator
// refuses it with ErrUnsupported rather than anchor obligations at the
// event.
func TestDueFromValidated(t *testing.T) {
	tests := []struct {
		name, from, to, path string
		wantErr              error
	}{
		{"with within", `"target": {"dueFrom": "dueAt"}`, `"target": {"dueFrom": "dueAt", "within": "P1D", "unit": "wall"}`, "versions[0].objectives[0].target", ErrInvalid},
		{"after a period end", `{"after": {"events": [{"kind": "requested"}]}`, `{"after": {"periodEnd": "month"}`, "versions[0].objectives[0].target.dueFrom", ErrInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode([]byte(strings.Replace(dueFromJSON, tc.from, tc.to, 1)))
			var e *Error
			if !errors.Is(err, tc.wantErr) || !errors.As(err, &e) || e.Path != tc.path {
				t.Errorf("Decode = %v, want %v at %s", err, tc.wantErr, tc.path)
			}
		})
	}
	a, err := Decode([]byte(dueFromJSON))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewEvaluator(a); err != nil {
		t.Errorf("NewEvaluator with dueFrom = %v, want nil", err)
	}
}

// TestDueFromEvaluated: C1 requested Mon 2 March 2026 09:00Z with due
// instant Fri 6 March 17:00 BST-style offset +01:00 = 16:00Z, closed Fri
// 15:30Z: met. C2 due Wed 4 March 12:00Z, closed 13:00Z: breached, 1 h
// late. C3's "dueAt" is a date, not an instant: rejected, ErrBadAttribute.
func TestDueFromEvaluated(t *testing.T) {
	a, err := Decode([]byte(dueFromJSON))
	if err != nil {
		t.Fatal(err)
	}
	ev, err := NewEvaluator(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []Event{
		evt("o1", "change", "C1", "requested", "2026-03-02T09:00:00Z", "dueAt", "2026-03-06T17:00:00+01:00"),
		evt("o2", "change", "C2", "requested", "2026-03-02T09:00:00Z", "dueAt", "2026-03-04T12:00:00Z"),
		evt("c2", "change", "C2", "closed", "2026-03-04T13:00:00Z"),
		evt("c1", "change", "C1", "closed", "2026-03-06T15:30:00Z"),
	} {
		if err := ev.Apply(e); err != nil {
			t.Fatalf("Apply(%s): %v", e.ID, err)
		}
	}
	if err := ev.Apply(evt("o3", "change", "C3", "requested", "2026-03-06T16:00:00Z", "dueAt", "2026-03-09")); !errors.Is(err, ErrBadAttribute) {
		t.Errorf("Apply with dueAt 2026-03-09 = %v, want ErrBadAttribute", err)
	}
	r := ev.Report(mustTime(t, "2026-03-31T00:00:00Z"))
	checkDeadlines(t, r, []deadlineCase{
		{"agreed date met", "change", "C1", "agreed", "2026-03-06T16:00:00Z", StateMet, 0, 0},
		{"agreed date missed by an hour", "change", "C2", "agreed", "2026-03-04T12:00:00Z", StateBreached, time.Hour, time.Hour},
	})
}
