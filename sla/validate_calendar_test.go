package sla

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/rickb777/date/v2"
	"github.com/slaeval/slaeval/calendar"
)

// calendarInvalidCases join invalidCases (and so TestInvalidDocuments and
// TestSchemaInvalidDocuments). Each expected problem is read off the
// document against the calendar package's rules (calendar/doc.go).
var calendarInvalidCases = []struct {
	file          string
	reason        string
	want          []problem
	schemaRejects bool
}{
	{"bad-calendars", "a bad hours spec, overlapping intervals, an unknown zone and holiday set, a date out of range, bad and duplicate special days, a bad zone inside a union", []problem{
		{"versions[0].calendars.support-hours.hours", ErrInvalid},      // "Fry" is not a day
		{"versions[0].calendars.overlap.hours", ErrInvalid},            // 09:00-12:00 and 11:00-13:00 overlap
		{"versions[0].calendars.office.zone", ErrZone},                 // Europe/Lundon
		{"versions[0].calendars.office.holidaySets[1]", ErrInvalid},    // XX-YY is no holiday set
		{"versions[0].calendars.office.holidays[1]", ErrRange},         // year 0 is outside 1–9999
		{"versions[0].calendars.office.special[0].hours", ErrInvalid},  // 25:00 is past 24:00
		{"versions[0].calendars.office.special[2].date", ErrDuplicate}, // 2026-12-24 again
		{"versions[0].calendars.sun.union[1].zone", ErrZone},           // America/New_Yrok
	}, false},
	{"bad-combinations", "a union with hours and a zone of its own and a part without hours; a calendar both union and intersection", []problem{
		{"versions[0].calendars.sun.hours", ErrInvalid},
		{"versions[0].calendars.sun.zone", ErrInvalid},
		{"versions[0].calendars.sun.union[1].hours", ErrMissing},
		{"versions[0].calendars.both.intersection", ErrInvalid},
	}, true},
}

func init() { invalidCases = append(invalidCases, calendarInvalidCases...) }

// TestCalendarProblemMessages: the messages quote what is wrong, so that a
// contract manager can find it.
func TestCalendarProblemMessages(t *testing.T) {
	data, err := os.ReadFile("testdata/invalid/bad-calendars.json")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Decode(data)
	want := map[string]string{
		"versions[0].calendars.support-hours.hours":     `"Fry"`,
		"versions[0].calendars.office.holidaySets[1]":   `"XX-YY"`,
		"versions[0].calendars.office.holidays[1]":      "0000-01-01",
		"versions[0].calendars.office.special[0].hours": `"09:00-25:00"`,
		"versions[0].calendars.sun.union[1].zone":       `"America/New_Yrok"`,
	}
	for _, p := range Problems(err) {
		if w, ok := want[p.Path]; ok {
			if !strings.Contains(p.Msg, w) {
				t.Errorf("problem at %s = %q, want it to mention %s", p.Path, p.Msg, w)
			}
			delete(want, p.Path)
		}
	}
	for path := range want {
		t.Errorf("no problem reported at %s", path)
	}
}

func minimalAgreement(t *testing.T) Agreement {
	t.Helper()
	data, err := os.ReadFile("testdata/agreements/minimal.json")
	if err != nil {
		t.Fatal(err)
	}
	a, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestValidateCalendarSpecs(t *testing.T) {
	nested := func(depth int) calendar.Spec {
		s := calendar.Spec{Hours: "24/7"}
		for range depth {
			s = calendar.Spec{Union: []calendar.Spec{s}}
		}
		return s
	}
	deep := "versions[0].calendars.c" + strings.Repeat(".union[0]", 17)
	tests := []struct {
		name string
		spec calendar.Spec
		want []problem
	}{
		{"follow the sun", calendar.Spec{Union: []calendar.Spec{
			{Hours: "Mon-Fri 08:00-17:00", Zone: "Europe/Berlin"},
			{Hours: "Mon-Fri 08:00-17:00", Zone: "America/New_York"},
		}}, nil},
		{"intersection of a union", calendar.Spec{Intersection: []calendar.Spec{
			{Hours: "Mon-Sat 07:00-20:00", Zone: "Europe/London", HolidaySets: []string{"GB-ENG"}},
			nested(2),
		}}, nil},
		{"16 deep is allowed", nested(16), nil},
		// Depth 17 is one past the calendar package's limit; its innermost
		// part is the one 17 unions down.
		{"17 deep", nested(17), []problem{{deep, ErrRange}}},
		{"empty hours", calendar.Spec{Zone: "UTC"}, []problem{{"versions[0].calendars.c.hours", ErrMissing}}},
		{"empty holiday set name", calendar.Spec{Hours: "24/7", HolidaySets: []string{""}}, []problem{{"versions[0].calendars.c.holidaySets[0]", ErrMissing}}},
		{"holiday sets of issue 18, in any case", calendar.Spec{Hours: "24/7", HolidaySets: []string{"FR", "it", "ES", "NL", "AU-NSW", "jp", "CH-ZH"}}, nil},
		{"no Ontario list in rickar/cal", calendar.Spec{Hours: "24/7", HolidaySets: []string{"CA-ON"}}, []problem{{"versions[0].calendars.c.holidaySets[0]", ErrInvalid}}},
		{"hours past 24:00", calendar.Spec{Hours: "Mon 09:00-24:30"}, []problem{{"versions[0].calendars.c.hours", ErrInvalid}}},
		{"intersection part with a holiday of year 10000", calendar.Spec{Intersection: []calendar.Spec{
			{Hours: "24/7", Special: []calendar.SpecialDay{{Date: mustDate(t, "+10000-01-01")}}},
		}}, []problem{{"versions[0].calendars.c.intersection[0].special[0].date", ErrRange}}},
		{"special days on combinations", calendar.Spec{
			Holidays:    []date.Date{mustDate(t, "2026-12-25")},
			HolidaySets: []string{"US"},
			Special:     []calendar.SpecialDay{{Date: mustDate(t, "2026-12-24")}},
			Union:       []calendar.Spec{{Hours: "24/7"}},
		}, []problem{
			{"versions[0].calendars.c.holidaySets", ErrInvalid},
			{"versions[0].calendars.c.holidays", ErrInvalid},
			{"versions[0].calendars.c.special", ErrInvalid},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := minimalAgreement(t)
			a.Versions[0].Calendars = map[string]calendar.Spec{"c": tc.spec}
			err := a.Validate()
			var got []problem
			for _, p := range Problems(err) {
				got = append(got, problem{p.Path, p.Err})
			}
			sortProblems(got)
			sortProblems(tc.want)
			if len(got) != len(tc.want) {
				t.Fatalf("Validate() = %v, want %d problems %v", err, len(tc.want), tc.want)
			}
			for i := range got {
				if got[i].Path != tc.want[i].Path || !errors.Is(got[i].Err, tc.want[i].Err) {
					t.Errorf("problem %d = %s (%v), want %s (%v)", i, got[i].Path, got[i].Err, tc.want[i].Path, tc.want[i].Err)
				}
			}
			if tc.want == nil {
				if _, err := tc.spec.Build(); err != nil {
					t.Errorf("Validate accepts a spec that Build rejects: %v", err)
				}
			}
		})
	}
}

func mustDate(t *testing.T, s string) date.Date {
	t.Helper()
	d, err := date.ParseISO(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
