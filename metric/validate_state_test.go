package metric

import (
	"errors"
	"testing"
	"time"

	"github.com/slaeval/slaeval/calendar"
	"pgregory.net/rapid"
)

// TestCheckStateOfApplied: every state that Apply produces from a random
// stream of events passes CheckState, and every closed cycle's result
// passes CheckResult (the checks refuse no reachable state).
func TestCheckStateOfApplied(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cal, err := calendar.Spec{Hours: "Mon-Fri 09:00-17:00"}.Build()
		if err != nil {
			t.Fatal(err)
		}
		day := calendar.Span{Unit: calendar.BusinessDays, Days: 1}
		spec := FullResolutionTime(cal, Target{Span: calendar.Span{Unit: calendar.BusinessTime, Duration: 2 * time.Hour}}, Target{Value: "low", Span: day})
		spec.TargetKey = "priority"
		spec.Reset = []Condition{{Kinds: []string{"reset"}}}
		spec.Pause = []Condition{status(StatusPending)}
		spec.Restart = rapid.SampledFrom([]Restart{RestartNewCycle, RestartResume, RestartNever}).Draw(t, "restart")
		c, err := NewClock(spec)
		if err != nil {
			t.Fatal(err)
		}
		var s ClockState
		at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		kinds := [][2]string{{KindCreated, ""}, {KindUpdated, StatusSolved}, {KindUpdated, StatusOpen}, {KindUpdated, StatusPending}, {"reset", ""}, {"other", ""}}
		for i := range rapid.IntRange(0, 30).Draw(t, "n") {
			at = at.Add(time.Duration(rapid.IntRange(0, 600).Draw(t, "step")) * time.Minute)
			k := rapid.SampledFrom(kinds).Draw(t, "kind")
			e := &Event{Kind: k[0], At: at}
			if k[1] != "" {
				e.Attrs = append(e.Attrs, Attr{Key: AttrStatus, Value: k[1]})
			}
			if rapid.Bool().Draw(t, "low") {
				e.Attrs = append(e.Attrs, Attr{Key: "priority", Value: "low"})
			}
			step, err := c.Apply(&s, e)
			if err != nil {
				t.Fatalf("event %d: %v", i, err)
			}
			if err := c.CheckState(s); err != nil {
				t.Fatalf("after event %d (%s): CheckState(%+v) = %v", i, e.Kind, s, err)
			}
			if step.Closed {
				if err := c.CheckResult(step.Result); err != nil {
					t.Fatalf("after event %d: CheckResult(%+v) = %v", i, step.Result, err)
				}
			}
		}
	})
}

// TestCheckStateRefuses: one impossible value at a time, each named by
// its field.
func TestCheckStateRefuses(t *testing.T) {
	c, err := NewClock(FirstReplyTime(nil, Target{Span: calendar.Span{Unit: calendar.WallTime, Duration: time.Hour}}))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	running := ClockState{Phase: Running, Cycles: 1, Start: start, Since: start.Add(time.Hour), Elapsed: 30 * time.Minute, Last: start.Add(time.Hour)}
	if err := c.CheckState(running); err != nil {
		t.Fatalf("CheckState(running) = %v", err)
	}
	cases := []struct {
		name  string
		edit  func(s *ClockState)
		where string
	}{
		{"phase", func(s *ClockState) { s.Phase = 4 }, "phase"},
		{"target of none", func(s *ClockState) { s.Target = 2 }, "target"},
		{"negative elapsed", func(s *ClockState) { s.Elapsed = -1 }, "elapsed"},
		{"elapsed beyond wall time", func(s *ClockState) { s.Elapsed = time.Hour + 1 }, "elapsed"},
		{"since before start", func(s *ClockState) { s.Since = start.Add(-1) }, "since"},
		{"last before since", func(s *ClockState) { s.Last = start }, "last"},
		{"no cycles", func(s *ClockState) { s.Cycles = 0 }, "cycles"},
		{"next not above elapsed", func(s *ClockState) { s.Next = s.Elapsed }, "next"},
		{"crossing of no target", func(s *ClockState) { s.Crossed[1] = start.UnixNano() }, "crossed[1]"},
		{"crossing after since", func(s *ClockState) { s.Crossed[0] = s.Since.Add(1).UnixNano() }, "crossed[0]"},
		{"idle with a start", func(s *ClockState) { s.Phase = Idle }, "phase"},
	}
	for _, tc := range cases {
		s := running
		tc.edit(&s)
		err := c.CheckState(s)
		var me *Error
		if !errors.Is(err, ErrBadState) || !errors.As(err, &me) || me.Where != tc.where {
			t.Errorf("%s: CheckState = %v, want ErrBadState at %s", tc.name, err, tc.where)
		}
	}
	var nilClock *Clock
	if err := nilClock.CheckState(running); !errors.Is(err, ErrInvalid) {
		t.Errorf("(*Clock)(nil).CheckState = %v, want ErrInvalid", err)
	}
}
