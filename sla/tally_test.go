package sla

import (
	"cmp"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"
)

// TestSummaryCountersProperty checks, on random streams over each seed
// agreement (the SaaS one has two versions, and its streams run long
// enough to cross into the second), that Report(asOf) and Summary(asOf)
// equal a report that walks every subject (without its subjects, for
// Summary) as of random instants — before the
// latest event, between events and after them — while the counters are
// kept through events, Retire and RetireClosed, Forget and Restore of a
// snapshot, RestoreAggregates, Recompute from a subject's history, and Merge of the whole
// state into an evaluator that keeps counters already. The walk is the
// reference.
func TestSummaryCountersProperty(t *testing.T) {
	opts := gocmp.Options{cmpopts.EquateErrors(), cmpopts.EquateEmpty()}
	// The seeds, and a ratio split by an attribute, whose rows per value
	// the counters keep in cells of their own.
	for _, name := range append(slices.Clone(seedNames), "priority-compliance.json") {
		base := seedEvaluator(t, name)
		t.Run(name, rapid.MakeCheck(func(t *rapid.T) {
			tpls := seedTemplates(name)
			start := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
			maxStep := 3 * 24 * 60
			if name == "saas-uptime.json" {
				maxStep = 12 * 24 * 60 // reach the version of July
			}
			ev := base.Empty()
			history := map[[2]string][]Event{}
			at := start
			check := func(label string) {
				span := int(at.Sub(start)/time.Minute) + 40*24*60
				asOf := start.Add(time.Duration(rapid.IntRange(0, span).Draw(t, "asOf")) * time.Minute)
				// The reference walks every subject, as Report did
				// before the counters.
				want := ev.report(asOf, true, true)
				// DeepEqual first: cmp.Diff on every report is slow.
				if got := ev.Report(asOf); !reflect.DeepEqual(want, got) {
					t.Fatalf("after %s, Report(%v) (-walk +with counters):\n%s", label, asOf, gocmp.Diff(want, got, opts))
				}
				want.Subjects = nil
				if got := ev.Summary(asOf); !reflect.DeepEqual(want, got) {
					t.Fatalf("after %s, Summary(%v) (-walk without subjects +Summary):\n%s", label, asOf, gocmp.Diff(want, got, opts))
				}
			}
			n := rapid.IntRange(0, 60).Draw(t, "n")
			for i := range n {
				switch op := rapid.IntRange(0, 29).Draw(t, "op"); {
				case op < 3:
					check("events")
					continue
				case op == 3:
					ev.RetireClosed(at)
					check("RetireClosed")
					continue
				case op == 4:
					tp, subj := drawSubject(t, tpls)
					if err := ev.Retire(tp.typ, subj); err != nil && !errors.Is(err, ErrNotClosed) && !errors.Is(err, ErrUnknownSubject) {
						t.Fatalf("Retire(%s, %s) = %v", tp.typ, subj, err)
					}
					check("Retire")
					continue
				case op == 5:
					tp, subj := drawSubject(t, tpls)
					if ss, ok := ev.Snapshot(tp.typ, subj); ok {
						ev.Forget(tp.typ, subj)
						check("Forget")
						if err := ev.Restore(roundTrip(t, ss)); err != nil {
							t.Fatal(err)
						}
						check("Restore")
					}
					continue
				case op == 6:
					tp, subj := drawSubject(t, tpls)
					if hist := history[[2]string{tp.typ, subj}]; len(hist) > 0 && tp.kind != KindUsage {
						if _, err := ev.Recompute(tp.typ, subj, hist); err != nil && !errors.Is(err, ErrNotRecomputable) {
							t.Fatalf("Recompute(%s, %s) = %v", tp.typ, subj, err)
						}
						check("Recompute")
					}
					continue
				case op == 7:
					ev2 := base.Empty()
					ev2.Summary(at) // counters kept before the merge
					if err := ev2.Merge(roundTrip(t, ev.Partial())); err != nil {
						t.Fatal(err)
					}
					ev = ev2
					check("Merge")
					continue
				case op == 9:
					// The host restores the aggregate record over the
					// evaluator's own (as after a restart, run twice).
					if err := ev.RestoreAggregates(roundTrip(t, ev.Aggregates())); err != nil {
						t.Fatal(err)
					}
					check("RestoreAggregates")
					continue
				case op == 8:
					at = at.Add(-time.Duration(rapid.IntRange(1, 600).Draw(t, "back")) * time.Minute)
				}
				at = at.Add(time.Duration(rapid.IntRange(0, maxStep).Draw(t, "step")) * time.Minute)
				e := drawEvent(t, tpls, "e"+itoa(i), at)
				if err := ev.Apply(e); err == nil || errors.Is(err, errIgnored) {
					k := [2]string{e.SubjectType, e.Subject}
					history[k] = append(history[k], e)
				}
			}
			check("the stream")
		}))
	}
}

