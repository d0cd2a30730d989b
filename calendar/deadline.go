package calendar

// Relative deadlines.
//
// A Deadline is a rule such as "the next business day at 16:00", "the end of
// the 3rd business day" or "the 5th business day of next month", kept as a
// value (it has a text form for agreements stored as data) and resolved
// against an anchor instant on a calendar. Business days follow the opening
// rule of IsBusinessDay; a wall-clock time that is closed on the target day
// is moved by the clamp rule of SameTimeAfter (only the clamp: a DayAt
// deadline names its clock time, so it counts from the anchor's local date
// and is not moved back to an earlier close). "dayEnd N" is AddSpan with
// BusinessDaysEnd N, by the counting rule. "monthDayEnd N" from an anchor in
// a month is "dayEnd N" from that month's end. From an anchor on a date that
// is not a business day the rules agree: from Sunday 00:00, "dayAt 10 17:00"
// and "dayEnd 10" on a Mon-Fri 09:00-17:00 calendar are the second Friday
// 17:00, as "P10D businessDays" is.
//
// # Pauses
//
// A resolved deadline is pausable: ResolvePaused treats it as a clock of
// R = Between(anchor, deadline) business time that starts at the anchor and
// stops running during the paused spans. Pauses are merged, and clipped to
// start at the anchor; then, for each pause [ps, pe) in order, when ps is
// before the current deadline dl (a pause that begins once the deadline has
// passed cannot move it), the remaining business time Between(ps, dl) is
// kept and resumes at pe:
//
//	dl' = Add(pe, Between(ps, dl))  (equivalently Add(dl, Between(ps, pe)))
//
// The result is the earliest instant u at which the business time in
// [anchor, u) outside the pauses reaches R: each pause moves the deadline by
// the business time it covered before the deadline was reached, and a pause
// in closed hours moves it not at all.

import (
	"errors"
	"fmt"
	"github.com/slaeval/slaeval/internal/interval"
	"strconv"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/rickb777/date/v2/clock"
)

var (
	// ErrNoBusinessDay: the calendar has no business day that the rule asks
	// for (it never opens again, or a month has fewer business days).
	ErrNoBusinessDay = errors.New("no such business day")
	// ErrInvalidDeadline: a Deadline's fields are out of range.
	ErrInvalidDeadline = errors.New("invalid deadline")
	// ErrInvalidPause: a pause ends before it starts.
	ErrInvalidPause = errors.New("pause ends before it starts")
)

// DeadlineRule says how a Deadline picks its instant. The zero value is
// invalid.
type DeadlineRule uint8

const (
	// DayAt: the Nth business day after the anchor's local date, at clock
	// time At, moved into that day's open time by the clamp rule. N == 1 is
	// "the next business day at At"; N == 0 is the anchor's own date (which
	// must be a business day; the result may be before the anchor). It
	// names a date, so it counts from the anchor's date whether or not
	// that date's business day has begun (from Monday 06:00, "dayAt 1
	// 16:00" is Tuesday 16:00), unlike DayEnd.
	DayAt DeadlineRule = iota + 1
	// DayEnd: the end of the Nth business day counted from the anchor, as
	// BusinessDaysEnd N: day 1 is the first business day that begins at or
	// after the anchor (the package comment's counting rule); N == 0 is "the
	// end of the business day" (EndOfBusinessDay).
	DayEnd
	// MonthDayAt: the Nth (N >= 1) business day of the month after the
	// anchor's month (in the calendar's zone), at clock time At by the
	// clamp rule. ErrNoBusinessDay when that month has fewer than N.
	MonthDayAt
	// MonthDayEnd: the end of the Nth business day of the next month.
	MonthDayEnd
)

var ruleNames = [...]string{"", "dayAt", "dayEnd", "monthDayAt", "monthDayEnd"}

// String returns the rule's name in the text form: "dayAt", "dayEnd",
// "monthDayAt" or "monthDayEnd".
func (r DeadlineRule) String() string {
	if r >= DayAt && int(r) < len(ruleNames) {
		return ruleNames[r]
	}
	return "DeadlineRule(" + strconv.Itoa(int(r)) + ")"
}

