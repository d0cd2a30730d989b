package metric

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/date/v2"
	"pgregory.net/rapid"

	"github.com/slaeval/slaeval/calendar"
)

// Business-hour cases on a Mon–Fri 08:00–18:00 calendar in UTC. 2026-03-02
// is a Monday.

func officeHours(t testing.TB, opts ...calendar.Option) *calendar.Calendar {
	t.Helper()
	c, err := calendar.Parse("Mon-Fri 08:00-18:00", time.UTC, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestBusinessWarningBeforeDue(t *testing.T) {
	// 4 h target, created Mon 17:00: 1 h on Monday (17-18), 3 h on Tuesday
	// (08-11): due Tue 11:00. "1 h before due" is 3 h of business time:
	// Tue 10:00, not Tue 10:00 minus closed hours and not midnight. A 50%
	// warning (2 h): Mon 17-18 then Tue 08-09: Tue 09:00.
	spec := FirstReplyTime(officeHours(t), wallTarget("", 4*time.Hour))
	spec.Warnings = []Warning{{Before: time.Hour}, {Percent: dec("50")}}
	c := MustClock(spec)
	s, _ := run(t, c, []Event{ev(KindCreated, "2026-03-02 17:00")})
	st := c.Status(s, at("2026-03-02 17:30"))
	want := ClockStatus{State: InProgress, Phase: Running, Cycle: 1, Start: at("2026-03-02 17:00"),
		Elapsed: 30 * time.Minute, Target: 4 * time.Hour, HasTarget: true, Remaining: 210 * time.Minute,
		Due: at("2026-03-03 11:00"), Warnings: []time.Time{at("2026-03-03 10:00"), at("2026-03-03 09:00")}}
	if diff := cmp.Diff(want, st, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("Status mismatch (-want +got):\n%s", diff)
	}
	// Overnight nothing elapses.
	if st := c.Status(s, at("2026-03-03 07:59")); st.Elapsed != time.Hour {
		t.Errorf("elapsed at Tue 07:59 = %v, want 1h", st.Elapsed)
	}
	// Then the breach: due Tue 11:00 is still met (elapsed = target), so
	// the change is the first instant past it, 11:00 plus a nanosecond.
	steps := []struct {
		after, want string
		plus        time.Duration
	}{
		{"2026-03-02 17:30", "2026-03-03 09:00", 0},
		{"2026-03-03 09:00", "2026-03-03 10:00", 0},
		{"2026-03-03 10:00", "2026-03-03 11:00", 1},
	}
	for _, sc := range steps {
		if got, ok := c.NextChange(s, at(sc.after)); !ok || !got.Equal(at(sc.want).Add(sc.plus)) {
			t.Errorf("NextChange(after %s) = %v, %v, want %s + %v", sc.after, got, ok, sc.want, sc.plus)
		}
	}
}

func TestBusinessReplyInClosedHoursAfterDue(t *testing.T) {
	// 4 h target, created Mon 14:00: due Mon 18:00 (closing). A reply at
	// 19:00 has 4 h elapsed, not more: met. The clock counts as breached
	// only from Tue 08:00 plus a nanosecond, which NextChange reports.
	c := MustClock(FirstReplyTime(officeHours(t), wallTarget("", 4*time.Hour)))
	s, _ := run(t, c, []Event{ev(KindCreated, "2026-03-02 14:00")})
	if st := c.Status(s, at("2026-03-02 23:00")); st.State != InProgress || !st.Due.Equal(at("2026-03-02 18:00")) {
		t.Errorf("at 23:00: state %v due %v, want inProgress due 18:00", st.State, st.Due)
	}
	next, ok := c.NextChange(s, at("2026-03-02 18:00"))
	if want := at("2026-03-03 08:00").Add(1); !ok || !next.Equal(want) {
		t.Errorf("NextChange(after due) = %v, %v, want %v", next, ok, want)
	}
	if st := c.Status(s, next); st.State != Breached || !st.BreachAt.Equal(at("2026-03-02 18:00")) {
		t.Errorf("at %v: state %v breachAt %v, want breached at Mon 18:00", next, st.State, st.BreachAt)
	}
	step, err := c.Apply(&s, new(agentReply("2026-03-02 19:00")))
	if err != nil {
		t.Fatal(err)
	}
	if step.Result.State != Met || step.Result.Elapsed != 4*time.Hour {
		t.Errorf("reply at 19:00: %v with %v, want met with 4h", step.Result.State, step.Result.Elapsed)
	}
}

func TestBusinessPriorityRaised(t *testing.T) {
	// Normal 8 h, urgent 2 h, business hours. Created Fri 17:00; raised to
	// urgent Mon 10:00 (elapsed: Fri 1 h + Mon 2 h = 3 h). 2 h were reached
	// at Mon 09:00 (Fri 17-18, Mon 08-09): breach instant Mon 09:00.
	c := MustClock(FirstReplyTime(officeHours(t), wallTarget("normal", 8*time.Hour), wallTarget("urgent", 2*time.Hour)))
	s, _ := run(t, c, []Event{
		ev(KindCreated, "2026-03-06 17:00", AttrPriority, "normal"),
		ev(KindUpdated, "2026-03-09 10:00", AttrPriority, "urgent"),
	})
	st := c.Status(s, at("2026-03-09 10:00"))
	if st.State != Breached || st.Elapsed != 3*time.Hour || !st.BreachAt.Equal(at("2026-03-09 09:00")) {
		t.Errorf("Status = %v elapsed %v breachAt %v, want breached 3h at Mon 09:00", st.State, st.Elapsed, st.BreachAt)
	}
}

func TestBusinessReportDeadline(t *testing.T) {
	// A monthly report within 10 business days (10 × 10 h of business time
	// here) after March 2026 ends, on an England calendar: Good Friday
	// (3 April) and Easter Monday (6 April) are holidays. Business days
	// from Wed 1 April: 1, 2, 7, 8, 9, 10, 13, 14, 15, 16 → due Thu 16
	// April 18:00.
	cal := officeHours(t, calendar.Holidays(date.New(2026, time.April, 3), date.New(2026, time.April, 6)))
	d, err := NewDeadline(DeadlineSpec{Calendar: cal, Within: calendar.Span{Unit: calendar.BusinessTime, Duration: 100 * time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	g, err := NewGrid(Month, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	march := g.At(at("2026-03-15"))
	if got := d.Due(march.End); !got.Equal(at("2026-04-16 18:00")) {
		t.Errorf("Due(%v) = %v, want 2026-04-16 18:00", march.End, got)
	}
	// Sent Friday 17 April 09:00: 1 business hour late, 15 h of wall time.
	st := d.Judge(march.End, at("2026-04-17 09:00"), at("2026-04-30"))
	if st.State != DeadlineMissed || st.Late != 15*time.Hour || st.LateBusiness != time.Hour {
		t.Errorf("Judge = %v late %v (business %v), want missed, 15h, 1h", st.State, st.Late, st.LateBusiness)
	}
	// The GB-ENG holiday set gives the same due instant.
	eng := officeHours(t, calendar.HolidaySets("GB-ENG"))
	d2, err := NewDeadline(DeadlineSpec{Calendar: eng, Within: calendar.Span{Unit: calendar.BusinessTime, Duration: 100 * time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	if got := d2.Due(march.End); !got.Equal(at("2026-04-16 18:00")) {
		t.Errorf("GB-ENG Due = %v, want 2026-04-16 18:00", got)
	}
}

func TestBusinessAvailability(t *testing.T) {
	// April 2026 has 22 weekdays: 220 h of service time. Down Fri 10 April
	// 17:00 to Sat 02:00: only 17:00-18:00 counts. Down all Sunday: none.
	// Attainment 219 / 220 = 99.545454545454…%.
	spec := AvailabilitySpec{Calendar: officeHours(t)}
	r, err := spec.Measure(april2026, []Downtime{down("2026-04-10 17:00", "2026-04-11 02:00"), down("2026-04-12 00:00", "2026-04-13 00:00")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := Availability{Period: april2026, Service: 220 * time.Hour, Down: time.Hour, Incidents: 1}
	if diff := cmp.Diff(want, r.Availability); diff != "" {
		t.Errorf("Measure mismatch (-want +got):\n%s", diff)
	}
	if pct, _ := r.Attainment(); !pct.Equal(dec("99.545454545454")) {
		t.Errorf("Attainment = %v, want 99.545454545454", pct)
	}
}

func TestBusinessClockMatchesReference(t *testing.T) {
	cal := officeHours(t)
	rapid.Check(t, func(t *rapid.T) {
		restart := Restart(rapid.IntRange(0, 2).Draw(t, "restart"))
		events := genEvents(t)
		gap := time.Duration(rapid.IntRange(0, 3000).Draw(t, "asOfGap")) * time.Minute
		checkAgainstRef(t, propSpec(restart, cal), events, gap)
	})
}

func TestBusinessDaysTarget(t *testing.T) {
	// A BusinessDays target is converted at the cycle start into the
	// business time up to AddSpan(start, span). Whatever AddSpan's rule,
	// the clock's target must equal that business time, and its due instant
	// that instant.
	cal := officeHours(t)
	spec := FullResolutionTime(cal, Target{Span: calendar.Span{Unit: calendar.BusinessDays, Days: 3}})
	c := MustClock(spec)
	start := at("2026-03-02 10:00")
	s, _ := run(t, c, []Event{ev(KindCreated, "2026-03-02 10:00")})
	end := cal.AddSpan(start, calendar.Span{Unit: calendar.BusinessDays, Days: 3})
	st := c.Status(s, start)
	if want := cal.Between(start, end); st.Target != want {
		t.Errorf("target = %v, want %v", st.Target, want)
	}
	if want := cal.Add(start, cal.Between(start, end)); !st.Due.Equal(want) {
		t.Errorf("due = %v, want %v", st.Due, want)
	}
}

func BenchmarkClockApplyBusiness(b *testing.B) {
	cal, err := calendar.Parse("Mon-Fri 08:00-18:00", time.UTC, calendar.HolidaySets("GB-ENG"))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("business", func(b *testing.B) { benchApply(b, cal, false) })
	b.Run("business/retarget", func(b *testing.B) { benchApply(b, cal, true) })
}

// daysSpec is propSpec with BusinessDays targets (1, 2 and 3 business days).
func daysSpec(restart Restart, cal *calendar.Calendar) ClockSpec {
	days := func(v string, n int) Target {
		return Target{Value: v, Span: calendar.Span{Unit: calendar.BusinessDays, Days: n}}
	}
	s := generic(restart, days("", 2), days("urgent", 1), days("low", 3))
	s.Calendar = cal
	s.Warnings = []Warning{{Percent: dec("75")}}
	return s
}

func TestBusinessDaysClockMatchesReference(t *testing.T) {
	cal := officeHours(t)
	rapid.Check(t, func(t *rapid.T) {
		restart := Restart(rapid.IntRange(0, 2).Draw(t, "restart"))
		events := genEvents(t)
		if rapid.Bool().Draw(t, "long") {
			events = genLongCycles(t) // cycles that reach the targets
		}
		gap := time.Duration(rapid.IntRange(0, 3000).Draw(t, "asOfGap")) * time.Minute
		checkAgainstRef(t, daysSpec(restart, cal), events, gap)
	})
}

// TestCrossedEveryTarget: a clock converts its BusinessDays targets lazily
// (by ascending Days, stopping at the first one not reached), yet the
// state records, for every target and not only the selected one, the
// instant elapsed time reached it. Checked against the reference after
// every event of random streams with targets listed out of Days order:
// when the clock is not running, Crossed[i] is set exactly when the cycle's
// elapsed time has reached target i, and then equals the reference's
// instant.
func TestCrossedEveryTarget(t *testing.T) {
	cal := officeHours(t)
	rapid.Check(t, func(t *rapid.T) {
		spec := daysSpec(Restart(rapid.IntRange(0, 2).Draw(t, "restart")), cal)
		c := MustClock(spec)
		ref := newRef(spec)
		var s ClockState
		for _, e := range genLongCycles(t) {
			if _, err := c.Apply(&s, &e); err != nil {
				t.Fatalf("Apply(%s at %v): %v", e.Kind, e.At, err)
			}
			ref.apply(e)
			if len(ref.cycles) == 0 || s.Phase == Running {
				continue
			}
			start := ref.cur().start
			elapsed := ref.elapsed(e.At)
			for i := range spec.Targets {
				T := ref.limit(i, start)
				got := s.Crossed[i] != 0
				if want := elapsed >= T; got != want {
					t.Fatalf("after %s at %v: target %d (%v) crossed = %v, want %v (elapsed %v)", e.Kind, e.At, i, T, got, want, elapsed)
				}
				if got {
					if want := ref.reached(T, e.At); s.Crossed[i] != want.UnixNano() {
						t.Fatalf("after %s at %v: target %d crossed at %v, want %v", e.Kind, e.At, i, time.Unix(0, s.Crossed[i]), want)
					}
				}
			}
		}
	})
}

// genLongCycles draws a time-ordered stream like genEvents whose cycles
// last long enough to reach business-day targets: stops and resets are
// rare, gaps up to ten hours.
func genLongCycles(t *rapid.T) []Event {
	n := rapid.IntRange(0, 60).Draw(t, "n")
	kinds := []string{"start", "pause", "resume", "pause", "resume", "note", "stop", "reset"}
	at := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	events := make([]Event, 0, n)
	for i := 0; i < n; i++ {
		at = at.Add(time.Duration(rapid.IntRange(0, 600).Draw(t, "gap")) * time.Minute)
		k := kinds[rapid.IntRange(0, 5).Draw(t, "kind")]
		if rapid.IntRange(0, 15).Draw(t, "rare") == 0 {
			k = kinds[rapid.IntRange(6, 7).Draw(t, "end")]
		}
		e := Event{Kind: k, At: at}
		if p := rapid.SampledFrom([]string{"", "", "urgent", "low"}).Draw(t, "prio"); p != "" {
			e.Attrs = []Attr{{Key: "priority", Value: p}}
		}
		events = append(events, e)
	}
	return events
}

// TestNextCacheChangesNothing: ClockState.Next only saves conversions. A
// state whose Next is dropped before every event (as after restoring a
// snapshot without it) gives the same steps and status as one that keeps
// it.
func TestNextCacheChangesNothing(t *testing.T) {
	cal := officeHours(t)
	rapid.Check(t, func(t *rapid.T) {
		c := MustClock(daysSpec(Restart(rapid.IntRange(0, 2).Draw(t, "restart")), cal))
		var kept, dropped ClockState
		for _, e := range genEvents(t) {
			dropped.Next = 0
			s1, err1 := c.Apply(&kept, &e)
			s2, err2 := c.Apply(&dropped, &e)
			if (err1 == nil) != (err2 == nil) {
				t.Fatalf("Apply(%s at %v) errors %v, %v", e.Kind, e.At, err1, err2)
			}
			if diff := cmp.Diff(s2, s1); diff != "" {
				t.Fatalf("Apply(%s at %v) step with Next kept differs (-dropped +kept):\n%s", e.Kind, e.At, diff)
			}
			asOf := e.At.Add(90 * time.Minute)
			if diff := cmp.Diff(c.Status(dropped, asOf), c.Status(kept, asOf)); diff != "" {
				t.Fatalf("Status after %s at %v differs (-dropped +kept):\n%s", e.Kind, e.At, diff)
			}
			k, d := kept, dropped
			k.Next, d.Next = 0, 0
			if diff := cmp.Diff(d, k); diff != "" {
				t.Fatalf("state after %s at %v differs beyond Next (-dropped +kept):\n%s", e.Kind, e.At, diff)
			}
		}
	})
}

// TestAdvanceMatchesApply: Advance leaves the same state as Apply, with
// the same effect and the same error, on every event of random streams
// (business-days targets, strict or not, every restart rule); out-of-order
// events are included by shuffling a few instants backwards.
func TestAdvanceMatchesApply(t *testing.T) {
	cal := officeHours(t)
	rapid.Check(t, func(t *rapid.T) {
		spec := daysSpec(Restart(rapid.IntRange(0, 2).Draw(t, "restart")), cal)
		spec.Strict = rapid.Bool().Draw(t, "strict")
		c := MustClock(spec)
		var applied, advanced ClockState
		for i, e := range genEvents(t) {
			if rapid.IntRange(0, 9).Draw(t, "late") == 0 {
				e.At = e.At.Add(-time.Duration(rapid.IntRange(1, 600).Draw(t, "back")) * time.Minute)
			}
			step, err1 := c.Apply(&applied, &e)
			effect, err2 := c.Advance(&advanced, &e)
			if fmt.Sprint(err1) != fmt.Sprint(err2) {
				t.Fatalf("event %d (%s at %v): Apply error %v, Advance error %v", i, e.Kind, e.At, err1, err2)
			}
			if effect != step.Effect {
				t.Fatalf("event %d (%s at %v): Advance effect = %v, want %v (Apply's)", i, e.Kind, e.At, effect, step.Effect)
			}
			if diff := cmp.Diff(applied, advanced); diff != "" {
				t.Fatalf("event %d (%s at %v): state after Advance differs from Apply's (-Apply +Advance):\n%s", i, e.Kind, e.At, diff)
			}
		}
	})
}

// TestBusinessDaysFromClosedTime: business days counted from an instant in
// closed hours start with the next opening (calendar's same-time rule), on
// Mon-Fri 09:00-17:00 Europe/London (GMT in early March 2026).
func TestBusinessDaysFromClosedTime(t *testing.T) {
	lon, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	cal := calendar.MustParse("Mon-Fri 09:00-17:00", lon)
	lt := func(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, lon) }

	// "Within 10 business days after month end" for February: anchored at
	// Sun 1 Mar 00:00; the 10 business days are Mon 2 ... Fri 13 inclusive,
	// so it is due at the end of Fri 13 (17:00), and a report sent Fri 13
	// 12:00 is met (the old rule gave Fri 13 09:00: missed).
	d, err := NewDeadline(DeadlineSpec{Calendar: cal, Within: calendar.Span{Unit: calendar.BusinessDays, Days: 10}})
	if err != nil {
		t.Fatal(err)
	}
	got := d.Judge(lt(1, 0, 0), lt(13, 12, 0), lt(20, 0, 0))
	if got.State != DeadlineMet || !got.Due.Equal(lt(13, 17, 0)) {
		t.Errorf("Judge(Sun 1 Mar 00:00, done Fri 13 Mar 12:00) = %v due %v, want %v due %v", got.State, got.Due, DeadlineMet, lt(13, 17, 0))
	}

	// A ticket created Sat 7 Mar 10:00 with a 1-business-day resolution
	// target: the target is Monday's 8 business hours (not zero), due Mon
	// 9 Mar 17:00.
	c := MustClock(FullResolutionTime(cal, Target{Span: calendar.Span{Unit: calendar.BusinessDays, Days: 1}}))
	var s ClockState
	if _, err := c.Apply(&s, &Event{Kind: KindCreated, At: lt(7, 10, 0)}); err != nil {
		t.Fatal(err)
	}
	st := c.Status(s, lt(7, 10, 0))
	if st.Target != 8*time.Hour || !st.Due.Equal(lt(9, 17, 0)) {
		t.Errorf("Status after Sat 10:00 creation: target %v due %v, want 8h0m0s due %v", st.Target, st.Due, lt(9, 17, 0))
	}
}
