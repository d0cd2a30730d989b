package sla

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// store is what a host that persists incrementally keeps: one record per
// subject and one aggregate record, as JSON.
type store struct {
	subjects map[[2]string]SubjectSnapshot
	agg      Aggregates
	saved    bool
}

// save writes what changed since the last save, as a host does: each
// subject Dirty yields (deleted when Snapshot finds none), then the
// aggregates, then MarkSaved. Before that it checks that every held
// subject Dirty does not yield is unchanged since it was saved, so the
// dirty set cannot miss a change.
func (st *store) save(t *rapid.T, ev *Evaluator) {
	dirty := map[[2]string]bool{}
	for typ, id := range ev.Dirty() {
		k := [2]string{typ, id}
		if dirty[k] {
			t.Fatalf("Dirty yielded %s/%s twice", typ, id)
		}
		dirty[k] = true
	}
	for s := range ev.subjects.all() {
		k := [2]string{s.typ(), s.id()}
		if dirty[k] {
			continue
		}
		now, _ := ev.Snapshot(k[0], k[1])
		if diff := cmp.Diff(st.subjects[k], roundTrip(t, now)); diff != "" {
			t.Fatalf("subject %s/%s changed but Dirty did not yield it (-saved +now):\n%s", k[0], k[1], diff)
		}
	}
	for k := range dirty {
		if ss, ok := ev.Snapshot(k[0], k[1]); ok {
			st.subjects[k] = roundTrip(t, ss)
		} else {
			delete(st.subjects, k)
		}
	}
	st.agg, st.saved = roundTrip(t, ev.Aggregates()), true
	ev.MarkSaved()
	if n := len(slices.Collect(func(yield func(string) bool) {
		for typ := range ev.Dirty() {
			yield(typ)
		}
	})); n != 0 {
		t.Fatalf("Dirty after MarkSaved yields %d subjects, want 0", n)
	}
}

// restore reads the store into fresh, aggregates first or last.
func (st *store) restore(t *rapid.T, fresh *Evaluator, aggFirst bool) {
	if aggFirst && st.saved {
		if err := fresh.RestoreAggregates(st.agg); err != nil {
			t.Fatalf("RestoreAggregates: %v", err)
		}
	}
	keys := slices.SortedFunc(func(yield func([2]string) bool) {
		for k := range st.subjects {
			if !yield(k) {
				return
			}
		}
	}, func(a, b [2]string) int { return cmpKeys(a, b) })
	for _, k := range keys {
		if err := fresh.Restore(st.subjects[k]); err != nil {
			t.Fatalf("Restore(%s/%s): %v", k[0], k[1], err)
		}
	}
	if !aggFirst && st.saved {
		if err := fresh.RestoreAggregates(st.agg); err != nil {
			t.Fatalf("RestoreAggregates: %v", err)
		}
	}
}

func cmpKeys(a, b [2]string) int {
	if a[0] != b[0] {
		if a[0] < b[0] {
			return -1
		}
		return 1
	}
	switch {
	case a[1] < b[1]:
		return -1
	case a[1] > b[1]:
		return 1
	}
	return 0
}

// TestIncrementalPersistence checks, on random streams over each seed
// agreement with saves (and sweeps of RetireClosed) at random points,
// that restoring the last saved aggregates and every subject saved along
// the way (each save writing only what Dirty yields) into a fresh
// evaluator of the agreement decoded afresh gives the report of the
// evaluator that never stopped (go-cmp, the whole report), whether the
// aggregates are restored first or last, and that restoring it all a
// second time changes nothing (idempotence).
func TestIncrementalPersistence(t *testing.T) {
	for _, name := range seedNames {
		raw, err := os.ReadFile(filepath.Join("testdata", "agreements", name))
		if err != nil {
			t.Fatal(err)
		}
		a, err := Decode(raw)
		if err != nil {
			t.Fatal(err)
		}
		base, err := NewEvaluator(a)
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
		t.Run(name, rapid.MakeCheck(func(t *rapid.T) {
			es, asOf := genStream(t, name)
			ev := base.Empty()
			st := &store{subjects: map[[2]string]SubjectSnapshot{}}
			for _, e := range es {
				_ = ev.Apply(e)
				switch rapid.IntRange(0, 9).Draw(t, "after") {
				case 0:
					ev.RetireClosed(e.At)
					st.save(t, ev)
				case 1, 2, 3:
					st.save(t, ev)
				}
			}
			st.save(t, ev)
			want := ev.Report(asOf)

			aggFirst := rapid.Bool().Draw(t, "aggregatesFirst")
			fresh := afresh.Empty()
			st.restore(t, fresh, aggFirst)
			if diff := cmp.Diff(want, fresh.Report(asOf)); diff != "" {
				t.Fatalf("restored incrementally vs never stopped (-want +got):\n%s", diff)
			}
			st.restore(t, fresh, aggFirst)
			if diff := cmp.Diff(want, fresh.Report(asOf)); diff != "" {
				t.Fatalf("restored twice vs never stopped (-want +got):\n%s", diff)
			}
		}))
	}
}

