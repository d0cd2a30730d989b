package metric

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/slaeval/slaeval/calendar"
)

// decodeEvents turns fuzz bytes into a time-ordered event stream: each
// triple is (kind, gap in minutes, priority).
func decodeEvents(data []byte) []Event {
	prios := []string{"", "urgent", "low", "normal"}
	at := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	var events []Event
	for i := 0; i+2 < len(data) && len(events) < 200; i += 3 {
		at = at.Add(time.Duration(data[i+1]) * 7 * time.Minute)
		e := Event{Kind: propKinds[int(data[i])%len(propKinds)], At: at}
		if p := prios[int(data[i+2])%len(prios)]; p != "" {
			e.Attrs = []Attr{{Key: "priority", Value: p}}
		}
		events = append(events, e)
	}
	return events
}

// FuzzClock feeds random event streams to a clock (24×7, or business hours
// when restart's high bit is set): no panic, and the clock
// agrees with the span-walking reference (elapsed, breach instant, due,
// cycles) and keeps 0 ≤ elapsed ≤ wall time.
func FuzzClock(f *testing.F) {
	f.Add([]byte{0, 0, 0, 1, 10, 0, 2, 20, 1, 3, 30, 0}, uint8(0), uint16(0))
	f.Add([]byte{0, 0, 1, 4, 5, 2, 4, 50, 0, 3, 1, 1}, uint8(1), uint16(90))
	f.Add([]byte{3, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0}, uint8(2), uint16(600))
	f.Add([]byte{0, 0, 0, 1, 10, 0, 2, 200, 1, 3, 30, 0}, uint8(0x80), uint16(900))
	office := officeHours(f)
	f.Fuzz(func(t *testing.T, data []byte, restart uint8, asOfMinutes uint16) {
		var cal *calendar.Calendar
		if restart&0x80 != 0 { // high bit: Mon–Fri 08–18 business hours
			cal = office
		}
		spec := propSpec(Restart(restart%3), cal)
		checkAgainstRef(t, spec, decodeEvents(data), time.Duration(asOfMinutes)*time.Minute)
	})
}

// FuzzParseGrid: no panic; an accepted grid's period contains the instant
// and the next period starts where it ends.
func FuzzParseGrid(f *testing.F) {
	for _, s := range []string{"P1M", "P1W", "P3M", "P1Y", "P7D", "P1D", "P2M", "PT1H", "x"} {
		f.Add(s, int64(1770000000))
	}
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, iso string, unix int64) {
		if unix < -1e11 || unix > 1e11 {
			return
		}
		g, err := ParseGrid(iso, london)
		if w, werr := ParseWindow(iso, london); werr == nil {
			p := w.Ending(time.Unix(unix, 0))
			if p.End.Before(p.Start) {
				t.Fatalf("window %s ends before it starts: %v", iso, p)
			}
		}
		if err != nil {
			return
		}
		x := time.Unix(unix, 0)
		p := g.At(x)
		if !p.Contains(x) {
			t.Fatalf("%s: At(%v) = %v does not contain it", iso, x, p)
		}
		if n := g.Next(p); !n.Start.Equal(p.End) || !n.End.After(n.Start) {
			t.Fatalf("%s: Next(%v) = %v", iso, p, n)
		}
	})
}

// FuzzClockState: a snapshot restored from arbitrary JSON (a corrupted
// database row) never makes Apply, Status or NextChange panic.
func FuzzClockState(f *testing.F) {
	f.Add([]byte(`{"phase":1,"target":2,"cycles":1,"start":"2026-03-02T09:00:00Z","since":"2026-03-02T09:00:00Z","elapsed":0,"last":"2026-03-02T09:00:00Z","crossed":[0,0,0,0,0,0,0,0]}`))
	f.Add([]byte(`{"phase":9,"target":255,"elapsed":-5,"crossed":[-1,1,2,3,4,5,6,7]}`))
	f.Add([]byte(`{"phase":2,"elapsed":9223372036854775807,"since":"0001-01-01T00:00:00Z"}`))
	office := officeHours(f)
	clocks := []*Clock{MustClock(propSpec(RestartResume, nil)), MustClock(propSpec(RestartNewCycle, office))}
	f.Fuzz(func(t *testing.T, data []byte) {
		var s ClockState
		if json.Unmarshal(data, &s) != nil {
			return
		}
		for _, c := range clocks {
			s2 := s
			asOf := time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC)
			_ = c.Status(s2, asOf)
			_, _ = c.NextChange(s2, asOf)
			for _, k := range propKinds {
				_, _ = c.Apply(&s2, &Event{Kind: k, At: asOf, Attrs: []Attr{{Key: "priority", Value: "urgent"}}})
				_ = c.Status(s2, asOf)
				_, _ = c.NextChange(s2, asOf)
			}
		}
	})
}
