package metric

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/calendar"
)

func hours(h float64) time.Duration { return time.Duration(h * float64(time.Hour)) }

func wallTarget(value string, d time.Duration) Target {
	return Target{Value: value, Span: calendar.Span{Unit: calendar.BusinessTime, Duration: d}}
}

// generic is a clock with explicit start/pause/resume/stop/reset kinds.
func generic(restart Restart, targets ...Target) ClockSpec {
	k := func(kind string) []Condition { return []Condition{{Kinds: []string{kind}}} }
	return ClockSpec{
		Name: "generic", Start: k("start"), Pause: k("pause"), Resume: k("resume"),
		Stop: k("stop"), Reset: k("reset"), Restart: restart,
		TargetKey: "priority", Targets: targets,
	}
}

func TestClockStatus(t *testing.T) {
	fourHours := wallTarget("", 4*time.Hour)
	tests := []struct {
		name   string
		reason string
		spec   ClockSpec
		events []Event
		asOf   string
		want   ClockStatus
	}{
		{
			name:   "not started",
			reason: "no start event: zero status",
			spec:   generic(RestartNewCycle, fourHours),
			events: []Event{ev("pause", "2026-03-02 09:00")},
			asOf:   "2026-03-02 12:00",
			want:   ClockStatus{},
		},
		{
			name:   "running",
			reason: "started 09:00, asOf 10:30: 1.5 h elapsed, 2.5 h left, due 13:00",
			spec:   generic(RestartNewCycle, fourHours),
			events: []Event{ev("start", "2026-03-02 09:00")},
			asOf:   "2026-03-02 10:30",
			want: ClockStatus{State: InProgress, Phase: Running, Cycle: 1, Start: at("2026-03-02 09:00"),
				Elapsed: hours(1.5), Target: 4 * time.Hour, HasTarget: true, Remaining: hours(2.5),
				Due: at("2026-03-02 13:00")},
		},
		{
			name:   "paused span excluded",
			reason: "09:00-10:00 run (1 h), paused 10:00-12:00, run 12:00-13:00 (1 h): 2 h elapsed; due = 13:00 + 2 h",
			spec:   generic(RestartNewCycle, fourHours),
			events: []Event{ev("start", "2026-03-02 09:00"), ev("pause", "2026-03-02 10:00"), ev("resume", "2026-03-02 12:00")},
			asOf:   "2026-03-02 13:00",
			want: ClockStatus{State: InProgress, Phase: Running, Cycle: 1, Start: at("2026-03-02 09:00"),
				Elapsed: 2 * time.Hour, Target: 4 * time.Hour, HasTarget: true, Remaining: 2 * time.Hour,
				Due: at("2026-03-02 15:00")},
		},
		{
			name:   "paused has no due",
			reason: "paused at 10:00 after 1 h; asOf later changes nothing",
			spec:   generic(RestartNewCycle, fourHours),
			events: []Event{ev("start", "2026-03-02 09:00"), ev("pause", "2026-03-02 10:00")},
			asOf:   "2026-03-02 23:00",
			want: ClockStatus{State: InProgress, Phase: Paused, Cycle: 1, Start: at("2026-03-02 09:00"),
				Elapsed: time.Hour, Target: 4 * time.Hour, HasTarget: true, Remaining: 3 * time.Hour},
		},
		{
			name:   "stopped exactly at target is met",
			reason: "met iff elapsed ≤ target: 09:00-13:00 is exactly 4 h",
			spec:   generic(RestartNewCycle, fourHours),
			events: []Event{ev("start", "2026-03-02 09:00"), ev("stop", "2026-03-02 13:00")},
			asOf:   "2026-03-03 00:00",
			want: ClockStatus{State: Met, Phase: Stopped, Cycle: 1, Start: at("2026-03-02 09:00"),
				Elapsed: 4 * time.Hour, Target: 4 * time.Hour, HasTarget: true},
		},
		{
			name:   "running past due is breached",
			reason: "due 13:00; at 14:00 elapsed 5 h > 4 h; breach instant 13:00",
			spec:   generic(RestartNewCycle, fourHours),
			events: []Event{ev("start", "2026-03-02 09:00")},
			asOf:   "2026-03-02 14:00",
			want: ClockStatus{State: Breached, Phase: Running, Cycle: 1, Start: at("2026-03-02 09:00"),
				Elapsed: 5 * time.Hour, Target: 4 * time.Hour, HasTarget: true, Remaining: -time.Hour,
				Due: at("2026-03-02 13:00"), BreachAt: at("2026-03-02 13:00")},
		},
		{
			name:   "breach recorded before a pause",
			reason: "run 09:00-14:00 (5 h, target 4 h reached 13:00), paused: breach at 13:00",
			spec:   generic(RestartNewCycle, fourHours),
			events: []Event{ev("start", "2026-03-02 09:00"), ev("pause", "2026-03-02 14:00")},
			asOf:   "2026-03-02 20:00",
			want: ClockStatus{State: Breached, Phase: Paused, Cycle: 1, Start: at("2026-03-02 09:00"),
				Elapsed: 5 * time.Hour, Target: 4 * time.Hour, HasTarget: true, Remaining: -time.Hour,
				BreachAt: at("2026-03-02 13:00")},
		},
		{
			name:   "stop beats pause",
			reason: "one event matching stop and pause stops the clock",
			spec: func() ClockSpec {
				s := generic(RestartNewCycle, fourHours)
				s.Pause = append(s.Pause, Condition{Kinds: []string{"both"}})
				s.Stop = append(s.Stop, Condition{Kinds: []string{"both"}})
				return s
			}(),
			events: []Event{ev("start", "2026-03-02 09:00"), ev("both", "2026-03-02 10:00")},
			asOf:   "2026-03-02 12:00",
			want: ClockStatus{State: Met, Phase: Stopped, Cycle: 1, Start: at("2026-03-02 09:00"),
				Elapsed: time.Hour, Target: 4 * time.Hour, HasTarget: true, Remaining: 3 * time.Hour},
		},
		{
			name:   "start event never stops",
			reason: "an event matching start and stop starts the clock and leaves it running",
			spec: func() ClockSpec {
				s := generic(RestartNewCycle, fourHours)
				s.Stop = append(s.Stop, Condition{Kinds: []string{"start"}})
				return s
			}(),
			events: []Event{ev("start", "2026-03-02 09:00")},
			asOf:   "2026-03-02 10:00",
			want: ClockStatus{State: InProgress, Phase: Running, Cycle: 1, Start: at("2026-03-02 09:00"),
				Elapsed: time.Hour, Target: 4 * time.Hour, HasTarget: true, Remaining: 3 * time.Hour,
				Due: at("2026-03-02 13:00")},
		},
		{
			name:   "pause beats start",
			reason: "an event matching start and pause starts the cycle paused",
			spec: func() ClockSpec {
				s := generic(RestartNewCycle, fourHours)
				s.Pause = append(s.Pause, Condition{Kinds: []string{"start"}})
				return s
			}(),
			events: []Event{ev("start", "2026-03-02 09:00"), ev("resume", "2026-03-02 11:00")},
			asOf:   "2026-03-02 12:00",
			want: ClockStatus{State: InProgress, Phase: Running, Cycle: 1, Start: at("2026-03-02 09:00"),
				Elapsed: time.Hour, Target: 4 * time.Hour, HasTarget: true, Remaining: 3 * time.Hour,
				Due: at("2026-03-02 15:00")},
		},
		{
			name:   "restart new cycle",
			reason: "cycle 1 09:00-10:00; start 11:00 begins cycle 2 from zero",
			spec:   generic(RestartNewCycle, fourHours),
			events: []Event{ev("start", "2026-03-02 09:00"), ev("stop", "2026-03-02 10:00"), ev("start", "2026-03-02 11:00")},
			asOf:   "2026-03-02 11:30",
			want: ClockStatus{State: InProgress, Phase: Running, Cycle: 2, Start: at("2026-03-02 11:00"),
				Elapsed: hours(0.5), Target: 4 * time.Hour, HasTarget: true, Remaining: hours(3.5),
				Due: at("2026-03-02 15:00")},
		},
		{
			name:   "restart resume",
			reason: "1 h until the stop at 10:00, reopened 11:00: at 12:00 2 h elapsed; due 12:00 + 2 h",
			spec:   generic(RestartResume, fourHours),
			events: []Event{ev("start", "2026-03-02 09:00"), ev("stop", "2026-03-02 10:00"), ev("start", "2026-03-02 11:00")},
			asOf:   "2026-03-02 12:00",
			want: ClockStatus{State: InProgress, Phase: Running, Cycle: 1, Start: at("2026-03-02 09:00"),
				Elapsed: 2 * time.Hour, Target: 4 * time.Hour, HasTarget: true, Remaining: 2 * time.Hour,
				Due: at("2026-03-02 14:00")},
		},
		{
			name:   "restart never",
			reason: "a later start on a stopped first-reply-like clock is ignored",
			spec:   generic(RestartNever, fourHours),
			events: []Event{ev("start", "2026-03-02 09:00"), ev("stop", "2026-03-02 10:00"), ev("start", "2026-03-02 11:00")},
			asOf:   "2026-03-02 12:00",
			want: ClockStatus{State: Met, Phase: Stopped, Cycle: 1, Start: at("2026-03-02 09:00"),
				Elapsed: time.Hour, Target: 4 * time.Hour, HasTarget: true, Remaining: 3 * time.Hour},
		},
		{
			name:   "reset starts a new cycle",
			reason: "reset at 10:00 closes cycle 1 and starts cycle 2 at 10:00",
			spec:   generic(RestartNewCycle, fourHours),
			events: []Event{ev("start", "2026-03-02 09:00"), ev("reset", "2026-03-02 10:00")},
			asOf:   "2026-03-02 10:15",
			want: ClockStatus{State: InProgress, Phase: Running, Cycle: 2, Start: at("2026-03-02 10:00"),
				Elapsed: 15 * time.Minute, Target: 4 * time.Hour, HasTarget: true, Remaining: 225 * time.Minute,
				Due: at("2026-03-02 14:00")},
		},
		{
			name:   "no target",
			reason: "without targets elapsed is measured and a stop is met",
			spec:   generic(RestartNewCycle),
			events: []Event{ev("start", "2026-03-02 09:00"), ev("stop", "2026-03-02 17:00")},
			asOf:   "2026-03-02 18:00",
			want: ClockStatus{State: Met, Phase: Stopped, Cycle: 1, Start: at("2026-03-02 09:00"),
				Elapsed: 8 * time.Hour},
		},
		{
			name:   "target selected by attribute",
			reason: "priority urgent (1 h) selected at start: due 10:00",
			spec:   generic(RestartNewCycle, fourHours, wallTarget("urgent", time.Hour)),
			events: []Event{ev("start", "2026-03-02 09:00", "priority", "urgent")},
			asOf:   "2026-03-02 09:10",
			want: ClockStatus{State: InProgress, Phase: Running, Cycle: 1, Start: at("2026-03-02 09:00"),
				Elapsed: 10 * time.Minute, Target: time.Hour, HasTarget: true, Remaining: 50 * time.Minute,
				Due: at("2026-03-02 10:00")},
		},
		{
			name:   "unknown attribute value selects the default",
			reason: "priority 'weird' has no target: the default 4 h applies",
			spec:   generic(RestartNewCycle, fourHours, wallTarget("urgent", time.Hour)),
			events: []Event{ev("start", "2026-03-02 09:00", "priority", "urgent"), ev("note", "2026-03-02 09:05", "priority", "weird")},
			asOf:   "2026-03-02 10:00",
			want: ClockStatus{State: InProgress, Phase: Running, Cycle: 1, Start: at("2026-03-02 09:00"),
				Elapsed: time.Hour, Target: 4 * time.Hour, HasTarget: true, Remaining: 3 * time.Hour,
				Due: at("2026-03-02 13:00")},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := MustClock(tc.spec)
			s, _ := run(t, c, tc.events)
			got := c.Status(s, at(tc.asOf))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s\nStatus(%s) mismatch (-want +got):\n%s", tc.reason, tc.asOf, diff)
			}
		})
	}
}

