package metric

import (
	"time"

	"github.com/slaeval/slaeval/calendar"
	"github.com/slaeval/slaeval/internal/interval"
)

// span is a half-open interval of the interval-set arithmetic in
// internal/interval.
type span = interval.Span

// measure sums the business time of disjoint spans on cal.
func measure(cal *calendar.Calendar, ss []span) time.Duration {
	var d time.Duration
	for _, s := range ss {
		d += cal.Between(s.Start, s.End)
	}
	return d
}
