package metric

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/rickb777/period"
	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/calendar"
)

// Limits on one clock definition. They keep ClockState a small fixed-size
// value that never allocates.
const (
	MaxTargets  = 8 // targets per clock
	MaxWarnings = 4 // warnings per clock
)

// Restart says what a start condition does on a stopped clock.
type Restart uint8

const (
	// RestartNewCycle begins a new cycle from zero elapsed time; earlier
	// cycles keep their results (Jira "time to resolution" on reopen). The
	// zero value.
	RestartNewCycle Restart = iota
	// RestartResume reopens the stopped cycle on a start or a resume
	// condition: elapsed time continues from where it stopped (Zendesk full
	// resolution, requester wait, agent work).
	RestartResume
	// RestartNever ignores starts once the clock has stopped (first reply).
	RestartNever
)

// Target is the limit on elapsed time for the subjects whose target
// attribute (ClockSpec.TargetKey) equals Value. Value "" is the default
// target, used when the attribute is absent or matches no other target.
//
// Span.Unit WallTime measures elapsed time 24×7 (the clock's calendar is not
// used); BusinessTime measures it on the clock's calendar; BusinessDays is
// converted, at the start of each cycle, into the business time between the
// cycle start and AddSpan(start, Span) on the clock's calendar (the
// calendar's same-time rule: a cycle that starts in closed hours counts its
// next business day as the first), and then behaves like BusinessTime. The
// conversion happens when a pause or stop first reaches the smallest limit
// not yet reached (ClockState.Next), when a cycle closes, and in Status, not
// on every event; and a clock with several BusinessDays targets converts
// them smallest Days first, stopping at the first one not reached (n + 1
// business days are never fewer hours than n), so a ticket whose cycle
// reaches none converts one.
//
// Wall, when set, replaces Span: a wall-clock ISO-8601 period whose days,
// weeks, months and years are calendar ones in the clock's zone (P3D is
// three calendar days, so 71 or 73 hours across a DST change; P1M is a
// calendar month). Elapsed time is then measured 24×7, and the limit of
// each cycle is the wall time from its start to calendar.AddPeriod(start,
// Wall) (month ends clamped: P1M from 31 January ends on 28 February).
type Target struct {
	Value string        `json:"value,omitempty"`
	Span  calendar.Span `json:"span,omitzero"`
	Wall  period.Period `json:"wall,omitzero"`
}

// Warning is an instant to notify before a target is reached: when elapsed
// time reaches Percent % of the target, or Before ahead of the target
// (elapsed = target − Before, measured on the clock's calendar, so "1 h
// before due" on a business calendar is one business hour before). Exactly
// one of the two is set. Percent has at most 7 decimal places and lies in
// (0, 100].
type Warning struct {
	Percent decimal.Decimal `json:"percent"`
	Before  time.Duration   `json:"before,omitempty"`
}

// ClockSpec defines an elapsed-time clock. It is plain configuration; NewClock
// validates it and returns an immutable Clock.
//
// The zero ClockSpec is not valid: a clock needs at least one start
// condition.
type ClockSpec struct {
	Name   string      `json:"name"`
	Start  []Condition `json:"start"`            // any matches: the clock starts
	Pause  []Condition `json:"pause,omitempty"`  // any matches: the clock pauses
	Resume []Condition `json:"resume,omitempty"` // any matches: a paused clock resumes
	Stop   []Condition `json:"stop,omitempty"`   // any matches: the clock stops
	// Reset: the running or paused cycle is closed (met or breached as if
	// stopped) and a new cycle starts at the same instant.
	Reset   []Condition `json:"reset,omitempty"`
	Restart Restart     `json:"restart,omitempty"` // what a start does on a stopped clock

	Calendar *calendar.Calendar `json:"-"` // business calendar; nil is 24×7 UTC
	// Zone is the time zone of Wall targets' calendar days; nil means the
	// calendar's location (UTC for a nil calendar).
	Zone *time.Location `json:"-"`

	// TargetKey names the event attribute that selects the target (e.g.
	// "priority"). Empty: only the default target (Value "") is used.
	TargetKey string    `json:"targetKey,omitempty"`
	Targets   []Target  `json:"targets,omitempty"` // none: elapsed is measured, never judged
	Warnings  []Warning `json:"warnings,omitempty"`

	// Strict makes Apply return ErrStopBeforeStart for a stop on a clock
	// that never started and ErrResumeWithoutPause for a resume on a clock
	// that has not started. Otherwise such events have no effect.
	Strict bool `json:"strict,omitempty"`
}

