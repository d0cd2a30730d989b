package calendar

import (
	"errors"
	"testing"
	"time"

	"github.com/rickb777/date/v2/clock"
	"pgregory.net/rapid"
)

func TestDeadlineResolve(t *testing.T) {
	eng := englandOffice(t) // Mon-Fri 09:00-17:30 London, GB-ENG bank holidays
	lon := eng.Location()
	at := func(y int, m time.Month, dd, h, mi int) time.Time { return time.Date(y, m, dd, h, mi, 0, 0, lon) }
	h := func(hh, mm int) clock.Clock { return clock.New(hh, mm, 0, 0) }
	tests := []struct {
		name    string
		dl      Deadline
		anchor  time.Time
		want    time.Time
		wantErr error
		reason  string
	}{
		{"next business day 16:00 from a Friday evening before the spring bank holiday", Deadline{DayAt, 1, h(16, 0)}, at(2026, 5, 22, 18, 0), at(2026, 5, 26, 16, 0), nil,
			"Sat 23, Sun 24 weekend; Mon 25 May bank holiday; so Tue 26 May 16:00 BST"},
		{"next business day 16:00 before the summer bank holiday", Deadline{DayAt, 1, h(16, 0)}, at(2026, 8, 28, 19, 45), at(2026, 9, 1, 16, 0), nil,
			"Mon 31 Aug 2026 is the summer bank holiday"},
		{"next business day at 08:00 is clamped to the opening", Deadline{DayAt, 1, h(8, 0)}, at(2026, 5, 21, 10, 0), at(2026, 5, 22, 9, 0), nil, "08:00 is before 09:00"},
		{"end of business day during the day", Deadline{DayEnd, 0, 0}, at(2026, 5, 21, 10, 0), at(2026, 5, 21, 17, 30), nil, "Thu closes 17:30"},
		{"end of business day after closing on Friday", Deadline{DayEnd, 0, 0}, at(2026, 5, 22, 18, 0), at(2026, 5, 26, 17, 30), nil, "next business day is Tue 26"},
		{"end of the 2nd business day", Deadline{DayEnd, 2, 0}, at(2026, 5, 21, 10, 0), at(2026, 5, 26, 17, 30), nil, "Thu 21 is day 0; Fri 22 (1), Tue 26 (2)"},
		{"3rd business day of next month at 09:30", Deadline{MonthDayAt, 3, h(9, 30)}, at(2026, 12, 15, 12, 0), at(2027, 1, 6, 9, 30), nil,
			"Fri 1 Jan 2027 holiday; Mon 4 (1), Tue 5 (2), Wed 6 (3); GMT"},
		{"end of the 1st business day of next month", Deadline{MonthDayEnd, 1, 0}, at(2026, 11, 20, 12, 0), at(2026, 12, 1, 17, 30), nil, "Tue 1 Dec 2026"},
		{"end of the 21st business day of December 2026", Deadline{MonthDayEnd, 21, 0}, at(2026, 11, 2, 12, 0), at(2026, 12, 31, 17, 30), nil,
			"23 weekdays in Dec 2026 minus 25 and 28 Dec = 21, the last is Thu 31"},
		{"December 2026 has no 22nd business day", Deadline{MonthDayEnd, 22, 0}, at(2026, 11, 2, 12, 0), time.Time{}, ErrNoBusinessDay, "21 business days"},
		{"zero deadline", Deadline{}, at(2026, 5, 21, 10, 0), time.Time{}, ErrInvalidDeadline, "no rule"},
		{"negative N", Deadline{DayEnd, -1, 0}, at(2026, 5, 21, 10, 0), time.Time{}, ErrInvalidDeadline, "N < 0"},
		{"month rule counts from 1", Deadline{MonthDayAt, 0, h(9, 0)}, at(2026, 5, 21, 10, 0), time.Time{}, ErrInvalidDeadline, "N == 0"},
		{"At of 24:00", Deadline{DayAt, 1, clock.Day}, at(2026, 5, 21, 10, 0), time.Time{}, ErrInvalidDeadline, "At >= 24:00"},
		{"At on dayEnd", Deadline{DayEnd, 1, h(9, 0)}, at(2026, 5, 21, 10, 0), time.Time{}, ErrInvalidDeadline, "At only for the At rules"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.dl.Resolve(eng, tt.anchor)
			if !errors.Is(err, tt.wantErr) || !got.Equal(tt.want) {
				t.Errorf("%v.Resolve(%v) = %v, %v, want %v, %v (%s)", tt.dl, tt.anchor, got, err, tt.want, tt.wantErr, tt.reason)
			}
		})
	}
	if _, err := (Deadline{DayAt, 1, 0}).Resolve(Union(), at(2026, 5, 21, 10, 0)); !errors.Is(err, ErrNoBusinessDay) {
		t.Errorf("Resolve on a never-open calendar: err = %v, want ErrNoBusinessDay", err)
	}
}

