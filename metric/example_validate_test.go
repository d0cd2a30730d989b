package metric_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/slaeval/slaeval/metric"
)

// A host checks a clock state it read back from storage before using it.
func ExampleClock_CheckState() {
	c, err := metric.NewClock(metric.FirstReplyTime(nil, hoursTarget("", 8)))
	if err != nil {
		panic(err)
	}
	var s metric.ClockState
	if _, err := c.Apply(&s, &metric.Event{Kind: metric.KindCreated, At: mustTime("2026-03-02 09:00")}); err != nil {
		panic(err)
	}
	fmt.Println(c.CheckState(s))

	s.Elapsed = -time.Minute // damaged in storage
	err = c.CheckState(s)
	fmt.Println(errors.Is(err, metric.ErrBadState))
	fmt.Println(err)
	// Output:
	// <nil>
	// true
	// metric: clock state (elapsed): impossible state: -1m0s is negative
}

// A closed cycle whose state does not agree with its elapsed time and
// target is refused.
func ExampleClock_CheckResult() {
	c, err := metric.NewClock(metric.FirstReplyTime(nil, hoursTarget("", 8)))
	if err != nil {
		panic(err)
	}
	r := metric.CycleResult{Cycle: 1, Start: mustTime("2026-03-02 09:00"), End: mustTime("2026-03-02 19:00"),
		Elapsed: 10 * time.Hour, Target: 8 * time.Hour, HasTarget: true, State: metric.Met}
	fmt.Println(c.CheckResult(r))
	// Output:
	// metric: clock cycle (state): impossible state: met does not agree with elapsed 10h0m0s against target 8h0m0s
}
