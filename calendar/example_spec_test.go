package calendar_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/slaeval/slaeval/calendar"
)

func ExampleSpec_Validate() {
	var s calendar.Spec
	if err := json.Unmarshal([]byte(`{"hours": "Mon-Fry 09:00-17:00", "special": [{"date": "2026-12-24", "hours": "09:00-25:00"}]}`), &s); err != nil {
		fmt.Println(err)
		return
	}
	err := s.Validate()
	var pe *calendar.ParseError
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		if errors.As(e, &pe) {
			fmt.Printf("%s: %v\n", pe.Path, pe.Err)
		}
	}
	// Output:
	// hours: invalid syntax: unknown day
	// special[0].hours: value out of range: hour > 24
}

func ExampleSpec_UnmarshalJSON() {
	var s calendar.Spec
	err := json.Unmarshal([]byte(`{"hours": "Mon-Fri 09:00-17:00", "holidays": ["2026-02-30"]}`), &s)
	fmt.Println(err)
	fmt.Println(errors.Is(err, calendar.ErrInvalidDate))
	// Output:
	// calendar: parse "2026-02-30" (at holidays[0]): date out of range: no such date: "2026-02-30" has day 30, but February 2026 has 28 days
	// true
}

func ExampleSpec_BuildWith() {
	// A host that builds many calendars loads each zone once.
	loaded := map[string]*time.Location{}
	load := func(name string) (*time.Location, error) {
		if loc, ok := loaded[name]; ok {
			return loc, nil
		}
		loc, err := time.LoadLocation(name)
		if err == nil {
			loaded[name] = loc
		}
		return loc, err
	}
	s := calendar.Spec{Union: []calendar.Spec{
		{Hours: "Mon-Fri 09:00-17:00", Zone: "Europe/London"},
		{Hours: "Sat 10:00-14:00", Zone: "Europe/London"},
	}}
	c, err := s.BuildWith(load)
	if err != nil {
		panic(err)
	}
	mon := time.Date(2024, time.December, 2, 0, 0, 0, 0, loaded["Europe/London"])
	// five days of 8 h and a Saturday of 4 h
	fmt.Println(len(loaded), c.Between(mon, mon.AddDate(0, 0, 7)))
	// Output: 1 44h0m0s
}
