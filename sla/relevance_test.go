package sla

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/slaeval/slaeval/calendar"

	"github.com/slaeval/slaeval/metric"
)

// TestConditionMask pins which conditions let the evaluator skip an
// objective (relevance.go): the triggers derived by hand from each
// condition's rules of matching.
func TestConditionMask(t *testing.T) {
	kind := func(ks ...string) metric.Condition { return metric.Condition{Kinds: ks} }
	attr := func(op metric.Op, key string, vs ...string) metric.Condition {
		return metric.Condition{Attrs: []metric.AttrTest{{Key: key, Op: op, Values: vs}}}
	}
	tests := []struct {
		name   string
		cs     []metric.Condition
		want   []trigger // the triggers, in allocation order; nil with always
		always bool
	}{
		{"kinds", []metric.Condition{kind("a", "b"), kind("b")}, []trigger{{false, "a"}, {false, "b"}}, false},
		{"equals needs the key", []metric.Condition{attr(metric.Equals, "status", "open")}, []trigger{{true, "status"}}, false},
		{"in needs the key", []metric.Condition{attr(metric.In, "status", "open", "new")}, []trigger{{true, "status"}}, false},
		{"present needs the key", []metric.Condition{attr(metric.Present, "cause")}, []trigger{{true, "cause"}}, false},
		{"kinds win over attributes", []metric.Condition{{Kinds: []string{"c"}, Attrs: []metric.AttrTest{{Key: "k", Op: metric.Present}}}}, []trigger{{false, "c"}}, false},
		{"not in matches without the key", []metric.Condition{attr(metric.NotIn, "status", "solved")}, nil, true},
		{"absent matches without the key", []metric.Condition{attr(metric.Absent, "status")}, nil, true},
		{"the zero condition matches everything", []metric.Condition{{}}, nil, true},
		{"no conditions", nil, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &program{}
			mask, always := p.conditionMask(tt.cs)
			if always != tt.always {
				t.Fatalf("always = %v, want %v", always, tt.always)
			}
			if always {
				return
			}
			if len(p.triggers) != len(tt.want) {
				t.Fatalf("triggers = %v, want %v", p.triggers, tt.want)
			}
			for i, w := range tt.want {
				if p.triggers[i] != w {
					t.Fatalf("trigger %d = %v, want %v", i, p.triggers[i], w)
				}
			}
			if wantMask := uint64(1)<<len(tt.want) - 1; mask != wantMask {
				t.Fatalf("mask = %b, want %b", mask, wantMask)
			}
		})
	}
}

// TestTriggersOverflow: past 64 distinct triggers an objective is always
// tried rather than wrongly skipped.
func TestTriggersOverflow(t *testing.T) {
	p := &program{}
	for i := range maxTriggers {
		if _, always := p.conditionMask([]metric.Condition{{Kinds: []string{"k" + itoa(i)}}}); always {
			t.Fatalf("trigger %d: always, want a bit", i)
		}
	}
	if _, always := p.conditionMask([]metric.Condition{{Kinds: []string{"one-too-many"}}}); !always {
		t.Fatal("the 65th trigger: not always, want always")
	}
	// a known trigger still has its bit
	if m, always := p.conditionMask([]metric.Condition{{Kinds: []string{"k3"}}}); always || m != 1<<3 {
		t.Fatalf("known trigger k3: mask %b, always %v; want bit 3", m, always)
	}
}

// TestEventTriggers: an event carries its kind's bit and the bits of the
// attribute keys it has, whatever their values.
func TestEventTriggers(t *testing.T) {
	p := &program{triggers: []trigger{{false, "ticket.updated"}, {true, "status"}, {true, "priority"}, {false, "ticket.created"}}}
	p.indexTriggers()
	e := evt("e1", "ticket", "T1", "ticket.updated", "2026-01-05T09:00:00Z", "status", "", "author", "agent")
	if got, _, _, _ := p.scanEvent(&e, &subject{}); got != 0b0011 {
		t.Errorf("triggers = %b, want 0011", got)
	}
	e = evt("e2", "ticket", "T1", "other", "2026-01-05T09:00:00Z")
	if got, _, _, _ := p.scanEvent(&e, &subject{}); got != 0 {
		t.Errorf("triggers of an unrelated event = %b, want 0", got)
	}
}

