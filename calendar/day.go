package calendar

import (
	"time"

	"github.com/rickb777/date/v2"
)

// StartOfDay returns the first instant of local date d in the calendar's
// zone: the first instant at which the wall clock reads d 00:00 or later. A
// day whose midnight falls in a DST gap starts at the gap's end (Go's
// time.Date would normalise it differently), and a day that does not exist
// at all (Pacific/Apia, 2011-12-30) starts, and ends, at the start of the
// next day. For a union or intersection the zone is that of Location. It
// does not allocate.
func (c *Calendar) StartOfDay(d date.Date) time.Time {
	loc := c.Location()
	wall := (int64(d) - date.ZeroOffset) * daySec
	return time.Unix(firstAtOrAfter(loc, wall), 0).In(loc)
}

// firstAtOrAfter is boundary without precomputed segments: it walks the
// zone's segments forward from an instant whose wall clock is surely
// earlier than wall (offsets are within ±15 h).
func firstAtOrAfter(loc *time.Location, wall int64) int64 {
	p := wall - 15*3600
	for range 64 {
		t := time.Unix(p, 0).In(loc)
		_, off := t.Zone()
		_, end := t.ZoneBounds()
		if !end.IsZero() && end.Unix() <= p {
			// Go's stalled year-end bound (see zoneSegs): off holds for
			// the rest of the UTC year. Stepping on an hour at a time, as
			// this did, skipped the instants of that day whose wall clock
			// was wall (2040-12-31 in New York began at 19:00).
			end = time.Unix(yearStart(t.UTC().Year()+1), 0)
		}
		c := max(p, wall-int64(off))
		if end.IsZero() || c < end.Unix() {
			return c
		}
		p = end.Unix()
	}
	return wall // unreachable for real zones
}
