package sla

import (
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/slaeval/slaeval/internal/hashset"
	"github.com/slaeval/slaeval/metric"
)

// errAt reports whether err wraps sentinel and its first problem is at
// path.
func errAt(err, sentinel error, path string) bool {
	ps := Problems(err)
	return errors.Is(err, sentinel) && len(ps) > 0 && ps[0].Path == path
}

// TestRestoreCorrupt: each impossible value in a ticket's snapshot is
// refused with ErrCorrupt at its JSON path, and the evaluator keeps the
// state it had. The snapshot is T1 of the support-desk scenario after all
// its events: both clocks stopped in their first cycle (first reply after
// 3.5 business hours), three event ID hashes; each case breaks one field.
func TestRestoreCorrupt(t *testing.T) {
	ev, _ := scenarioEvaluator(t, "support-desk", "a")
	good, _ := ev.Snapshot("ticket", "T1")
	if good.Clocks[0].State.Phase != 3 || len(good.Recent) < 2 {
		t.Fatalf("T1's first clock is %v with %d hashes; the cases below assume stopped, with at least 2", good.Clocks[0].State.Phase, len(good.Recent))
	}
	cases := []struct {
		name string
		edit func(ss *SubjectSnapshot)
		path string
	}{
		{"clock phase out of range", func(ss *SubjectSnapshot) { ss.Clocks[0].State.Phase = 7 }, "clocks[0].state.phase"},
		{"negative elapsed", func(ss *SubjectSnapshot) { ss.Clocks[0].State.Elapsed = -time.Second }, "clocks[0].state.elapsed"},
		{"elapsed beyond the wall time", func(ss *SubjectSnapshot) {
			c := &ss.Clocks[0].State
			c.Elapsed = c.Since.Sub(c.Start) + 1
		}, "clocks[0].state.elapsed"},
		{"since before start", func(ss *SubjectSnapshot) {
			c := &ss.Clocks[0].State
			c.Since = c.Start.Add(-time.Hour)
		}, "clocks[0].state.since"},
		{"no such target", func(ss *SubjectSnapshot) { ss.Clocks[0].State.Target = 9 }, "clocks[0].state.target"},
		{"crossing before the cycle", func(ss *SubjectSnapshot) {
			c := &ss.Clocks[0].State
			c.Crossed[0] = c.Start.Add(-time.Hour).UnixNano()
		}, "clocks[0].state.crossed[0]"},
		{"negative cycle count", func(ss *SubjectSnapshot) { ss.Clocks[0].State.Cycles = -1 }, "clocks[0].state.cycles"},
		{"clock later than its subject", func(ss *SubjectSnapshot) { ss.Clocks[0].State.Last = ss.Last.Add(time.Hour) }, "clocks[0].state.last"},
		{"hashes unsorted", func(ss *SubjectSnapshot) { ss.Recent[0], ss.Recent[1] = ss.Recent[1], ss.Recent[0] }, "recent[1]"},
		{"hash given twice", func(ss *SubjectSnapshot) { ss.Recent[1] = ss.Recent[0] }, "recent[1]"},
		{"zero hash", func(ss *SubjectSnapshot) { ss.Recent[0] = 0 }, "recent[0]"},
		{"exclusion bit of no objective", func(ss *SubjectSnapshot) { ss.Excluded = 1 << 40 }, "excluded"},
		{"no last event", func(ss *SubjectSnapshot) { ss.Last = time.Time{} }, "last"},
		{"done before anchored", func(ss *SubjectSnapshot) {
			ss.Deadlines[0].Current = Occurrence{Anchor: ss.Last, Done: ss.Last.Add(-time.Hour)}
		}, "deadlines[0].current.done"},
		{"done, never anchored", func(ss *SubjectSnapshot) { ss.Deadlines[0].Current = Occurrence{Done: ss.Last} }, "deadlines[0].current.done"},
		{"closed cycle after the current one", func(ss *SubjectSnapshot) {
			c := ss.Clocks[0].State
			ss.Clocks[0].Prev = []metric.CycleResult{{Cycle: 1, Start: c.Start, End: c.Start, State: metric.Met}}
		}, "clocks[0].prev[0].cycle"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ss := roundTripT(t, good)
			c.edit(&ss)
			err := ev.Restore(ss)
			if !errAt(err, ErrCorrupt, c.path) {
				t.Fatalf("Restore = %v, want ErrCorrupt at %s", err, c.path)
			}
			now, _ := ev.Snapshot("ticket", "T1")
			if diff := cmp.Diff(good, now); diff != "" {
				t.Errorf("a refused Restore changed the subject (-before +after):\n%s", diff)
			}
		})
	}
	if err := ev.Restore(good); err != nil {
		t.Errorf("Restore of the unedited snapshot = %v", err)
	}
}

