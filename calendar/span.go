package calendar

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
)

// Unit says what a Span counts. The zero Unit is WallTime.
type Unit uint8

const (
	WallTime     Unit = iota // real elapsed time; the calendar is ignored
	BusinessTime             // open time of the calendar
	// BusinessDays: n business days by SameTimeAfter, counted from the
	// same day 1 as BusinessDaysEnd: the end of day n from a start at or
	// before day 1's opening, else the same wall-clock time n business days
	// later (the earliest instant with that business time).
	BusinessDays
	// BusinessDaysEnd: the end of the nth business day counted from the
	// start instant by the counting rule (the package comment): day 1 is
	// the first business day that begins at or after it. n == 0: the end of
	// the business day in progress, or of the next one (EndOfBusinessDay).
	BusinessDaysEnd
)

var unitNames = [...]string{"wallTime", "businessTime", "businessDays", "businessDaysEnd"}

// String returns the unit's name in the text form of a Span: "wallTime",
// "businessTime", "businessDays" or "businessDaysEnd".
func (u Unit) String() string {
	if int(u) < len(unitNames) {
		return unitNames[u]
	}
	return "Unit(" + strconv.Itoa(int(u)) + ")"
}

// Span is an amount of time with an explicit unit. Duration is used by
// WallTime and BusinessTime, Days by BusinessDays and BusinessDaysEnd; the
// other field is ignored. The zero Span is zero wall time.
//
// Its text form (String, ParseSpan, MarshalText) is an ISO-8601 duration
// and the unit name, separated by one space: "PT4H wallTime", "PT27H
// businessTime", "P3D businessDays", "P0D businessDaysEnd". Time units take
// hours, minutes and seconds only (a wall-clock "day" is not 24 hours across
// DST changes, so "P1D wallTime" is rejected), business-day units whole days
// only; so "P3D businessDays" and "PT27H businessTime" can never be
// confused. Spans compare with ==.
type Span struct {
	Unit     Unit
	Duration time.Duration
	Days     int // business days; never negative in a parsed Span
}

// AddSpan returns the instant s after t on c:
//   - WallTime: t.Add(s.Duration);
//   - BusinessTime: c.Add(t, s.Duration);
//   - BusinessDays: c.SameTimeAfter(t, s.Days) ("P10D businessDays" from
//     Sunday 00:00 ends with the 10th business day, Monday being day 1);
//   - BusinessDaysEnd: the end of the s.Days-th business day counted from
//     t, day 1 being the first business day that begins at or after t
//     (EndOfBusinessDay for 0).
//
// When the business-day units have no answer (negative Days, or the
// calendar has too few business days), AddSpan returns the same far-away
// instant as Add on a calendar that never opens: about 142 million years
// after t (before t for negative Days).
func (c *Calendar) AddSpan(t time.Time, s Span) time.Time {
	switch s.Unit {
	case BusinessDays:
		if u, ok := c.SameTimeAfter(t, s.Days); ok {
			return u
		}
	case BusinessDaysEnd:
		if u, ok := c.endAfter(t, s.Days); ok {
			return u
		}
	case BusinessTime:
		return c.Add(t, s.Duration)
	default:
		return t.Add(s.Duration)
	}
	if s.Days < 0 {
		return time.Unix(minSec, 0).In(t.Location())
	}
	return time.Unix(maxSec, 0).In(t.Location())
}

// endAfter returns the end of the nth business day after t by the counting
// rule (n == 0: the end of t's business day, EndOfBusinessDay).
func (c *Calendar) endAfter(t time.Time, n int) (time.Time, bool) {
	if u, ok, done := c.endAfterFast(t, n); done {
		return u, ok
	}
	return c.endAfterGeneral(t, n)
}

// endAfterGeneral is endAfter by stretch walks, for instants and dates
// outside the business-day index.
func (c *Calendar) endAfterGeneral(t time.Time, n int) (time.Time, bool) {
	if n == 0 {
		return c.endOfBusinessDayGeneral(t)
	}
	d, ok := c.BusinessDayOf(t)
	if !ok {
		return time.Time{}, false
	}
	if d, ok = c.AddBusinessDays(d, n-c.countsFirst(t, d)); !ok {
		return time.Time{}, false
	}
	e, ok := c.BusinessDayEnd(d)
	return e.In(t.Location()), ok
}

// countsFirst is the counting rule for the general code: 1 when business
// day d, the business day of t (BusinessDayOf), begins at or after t, so
// that it is the first business day counted from t; 0 when it had begun
// before t, so that counting starts with the business day after it.
func (c *Calendar) countsFirst(t time.Time, d date.Date) int {
	if s, ok := c.BusinessDayStart(d); ok && !s.Before(t) {
		return 1
	}
	return 0
}

// String returns the text form of s ("P3D businessDays"), which ParseSpan
// accepts.
func (s Span) String() string {
	b, _ := s.MarshalText()
	return string(b)
}