// Clock is a validated, immutable clock definition, safe to share between
// goroutines. The per-subject state lives in a ClockState, advanced by Apply.
type Clock struct {
	spec    ClockSpec
	measure *calendar.Calendar // calendar elapsed time is measured on; nil = 24×7
	zone    *time.Location     // zone of Wall targets
	def     int                // index of the default target, -1 if none
	// Targets in the order accumulate converts them: first those whose
	// limit needs no calendar walk, then the BusinessDays targets by
	// ascending Days (see accumulate).
	order  [MaxTargets]uint8
	nPlain int // order[:nPlain] are the targets that are not BusinessDays
	// fixed[i] is target i's limit when it does not depend on the cycle's
	// start (a WallTime or BusinessTime span), else -1.
	fixed    [MaxTargets]time.Duration
	warnPPB  [MaxWarnings]uint64
	warnFrom [MaxWarnings]time.Duration
}

// NewClock validates s and returns the clock it defines. All problems are
// reported as *Error wrapping ErrInvalid.
func NewClock(s ClockSpec) (*Clock, error) {
	const op = "clock"
	if len(s.Start) == 0 {
		return nil, invalid(op, "start", "at least one start condition is required")
	}
	for _, f := range []struct {
		name string
		cs   []Condition
	}{{"start", s.Start}, {"pause", s.Pause}, {"resume", s.Resume}, {"stop", s.Stop}, {"reset", s.Reset}} {
		if err := validateConditions(op, f.name, f.cs); err != nil {
			return nil, err
		}
	}
	if s.Restart > RestartNever {
		return nil, invalid(op, "restart", "unknown restart policy")
	}
	if len(s.Targets) > MaxTargets {
		return nil, invalid(op, "targets", "more than "+itoa(MaxTargets)+" targets")
	}
	if len(s.Warnings) > MaxWarnings {
		return nil, invalid(op, "warnings", "more than "+itoa(MaxWarnings)+" warnings")
	}
	c := &Clock{def: -1}
	wall, business := 0, 0
	for i, t := range s.Targets {
		where := "targets[" + itoa(i) + "]"
		if !t.Wall.IsZero() {
			if t.Span != (calendar.Span{}) {
				return nil, invalid(op, where, "only one of span and wall may be set")
			}
			if !validWall(t.Wall) {
				return nil, invalid(op, where+".wall", "must be positive, with whole years, months, weeks and days, at most 1000 years")
			}
			wall++
		} else {
			switch t.Span.Unit {
			case calendar.WallTime, calendar.BusinessTime:
				if t.Span.Duration <= 0 {
					return nil, invalid(op, where+".span", "duration must be positive")
				}
			case calendar.BusinessDays:
				if t.Span.Days <= 0 {
					return nil, invalid(op, where+".span", "days must be positive")
				}
			default:
				return nil, invalid(op, where+".span", "unknown unit")
			}
			if t.Span.Unit == calendar.WallTime {
				wall++
			} else {
				business++
			}
		}
		for j := 0; j < i; j++ {
			if s.Targets[j].Value == t.Value {
				return nil, invalid(op, where+".value", "duplicate target value "+quote(t.Value))
			}
		}
		if t.Value == "" {
			c.def = i
		}
		if t.Value != "" && s.TargetKey == "" {
			return nil, invalid(op, where+".value", "a target value needs a targetKey")
		}
	}
	if wall > 0 && business > 0 {
		return nil, invalid(op, "targets", "wall-time and business-time targets cannot be mixed in one clock")
	}
	for i, w := range s.Warnings {
		where := "warnings[" + itoa(i) + "]"
		hasP := !w.Percent.IsZero()
		if hasP == (w.Before != 0) {
			return nil, invalid(op, where, "exactly one of percent and before must be set")
		}
		if hasP {
			hundred := decimal.NewFromInt(100)
			if w.Percent.Sign() <= 0 || w.Percent.GreaterThan(hundred) {
				return nil, invalid(op, where+".percent", "must be in (0, 100]")
			}
			ppb := w.Percent.Shift(7)
			if !ppb.Equal(ppb.Truncate(0)) {
				return nil, invalid(op, where+".percent", "more than 7 decimal places")
			}
			c.warnPPB[i] = uint64(ppb.IntPart())
		} else {
			if w.Before < 0 {
				return nil, invalid(op, where+".before", "must be positive")
			}
			c.warnFrom[i] = w.Before
		}
	}
	s.Start = cloneConditions(s.Start)
	s.Pause = cloneConditions(s.Pause)
	s.Resume = cloneConditions(s.Resume)
	s.Stop = cloneConditions(s.Stop)
	s.Reset = cloneConditions(s.Reset)
	s.Targets = append([]Target(nil), s.Targets...)
	s.Warnings = append([]Warning(nil), s.Warnings...)
	c.spec = s
	c.orderTargets()
	if wall == 0 {
		c.measure = s.Calendar
	}
	c.zone = s.Zone
	if c.zone == nil {
		c.zone = s.Calendar.Location()
	}
	return c, nil
}