// Deadline is a relative deadline. The zero Deadline is invalid (Resolve
// returns ErrInvalidDeadline). Deadlines compare with ==.
//
// Its text form (String, ParseDeadline, MarshalText) is the rule, N, and for
// the "At" rules the clock time, separated by single spaces: "dayAt 1 16:00"
// (the next business day at 16:00), "dayEnd 0" (the end of the business
// day), "dayEnd 3", "monthDayAt 5 09:30:00", "monthDayEnd 10".
type Deadline struct {
	Rule DeadlineRule
	N    int         // business days; 0 to MaxBusinessDays, at least 1 for the month rules
	At   clock.Clock // wall-clock time of day for DayAt and MonthDayAt: whole seconds in [00:00, 24:00)
}

// Validate reports whether d's fields are in range; the error matches
// ErrInvalidDeadline.
func (d Deadline) Validate() error {
	if why := d.invalid(); why != "" {
		return fmt.Errorf("calendar: deadline %q: %w: %s", d.String(), ErrInvalidDeadline, why)
	}
	return nil
}

func (d Deadline) invalid() string {
	switch d.Rule {
	case DayAt, DayEnd, MonthDayAt, MonthDayEnd:
	default:
		return "unknown rule"
	}
	if d.N < 0 || d.N > MaxBusinessDays {
		return "N out of range"
	}
	if (d.Rule == MonthDayAt || d.Rule == MonthDayEnd) && d.N < 1 {
		return "the month rules count from 1"
	}
	if d.Rule == DayAt || d.Rule == MonthDayAt {
		if d.At < 0 || d.At >= clock.Day || d.At%clock.Second != 0 {
			return "At must be whole seconds in [00:00, 24:00)"
		}
	} else if d.At != 0 {
		return "At is only for dayAt and monthDayAt"
	}
	return ""
}

// Resolve returns the deadline's instant for the given anchor on c, in the
// anchor's location. Errors match ErrInvalidDeadline or ErrNoBusinessDay.
func (d Deadline) Resolve(c *Calendar, anchor time.Time) (time.Time, error) {
	if err := d.Validate(); err != nil {
		return time.Time{}, err
	}
	loc := c.Location()
	var (
		u  time.Time
		ok bool
	)
	switch d.Rule {
	case DayAt:
		var day date.Date
		if day, ok = c.AddBusinessDays(dateOf(anchor, loc), d.N); ok {
			u, ok = c.atOn(day, d.At.DurationSinceMidnight(), anchor.Location())
		}
	case DayEnd:
		u, ok = c.endAfter(anchor, d.N)
	case MonthDayAt, MonthDayEnd:
		y, m, _ := anchor.In(loc).Date()
		first, after := date.New(y, m+1, 1), date.New(y, m+2, 1)
		var day date.Date
		if day, ok = c.AddBusinessDays(first-1, d.N); ok && day < after {
			if d.Rule == MonthDayAt {
				u, ok = c.atOn(day, d.At.DurationSinceMidnight(), anchor.Location())
			} else {
				u, ok = c.BusinessDayEnd(day)
				u = u.In(anchor.Location())
			}
		} else {
			ok = false
		}
	}
	if !ok {
		return time.Time{}, fmt.Errorf("calendar: deadline %q (anchor %s): %w", d.String(), anchor.Format(time.RFC3339), ErrNoBusinessDay)
	}
	return u, nil
}

// ResolvePaused resolves d and moves it by the business time of the paused
// spans, as the package comment on pauses says. pauses may be in any order
// and overlap; each must have End >= Start (ErrInvalidPause otherwise).
// It costs O(p log p) for p pauses plus Resolve.
func (d Deadline) ResolvePaused(c *Calendar, anchor time.Time, pauses []Interval) (time.Time, error) {
	dl, err := d.Resolve(c, anchor)
	if err != nil {
		return time.Time{}, err
	}
	return c.pauseDeadline(anchor, dl, pauses)
}

