package sla

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
)

// replayAgreement returns the replay's support-desk agreement and its
// events (examples/replay/data).
func replayAgreement(t *testing.T) (Agreement, []Event) {
	t.Helper()
	dir := filepath.Join("..", "examples", "replay", "data")
	raw, err := os.ReadFile(filepath.Join(dir, "support-desk.json"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "events.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var es []Event
	for e, err := range DecodeEvents(f) {
		if err != nil {
			t.Fatal(err)
		}
		es = append(es, e)
	}
	return a, es
}

// TestWeeklyObjectiveBesidePenalties: an objective measured by week that
// no penalty reads changes no credit. Before, its four or five weekly
// outcomes went to the monthly penalty schedule, which refused every
// credit month ("objective has two outcomes in one period") and the
// report lost its credits. The reference is the same agreement without
// the weekly objective: penalties, credit and terminations must be equal,
// with no report error.
func TestWeeklyObjectiveBesidePenalties(t *testing.T) {
	a, es := replayAgreement(t)
	asOf := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC) // March and April are final
	ref, err := Evaluate(a, slices.Values(es), asOf)
	if err != nil {
		t.Fatal(err)
	}
	if len(ref.Penalties) == 0 {
		t.Fatal("the reference has no penalty months: the test would show nothing")
	}
	weekly, _ := replayAgreement(t) // a copy to change
	v := &weekly.Versions[0]
	o := v.Objectives[0] // first-reply, a monthly clock with a penalty
	o.ID, o.Name, o.Penalties = o.ID+"-weekly", o.Name+" (weekly)", nil
	o.Period = &PeriodSpec{Kind: PeriodWeek}
	v.Objectives = append(v.Objectives, o)
	got, err := Evaluate(weekly, slices.Values(es), asOf)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Errors) > 0 {
		t.Fatalf("report errors: %v", got.Errors)
	}
	if diff := gocmp.Diff(ref.Penalties, got.Penalties); diff != "" {
		t.Errorf("penalties (-without the weekly objective +with it):\n%s", diff)
	}
	if !ref.Credit.Equal(got.Credit) || len(ref.Terminations) != len(got.Terminations) {
		t.Errorf("credit %v and %d terminations, want %v and %d", got.Credit, len(got.Terminations), ref.Credit, len(ref.Terminations))
	}

	// The weekly objective with a penalty of its own is refused: the
	// schedule takes one outcome per objective and credit month.
	pen := a.Versions[0].Objectives[0].Penalties[0]
	pen.ID += "-weekly"
	v.Objectives[len(v.Objectives)-1].Penalties = []PenaltyRule{pen}
	_, err = NewEvaluator(weekly)
	var e *Error
	if !errors.Is(err, ErrUnsupported) || !errors.As(err, &e) || e.Path != "versions[0].objectives[4].period.kind" {
		t.Fatalf("NewEvaluator(weekly objective with a penalty) = %v, want ErrUnsupported at versions[0].objectives[4].period.kind", err)
	}
}