// MustClock is NewClock that panics on error. It is intended for tests and
// package-level literals of known-good specs.
func MustClock(s ClockSpec) *Clock {
	c, err := NewClock(s)
	if err != nil {
		panic(err)
	}
	return c
}

// Spec returns a copy of the definition the clock was built from.
func (c *Clock) Spec() ClockSpec {
	s := c.spec
	s.Start = cloneConditions(s.Start)
	s.Pause = cloneConditions(s.Pause)
	s.Resume = cloneConditions(s.Resume)
	s.Stop = cloneConditions(s.Stop)
	s.Reset = cloneConditions(s.Reset)
	s.Targets = append([]Target(nil), s.Targets...)
	s.Warnings = append([]Warning(nil), s.Warnings...)
	return s
}

// Name returns the clock's name.
func (c *Clock) Name() string { return c.spec.Name }

func quote(s string) string { return "\"" + s + "\"" }

// Phase is where a clock's current cycle is.
type Phase uint8

const (
	Idle    Phase = iota // not started yet (the zero value)
	Running              // counting
	Paused               // started, not counting
	Stopped              // stopped; may restart according to ClockSpec.Restart
)

var phaseNames = [...]string{"idle", "running", "paused", "stopped"}

// String returns "idle", "running", "paused" or "stopped".
func (p Phase) String() string {
	if int(p) < len(phaseNames) {
		return phaseNames[p]
	}
	return "Phase(?)"
}

// ClockState is the compact per-subject state of one clock. It is a plain
// value with exported fields: copy it to snapshot, marshal it as JSON to
// persist, and continue from a restored copy with the same Clock.
//
// The zero ClockState is a clock that has not started, with the default
// target.
type ClockState struct {
	Phase Phase `json:"phase"`
	// Target is 1 + the index of the selected target in the clock's
	// Targets; 0 selects the default target (Value "").
	Target uint8 `json:"target,omitempty"`
	// Cycles counts the cycles started so far; the current cycle is number
	// Cycles (1-based). 0 before the first start.
	Cycles  int32         `json:"cycles,omitempty"`
	Start   time.Time     `json:"start"`   // start of the current cycle
	Since   time.Time     `json:"since"`   // last start/resume (running), pause (paused) or stop (stopped)
	Elapsed time.Duration `json:"elapsed"` // elapsed time of the cycle at Since; never negative
	Last    time.Time     `json:"last"`    // instant of the last applied event
	// Crossed[i] is the instant (Unix nanoseconds) at which this cycle's
	// elapsed time reached target i during a run span that has since ended;
	// 0 when it has not (yet) been recorded.
	Crossed [MaxTargets]int64 `json:"crossed"`
	// Next caches, for the current cycle, the smallest limit of the targets
	// that elapsed time has not yet reached (math.MaxInt64 when none is
	// left), so that a pause or stop before it converts no BusinessDays
	// target. 0 means not computed yet: the zero value, or a state with it
	// dropped, is correct (only slower). It is only valid with the Clock
	// that set it.
	Next time.Duration `json:"next,omitempty"`
}

