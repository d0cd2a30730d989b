package calendar

import (
	"testing"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
	"pgregory.net/rapid"
)

// TestAddMonths: the month-end rule contracts use (DESIGN.md, "Periods"):
// the same day of the month, else the target month's last day. Expected
// dates are read off a printed calendar (2028 is a leap year, 2026 and
// 2029 are not).
func TestAddMonths(t *testing.T) {
	tests := []struct {
		name   string
		d      date.Date
		n      int
		want   date.Date
		reason string
	}{
		{"six months after 31 December", ymd(2025, 12, 31), 6, ymd(2026, 6, 30), "June has 30 days (Go's AddDate gives 1 July)"},
		{"one year after 29 February", ymd(2028, 2, 29), 12, ymd(2029, 2, 28), "2029 is not a leap year (Go gives 1 March)"},
		{"one month after 31 January", ymd(2026, 1, 31), 1, ymd(2026, 2, 28), "February 2026 has 28 days"},
		{"one month after 31 January in a leap year", ymd(2028, 1, 31), 1, ymd(2028, 2, 29), "February 2028 has 29 days"},
		{"one month before 31 March", ymd(2026, 3, 31), -1, ymd(2026, 2, 28), "backwards too"},
		{"a day that exists is kept", ymd(2026, 1, 15), 13, ymd(2027, 2, 15), "15 February 2027 exists"},
		{"month end to a longer month stays on the day", ymd(2026, 2, 28), 1, ymd(2026, 3, 28), "28 March, not 31: the day is kept, not the month end"},
		{"zero months", ymd(2026, 5, 31), 0, ymd(2026, 5, 31), "n == 0 is d"},
		{"across year 0", ymd(1, 1, 31), -13, ymd(-1, 12, 31), "proleptic Gregorian, year 0 exists: 31 Dec of year -1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := AddMonths(tt.d, tt.n); got != tt.want {
				t.Errorf("AddMonths(%v, %d) = %v, want %v (%s)", tt.d, tt.n, got, tt.want, tt.reason)
			}
		})
	}
}

// slowAddMonths steps month by month from the first of d's month, then
// takes d's day or, when the month is shorter, its last day found by
// walking days until the month changes.
func slowAddMonths(d date.Date, n int) date.Date {
	y, m, dd := d.Date()
	first := date.New(y, m, 1)
	for ; n > 0; n-- {
		first = date.New(first.Year(), first.Month()+1, 1)
	}
	for ; n < 0; n++ {
		first = date.New(first.Year(), first.Month()-1, 1)
	}
	r := first
	for i := 1; i < dd && (r+1).Month() == first.Month(); i++ {
		r++
	}
	return r
}

func TestPropAddMonthsMatchesReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := date.New(1900, 1, 1) + date.Date(rapid.IntRange(0, 200*366).Draw(t, "d"))
		n := rapid.IntRange(-300, 300).Draw(t, "n")
		if got, want := AddMonths(d, n), slowAddMonths(d, n); got != want {
			t.Fatalf("AddMonths(%v, %d) = %v, want %v", d, n, got, want)
		}
	})
}

// TestAddPeriod: whole periods added to instants in London, with the
// month-end rule for the date part and the wall-clock time kept across a
// DST change (BST starts Sun 29 March 2026).
func TestAddPeriod(t *testing.T) {
	lon := mustLoad(t, "Europe/London")
	at := func(y int, m time.Month, dd, h, mi int) time.Time { return time.Date(y, m, dd, h, mi, 0, 0, lon) }
	tests := []struct {
		name   string
		t      time.Time
		p      string
		want   time.Time
		reason string
	}{
		{"six months after 31 December", at(2025, 12, 31, 0, 0), "P6M", at(2026, 6, 30, 0, 0), "30 June"},
		{"one year after 29 February", at(2028, 2, 29, 12, 0), "P1Y", at(2029, 2, 28, 12, 0), "28 February, same time"},
		{"month and days", at(2026, 1, 31, 9, 0), "P1M2D", at(2026, 3, 2, 9, 0), "28 Feb, then two days: 2 March"},
		{"days across the DST change keep the wall time", at(2026, 3, 28, 9, 0), "P2D", at(2026, 3, 30, 9, 0), "09:00 BST, 47 hours later"},
		{"hours are elapsed time", at(2026, 3, 28, 9, 0), "PT48H", at(2026, 3, 30, 10, 0), "48 h across the lost hour reads 10:00"},
		{"weeks", at(2026, 1, 31, 0, 0), "P2W", at(2026, 2, 14, 0, 0), "14 days"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := AddPeriod(tt.t, period.MustParse(tt.p))
			if !ok || !got.Equal(tt.want) {
				t.Errorf("AddPeriod(%v, %s) = %v, %v, want %v, true (%s)", tt.t, tt.p, got, ok, tt.want, tt.reason)
			}
		})
	}
	if got, ok := AddPeriod(at(2026, 1, 1, 0, 0), period.MustParse("P1.5M")); ok || !got.IsZero() {
		t.Errorf("AddPeriod(P1.5M) = %v, %v, want the zero time, false", got, ok)
	}
}
