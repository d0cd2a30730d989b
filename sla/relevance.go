package sla

import "github.com/slaeval/slaeval/metric"

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

// setTriggers fills co.triggers and co.always for clocks and deadlines
// anchored on events; other objectives are always tried.
func (p *program) setTriggers(co *cobj) {
	switch co.kind {
	case kClock:
		s := co.clock.Spec()
		co.triggers, co.always = p.conditionMask(s.Start, s.Pause, s.Resume, s.Stop, s.Reset)
		if s.TargetKey != "" && !co.always {
			b, ok := p.triggerBit(true, s.TargetKey)
			co.triggers |= b
			co.always = !ok
		}
	case kDeadlineEvents:
		co.triggers, co.always = p.conditionMask(co.anchor, co.done)
	default:
		co.always = true
	}
}

// eventTriggers returns the triggers e carries.
func (p *program) eventTriggers(e *Event) uint64 {
	var m uint64
	for i, t := range p.triggers {
		if !t.key {
			if e.Kind == t.s {
				m |= 1 << uint(i)
			}
			continue
		}
		for _, a := range e.Attrs {
			if a.Key == t.s {
				m |= 1 << uint(i)
				break
			}
		}
	}
	return m
}