// TestRestoreAggregatesRefuses: a record of another agreement, one with an
// impossible value, and one that retires a subject the evaluator holds are
// refused, and the evaluator is left as it was.
func TestRestoreAggregatesRefuses(t *testing.T) {
	a := loadSeed(t, "support-desk.json")
	base, err := NewEvaluator(a)
	if err != nil {
		t.Fatal(err)
	}
	ev := base.Empty()
	open := evt("o1", "invoice", "I1", "invoice-issued", "2026-01-05T09:00:00Z")
	closeIt := evt("o2", "invoice", "I1", "invoice-paid", "2026-01-05T10:00:00Z")
	for _, e := range []Event{open, closeIt} {
		if err := ev.Apply(e); err != nil {
			t.Fatal(err)
		}
	}
	held := base.Empty()
	for _, e := range []Event{open, closeIt} {
		_ = held.Apply(e)
	}
	ss, _ := held.Snapshot("invoice", "I1")
	if err := ev.Retire("invoice", "I1"); err != nil {
		t.Fatalf("Retire: %v", err)
	}
	good := ev.Aggregates()
	asOf := closeIt.At.Add(hour)

	other := loadSeed(t, "support-desk.json")
	objs := other.Versions[0].Objectives
	objs[0], objs[1] = objs[1], objs[0] // the order gives the state its meaning
	otherEv, err := NewEvaluator(other)
	if err != nil {
		t.Fatal(err)
	}
	corruptAgg := roundTripT(t, good)
	corruptAgg.Input.Applied = -1

	restored := base.Empty()
	if err := restored.Restore(ss); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		ev   *Evaluator
		agg  Aggregates
		want error
		path string
	}{
		{"another agreement", otherEv.Empty(), good, ErrMismatch, "fingerprint"},
		{"an impossible count", base.Empty(), corruptAgg, ErrCorrupt, "input.applied"},
		{"retires a held subject", restored, good, ErrMismatch, "retiredSubjects"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := tc.ev.Report(asOf)
			err := tc.ev.RestoreAggregates(tc.agg)
			var e *Error
			if !errors.Is(err, tc.want) || !errors.As(err, &e) || e.Path != tc.path {
				t.Fatalf("RestoreAggregates = %v, want %v at %q", err, tc.want, tc.path)
			}
			if diff := cmp.Diff(before, tc.ev.Report(asOf)); diff != "" {
				t.Fatalf("a refused record changed the evaluator (-before +after):\n%s", diff)
			}
		})
	}
}

// FuzzRestoreAggregates: an aggregate record of any JSON is refused with a
// typed error, leaving the evaluator empty, or restored; a restored
// record's own Aggregates restore into another evaluator, and restoring
// them again into the same one changes nothing (idempotence). The seed
// corpus is FuzzMerge's (a partial's JSON is an aggregate record with
// subjects the record ignores).
func FuzzRestoreAggregates(f *testing.F) {
	evs := fuzzAgreements(f)
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		var agg Aggregates
		if json.Unmarshal(data, &agg) != nil {
			return
		}
		base := evs[int(which)%len(evs)]
		if which&0x80 == 0 {
			agg.Format, agg.Agreement, agg.Fingerprint, agg.IDKey = FormatVersion, base.Agreement().ID, base.Fingerprint(), goldenKey
		}
		ev := base.Empty()
		if err := ev.RestoreAggregates(agg); err != nil {
			checkRefusal(t, err)
			if got := ev.Aggregates(); len(got.Volumes)+len(got.Distributions)+len(got.Done)+len(got.Usage)+len(got.Retired)+len(got.RetiredSubjects) != 0 || got.Input.Total() != 0 {
				t.Fatalf("a refused RestoreAggregates left state behind: %+v", got)
			}
			return
		}
		own := ev.Aggregates()
		if err := base.Empty().RestoreAggregates(own); err != nil {
			t.Fatalf("the restored record's own Aggregates are refused: %v", err)
		}
		if err := ev.RestoreAggregates(own); err != nil {
			t.Fatalf("restoring the record's own Aggregates again: %v", err)
		}
		if diff := cmp.Diff(own, ev.Aggregates()); diff != "" {
			t.Fatalf("restoring twice changed the record (-once +twice):\n%s", diff)
		}
		exercise(ev)
	})
}

// TestRestoreAggregatesSources: an evaluator restored from its own record
// and saved again keeps the record's sources when its origin is the one
// that saved it (Options.Origin), and adds its own random origin
// otherwise (one per restart).
func TestRestoreAggregatesSources(t *testing.T) {
	a := loadSeed(t, "support-desk.json")
	o := Options{Origin: "tenant-42"}
	first, err := o.NewEvaluator(a)
	if err != nil {
		t.Fatal(err)
	}
	_ = first.Apply(evt("i1", "invoice", "I1", "invoice-issued", "2026-01-05T09:00:00Z"))
	rec := first.Aggregates()
	for restart := range 3 {
		next, err := o.NewEvaluator(a)
		if err != nil {
			t.Fatal(err)
		}
		if err := next.RestoreAggregates(rec); err != nil {
			t.Fatalf("restart %d: %v", restart, err)
		}
		rec = next.Aggregates()
		if want := []string{"tenant-42"}; !slices.Equal(rec.Sources, want) {
			t.Fatalf("restart %d: Sources = %v, want %v", restart, rec.Sources, want)
		}
	}
	random, err := NewEvaluator(a)
	if err != nil {
		t.Fatal(err)
	}
	if err := random.RestoreAggregates(rec); err != nil {
		t.Fatal(err)
	}
	if got := random.Aggregates().Sources; len(got) != 2 || !slices.Contains(got, "tenant-42") {
		t.Fatalf("Sources after a restart with a random origin = %v, want tenant-42 and the new origin", got)
	}
}
