package metric

import (
	"errors"
	"fmt"
	"time"
)

// ErrBadState is wrapped by the errors of Clock.CheckState and
// Clock.CheckResult: a state or result holds a value that applying events
// to the clock cannot produce (it was damaged or edited after it was
// persisted).
var ErrBadState = errors.New("impossible state")

func badState(op, where, format string, args ...any) error {
	return &Error{Op: op, Where: where, Err: fmt.Errorf("%w: "+format, append([]any{ErrBadState}, args...)...)}
}

// CheckState reports whether s could have been produced by applying events
// to c, as far as its fields tell, for a host that restores a persisted
// state: the phase is a phase; the target selects one of c's targets;
// counts, elapsed time and the cached limit (Next) are not negative; an
// idle clock has no cycle, instants, elapsed time or crossings; a started
// one has at least one cycle and Start ≤ Since ≤ Last; elapsed time is at
// most the wall time from Start to Since (business time never exceeds it)
// and below Next when Next is set; each recorded crossing lies in
// [Start, Since] and belongs to a target c has. It returns nil, or an
// *Error wrapping ErrBadState whose Where is the field's JSON name.
//
// CheckState does not replay events: a state edited into another state
// that events could produce passes.
func (c *Clock) CheckState(s ClockState) error {
	const op = "clock state"
	if c == nil {
		return invalid(op, "", "no clock")
	}
	n := len(c.spec.Targets)
	switch {
	case s.Phase > Stopped:
		return badState(op, "phase", "%d is not a phase (0 idle, 1 running, 2 paused, 3 stopped)", s.Phase)
	case int(s.Target) > n:
		return badState(op, "target", "%d selects no target: the clock has %d", s.Target, n)
	case s.Cycles < 0:
		return badState(op, "cycles", "%d is negative", s.Cycles)
	case s.Elapsed < 0:
		return badState(op, "elapsed", "%v is negative", s.Elapsed)
	case s.Next < 0:
		return badState(op, "next", "%v is negative", s.Next)
	}
	for i := n; i < MaxTargets; i++ {
		if s.Crossed[i] != 0 {
			return badState(op, fmt.Sprintf("crossed[%d]", i), "the clock has no target %d", i)
		}
	}
	if s.Phase == Idle {
		if s.Cycles != 0 || !s.Start.IsZero() || !s.Since.IsZero() || s.Elapsed != 0 || s.Next != 0 || s.Crossed != [MaxTargets]int64{} {
			return badState(op, "phase", "an idle clock has not started: no cycles, start, since, elapsed time, next or crossings")
		}
		return nil
	}
	switch {
	case s.Cycles == 0:
		return badState(op, "cycles", "a %s clock has started at least one cycle", s.Phase)
	case s.Start.IsZero():
		return badState(op, "start", "a %s clock has a start", s.Phase)
	case s.Since.Before(s.Start):
		return badState(op, "since", "%s is before the cycle's start %s", s.Since.Format(time.RFC3339Nano), s.Start.Format(time.RFC3339Nano))
	case s.Last.Before(s.Since):
		return badState(op, "last", "%s is before since %s", s.Last.Format(time.RFC3339Nano), s.Since.Format(time.RFC3339Nano))
	case s.Elapsed > s.Since.Sub(s.Start):
		return badState(op, "elapsed", "%v is more than the %v from start to since", s.Elapsed, s.Since.Sub(s.Start))
	case s.Next != 0 && s.Next <= s.Elapsed:
		return badState(op, "next", "%v is not above the elapsed time %v", s.Next, s.Elapsed)
	}
	lo, hi := s.Start.UnixNano(), s.Since.UnixNano()
	for i, x := range s.Crossed[:n] {
		if x != 0 && (x < lo || x > hi) {
			return badState(op, fmt.Sprintf("crossed[%d]", i), "%s is outside the cycle's start and since", time.Unix(0, x).UTC().Format(time.RFC3339Nano))
		}
	}
	return nil
}

// CheckResult reports whether r could be a closed cycle of c: a cycle
// number of at least 1, Start ≤ End, elapsed time between zero and the
// wall time from Start to End, a state of Met or Breached that agrees with
// the elapsed time and the target (no target: met, target 0; a target:
// positive, breached iff exceeded), and a breach instant only on a breach,
// inside [Start, End]. It returns nil, or an *Error wrapping ErrBadState
// whose Where is the field's JSON name.
func (c *Clock) CheckResult(r CycleResult) error {
	const op = "clock cycle"
	if c == nil {
		return invalid(op, "", "no clock")
	}
	switch {
	case r.Cycle < 1:
		return badState(op, "cycle", "%d: cycles are numbered from 1", r.Cycle)
	case r.Start.IsZero():
		return badState(op, "start", "a closed cycle has a start")
	case r.End.Before(r.Start):
		return badState(op, "end", "%s is before the start %s", r.End.Format(time.RFC3339Nano), r.Start.Format(time.RFC3339Nano))
	case r.Elapsed < 0:
		return badState(op, "elapsed", "%v is negative", r.Elapsed)
	case r.Elapsed > r.End.Sub(r.Start):
		return badState(op, "elapsed", "%v is more than the %v from start to end", r.Elapsed, r.End.Sub(r.Start))
	case r.State != Met && r.State != Breached:
		return badState(op, "state", "%d is neither met (2) nor breached (3)", r.State)
	case !r.HasTarget && (r.Target != 0 || r.State != Met):
		return badState(op, "state", "a cycle without a target is met, with target 0")
	case r.HasTarget && r.Target <= 0:
		return badState(op, "target", "%v is not positive", r.Target)
	case r.HasTarget && (r.State == Breached) != (r.Elapsed > r.Target):
		return badState(op, "state", "%s does not agree with elapsed %v against target %v", r.State, r.Elapsed, r.Target)
	case !r.BreachAt.IsZero() && r.State != Breached:
		return badState(op, "breachAt", "only a breached cycle has a breach instant")
	case !r.BreachAt.IsZero() && (r.BreachAt.Before(r.Start) || r.BreachAt.After(r.End)):
		return badState(op, "breachAt", "%s is outside the cycle", r.BreachAt.Format(time.RFC3339Nano))
	}
	return nil
}
