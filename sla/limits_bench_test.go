package sla

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// hostileDoc returns the minimal agreement (testdata/agreements/minimal.json)
// with the calendars given as the JSON text of a "calendars" object
// (without braces), the first of them the objective's calendar.
func hostileDoc(tb testing.TB, calendars string) []byte {
	tb.Helper()
	data, err := os.ReadFile("testdata/agreements/minimal.json")
	if err != nil {
		tb.Fatal(err)
	}
	s := strings.Replace(string(data), `"services": [{"id": "s", "name": "Service", "provider": "p"}]`,
		`"calendars": {`+calendars+`},
     "services": [{"id": "s", "name": "Service", "provider": "p", "hours": "c0"}]`, 1)
	if s == string(data) {
		tb.Fatal("minimal.json has changed: the services line is not found")
	}
	return []byte(s)
}

// manyHolidays is calendar c0 with n holidays from 2027-01-01 on, one a
// day, the last replaced by bad when bad is not "".
func manyHolidays(n int, bad string) string {
	var b strings.Builder
	b.WriteString(`"c0": {"hours": "Mon-Fri 09:00-17:00", "zone": "Europe/London", "holidays": [`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		d := fmt.Sprintf("%q", isoDay(i))
		if i == n-1 && bad != "" {
			d = fmt.Sprintf("%q", bad)
		}
		b.WriteString(d)
	}
	b.WriteString("]}")
	return b.String()
}

// manySpecialDays is calendar c0 with n special days from 2027-01-01 on,
// the last with hours badHours when that is not "".
func manySpecialDays(n int, badHours string) string {
	var b strings.Builder
	b.WriteString(`"c0": {"hours": "Mon-Fri 09:00-17:00", "zone": "Europe/London", "special": [`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		h := "10:00-12:00"
		if i == n-1 && badHours != "" {
			h = badHours
		}
		fmt.Fprintf(&b, `{"date": %q, "hours": %q}`, isoDay(i), h)
	}
	b.WriteString("]}")
	return b.String()
}

// manyCalendars is n calendars c0, c1, ..., each with its own hours; only
// c0 is used.
func manyCalendars(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"c%d": {"hours": "Mon-Fri 09:%02d-17:00", "zone": "Europe/London"}`, i, i%60)
	}
	return b.String()
}

// isoDay is the date i days after 2027-01-01.
func isoDay(i int) string {
	y, d := 2027, i
	for {
		n := 365
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			n = 366
		}
		if d < n {
			break
		}
		d -= n
		y++
	}
	m := []int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		m[1] = 29
	}
	mo := 0
	for d >= m[mo] {
		d -= m[mo]
		mo++
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, mo+1, d+1)
}

// BenchmarkDecodeNewEvaluator measures what a host pays to take an
// agreement in: Decode, then NewEvaluator (also when Decode reported
// problems). The hostile agreements are those of issue 16 (a few hundred KB
// of JSON each); within the default limits they are refused.
func BenchmarkDecodeNewEvaluator(b *testing.B) {
	support, err := os.ReadFile("testdata/agreements/support-desk.json")
	if err != nil {
		b.Fatal(err)
	}
	cases := []struct {
		name  string
		doc   []byte
		valid bool
	}{
		{"support-desk", support, true},
		{"special-10000-one-bad", hostileDoc(b, manySpecialDays(10000, "09:00-25:00")), false},
		{"holidays-40000-one-bad", hostileDoc(b, manyHolidays(40000, "0000-01-01")), false},
		{"calendars-5000-unused", hostileDoc(b, manyCalendars(5000)), false},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(c.doc)))
			for b.Loop() {
				// Decode returns the agreement with its problems; a host
				// that goes on to NewEvaluator pays for both.
				a, err1 := Decode(c.doc)
				_, err2 := NewEvaluator(a)
				if c.valid && (err1 != nil || err2 != nil) {
					b.Fatal(err1, err2)
				}
			}
		})
	}
}
