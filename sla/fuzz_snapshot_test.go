package sla

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// fuzzAgreements decodes the agreements of the golden scenarios, in the
// order of goldenScenarios.
func fuzzAgreements(f *testing.F) []*Evaluator {
	var out []*Evaluator
	for _, name := range goldenScenarios {
		b, err := os.ReadFile(filepath.Join(scenarioDir, name, "agreement.json"))
		if err != nil {
			f.Fatal(err)
		}
		a, err := Decode(b)
		if err != nil {
			f.Fatal(err)
		}
		ev, err := Options{IDKey: goldenKey}.NewEvaluator(a)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, ev)
	}
	return out
}

// checkRefusal fails unless err is a typed refusal: ErrCorrupt or
// ErrMismatch, with a problem to show.
func checkRefusal(t *testing.T, err error) {
	t.Helper()
	if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrMismatch) || len(Problems(err)) == 0 {
		t.Fatalf("error %v is neither ErrCorrupt nor ErrMismatch with a path", err)
	}
}

// exercise asks everything of an evaluator that reads its state: none of
// it may panic.
func exercise(ev *Evaluator) {
	for _, at := range []string{"2026-01-01T00:00:00Z", "2026-06-01T00:00:00Z", "2027-06-01T00:00:00Z"} {
		t, _ := time.Parse(time.RFC3339, at)
		ev.Report(t)
		ev.NextChange(t)
	}
	ev.RetireClosed(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
}

// FuzzRestore: a subject snapshot of any JSON is refused with a typed
// error (and changes nothing) or restored into a state that passes the
// same validation again (its own snapshot restores into a fresh
// evaluator), and that reports, schedules and retires without a panic.
// Half the inputs get the evaluator's header (format, fingerprint, key),
// so that the fuzzer reaches the values behind it.
func FuzzRestore(f *testing.F) {
	evs := fuzzAgreements(f)
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		var ss SubjectSnapshot
		if json.Unmarshal(data, &ss) != nil {
			return
		}
		base := evs[int(which)%len(evs)]
		if which&0x80 == 0 {
			ss.Format, ss.Fingerprint, ss.IDKey = FormatVersion, base.Fingerprint(), goldenKey
		}
		ev := base.Empty()
		if err := ev.Restore(ss); err != nil {
			checkRefusal(t, err)
			if pt := ev.Partial(); len(pt.Subjects) != 0 {
				t.Fatalf("a refused Restore left %d subjects", len(pt.Subjects))
			}
			return
		}
		back, ok := ev.Snapshot(ss.Type, ss.ID)
		if !ok {
			t.Fatalf("Restore(%s/%s) succeeded, yet the evaluator holds no such subject", ss.Type, ss.ID)
		}
		if err := base.Empty().Restore(back); err != nil {
			t.Fatalf("the restored state's own snapshot is refused: %v", err)
		}
		exercise(ev)
	})
}

// FuzzMerge: a partial of any JSON is refused with a typed error (and
// changes nothing) or merged into a state whose own partial merges into a
// fresh evaluator, and that reports, schedules and retires without a
// panic. Half the inputs get the evaluator's header.
func FuzzMerge(f *testing.F) {
	evs := fuzzAgreements(f)
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		var pt Partial
		if json.Unmarshal(data, &pt) != nil {
			return
		}
		base := evs[int(which)%len(evs)]
		if which&0x80 == 0 {
			pt.Format, pt.Agreement, pt.Fingerprint, pt.IDKey = FormatVersion, base.Agreement().ID, base.Fingerprint(), goldenKey
		}
		ev := base.Empty()
		if err := ev.Merge(pt); err != nil {
			checkRefusal(t, err)
			if got := ev.Partial(); len(got.Subjects)+len(got.Volumes)+len(got.Distributions)+len(got.Done)+len(got.Usage)+len(got.Retired) != 0 || got.Input.Total() != 0 {
				t.Fatalf("a refused Merge left state behind: %+v", got)
			}
			return
		}
		if err := base.Empty().Merge(ev.Partial()); err != nil {
			t.Fatalf("the merged state's own partial is refused: %v", err)
		}
		exercise(ev)
	})
}
