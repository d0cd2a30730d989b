package sla

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestZeroEvaluatorNoPanic calls every exported method of Evaluator on the
// zero value and on a nil pointer, and the package's functions on zero
// and nil arguments, as a user who forgot NewEvaluator would: none may
// panic; each returns ErrNotBuilt or the documented empty value.
func TestZeroEvaluatorNoPanic(t *testing.T) {
	at := mustTime(t, "2026-03-02T09:00:00Z")
	e := evt("x", "ticket", "T", "ticket.created", "2026-03-02T09:00:00Z")
	for _, tc := range []struct {
		name string
		ev   *Evaluator
	}{
		{"zero", &Evaluator{}},
		{"nil", nil},
		{"Empty of zero", (&Evaluator{}).Empty()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ev := tc.ev
			if err := ev.Apply(e); !errors.Is(err, ErrNotBuilt) {
				t.Errorf("Apply = %v, want ErrNotBuilt", err)
			}
			if n := len(ev.ApplyBatch([]Event{e, e})); n != 2 {
				t.Errorf("ApplyBatch of 2 = %d rejected, want 2", n)
			}
			if n := len(ev.ApplyBatch(nil)); n != 0 {
				t.Errorf("ApplyBatch(nil) = %d, want 0", n)
			}
			if n := len(ev.ApplyAll(nil)); n != 0 {
				t.Errorf("ApplyAll(nil) = %d, want 0", n)
			}
			if n := len(ev.ApplyAll(seq([]Event{e}))); n != 1 {
				t.Errorf("ApplyAll of 1 = %d rejected, want 1", n)
			}
			r := ev.Report(at)
			want := Report{AsOf: at, Errors: []ReportError{{Path: "evaluator", Message: ErrNotBuilt.Error(), Err: ErrNotBuilt}}}
			if diff := cmp.Diff(want, r, cmp.Comparer(func(a, b error) bool { return errors.Is(a, b) })); diff != "" {
				t.Errorf("Report (-want +got):\n%s", diff)
			}
			if !errors.Is(r.Errors[0], ErrNotBuilt) {
				t.Errorf("Report.Errors[0] = %v, want ErrNotBuilt", r.Errors[0])
			}
			if _, ok := ev.NextChange(at); ok {
				t.Error("NextChange: ok, want nothing to change")
			}
			if a := ev.Agreement(); a.ID != "" {
				t.Errorf("Agreement().ID = %q, want empty", a.ID)
			}
			if _, ok := ev.Snapshot("ticket", "T"); ok {
				t.Error("Snapshot: ok, want none")
			}
			ev.Forget("ticket", "T")
			if err := ev.Restore(SubjectSnapshot{Type: "ticket", ID: "T"}); !errors.Is(err, ErrNotBuilt) {
				t.Errorf("Restore = %v, want ErrNotBuilt", err)
			}
			if pt := ev.Partial(); !cmp.Equal(pt, Partial{}) {
				t.Errorf("Partial = %+v, want the zero Partial", pt)
			}
			if err := ev.Merge(Partial{}); !errors.Is(err, ErrNotBuilt) {
				t.Errorf("Merge = %v, want ErrNotBuilt", err)
			}
			if ev.Empty() == nil {
				t.Error("Empty = nil, want an evaluator (not built)")
			}
			for typ, id := range ev.Dirty() {
				t.Errorf("Dirty yields %s/%s, want nothing", typ, id)
			}
			ev.MarkSaved()
			if agg := ev.Aggregates(); !cmp.Equal(agg, Aggregates{}) {
				t.Errorf("Aggregates = %+v, want the zero Aggregates", agg)
			}
			if err := ev.RestoreAggregates(Aggregates{}); !errors.Is(err, ErrNotBuilt) {
				t.Errorf("RestoreAggregates = %v, want ErrNotBuilt", err)
			}
			if rej, err := ev.Recompute("ticket", "T", []Event{e}); !errors.Is(err, ErrNotBuilt) || rej != nil {
				t.Errorf("Recompute = %v, %v; want nil, ErrNotBuilt", rej, err)
			}
		})
	}
}

// TestZeroEvaluatorRetire: Retire and RetireClosed on a zero or nil
// Evaluator return ErrNotBuilt and 0.
func TestZeroEvaluatorRetire(t *testing.T) {
	at := mustTime(t, "2026-03-02T09:00:00Z")
	for _, ev := range []*Evaluator{{}, nil} {
		if err := ev.Retire("ticket", "T"); !errors.Is(err, ErrNotBuilt) {
			t.Errorf("Retire = %v, want ErrNotBuilt", err)
		}
		if n := ev.RetireClosed(at); n != 0 {
			t.Errorf("RetireClosed = %d, want 0", n)
		}
	}
}

// TestZeroArgumentsNoPanic: the package's functions on zero agreements
// and nil sequences.
func TestZeroArgumentsNoPanic(t *testing.T) {
	a := loadSeed(t, "support-desk.json")
	at := mustTime(t, "2026-03-02T09:00:00Z")
	r, err := Evaluate(a, nil, at)
	if err != nil {
		t.Fatalf("Evaluate(a, nil, t) = %v", err)
	}
	if r.Input.Total() != 0 || len(r.Subjects) != 0 {
		t.Errorf("Evaluate(a, nil, t): input %+v, %d subjects; want none", r.Input, len(r.Subjects))
	}
	if _, err := Evaluate(Agreement{}, nil, at); err == nil {
		t.Error("Evaluate(Agreement{}, nil, t) = nil error, want the validation errors")
	}
	if _, err := NewEvaluator(Agreement{}); err == nil {
		t.Error("NewEvaluator(Agreement{}) = nil error, want the validation errors")
	}
	if _, err := Merge(Agreement{}); err == nil {
		t.Error("Merge(Agreement{}) = nil error, want the validation errors")
	}
	ev, err := Merge(a)
	if err != nil {
		t.Fatalf("Merge(a) of no partials = %v", err)
	}
	if err := ev.Merge(); err != nil {
		t.Errorf("Merge() = %v", err)
	}
	if err := ev.Merge(Partial{}); err == nil {
		t.Error("Merge(Partial{}) = nil, want ErrMismatch (no agreement ID)")
	}
	var ee *EventError
	if ee.Error() == "" || ee.Unwrap() != nil {
		t.Errorf("nil *EventError: Error %q, Unwrap %v", ee.Error(), ee.Unwrap())
	}
	if got := (Accounting{}).Total(); got != 0 {
		t.Errorf("Accounting{}.Total() = %d, want 0", got)
	}
	if got := (ReportError{}).Error(); got == "" {
		t.Error("ReportError{}.Error() is empty")
	}
}