// MarshalText returns the text form of s. It never fails.
func (s Span) MarshalText() ([]byte, error) {
	var b []byte
	switch s.Unit {
	case BusinessDays, BusinessDaysEnd:
		n := int64(s.Days)
		if n < 0 { // printable, but ParseSpan rejects it
			b, n = append(b, '-'), -n
		}
		b = append(b, 'P')
		b = strconv.AppendInt(b, n, 10)
		b = append(b, 'D')
	default:
		b = appendISODuration(b, s.Duration)
	}
	b = append(b, ' ')
	return append(b, s.Unit.String()...), nil
}

// appendISODuration appends d as PTnHnMn.nS, omitting zero fields (PT0S for 0).
func appendISODuration(b []byte, d time.Duration) []byte {
	u := uint64(d)
	if d < 0 {
		b = append(b, '-')
		u = -u
	}
	b = append(b, 'P', 'T')
	h, m := u/uint64(time.Hour), u%uint64(time.Hour)/uint64(time.Minute)
	ns := u % uint64(time.Minute)
	if h > 0 {
		b = strconv.AppendUint(b, h, 10)
		b = append(b, 'H')
	}
	if m > 0 {
		b = strconv.AppendUint(b, m, 10)
		b = append(b, 'M')
	}
	if ns > 0 || u == 0 {
		b = strconv.AppendUint(b, ns/1e9, 10)
		if f := ns % 1e9; f > 0 {
			frac := strings.TrimRight(fmt.Sprintf("%09d", f), "0")
			b = append(b, '.')
			b = append(b, frac...)
		}
		b = append(b, 'S')
	}
	return b
}

// UnmarshalText parses the text form, as ParseSpan.
func (s *Span) UnmarshalText(b []byte) error {
	v, err := ParseSpan(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// ParseUnit parses a unit name as printed by Unit.String.
func ParseUnit(name string) (Unit, error) {
	for i, n := range unitNames {
		if name == n {
			return Unit(i), nil
		}
	}
	return 0, parseErr(name, "", fmt.Errorf("%w: unknown unit (want wallTime, businessTime, businessDays or businessDaysEnd)", ErrSyntax))
}

// ParseSpan parses the text form of a Span: an ISO-8601 duration, one
// space, and a unit name ("PT27H businessTime", "P3D businessDays"). The unit
// is required. Time units accept hours, minutes and (fractional) seconds,
// possibly negative, within the range of time.Duration; business-day units
// accept a whole, non-negative number of days up to MaxBusinessDays.
// Errors are *ParseError values matching ErrSyntax or ErrRange.
func ParseSpan(text string) (Span, error) {
	iso, name, found := strings.Cut(text, " ")
	if !found {
		return Span{}, parseErr(text, text, fmt.Errorf("%w: want an ISO-8601 duration, a space and a unit", ErrSyntax))
	}
	u, err := ParseUnit(name)
	if err != nil {
		return Span{}, parseErr(text, name, ErrSyntax)
	}
	return parseSpanISO(text, iso, u)
}

func parseSpanISO(text, iso string, u Unit) (Span, error) {
	if iso == "" || strings.TrimSpace(iso) != iso {
		return Span{}, parseErr(text, iso, ErrSyntax)
	}
	p, err := period.Parse(iso)
	if err != nil {
		return Span{}, parseErr(text, iso, fmt.Errorf("%w: %v", ErrSyntax, err))
	}
	switch u {
	case BusinessDays, BusinessDaysEnd:
		if !p.OnlyHMS().IsZero() || p.Years() != 0 || p.Months() != 0 || p.Weeks() != 0 {
			return Span{}, parseErr(text, iso, fmt.Errorf("%w: business days take whole days only (PnD)", ErrSyntax))
		}
		dd := p.DaysDecimal()
		if !dd.IsInt() {
			return Span{}, parseErr(text, iso, fmt.Errorf("%w: business days must be whole", ErrSyntax))
		}
		n, _, ok := dd.Int64(0)
		if !ok || n < 0 || n > MaxBusinessDays {
			return Span{}, parseErr(text, iso, fmt.Errorf("%w: business days must be 0 to %d", ErrRange, MaxBusinessDays))
		}
		return Span{Unit: u, Days: int(n)}, nil
	default:
		if !p.OnlyYMWD().IsZero() {
			return Span{}, parseErr(text, iso, fmt.Errorf("%w: %s takes hours, minutes and seconds only (PTnHnMnS)", ErrSyntax, u))
		}
		d, ok := p.Duration()
		if !fitsDuration(p) {
			return Span{}, parseErr(text, iso, fmt.Errorf("%w: each field must be under about 73 years", ErrRange))
		}
		if !ok {
			return Span{}, parseErr(text, iso, fmt.Errorf("%w: not a whole number of nanoseconds", ErrRange))
		}
		return Span{Unit: u, Duration: d}, nil
	}
}

// fitsDuration reports whether each of the period's hours, minutes and
// seconds is below 2^61 ns (about 73 years), so that their sum in
// period.Duration cannot overflow.
func fitsDuration(p period.Period) bool {
	const lim = int64(1) << 61
	abs := func(v int) int64 {
		if v < 0 {
			return -int64(v)
		}
		return int64(v)
	}
	return abs(p.Hours()) < lim/int64(time.Hour) && abs(p.Minutes()) < lim/int64(time.Minute) && abs(p.Seconds()) < lim/int64(time.Second)
}
