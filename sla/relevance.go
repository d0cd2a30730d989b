package sla

import (
	"slices"

	"github.com/slaeval/slaeval/internal/strtab"
	"github.com/slaeval/slaeval/metric"
)

// Skipping the objectives an event cannot affect.
//
// Most events of a subject concern few of its clocks and deadlines: a
// requester's comment cannot start, pause or stop a resolution clock that
// reacts to status changes, nor anchor a deadline on "info-requested".
// Each such objective gets, at compile time, a mask of triggers — event
// kinds and attribute keys, one bit each — at least one of which an event
// must carry for any of the objective's conditions to match it:
//
//   - a condition with kinds matches only events of one of those kinds;
//   - a condition without kinds has an attribute test that fails when the
//     key is absent (equals, in, present), or it can match anything and the
//     objective is always tried;
//   - a clock's target key is a trigger too (the attribute re-targets it).
//
// An event with none of an objective's triggers matches none of its
// conditions, so applying it would change nothing but the clock's record
// of the last event it saw (ClockState.Last, which the evaluator does not
// need: it orders events per subject itself). With more than 64 distinct
// triggers the objectives that need the excess ones are always tried.

type trigger struct {
	key bool   // an attribute key; else an event kind
	s   string // the kind or key
}

const maxTriggers = 64

// triggerBit returns the bit of a kind or attribute key, allocating one;
// ok is false when all 64 bits are taken.
func (p *program) triggerBit(key bool, s string) (bit uint64, ok bool) {
	t := trigger{key, s}
	for i, x := range p.triggers {
		if x == t {
			return 1 << uint(i), true
		}
	}
	if len(p.triggers) == maxTriggers {
		return 0, false
	}
	p.triggers = append(p.triggers, t)
	return 1 << uint(len(p.triggers)-1), true
}

// conditionMask returns the triggers of which an event needs one for any
// condition of cs to match it; always is true when no such set exists.
// Empty lists add nothing.
func (p *program) conditionMask(lists ...[]metric.Condition) (mask uint64, always bool) {
	for _, cs := range lists {
		for _, c := range cs {
			if len(c.Kinds) > 0 {
				for _, k := range c.Kinds {
					b, ok := p.triggerBit(false, k)
					if !ok {
						return 0, true
					}
					mask |= b
				}
				continue
			}
			req := -1
			for i, t := range c.Attrs {
				if t.Op == metric.Equals || t.Op == metric.In || t.Op == metric.Present {
					req = i
					break
				}
			}
			if req < 0 {
				return 0, true // matches events whatever their kind and keys
			}
			b, ok := p.triggerBit(true, c.Attrs[req].Key)
			if !ok {
				return 0, true
			}
			mask |= b
		}
	}
	return mask, false
}

// setTriggers fills co.triggers and co.always for clocks, deadlines
// anchored on events and availability, and a clock's triggers by phase;
// objectives without per-subject state are never tried per subject.
func (p *program) setTriggers(co *cobj) {
	switch co.kind {
	case kClock:
		s := co.clock.Spec()
		co.triggers, co.always = p.clockMask(s, s.Start, s.Pause, s.Resume, s.Stop, s.Reset)
		// The conditions a clock tests in each phase (metric's Clock.apply):
		// a clock that has not started only looks for a start (and, when
		// strict, for a stop or resume to reject); a running one for a
		// stop, reset or pause; a paused one for a stop, reset or resume;
		// a stopped one for what may restart it.
		idle := [][]metric.Condition{s.Start}
		if s.Strict {
			idle = append(idle, s.Stop, s.Resume)
		}
		var stopped [][]metric.Condition
		switch s.Restart {
		case metric.RestartNewCycle:
			stopped = [][]metric.Condition{s.Start}
		case metric.RestartResume:
			stopped = [][]metric.Condition{s.Start, s.Resume}
		}
		for ph, lists := range [len(co.byPhase)][][]metric.Condition{
			metric.Idle:    idle,
			metric.Running: {s.Stop, s.Reset, s.Pause},
			metric.Paused:  {s.Stop, s.Reset, s.Resume},
			metric.Stopped: stopped,
		} {
			m := &co.byPhase[ph]
			m.triggers, m.always = p.clockMask(s, lists...)
		}
	case kDeadlineEvents:
		co.triggers, co.always = p.conditionMask(co.anchor, co.done)
	case kAvailability:
		// applyObjective acts only on an event matching one of these.
		co.triggers, co.always = p.conditionMask(co.down, co.up, co.intervals, co.exclEvents)
	default:
		// Volumes, percentiles, period-end deadlines and ratios keep no
		// per-subject state: an event reaches them at event level
		// (applyEventLevel) or not at all, so no subject's event tries
		// them, nor counts as applied for their sake.
		co.triggers, co.always = 0, false
	}
}

