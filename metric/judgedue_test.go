package metric

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/slaeval/slaeval/calendar"
)

// TestJudgeDueClosedHoursAfterDue is issue 15's case, on a Mon-Fri
// 08:00-16:00 calendar in UTC (2026-03-04 is a Wednesday). A deadline of 4
// business hours anchored Wed 12:00 is due Wed 16:00, the closing. DESIGN.md
// ("Clocks"): a stop in closed hours right after the due instant, before
// the next opening, is met, so the deadline done at Wed 20:30 is met, with
// nothing late (before: missed, Late 4h30m, LateBusiness 0). Done at the
// next opening, Thu 08:00, no open time lies in [16:00, 08:00): met. Done
// at Thu 09:00: one business hour late; 17 h of wall time after due.
func TestJudgeDueClosedHoursAfterDue(t *testing.T) {
	cal, err := calendar.Parse("Mon-Fri 08:00-16:00", time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	d, err := NewDeadline(DeadlineSpec{Calendar: cal, Within: calendar.Span{Unit: calendar.BusinessTime, Duration: 4 * time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	anchor, due := at("2026-03-04 12:00"), at("2026-03-04 16:00")
	tests := []struct {
		name       string
		done, asOf time.Time
		want       DeadlineStatus
	}{
		{"done in closed hours after due", at("2026-03-04 20:30"), at("2026-03-05 12:00"),
			DeadlineStatus{State: DeadlineMet, Anchor: anchor, Due: due, Done: at("2026-03-04 20:30")}},
		{"done at the next opening", at("2026-03-05 08:00"), at("2026-03-05 12:00"),
			DeadlineStatus{State: DeadlineMet, Anchor: anchor, Due: due, Done: at("2026-03-05 08:00")}},
		{"done an hour into the next day", at("2026-03-05 09:00"), at("2026-03-05 12:00"),
			DeadlineStatus{State: DeadlineMissed, Anchor: anchor, Due: due, Done: at("2026-03-05 09:00"), Late: 17 * time.Hour, LateBusiness: time.Hour}},
		{"not done, judged in closed hours", time.Time{}, at("2026-03-04 23:00"),
			DeadlineStatus{State: DeadlinePending, Anchor: anchor, Due: due}},
		{"not done, judged at the opening", time.Time{}, at("2026-03-05 08:00"),
			DeadlineStatus{State: DeadlinePending, Anchor: anchor, Due: due}},
		{"not done, judged 1 ns after the opening", time.Time{}, at("2026-03-05 08:00").Add(1),
			DeadlineStatus{State: DeadlineMissed, Anchor: anchor, Due: due, Late: 16*time.Hour + 1, LateBusiness: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, d.Judge(anchor, tt.done, tt.asOf)); diff != "" {
				t.Errorf("Judge(%v, %v, %v) mismatch (-want +got):\n%s", anchor, tt.done, tt.asOf, diff)
			}
		})
	}
	// The state flips 1 ns after the next opening, the instant a clock's
	// NextChange reports for the same target (TestBusinessReplyInClosedHoursAfterDue).
	if got, want := MissedFrom(cal, true, due), at("2026-03-05 08:00").Add(1); !got.Equal(want) {
		t.Errorf("MissedFrom(business, %v) = %v, want %v", due, got, want)
	}
	if got, want := MissedFrom(cal, false, due), due.Add(1); !got.Equal(want) {
		t.Errorf("MissedFrom(wall, %v) = %v, want %v", due, got, want)
	}
	// A wall-time target due at the same instant is late in closed hours:
	// 20:30 is 4h30m of wall time after 16:00, none of it open.
	w, err := NewDeadline(DeadlineSpec{Calendar: cal, Within: calendar.Span{Unit: calendar.WallTime, Duration: 4 * time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	want := DeadlineStatus{State: DeadlineMissed, Anchor: anchor, Due: due, Done: at("2026-03-04 20:30"), Late: 4*time.Hour + 30*time.Minute}
	if diff := cmp.Diff(want, w.Judge(anchor, at("2026-03-04 20:30"), at("2026-03-05 12:00"))); diff != "" {
		t.Errorf("wall-time Judge mismatch (-want +got):\n%s", diff)
	}
}

// TestPropJudgeDueMatchesClock: one rule for clocks and deadlines. A clock
// with a business-time target, started at the anchor and stopped at done
// with no pause, and a deadline with the same target on the same calendar
// give the same verdict, the deadline's Due is the clock's breach instant,
// and the lateness on the calendar (LateBusiness) is elapsed − target.
func TestPropJudgeDueMatchesClock(t *testing.T) {
	cal := officeHours(t)
	rapid.Check(t, func(t *rapid.T) {
		target := time.Duration(rapid.IntRange(1, 40*4).Draw(t, "quarters")) * 15 * time.Minute
		anchor := at("2026-03-02 00:00").Add(time.Duration(rapid.IntRange(0, 7*24*4).Draw(t, "a")) * 15 * time.Minute)
		done := anchor.Add(time.Duration(rapid.Int64Range(1, 10*24*3600).Draw(t, "d")) * time.Second)
		c := MustClock(FirstReplyTime(cal, wallTarget("", target)))
		var s ClockState
		if _, err := c.Apply(&s, &Event{Kind: KindCreated, At: anchor}); err != nil {
			t.Fatal(err)
		}
		step, err := c.Apply(&s, &Event{Kind: KindComment, At: done, Attrs: []Attr{{Key: AttrPublic, Value: "true"}, {Key: AttrAuthor, Value: AuthorAgent}}})
		if err != nil || !step.Closed {
			t.Fatalf("stop at %v: step %+v, %v", done, step, err)
		}
		r := step.Result
		d, err := NewDeadline(DeadlineSpec{Calendar: cal, Within: calendar.Span{Unit: calendar.BusinessTime, Duration: target}})
		if err != nil {
			t.Fatal(err)
		}
		st := d.Judge(anchor, done, done)
		if (r.State == Breached) != (st.State == DeadlineMissed) {
			t.Fatalf("clock %v (elapsed %v, target %v), deadline %v (due %v, done %v)", r.State, r.Elapsed, r.Target, st.State, st.Due, done)
		}
		if r.State == Breached && (!r.BreachAt.Equal(st.Due) || r.Elapsed-r.Target != st.LateBusiness) {
			t.Fatalf("clock breach at %v late %v; deadline due %v late %v", r.BreachAt, r.Elapsed-r.Target, st.Due, st.LateBusiness)
		}
	})
}
