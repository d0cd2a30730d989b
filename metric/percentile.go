package metric

import (
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// Distribution is the mergeable aggregate behind percentile objectives: the
// multiset of observed values (durations in seconds, latencies in ms, ...),
// kept sorted ascending.
//
// The zero Distribution is empty.
type Distribution struct {
	Period Period            `json:"period"`
	Values []decimal.Decimal `json:"values,omitempty"` // sorted ascending
}

// Add inserts v, keeping Values sorted.
func (d *Distribution) Add(v decimal.Decimal) {
	i, _ := slices.BinarySearchFunc(d.Values, v, func(a, b decimal.Decimal) int { return a.Cmp(b) })
	d.Values = slices.Insert(d.Values, i, v)
}

// AddDuration inserts x as a number of seconds (exact to the nanosecond).
func (d *Distribution) AddDuration(x time.Duration) {
	d.Add(decimal.New(int64(x), -9))
}

// Len is the number of values.
func (d Distribution) Len() int { return len(d.Values) }

// Merge returns the union of two distributions of disjoint observations,
// sorted; periods take their hull. It is associative and commutative and
// does not modify its operands.
func (d Distribution) Merge(o Distribution) Distribution {
	out := Distribution{Period: d.Period.Hull(o.Period)}
	if n := len(d.Values) + len(o.Values); n > 0 {
		out.Values = make([]decimal.Decimal, 0, n)
	}
	i, j := 0, 0
	for i < len(d.Values) && j < len(o.Values) {
		if o.Values[j].LessThan(d.Values[i]) {
			out.Values = append(out.Values, o.Values[j])
			j++
		} else {
			out.Values = append(out.Values, d.Values[i])
			i++
		}
	}
	out.Values = append(out.Values, d.Values[i:]...)
	out.Values = append(out.Values, o.Values[j:]...)
	return out
}

// Percentile returns the nearest-rank p-th percentile: the smallest value
// such that at least p % of the values are less than or equal to it, i.e.
// the value of rank ⌈p/100 × N⌉ (1-based) in ascending order. p must lie in
// (0, 100] (ErrInvalid); an empty distribution fails with ErrEmpty.
func (d Distribution) Percentile(p decimal.Decimal) (decimal.Decimal, error) {
	if p.Sign() <= 0 || p.GreaterThan(decimal.NewFromInt(100)) {
		return decimal.Decimal{}, invalid("percentile", "p", "must be in (0, 100]")
	}
	n := len(d.Values)
	if n == 0 {
		return decimal.Decimal{}, errorf("percentile", "", ErrEmpty)
	}
	r := p.Mul(decimal.NewFromInt(int64(n))).Shift(-2).Ceil().IntPart() // exact: p has finitely many places
	if r < 1 {
		r = 1
	}
	if r > int64(n) {
		r = int64(n)
	}
	return d.Values[r-1], nil
}

// PercentileDuration is Percentile for a distribution built with
// AddDuration; the result is truncated to the nanosecond.
func (d Distribution) PercentileDuration(p decimal.Decimal) (time.Duration, error) {
	v, err := d.Percentile(p)
	if err != nil {
		return 0, err
	}
	return time.Duration(v.Shift(9).IntPart()), nil
}

// PercentileSpec is an objective on a percentile: the nearest-rank
// Percentile-th value is at most Limit (Bound AtMost, "p95 latency under
// 200 ms" with Limit 200) or at least Limit (AtLeast). It is assessed only
// with at least MinCount values (and at least one).
//
// The zero PercentileSpec is invalid: Percentile must lie in (0, 100].
type PercentileSpec struct {
	Percentile decimal.Decimal `json:"percentile"`
	Bound      Bound           `json:"bound"`
	Limit      decimal.Decimal `json:"limit"`
	MinCount   int64           `json:"minCount,omitempty"`
}

// Judge returns the verdict and the percentile value (zero when not
// assessed). An invalid Percentile fails with ErrInvalid.
func (s PercentileSpec) Judge(d Distribution) (Verdict, decimal.Decimal, error) {
	if s.Percentile.Sign() <= 0 || s.Percentile.GreaterThan(decimal.NewFromInt(100)) {
		return NotAssessed, decimal.Decimal{}, invalid("percentile", "percentile", "must be in (0, 100]")
	}
	if s.Bound > AtMost {
		return NotAssessed, decimal.Decimal{}, invalid("percentile", "bound", "unknown bound")
	}
	if n := int64(len(d.Values)); n == 0 || n < s.MinCount {
		return NotAssessed, decimal.Decimal{}, nil
	}
	v, err := d.Percentile(s.Percentile)
	if err != nil {
		return NotAssessed, decimal.Decimal{}, err
	}
	ok := v.LessThanOrEqual(s.Limit)
	if s.Bound == AtLeast {
		ok = v.GreaterThanOrEqual(s.Limit)
	}
	if ok {
		return Achieved, v, nil
	}
	return Missed, v, nil
}