// pauseDeadline moves the deadline dl of a clock started at anchor by the
// business time of pauses.
func (c *Calendar) pauseDeadline(anchor, dl time.Time, pauses []Interval) (time.Time, error) {
	ps := make([]interval.Span, 0, len(pauses))
	for _, p := range pauses {
		if p.End.Before(p.Start) {
			return time.Time{}, fmt.Errorf("calendar: pause [%s, %s): %w", p.Start.Format(time.RFC3339), p.End.Format(time.RFC3339), ErrInvalidPause)
		}
		ps = append(ps, interval.Span{Start: maxTime(p.Start, anchor), End: p.End})
	}
	out := dl.Location()
	for _, p := range interval.Union(ps) { // merged: overlapping or touching pauses are one
		if !p.Start.Before(dl) {
			break
		}
		dl = c.Add(p.End, c.Between(p.Start, dl))
	}
	return dl.In(out), nil
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// atOn returns the instant at wall-clock time wall on business day day,
// moved into the day's open time by the clamp rule.
func (c *Calendar) atOn(day date.Date, wall time.Duration, out *time.Location) (time.Time, bool) {
	return c.clampToDay(day, atWall(day, wall, c.Location()), out)
}

// String returns the text form of d, which ParseDeadline accepts when d is
// valid.
func (d Deadline) String() string {
	b, _ := d.MarshalText()
	return string(b)
}

// MarshalText returns the text form of d. It never fails.
func (d Deadline) MarshalText() ([]byte, error) {
	b := []byte(d.Rule.String())
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(d.N), 10)
	if d.Rule == DayAt || d.Rule == MonthDayAt {
		b = append(b, ' ')
		b = append(b, formatAt(d.At)...)
	}
	return b, nil
}

// formatAt prints HH:MM, or HH:MM:SS when the seconds are not zero.
func formatAt(c clock.Clock) string {
	if c < 0 || c >= clock.Day || c%clock.Second != 0 {
		return c.String()
	}
	s := int32(c / clock.Second)
	return formatClock(s)
}

// UnmarshalText parses the text form, as ParseDeadline.
func (d *Deadline) UnmarshalText(b []byte) error {
	v, err := ParseDeadline(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// ParseDeadline parses the text form of a Deadline ("dayAt 1 16:00",
// "dayEnd 0", "monthDayEnd 5") and validates it. Times are H:MM, HH:MM or
// HH:MM:SS below 24:00. Errors are *ParseError values matching ErrSyntax,
// ErrRange or ErrInvalidDeadline.
func ParseDeadline(text string) (Deadline, error) {
	f := strings.Split(text, " ")
	var d Deadline
	for i, n := range ruleNames {
		if i > 0 && f[0] == n {
			d.Rule = DeadlineRule(i)
		}
	}
	if d.Rule == 0 {
		return Deadline{}, parseErr(text, f[0], fmt.Errorf("%w: unknown deadline rule (want dayAt, dayEnd, monthDayAt or monthDayEnd)", ErrSyntax))
	}
	want := 2
	if d.Rule == DayAt || d.Rule == MonthDayAt {
		want = 3
	}
	if len(f) != want {
		return Deadline{}, parseErr(text, text, fmt.Errorf("%w: %s takes %d fields", ErrSyntax, d.Rule, want))
	}
	n, err := strconv.Atoi(f[1])
	if err != nil || strings.TrimLeft(f[1], "0123456789") != "" {
		return Deadline{}, parseErr(text, f[1], fmt.Errorf("%w: N must be a non-negative integer", ErrSyntax))
	}
	d.N = n
	if want == 3 {
		sec, err := parseClock(text, f[2])
		if err != nil {
			return Deadline{}, err
		}
		d.At = clock.Clock(sec) * clock.Second
	}
	if why := d.invalid(); why != "" {
		return Deadline{}, parseErr(text, text, fmt.Errorf("%w: %s", ErrInvalidDeadline, why))
	}
	return d, nil
}
