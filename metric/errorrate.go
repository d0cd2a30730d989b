package metric

import (
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/internal/interval"
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

// SliceRule says what a slice is that its error rate does not judge: a
// slice with no requests, or one with fewer than MinRequests.
type SliceRule uint8

// Slice rules. The zero value is SliceUp.
const (
	SliceUp       SliceRule = iota // up, with an error rate of 0 (Azure storage: an hour with no transactions has a 0% error rate)
	SliceExcluded                  // removed from the period, like an exclusion
)

// ErrorFormula says how an error-rate measurement becomes an uptime.
type ErrorFormula uint8

// Error-rate formulas. The zero value is FormulaDownSlices.
const (
	// FormulaDownSlices: uptime is the share of the period's slices that
	// are not downtime (Atlassian, Google Cloud).
	FormulaDownSlices ErrorFormula = iota
	// FormulaAverageRate: uptime is 100% minus the average of the slices'
	// error rates (Amazon S3, Azure storage).
	FormulaAverageRate
)

// ErrorRateSpec defines availability by error-rate slicing, as public cloud
// SLAs do: the period is cut into slices of length Slice from its start; a
// slice is down when it has at least MinRequests requests and its error
// rate (100 × Failed / Total) exceeds Threshold (a slice exactly at the
// threshold is up, unless AtThreshold is set). A slice with no requests is
// judged by NoTraffic, one with fewer than MinRequests (but some) by
// BelowMinimum.
//
// The zero value is invalid: Slice must be positive. With only Slice,
// Threshold and MinRequests set, every slice is judged, unjudged slices
// are up with an error rate of 0, every down slice counts, and Uptime is
// the share of slices not down.
type ErrorRateSpec struct {
	Slice       time.Duration   `json:"slice"`
	Threshold   decimal.Decimal `json:"threshold"` // percent, in [0, 100]
	MinRequests int64           `json:"minRequests,omitempty"`
	// AtThreshold makes a slice whose error rate equals Threshold down
	// ("5% or more" rather than "more than 5%").
	AtThreshold bool `json:"atThreshold,omitempty"`
	// NoTraffic is what a slice without requests is; BelowMinimum what a
	// slice with fewer than MinRequests requests is.
	NoTraffic    SliceRule `json:"noTraffic,omitempty"`
	BelowMinimum SliceRule `json:"belowMinimum,omitempty"`
	// MinDowntime: a run of consecutive down slices shorter than this does
	// not count (Google Cloud: "a period of ten consecutive minutes"). The
	// runs are formed after exclusions, by the same rule as
	// AvailabilitySpec.MinDowntime: an excluded slice is not down, so it
	// ends a run, and a run is judged by its own length.
	MinDowntime time.Duration `json:"minDowntime,omitempty"`
	// Formula is how Attainment and Judge turn slices into an uptime.
	Formula ErrorFormula `json:"formula,omitempty"`
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
	Slices     int64           `json:"slices"`              // slices in the period
	Excluded   int64           `json:"excluded,omitempty"`  // slices removed (exclusions, NoTraffic or BelowMinimum SliceExcluded)
	Assessed   int64           `json:"assessed"`            // slices not excluded with at least MinRequests requests (and at least one)
	DownSlices int64           `json:"downSlices"`          // down slices that count (in runs of at least MinDowntime)
	Short      int64           `json:"short,omitempty"`     // down slices in runs shorter than MinDowntime
	Incidents  int64           `json:"incidents,omitempty"` // runs of down slices that count
	RateSum    decimal.Decimal `json:"rateSum"`             // sum of the assessed slices' error rates, percent
	Service    time.Duration   `json:"service"`             // Slices × slice length
	Down       time.Duration   `json:"down"`                // DownSlices × slice length
}

// Merge combines aggregates over disjoint sub-periods of one service (or
// of several services): it sums the counts, rate sums and durations and
// takes the hull of the periods. It is associative and commutative.
func (a ErrorRate) Merge(b ErrorRate) ErrorRate {
	return ErrorRate{
		Period:     a.Period.Hull(b.Period),
		Slices:     a.Slices + b.Slices,
		Excluded:   a.Excluded + b.Excluded,
		Assessed:   a.Assessed + b.Assessed,
		DownSlices: a.DownSlices + b.DownSlices,
		Short:      a.Short + b.Short,
		Incidents:  a.Incidents + b.Incidents,
		RateSum:    a.RateSum.Add(b.RateSum),
		Service:    a.Service + b.Service,
		Down:       a.Down + b.Down,
	}
}

// Uptime is 100 × (Slices − Excluded − DownSlices) / (Slices − Excluded),
// truncated to Precision places. ok is false when no slice remains after
// exclusions.
func (a ErrorRate) Uptime() (pct decimal.Decimal, ok bool) {
	n := a.Slices - a.Excluded
	if n <= 0 {
		return decimal.Decimal{}, false
	}
	return percent(n-a.DownSlices, n), true
}

// AverageUptime is 100 − RateSum / (Slices − Excluded) (100% minus the
// average error rate over the slices that remain after exclusions, an
// unassessed slice counting as 0%), truncated to Precision places. ok is
// false when no slice remains.
func (a ErrorRate) AverageUptime() (pct decimal.Decimal, ok bool) {
	if a.Slices-a.Excluded <= 0 {
		return decimal.Decimal{}, false
	}
	n := decimal.NewFromInt(a.Slices - a.Excluded)
	up := decimal.NewFromInt(100).Mul(n).Sub(a.RateSum)
	q, _ := up.Shift(Precision).QuoRem(n, 0)
	return q.Shift(-Precision), true
}

// Attainment is Uptime or AverageUptime, as f says.
func (a ErrorRate) Attainment(f ErrorFormula) (pct decimal.Decimal, ok bool) {
	if f == FormulaAverageRate {
		return a.AverageUptime()
	}
	return a.Uptime()
}

// Judge judges an at-least-target objective exactly, without the
// truncation of Attainment: with FormulaDownSlices Achieved iff
// 100 × (n − DownSlices) ≥ target × n, with FormulaAverageRate iff
// 100 × n − RateSum ≥ target × n, where n = Slices − Excluded;
// NotAssessed when n is 0.
func (a ErrorRate) Judge(f ErrorFormula, target decimal.Decimal) Verdict {
	n := a.Slices - a.Excluded
	if n <= 0 {
		return NotAssessed
	}
	hundred, dn := decimal.NewFromInt(100), decimal.NewFromInt(n)
	lhs := hundred.Mul(decimal.NewFromInt(n - a.DownSlices))
	if f == FormulaAverageRate {
		lhs = hundred.Mul(dn).Sub(a.RateSum)
	}
	if lhs.GreaterThanOrEqual(target.Mul(dn)) {
		return Achieved
	}
	return Missed
}

// Availability converts the slice counts to service time, excluded time
// and downtime, so that its Attainment equals Uptime.
func (a ErrorRate) Availability() Availability {
	sl := time.Duration(0)
	if a.Slices > 0 {
		sl = a.Service / time.Duration(a.Slices)
	}
	return Availability{Period: a.Period, Service: a.Service, Excluded: time.Duration(a.Excluded) * sl, Down: a.Down, Incidents: a.Incidents}
}

// Measure judges the slices of p with no exclusions: MeasureExcluding(p,
// counts, nil).
func (s ErrorRateSpec) Measure(p Period, counts []SliceCount) (ErrorRate, error) {
	return s.MeasureExcluding(p, counts, nil)
}

// MeasureExcluding judges the slices of p. Counts must start on a slice
// boundary inside p and satisfy 0 ≤ Failed ≤ Total; otherwise it fails
// with ErrInvalid or ErrNegative. The number of slices is the period's
// length divided by Slice, rounded down. A slice that overlaps a period of
// excl (announced maintenance, a customer-caused failure) is excluded
// whatever its counts; a period of excl whose end is before its start
// fails with ErrNegative.
//
// Its cost grows with the number of counts and exclusions, not with the
// number of slices in p.
func (s ErrorRateSpec) MeasureExcluding(p Period, counts []SliceCount, excl []Period) (ErrorRate, error) {
	const op = "error rate"
	hundred := decimal.NewFromInt(100)
	if s.Slice <= 0 {
		return ErrorRate{}, invalid(op, "slice", "must be positive")
	}
	if s.Threshold.Sign() < 0 || s.Threshold.GreaterThan(hundred) {
		return ErrorRate{}, invalid(op, "threshold", "must be in [0, 100]")
	}
	if s.MinRequests < 0 || s.MinDowntime < 0 {
		return ErrorRate{}, errorf(op, "spec", ErrNegative)
	}
	if s.NoTraffic > SliceExcluded || s.BelowMinimum > SliceExcluded || s.Formula > FormulaAverageRate {
		return ErrorRate{}, invalid(op, "spec", "unknown slice rule or formula")
	}
	if p.End.Before(p.Start) {
		return ErrorRate{}, errorf(op, "period", ErrNegative)
	}
	r := ErrorRate{Period: p, Slices: int64(p.Duration() / s.Slice)}
	r.Service = time.Duration(r.Slices) * s.Slice
	end := p.Start.Add(r.Service)
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
	// The excluded slices, as whole slices: each exclusion widened to the
	// slice boundaries around it, clipped to the period's slices.
	var xs []span
	for i, x := range excl {
		if x.End.Before(x.Start) {
			return ErrorRate{}, errorf(op, "exclusions["+itoa(i)+"]", ErrNegative)
		}
		a, b := max(x.Start.Sub(p.Start), 0), min(x.End.Sub(p.Start), r.Service)
		if a >= b {
			continue
		}
		a -= a % s.Slice
		if b%s.Slice != 0 {
			b += s.Slice - b%s.Slice
		}
		xs = append(xs, span{Start: p.Start.Add(a), End: p.Start.Add(b)})
	}
	xs = interval.Union(xs)
	for _, x := range xs {
		r.Excluded += int64(x.End.Sub(x.Start) / s.Slice)
	}
	spanned := r.Excluded // slices excluded by exclusions
	excluded := func(t time.Time) bool {
		// The position only: the first span not ending at or before t.
		i, _ := slices.BinarySearchFunc(xs, t, func(x span, t time.Time) int {
			if !x.End.After(t) {
				return -1
			}
			if x.Start.After(t) {
				return 1
			}
			return 0
		})
		return i < len(xs) && !xs[i].Start.After(t) && xs[i].End.After(t)
	}
	slices.SortFunc(cs, func(x, y SliceCount) int { return x.Start.Compare(y.Start) }) // counts of one slice add up in any order
	var down []span
	var counted int64 // slices with counts outside the exclusions
	for i := 0; i < len(cs); {
		var tot, fail int64
		j := i
		for ; j < len(cs) && cs[j].Start.Equal(cs[i].Start); j++ {
			tot += cs[j].Total
			fail += cs[j].Failed
		}
		at := cs[i].Start
		i = j
		if excluded(at) {
			continue
		}
		counted++
		switch {
		case tot == 0:
			if s.NoTraffic == SliceExcluded {
				r.Excluded++
			}
			continue
		case tot < s.MinRequests:
			if s.BelowMinimum == SliceExcluded {
				r.Excluded++
			}
			continue
		}
		r.Assessed++
		f, t := decimal.NewFromInt(fail), decimal.NewFromInt(tot)
		lhs, rhs := f.Mul(hundred), s.Threshold.Mul(t)
		if lhs.GreaterThan(rhs) || (s.AtThreshold && lhs.Equal(rhs)) {
			down = append(down, span{Start: at, End: at.Add(s.Slice)})
		}
		r.RateSum = r.RateSum.Add(lhs.DivRound(t, RatePrecision))
	}
	if s.NoTraffic == SliceExcluded {
		// Slices with no counts at all carry no traffic either.
		r.Excluded += r.Slices - spanned - counted
	}
	for _, run := range downtimeRuns(down, xs) {
		n := int64(run.End.Sub(run.Start) / s.Slice)
		if run.End.Sub(run.Start) < s.MinDowntime {
			r.Short += n
			continue
		}
		r.DownSlices += n
		r.Incidents++
	}
	r.Down = time.Duration(r.DownSlices) * s.Slice
	return r, nil
}
