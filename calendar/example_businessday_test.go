package calendar_test

import (
	"fmt"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/rickb777/date/v2/clock"
	"github.com/slaeval/slaeval/calendar"
)

// office is Mon-Fri 09:00-17:30 in London with the England and Wales bank
// holidays (Fri 25 Dec 2026, Mon 28 Dec 2026, Fri 1 Jan 2027, Mon 25 May 2026...).
func office() *calendar.Calendar {
	lon, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic(err)
	}
	return calendar.MustParse("Mon-Fri 09:00-17:30", lon, calendar.HolidaySets("GB-ENG"))
}

func ExampleCalendar_IsBusinessDay() {
	c := office()
	fmt.Println(c.IsBusinessDay(date.New(2026, 12, 24)), c.IsBusinessDay(date.New(2026, 12, 28)))
	night := calendar.MustParse("Fri 22:00-06:00", time.UTC)
	fmt.Println(night.IsBusinessDay(date.New(2026, 5, 22)), night.IsBusinessDay(date.New(2026, 5, 23)))
	// Output:
	// true false
	// true false
}

func ExampleCalendar_AddBusinessDays() {
	c := office()
	d, ok := c.AddBusinessDays(date.New(2026, 12, 23), 3)
	fmt.Println(d, ok)
	_, ok = calendar.Union().AddBusinessDays(date.New(2026, 12, 23), 1) // never open
	fmt.Println(ok)
	// Output:
	// 2026-12-30 true
	// false
}

func ExampleCalendar_BusinessDaysBetween() {
	c := office()
	fmt.Println(c.BusinessDaysBetween(date.New(2026, 12, 21), date.New(2027, 1, 5)))
	// Output: 8
}

func ExampleCalendar_BusinessDayOf() {
	c := office()
	d, _ := c.BusinessDayOf(time.Date(2026, 5, 22, 18, 0, 0, 0, c.Location())) // Friday evening
	fmt.Println(d)
	// Output: 2026-05-26
}

func ExampleCalendar_EndOfBusinessDay() {
	c := office()
	end, _ := c.EndOfBusinessDay(time.Date(2026, 5, 21, 10, 0, 0, 0, c.Location()))
	fmt.Println(end)
	// Output: 2026-05-21 17:30:00 +0100 BST
}

func ExampleCalendar_BusinessDayStart() {
	c := office()
	start, _ := c.BusinessDayStart(date.New(2026, 5, 26))
	end, _ := c.BusinessDayEnd(date.New(2026, 5, 26))
	fmt.Println(start, "to", end)
	// Output: 2026-05-26 09:00:00 +0100 BST to 2026-05-26 17:30:00 +0100 BST
}

func ExampleCalendar_SameTimeAfter() {
	c := office()
	lon := c.Location()
	u, _ := c.SameTimeAfter(time.Date(2026, 12, 23, 11, 0, 0, 0, lon), 3)
	fmt.Println(u)
	// Wed 19:00 is closed: counted from Thu 24 Dec 09:00, whose next business
	// day is Tue 29 Dec (Christmas, the weekend and Boxing Day substitute in
	// between); its 09:00 is 8h30 of business time later, which ends at the
	// close on Thu 24 Dec.
	u, _ = c.SameTimeAfter(time.Date(2026, 12, 23, 19, 0, 0, 0, lon), 1)
	fmt.Println(u)
	// Output:
	// 2026-12-30 11:00:00 +0000 GMT
	// 2026-12-24 17:30:00 +0000 GMT
}

func ExampleCalendar_AddSpan_businessDays() {
	c := office()
	start := time.Date(2026, 5, 21, 10, 0, 0, 0, c.Location())
	for _, text := range []string{"P3D businessDays", "PT27H businessTime", "P3D businessDaysEnd"} {
		s, err := calendar.ParseSpan(text)
		if err != nil {
			panic(err)
		}
		fmt.Println(text, "->", c.AddSpan(start, s))
	}
	// Output:
	// P3D businessDays -> 2026-05-27 10:00:00 +0100 BST
	// PT27H businessTime -> 2026-05-27 11:30:00 +0100 BST
	// P3D businessDaysEnd -> 2026-05-27 17:30:00 +0100 BST
}

// "By the end of the fifth business day after month end": April's end is
// Fri 1 May 2026 00:00, before Friday's opening, so Friday is day 1; Mon 4
// May is a bank holiday; day 5 is Fri 8 May.
func ExampleCalendar_AddSpan_monthEnd() {
	c := office()
	aprilEnd := time.Date(2026, 5, 1, 0, 0, 0, 0, c.Location())
	fmt.Println(c.AddSpan(aprilEnd, calendar.Span{Unit: calendar.BusinessDaysEnd, Days: 5}))
	// Output: 2026-05-08 17:30:00 +0100 BST
}