// TestSummaryCountersUsed checks that the counters, not a walk, answer a
// summary as of the latest event: after the first Summary, a settled
// subject is counted and not held open, and one with a clock running is
// held open.
func TestSummaryCountersUsed(t *testing.T) {
	ev := seedEvaluator(t, "support-desk.json")
	created, reply := ticketT1()
	for _, e := range []Event{created, reply, evt("c2", "ticket", "T2", "ticket.created", "2026-01-06T09:00:00Z")} {
		if err := ev.Apply(e); err != nil {
			t.Fatal(err)
		}
	}
	asOf := time.Date(2026, 1, 7, 9, 0, 0, 0, time.UTC)
	ev.Summary(asOf)
	if !ev.sum.on || !ev.sum.ok {
		t.Fatalf("counters on, usable = %v, %v; want true, true", ev.sum.on, ev.sum.ok)
	}
	// T1 was created and answered, but its resolution clock runs: open.
	// T2 only created: its clocks run too.
	for _, k := range []string{"ticket/T1", "ticket/T2"} {
		if _, open := ev.sum.open[k]; !open {
			t.Errorf("%s not held open; its clocks run", k)
		}
	}
	solve := evt("s1", "ticket", "T1", "ticket.updated", "2026-01-06T12:00:00Z", "status", "solved")
	if err := ev.Apply(solve); err != nil {
		t.Fatal(err)
	}
	if _, open := ev.sum.open["ticket/T1"]; open {
		t.Errorf("ticket/T1 held open after it was solved (every clock stopped)")
	}
}

// drawSubject draws a template and one of its subjects.
func drawSubject(t *rapid.T, tpls []template) (template, string) {
	tp := rapid.SampledFrom(tpls).Draw(t, "subject template")
	return tp, rapid.SampledFrom(tp.subj).Draw(t, "subject of template")
}

// TestSortedSubjects: sortedSubjects orders subjects as comparing their
// types, then their IDs, as strings does (the reference), for IDs that
// share long prefixes, hold zero bytes or are prefixes of one another.
func TestSortedSubjects(t *testing.T) {
	base := seedEvaluator(t, "support-desk.json")
	rapid.Check(t, func(t *rapid.T) {
		ev := base.Empty()
		str := rapid.StringOfN(rapid.SampledFrom([]rune{'a', 'b', 0, '/', 'T'}), 0, 12, -1)
		n := rapid.IntRange(0, 40).Draw(t, "n")
		for i := range n {
			typ := rapid.SampledFrom([]string{"ticket", "invoice", "tick"}).Draw(t, "type")
			id := "T" + str.Draw(t, "id")
			// A created ticket or an issued invoice makes a subject.
			kind := map[string]string{"ticket": "ticket.created", "invoice": "invoice-issued", "tick": "ticket.created"}[typ]
			_ = ev.Apply(Event{ID: "e" + itoa(i), SubjectType: typ, Subject: id, Kind: kind, At: time.Date(2026, 1, 5, 9, 0, i, 0, time.UTC)})
		}
		var got, want [][2]string
		for _, s := range ev.sortedSubjects() {
			got = append(got, [2]string{s.typ(), s.id()})
		}
		for s := range ev.subjects.all() {
			want = append(want, [2]string{s.typ(), s.id()})
		}
		slices.SortFunc(want, func(a, b [2]string) int {
			return cmp.Or(strings.Compare(a[0], b[0]), strings.Compare(a[1], b[1]))
		})
		if diff := gocmp.Diff(want, got); diff != "" {
			t.Fatalf("sortedSubjects (-by strings +got):\n%s", diff)
		}
	})
}