func TestClockClosedCycles(t *testing.T) {
	// Periodic update, 1 h target, 24×7: agent comments at 09:00 (start),
	// 09:45 (cycle 1: 45 min, met), 11:00 (cycle 2: 75 min, breached at
	// 10:45), solved 11:30 (cycle 3: 30 min, met).
	c := MustClock(PeriodicUpdate(nil, wallTarget("", time.Hour)))
	agent := func(when string) Event {
		return ev(KindComment, when, AttrAuthor, AuthorAgent, AttrPublic, "true")
	}
	_, got := run(t, c, []Event{
		ev(KindCreated, "2026-03-02 08:00", AttrStatus, StatusNew),
		agent("2026-03-02 09:00"),
		agent("2026-03-02 09:45"),
		agent("2026-03-02 11:00"),
		ev(KindUpdated, "2026-03-02 11:30", AttrStatus, StatusSolved),
	})
	want := []CycleResult{
		{Cycle: 1, Start: at("2026-03-02 09:00"), End: at("2026-03-02 09:45"), Elapsed: 45 * time.Minute, Target: time.Hour, HasTarget: true, State: Met},
		{Cycle: 2, Start: at("2026-03-02 09:45"), End: at("2026-03-02 11:00"), Elapsed: 75 * time.Minute, Target: time.Hour, HasTarget: true, State: Breached, BreachAt: at("2026-03-02 10:45")},
		{Cycle: 3, Start: at("2026-03-02 11:00"), End: at("2026-03-02 11:30"), Elapsed: 30 * time.Minute, Target: time.Hour, HasTarget: true, State: Met},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("periodic update cycles mismatch (-want +got):\n%s", diff)
	}
}