func TestDeadlineResolvePaused(t *testing.T) {
	eng := englandOffice(t)
	lon := eng.Location()
	at := func(m time.Month, dd, h, mi int) time.Time { return time.Date(2026, m, dd, h, mi, 0, 0, lon) }
	iv := func(a, b time.Time) Interval { return Interval{a, b} }
	next1600 := Deadline{DayAt, 1, clock.New(16, 0, 0, 0)}
	anchor := at(5, 22, 18, 0) // Fri; unpaused deadline Tue 26 May 16:00
	tests := []struct {
		name   string
		pauses []Interval
		want   time.Time
		reason string
	}{
		{"no pauses", nil, at(5, 26, 16, 0), "the plain deadline"},
		{"1h30 paused on Tuesday morning", []Interval{iv(at(5, 26, 10, 0), at(5, 26, 11, 30))}, at(5, 26, 17, 30),
			"16:00 + 1h30 of business time = 17:30, the closing instant"},
		{"2h paused runs into Wednesday", []Interval{iv(at(5, 26, 10, 0), at(5, 26, 12, 0))}, at(5, 27, 9, 30),
			"16:00 + 2h: 1h30 to 17:30, 30 min from Wed 09:00"},
		{"pause over the weekend and the bank holiday", []Interval{iv(at(5, 23, 10, 0), at(5, 25, 23, 0))}, at(5, 26, 16, 0),
			"no business time paused"},
		{"pause after the deadline", []Interval{iv(at(5, 26, 17, 0), at(5, 26, 18, 0))}, at(5, 26, 16, 0),
			"it begins after 16:00, when the deadline has passed"},
		{"pause from before the anchor is clipped to it", []Interval{iv(at(5, 22, 17, 0), at(5, 26, 9, 30))}, at(5, 26, 16, 30),
			"[Fri 18:00, Tue 09:30) holds 30 min of business time (Tue 09:00-09:30)"},
		{"pause across the deadline", []Interval{iv(at(5, 26, 15, 0), at(5, 27, 10, 0))}, at(5, 27, 11, 0),
			"1h was left at 15:00; it resumes at Wed 10:00"},
		{"overlapping pauses in any order are merged", []Interval{iv(at(5, 26, 10, 30), at(5, 26, 11, 30)), iv(at(5, 26, 10, 0), at(5, 26, 11, 0))}, at(5, 26, 17, 30),
			"[10:00, 11:30) is 1h30 once, not 2h"},
		{"a second pause after the original deadline but before the moved one", []Interval{iv(at(5, 26, 10, 0), at(5, 26, 12, 0)), iv(at(5, 26, 17, 0), at(5, 26, 17, 30))}, at(5, 27, 10, 0),
			"first pause moves it to Wed 09:30; at Tue 17:00 1h is left (17:00-17:30, 09:00-09:30), resumed at 17:30 (closing) it ends Wed 10:00"},
		{"empty pause", []Interval{iv(at(5, 26, 10, 0), at(5, 26, 10, 0))}, at(5, 26, 16, 0), "zero length"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := next1600.ResolvePaused(eng, anchor, tt.pauses)
			if err != nil || !got.Equal(tt.want) {
				t.Errorf("ResolvePaused(%v, %v) = %v, %v, want %v (%s)", anchor, tt.pauses, got, err, tt.want, tt.reason)
			}
		})
	}
	_, err := next1600.ResolvePaused(eng, anchor, []Interval{iv(at(5, 26, 11, 0), at(5, 26, 10, 0))})
	if !errors.Is(err, ErrInvalidPause) {
		t.Errorf("ResolvePaused with a pause ending before it starts: err = %v, want ErrInvalidPause", err)
	}
}

// slowPaused is the definition: walking minute by minute from the anchor,
// the deadline is the end of the minute in which the open, unpaused time
// reaches the business time between anchor and the unpaused deadline.
func slowPaused(c *Calendar, anchor, dl time.Time, pauses []Interval) (time.Time, bool) {
	r := c.Between(anchor, dl)
	if r <= 0 {
		return dl, true
	}
	paused := func(x time.Time) bool {
		for _, p := range pauses {
			if !x.Before(p.Start) && x.Before(p.End) {
				return true
			}
		}
		return false
	}
	var got time.Duration
	for x := anchor; x.Before(anchor.AddDate(0, 0, 120)); x = x.Add(time.Minute) {
		if c.IsOpen(x) && !paused(x) {
			got += time.Minute
			if got == r {
				return x.Add(time.Minute), true
			}
		}
	}
	return time.Time{}, false
}

