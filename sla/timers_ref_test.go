package sla

import (
	"runtime"
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/slaeval/slaeval/metric"
)

// nextChangeWalk is NextChange as it was before the timer index: a walk
// over every subject held, kept as the slow reference the index is
// checked against (TestPropNextChangeIndex).
func nextChangeWalk(ev *Evaluator, after time.Time) (next time.Time, ok bool) {
	consider := func(t time.Time) {
		if t.After(after) && (!ok || t.Before(next)) {
			next, ok = t, true
		}
	}
	for s := range ev.subjects.all() {
		v := &ev.p.versions[s.ver]
		var se *metric.Event
		for i := range v.objs {
			co := &v.objs[i]
			if co.kind != kClock && co.kind != kDeadlineEvents {
				continue
			}
			if co.typ != "" && co.typ != s.typ() {
				continue
			}
			if len(co.where) > 0 {
				if se == nil {
					se = new(subjectEvent(ev.p, s))
				}
				if !whereHolds(co.where, se) {
					continue
				}
			}
			switch co.kind {
			case kClock:
				if t, has := co.clock.NextChange(s.clock(co), after); has {
					consider(t)
				}
			case kDeadlineEvents:
				d := s.deadline(co)
				if !d.Anchor.IsZero() && d.Done.IsZero() {
					if t, has := co.missedFrom(d.Anchor); has {
						consider(t)
					}
				}
			}
		}
	}
	return ev.aggregateChange(after, next, ok)
}

// TestPropNextChangeIndex: on random streams over the seed agreements
// (and the support desk with an urgent-only objective, whose scope
// changes with the priority), with duplicates and out-of-order events,
// and with subjects forgotten and restored, retired, and the whole state
// merged into a fresh evaluator along the way, NextChange answers as the
// walk over every subject (nextChangeWalk) does, for instants before,
// at and after the events and at the instants the walk returns.
func TestPropNextChangeIndex(t *testing.T) {
	names := append(slices.Clone(seedNames), "timer")
	for _, name := range names {
		var a Agreement
		tpl := name
		if name == "timer" {
			a, tpl = timerAgreement(t), "support-desk.json"
		} else {
			a = loadSeed(t, name)
		}
		base, err := NewEvaluator(a)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(name, rapid.MakeCheck(func(t *rapid.T) {
			es, asOf := genStream(t, tpl)
			ev := base.Empty()
			check := func(x time.Time) {
				got, gok := ev.NextChange(x)
				want, wok := nextChangeWalk(ev, x)
				if gok != wok || !got.Equal(want) {
					t.Fatalf("NextChange(%v) = %v, %v; the walk says %v, %v", x, got, gok, want, wok)
				}
			}
			for i, e := range es {
				_ = ev.Apply(e)
				switch rapid.IntRange(0, 9).Draw(t, "op") {
				case 0: // forget a subject and restore it
					if ss, ok := ev.Snapshot(e.SubjectType, e.Subject); ok {
						ev.Forget(e.SubjectType, e.Subject)
						check(e.At)
						if err := ev.Restore(ss); err != nil {
							t.Fatal(err)
						}
					}
				case 1: // restore over the subject held
					if ss, ok := ev.Snapshot(e.SubjectType, e.Subject); ok {
						if err := ev.Restore(ss); err != nil {
							t.Fatal(err)
						}
					}
				case 2:
					ev.RetireClosed(e.At.Add(time.Hour))
				case 3: // hand the whole state over
					m := ev.Empty()
					if err := m.Merge(ev.Partial()); err != nil {
						t.Fatal(err)
					}
					ev = m
				}
				for _, x := range []time.Time{e.At.Add(-time.Duration(rapid.IntRange(0, 5*24*60).Draw(t, "back")) * time.Minute), e.At, es[max(0, i-1)].At} {
					check(x)
				}
			}
			// Follow the walk's answers past the end, and a few nanoseconds
			// around each.
			x := asOf.Add(-30 * 24 * time.Hour)
			for range 40 {
				check(x)
				n, ok := nextChangeWalk(ev, x)
				if !ok {
					break
				}
				check(n.Add(-1))
				x = n
			}
		}))
	}
}

// BenchmarkNextChange1M asks NextChange of an evaluator holding
// 1,000,000 open tickets, each with a running clock (the minimal
// agreement: first reply within 4 business hours), opened one second
// apart: the timer index answers in O(log n) where the walk took
// time in proportion to the subjects. Each call asks about another
// instant, so no answer is cached.
func BenchmarkNextChange1M(b *testing.B) {
	ev, err := NewEvaluator(loadSeed(b, "minimal.json"))
	if err != nil {
		b.Fatal(err)
	}
	const n = 1_000_000
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	for i := range n {
		e := Event{ID: "c", SubjectType: "ticket", Subject: "T" + itoa(i), Kind: "ticket.created", At: start.Add(time.Duration(i) * time.Second)}
		if err := ev.Apply(e); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC() // the garbage of building them is not the calls'
	for _, bm := range []struct {
		name string
		next func(*Evaluator, time.Time) (time.Time, bool)
	}{{"index", (*Evaluator).NextChange}, {"walk", nextChangeWalk}} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				after := start.Add(time.Duration(i%n) * time.Second)
				if _, ok := bm.next(ev, after); !ok {
					b.Fatal("no change")
				}
			}
		})
	}
}

// TestNextChangeIndexManyEvents: 7,000 events of 700 tickets (the
// replay's lifecycle: created, replies, pending, reopened, solved)
// applied without asking NextChange, so the index takes the changed
// subjects' instants in groups of maxDirty as they pile up, and the
// rest at the first call; then NextChange answers as the walk does at
// every hour of the stream and at the nanosecond before each answer.
func TestNextChangeIndexManyEvents(t *testing.T) {
	ev, err := NewEvaluator(benchAgreement(t))
	if err != nil {
		t.Fatal(err)
	}
	es := ticketEvents(700)
	for i := range es {
		es[i].ID = "e" + itoa(i)
		if err := ev.Apply(es[i]); err != nil {
			t.Fatal(err)
		}
		if i == len(es)/2 {
			// Half way: some subjects forgotten and restored, one merge.
			for j := range 50 {
				id := "T" + itoa(j*7)
				if ss, ok := ev.Snapshot("ticket", id); ok {
					ev.Forget("ticket", id)
					if err := ev.Restore(ss); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
	for x := es[0].At.Add(-time.Hour); !x.After(es[len(es)-1].At.Add(48 * time.Hour)); x = x.Add(time.Hour) {
		want, wok := nextChangeWalk(ev, x)
		got, gok := ev.NextChange(x)
		if gok != wok || !got.Equal(want) {
			t.Fatalf("NextChange(%v) = %v, %v; the walk says %v, %v", x, got, gok, want, wok)
		}
		if wok {
			if got, _ := ev.NextChange(want.Add(-1)); !got.Equal(want) {
				t.Fatalf("NextChange(%v) = %v, want %v", want.Add(-1), got, want)
			}
		}
	}
}
