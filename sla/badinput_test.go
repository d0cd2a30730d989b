package sla

import (
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestApplyRejects(t *testing.T) {
	a := loadSeed(t, "support-desk.json")
	a.Term.Renewal = nil // the term ends on 2027-01-01 without renewal
	tests := []struct {
		name   string
		prior  []Event
		e      Event
		want   error
		reason string
	}{
		{"missing ID", nil, evt("", "ticket", "T", "ticket.created", "2026-03-02T09:00:00Z"), ErrMissingID, ReasonMissingID},
		{"no subject", nil, evt("x", "ticket", "", "ticket.created", "2026-03-02T09:00:00Z"), ErrUnknownSubject, ReasonUnknownSubject},
		{"unknown type", nil, evt("x", "lead", "L", "lead-qualified", "2026-03-02T09:00:00Z"), ErrUnknownType, ReasonUnknownType},
		{"before start", nil, evt("x", "ticket", "T", "ticket.created", "2025-12-31T23:59:59Z"), ErrBeforeStart, ReasonBeforeStart},
		{"after end", nil, evt("x", "ticket", "T", "ticket.created", "2027-01-01T00:00:00Z"), ErrAfterEnd, ReasonAfterEnd},
		{"usage out of range", nil, withValue(evt("x", "service", "support", KindUsage, "2026-03-02T09:00:00Z"), "1e30"), ErrRange, ReasonOutOfRange},
		{"duplicate", []Event{evt("x", "ticket", "T", "ticket.created", "2026-03-02T09:00:00Z")},
			evt("x", "ticket", "T", "ticket.created", "2026-03-02T09:00:00Z"), ErrDuplicateEvent, ReasonDuplicate},
		{"out of order", []Event{evt("x", "ticket", "T", "ticket.created", "2026-03-02T09:00:00Z")},
			evt("y", "ticket", "T", "ticket.comment", "2026-03-02T08:00:00Z"), ErrOutOfOrder, ReasonOutOfOrder},
		{"usage without value", nil, evt("x", "service", "support", KindUsage, "2026-03-02T09:00:00Z"), ErrBadAttribute, ReasonBadAttribute},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ev, err := NewEvaluator(a)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range tc.prior {
				if err := ev.Apply(p); err != nil {
					t.Fatal(err)
				}
			}
			err = ev.Apply(tc.e)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Apply = %v, want %v", err, tc.want)
			}
			var ee *EventError
			if !errors.As(err, &ee) || ee.ID != tc.e.ID || ee.Reason != tc.reason {
				t.Errorf("Apply error = %#v, want an *EventError for %q", err, tc.e.ID)
			}
			in := ev.Report(tc.e.At).Input
			if tc.reason == ReasonDuplicate {
				if in.Duplicates != 1 {
					t.Errorf("Duplicates = %d, want 1", in.Duplicates)
				}
			} else if in.Rejected[tc.reason] != 1 {
				t.Errorf("Rejected = %v, want %s: 1", in.Rejected, tc.reason)
			}
		})
	}
}

func TestApplyBadAttributes(t *testing.T) {
	a := loadSeed(t, "saas-uptime.json")
	ev, err := NewEvaluator(a)
	if err != nil {
		t.Fatal(err)
	}
	bad := []Event{
		evt("a", "service", "app", "maintenance-announced", "2026-02-01T17:00:00Z", "start", "tomorrow", "end", "2026-02-15T09:00:00Z"),
		evt("b", "service", "app", "maintenance-announced", "2026-02-01T17:00:00Z", "start", "2026-02-15T09:00:00Z"),
		evt("c", "service", "app", "maintenance-announced", "2026-02-01T17:00:00Z", "start", "2026-02-15T09:00:00Z", "end", "2026-02-15T08:00:00Z"),
	}
	for _, e := range bad {
		if err := ev.Apply(e); !errors.Is(err, ErrBadAttribute) {
			t.Errorf("Apply(%s) = %v, want ErrBadAttribute", e.ID, err)
		}
	}
}

