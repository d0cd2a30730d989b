package sla

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/slaeval/slaeval/calendar"
	"github.com/slaeval/slaeval/metric"
)

// manyObjectives returns an agreement whose single version has the
// keeper clock (below) and then n clock objectives o0 … o(n-1), varied by
// i: preset or own conditions, target (wall or business time, one or by
// priority), scope (ticket, task or any type; all subjects, one priority,
// one team) and, for every third, the exclusion of the "customer" cause.
//
// The keeper starts on every event of any subject, so every subject has
// state from its first event on whatever the other objectives are: an
// agreement with the keeper and one of the n objectives then holds that
// objective's state exactly as this one does (the reference of
// TestManyObjectives).
func manyObjectives(t testing.TB, n int) Agreement {
	a := loadSeed(t, "minimal.json")
	a.Term.EffectiveTo = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC) // 14 periods per objective (Limits.PeriodResults)
	v := &a.Versions[0]
	v.Calendars = map[string]calendar.Spec{"office": {Hours: "Mon-Fri 09:00-17:00", Zone: "Europe/London"}}
	v.Exclusions = []Exclusion{{ID: "waiting", Kind: ExcludeCustomerCaused, Party: "c", Causes: []string{"customer"}}}
	v.Objectives = []Objective{keeper(a.Versions[0].Objectives[0])}
	for i := range n {
		v.Objectives = append(v.Objectives, oneOfMany(v.Objectives[0], i))
	}
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	return a
}

// keeper is a clock started by any event of the kinds manyEvents uses,
// never stopped.
func keeper(base Objective) Objective {
	o := base
	o.ID, o.Name = "keeper", "Any event"
	var start []Condition
	for _, k := range manyKinds {
		start = append(start, Condition{Kind: k})
	}
	o.Metric = Metric{Kind: "clock", Clock: &Clock{Start: start, Stop: []Condition{{Kind: "never"}}}}
	o.Target = &Target{Within: mustPeriod("P1000D"), Unit: UnitWall}
	return o
}

var manyKinds = []string{"ticket.created", "ticket.comment", "ticket.updated"}

// oneOfMany is objective o<i> of manyObjectives.
func oneOfMany(base Objective, i int) Objective {
	o := base
	o.ID, o.Name = "o"+strconv.Itoa(i), "Objective "+strconv.Itoa(i)
	agent := Condition{Kind: "ticket.comment", Where: []AttrTest{{Attr: "author", Op: OpEquals, Values: []string{"agent"}}}}
	status := func(s string) Condition {
		return Condition{Kind: "ticket.updated", Where: []AttrTest{{Attr: "status", Op: OpEquals, Values: []string{s}}}}
	}
	switch i % 5 {
	case 0:
		o.Metric = Metric{Kind: "clock", Clock: &Clock{Preset: PresetFirstReply}}
	case 1:
		o.Metric = Metric{Kind: "clock", Clock: &Clock{Preset: PresetNextReply}}
	case 2:
		o.Metric = Metric{Kind: "clock", Clock: &Clock{Preset: PresetResolution, Pause: []Condition{status("pending")}}}
	case 3:
		o.Metric = Metric{Kind: "clock", Clock: &Clock{Start: []Condition{{Kind: "ticket.created"}}, Stop: []Condition{agent, status("solved")}}}
	default:
		o.Metric = Metric{Kind: "clock", Clock: &Clock{Start: []Condition{status("open")}, Pause: []Condition{status("pending")}, Stop: []Condition{status("solved")}, Restart: RestartResume}}
	}
	within := mustPeriod(fmt.Sprintf("PT%dH", 1+i%7*3))
	o.Target, o.Calendar = &Target{Within: within, Unit: UnitWall}, ""
	if i%2 == 1 {
		o.Target.Unit, o.Calendar = UnitBusiness, "office"
	}
	if i%4 == 2 {
		o.TargetBy = "priority"
		o.Targets = []SegmentTarget{{When: "urgent", Target: Target{Within: mustPeriod("PT30M"), Unit: o.Target.Unit}}}
	}
	o.Scope = Scope{Subject: []string{"ticket", "task", ""}[i%3]}
	switch i % 6 {
	case 1:
		o.Scope.Where = []AttrTest{{Attr: "priority", Op: OpIn, Values: []string{"urgent", "high"}}}
	case 4:
		o.Scope.Where = []AttrTest{{Attr: "team", Op: OpEquals, Values: []string{"t" + strconv.Itoa(i%3)}}}
	}
	if i%3 == 0 {
		o.Exclusions = []string{"waiting"}
	}
	return o
}

