package metric

import (
	"github.com/shopspring/decimal"
)

// Ratio is the mergeable aggregate behind "95% of priority-1 tickets
// resolved within 4 hours": how many subjects met their per-subject target,
// how many breached it, and how many are still pending.
//
// Denominator rule: Met + Breached. Subjects still running (or paused) and
// not yet breached are Pending and not counted; a subject that is still
// running but already past its target counts as Breached.
//
// The zero Ratio is empty; its Attainment is not defined.
type Ratio struct {
	Period   Period `json:"period"`
	Met      int64  `json:"met"`
	Breached int64  `json:"breached"`
	Pending  int64  `json:"pending"`
}

// Add counts one subject by its clock state: Met, Breached, or (for
// InProgress) Pending. NotStarted is not counted.
func (r *Ratio) Add(s State) {
	switch s {
	case Met:
		r.Met++
	case Breached:
		r.Breached++
	case InProgress:
		r.Pending++
	}
}

// Merge sums two ratios over disjoint sets of subjects; periods take their
// hull. It is associative and commutative.
func (r Ratio) Merge(o Ratio) Ratio {
	return Ratio{
		Period:   r.Period.Hull(o.Period),
		Met:      r.Met + o.Met,
		Breached: r.Breached + o.Breached,
		Pending:  r.Pending + o.Pending,
	}
}

// Attainment is 100 × Met / (Met + Breached), truncated to Precision places.
// ok is false when no subject is counted.
func (r Ratio) Attainment() (pct decimal.Decimal, ok bool) {
	n := r.Met + r.Breached
	if n <= 0 {
		return decimal.Decimal{}, false
	}
	return percent(r.Met, n), true
}

// Verdict is the judgement of an objective over a period.
type Verdict uint8

const (
	NotAssessed Verdict = iota // too few subjects (or none) to judge; the zero value
	Achieved                   // the objective is met
	Missed                     // the objective is missed
)

var verdictNames = [...]string{"notAssessed", "achieved", "missed"}

// String returns "notAssessed", "achieved" or "missed".
func (v Verdict) String() string {
	if int(v) < len(verdictNames) {
		return verdictNames[v]
	}
	return "Verdict(?)"
}

// RatioSpec is the objective on a Ratio: at least Target % of counted
// subjects met their target, assessed only when at least MinCount subjects
// (and at least one) are counted.
//
// The zero RatioSpec requires 0%: it is achieved whenever one subject is
// counted.
type RatioSpec struct {
	Target   decimal.Decimal `json:"target"` // percent, in [0, 100]
	MinCount int64           `json:"minCount,omitempty"`
}

// Validate reports a Target outside [0, 100] or a negative MinCount.
func (s RatioSpec) Validate() error {
	if s.Target.Sign() < 0 || s.Target.GreaterThan(decimal.NewFromInt(100)) {
		return invalid("ratio", "target", "must be in [0, 100]")
	}
	if s.MinCount < 0 {
		return errorf("ratio", "minCount", ErrNegative)
	}
	return nil
}

// Judge judges r exactly: Achieved iff 100 × Met ≥ Target × (Met +
// Breached), compared as exact decimals (not through the truncated
// Attainment).
func (s RatioSpec) Judge(r Ratio) Verdict {
	n := r.Met + r.Breached
	if n <= 0 || n < s.MinCount {
		return NotAssessed
	}
	lhs := decimal.NewFromInt(r.Met).Mul(decimal.NewFromInt(100))
	if lhs.GreaterThanOrEqual(s.Target.Mul(decimal.NewFromInt(n))) {
		return Achieved
	}
	return Missed
}

// AddDeadline counts one obligation by its state: DeadlineMet as met,
// DeadlineMissed as breached, DeadlinePending as pending.
func (r *Ratio) AddDeadline(s DeadlineState) {
	switch s {
	case DeadlineMet:
		r.Met++
	case DeadlineMissed:
		r.Breached++
	case DeadlinePending:
		r.Pending++
	}
}
