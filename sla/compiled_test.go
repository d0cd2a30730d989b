package sla

import (
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestCompiledSharedAcrossGoroutines: evaluators made from one Compiled,
// each fed the same stream on its own goroutine, report exactly what an
// evaluator with its own compile reports. Under -race (CI) it also shows
// that evaluating never writes to what the evaluators share.
func TestCompiledSharedAcrossGoroutines(t *testing.T) {
	a := benchAgreement(t)
	es := ticketEvents(300)
	asOf := es[len(es)-1].At.Add(30 * 24 * time.Hour)

	own, err := NewEvaluator(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if err := own.Apply(e); err != nil {
			t.Fatal(err)
		}
	}
	want := own.Report(asOf)

	c, err := Compile(a)
	if err != nil {
		t.Fatal(err)
	}
	const workers = 4
	got := make([]Report, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			ev := c.NewEvaluator()
			for _, e := range es {
				if err := ev.Apply(e); err != nil {
					t.Error(err)
					return
				}
			}
			got[w] = ev.Report(asOf)
		})
	}
	wg.Wait()
	for w := range workers {
		if diff := cmp.Diff(want, got[w]); diff != "" {
			t.Errorf("evaluator %d of a shared Compiled: report differs from its own compile's (-want +got):\n%s", w, diff)
		}
	}
}

// TestCompiledEvaluatorsIndependent: two evaluators of one Compiled share
// no state: events applied to one do not show in the other.
func TestCompiledEvaluatorsIndependent(t *testing.T) {
	c, err := Compile(benchAgreement(t))
	if err != nil {
		t.Fatal(err)
	}
	a, b := c.NewEvaluator(), c.NewEvaluator()
	es := ticketEvents(5)
	for _, e := range es {
		if err := a.Apply(e); err != nil {
			t.Fatal(err)
		}
	}
	asOf := es[len(es)-1].At
	if n := len(b.Report(asOf).Subjects); n != 0 {
		t.Errorf("second evaluator reports %d subjects, want 0 (nothing was applied to it)", n)
	}
	if n := len(a.Report(asOf).Subjects); n != 5 {
		t.Errorf("first evaluator reports %d subjects, want 5", n)
	}
	// The same event is new to b: it is applied there, not a duplicate.
	if err := b.Apply(es[0]); err != nil {
		t.Errorf("b.Apply(first event of a) = %v, want nil", err)
	}
}

// TestCompiledOfEvaluator: ev.Compiled makes evaluators of ev's agreement
// that share its compile, and the zero Compiled makes zero Evaluators.
func TestCompiledOfEvaluator(t *testing.T) {
	a := benchAgreement(t)
	ev, err := NewEvaluator(a)
	if err != nil {
		t.Fatal(err)
	}
	c := ev.Compiled()
	if c == nil || c.p != ev.p {
		t.Fatalf("ev.Compiled() does not share ev's compiled program")
	}
	if got := c.NewEvaluator(); got.p != ev.p {
		t.Errorf("ev.Compiled().NewEvaluator() does not share ev's compiled program")
	}
	// One Compiled per compile: the same pointer at every call, and the
	// one Compile returned for the evaluators made from it.
	if again := ev.Compiled(); again != c {
		t.Errorf("ev.Compiled() = %p, then %p: want the same *Compiled", c, again)
	}
	shared, err := Compile(a)
	if err != nil {
		t.Fatal(err)
	}
	if got := shared.NewEvaluator().Compiled(); got != shared {
		t.Errorf("Compile(a).NewEvaluator().Compiled() = %p, want the Compiled it was made from, %p", got, shared)
	}
	if got, want := c.Agreement().ID, a.ID; got != want {
		t.Errorf("Compiled.Agreement().ID = %q, want %q", got, want)
	}
	var nilC *Compiled
	for name, c := range map[string]*Compiled{"nil": nilC, "zero": {}} {
		if ev := c.NewEvaluator(); ev == nil || ev.p != nil {
			t.Errorf("%s Compiled: NewEvaluator() = %v, want a zero Evaluator", name, ev)
		}
		if got := c.Agreement(); got.ID != "" {
			t.Errorf("%s Compiled: Agreement().ID = %q, want \"\"", name, got.ID)
		}
	}
	var nilEv *Evaluator
	if c := nilEv.Compiled(); c != nil {
		t.Errorf("nil Evaluator: Compiled() = %v, want nil", c)
	}
	if _, err := Compile(Agreement{}); err == nil {
		t.Errorf("Compile(Agreement{}) = nil error, want the validation problems")
	}
}

// TestSharedEvaluatorKept: an evaluator made from a shared Compiled keeps
// at most 30 KiB before its first event (issue 16: a tenant costs its own
// state, not a copy of the agreement). Measured as the live heap over
// 1,000 evaluators, after garbage collection.
func TestSharedEvaluatorKept(t *testing.T) {
	c, err := Compile(benchAgreement(t))
	if err != nil {
		t.Fatal(err)
	}
	const n = 1000
	evs := make([]*Evaluator, n)
	per := heapPer(n, func() {
		for i := range evs {
			evs[i] = c.NewEvaluator()
		}
	})
	runtime.KeepAlive(evs)
	t.Logf("heap per shared evaluator: %.0f bytes", per)
	if per > 30*1024 {
		t.Errorf("heap per evaluator of a shared Compiled = %.0f bytes, want ≤ 30 KiB", per)
	}
}
