package metric

import (
	"math/bits"
	"time"
)

// elapsedAt is the cycle's elapsed time at asOf (asOf before Since counts as
// Since).
func (c *Clock) elapsedAt(s *ClockState, asOf time.Time) time.Duration {
	if s.Phase != Running || !asOf.After(s.Since) {
		return s.Elapsed
	}
	return s.Elapsed + c.measure.Between(s.Since, asOf)
}

// ClockStatus is a clock's state at an instant.
type ClockStatus struct {
	State     State         `json:"state"`
	Phase     Phase         `json:"phase"`
	Cycle     int32         `json:"cycle"` // current cycle, 1-based; 0 before the first start
	Start     time.Time     `json:"start"` // start of the current cycle
	Elapsed   time.Duration `json:"elapsed"`
	Target    time.Duration `json:"target"` // 0 when HasTarget is false
	HasTarget bool          `json:"hasTarget"`
	// Remaining is Target − Elapsed; negative once breached; 0 without a
	// target.
	Remaining time.Duration `json:"remaining"`
	// Due is the instant elapsed time reaches (or reached) the target while
	// the clock runs; zero when paused, stopped or without a target.
	Due time.Time `json:"due"`
	// BreachAt is the instant elapsed time reached the target (the due
	// instant, the last instant at which the target is still met); set only
	// when State is Breached. A clock counts as breached from the first
	// instant elapsed time exceeds the target: BreachAt+1ns on a 24×7
	// calendar, one nanosecond after the next opening when BreachAt is a
	// closing time, so a stop in closed hours right after BreachAt is still
	// met. Clock.NextChange returns that first breached instant.
	BreachAt time.Time `json:"breachAt"`
	// Warnings has one instant per ClockSpec warning: when elapsed time
	// reaches the warning's threshold; zero when that cannot be known
	// (reached in an earlier run span, or no target). Nil unless the clock
	// runs: a paused or stopped clock knows no warning instant.
	Warnings []time.Time `json:"warnings,omitempty"`
}

// Status returns the clock's status at asOf. asOf before the state's last
// transition is treated as that transition. Status allocates only the
// Warnings slice of a running clock with warnings.
func (c *Clock) Status(s ClockState, asOf time.Time) ClockStatus {
	st := ClockStatus{Phase: s.Phase, Cycle: s.Cycles, Start: s.Start}
	if s.Phase == Idle {
		return st
	}
	st.Elapsed = c.elapsedAt(&s, asOf)
	st.State = InProgress
	if s.Phase == Stopped {
		st.State = Met
	}
	i := c.targetIndex(&s)
	if i < 0 {
		return st
	}
	T := c.targetDur(i, s.Start)
	st.Target, st.HasTarget = T, true
	st.Remaining = T - st.Elapsed
	if st.Elapsed > T {
		st.State = Breached
		st.BreachAt = c.crossing(&s, i, T)
	}
	if s.Phase == Running {
		if T >= s.Elapsed {
			st.Due = c.measure.Add(s.Since, T-s.Elapsed)
		} else {
			st.Due = c.crossing(&s, i, T)
		}
	}
	if n := len(c.spec.Warnings); n > 0 && s.Phase == Running {
		st.Warnings = make([]time.Time, n)
		for k := 0; k < n; k++ {
			if w := c.warnThreshold(k, T); w > s.Elapsed {
				st.Warnings[k] = c.measure.Add(s.Since, w-s.Elapsed)
			}
		}
	}
	return st
}

// warnThreshold is the elapsed time at which warning k fires for target T.
func (c *Clock) warnThreshold(k int, T time.Duration) time.Duration {
	if T <= 0 {
		return 0
	}
	if p := c.warnPPB[k]; p != 0 {
		hi, lo := bits.Mul64(uint64(T), p)
		q, _ := bits.Div64(hi, lo, 1_000_000_000)
		return time.Duration(q)
	}
	w := T - c.warnFrom[k]
	if w < 0 {
		w = 0
	}
	return w
}

// NextChange returns the earliest instant after 'after' at which the
// clock's status changes without a further event: a warning is reached, or
// the clock becomes breached. ok is false when nothing will change (not
// running, or no target, or already breached). It does not allocate.
//
// The due instant itself is not a change: a target is met iff elapsed ≤
// target, so at Due the clock is still in progress. It becomes breached at
// the first instant at which elapsed exceeds the target, one nanosecond of
// calendar time after Due (Due+1ns on a 24×7 calendar; on a business
// calendar whose Due is a closing time, one nanosecond after the next
// opening), and that is the instant NextChange returns, so a host that
// schedules it wakes once, and finds the clock breached with
// ClockStatus.BreachAt = Due.
func (c *Clock) NextChange(s ClockState, after time.Time) (next time.Time, ok bool) {
	if s.Phase != Running {
		return time.Time{}, false
	}
	i := c.targetIndex(&s)
	if i < 0 {
		return time.Time{}, false
	}
	T := c.targetDur(i, s.Start)
	consider := func(t time.Time) {
		if t.After(after) && (!ok || t.Before(next)) {
			next, ok = t, true
		}
	}
	for k := range c.spec.Warnings {
		if w := c.warnThreshold(k, T); w > s.Elapsed {
			consider(c.measure.Add(s.Since, w-s.Elapsed))
		}
	}
	if T >= s.Elapsed {
		// The earliest u with elapsed T+1ns: calendar.Add is the earliest
		// instant with that much business time since s.Since, and elapsed
		// grows by at most 1ns per ns, so before u elapsed ≤ T.
		consider(c.measure.Add(s.Since, T-s.Elapsed+1))
	}
	return next, ok
}