// TestStrTable: every kind among the triggers is found with its bit, and
// every attribute key with its bit (when a trigger) and its tracked index
// (when tracked); any other string is not found; for random sets (many of
// one length and sharing bytes, so the tables' short hash collides).
func TestStrTable(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		gen := rapid.StringMatching(`[ab]{0,3}`)
		distinct := func(label string) []string {
			return rapid.SliceOfNDistinct(gen, 0, 15, func(s string) string { return s }).Draw(t, label)
		}
		kinds, keys, tracked := distinct("kinds"), distinct("keys"), distinct("tracked")
		p := &program{attrKeys: tracked}
		wantKind, wantKey, wantIdx := map[string]uint64{}, map[string]uint64{}, map[string]int32{}
		for _, k := range kinds {
			wantKind[k] = 1 << uint(len(p.triggers))
			p.triggers = append(p.triggers, trigger{false, k})
		}
		for _, k := range keys {
			wantKey[k] = 1 << uint(len(p.triggers))
			p.triggers = append(p.triggers, trigger{true, k})
		}
		for i, k := range tracked {
			wantIdx[k] = int32(i)
		}
		p.indexTriggers()
		for _, s := range append(append(append([]string{gen.Draw(t, "other")}, kinds...), keys...), tracked...) {
			if got, _ := p.kinds.lookup(s); got != wantKind[s] {
				t.Fatalf("kinds.lookup(%q) = %b, want %b", s, got, wantKind[s])
			}
			want, ok := wantIdx[s]
			if !ok {
				want = -1
			}
			if bit, idx := p.keys.lookup(s); bit != wantKey[s] || idx != want {
				t.Fatalf("keys.lookup(%q) = %b, %d; want %b, %d", s, bit, idx, wantKey[s], want)
			}
		}
	})
}

// TestScanEvent: one pass over an event's attributes yields its triggers
// and records its tracked attributes (the last value of a key given
// twice), and its first "cause".
func TestScanEvent(t *testing.T) {
	p := &program{
		triggers: []trigger{{false, "ticket.updated"}, {true, "status"}, {true, "priority"}},
		attrKeys: []string{"cause", "priority", "region"},
	}
	p.indexTriggers()
	s := &subject{attrs: make([]string, 3)}
	e := evt("e1", "ticket", "T1", "ticket.updated", "2026-01-05T09:00:00Z",
		"cause", "customer", "status", "open", "region", "eu", "cause", "vendor", "region", "us", "author", "agent")
	trig, cause, hasCause, _ := p.scanEvent(&e, s)
	if trig != 0b011 {
		t.Errorf("triggers = %b, want 011 (the kind and status)", trig)
	}
	if cause != "customer" || !hasCause {
		t.Errorf("cause = %q, %v; want the first, customer", cause, hasCause)
	}
	if want := []string{"vendor", "", "us"}; !slices.Equal(s.attrs, want) || s.has != 0b101 {
		t.Errorf("attrs = %q (has %b), want %q (has 101)", s.attrs, s.has, want)
	}
}

