package metric

import (
	"github.com/slaeval/slaeval/internal/interval"
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/calendar"
)

// Downtime is a span during which a service was down, with its cause
// ("" when unknown).
type Downtime struct {
	Period
	Cause string `json:"cause,omitempty"`
}

// ReasonMaintenance is the Exclusion reason that AvailabilitySpec.MinNotice
// applies to.
const ReasonMaintenance = "maintenance"

// Exclusion is a span removed from both the service time and the downtime
// of an availability measurement: scheduled maintenance, a
// customer-caused failure, force majeure. Announced is when a maintenance
// window was announced (zero if never).
type Exclusion struct {
	Period
	Reason    string    `json:"reason"`
	Announced time.Time `json:"announced"`
}

// AvailabilitySpec defines how availability is measured. The zero value
// measures 24×7, counts every downtime, and excludes every exclusion.
type AvailabilitySpec struct {
	// Calendar gives the service hours; only time inside them counts, in
	// both numerator and denominator. nil is 24×7 UTC.
	Calendar *calendar.Calendar `json:"-"`
	// MinDowntime: a downtime period shorter than this, in wall time, does
	// not count. A downtime period is a maximal run of consecutive instants
	// of downtime that remain after exclusions: overlapping and touching
	// downtimes merge, then every applied exclusion (an excluded cause, an
	// exclusion span, announced maintenance) is removed, and each run left
	// is judged by its own length. So a 12-minute outage whose first 5
	// minutes are excluded is a 7-minute downtime period, whichever way the
	// 5 minutes are stated, and an outage with an excluded stretch in its
	// middle is two periods.
	MinDowntime time.Duration `json:"minDowntime,omitempty"`
	// ExcludedCauses: downtime with one of these causes is excluded rather
	// than counted (customer-caused, force majeure).
	ExcludedCauses []string `json:"excludedCauses,omitempty"`
	// MinNotice: a maintenance exclusion announced less than this before
	// its start (or never) is not applied, and reported as rejected.
	MinNotice time.Duration `json:"minNotice,omitempty"`
}

// Availability is the mergeable aggregate of an availability measurement.
// All durations are service time (inside the calendar's hours) and never
// negative; Excluded ≤ Service and Down ≤ Service − Excluded.
//
// The zero Availability is empty (no service time); its Attainment is not
// defined.
type Availability struct {
	Period    Period        `json:"period"`
	Service   time.Duration `json:"service"`   // service time in the period
	Excluded  time.Duration `json:"excluded"`  // service time excluded
	Down      time.Duration `json:"down"`      // counted downtime
	Incidents int64         `json:"incidents"` // counted downtime runs
}

// Merge combines two aggregates of disjoint parts (different services of a
// fleet, or disjoint sub-periods of one service split at instants where it
// was up): it sums the durations and takes the hull of the periods. It is
// associative and commutative.
func (a Availability) Merge(b Availability) Availability {
	return Availability{
		Period:    a.Period.Hull(b.Period),
		Service:   a.Service + b.Service,
		Excluded:  a.Excluded + b.Excluded,
		Down:      a.Down + b.Down,
		Incidents: a.Incidents + b.Incidents,
	}
}

// Precision is the number of decimal places of attainment percentages.
// Attainments are truncated toward zero at this precision, so comparing
// one with any threshold of at most Precision decimal places (99.9, 99.95)
// gives the same answer as comparing the exact ratio.
const Precision = 12

// Attainment is 100 × (Service − Excluded − Down) / (Service − Excluded),
// truncated to Precision decimal places. ok is false when no service time
// remains after exclusions.
func (a Availability) Attainment() (pct decimal.Decimal, ok bool) {
	den := int64(a.Service - a.Excluded)
	if den <= 0 {
		return decimal.Decimal{}, false
	}
	return percent(den-int64(a.Down), den), true
}

// percent is 100·num/den truncated to Precision places; den > 0.
func percent(num, den int64) decimal.Decimal {
	return percentDec(decimal.NewFromInt(num), decimal.NewFromInt(den))
}

// percentDec is 100·num/den truncated toward zero to Precision places;
// den > 0.
func percentDec(num, den decimal.Decimal) decimal.Decimal {
	q, _ := num.Shift(2+Precision).QuoRem(den, 0)
	return q.Shift(-Precision)
}

// AvailabilityResult is an Availability with the detail behind it.
type AvailabilityResult struct {
	Availability
	Counted  []Period    `json:"counted,omitempty"`  // downtime periods that count (after exclusions, clipped to the period)
	Short    []Period    `json:"short,omitempty"`    // downtime periods shorter than MinDowntime (after exclusions, clipped)
	Applied  []Exclusion `json:"applied,omitempty"`  // exclusions applied (including downtime with an excluded cause)
	Rejected []Exclusion `json:"rejected,omitempty"` // maintenance announced too late
}

