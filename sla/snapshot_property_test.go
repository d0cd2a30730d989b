package sla

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/period"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// TestSnapshotsBoundToAgreement checks, on random streams over each seed
// agreement, that
//   - Partial→Merge into an evaluator of the agreement decoded afresh from
//     the same JSON gives the identical report, and Snapshot→Restore of
//     every subject the identical snapshot (header included: the fresh
//     evaluator adopts the key);
//   - into an evaluator of the agreement with one objective changed
//     (reordered, renamed, its target or its penalties changed) both are
//     refused with ErrMismatch.
func TestSnapshotsBoundToAgreement(t *testing.T) {
	for _, name := range seedNames {
		raw, err := os.ReadFile(filepath.Join("testdata", "agreements", name))
		if err != nil {
			t.Fatal(err)
		}
		// Compiling is slow (calendars with public holidays): each
		// agreement is decoded and compiled once, and its evaluators are
		// made with Empty.
		decode := func(t *rapid.T, b []byte) Agreement {
			a, err := Decode(b)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			return a
		}
		orig, err := Decode(raw)
		if err != nil {
			t.Fatal(err)
		}
		base, err := NewEvaluator(orig)
		if err != nil {
			t.Fatal(err)
		}
		again, err := Decode(raw) // the same JSON decoded afresh
		if err != nil {
			t.Fatal(err)
		}
		afresh, err := NewEvaluator(again)
		if err != nil {
			t.Fatal(err)
		}
		changedEv := map[string]*Evaluator{}
		t.Run(name, rapid.MakeCheck(func(t *rapid.T) {
			es, asOf := genStream(t, name)
			ev := base.Empty()
			ev.ApplyAll(seq(es))
			pt := roundTrip(t, ev.Partial())
			var snaps []SubjectSnapshot
			for _, s := range pt.Subjects {
				ss, _ := ev.Snapshot(s.Type, s.ID)
				snaps = append(snaps, roundTrip(t, ss))
			}

			fresh := afresh.Empty()
			if err := fresh.Merge(pt); err != nil {
				t.Fatalf("Merge into the agreement decoded afresh: %v", err)
			}
			if diff := cmp.Diff(ev.Report(asOf), fresh.Report(asOf)); diff != "" {
				t.Fatalf("report after Merge (-original +merged):\n%s", diff)
			}
			one := afresh.Empty()
			for _, ss := range snaps {
				if err := one.Restore(ss); err != nil {
					t.Fatalf("Restore(%s/%s) into the agreement decoded afresh: %v", ss.Type, ss.ID, err)
				}
				got, _ := one.Snapshot(ss.Type, ss.ID)
				if diff := cmp.Diff(ss, got); diff != "" {
					t.Fatalf("snapshot after Restore (-original +restored):\n%s", diff)
				}
			}

			changed, what := changeObjective(t, decode(t, raw))
			if changedEv[what] == nil {
				c, err := NewEvaluator(changed)
				if err != nil {
					t.Skipf("the changed agreement (%s) is not valid: %v", what, err)
				}
				changedEv[what] = c
			}
			other := changedEv[what].Empty()
			if err := other.Merge(pt); !errors.Is(err, ErrMismatch) {
				t.Fatalf("Merge into the agreement with %s = %v, want ErrMismatch", what, err)
			}
			for _, ss := range snaps {
				if err := other.Restore(ss); !errors.Is(err, ErrMismatch) {
					t.Fatalf("Restore(%s/%s) into the agreement with %s = %v, want ErrMismatch", ss.Type, ss.ID, what, err)
				}
			}
		}))
	}
}

// changeObjective changes one objective of a, drawn at random, in one
// way that changes its meaning, and says what it did.
func changeObjective(t *rapid.T, a Agreement) (Agreement, string) {
	vi := rapid.IntRange(0, len(a.Versions)-1).Draw(t, "version")
	objs := a.Versions[vi].Objectives
	i := rapid.IntRange(0, len(objs)-1).Draw(t, "objective")
	o := &objs[i]
	switch rapid.IntRange(0, 3).Draw(t, "change") {
	case 0:
		if len(objs) > 1 {
			j := (i + 1 + rapid.IntRange(0, len(objs)-2).Draw(t, "other")) % len(objs)
			objs[i], objs[j] = objs[j], objs[i]
			return a, "objectives " + objs[j].ID + " and " + objs[i].ID + " swapped"
		}
	case 1:
		b, err := Encode(a)
		if err != nil {
			t.Fatal(err)
		}
		b = bytes.ReplaceAll(b, []byte(`"`+o.ID+`"`), []byte(`"`+o.ID+`-renamed"`))
		c, err := Decode(b)
		if err != nil {
			t.Skipf("renaming %s: %v", o.ID, err)
		}
		return c, "objective " + o.ID + " renamed"
	case 2:
		if o.Target != nil {
			nt := *o.Target
			switch {
			case nt.AtLeast != nil:
				x := nt.AtLeast.Sub(decimal.RequireFromString("0.5"))
				nt.AtLeast = &x
			case nt.AtMost != nil:
				x := nt.AtMost.Add(decimal.NewFromInt(1))
				nt.AtMost = &x
			default:
				nt.Within = period.MustParse("PT7H13M")
			}
			o.Target = &nt
			return a, "the target of " + o.ID + " changed"
		}
	case 3:
		if len(o.Penalties) > 0 {
			o.Penalties = nil
			return a, "the penalties of " + o.ID + " dropped"
		}
	}
	// The drawn change does not apply to this objective: change its
	// scope's subject type to one no event has.
	o.Scope.Subject = "other-" + o.Scope.Subject
	return a, "the scope of " + o.ID + " changed"
}