func TestPropResolvePaused(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c, _, base := genCase(t)
		anchor := base.Truncate(time.Minute).Add(time.Duration(rapid.IntRange(0, 3*96).Draw(t, "anchorQ")) * 15 * time.Minute)
		dl := Deadline{Rule: DayEnd, N: rapid.IntRange(0, 2).Draw(t, "n")}
		want0, err := dl.Resolve(c, anchor)
		if err != nil {
			t.Fatalf("Resolve: %v", err)
		}
		var pauses []Interval
		for range rapid.IntRange(0, 4).Draw(t, "pauses") {
			s := anchor.Add(time.Duration(rapid.IntRange(-96, 8*96).Draw(t, "pauseQ")) * 15 * time.Minute)
			e := s.Add(time.Duration(rapid.IntRange(0, 3*96).Draw(t, "pauseLen")) * 15 * time.Minute)
			pauses = append(pauses, Interval{s, e})
		}
		got, err := dl.ResolvePaused(c, anchor, pauses)
		if err != nil {
			t.Fatalf("ResolvePaused: %v", err)
		}
		want, ok := slowPaused(c, anchor, want0, pauses)
		if !ok {
			return // beyond the reference's 120-day walk: nothing to compare
		}
		if !got.Equal(want) {
			t.Fatalf("ResolvePaused(%v, %v) = %v, want %v (unpaused %v; hours %q in %v)", anchor, pauses, got, want, want0, c, c.Location())
		}
	})
}

func TestParseDeadline(t *testing.T) {
	tests := []struct {
		in      string
		want    Deadline
		wantErr error
	}{
		{"dayAt 1 16:00", Deadline{DayAt, 1, clock.New(16, 0, 0, 0)}, nil},
		{"dayAt 0 9:05:30", Deadline{DayAt, 0, clock.New(9, 5, 30, 0)}, nil},
		{"dayEnd 0", Deadline{DayEnd, 0, 0}, nil},
		{"monthDayAt 5 09:30", Deadline{MonthDayAt, 5, clock.New(9, 30, 0, 0)}, nil},
		{"monthDayEnd 10", Deadline{MonthDayEnd, 10, 0}, nil},
		{"dayEnd", Deadline{}, ErrSyntax},
		{"dayEnd 1 16:00", Deadline{}, ErrSyntax},
		{"dayAt 1", Deadline{}, ErrSyntax},
		{"dayAt -1 16:00", Deadline{}, ErrSyntax},
		{"dayAt +1 16:00", Deadline{}, ErrSyntax},
		{"dayAt 1 25:00", Deadline{}, ErrRange},
		{"dayAt 1 24:00", Deadline{}, ErrInvalidDeadline},
		{"monthDayEnd 0", Deadline{}, ErrInvalidDeadline},
		{"dayEnd 99999999", Deadline{}, ErrInvalidDeadline},
		{"weekEnd 1", Deadline{}, ErrSyntax},
		{"", Deadline{}, ErrSyntax},
		{"dayEnd  1", Deadline{}, ErrSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDeadline(tt.in)
			if !errors.Is(err, tt.wantErr) || got != tt.want {
				t.Errorf("ParseDeadline(%q) = %v, %v, want %v, %v", tt.in, got, err, tt.want, tt.wantErr)
			}
			if err == nil {
				if back, err := ParseDeadline(got.String()); err != nil || back != got {
					t.Errorf("ParseDeadline(%q) = %v, %v, want %v", got.String(), back, err, got)
				}
			}
		})
	}
}

func FuzzParseDeadline(f *testing.F) {
	for _, s := range []string{"dayAt 1 16:00", "dayEnd 0", "monthDayAt 5 09:30:15", "monthDayEnd 10", "dayAt 1 24:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDeadline(s)
		if err != nil {
			return
		}
		back, err := ParseDeadline(d.String())
		if err != nil || back != d {
			t.Fatalf("ParseDeadline(%q) = %v; re-parsing %q gives %v, %v", s, d, d.String(), back, err)
		}
	})
}

func BenchmarkResolveNextBusinessDay(b *testing.B) {
	eng := englandOffice(b)
	anchor := time.Date(2026, 5, 22, 18, 0, 0, 0, eng.Location())
	dl := Deadline{DayAt, 1, clock.New(16, 0, 0, 0)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := dl.Resolve(eng, anchor); err != nil {
			b.Fatal(err)
		}
	}
}