// TestMergeCorrupt: each impossible value in a partial is refused with
// ErrCorrupt at its JSON path, and changes nothing.
func TestMergeCorrupt(t *testing.T) {
	sales, _ := scenarioEvaluator(t, "sales-marketing", "a")
	desk, _ := scenarioEvaluator(t, "support-desk", "b")
	uptime := uptimeWithLatencies(t)
	cases := []struct {
		name string
		from *Evaluator
		edit func(pt *Partial)
		path string
	}{
		{"negative input count", sales, func(pt *Partial) { pt.Input.Applied = -1 }, "input.applied"},
		{"volume off its grid", sales, func(pt *Partial) { pt.Volumes[0].Start = pt.Volumes[0].Start.Add(time.Hour) }, "volumes[0].start"},
		{"volume total not the sum", sales, func(pt *Partial) { pt.Volumes[0].Volume.Total = pt.Volumes[0].Volume.Total.Add(decimal.NewFromInt(1)) }, "volumes[0].volume.total"},
		{"negative segment", sales, func(pt *Partial) {
			// Segment A (the first in order: a map's own order is random)
			// made negative, the total kept its sum.
			v := &pt.Volumes[0].Volume
			k := slices.Sorted(maps.Keys(v.Segments))[0]
			v.Segments[k] = v.Segments[k].Neg()
			v.Total = v.Total.Sub(v.Segments[k]).Sub(v.Segments[k].Neg())
		}, "volumes[0].volume.segments.A"},
		{"volume given twice", sales, func(pt *Partial) { pt.Volumes[1] = pt.Volumes[0] }, "volumes[1].start"},
		{"distribution unsorted", uptime, func(pt *Partial) {
			vs := pt.Distributions[0].Distribution.Values
			vs[0], vs[1] = vs[1], vs[0]
		}, "distributions[0].distribution.values[1]"},
		{"subjects unsorted", desk, func(pt *Partial) { pt.Subjects[0], pt.Subjects[1] = pt.Subjects[1], pt.Subjects[0] }, "subjects[1]"},
		{"subject with a header of its own", desk, func(pt *Partial) { pt.Subjects[2].Format = FormatVersion }, "subjects[2].format"},
		{"clock of a subject", desk, func(pt *Partial) { pt.Subjects[3].Clocks[1].State.Phase = 9 }, "subjects[3].clocks[1].state.phase"},
		{"usage month off its start", desk, func(pt *Partial) { pt.Usage[0].Month = pt.Usage[0].Month.Add(time.Hour) }, "usage[0].month"},
		{"negative usage", desk, func(pt *Partial) { pt.Usage[0].Value = decimal.NewFromInt(-1) }, "usage[0].value"},
		{"sources unsorted", desk, func(pt *Partial) { pt.Sources = []string{"z", "a"} }, "sources[1]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pt := roundTripT(t, c.from.Partial())
			c.edit(&pt)
			ev := c.from.Empty()
			err := ev.Merge(pt)
			if !errAt(err, ErrCorrupt, c.path) {
				t.Fatalf("Merge = %v, want ErrCorrupt at %s", err, c.path)
			}
			if got := ev.Partial(); len(got.Subjects)+len(got.Volumes)+len(got.Distributions)+len(got.Usage) != 0 || got.Input.Total() != 0 || len(got.Sources) != 1 {
				t.Errorf("a refused Merge left state behind: %+v", got)
			}
		})
	}
}

