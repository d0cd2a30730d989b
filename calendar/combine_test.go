package calendar

import (
	"testing"
	"time"
)

// Follow-the-sun: Berlin and New York, 08:00-17:00 at both sites.
//
// Berlin 08:00-17:00 is 07:00-16:00Z in winter (CET, +1) and 06:00-15:00Z in
// summer (CEST, +2). New York 08:00-17:00 is 13:00-22:00Z in winter (EST, -5)
// and 12:00-21:00Z in summer (EDT, -4). In 2024 the US changed on 10 March,
// Europe on 31 March.
//
//	weeks          Berlin    New York   overlap          union
//	both winter    07-16Z    13-22Z     13-16Z = 3 h     07-22Z = 15 h
//	US summer only 07-16Z    12-21Z     12-16Z = 4 h     07-21Z = 14 h
//	both summer    06-15Z    12-21Z     12-15Z = 3 h     06-21Z = 15 h
func TestFollowTheSun(t *testing.T) {
	berlin := mustCal(t, "Mon-Fri 08:00-17:00", "Europe/Berlin")
	ny := mustCal(t, "Mon-Fri 08:00-17:00", "America/New_York")
	u, x := Union(berlin, ny), Intersection(berlin, ny)
	for _, tc := range []struct {
		name         string
		from, to     string
		union, inter time.Duration
	}{
		{"Tue, both winter", "2024-03-05T00:00:00Z", "2024-03-06T00:00:00Z", 15 * time.Hour, 3 * time.Hour},
		{"Tue, US summer only", "2024-03-12T00:00:00Z", "2024-03-13T00:00:00Z", 14 * time.Hour, 4 * time.Hour},
		{"Tue, both summer", "2024-04-02T00:00:00Z", "2024-04-03T00:00:00Z", 15 * time.Hour, 3 * time.Hour},
		{"week of 4 Mar, both winter", "2024-03-04T00:00:00Z", "2024-03-11T00:00:00Z", 75 * time.Hour, 15 * time.Hour},
		{"week of 11 Mar, US summer only", "2024-03-11T00:00:00Z", "2024-03-18T00:00:00Z", 70 * time.Hour, 20 * time.Hour},
		{"week of 25 Mar, US summer only", "2024-03-25T00:00:00Z", "2024-04-01T00:00:00Z", 70 * time.Hour, 20 * time.Hour},
		{"three weeks 11-29 Mar", "2024-03-11T00:00:00Z", "2024-04-01T00:00:00Z", 210 * time.Hour, 60 * time.Hour},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := ts(t, tc.from), ts(t, tc.to)
			if got := u.Between(a, b); got != tc.union {
				t.Errorf("union Between(%s, %s) = %v, want %v", tc.from, tc.to, got, tc.union)
			}
			if got := x.Between(a, b); got != tc.inter {
				t.Errorf("intersection Between(%s, %s) = %v, want %v", tc.from, tc.to, got, tc.inter)
			}
		})
	}
	// US summer only, Tue 12 Mar: the overlap opens at 12:00Z (08:00 EDT) and
	// closes at 16:00Z (17:00 CET); the union runs 07:00Z to 21:00Z.
	at := ts(t, "2024-03-12T06:00:00Z")
	checkNext(t, "intersection NextOpen", "06:00Z", "2024-03-12T12:00:00Z", "08:00 EDT")(x.NextOpen(at))
	checkNext(t, "intersection NextClose", "06:00Z", "2024-03-12T16:00:00Z", "17:00 CET")(x.NextClose(at))
	checkNext(t, "union NextOpen", "06:00Z", "2024-03-12T07:00:00Z", "08:00 CET")(u.NextOpen(at))
	checkNext(t, "union NextClose", "06:00Z", "2024-03-12T21:00:00Z", "17:00 EDT")(u.NextClose(at))
	if got, want := x.Add(at, 5*time.Hour), ts(t, "2024-03-13T13:00:00Z"); !got.Equal(want) {
		t.Errorf("intersection Add(06:00Z Tue, 5h) = %v, want %v (4 h on Tue, 1 h from 12:00Z Wed)", got, want)
	}
}

func TestCombineIdentities(t *testing.T) {
	c := mustCal(t, "Mon-Fri 09:00-12:00,13:00-17:00; Sat 22:00-06:00", "Europe/Berlin", HolidaySets("DE-BE"))
	always := mustCal(t, "24/7", "America/New_York")
	for name, got := range map[string]*Calendar{
		"Union(c, c)":           Union(c, c),
		"Intersection(c, 24/7)": Intersection(c, always),
		"Intersection(c, nil)":  Intersection(c, nil),
		"Intersection(c, c)":    Intersection(c, c),
		"Union(c)":              Union(c),
		"Union(c, Union())":     Union(c, Union()),
	} {
		// Same runs and patterns: the same calendar, not just close.
		if len(got.tl.runs) != len(c.tl.runs) || got.tl.endCum != c.tl.endCum {
			t.Errorf("%s: %d runs, %d s open; c has %d runs, %d s", name, len(got.tl.runs), got.tl.endCum, len(c.tl.runs), c.tl.endCum)
		}
		a := ts(t, "2024-03-25T00:00:00+01:00")
		for i := range 60 {
			b := a.Add(time.Duration(i) * 37 * time.Hour)
			if g, w := got.Between(a, b), c.Between(a, b); g != w {
				t.Errorf("%s: Between(%v, %v) = %v, want %v", name, a, b, g, w)
			}
		}
	}
	if u := Union(c, always); u.tl != nil || !u.IsOpen(ts(t, "2024-12-25T03:00:00Z")) {
		t.Errorf("Union(c, 24/7) is not 24/7")
	}
}