// TestPhaseTriggers pins, for two presets, the triggers a clock listens to
// in each phase (derived by hand from metric's Clock.apply and the
// presets' conditions): the target key always; a start when idle; stops,
// resets and pauses when running; stops, resets and resumes when paused;
// what may restart it when stopped.
func TestPhaseTriggers(t *testing.T) {
	names := func(p *program, m phaseTriggers) []string {
		if m.always {
			return []string{"always"}
		}
		var out []string
		for i, tr := range p.triggers {
			if m.triggers&(1<<uint(i)) != 0 {
				out = append(out, tr.s)
			}
		}
		slices.Sort(out)
		return out
	}
	target := metric.Target{Span: calendar.Span{Unit: calendar.WallTime, Duration: time.Hour}}
	reset := metric.PeriodicUpdate(nil, target)
	for _, c := range []struct {
		name string
		spec metric.ClockSpec
		want [4][]string // Idle, Running, Paused, Stopped
	}{
		{"first reply (never restarts)", metric.FirstReplyTime(nil, target), [4][]string{
			{"priority", "ticket.created"},
			{"priority", "ticket.comment"},
			{"priority", "ticket.comment"},
			{"priority"},
		}},
		{"requester wait (resumes after a stop)", metric.RequesterWaitTime(nil, target), [4][]string{
			{"priority", "ticket.created"},
			{"priority", "status"},
			{"priority", "status"},
			{"priority", "status", "ticket.created"},
		}},
		{"periodic update (resets, new cycle after a stop)", reset, [4][]string{
			{"priority", "ticket.comment"},
			{"priority", "status", "ticket.comment"},
			{"priority", "status", "ticket.comment"},
			{"priority", "ticket.comment"},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := &program{}
			co := &cobj{kind: kClock, clock: metric.MustClock(c.spec)}
			p.setTriggers(co)
			for ph, want := range c.want {
				if got := names(p, co.byPhase[ph]); !slices.Equal(got, want) {
					t.Errorf("%v: triggers %q, want %q", metric.Phase(ph), got, want)
				}
			}
		})
	}
}

// TestPlanTriggerMasks: the objectives a plan's masks select for an
// event's triggers are exactly those the rule of relevance.go tries (always
// tried, or sharing a trigger with the event), in agreement order; for
// random objectives and events, and no masks beyond 64 objectives.
func TestPlanTriggerMasks(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 200).Draw(t, "objectives")
		v := &cversion{objs: make([]cobj, n)}
		var idx []int
		for i := range v.objs {
			co := &v.objs[i]
			co.kind, co.bit = kVolume, -1 // no per-subject state to lay out
			co.always = rapid.IntRange(0, 5).Draw(t, "always") == 0
			co.triggers = rapid.Uint64().Draw(t, "triggers") & rapid.Uint64().Draw(t, "sparse")
			if rapid.Bool().Draw(t, "inPlan") {
				idx = append(idx, i)
			}
		}
		pl := v.plan(idx)
		if want := (len(idx) + 63) / 64; pl.words != want || len(pl.always) != want || len(pl.byTrigger) != want*maxTriggers {
			t.Fatalf("%d objectives: %d words, %d always, %d byTrigger; want %d, %d, %d", len(idx), pl.words, len(pl.always), len(pl.byTrigger), want, want, want*maxTriggers)
		}
		for range 20 {
			trig := rapid.Uint64().Draw(t, "event") & rapid.Uint64().Draw(t, "eventSparse")
			m := slices.Clone(pl.always)
			for b := range maxTriggers {
				if trig&(1<<uint(b)) != 0 {
					for w := range m {
						m[w] |= pl.byTrigger[b*pl.words+w]
					}
				}
			}
			for k, i := range idx {
				co := &v.objs[i]
				want := co.always || trig&co.triggers != 0
				if got := m[k/64]&(1<<uint(k%64)) != 0; got != want {
					t.Fatalf("objective %d (always %v, triggers %x), event triggers %x: selected %v, want %v", i, co.always, co.triggers, trig, got, want)
				}
			}
			if len(idx)%64 != 0 && m[len(m)-1]>>uint(len(idx)%64) != 0 {
				t.Fatalf("mask %b selects beyond the plan's %d objectives", m[len(m)-1], len(idx))
			}
		}
	})
}

// TestPlanAgainstTryAll: an evaluator that selects objectives by the
// plans' masks reports what one that tries every objective on every event
// (tryAll) does.
func TestPlanAgainstTryAll(t *testing.T) {
	a := benchAgreement(t)
	es := ticketEvents(60)
	asOf := es[len(es)-1].At.Add(time.Hour)
	masked, err := NewEvaluator(a)
	if err != nil {
		t.Fatal(err)
	}
	all, err := NewEvaluator(a)
	if err != nil {
		t.Fatal(err)
	}
	all.tryAll = true
	masked.ApplyAll(seq(es))
	all.ApplyAll(seq(es))
	if diff := cmp.Diff(masked.Report(asOf), all.Report(asOf)); diff != "" {
		t.Errorf("masks against tryAll (-masks +tryAll):\n%s", diff)
	}
}