func TestClockErrors(t *testing.T) {
	strict := generic(RestartNewCycle, wallTarget("", time.Hour))
	strict.Strict = true
	lenient := generic(RestartNewCycle, wallTarget("", time.Hour))
	tests := []struct {
		name   string
		spec   ClockSpec
		events []Event
		want   error // sentinel of the last event's error; nil for none
	}{
		{"out of order", lenient, []Event{ev("start", "2026-03-02 10:00"), ev("pause", "2026-03-02 09:59")}, ErrOutOfOrder},
		{"equal instants are in order", lenient, []Event{ev("start", "2026-03-02 10:00"), ev("stop", "2026-03-02 10:00")}, nil},
		{"strict stop before start", strict, []Event{ev("stop", "2026-03-02 10:00")}, ErrStopBeforeStart},
		{"strict resume without pause", strict, []Event{ev("resume", "2026-03-02 10:00")}, ErrResumeWithoutPause},
		{"lenient stop before start", lenient, []Event{ev("stop", "2026-03-02 10:00")}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := MustClock(tc.spec)
			var s ClockState
			var err error
			var before ClockState
			for _, e := range tc.events {
				before = s
				_, err = c.Apply(&s, &e)
			}
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("Apply error = %v, want %v", err, tc.want)
			}
			if err != nil {
				var me *Error
				if !errors.As(err, &me) {
					t.Errorf("error %T is not *Error", err)
				}
				if diff := cmp.Diff(before, s); diff != "" {
					t.Errorf("state changed on error (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func TestNewClockInvalid(t *testing.T) {
	ok := generic(RestartNewCycle, wallTarget("", time.Hour))
	mod := func(f func(*ClockSpec)) ClockSpec {
		s := ok
		f(&s)
		return s
	}
	tests := []struct {
		name string
		spec ClockSpec
	}{
		{"no start", ClockSpec{}},
		{"empty attr key", mod(func(s *ClockSpec) { s.Pause = []Condition{{Attrs: []AttrTest{{Op: Present}}}} })},
		{"equals without value", mod(func(s *ClockSpec) { s.Stop = []Condition{{Attrs: []AttrTest{{Key: "k", Op: Equals}}}} })},
		{"zero target", mod(func(s *ClockSpec) { s.Targets = []Target{wallTarget("", 0)} })},
		{"duplicate target", mod(func(s *ClockSpec) { s.Targets = []Target{wallTarget("", 1), wallTarget("", 2)} })},
		{"mixed units", mod(func(s *ClockSpec) {
			s.Targets = []Target{wallTarget("", 1), {Value: "x", Span: calendar.Span{Unit: calendar.WallTime, Duration: 1}}}
		})},
		{"warning with both", mod(func(s *ClockSpec) { s.Warnings = []Warning{{Percent: dec("75"), Before: time.Hour}} })},
		{"warning above 100", mod(func(s *ClockSpec) { s.Warnings = []Warning{{Percent: dec("100.5")}} })},
		{"unknown restart", mod(func(s *ClockSpec) { s.Restart = 9 })},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewClock(tc.spec)
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("NewClock error = %v, want ErrInvalid", err)
			}
		})
	}
}

func TestClockWarningsAndNextChange(t *testing.T) {
	// 4 h target from 09:00 (24×7): 75% = 3 h → 12:00; 1 h before due → 12:00;
	// 90% = 3.6 h → 12:36; due 13:00.
	spec := generic(RestartNewCycle, wallTarget("", 4*time.Hour))
	spec.Warnings = []Warning{{Percent: dec("75")}, {Before: time.Hour}, {Percent: dec("90")}}
	c := MustClock(spec)
	s, _ := run(t, c, []Event{ev("start", "2026-03-02 09:00")})
	st := c.Status(s, at("2026-03-02 09:30"))
	want := []time.Time{at("2026-03-02 12:00"), at("2026-03-02 12:00"), at("2026-03-02 12:36")}
	if diff := cmp.Diff(want, st.Warnings); diff != "" {
		t.Errorf("Warnings mismatch (-want +got):\n%s", diff)
	}
	steps := []struct{ after, want string }{
		{"2026-03-02 09:30", "2026-03-02 12:00"},
		{"2026-03-02 12:00", "2026-03-02 12:36"},
	}
	for _, sc := range steps {
		got, ok := c.NextChange(s, at(sc.after))
		if !ok || !got.Equal(at(sc.want)) {
			t.Errorf("NextChange(after %s) = %v, %v, want %s", sc.after, got, ok, sc.want)
		}
	}
	// At the due instant the clock is not yet breached (elapsed == target),
	// so 13:00 is not a change: the next one after 12:36 is the breach, one
	// nanosecond later, and it is also the next one after 13:00 itself.
	for _, after := range []string{"2026-03-02 12:36", "2026-03-02 13:00"} {
		got, ok := c.NextChange(s, at(after))
		if wantT := at("2026-03-02 13:00").Add(1); !ok || !got.Equal(wantT) {
			t.Errorf("NextChange(after %s) = %v, %v, want %v", after, got, ok, wantT)
		}
		if st := c.Status(s, got.Add(-1)); st.State != InProgress {
			t.Errorf("Status just before NextChange = %v, want inProgress", st.State)
		}
	}
	got, ok := c.NextChange(s, at("2026-03-02 13:00"))
	if wantT := at("2026-03-02 13:00").Add(1); !ok || !got.Equal(wantT) {
		t.Errorf("NextChange(after due) = %v, %v, want %v", got, ok, wantT)
	}
	if st := c.Status(s, got); st.State != Breached {
		t.Errorf("Status at NextChange after due = %v, want breached", st.State)
	}
	if _, ok := c.NextChange(s, at("2026-03-02 14:00")); ok {
		t.Errorf("NextChange after breach: ok = true, want false")
	}
	paused := s
	_, _ = c.Apply(&paused, new(ev("pause", "2026-03-02 10:00")))
	if _, ok := c.NextChange(paused, at("2026-03-02 10:00")); ok {
		t.Errorf("NextChange on paused clock: ok = true, want false")
	}
	// A paused clock knows no warning instant: Warnings is nil, and
	// Status allocates nothing for it (a report asks every clock).
	asOf := at("2026-03-02 11:00")
	if st := c.Status(paused, asOf); st.Warnings != nil {
		t.Errorf("paused Status.Warnings = %v, want nil", st.Warnings)
	}
	if n := testing.AllocsPerRun(100, func() { c.Status(paused, asOf) }); n != 0 {
		t.Errorf("paused Status allocates %v times, want 0", n)
	}
}

func TestClockStateSnapshot(t *testing.T) {
	// Restoring a JSON snapshot mid-stream and continuing gives the same
	// status as never stopping.
	c := MustClock(RequesterWaitTime(nil, wallTarget("", 8*time.Hour), wallTarget("urgent", time.Hour)))
	events := []Event{
		ev(KindCreated, "2026-03-02 09:00", AttrStatus, StatusNew, AttrPriority, "normal"),
		ev(KindUpdated, "2026-03-02 10:00", AttrStatus, StatusPending),
		ev(KindUpdated, "2026-03-02 12:00", AttrStatus, StatusOpen, AttrPriority, "urgent"),
		ev(KindUpdated, "2026-03-02 13:00", AttrStatus, StatusSolved),
	}
	whole, _ := run(t, c, events)
	half, _ := run(t, c, events[:2])
	b, err := json.Marshal(half)
	if err != nil {
		t.Fatal(err)
	}
	var restored ClockState
	if err := json.Unmarshal(b, &restored); err != nil {
		t.Fatal(err)
	}
	for _, e := range events[2:] {
		if _, err := c.Apply(&restored, &e); err != nil {
			t.Fatal(err)
		}
	}
	asOf := at("2026-03-03 00:00")
	if diff := cmp.Diff(c.Status(whole, asOf), c.Status(restored, asOf)); diff != "" {
		t.Errorf("restored status mismatch (-want +got):\n%s", diff)
	}
}

func TestClockApplyAllocs(t *testing.T) {
	c := MustClock(RequesterWaitTime(nil, wallTarget("", 8*time.Hour), wallTarget("urgent", time.Hour)))
	attrs := make([]Attr, 2)
	base := at("2026-03-02 09:00")
	var s ClockState
	i := 0
	statuses := []string{StatusOpen, StatusPending, StatusOpen, StatusSolved, StatusOpen}
	prios := []string{"normal", "urgent"}
	allocs := testing.AllocsPerRun(1000, func() {
		attrs[0] = Attr{AttrStatus, statuses[i%len(statuses)]}
		attrs[1] = Attr{AttrPriority, prios[(i/3)%2]}
		e := Event{Kind: KindUpdated, At: base.Add(time.Duration(i) * time.Minute), Attrs: attrs}
		if i == 0 {
			e.Kind = KindCreated
		}
		if _, err := c.Apply(&s, &e); err != nil {
			t.Fatal(err)
		}
		i++
	})
	if allocs != 0 {
		t.Errorf("Apply allocates %v times per event, want 0", allocs)
	}
	allocs = testing.AllocsPerRun(100, func() { _, _ = c.NextChange(s, base) })
	if allocs != 0 {
		t.Errorf("NextChange allocates %v times, want 0", allocs)
	}
}

var _ = decimal.Zero
