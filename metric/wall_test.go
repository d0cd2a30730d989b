package metric

import (
	"errors"
	"testing"
	"time"

	"github.com/rickb777/period"

	"github.com/slaeval/slaeval/calendar"
)

func TestWallTargetCalendarDays(t *testing.T) {
	// "Resolved within 1 day" (P1D) in Europe/London. A ticket created
	// Saturday 28 March 2026 12:00 GMT is due Sunday 29 March 12:00 BST:
	// clocks went forward at 01:00 GMT, so the day is 23 h long.
	london := mustLoad(t, "Europe/London")
	spec := FullResolutionTime(nil, Target{Wall: period.MustParse("P1D")})
	spec.Zone = london
	c := MustClock(spec)
	s, _ := run(t, c, []Event{ev(KindCreated, "2026-03-28 12:00")})
	st := c.Status(s, at("2026-03-28 13:00"))
	if st.Target != 23*time.Hour || !st.Due.Equal(at("2026-03-29 11:00")) {
		t.Errorf("target %v due %v, want 23h due 2026-03-29 11:00 UTC", st.Target, st.Due)
	}
	// A wall target ignores the business calendar: elapsed is 24×7.
	spec.Calendar = officeHours(t)
	c = MustClock(spec)
	s, _ = run(t, c, []Event{ev(KindCreated, "2026-03-28 12:00")})
	if st := c.Status(s, at("2026-03-28 14:00")); st.Elapsed != 2*time.Hour {
		t.Errorf("elapsed on Saturday = %v, want 2h", st.Elapsed)
	}
}

func TestWallDeadline(t *testing.T) {
	// An invoice issued 15 March 2026 00:00 GMT, to be paid within 30 days
	// (P30D) in London: due 14 April 00:00 BST = 13 April 23:00 UTC, 719 h
	// after issue.
	london := mustLoad(t, "Europe/London")
	d, err := NewDeadline(DeadlineSpec{Wall: period.MustParse("P30D"), Zone: london})
	if err != nil {
		t.Fatal(err)
	}
	issued := at("2026-03-15 00:00")
	if got := d.Due(issued); !got.Equal(at("2026-04-13 23:00")) {
		t.Errorf("Due = %v, want 2026-04-13 23:00 UTC", got)
	}
	// P1M from 31 January: the month-end rule (DESIGN.md, "Periods") gives
	// the last day of February 2026, the 28th (time.AddDate would give 3
	// March); P6M from 31 December 2025 gives 30 June 2026 (June has 30
	// days; AddDate: 1 July).
	d, err = NewDeadline(DeadlineSpec{Wall: period.MustParse("P1M")})
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Due(at("2026-01-31")); !got.Equal(at("2026-02-28")) {
		t.Errorf("Due(Jan 31 + P1M) = %v, want 2026-02-28", got)
	}
	d, err = NewDeadline(DeadlineSpec{Wall: period.MustParse("P6M")})
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Due(at("2025-12-31")); !got.Equal(at("2026-06-30")) {
		t.Errorf("Due(Dec 31 + P6M) = %v, want 2026-06-30", got)
	}
	for _, bad := range []DeadlineSpec{
		{Wall: period.MustParse("P1000000Y")},
		{Wall: period.MustParse("P1.5D")},
		{Wall: period.MustParse("-P1D")},
		{Wall: period.MustParse("P1D"), Within: calendar.Span{Unit: calendar.BusinessTime, Duration: time.Hour}},
	} {
		if _, err := NewDeadline(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("NewDeadline(%v) error = %v, want ErrInvalid", bad.Wall, err)
		}
	}
	if _, err := NewClock(FullResolutionTime(nil, Target{Wall: period.MustParse("PT4H")}, Target{Value: "x", Span: calendar.Span{Unit: calendar.BusinessTime, Duration: time.Hour}})); !errors.Is(err, ErrInvalid) {
		t.Errorf("mixed wall and business targets: error = %v, want ErrInvalid", err)
	}
}