// Effect says what an event did to a clock.
type Effect uint8

const (
	NoEffect  Effect = iota // the event changed nothing but possibly the target
	Started                 // a new cycle started (running or paused)
	PausedBy                // a running clock paused
	Resumed                 // a paused clock resumed
	StoppedBy               // the cycle stopped
	ResetBy                 // the cycle closed and a new one started
	Reopened                // a stopped cycle reopened (RestartResume)
)

var effectNames = [...]string{"none", "started", "paused", "resumed", "stopped", "reset", "reopened"}

// String returns the effect's name.
func (e Effect) String() string {
	if int(e) < len(effectNames) {
		return effectNames[e]
	}
	return "Effect(?)"
}

// State is the verdict on a clock at an instant.
type State uint8

const (
	NotStarted State = iota // no cycle has started
	InProgress              // running or paused, elapsed ≤ target (or no target)
	Met                     // stopped with elapsed ≤ target, or stopped with no target
	Breached                // elapsed > target, whether stopped or not
)

var stateNames = [...]string{"notStarted", "inProgress", "met", "breached"}

// String returns "notStarted", "inProgress", "met" or "breached".
func (s State) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return "State(?)"
}

// CycleResult is one closed cycle of a clock.
type CycleResult struct {
	Cycle     int32         `json:"cycle"`
	Start     time.Time     `json:"start"`
	End       time.Time     `json:"end"`
	Elapsed   time.Duration `json:"elapsed"`
	Target    time.Duration `json:"target"` // 0 when HasTarget is false
	HasTarget bool          `json:"hasTarget"`
	State     State         `json:"state"`    // Met or Breached
	BreachAt  time.Time     `json:"breachAt"` // instant elapsed reached the target; zero unless Breached
}

// Step is what Apply did with one event. When Closed is true a cycle ended
// (stop or reset) and Result describes it; with RestartResume a reopened
// cycle is reported again when it stops, and the later result supersedes.
type Step struct {
	Effect     Effect      `json:"effect"`
	Retargeted bool        `json:"retargeted,omitempty"`
	Closed     bool        `json:"closed,omitempty"`
	Result     CycleResult `json:"result"`
}

// Apply advances s by one event. Events must come in time order for the
// subject (equal instants keep stream order); an earlier event returns
// ErrOutOfOrder. On error s is unchanged.
//
// Precedence when one event matches several conditions: stop, then reset,
// then pause, then resume, then start. The event that starts a cycle never
// stops it; a start (or reset) whose event also matches a pause starts the
// cycle paused. A target attribute on the event is applied first: the new
// target counts from the cycle's original start.
//
// e is read, never kept or modified; it is passed by pointer so that the
// event (its attributes' slice header and decimal value) is not copied
// for every clock it is applied to. Apply does not allocate, except to
// build an error.
func (c *Clock) Apply(s *ClockState, e *Event) (Step, error) {
	var step Step
	err := c.apply(s, e, &step, true)
	return step, err
}

// Advance advances s by one event exactly as Apply does (the same state
// afterwards, the same effect, the same errors) but does not build the
// result of a cycle the event closes: a stop or reset then converts no
// BusinessDays target for the result. It suits a host that keeps only
// the state and asks Status for verdicts. Advance does not allocate,
// except to build an error.
func (c *Clock) Advance(s *ClockState, e *Event) (Effect, error) {
	var step Step
	err := c.apply(s, e, &step, false)
	return step.Effect, err
}

