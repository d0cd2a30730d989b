package calendar_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/slaeval/slaeval/calendar"
)

func load(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

const layout = "Mon 2006-01-02 15:04 MST"

func ExampleParse() {
	c, err := calendar.Parse("mon-fri 7:30-22:00", load("Europe/Berlin"))
	fmt.Println(c, err)
	_, err = calendar.Parse("Mon-Fri 07:30-25:00", load("Europe/Berlin"))
	fmt.Println(err)
	// Output:
	// Mon-Fri 07:30-22:00 <nil>
	// calendar: parse "Mon-Fri 07:30-25:00" (part "25:00"): value out of range: hour > 24
}

func ExampleMustParse() {
	c := calendar.MustParse("Fri-Mon 22:00-06:00", time.UTC)
	fmt.Println(c)
	// Output: Mon,Fri-Sun 22:00-06:00
}

func ExampleCalendar_Between() {
	berlin := load("Europe/Berlin")
	c := calendar.MustParse("Mon-Fri 09:00-12:00,13:00-17:00", berlin,
		calendar.Holidays(date.New(2024, time.April, 1))) // Easter Monday
	from := time.Date(2024, time.March, 29, 10, 0, 0, 0, berlin) // Friday
	to := time.Date(2024, time.April, 2, 10, 0, 0, 0, berlin)    // Tuesday
	// Fri 10-12 and 13-17 (6 h), Mon closed, Tue 09-10 (1 h).
	fmt.Println(c.Between(from, to))
	fmt.Println(c.Between(to, from))
	// Output:
	// 7h0m0s
	// -7h0m0s
}

func ExampleCalendar_Add() {
	berlin := load("Europe/Berlin")
	support := calendar.MustParse("Mon-Fri 07:30-22:00", berlin)
	opened := time.Date(2024, time.March, 1, 21, 0, 0, 0, berlin) // Friday 21:00
	// Fri 1 h, Mon 14.5 h, then 8.5 h from Tue 07:30.
	fmt.Println(support.Add(opened, 24*time.Hour).Format(layout))
	// Output: Tue 2024-03-05 16:00 CET
}

func ExampleCalendar_NextOpen() {
	berlin := load("Europe/Berlin")
	support := calendar.MustParse("Mon-Fri 07:30-22:00", berlin)
	next, ok := support.NextOpen(time.Date(2024, time.March, 2, 12, 0, 0, 0, berlin)) // Saturday
	fmt.Println(next.Format(layout), ok)
	// Output: Mon 2024-03-04 07:30 CET true
}

func ExampleCalendar_NextClose() {
	c := calendar.MustParse("Mon-Fri 09:00-12:00,12:00-17:00", time.UTC)
	end, ok := c.NextClose(time.Date(2024, time.March, 4, 10, 0, 0, 0, time.UTC))
	fmt.Println(end.Format(layout), ok) // touching intervals are one stretch
	// Output: Mon 2024-03-04 17:00 UTC true
}

func ExampleCalendar_IsOpen() {
	berlin := load("Europe/Berlin")
	c := calendar.MustParse("Sun 02:30-05:00", berlin)
	// On 31 March 2024 Berlin's clocks jump from 02:00 to 03:00, so the
	// 02:30 opening is at 03:00 CEST.
	spring := time.Date(2024, time.March, 31, 0, 59, 0, 0, time.UTC)
	fmt.Println(spring.In(berlin).Format(layout), c.IsOpen(spring))
	spring = spring.Add(time.Minute)
	fmt.Println(spring.In(berlin).Format(layout), c.IsOpen(spring))
	// Output:
	// Sun 2024-03-31 01:59 CET false
	// Sun 2024-03-31 03:00 CEST true
}

func ExampleCalendar_OpenIntervals() {
	c := calendar.MustParse("Mon-Fri 09:00-12:00,13:00-17:00", time.UTC)
	from := time.Date(2024, time.March, 4, 10, 0, 0, 0, time.UTC)
	for iv := range c.OpenIntervals(from, from.Add(24*time.Hour)) {
		fmt.Println(iv.Start.Format(layout), "-", iv.End.Format("15:04"))
	}
	// Output:
	// Mon 2024-03-04 10:00 UTC - 12:00
	// Mon 2024-03-04 13:00 UTC - 17:00
	// Tue 2024-03-05 09:00 UTC - 10:00
}

func ExampleCalendar_Location() {
	var c *calendar.Calendar // open 24×7 in UTC
	fmt.Println(c.Location(), c.IsOpen(time.Date(2024, time.December, 25, 3, 0, 0, 0, time.UTC)))
	// Output: UTC true
}

func ExampleUnion() {
	berlin := calendar.MustParse("Mon-Fri 08:00-17:00", load("Europe/Berlin"))
	newYork := calendar.MustParse("Mon-Fri 08:00-17:00", load("America/New_York"))
	sun := calendar.Union(berlin, newYork)
	day := func(y int, m time.Month, d int) time.Duration {
		from := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		return sun.Between(from, from.AddDate(0, 0, 1))
	}
	// Berlin 07-16Z; New York 13-22Z (EST) or 12-21Z (EDT, from 10 March).
	fmt.Println(day(2024, time.March, 5), day(2024, time.March, 12))
	// Output: 15h0m0s 14h0m0s
}

func ExampleIntersection() {
	berlin := calendar.MustParse("Mon-Fri 08:00-17:00", load("Europe/Berlin"))
	newYork := calendar.MustParse("Mon-Fri 08:00-17:00", load("America/New_York"))
	overlap := calendar.Intersection(berlin, newYork)
	day := func(y int, m time.Month, d int) time.Duration {
		from := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		return overlap.Between(from, from.AddDate(0, 0, 1))
	}
	// 13-16Z before 10 March, 12-16Z until Europe changes on 31 March.
	fmt.Println(day(2024, time.March, 5), day(2024, time.March, 12))
	// Output: 3h0m0s 4h0m0s
}

func ExampleHolidays() {
	c := calendar.MustParse("Mon-Fri 09:00-17:00", time.UTC,
		calendar.Holidays(date.New(2024, time.December, 25), date.New(2024, time.December, 26)))
	from := time.Date(2024, time.December, 23, 0, 0, 0, 0, time.UTC) // Monday
	fmt.Println(c.Between(from, from.AddDate(0, 0, 7)))              // 3 of 5 days
	// Output: 24h0m0s
}

func ExampleHolidaySets() {
	london := load("Europe/London")
	c := calendar.MustParse("Mon-Fri 09:00-17:00", london, calendar.HolidaySets("GB-ENG"))
	// Christmas 2021 fell on a weekend: the bank holidays were Mon 27 and Tue 28.
	for d := 27; d <= 29; d++ {
		t := time.Date(2021, time.December, d, 12, 0, 0, 0, london)
		fmt.Println(t.Format("Mon 02 Jan"), c.IsOpen(t))
	}
	// Output:
	// Mon 27 Dec false
	// Tue 28 Dec false
	// Wed 29 Dec true
}

func ExampleHolidaySetNames() {
	// The Australian sets: one per state and territory (ISO 3166-2:AU).
	var au []string
	for _, name := range calendar.HolidaySetNames() {
		if strings.HasPrefix(name, "AU-") {
			au = append(au, name)
		}
	}
	fmt.Println(strings.Join(au, " "))
	// Output: AU-ACT AU-NSW AU-NT AU-QLD AU-SA AU-TAS AU-VIC AU-WA
}

func ExampleSpecialDays() {
	c := calendar.MustParse("Mon-Fri 09:00-17:00", time.UTC,
		calendar.SpecialDays(calendar.SpecialDay{Date: date.New(2024, time.December, 24), Hours: "09:00-13:00"}))
	eve := time.Date(2024, time.December, 24, 0, 0, 0, 0, time.UTC)
	fmt.Println(c.Between(eve, eve.AddDate(0, 0, 1)))
	// Output: 4h0m0s
}

func ExampleSpec_Build() {
	var s calendar.Spec
	err := json.Unmarshal([]byte(`{
		"hours": "Mon-Fri 09:00-17:00",
		"zone": "Europe/London",
		"holidaySets": ["GB-ENG"],
		"special": [{"date": "2024-12-24", "hours": "09:00-13:00"}]
	}`), &s)
	if err != nil {
		panic(err)
	}
	c, err := s.Build()
	if err != nil {
		panic(err)
	}
	from := time.Date(2024, time.December, 23, 0, 0, 0, 0, c.Location())
	// Mon 8 h, Tue (Christmas Eve) 4 h, Wed and Thu bank holidays, Fri 8 h.
	fmt.Println(c.Between(from, from.AddDate(0, 0, 7)))
	// Output: 20h0m0s
}

func ExampleCalendar_Spec() {
	c := calendar.MustParse("mon-fri 9:00-17:00", load("Europe/London"), calendar.Holidays(date.New(2024, time.December, 31)))
	b, _ := json.Marshal(c.Spec())
	fmt.Println(string(b))
	// Output: {"hours":"Mon-Fri 09:00-17:00","zone":"Europe/London","holidays":["2024-12-31"]}
}

func ExampleCalendar_AddSpan() {
	c := calendar.MustParse("Mon-Fri 09:00-17:00", time.UTC)
	fri := time.Date(2024, time.March, 1, 16, 0, 0, 0, time.UTC)
	fmt.Println(c.AddSpan(fri, calendar.Span{Unit: calendar.WallTime, Duration: 2 * time.Hour}).Format(layout))
	fmt.Println(c.AddSpan(fri, calendar.Span{Unit: calendar.BusinessTime, Duration: 2 * time.Hour}).Format(layout))
	// Output:
	// Fri 2024-03-01 18:00 UTC
	// Mon 2024-03-04 10:00 UTC
}
