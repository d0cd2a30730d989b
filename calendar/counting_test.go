package calendar

import (
	"testing"
	"time"

	"github.com/rickb777/date/v2/clock"
)

// TestCountingBusinessDays pins the counting rule of DESIGN.md ("Counting
// business days") for every kind of anchor: "by the end of the Nth business
// day after" an anchor counts the business days that begin at or after the
// anchor; day 1 is the first of them. Every instant is counted by hand on
// the England office calendar (Mon-Fri 09:00-17:30 Europe/London, BST in
// May 2026) with the published England bank holidays
// (https://www.gov.uk/bank-holidays): Mon 4 May (early May) and Mon 25 May
// (spring) 2026. Fri 1 May 2026 is a business day.
func TestCountingBusinessDays(t *testing.T) {
	eng := englandOffice(t)
	lon := eng.Location()
	at := func(m time.Month, dd, h, mi int) time.Time { return time.Date(2026, m, dd, h, mi, 0, 0, lon) }
	end := func(n int) Span { return Span{Unit: BusinessDaysEnd, Days: n} }
	days := func(n int) Span { return Span{Unit: BusinessDays, Days: n} }
	tests := []struct {
		name   string
		anchor time.Time
		span   Span
		want   time.Time
		reason string
	}{
		{"inside hours: end of day 1", at(5, 21, 10, 0), end(1), at(5, 22, 17, 30),
			"Thu 21 May 10:00: Thursday has begun, so day 1 is Fri 22"},
		{"inside hours: same time 1 day later", at(5, 21, 10, 0), days(1), at(5, 22, 10, 0),
			"one day's open time from Thu 10:00 ends Fri 10:00, inside day 1"},
		{"before the opening: end of day 1", at(5, 21, 6, 0), end(1), at(5, 21, 17, 30),
			"Thu 06:00, before 09:00: Thursday begins later, so it is day 1"},
		{"before the opening: end of day 2", at(5, 21, 6, 0), end(2), at(5, 22, 17, 30),
			"Thu 21 (1), Fri 22 (2)"},
		{"before the opening: 1 business day", at(5, 21, 6, 0), days(1), at(5, 21, 17, 30),
			"day 1 is Thursday, so its open time ends with it"},
		{"before the opening: end of the business day", at(5, 21, 6, 0), end(0), at(5, 21, 17, 30),
			"P0D is the end of the business day, the one about to begin"},
		{"at the opening instant", at(5, 21, 9, 0), end(1), at(5, 21, 17, 30),
			"Thursday begins at the anchor, at or after it: day 1"},
		{"after the close", at(5, 21, 18, 0), end(1), at(5, 22, 17, 30),
			"Thu 18:00: Friday is the first day to begin after it"},
		{"weekend before a bank holiday", at(5, 23, 10, 0), end(1), at(5, 26, 17, 30),
			"Sat 23 May: Sun 24, Mon 25 (spring bank holiday) skipped, day 1 is Tue 26"},
		{"weekend: 1 business day", at(5, 23, 10, 0), days(1), at(5, 26, 17, 30),
			"the same day 1 for businessDays: Tue 26 17:30"},
		{"on a bank holiday", at(5, 25, 12, 0), end(2), at(5, 27, 17, 30),
			"Mon 25 May is closed: Tue 26 (1), Wed 27 (2)"},
		{"period end, 5 days", at(5, 1, 0, 0), end(5), at(5, 8, 17, 30),
			"April's end is Fri 1 May 00:00: Fri 1 (1), Mon 4 bank holiday, Tue 5 (2), Wed 6 (3), Thu 7 (4), Fri 8 (5)"},
		{"period end, 10 days", at(5, 1, 0, 0), end(10), at(5, 15, 17, 30),
			"Fri 8 (5), Mon 11 (6), Tue 12 (7), Wed 13 (8), Thu 14 (9), Fri 15 (10)"},
		{"period end, 5 business days", at(5, 1, 0, 0), days(5), at(5, 8, 17, 30),
			"businessDays starts counting on the same day 1 and ends with day 5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := eng.AddSpan(tt.anchor, tt.span); !got.Equal(tt.want) {
				t.Errorf("AddSpan(%v, %v) = %v, want %v (%s)", tt.anchor, tt.span, got, tt.want, tt.reason)
			}
		})
	}
}