// apply is Apply, filling *step; with result false a closed cycle's
// Result is left zero (step.Closed is still set).
func (c *Clock) apply(s *ClockState, e *Event, step *Step, result bool) error {
	if !s.Last.IsZero() && e.At.Before(s.Last) {
		return &Error{Op: "clock apply", Where: c.spec.Name + " " + e.Kind, At: e.At, Err: ErrOutOfOrder}
	}
	if c.spec.Strict && s.Phase == Idle && !matchAny(c.spec.Start, e) {
		if matchAny(c.spec.Stop, e) {
			return &Error{Op: "clock apply", Where: c.spec.Name + " " + e.Kind, At: e.At, Err: ErrStopBeforeStart}
		}
		if matchAny(c.spec.Resume, e) {
			return &Error{Op: "clock apply", Where: c.spec.Name + " " + e.Kind, At: e.At, Err: ErrResumeWithoutPause}
		}
	}
	if c.spec.TargetKey != "" {
		if v, ok := e.attr(c.spec.TargetKey); ok {
			t := c.targetSlot(v)
			if t != s.Target {
				s.Target = t
				step.Retargeted = true
			}
		}
	}
	s.Last = e.At
	// Conditions are matched lazily, in precedence order, and only those
	// that can matter in the current phase.
	switch s.Phase {
	case Idle:
		if matchAny(c.spec.Start, e) {
			c.begin(s, e.At, matchAny(c.spec.Pause, e))
			step.Effect = Started
		}
	case Running, Paused:
		switch {
		case matchAny(c.spec.Stop, e):
			c.close(s, e.At, step, result)
			step.Effect = StoppedBy
		case matchAny(c.spec.Reset, e):
			c.close(s, e.At, step, result)
			c.begin(s, e.At, matchAny(c.spec.Pause, e))
			step.Effect = ResetBy
		case matchAny(c.spec.Pause, e):
			if s.Phase == Running {
				c.accumulate(s, e.At)
				s.Phase = Paused
				s.Since = e.At
				step.Effect = PausedBy
			}
		case s.Phase == Paused && matchAny(c.spec.Resume, e):
			s.Phase = Running
			s.Since = e.At
			step.Effect = Resumed
		}
	case Stopped:
		if c.spec.Restart == RestartNever {
			break
		}
		if matchAny(c.spec.Start, e) || (c.spec.Restart == RestartResume && matchAny(c.spec.Resume, e)) {
			pause := matchAny(c.spec.Pause, e)
			switch c.spec.Restart {
			case RestartNewCycle:
				c.begin(s, e.At, pause)
				step.Effect = Started
			case RestartResume:
				s.Since = e.At
				s.Phase = Running
				if pause {
					s.Phase = Paused
				}
				step.Effect = Reopened
			}
		}
	}
	return nil
}

// targetSlot maps an attribute value to ClockState.Target.
func (c *Clock) targetSlot(v string) uint8 {
	for i := range c.spec.Targets {
		if c.spec.Targets[i].Value == v && v != "" {
			return uint8(i + 1)
		}
	}
	return 0
}

// targetIndex is the index of the selected target, -1 when none.
func (c *Clock) targetIndex(s *ClockState) int {
	if s.Target > 0 && int(s.Target) <= len(c.spec.Targets) {
		return int(s.Target) - 1
	}
	return c.def
}

// orderTargets fills c.order, c.nPlain and c.fixed.
func (c *Clock) orderTargets() {
	n := 0
	for i, t := range c.spec.Targets {
		c.fixed[i] = -1
		if t.Wall.IsZero() && t.Span.Unit != calendar.BusinessDays {
			c.fixed[i] = t.Span.Duration
		}
		if t.Span.Unit != calendar.BusinessDays || !t.Wall.IsZero() {
			c.order[n] = uint8(i)
			n++
		}
	}
	c.nPlain = n
	for i, t := range c.spec.Targets {
		if t.Span.Unit == calendar.BusinessDays && t.Wall.IsZero() {
			c.order[n] = uint8(i)
			n++
		}
	}
	slices.SortStableFunc(c.order[c.nPlain:n], func(a, b uint8) int {
		return cmp.Compare(c.spec.Targets[a].Span.Days, c.spec.Targets[b].Span.Days)
	})
}