// manyEvents returns a random stream of n events over as many tickets as
// tasks (pairs of each), in time order, up to step apart. Every event of a subject carries the subject's
// current priority and team, as a host that sends the whole record does
// (so that the subject's attributes are the same whichever event first
// creates its state); some carry the cause "customer".
func manyEvents(rng *rand.Rand, n, pairs int, step time.Duration) []Event {
	type subj struct{ typ, id, prio, team string }
	var subjects []subj
	for i := range pairs {
		subjects = append(subjects, subj{typ: "ticket", id: "T" + strconv.Itoa(i)}, subj{typ: "task", id: "K" + strconv.Itoa(i)})
	}
	prios := []string{"urgent", "high", "normal"}
	at := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	var out []Event
	for i := range n {
		s := &subjects[rng.IntN(len(subjects))]
		if s.prio == "" || rng.IntN(8) == 0 {
			s.prio, s.team = prios[rng.IntN(len(prios))], "t"+strconv.Itoa(rng.IntN(3))
		}
		attrs := []metric.Attr{{Key: "priority", Value: s.prio}, {Key: "team", Value: s.team}}
		kind := manyKinds[rng.IntN(len(manyKinds))]
		switch kind {
		case "ticket.comment":
			attrs = append(attrs, metric.Attr{Key: "author", Value: []string{"agent", "requester"}[rng.IntN(2)]})
		case "ticket.updated":
			attrs = append(attrs, metric.Attr{Key: "status", Value: []string{"open", "pending", "solved"}[rng.IntN(3)]})
		}
		if rng.IntN(10) == 0 {
			attrs = append(attrs, metric.Attr{Key: "cause", Value: []string{"customer", "provider"}[rng.IntN(2)]})
		}
		at = at.Add(time.Duration(rng.Int64N(int64(step))))
		out = append(out, Event{ID: "e" + strconv.Itoa(i), SubjectType: s.typ, Subject: s.id, Kind: kind, At: at, Attrs: attrs})
	}
	return out
}

// TestManyObjectives: an agreement with 100 clock objectives (and the
// keeper) reports, for random streams, for every subject and every
// objective, what the agreement of the keeper and that one objective
// alone reports — the reference, in which no objective shares a subject's
// state with another — and the same periods for it. The 100 objectives
// have 101 per-subject bits, so exclusions past the 64th are recorded
// too, and a snapshot of every subject taken halfway and restored (as
// JSON) changes nothing.
func TestManyObjectives(t *testing.T) {
	const n = 100
	big := manyObjectives(t, n)
	ev, err := NewEvaluator(big)
	if err != nil {
		t.Fatalf("NewEvaluator with %d objectives: %v", n+1, err)
	}
	singles := make([]*Evaluator, n)
	for i := range n {
		a := big
		a.Versions = []Version{big.Versions[0]}
		a.Versions[0].Objectives = []Objective{big.Versions[0].Objectives[0], big.Versions[0].Objectives[1+i]}
		if singles[i], err = NewEvaluator(a); err != nil {
			t.Fatal(err)
		}
	}
	for seed := range uint64(4) {
		t.Run("seed"+strconv.FormatUint(seed, 10), func(t *testing.T) {
			es := manyEvents(rand.New(rand.NewPCG(seed, 16)), 300, 6, 5*time.Hour)
			asOf := es[len(es)-1].At.Add(30 * time.Hour)
			got := ev.Empty()
			half := len(es) / 2
			got.ApplyAll(seq(es[:half]))
			got = restoredAll(t, got)
			got.ApplyAll(seq(es[half:]))
			r := got.Report(asOf)
			excludedPast64 := 0
			for i, one := range singles {
				id := "o" + strconv.Itoa(i)
				e := one.Empty()
				e.ApplyAll(seq(es))
				want := e.Report(asOf)
				if len(want.Subjects) != len(r.Subjects) {
					t.Fatalf("%s: %d subjects, want %d", id, len(r.Subjects), len(want.Subjects))
				}
				for _, ws := range want.Subjects {
					gs, ok := r.Subject(ws.Type, ws.ID)
					if !ok {
						t.Fatalf("%s: no subject %s/%s", id, ws.Type, ws.ID)
					}
					wo, wok := ws.Objective(id)
					g, gok := gs.Objective(id)
					if wok != gok {
						t.Fatalf("%s/%s: objective %s present %v, want %v", ws.Type, ws.ID, id, gok, wok)
					}
					if diff := cmp.Diff(wo, g); diff != "" {
						t.Errorf("%s/%s, objective %s (-alone +among %d):\n%s", ws.Type, ws.ID, id, n, diff)
					}
					if g.Excluded && 1+i >= 64 {
						excludedPast64++
					}
				}
				if diff := cmp.Diff(findPeriods(want, id), findPeriods(r, id)); diff != "" {
					t.Errorf("periods of %s (-alone +among %d):\n%s", id, n, diff)
				}
			}
			if excludedPast64 == 0 {
				t.Errorf("no objective past the 64th was excluded for any subject: the stream does not test the bits past 64")
			}
		})
	}
}

// restoredAll returns an evaluator of ev's agreement holding ev's
// subjects, each snapshotted as JSON and restored, and its aggregates
// (none here: every objective is a clock).
func restoredAll(t *testing.T, ev *Evaluator) *Evaluator {
	t.Helper()
	out := ev.Empty()
	pt := ev.Partial()
	if err := out.Merge(Partial{Format: pt.Format, Agreement: pt.Agreement, Fingerprint: pt.Fingerprint, IDKey: pt.IDKey, Outline: pt.Outline, Sources: pt.Sources, Input: pt.Input}); err != nil {
		t.Fatal(err)
	}
	for _, s := range pt.Subjects {
		ss, _ := ev.Snapshot(s.Type, s.ID)
		back := roundTripT(t, ss)
		if err := out.Restore(back); err != nil {
			t.Fatalf("Restore(%s/%s): %v", s.Type, s.ID, err)
		}
	}
	return out
}

