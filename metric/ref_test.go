package metric

import (
	"time"

	"github.com/slaeval/slaeval/calendar"
)

// refSpan is the reference's own half-open span [a, b), independent of the
// production interval code in internal/interval.
type refSpan struct{ a, b time.Time }

// refClock is a slow, obviously-correct model of a clock: it keeps every
// running span of every cycle explicitly and measures elapsed time and
// breach instants by walking them, instead of ClockState's running totals
// and recorded crossings.
type refClock struct {
	spec   ClockSpec
	cal    *calendar.Calendar
	phase  Phase
	target string // last seen target attribute value
	cycles []refCycle
}

type refCycle struct {
	start time.Time
	spans []refSpan // running spans; the last may be open (b zero)
	end   time.Time
}

func newRef(spec ClockSpec) *refClock {
	r := &refClock{spec: spec, cal: spec.Calendar}
	for _, t := range spec.Targets {
		if t.Span.Unit == calendar.WallTime || !t.Wall.IsZero() {
			r.cal = nil
		}
	}
	return r
}

func (r *refClock) cur() *refCycle { return &r.cycles[len(r.cycles)-1] }

func (r *refClock) begin(at time.Time, paused bool) {
	r.cycles = append(r.cycles, refCycle{start: at})
	r.phase = Paused
	if !paused {
		r.phase = Running
		r.cur().spans = append(r.cur().spans, refSpan{a: at})
	}
}

func (r *refClock) halt(at time.Time) {
	c := r.cur()
	if r.phase == Running {
		c.spans[len(c.spans)-1].b = at
	}
}

func (r *refClock) apply(e Event) {
	has := func(cs []Condition) bool {
		for _, c := range cs {
			if c.Match(e) {
				return true
			}
		}
		return false
	}
	if r.spec.TargetKey != "" {
		if v, ok := e.Attr(r.spec.TargetKey); ok {
			r.target = v
		}
	}
	stop, reset, pause, resume, start := has(r.spec.Stop), has(r.spec.Reset), has(r.spec.Pause), has(r.spec.Resume), has(r.spec.Start)
	switch r.phase {
	case Idle:
		if start {
			r.begin(e.At, pause)
		}
	case Running, Paused:
		if stop {
			r.halt(e.At)
			r.cur().end = e.At
			r.phase = Stopped
		} else if reset {
			r.halt(e.At)
			r.cur().end = e.At
			r.begin(e.At, pause)
		} else if pause {
			r.halt(e.At)
			r.phase = Paused
		} else if resume && r.phase == Paused {
			r.phase = Running
			r.cur().spans = append(r.cur().spans, refSpan{a: e.At})
		}
	case Stopped:
		if start || (resume && r.spec.Restart == RestartResume) {
			switch r.spec.Restart {
			case RestartNewCycle:
				r.begin(e.At, pause)
			case RestartResume:
				r.cur().end = time.Time{}
				r.phase = Paused
				if !pause {
					r.phase = Running
					r.cur().spans = append(r.cur().spans, refSpan{a: e.At})
				}
			}
		}
	}
}

// targetFor is the current target's limit, ok false without one.
func (r *refClock) targetFor(start time.Time) (time.Duration, bool) {
	def := -1
	for i, t := range r.spec.Targets {
		if t.Value == r.target && t.Value != "" {
			return r.limit(i, start), true
		}
		if t.Value == "" {
			def = i
		}
	}
	if def < 0 {
		return 0, false
	}
	return r.limit(def, start), true
}

func (r *refClock) limit(i int, start time.Time) time.Duration {
	if w := r.spec.Targets[i].Wall; !w.IsZero() {
		zone := r.spec.Zone
		if zone == nil {
			zone = r.spec.Calendar.Location()
		}
		end, _ := w.AddTo(start.In(zone))
		return end.Sub(start)
	}
	sp := r.spec.Targets[i].Span
	if sp.Unit == calendar.BusinessDays {
		return r.cal.Between(start, r.spec.Calendar.AddSpan(start, sp))
	}
	return sp.Duration
}

// elapsed is the current cycle's elapsed time at asOf.
func (r *refClock) elapsed(asOf time.Time) time.Duration {
	var d time.Duration
	for _, s := range r.cur().spans {
		b := s.b
		if b.IsZero() || b.After(asOf) {
			b = asOf
		}
		if b.After(s.a) {
			d += r.cal.Between(s.a, b)
		}
	}
	return d
}

// reached is the instant the current cycle's elapsed time reached T, zero if
// it has not by asOf.
func (r *refClock) reached(T time.Duration, asOf time.Time) time.Time {
	var acc time.Duration
	for _, s := range r.cur().spans {
		b := s.b
		if b.IsZero() || b.After(asOf) {
			b = asOf
		}
		if !b.After(s.a) {
			continue
		}
		d := r.cal.Between(s.a, b)
		if acc+d >= T {
			return r.cal.Add(s.a, T-acc)
		}
		acc += d
	}
	return time.Time{}
}