// uptimeWithLatencies is the saas-uptime seed fed three API latencies in
// on 12 January (one day of its rolling window: a distribution of 3
// values, 250, 120 and 180 ms).
func uptimeWithLatencies(t *testing.T) *Evaluator {
	t.Helper()
	ev, err := Options{IDKey: goldenKey}.NewEvaluator(loadSeed(t, "saas-uptime.json"))
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range []string{"250", "120", "180"} {
		e := withValue(evt("l"+itoa(i), "service", "api", "api-latency-ms", "2026-01-12T1"+itoa(i)+":00:00Z"), v)
		if err := ev.Apply(e); err != nil {
			t.Fatal(err)
		}
	}
	if pt := ev.Partial(); len(pt.Distributions) != 1 || len(pt.Distributions[0].Distribution.Values) != 3 {
		t.Fatalf("distributions = %+v, want one of 3 values", pt.Distributions)
	}
	return ev
}

// TestPartialMergedTwice: the case. The sales scenario's partial
// holds only period aggregates (lead volumes, a report's done instant).
// April has 3 A and 1 B qualified leads (q7, q9, q10 and q8 of its
// events.jsonl) against targets of at least 3 A and 2 B: missed. Merged
// twice it would count 6 A and 2 B, and flip to achieved. Merging it
// twice, in one call or two, is refused with ErrMismatch at "sources",
// whatever it holds; once, it reports what the single evaluator reports.
func TestPartialMergedTwice(t *testing.T) {
	ev, s := scenarioEvaluator(t, "sales-marketing", "shard-1")
	pt := ev.Partial()
	if len(pt.Subjects) != 0 || len(pt.Volumes) == 0 {
		t.Fatalf("the partial holds %d subjects and %d volumes; the case is a partial of aggregates only", len(pt.Subjects), len(pt.Volumes))
	}
	found := false
	for _, pr := range ev.Report(s.asOf).Periods {
		if pr.Objective == "qualified-leads" && pr.Period.Start.Month() == time.April {
			found = true
			if pr.Verdict != VerdictMissed {
				t.Fatalf("April's qualified leads: verdict %s, want %s (the premise of this test)", pr.Verdict, VerdictMissed)
			}
		}
	}
	if !found {
		t.Fatal("no period report of qualified leads in April")
	}
	once := ev.Empty()
	if err := once.Merge(pt); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(ev.Report(s.asOf), once.Report(s.asOf)); diff != "" {
		t.Errorf("merged once (-single +merged):\n%s", diff)
	}
	if err := once.Merge(pt); !errAt(err, ErrMismatch, "sources[0]") {
		t.Errorf("Merge of the same partial again = %v, want ErrMismatch at sources[0]", err)
	}
	if err := ev.Empty().Merge(pt, pt); !errors.Is(err, ErrMismatch) {
		t.Errorf("Merge(pt, pt) = %v, want ErrMismatch", err)
	}
	if err := ev.Merge(pt); !errAt(err, ErrMismatch, "sources[0]") {
		t.Errorf("Merge of an evaluator's own partial into it = %v, want ErrMismatch at sources[0]", err)
	}
	if diff := cmp.Diff(ev.Report(s.asOf), once.Report(s.asOf)); diff != "" {
		t.Errorf("the refused merges changed the report (-single +after):\n%s", diff)
	}
}