// TestCountingBreak: an anchor in a midday break of a business day that has
// begun does not count that day. On "Mon-Fri 09:00-12:00,13:00-17:00"
// (UTC), Monday 12:30 is closed, but Monday began at 09:00, before it: day
// 1 is Tuesday, ending 17:00; one business day (7 h of open time: 4 h on
// Monday afternoon, 3 h on Tuesday morning) ends Tuesday 12:00.
func TestCountingBreak(t *testing.T) {
	c := MustParse("Mon-Fri 09:00-12:00,13:00-17:00", time.UTC)
	anchor := time.Date(2026, 5, 18, 12, 30, 0, 0, time.UTC) // Monday
	if got, want := c.AddSpan(anchor, Span{Unit: BusinessDaysEnd, Days: 1}), time.Date(2026, 5, 19, 17, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("AddSpan(Mon 12:30, P1D businessDaysEnd) = %v, want %v", got, want)
	}
	if got, want := c.AddSpan(anchor, Span{Unit: BusinessDays, Days: 1}), time.Date(2026, 5, 19, 12, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("AddSpan(Mon 12:30, P1D businessDays) = %v, want %v", got, want)
	}
}

// TestCountingDayOneAcrossUnevenDays: businessDays and businessDaysEnd agree
// about day 1 even when the days open at different hours. On "Mon-Fri
// 09:00-17:00; Sat 10:00-14:00" (UTC), Friday 18:00 is before Saturday,
// day 1: one business day's open time is Saturday's, ending 14:00 (the
// same-time rule alone would give Monday 10:00, in day 2).
func TestCountingDayOneAcrossUnevenDays(t *testing.T) {
	c := MustParse("Mon-Fri 09:00-17:00; Sat 10:00-14:00", time.UTC)
	fri := time.Date(2026, 5, 22, 18, 0, 0, 0, time.UTC)
	sat := time.Date(2026, 5, 23, 14, 0, 0, 0, time.UTC)
	for _, s := range []Span{{Unit: BusinessDays, Days: 1}, {Unit: BusinessDaysEnd, Days: 1}} {
		if got := c.AddSpan(fri, s); !got.Equal(sat) {
			t.Errorf("AddSpan(Fri 18:00, %v) = %v, want %v", s, got, sat)
		}
	}
}

// TestDeadlineRulesAgainstCounting: the relative deadlines against the
// counting rule, on the England office calendar.
//   - "dayEnd N" is businessDaysEnd N: from Thu 21 May 06:00 "dayEnd 1" is
//     Thu 21 17:30, as above.
//   - "monthDayEnd N" from an anchor in April is businessDaysEnd N from
//     April's end (Fri 1 May 00:00): "monthDayEnd 5" is Fri 8 May 17:30.
//   - "dayAt N" names a date, counted from the anchor's local date whether
//     or not its business day has begun ("the next business day at
//     16:00"): from Thu 21 May 06:00, "dayAt 1 16:00" is Fri 22 16:00, not
//     Thursday; this is the one rule that differs, by design.
func TestDeadlineRulesAgainstCounting(t *testing.T) {
	eng := englandOffice(t)
	lon := eng.Location()
	at := func(m time.Month, dd, h, mi int) time.Time { return time.Date(2026, m, dd, h, mi, 0, 0, lon) }
	tests := []struct {
		name   string
		dl     Deadline
		anchor time.Time
		want   time.Time
	}{
		{"dayEnd 1 before the opening", Deadline{Rule: DayEnd, N: 1}, at(5, 21, 6, 0), at(5, 21, 17, 30)},
		{"dayEnd 1 inside hours", Deadline{Rule: DayEnd, N: 1}, at(5, 21, 10, 0), at(5, 22, 17, 30)},
		{"monthDayEnd 5 from April", Deadline{Rule: MonthDayEnd, N: 5}, at(4, 20, 11, 0), at(5, 8, 17, 30)},
		{"dayAt 1 counts from the anchor's date", Deadline{Rule: DayAt, N: 1, At: clock.New(16, 0, 0, 0)}, at(5, 21, 6, 0), at(5, 22, 16, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.dl.Resolve(eng, tt.anchor)
			if err != nil || !got.Equal(tt.want) {
				t.Errorf("%v.Resolve(%v) = %v, %v, want %v", tt.dl, tt.anchor, got, err, tt.want)
			}
		})
	}
	// monthDayEnd N from any instant of a month is businessDaysEnd N from
	// the month's end
	for n := 1; n <= 15; n++ {
		md, err := Deadline{Rule: MonthDayEnd, N: n}.Resolve(eng, at(4, 20, 11, 0))
		if be := eng.AddSpan(at(5, 1, 0, 0), Span{Unit: BusinessDaysEnd, Days: n}); err != nil || !md.Equal(be) {
			t.Errorf("monthDayEnd %d from April = %v, %v; businessDaysEnd %d from 1 May 00:00 = %v", n, md, err, n, be)
		}
	}
}
