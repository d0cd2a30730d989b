package sla

import (
	"math"
	"math/bits"
	"time"
)

// typePlan is what Apply needs to know, for one version and one subject
// type, about the objectives that apply: computed once per agreement so
// that an event costs no scan over objectives it cannot touch.
type typePlan struct {
	idx          []int // objectives that apply, in agreement order (cversion.objsFor)
	check        bool  // some objective validates event attributes (check)
	eventLevel   bool  // some objective aggregates events (volume, percentile, period-end deadline)
	subjectState bool  // some objective keeps per-subject state (clock, deadline, availability)
	causes       bool  // some per-subject objective has excluded causes
	// The objectives are numbered k = 0, 1, ... in the order of idx and
	// grouped by 64 in words: byTrigger[b*words+k/64] has bit k%64 set
	// when trigger b (relevance.go) is one of the triggers of objective
	// idx[k]; always[k/64] has it set when that objective is tried
	// whatever the event. So the objectives an event with triggers t may
	// affect are always | byTrigger[b*words:(b+1)*words] for each bit b
	// of t, found without a test per objective.
	words     int
	byTrigger []uint64
	always    []uint64
	// lay places the state of these objectives' clocks and deadlines in
	// a subject's words (state.go).
	lay *layout
}

// versionPlans holds the plans of one version: by subject type, and the
// plan of types no objective names.
type versionPlans struct {
	byType map[string]*typePlan
	other  *typePlan
}

func (v *cversion) plan(idx []int) *typePlan {
	pl := &typePlan{idx: idx, lay: newLayout(v, idx)}
	for _, i := range idx {
		co := &v.objs[i]
		switch co.kind {
		case kAvailability:
			pl.check = true
		case kVolume:
			pl.eventLevel = true
			pl.check = pl.check || co.sum
		case kPercentile:
			pl.eventLevel = true
			pl.check = pl.check || co.pctOf == ""
		case kDeadlinePeriod:
			pl.eventLevel = true
			pl.check = true // a done event's AttrPeriod
		case kErrorRate:
			pl.check, pl.eventLevel = true, true
		case kDeadlineEvents:
			_, agreed := co.deadline.(agreedDue) // its anchor events carry the due instant (duefrom.go)
			pl.check = pl.check || agreed
		}
		if co.bit >= 0 {
			pl.subjectState = true
			pl.causes = pl.causes || len(co.exclCauses) > 0
		}
	}
	pl.words = (len(idx) + 63) / 64
	pl.byTrigger = make([]uint64, maxTriggers*pl.words)
	pl.always = make([]uint64, pl.words)
	for k, i := range idx {
		co := &v.objs[i]
		w, bit := k/64, uint64(1)<<uint(k%64)
		if co.always {
			pl.always[w] |= bit
			continue
		}
		for t := co.triggers; t != 0; t &= t - 1 {
			pl.byTrigger[bits.TrailingZeros64(t)*pl.words+w] |= bit
		}
	}
	return pl
}

// buildPlans computes every version's plans.
func (p *program) buildPlans() {
	p.plans = make([]versionPlans, len(p.versions))
	for vi := range p.versions {
		v := &p.versions[vi]
		vp := versionPlans{byType: map[string]*typePlan{}, other: v.plan(v.anyType)}
		for t := range p.types {
			vp.byType[t] = v.plan(v.objsFor(t))
		}
		p.plans[vi] = vp
	}
}

// planFor returns the plan of version vi for subjects of type typ; the
// evaluator remembers the last one, as streams mostly carry one type.
func (ev *Evaluator) planFor(vi int, typ string) *typePlan {
	c := &ev.cache
	if c.plan != nil && c.vi == vi && c.typ == typ {
		return c.plan
	}
	vp := &ev.p.plans[vi]
	pl := vp.byType[typ]
	if pl == nil {
		pl = vp.other
	}
	c.vi, c.typ, c.plan = vi, typ, pl
	return pl
}

// knownType reports whether some objective is scoped to subjects of type
// typ (or to every type).
func (ev *Evaluator) knownType(typ string) bool {
	if ev.p.anyType {
		return true
	}
	c := &ev.cache
	if c.knownTyp == typ && c.known {
		return true
	}
	if ev.p.types[typ] {
		c.knownTyp, c.known = typ, true
		return true
	}
	return false
}

// versionAt returns the version in force at t, trying the one found last
// first.
func (ev *Evaluator) versionAt(t time.Time) (int, bool) {
	if vi := ev.cache.lastVer; vi < len(ev.p.versions) {
		if v := &ev.p.versions[vi]; !t.Before(v.from) && (v.to.IsZero() || t.Before(v.to)) {
			return vi, true
		}
	}
	for i := range ev.p.versions {
		v := &ev.p.versions[i]
		if !t.Before(v.from) && (v.to.IsZero() || t.Before(v.to)) {
			ev.cache.lastVer = i
			return i, true
		}
	}
	return -1, false
}

// inForce returns the version in force at t, and the reason an event at t
// is rejected when there is none (ErrBeforeStart, ErrAfterEnd,
// ErrNotInForce). The span of the last answer is kept, so most events cost
// two integer comparisons.
func (ev *Evaluator) inForce(t time.Time) (int, error) {
	at := instantOf(t)
	if w := &ev.cache.win; w.ok && !at.before(w.from) && at.before(w.to) {
		return w.vi, nil
	}
	if t.Before(ev.p.a.Term.EffectiveFrom) {
		return -1, ErrBeforeStart
	}
	end := ev.p.end
	if !end.IsZero() && !t.Before(end) {
		return -1, ErrAfterEnd
	}
	vi, ok := ev.versionAt(t)
	if !ok {
		return -1, ErrNotInForce
	}
	// The version's span lies within the term (validation keeps versions
	// from starting outside it, and compile ends them at its end with
	// VersionSpan), so it is all the next events need to be checked against.
	v := &ev.p.versions[vi]
	ev.cache.win = window{vi: vi, from: instantOf(v.from), to: instantOf(v.to), ok: true}
	if v.to.IsZero() {
		ev.cache.win.to = instant{sec: math.MaxInt64}
	}
	return vi, nil
}

// instant is a time.Time reduced to what orders it: Unix seconds and
// nanoseconds.
type instant struct {
	sec int64
	ns  int32
}

func instantOf(t time.Time) instant { return instant{t.Unix(), int32(t.Nanosecond())} }

func (a instant) before(b instant) bool { return a.sec < b.sec || a.sec == b.sec && a.ns < b.ns }

// window is the span [from, to) in which version vi is in force, within
// the term; ok is false until one is known.
type window struct {
	vi       int
	from, to instant
	ok       bool
}

// applyCache is what the evaluator remembers between events to avoid
// repeating lookups; it never changes a result.
type applyCache struct {
	win      window
	lastVer  int
	vi       int
	typ      string
	plan     *typePlan
	knownTyp string
	known    bool
}