// TestPartialsOverlap: partials that share events are refused: two taken
// from one evaluator at different times, and a partial together with one
// of an evaluator that merged it. Partials of disjoint shards merge. A
// partial does not change as its evaluator goes on (its volumes' segments
// were once shared with the evaluator's).
func TestPartialsOverlap(t *testing.T) {
	base, err := Options{IDKey: goldenKey}.NewEvaluator(loadSeed(t, "sales-marketing-service.json"))
	if err != nil {
		t.Fatal(err)
	}
	lead := func(id, subj, at string) Event {
		return evt(id, "lead", subj, "lead-qualified", at, "quality", "A")
	}
	a, b := base.Empty(), base.Empty()
	_ = a.Apply(lead("q1", "L1", "2026-03-02T10:00:00Z"))
	early := a.Partial()
	before := marshalIndent(t, early)
	_ = a.Apply(lead("q2", "L2", "2026-03-03T10:00:00Z"))
	late := a.Partial()
	if diff := cmp.Diff(string(before), string(marshalIndent(t, early))); diff != "" {
		t.Errorf("a partial changed as its evaluator went on (-taken +later):\n%s", diff)
	}
	if err := base.Empty().Merge(early, late); !errors.Is(err, ErrMismatch) {
		t.Errorf("Merge of two partials of one evaluator = %v, want ErrMismatch", err)
	}
	if err := b.Merge(early); err != nil {
		t.Fatal(err)
	}
	_ = b.Apply(lead("q3", "L3", "2026-03-04T10:00:00Z"))
	if err := base.Empty().Merge(b.Partial(), early); !errors.Is(err, ErrMismatch) {
		t.Errorf("Merge of a partial and one that holds it = %v, want ErrMismatch", err)
	}
	c := base.Empty()
	_ = c.Apply(lead("q4", "L4", "2026-03-05T10:00:00Z"))
	all := base.Empty()
	if err := all.Merge(late, c.Partial()); err != nil {
		t.Errorf("Merge of disjoint shards = %v", err)
	}
	if got := all.Partial().Sources; len(got) != 3 {
		t.Errorf("sources after merging two shards = %q, want 3 (the evaluator's own and the two shards')", got)
	}
}

// TestSplitInsideDowntime: the saas-uptime scenario's events of service
// app split at 2026-01-14T00:00Z, inside the downtime from 13 January
// 15:00 to 15 January 07:00.
//   - Two evaluators, one fed the events before the split and one those
//     after: both hold app, and Merge refuses (ErrMismatch): the state of
//     a subject does not add, whatever it holds.
//   - The state handed over at the split, by Snapshot and Restore or by
//     Partial and Merge, continues exactly: the report equals the
//     unsplit evaluation's.
func TestSplitInsideDowntime(t *testing.T) {
	whole, s := scenarioEvaluator(t, "saas-uptime", "whole")
	want := whole.Report(s.asOf)
	split := mustTime(t, "2026-01-14T00:00:00Z")
	i := slices.IndexFunc(s.events, func(e Event) bool { return !e.At.Before(split) })
	before, after := s.events[:i], s.events[i:]
	if before[len(before)-1].Kind != "down" || after[0].Kind != "up" {
		t.Fatalf("the split is not inside a downtime: %s then %s", before[len(before)-1].Kind, after[0].Kind)
	}
	first, err := Options{IDKey: goldenKey}.NewEvaluator(s.agr)
	if err != nil {
		t.Fatal(err)
	}
	second := first.Empty()
	first.ApplyAll(slices.Values(before))
	second.ApplyAll(slices.Values(after))
	if err := first.Empty().Merge(first.Partial(), second.Partial()); !errors.Is(err, ErrMismatch) {
		t.Errorf("Merge of the two halves = %v, want ErrMismatch", err)
	}

	ss, _ := first.Snapshot("service", "app")
	restored := first.Empty()
	if err := restored.Restore(roundTripT(t, ss)); err != nil {
		t.Fatal(err)
	}
	restored.ApplyAll(slices.Values(after))
	got := restored.Report(s.asOf)
	got.Input = want.Input // the restored evaluator counts only the events after the split
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("handed over by Snapshot and Restore (-unsplit +split):\n%s", diff)
	}

	merged := first.Empty()
	if err := merged.Merge(roundTripT(t, first.Partial())); err != nil {
		t.Fatal(err)
	}
	merged.ApplyAll(slices.Values(after))
	if diff := cmp.Diff(want, merged.Report(s.asOf)); diff != "" {
		t.Errorf("handed over by Partial and Merge (-unsplit +split):\n%s", diff)
	}
}

