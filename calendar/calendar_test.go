package calendar

import (
	"testing"
	"time"

	"github.com/rickb777/date/v2"
)

// ts parses an RFC 3339 instant; the explicit offset makes every test
// instant unambiguous, also inside DST gaps and repeated hours.
func ts(tb testing.TB, s string) time.Time {
	tb.Helper()
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

func d(s string) date.Date {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return date.NewAt(t)
}

// mustCal builds a calendar or fails the test.
func mustCal(tb testing.TB, spec, zone string, opts ...Option) *Calendar {
	tb.Helper()
	c, err := Parse(spec, mustLoad(tb, zone), opts...)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// TestZoneFacts pins the tz facts the hand-derived cases below rely on, so
// that a changed tz database shows up here and not as a puzzling failure.
func TestZoneFacts(t *testing.T) {
	for _, tc := range []struct {
		zone, before, after string // the last instant before and the first after a transition, as RFC 3339
	}{
		{"Europe/Berlin", "2024-03-31T01:59:59+01:00", "2024-03-31T03:00:00+02:00"},
		{"Europe/Berlin", "2024-10-27T02:59:59+02:00", "2024-10-27T02:00:00+01:00"},
		{"America/New_York", "2024-03-10T01:59:59-05:00", "2024-03-10T03:00:00-04:00"},
		{"America/New_York", "2024-11-03T01:59:59-04:00", "2024-11-03T01:00:00-05:00"},
		{"Australia/Lord_Howe", "2024-10-06T01:59:59+10:30", "2024-10-06T02:30:00+11:00"},
		{"Australia/Lord_Howe", "2024-04-07T01:59:59+11:00", "2024-04-07T01:30:00+10:30"},
		{"Pacific/Apia", "2011-12-29T23:59:59-10:00", "2011-12-31T00:00:00+14:00"},
	} {
		loc := mustLoad(t, tc.zone)
		b, a := ts(t, tc.before), ts(t, tc.after)
		if a.Sub(b) != time.Second {
			t.Errorf("%s: %s and %s are not one second apart", tc.zone, tc.before, tc.after)
		}
		if got := b.In(loc).Format(time.RFC3339); got != tc.before {
			t.Errorf("%s: %s shows as %s", tc.zone, tc.before, got)
		}
		if got := a.In(loc).Format(time.RFC3339); got != tc.after {
			t.Errorf("%s: %s shows as %s", tc.zone, tc.after, got)
		}
	}
}

func TestBetweenHandDerived(t *testing.T) {
	// A holiday far away forces the precomputed path for 24/7.
	far := Holidays(d("2190-01-01"))
	for _, tc := range []struct {
		name, spec, zone string
		opts             []Option
		from, to         string
		want             time.Duration
		reason           string
	}{
		{"plain week", "Mon-Fri 09:00-17:00", "UTC", nil, "2024-01-08T00:00:00Z", "2024-01-15T00:00:00Z", 40 * time.Hour, "5 days x 8 h"},
		{"plain partial", "Mon-Fri 09:00-17:00", "UTC", nil, "2024-01-10T12:00:00Z", "2024-01-11T10:00:00Z", 6 * time.Hour, "Wed 12-17 (5 h) + Thu 09-10 (1 h)"},
		{"plain reversed", "Mon-Fri 09:00-17:00", "UTC", nil, "2024-01-11T10:00:00Z", "2024-01-10T12:00:00Z", -6 * time.Hour, "Between(b, a) == -Between(a, b)"},
		{"plain weekend", "Mon-Fri 09:00-17:00", "UTC", nil, "2024-01-13T00:00:00Z", "2024-01-15T09:00:00Z", 0, "Sat, Sun closed; Mon opens at 09:00"},
		{"holiday", "Mon-Fri 09:00-17:00", "UTC", []Option{Holidays(d("2024-01-10"))}, "2024-01-08T00:00:00Z", "2024-01-15T00:00:00Z", 32 * time.Hour, "4 days x 8 h: Wed 10 Jan is a holiday"},
		{"lunch break", "Mon-Fri 09:00-12:00,13:00-17:00", "UTC", nil, "2024-01-08T11:00:00Z", "2024-01-08T14:00:00Z", 2 * time.Hour, "11-12 (1 h) + 13-14 (1 h)"},
		{"lunch week", "Mon-Fri 09:00-12:00,13:00-17:00", "UTC", nil, "2024-01-08T00:00:00Z", "2024-01-15T00:00:00Z", 35 * time.Hour, "5 days x (3 + 4) h"},
		{"overnight week", "Mon-Fri 22:00-06:00", "UTC", nil, "2024-01-08T00:00:00Z", "2024-01-15T00:00:00Z", 40 * time.Hour, "Mon 22-24 (2) + Tue-Fri 00-06 and 22-24 (4 x 8) + Sat 00-06 (6)"},
		{"overnight holiday on start day", "Mon-Fri 22:00-06:00", "UTC", []Option{Holidays(d("2024-01-10"))}, "2024-01-10T00:00:00Z", "2024-01-12T00:00:00Z", 8 * time.Hour, "Wed 00-06 (Tue's shift, 6) + Thu 22-24 (2); Wed's shift is removed"},
		{"overnight holiday on end day", "Mon-Fri 22:00-06:00", "UTC", []Option{Holidays(d("2024-01-11"))}, "2024-01-10T00:00:00Z", "2024-01-12T00:00:00Z", 14 * time.Hour, "Wed 00-06 (6) + Wed's shift 22-06 into Thu (8); Thu's own shift is removed"},

		{"Berlin 24x7 spring forward", "24/7", "Europe/Berlin", []Option{far}, "2024-03-31T00:00:00+01:00", "2024-04-01T00:00:00+02:00", 23 * time.Hour, "02:00 CET jumps to 03:00 CEST"},
		{"Berlin 24x7 fall back", "24/7", "Europe/Berlin", []Option{far}, "2024-10-27T00:00:00+02:00", "2024-10-28T00:00:00+01:00", 25 * time.Hour, "03:00 CEST falls back to 02:00 CET"},
		{"Berlin overnight spring forward", "Sat 22:00-06:00", "Europe/Berlin", nil, "2024-03-30T00:00:00+01:00", "2024-04-01T00:00:00+02:00", 7 * time.Hour, "Sat 22:00 CET (21:00Z) to Sun 06:00 CEST (04:00Z)"},
		{"Berlin overnight fall back", "Sat 22:00-06:00", "Europe/Berlin", nil, "2024-10-26T00:00:00+02:00", "2024-10-28T00:00:00+01:00", 9 * time.Hour, "Sat 22:00 CEST (20:00Z) to Sun 06:00 CET (05:00Z)"},
		{"Berlin start in gap", "Sun 02:30-05:00", "Europe/Berlin", nil, "2024-03-31T00:00:00+01:00", "2024-04-01T00:00:00+02:00", 2 * time.Hour, "02:30 does not exist: opens at the gap end 03:00 CEST (01:00Z), closes 05:00 CEST (03:00Z)"},
		{"Berlin end in gap", "Sun 00:00-02:30", "Europe/Berlin", nil, "2024-03-30T00:00:00+01:00", "2024-04-01T00:00:00+02:00", 2 * time.Hour, "00:00 CET (23:00Z) to the gap end 03:00 CEST (01:00Z)"},
		{"Berlin start in repeated hour", "Sun 02:30-05:00", "Europe/Berlin", nil, "2024-10-27T00:00:00+02:00", "2024-10-28T00:00:00+01:00", 3*time.Hour + 30*time.Minute, "first 02:30 is CEST (00:30Z); 05:00 CET is 04:00Z"},
		{"Berlin end in repeated hour", "Sun 00:00-02:30", "Europe/Berlin", nil, "2024-10-26T00:00:00+02:00", "2024-10-28T00:00:00+01:00", 2*time.Hour + 30*time.Minute, "00:00 CEST (22:00Z Sat) to the first 02:30, CEST (00:30Z)"},

		{"New York 24x7 spring forward", "24/7", "America/New_York", []Option{far}, "2024-03-10T00:00:00-05:00", "2024-03-11T00:00:00-04:00", 23 * time.Hour, "02:00 EST jumps to 03:00 EDT"},
		{"New York 24x7 fall back", "24/7", "America/New_York", []Option{far}, "2024-11-03T00:00:00-04:00", "2024-11-04T00:00:00-05:00", 25 * time.Hour, "02:00 EDT falls back to 01:00 EST"},
		{"New York overnight spring forward", "Sat 22:00-06:00", "America/New_York", nil, "2024-03-09T00:00:00-05:00", "2024-03-11T00:00:00-04:00", 7 * time.Hour, "Sat 22:00 EST (03:00Z) to Sun 06:00 EDT (10:00Z)"},
		{"New York overnight fall back", "Sat 22:00-06:00", "America/New_York", nil, "2024-11-02T00:00:00-04:00", "2024-11-04T00:00:00-05:00", 9 * time.Hour, "Sat 22:00 EDT (02:00Z) to Sun 06:00 EST (11:00Z)"},
		{"New York start in gap", "Sun 02:30-05:00", "America/New_York", nil, "2024-03-10T00:00:00-05:00", "2024-03-11T00:00:00-04:00", 2 * time.Hour, "opens at the gap end 03:00 EDT (07:00Z), closes 05:00 EDT (09:00Z)"},
		{"New York start in repeated hour", "Sun 01:30-05:00", "America/New_York", nil, "2024-11-03T00:00:00-04:00", "2024-11-04T00:00:00-05:00", 4*time.Hour + 30*time.Minute, "first 01:30 is EDT (05:30Z); 05:00 EST is 10:00Z"},
		{"New York end in repeated hour", "Sun 00:00-01:30", "America/New_York", nil, "2024-11-02T00:00:00-04:00", "2024-11-04T00:00:00-05:00", 90 * time.Minute, "00:00 EDT (04:00Z) to the first 01:30, EDT (05:30Z)"},

		{"Lord Howe 24x7 spring forward", "24/7", "Australia/Lord_Howe", []Option{far}, "2024-10-06T00:00:00+10:30", "2024-10-07T00:00:00+11:00", 23*time.Hour + 30*time.Minute, "02:00 jumps to 02:30"},
		{"Lord Howe 24x7 fall back", "24/7", "Australia/Lord_Howe", []Option{far}, "2024-04-07T00:00:00+11:00", "2024-04-08T00:00:00+10:30", 24*time.Hour + 30*time.Minute, "02:00 falls back to 01:30"},
		{"Lord Howe start in gap", "Sun 02:00-04:00", "Australia/Lord_Howe", nil, "2024-10-06T00:00:00+10:30", "2024-10-07T00:00:00+11:00", 90 * time.Minute, "opens at the gap end 02:30 (+11), closes 04:00 (+11)"},
		{"Lord Howe start in repeated half hour", "Sun 01:45-03:00", "Australia/Lord_Howe", nil, "2024-04-07T00:00:00+11:00", "2024-04-08T00:00:00+10:30", 105 * time.Minute, "first 01:45 is +11 (14:45Z); 03:00 +10:30 is 16:30Z"},

		{"Apia 24x7 skipped day", "24/7", "Pacific/Apia", []Option{far}, "2011-12-29T00:00:00-10:00", "2011-12-31T00:00:00+14:00", 24 * time.Hour, "Dec 29 00:00 -10 (10:00Z) to Dec 31 00:00 +14 (Dec 30 10:00Z): Dec 30 never happened"},
		{"Apia daily hours over the skip", "Mon-Sun 09:00-17:00", "Pacific/Apia", nil, "2011-12-29T00:00:00-10:00", "2012-01-01T00:00:00+14:00", 16 * time.Hour, "Dec 29 and Dec 31, 8 h each; Dec 30 has no hours"},
		{"Apia overnight into the skip", "Thu 22:00-06:00", "Pacific/Apia", nil, "2011-12-29T00:00:00-10:00", "2012-01-01T00:00:00+14:00", 2 * time.Hour, "Thu Dec 29 22:00 -10 to Fri Dec 30 06:00, which does not exist: the gap end, Dec 31 00:00 +14"},
		{"Apia Friday skipped", "Fri 09:00-17:00", "Pacific/Apia", nil, "2011-12-26T00:00:00-10:00", "2012-01-02T00:00:00+14:00", 0, "the only Friday of that week, Dec 30, does not exist"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := mustCal(t, tc.spec, tc.zone, tc.opts...)
			from, to := ts(t, tc.from), ts(t, tc.to)
			if got := c.Between(from, to); got != tc.want {
				t.Errorf("Between(%s, %s) = %v, want %v (%s)", tc.from, tc.to, got, tc.want, tc.reason)
			}
		})
	}
}

func TestAddHandDerived(t *testing.T) {
	for _, tc := range []struct {
		name, spec, zone string
		from             string
		d                time.Duration
		want             string
		reason           string
	}{
		{"within a day", "Mon-Fri 09:00-17:00", "UTC", "2024-01-08T10:00:00Z", 2 * time.Hour, "2024-01-08T12:00:00Z", "10:00 + 2 h"},
		{"over the weekend", "Mon-Fri 09:00-17:00", "UTC", "2024-01-12T16:00:00Z", 2 * time.Hour, "2024-01-15T10:00:00Z", "Fri 16-17 (1 h), Mon 09-10 (1 h)"},
		{"from closed time", "Mon-Fri 09:00-17:00", "UTC", "2024-01-13T12:00:00Z", time.Hour, "2024-01-15T10:00:00Z", "opens Mon 09:00"},
		{"earliest at a close", "Mon-Fri 09:00-12:00,13:00-17:00", "UTC", "2024-01-08T11:00:00Z", time.Hour, "2024-01-08T12:00:00Z", "earliest: 12:00, not 13:00"},
		{"across lunch", "Mon-Fri 09:00-12:00,13:00-17:00", "UTC", "2024-01-08T11:30:00Z", time.Hour, "2024-01-08T13:30:00Z", "11:30-12:00 then 13:00-13:30"},
		{"backwards latest at an open", "Mon-Fri 09:00-12:00,13:00-17:00", "UTC", "2024-01-08T14:00:00Z", -time.Hour, "2024-01-08T13:00:00Z", "latest: 13:00, not 12:00"},
		{"backwards across lunch", "Mon-Fri 09:00-12:00,13:00-17:00", "UTC", "2024-01-08T13:30:00Z", -time.Hour, "2024-01-08T11:30:00Z", "13:00-13:30 then 11:30-12:00"},
		{"backwards over the weekend", "Mon-Fri 09:00-17:00", "UTC", "2024-01-15T10:00:00Z", -2 * time.Hour, "2024-01-12T16:00:00Z", "Mon 09-10, Fri 16-17"},
		{"zero", "Mon-Fri 09:00-17:00", "UTC", "2024-01-13T12:00:00Z", 0, "2024-01-13T12:00:00Z", "Add(t, 0) == t even when closed"},
		{"Berlin overnight spring forward", "Sat 22:00-06:00", "Europe/Berlin", "2024-03-30T22:00:00+01:00", 7 * time.Hour, "2024-03-31T06:00:00+02:00", "the shift lasts 7 h"},
		{"Berlin overnight fall back", "Sat 22:00-06:00", "Europe/Berlin", "2024-10-26T22:00:00+02:00", 9 * time.Hour, "2024-10-27T06:00:00+01:00", "the shift lasts 9 h"},
		{"seed support 24 h from Fri 21:00", "Mon-Fri 07:30-22:00", "Europe/Berlin", "2024-03-01T21:00:00+01:00", 24 * time.Hour, "2024-03-05T16:00:00+01:00", "Fri 21-22 (1 h), Mon 07:30-22:00 (14.5 h), then 24 - 15.5 = 8.5 h after Tue 07:30"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := mustCal(t, tc.spec, tc.zone)
			from, want := ts(t, tc.from), ts(t, tc.want)
			if got := c.Add(from, tc.d); !got.Equal(want) {
				t.Errorf("Add(%s, %v) = %v, want %v (%s)", tc.from, tc.d, got.Format(time.RFC3339), tc.want, tc.reason)
			}
		})
	}
}