// Measure computes the availability over p from downtime spans and
// exclusions, which may come in any order and overlap. A span whose end is
// before its start fails with ErrNegative.
func (s AvailabilitySpec) Measure(p Period, down []Downtime, excl []Exclusion) (AvailabilityResult, error) {
	const op = "availability"
	var r AvailabilityResult
	if p.End.Before(p.Start) {
		return r, errorf(op, "period", ErrNegative)
	}
	if s.MinDowntime < 0 || s.MinNotice < 0 {
		return r, errorf(op, "spec", ErrNegative)
	}
	var runs, xs []span
	for i, d := range down {
		if d.End.Before(d.Start) {
			return r, errorf(op, "down["+itoa(i)+"]", ErrNegative)
		}
		if contains(s.ExcludedCauses, d.Cause) {
			xs = append(xs, span{Start: d.Start, End: d.End})
			if p.Start.Before(d.End) && d.Start.Before(p.End) {
				r.Applied = append(r.Applied, Exclusion{Period: d.Period, Reason: d.Cause})
			}
			continue
		}
		runs = append(runs, span{Start: d.Start, End: d.End})
	}
	for i, x := range excl {
		if x.End.Before(x.Start) {
			return r, errorf(op, "exclusions["+itoa(i)+"]", ErrNegative)
		}
		overlaps := p.Start.Before(x.End) && x.Start.Before(p.End)
		if x.Reason == ReasonMaintenance && s.MinNotice > 0 &&
			(x.Announced.IsZero() || x.Start.Sub(x.Announced) < s.MinNotice) {
			if overlaps {
				r.Rejected = append(r.Rejected, x)
			}
			continue
		}
		xs = append(xs, span{Start: x.Start, End: x.End})
		if overlaps {
			r.Applied = append(r.Applied, x)
		}
	}
	r.Period = p
	r.Service = s.Calendar.Between(p.Start, p.End)
	xs = interval.Union(xs)
	r.Excluded = measure(s.Calendar, interval.Clip(xs, p.Start, p.End))
	for _, run := range downtimeRuns(runs, xs) {
		c := interval.Clip([]span{run}, p.Start, p.End)
		if run.End.Sub(run.Start) < s.MinDowntime {
			if len(c) > 0 {
				r.Short = append(r.Short, Period{c[0].Start, c[0].End})
			}
			continue
		}
		if len(c) == 0 {
			continue
		}
		r.Counted = append(r.Counted, Period{c[0].Start, c[0].End})
		d := measure(s.Calendar, c)
		r.Down += d
		if d > 0 {
			r.Incidents++
		}
	}
	return r, nil
}

// downtimeRuns is the downtime that remains after exclusions, as maximal
// runs of consecutive instants: the union of down less the union of
// exclusions xs (disjoint and sorted). This is the one place where a
// "downtime period" is formed, so MinDowntime judges the same runs however
// an exclusion was stated — a downtime with an excluded cause, an
// exclusion span, or a maintenance window — and a run is not clipped to
// the measured period first (a run that crosses the period's start is
// judged by its whole length).
func downtimeRuns(down, xs []span) []span {
	return interval.Subtract(interval.Union(down), xs)
}

// DowntimeFromEvents turns a time-ordered stream of one service's events
// into downtime spans: a span opens at an event matching down (while up)
// and closes at the next event matching up; its cause is the down event's
// causeKey attribute. A span still open at the end closes at until. Events
// out of order fail with ErrOutOfOrder.
func DowntimeFromEvents(events []Event, down, up []Condition, causeKey string, until time.Time) ([]Downtime, error) {
	var out []Downtime
	var open bool
	var cur Downtime
	var last time.Time
	for i, e := range events {
		if i > 0 && e.At.Before(last) {
			return nil, &Error{Op: "downtime", Where: "events[" + itoa(i) + "]", At: e.At, Err: ErrOutOfOrder}
		}
		last = e.At
		switch {
		case !open && matchAny(down, &e):
			open = true
			cur = Downtime{Period: Period{Start: e.At}}
			if causeKey != "" {
				cur.Cause, _ = e.Attr(causeKey)
			}
		case open && matchAny(up, &e):
			open = false
			cur.End = e.At
			out = append(out, cur)
		}
	}
	if open {
		cur.End = until
		if cur.End.Before(cur.Start) {
			cur.End = cur.Start
		}
		out = append(out, cur)
	}
	return out, nil
}

// Judge judges a at-least-target objective ("99.9% monthly uptime")
// exactly: Achieved iff 100 × (Service − Excluded − Down) ≥ target ×
// (Service − Excluded); NotAssessed when no service time remains after
// exclusions.
func (a Availability) Judge(target decimal.Decimal) Verdict {
	den := int64(a.Service - a.Excluded)
	if den <= 0 {
		return NotAssessed
	}
	lhs := decimal.NewFromInt(den - int64(a.Down)).Mul(decimal.NewFromInt(100))
	if lhs.GreaterThanOrEqual(target.Mul(decimal.NewFromInt(den))) {
		return Achieved
	}
	return Missed
}