// TestManyMalformed feeds 10,000 events, most of them malformed in one of
// several ways, and checks the report accounts for each one exactly as the
// test predicted it.
func TestManyMalformed(t *testing.T) {
	a := loadSeed(t, "support-desk.json")
	a.Term.Renewal = nil // the term ends on 2027-01-01 without renewal
	ev, err := NewEvaluator(a)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	want := Accounting{Rejected: map[string]int64{}}
	ignoredAt := map[ignoredKey]int{}
	base := mustTime(t, "2026-03-02T09:00:00Z")
	last := map[string]time.Time{}
	lastEv := map[string]Event{}
	const n = 10000
	var all []Event
	for i := range n {
		id := "e" + itoa(i)
		subj := "T" + itoa(rng.IntN(50))
		at := base.Add(time.Duration(i) * time.Minute)
		var e Event
		var reason string
		switch k := rng.IntN(10); k {
		case 0:
			e, reason = evt("", "ticket", subj, "ticket.created", "2026-03-02T09:00:00Z"), ReasonMissingID
		case 1:
			e, reason = evt(id, "widget", subj, "ticket.created", "2026-03-02T09:00:00Z"), ReasonUnknownType
		case 2:
			e, reason = evt(id, "ticket", subj, "ticket.created", "2025-06-01T00:00:00Z"), ReasonBeforeStart
		case 3:
			e, reason = evt(id, "ticket", subj, "ticket.created", "2031-06-01T00:00:00Z"), ReasonAfterEnd
		case 4:
			e, reason = evt(id, "ticket", "", "ticket.created", "2026-03-02T09:00:00Z"), ReasonUnknownSubject
		case 5:
			// A comment on a ticket never created starts nothing: ignored.
			e, reason = evt(id, "ticket", "never-"+id, "ticket.comment", "2026-03-02T09:00:00Z"), "ignored"
		case 6:
			e, reason = evt(id, "service", "support", KindUsage, "2026-03-02T09:00:00Z"), ReasonBadAttribute
		case 7:
			// Re-send the subject's latest applied event: a duplicate.
			if p, ok := lastEv[subj]; ok {
				e, reason = p, ReasonDuplicate
				break
			}
			e, reason = evt(id, "ticket", subj, "ticket.created", "2026-03-02T09:00:00Z"), ""
			e.At = at
		default:
			// A well-formed creation or comment, sometimes out of order.
			e = evt(id, "ticket", subj, "ticket.created", "2026-03-02T09:00:00Z")
			if _, seen := last[subj]; seen {
				e.Kind = "ticket.comment"
			}
			e.At = at
			if l, seen := last[subj]; seen && rng.IntN(4) == 0 {
				e.At = l.Add(-time.Second)
				reason = ReasonOutOfOrder
			}
		}
		all = append(all, e)
		err := ev.Apply(e)
		switch {
		case reason == "":
			if err != nil {
				t.Fatalf("Apply(%s) = %v, want applied", e.ID, err)
			}
			want.Applied++
			last[subj], lastEv[subj] = e.At, e
		case reason == "ignored":
			if err != nil {
				t.Fatalf("Apply(%s) = %v, want ignored", e.ID, err)
			}
			want.ignore(e.SubjectType, e.Kind, 1, ignoredAt)
		case reason == ReasonDuplicate:
			if !errors.Is(err, ErrDuplicateEvent) {
				t.Fatalf("Apply(%s) = %v, want a duplicate", e.ID, err)
			}
			want.Duplicates++
		case err == nil || reasonOf(err) != reason:
			t.Fatalf("Apply(%s) = %v, want reason %s", e.ID, err, reason)
		default:
			want.Rejected[reason]++
		}
	}
	got := ev.Report(base.Add(n * time.Minute)).Input
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Input (-want +got):\n%s", diff)
	}
	if want.Duplicates == 0 || want.Applied == 0 || want.IgnoredTotal() == 0 || len(want.Rejected) != 7 {
		t.Errorf("the stream exercised too little: %+v", want)
	}
	if got.Total() != n {
		t.Errorf("Total = %d, want %d", got.Total(), n)
	}
	// The same events through ApplyBatch, many read-ahead batches long.
	asOf := base.Add(n * time.Minute)
	checkApplyBatch(t, ev.Empty(), all, asOf, ev.Report(asOf))
}

// TestAutomaticRenewal: the support desk's term ends on 2027-01-01 but
// renews automatically, so version 1 stays in force after it.
func TestAutomaticRenewal(t *testing.T) {
	a := loadSeed(t, "support-desk.json")
	ev, err := NewEvaluator(a)
	if err != nil {
		t.Fatal(err)
	}
	if err := ev.Apply(evt("x", "ticket", "T", "ticket.created", "2027-03-01T09:00:00Z")); err != nil {
		t.Fatalf("Apply after a renewed term's first end = %v, want applied", err)
	}
	if r := ev.Report(mustTime(t, "2027-03-02T00:00:00Z")); r.Version != "1" || len(r.Subjects) != 1 || r.Subjects[0].Version != "1" {
		t.Errorf("Report after renewal: version %q, subjects %+v; want version 1", r.Version, r.Subjects)
	}
}