// TestIDKeyTravels: how the ID key goes with state.
func TestIDKeyTravels(t *testing.T) {
	a := loadSeed(t, "support-desk.json")
	created := evt("e1", "ticket", "T1", "ticket.created", "2026-03-02T09:00:00Z")
	src, err := NewEvaluator(a)
	if err != nil {
		t.Fatal(err)
	}
	_ = src.Apply(created)
	ss, _ := src.Snapshot("ticket", "T1")

	// A fresh evaluator adopts the key: a re-sent event is a duplicate.
	fresh, _ := NewEvaluator(a)
	if err := fresh.Restore(ss); err != nil {
		t.Fatalf("Restore into a fresh evaluator = %v", err)
	}
	if err := fresh.Apply(created); !errors.Is(err, ErrDuplicateEvent) {
		t.Errorf("re-sent event after Restore = %v, want ErrDuplicateEvent", err)
	}
	// One that has applied events under its own key refuses.
	busy, _ := NewEvaluator(a)
	_ = busy.Apply(evt("x1", "ticket", "T9", "ticket.created", "2026-03-02T08:00:00Z"))
	if err := busy.Restore(ss); !errAt(err, ErrMismatch, "idKey") {
		t.Errorf("Restore into an evaluator holding other hashes = %v, want ErrMismatch at idKey", err)
	}
	if err := busy.Merge(src.Partial()); !errAt(err, ErrMismatch, "idKey") {
		t.Errorf("Merge into an evaluator holding other hashes = %v, want ErrMismatch at idKey", err)
	}
	// A key the host gave is never replaced.
	fixed, _ := Options{IDKey: goldenKey}.NewEvaluator(a)
	if err := fixed.Restore(ss); !errAt(err, ErrMismatch, "idKey") {
		t.Errorf("Restore into an evaluator with another given key = %v, want ErrMismatch at idKey", err)
	}
	// Evaluators given one key exchange state whatever they applied.
	x, _ := Options{IDKey: goldenKey}.NewEvaluator(a)
	y, _ := Options{IDKey: goldenKey}.NewEvaluator(a)
	_ = x.Apply(created)
	_ = y.Apply(evt("x1", "ticket", "T9", "ticket.created", "2026-03-02T08:00:00Z"))
	sx, _ := x.Snapshot("ticket", "T1")
	if err := y.Restore(sx); err != nil {
		t.Errorf("Restore between evaluators of one given key = %v", err)
	}
	if err := y.Apply(created); !errors.Is(err, ErrDuplicateEvent) {
		t.Errorf("re-sent event after Restore = %v, want ErrDuplicateEvent", err)
	}
}

// TestReportsIndependentOfKey: two evaluators with different random keys
// (and origins) fed the same random stream report the same, field for
// field: the key decides only which hashes are stored.
func TestReportsIndependentOfKey(t *testing.T) {
	for _, name := range seedNames {
		a := loadSeed(t, name)
		t.Run(name, rapid.MakeCheck(func(t *rapid.T) {
			es, asOf := genStream(t, name)
			var k1, k2 IDKey
			for i := range k1 {
				k1[i] = byte(rapid.IntRange(0, 255).Draw(t, "k1"))
				k2[i] = byte(rapid.IntRange(0, 255).Draw(t, "k2"))
			}
			e1, err := Options{IDKey: k1}.NewEvaluator(a)
			if err != nil {
				t.Fatal(err)
			}
			e2, _ := Options{IDKey: k2}.NewEvaluator(a)
			e1.ApplyAll(seq(es))
			e2.ApplyAll(seq(es))
			if diff := cmp.Diff(e1.Report(asOf), e2.Report(asOf)); diff != "" {
				t.Fatalf("reports under two keys (-k1 +k2):\n%s", diff)
			}
		}))
	}
}