func ExampleParseSpan() {
	s, err := calendar.ParseSpan("P3D businessDays")
	fmt.Println(s.Unit, s.Days, err)
	_, err = calendar.ParseSpan("P1D wallTime")
	fmt.Println(err)
	// Output:
	// businessDays 3 <nil>
	// calendar: parse "P1D wallTime" (part "P1D"): invalid syntax: wallTime takes hours, minutes and seconds only (PTnHnMnS)
}

func ExampleParseUnit() {
	u, err := calendar.ParseUnit("businessTime")
	fmt.Println(u == calendar.BusinessTime, err)
	// Output: true <nil>
}

func ExampleSpan_String() {
	fmt.Println(calendar.Span{Unit: calendar.BusinessTime, Duration: 90 * time.Minute})
	// Output: PT1H30M businessTime
}

func ExampleDeadline_Resolve() {
	c := office()
	// Friday evening before the spring bank holiday (Mon 25 May 2026).
	anchor := time.Date(2026, 5, 22, 18, 0, 0, 0, c.Location())
	next := calendar.Deadline{Rule: calendar.DayAt, N: 1, At: clock.New(16, 0, 0, 0)}
	u, err := next.Resolve(c, anchor)
	fmt.Println(next, "->", u, err)
	month := calendar.Deadline{Rule: calendar.MonthDayEnd, N: 5}
	u, err = month.Resolve(c, anchor)
	fmt.Println(month, "->", u, err)
	// Output:
	// dayAt 1 16:00 -> 2026-05-26 16:00:00 +0100 BST <nil>
	// monthDayEnd 5 -> 2026-06-05 17:30:00 +0100 BST <nil>
}

func ExampleDeadline_ResolvePaused() {
	c := office()
	lon := c.Location()
	anchor := time.Date(2026, 5, 22, 18, 0, 0, 0, lon)
	next := calendar.Deadline{Rule: calendar.DayAt, N: 1, At: clock.New(16, 0, 0, 0)}
	// Waiting on the customer for two business hours on Tuesday morning.
	pauses := []calendar.Interval{{
		Start: time.Date(2026, 5, 26, 10, 0, 0, 0, lon),
		End:   time.Date(2026, 5, 26, 12, 0, 0, 0, lon),
	}}
	u, err := next.ResolvePaused(c, anchor, pauses)
	fmt.Println(u, err)
	// Output: 2026-05-27 09:30:00 +0100 BST <nil>
}

func ExampleParseDeadline() {
	d, err := calendar.ParseDeadline("dayEnd 0")
	fmt.Println(d.Rule, d.N, err)
	// Output: dayEnd 0 <nil>
}

func ExampleDeadline_Validate() {
	err := calendar.Deadline{Rule: calendar.MonthDayAt, N: 0}.Validate()
	fmt.Println(err)
	// Output: calendar: deadline "monthDayAt 0 00:00": invalid deadline: the month rules count from 1
}

func ExampleDeadlineRule_String() {
	fmt.Println(calendar.DayAt, calendar.DayEnd, calendar.MonthDayAt, calendar.MonthDayEnd)
	// Output: dayAt dayEnd monthDayAt monthDayEnd
}

func ExampleUnit_String() {
	fmt.Println(calendar.WallTime, calendar.BusinessTime, calendar.BusinessDays, calendar.BusinessDaysEnd)
	// Output: wallTime businessTime businessDays businessDaysEnd
}

// SameTimeSpan is the open time a target of n business days allows a clock
// started at t: on a calendar whose business days are all alike, n days'
// open time, however the days fall; otherwise whatever the same-time rule
// gives.
func ExampleCalendar_SameTimeSpan() {
	lon, _ := time.LoadLocation("Europe/London")
	office := calendar.MustParse("Mon-Fri 09:00-17:00", lon, calendar.HolidaySets("GB-ENG"))
	// Monday 10:00 to Tuesday 10:00: 7 h on Monday, 1 h on Tuesday.
	d, _ := office.SameTimeSpan(time.Date(2026, 3, 9, 10, 0, 0, 0, lon), 1)
	fmt.Println(d)
	// Friday 22 May 10:15 to Tuesday 26 May 10:15 (Monday is the Spring
	// bank holiday): 6h45 on Friday, 1h15 on Tuesday.
	d, _ = office.SameTimeSpan(time.Date(2026, 5, 22, 10, 15, 0, 0, lon), 1)
	fmt.Println(d)
	// Saturdays close at 13:00: Friday 16:00 plus one business day is
	// clamped to Saturday's close: 1 h on Friday, 4 h on Saturday.
	shop := calendar.MustParse("Mon-Fri 09:00-17:00; Sat 09:00-13:00", lon)
	d, _ = shop.SameTimeSpan(time.Date(2026, 3, 13, 16, 0, 0, 0, lon), 1)
	fmt.Println(d)
	// Output:
	// 8h0m0s
	// 8h0m0s
	// 5h0m0s
}
