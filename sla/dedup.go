package sla

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/slaeval/slaeval/internal/hashset"
)

// De-duplicating the events that have no per-subject state.
//
// A subject with clocks, deadlines or availability remembers the IDs of
// its own events (idset.go). The events that only feed period aggregates
// — volumes, percentiles of values, the done events of period-end
// deadlines — and usage events have no such subject, so the evaluator
// remembers their IDs itself: the 64-bit hash of each applied one, grouped
// by the calendar month (in the agreement's zone) of the event's instant.
// An event whose hash is in its month's group is a duplicate.
//
// At most MaxEventIDs hashes are kept. The one that would go past it
// releases the oldest month's group first, and marks that month's end:
// from then on an event without per-subject state dated before the mark
// is rejected with ErrIDsReleased (counted under ReasonIDsReleased), since
// it could be a re-send that would otherwise count twice. An event of the
// month still being filled when that month alone holds MaxEventIDs hashes
// is rejected the same way: shard such a stream (partials merge).

// MaxEventIDs is the most event ID hashes an evaluator keeps for events
// without per-subject state (8 to 16 bytes each in memory, 8 in a
// Partial: at most 16 MiB).
const MaxEventIDs = 1 << 20

// eventIDs is the ID set of the events without per-subject state.
type eventIDs struct {
	months   map[int64]*monthIDs // by month start, Unix nanoseconds
	n        int                 // hashes held, over all months
	released time.Time           // events before it are rejected (zero: none)
	limit    int                 // tests: a bound below MaxEventIDs; 0: MaxEventIDs
}

// max is the bound on n.
func (d *eventIDs) max() int {
	if d.limit > 0 {
		return d.limit
	}
	return MaxEventIDs
}

// monthIDs holds the hashes of one month's events.
type monthIDs struct {
	end time.Time
	ids hashset.Set // internal/hashset
}

// seen reports whether h is held for the month starting at start.
func (d *eventIDs) seen(start int64, h uint64) bool {
	m := d.months[start]
	return m != nil && m.ids.Has(h)
}

// releasedAt reports whether the IDs of instant t are no longer kept.
func (d *eventIDs) releasedAt(t time.Time) bool {
	return !d.released.IsZero() && t.Before(d.released)
}

// wouldRelease reports whether adding a hash to the month starting at
// start would release that month itself: the set is full and the month is
// the oldest (or, not yet held, older than every month held).
func (d *eventIDs) wouldRelease(start int64) bool {
	return d.n >= d.max() && start <= d.oldest()
}

func (d *eventIDs) oldest() int64 { return slices.Min(slices.Collect(maps.Keys(d.months))) }

// add adds h, not held, to the month per (start and end), releasing the
// oldest month first when the set holds MaxEventIDs hashes (one release
// suffices: a month held holds at least one hash).
func (d *eventIDs) add(start int64, end time.Time, h uint64) {
	if d.n >= d.max() {
		d.releaseOldest()
	}
	if d.months == nil {
		d.months = map[int64]*monthIDs{}
	}
	m := d.months[start]
	if m == nil {
		m = &monthIDs{end: end}
		d.months[start] = m
	}
	m.ids.Add(h)
	d.n++
}

// releaseOldest drops the oldest month's hashes and moves the release
// mark to its end.
func (d *eventIDs) releaseOldest() {
	oldest := d.oldest()
	m := d.months[oldest]
	delete(d.months, oldest)
	d.n -= m.ids.Len()
	if m.end.After(d.released) {
		d.released = m.end
	}
}

// EventIDs is the part of a [Partial] that de-duplicates events without
// per-subject state: the hashes of the applied ones by month, and the
// instant before which their IDs are no longer kept.
type EventIDs struct {
	Months   []MonthIDs `json:"months,omitempty"`
	Released time.Time  `json:"released,omitzero"`
}

// MonthIDs is the hashes of the applied events without per-subject state
// of the month [Month, End), in increasing order.
type MonthIDs struct {
	Month time.Time `json:"month"`
	End   time.Time `json:"end"`
	IDs   []uint64  `json:"ids"`
}

// part returns d in its persisted form, months in order.
func (d *eventIDs) part(loc *time.Location) EventIDs {
	out := EventIDs{Released: d.released}
	for start, m := range d.months {
		out.Months = append(out.Months, MonthIDs{Month: time.Unix(0, start).In(loc), End: m.end, IDs: m.ids.Sorted()})
	}
	slices.SortFunc(out.Months, func(a, b MonthIDs) int { return a.Month.Compare(b.Month) })
	return out
}

// merge unites p into d: hashes of the same month join, the later release
// mark wins, and the bound is kept by releasing the oldest months.
func (d *eventIDs) merge(p EventIDs) {
	for _, m := range p.Months {
		start := m.Month.UnixNano()
		for _, h := range m.IDs {
			if !d.seen(start, h) {
				d.add(start, m.End, h)
			}
		}
	}
	if p.Released.After(d.released) {
		d.released = p.Released
	}
	// Months now before the mark hold hashes no event can be checked
	// against: drop them.
	for start, m := range d.months {
		if !m.end.After(d.released) {
			delete(d.months, start)
			d.n -= m.ids.Len()
		}
	}
}

// check checks the event IDs of a partial before Merge applies any of it:
// each month ends after it starts, and holds no more hashes than are kept.
func (d *eventIDs) check(p EventIDs) error {
	for i, m := range p.Months {
		path := fmt.Sprintf("eventIDs.months[%d]", i)
		if !m.End.After(m.Month) {
			return corrupt(path+".end", "its end %s is not after its start %s", m.End.Format(time.RFC3339), m.Month.Format(time.RFC3339))
		}
		if len(m.IDs) > d.max() {
			return corrupt(path+".ids", "%d hashes, more than the %d kept", len(m.IDs), d.max())
		}
	}
	return nil
}
