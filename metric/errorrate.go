package metric

import (
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// SliceCount is the request count of one time slice (a minute, five
// minutes) starting at Start: Total requests of which Failed failed.
// Several counts for the same slice (from different shards or servers) are
// added before the slice is judged.
type SliceCount struct {
	Start  time.Time `json:"start"`
	Total  int64     `json:"total"`
	Failed int64     `json:"failed"`
}

// ErrorRateSpec defines availability by error-rate slicing, as public cloud
// SLAs do: the period is cut into slices of length Slice from its start; a
// slice is down when it has at least MinRequests requests and its error
// rate (100 × Failed / Total) exceeds Threshold (a slice exactly at the
// threshold is up). Slices with no counts, or fewer than MinRequests
// requests, are up with an error rate of 0.
//
// The zero value is invalid: Slice must be positive.
type ErrorRateSpec struct {
	Slice       time.Duration   `json:"slice"`
	Threshold   decimal.Decimal `json:"threshold"` // percent, in [0, 100]
	MinRequests int64           `json:"minRequests,omitempty"`
}

// RatePrecision is the number of decimal places to which each slice's
// error rate is rounded (half away from zero) before it is added to
// ErrorRate.RateSum.
const RatePrecision = 20

// ErrorRate is the mergeable aggregate of an error-rate measurement.
//
// The zero ErrorRate holds no slices; its uptimes are not defined.
type ErrorRate struct {
	Period     Period          `json:"period"`
	Slices     int64           `json:"slices"`     // slices in the period
	Assessed   int64           `json:"assessed"`   // slices with at least MinRequests requests
	DownSlices int64           `json:"downSlices"` // assessed slices above the threshold
	RateSum    decimal.Decimal `json:"rateSum"`    // sum of the assessed slices' error rates, percent
	Service    time.Duration   `json:"service"`    // Slices × slice length
	Down       time.Duration   `json:"down"`       // DownSlices × slice length
}

// Merge combines aggregates over disjoint sub-periods of one service (or
// of several services): it sums the counts, rate sums and durations and
// takes the hull of the periods. It is associative and commutative.
func (a ErrorRate) Merge(b ErrorRate) ErrorRate {
	return ErrorRate{
		Period:     a.Period.Hull(b.Period),
		Slices:     a.Slices + b.Slices,
		Assessed:   a.Assessed + b.Assessed,
		DownSlices: a.DownSlices + b.DownSlices,
		RateSum:    a.RateSum.Add(b.RateSum),
		Service:    a.Service + b.Service,
		Down:       a.Down + b.Down,
	}
}

// Uptime is 100 × (Slices − DownSlices) / Slices, truncated to Precision
// places. ok is false when there are no slices.
func (a ErrorRate) Uptime() (pct decimal.Decimal, ok bool) {
	if a.Slices <= 0 {
		return decimal.Decimal{}, false
	}
	return percent(a.Slices-a.DownSlices, a.Slices), true
}

// AverageUptime is 100 − RateSum / Slices (100% minus the average error
// rate over all slices of the period), truncated to Precision places. ok is
// false when there are no slices.
func (a ErrorRate) AverageUptime() (pct decimal.Decimal, ok bool) {
	if a.Slices <= 0 {
		return decimal.Decimal{}, false
	}
	n := decimal.NewFromInt(a.Slices)
	up := decimal.NewFromInt(100).Mul(n).Sub(a.RateSum)
	q, _ := up.Shift(Precision).QuoRem(n, 0)
	return q.Shift(-Precision), true
}

// Availability converts the slice counts to service time and downtime.
func (a ErrorRate) Availability() Availability {
	return Availability{Period: a.Period, Service: a.Service, Down: a.Down, Incidents: a.DownSlices}
}

// Measure judges the slices of p. Counts must start on a slice boundary
// inside p and satisfy 0 ≤ Failed ≤ Total; otherwise it fails with
// ErrInvalid or ErrNegative. The number of slices is the period's length
// divided by Slice, rounded down.
func (s ErrorRateSpec) Measure(p Period, counts []SliceCount) (ErrorRate, error) {
	const op = "error rate"
	hundred := decimal.NewFromInt(100)
	if s.Slice <= 0 {
		return ErrorRate{}, invalid(op, "slice", "must be positive")
	}
	if s.Threshold.Sign() < 0 || s.Threshold.GreaterThan(hundred) {
		return ErrorRate{}, invalid(op, "threshold", "must be in [0, 100]")
	}
	if s.MinRequests < 0 {
		return ErrorRate{}, errorf(op, "minRequests", ErrNegative)
	}
	if p.End.Before(p.Start) {
		return ErrorRate{}, errorf(op, "period", ErrNegative)
	}
	r := ErrorRate{Period: p, Slices: int64(p.Duration() / s.Slice)}
	r.Service = time.Duration(r.Slices) * s.Slice
	end := p.Start.Add(time.Duration(r.Slices) * s.Slice)
	cs := make([]SliceCount, 0, len(counts))
	for i, c := range counts {
		where := "counts[" + itoa(i) + "]"
		if c.Total < 0 || c.Failed < 0 {
			return ErrorRate{}, errorf(op, where, ErrNegative)
		}
		if c.Failed > c.Total {
			return ErrorRate{}, invalid(op, where, "more failed than total requests")
		}
		if c.Start.Before(p.Start) || !c.Start.Before(end) || c.Start.Sub(p.Start)%s.Slice != 0 {
			return ErrorRate{}, invalid(op, where+".start", "not a slice boundary inside the period")
		}
		cs = append(cs, c)
	}
	slices.SortStableFunc(cs, func(x, y SliceCount) int { return x.Start.Compare(y.Start) })
	for i := 0; i < len(cs); {
		var tot, fail int64
		j := i
		for ; j < len(cs) && cs[j].Start.Equal(cs[i].Start); j++ {
			tot += cs[j].Total
			fail += cs[j].Failed
		}
		i = j
		if tot == 0 || tot < s.MinRequests {
			continue
		}
		r.Assessed++
		f, t := decimal.NewFromInt(fail), decimal.NewFromInt(tot)
		if f.Mul(hundred).GreaterThan(s.Threshold.Mul(t)) {
			r.DownSlices++
		}
		r.RateSum = r.RateSum.Add(f.Mul(hundred).DivRound(t, RatePrecision))
	}
	r.Down = time.Duration(r.DownSlices) * s.Slice
	return r, nil
}