// targetDur is target i's limit for a cycle starting at start.
func (c *Clock) targetDur(i int, start time.Time) time.Duration {
	if d := c.fixed[i]; d >= 0 {
		return d
	}
	if w := c.spec.Targets[i].Wall; !w.IsZero() {
		return wallLimit(w, start, c.zone)
	}
	sp := c.spec.Targets[i].Span
	if sp.Unit != calendar.BusinessDays {
		return sp.Duration
	}
	if c.measure != nil && c.measure == c.spec.Calendar {
		// measured on the calendar that counts the days: one call, which
		// needs no instant when every business day is alike
		if d, ok := c.measure.SameTimeSpan(start, sp.Days); ok {
			return d
		}
	}
	return c.measure.Between(start, c.spec.Calendar.AddSpan(start, sp))
}

func (c *Clock) begin(s *ClockState, at time.Time, paused bool) {
	s.Cycles++
	s.Next = 0
	s.Start, s.Since, s.Elapsed = at, at, 0
	s.Crossed = [MaxTargets]int64{}
	s.Phase = Running
	if paused {
		s.Phase = Paused
	}
}

// accumulate ends the running span at 'at': adds its elapsed time and
// records the instants at which targets were reached inside it. Targets
// are converted only when the span reaches s.Next; sel is then the
// selected target's limit (-1 when not converted).
func (c *Clock) accumulate(s *ClockState, at time.Time) (sel time.Duration) {
	d := c.measure.Between(s.Since, at)
	if d < 0 {
		d = 0
	}
	e0, e1 := s.Elapsed, s.Elapsed+d
	s.Elapsed = e1
	sel = -1
	if s.Next > 0 && e1 < s.Next || len(c.spec.Targets) == 0 {
		return sel // no target reached in this span: nothing to convert
	}
	si := c.targetIndex(s)
	next := time.Duration(math.MaxInt64)
	for k, i := range c.order[:len(c.spec.Targets)] {
		if s.Crossed[i] != 0 {
			continue
		}
		T := c.targetDur(int(i), s.Start)
		if int(i) == si {
			sel = T
		}
		switch {
		case T > e0 && T <= e1:
			s.Crossed[i] = c.measure.Add(s.Since, T-e0).UnixNano()
		case T > e1:
			next = min(next, T)
			if k >= c.nPlain {
				// The same-time rule is monotone in Days (n+1 business
				// days later is never earlier than n), so the later
				// BusinessDays targets are at least T: not reached, and
				// next is already at most their limit. Leaving them
				// unconverted gives the same state at a fraction of the
				// cost (each conversion walks the business-day index).
				s.Next = next
				return sel
			}
		}
	}
	s.Next = next
	return sel
}

// close stops the cycle at 'at' and, when result is true, describes it in
// step.Result.
func (c *Clock) close(s *ClockState, at time.Time, step *Step, result bool) {
	sel := time.Duration(-1)
	if s.Phase == Running {
		sel = c.accumulate(s, at)
	}
	s.Phase = Stopped
	s.Since = at
	step.Closed = true
	if !result {
		return
	}
	r := CycleResult{Cycle: s.Cycles, Start: s.Start, End: at, Elapsed: s.Elapsed, State: Met}
	if i := c.targetIndex(s); i >= 0 {
		r.HasTarget = true
		r.Target = sel
		if sel < 0 {
			r.Target = c.targetDur(i, s.Start)
		}
		if r.Elapsed > r.Target {
			r.State = Breached
			r.BreachAt = c.crossing(s, i, r.Target)
		}
	}
	step.Result = r
}

// crossing is the instant the cycle's elapsed time reached T (target i),
// zero when it has not.
func (c *Clock) crossing(s *ClockState, i int, T time.Duration) time.Time {
	if s.Crossed[i] != 0 {
		return time.Unix(0, s.Crossed[i]).In(c.measure.Location())
	}
	if s.Phase == Running && T > s.Elapsed {
		return c.measure.Add(s.Since, T-s.Elapsed)
	}
	return time.Time{}
}