// TestExcludedMoreChecked: a snapshot whose excluded bits name a
// per-subject objective the version does not have is refused with
// ErrCorrupt at the word's path, past 64 as below.
func TestExcludedMoreChecked(t *testing.T) {
	ev, err := NewEvaluator(manyObjectives(t, 100)) // 101 per-subject objectives: bits 0 to 100
	if err != nil {
		t.Fatal(err)
	}
	es := manyEvents(rand.New(rand.NewPCG(1, 2)), 5, 6, 5*time.Hour)
	ev.ApplyAll(seq(es))
	ss, ok := ev.Snapshot(es[0].SubjectType, es[0].Subject)
	if !ok {
		t.Fatal("no snapshot")
	}
	for _, c := range []struct {
		name string
		more []uint64
		path string // "": accepted
	}{
		{"zero words", []uint64{0, 0}, ""},
		{"bit 100, the last objective", []uint64{1 << 36}, ""},
		{"bit 101, past the last", []uint64{1 << 37}, "excludedMore[0]"},
		{"bit 128", []uint64{0, 1}, "excludedMore[1]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := ss
			s.ExcludedMore = c.more
			checkErrAt(t, "Restore", ev.Empty().Restore(s), ErrCorrupt, c.path)
		})
	}
}

// TestTrackedAttrsLimit: an agreement that refers to more than
// MaxTrackedAttrs distinct attributes is refused with ErrLimit at the
// first attribute past the limit; at the limit it compiles. ("cause" is
// always tracked, so MaxTrackedAttrs-1 attributes in scopes reach it.)
func TestTrackedAttrsLimit(t *testing.T) {
	for _, c := range []struct {
		name  string
		attrs int
		path  string // "": accepted
	}{
		{"at the limit", MaxTrackedAttrs - 1, ""},
		{"one past", MaxTrackedAttrs, "versions[0].objectives[63].scope.where[0].attr"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := loadSeed(t, "minimal.json")
			base := a.Versions[0].Objectives[0]
			a.Versions[0].Objectives = nil
			for i := range c.attrs {
				o := base
				o.ID = "o" + strconv.Itoa(i)
				o.Scope.Where = []AttrTest{{Attr: "a" + strconv.Itoa(i), Op: OpPresent}}
				a.Versions[0].Objectives = append(a.Versions[0].Objectives, o)
			}
			_, err := NewEvaluator(a)
			checkErrAt(t, "NewEvaluator", err, ErrLimit, c.path)
		})
	}
}

// checkErrAt fails t unless err (of call) is nil when path is "", and
// otherwise an *Error wrapping sentinel at path.
func checkErrAt(t *testing.T, call string, err, sentinel error, path string) {
	t.Helper()
	var e *Error
	switch {
	case path == "" && err != nil:
		t.Errorf("%s = %v, want nil", call, err)
	case path != "" && (!errors.Is(err, sentinel) || !errors.As(err, &e) || e.Path != path):
		t.Errorf("%s = %v, want %v at %s", call, err, sentinel, path)
	}
}

// BenchmarkObjectives applies a stream of 20,000 events over 1,000
// tickets and 1,000 tasks to an agreement of n clock objectives
// (manyObjectives, with the keeper: n+1 per-subject objectives, of which
// about two thirds apply to each subject's type), and reports the time per
// event, and per event and objective; then, outside the timed loop, the
// heap held per subject after the stream, and per subject and objective.
// Run with
//
//	go test ./sla -run '^$' -bench Objectives -benchmem
func BenchmarkObjectives(b *testing.B) {
	es := manyEvents(rand.New(rand.NewPCG(3, 3)), 20_000, 1000, 30*time.Minute)
	for _, n := range []int{1, 10, 100} {
		b.Run("n="+strconv.Itoa(n), func(b *testing.B) {
			c, err := Compile(manyObjectives(b, n))
			if err != nil {
				b.Fatal(err)
			}
			apply := func() *Evaluator {
				ev := c.NewEvaluator()
				if r := ev.ApplyBatch(es); r != nil {
					b.Fatalf("%d events rejected, the first: %v", len(r), r[0].Err)
				}
				return ev
			}
			b.ReportAllocs()
			for b.Loop() {
				apply()
			}
			ns := float64(b.Elapsed().Nanoseconds()) / float64(len(es)) / float64(b.N)
			var ev *Evaluator
			held := heapPer(1, func() { ev = apply() })
			held /= float64(ev.subjects.len())
			b.ReportMetric(ns, "ns/event")
			b.ReportMetric(ns/float64(n+1), "ns/event/objective")
			b.ReportMetric(held, "B/subject")
			b.ReportMetric(held/float64(n+1), "B/subject/objective")
		})
	}
}