// clockMask is conditionMask of lists plus the clock's target key, whose
// attribute re-targets the clock in every phase.
func (p *program) clockMask(s metric.ClockSpec, lists ...[]metric.Condition) (mask uint64, always bool) {
	mask, always = p.conditionMask(lists...)
	if s.TargetKey != "" && !always {
		b, ok := p.triggerBit(true, s.TargetKey)
		mask |= b
		always = !ok
	}
	return mask, always
}

// phaseTriggers are the triggers of a clock in one phase.
type phaseTriggers struct {
	triggers uint64
	always   bool
}

// indexTriggers builds the lookups scanEvent uses, once every trigger and
// tracked attribute is known: one table of the kinds that are triggers,
// one of the attribute keys that are triggers or tracked (or both).
func (p *program) indexTriggers() {
	var kinds, keys []tableEntry
	for i, t := range p.triggers {
		e := tableEntry{s: t.s, bit: 1 << uint(i), idx: -1}
		if t.key {
			keys = append(keys, e)
		} else {
			kinds = append(kinds, e)
		}
	}
	for i, k := range p.attrKeys {
		j := slices.IndexFunc(keys, func(e tableEntry) bool { return e.s == k })
		if j < 0 {
			keys = append(keys, tableEntry{s: k, idx: -1})
			j = len(keys) - 1
		}
		keys[j].idx = int32(i)
	}
	p.kinds, p.keys = newStrTable(kinds), newStrTable(keys)
}

// strTable maps strings (event kinds, attribute keys) to their trigger bit
// and tracked-attribute index (internal/strtab: a few loads and one string
// comparison per lookup).
type strTable struct{ t strtab.Table[trigAttr] }

// trigAttr is what a strTable holds for a string.
type trigAttr struct {
	bit uint64 // its trigger bit, 0 when it is not a trigger
	idx int32  // the index of a tracked attribute key, -1 when not
}

// tableEntry is a string and what a strTable is to hold for it.
type tableEntry struct {
	s   string
	bit uint64
	idx int32
}

func newStrTable(es []tableEntry) strTable {
	out := make([]strtab.Entry[trigAttr], len(es))
	for i, e := range es {
		out[i] = strtab.Entry[trigAttr]{Key: e.s, Val: trigAttr{e.bit, e.idx}}
	}
	return strTable{strtab.New(out)}
}

// lookup returns k's trigger bit (0: none) and tracked-attribute index
// (-1: none).
func (t *strTable) lookup(k string) (bit uint64, idx int32) {
	v, ok := t.t.Lookup(k)
	if !ok {
		return 0, -1
	}
	return v.bit, v.idx
}

// scanEvent returns the triggers e carries (its kind's and those of its
// attribute keys, whatever their values) and records its tracked
// attributes in s (a key given twice: the last value), in one pass over
// its attributes; cause is the value of its first "cause" attribute
// (tracked attribute 0), if it has one; tracked is true when e carried a
// tracked attribute.
func (p *program) scanEvent(e *Event, s *subject) (trig uint64, cause string, hasCause, tracked bool) {
	trig, _ = p.kinds.lookup(e.Kind)
	for i := range e.Attrs {
		a := &e.Attrs[i]
		bit, idx := p.keys.lookup(a.Key)
		trig |= bit
		if idx < 0 {
			continue
		}
		s.attrs[idx] = a.Value
		s.has |= 1 << uint(idx)
		tracked = true
		if idx == 0 && !hasCause {
			cause, hasCause = a.Value, true
		}
	}
	return trig, cause, hasCause, tracked
}