// TestCraftedIDs: IDs chosen, knowing a key, so that their hashes share
// their low 12 bits (what an attacker computes offline against an
// unkeyed hash) make one subject's ID set probe a run of hundreds of
// slots under that key, and short runs under any other: without the key
// no choice of IDs degrades lookups.
func TestCraftedIDs(t *testing.T) {
	known := newIDHasher(goldenKey, true)
	var crafted []string
	for i := 0; len(crafted) < 300; i++ {
		id := "e" + itoa(i)
		if known.hash(id)&0xfff == 0 {
			crafted = append(crafted, id)
		}
	}
	run := func(h idHasher) int {
		var s hashset.Small
		for _, id := range crafted {
			if x := h.hash(id); !s.Has(x) {
				s.Add(x, nil)
			}
		}
		return s.LongestRun()
	}
	if got := run(known); got < 200 {
		t.Fatalf("crafted IDs under the key they were crafted for: longest run %d, want at least 200 (the attack this test guards against)", got)
	}
	other := newIDHasher(randomKey(), false)
	// 300 random hashes in a table of 1,024 slots (at most half full): the
	// longest run of occupied slots exceeds 40 with probability far below
	// 10⁻⁶ (linear probing at load 0.3).
	if got := run(other); got > 40 {
		t.Errorf("crafted IDs under another key: longest run %d, want at most 40", got)
	}
}

// roundTripT is roundTrip for plain tests.
func roundTripT[T any](t *testing.T, v T) T {
	t.Helper()
	var back T
	if err := json.Unmarshal(marshalIndent(t, v), &back); err != nil {
		t.Fatal(err)
	}
	return back
}

// TestZeroEvaluatorState: Restore and Merge on a nil or zero Evaluator
// fail with ErrNotBuilt instead of panicking; it has no fingerprint.
func TestZeroEvaluatorState(t *testing.T) {
	var nilEv *Evaluator
	for name, ev := range map[string]*Evaluator{"nil": nilEv, "zero": {}} {
		if err := ev.Restore(SubjectSnapshot{}); !errors.Is(err, ErrNotBuilt) {
			t.Errorf("%s: Restore = %v, want ErrNotBuilt", name, err)
		}
		if err := ev.Merge(Partial{}); !errors.Is(err, ErrNotBuilt) {
			t.Errorf("%s: Merge = %v, want ErrNotBuilt", name, err)
		}
		if fp := ev.Fingerprint(); fp != "" {
			t.Errorf("%s: Fingerprint() = %q, want \"\"", name, fp)
		}
	}
}

// TestOriginTooLong: an origin longer than 128 bytes is refused by
// Options.NewEvaluator with ErrInvalid; one of 128 is taken.
func TestOriginTooLong(t *testing.T) {
	a := loadSeed(t, "minimal.json")
	if _, err := (Options{Origin: strings.Repeat("x", 129)}).NewEvaluator(a); !errors.Is(err, ErrInvalid) {
		t.Errorf("Options.NewEvaluator(origin of 129 bytes) = %v, want ErrInvalid", err)
	}
	ev, err := Options{Origin: strings.Repeat("x", 128)}.NewEvaluator(a)
	if err != nil {
		t.Fatalf("Options.NewEvaluator(origin of 128 bytes) = %v", err)
	}
	if got := ev.Partial().Sources; len(got) != 1 || got[0] != strings.Repeat("x", 128) {
		t.Errorf("Sources = %q, want the origin given", got)
	}
}
