package metric

import "time"

// Period is a half-open span of time [Start, End). The zero Period is empty.
type Period struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"` // exclusive
}

// Contains reports whether t lies in [p.Start, p.End).
func (p Period) Contains(t time.Time) bool { return !t.Before(p.Start) && t.Before(p.End) }

// Duration is End − Start (zero when the period is empty or inverted).
func (p Period) Duration() time.Duration {
	if !p.End.After(p.Start) {
		return 0
	}
	return p.End.Sub(p.Start)
}

// IsZero reports whether p is the zero Period.
func (p Period) IsZero() bool { return p.Start.IsZero() && p.End.IsZero() }
