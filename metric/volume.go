package metric

import (
	"maps"
	"slices"

	"github.com/shopspring/decimal"
)

// Bound is the direction of a volume target.
type Bound uint8

const (
	AtLeast Bound = iota // met when the volume ≥ the target (the zero value)
	AtMost               // met when the volume ≤ the target
)

// String returns "atLeast" or "atMost".
func (b Bound) String() string {
	if b == AtMost {
		return "atMost"
	}
	return "atLeast"
}

// VolumeTarget is a target on the volume of one segment; Segment "" is the
// total over all segments.
type VolumeTarget struct {
	Segment string          `json:"segment,omitempty"`
	Bound   Bound           `json:"bound"`
	Value   decimal.Decimal `json:"value"`
}

// VolumeSpec defines a volume: the count (or, with Sum, the sum of
// Event.Value) of the events matching Match, broken down by the attribute
// SegmentKey ("" for no breakdown), with targets per segment.
//
// The zero VolumeSpec counts every event with no breakdown and no targets.
type VolumeSpec struct {
	Match      []Condition    `json:"match,omitempty"` // empty: every event
	SegmentKey string         `json:"segmentKey,omitempty"`
	Sum        bool           `json:"sum,omitempty"`
	Targets    []VolumeTarget `json:"targets,omitempty"`
}

// Volume is the mergeable aggregate of a volume metric over a period.
// Segments maps each seen segment value to its volume (events without the
// segment attribute count under ""); Total is their sum.
//
// The zero Volume is an empty volume (zero Total, nil Segments).
type Volume struct {
	Period   Period                     `json:"period"`
	Total    decimal.Decimal            `json:"total"`
	Segments map[string]decimal.Decimal `json:"segments,omitempty"`
}

// VolumeMetric is a validated, immutable VolumeSpec.
type VolumeMetric struct{ spec VolumeSpec }

// NewVolume validates s.
func NewVolume(s VolumeSpec) (*VolumeMetric, error) {
	const op = "volume"
	if err := validateConditions(op, "match", s.Match); err != nil {
		return nil, err
	}
	for i, t := range s.Targets {
		where := "targets[" + itoa(i) + "]"
		if t.Value.Sign() < 0 {
			return nil, errorf(op, where+".value", ErrNegative)
		}
		if t.Bound > AtMost {
			return nil, invalid(op, where+".bound", "unknown bound")
		}
		if t.Segment != "" && s.SegmentKey == "" {
			return nil, invalid(op, where+".segment", "a segment target needs a segmentKey")
		}
	}
	s.Match = cloneConditions(s.Match)
	s.Targets = slices.Clone(s.Targets)
	return &VolumeMetric{spec: s}, nil
}

// Add adds e to v when it matches, and reports whether it did. With Sum an
// event without a value fails with ErrInvalid; a negative value fails with
// ErrNegative. On error v is unchanged.
func (m *VolumeMetric) Add(v *Volume, e Event) (bool, error) {
	if len(m.spec.Match) > 0 && !matchAny(m.spec.Match, &e) {
		return false, nil
	}
	amt := decimal.NewFromInt(1)
	if m.spec.Sum {
		if !e.HasValue {
			return false, &Error{Op: "volume add", Where: e.Kind, At: e.At, Err: &reasonError{why: "event has no value", base: ErrInvalid}}
		}
		if e.Value.Sign() < 0 {
			return false, &Error{Op: "volume add", Where: e.Kind, At: e.At, Err: ErrNegative}
		}
		amt = e.Value
	}
	seg := ""
	if m.spec.SegmentKey != "" {
		seg, _ = e.Attr(m.spec.SegmentKey)
	}
	if v.Segments == nil {
		v.Segments = map[string]decimal.Decimal{}
	}
	v.Segments[seg] = v.Segments[seg].Add(amt)
	v.Total = v.Total.Add(amt)
	return true, nil
}

// Merge combines two volumes of disjoint sets of events: totals and
// segments add, periods take their hull. It is associative and
// commutative and does not modify its operands.
func (v Volume) Merge(w Volume) Volume {
	out := Volume{Period: v.Period.Hull(w.Period), Total: v.Total.Add(w.Total)}
	if len(v.Segments)+len(w.Segments) > 0 {
		out.Segments = maps.Clone(v.Segments)
		if out.Segments == nil {
			out.Segments = map[string]decimal.Decimal{}
		}
		for k, x := range w.Segments {
			out.Segments[k] = out.Segments[k].Add(x)
		}
	}
	return out
}

// VolumeResult is one volume target judged.
type VolumeResult struct {
	Target VolumeTarget    `json:"target"`
	Value  decimal.Decimal `json:"value"` // the segment's volume (the total for segment "")
	Met    bool            `json:"met"`
	// Shortfall is how far the volume is on the wrong side of the target
	// (0 when met).
	Shortfall decimal.Decimal `json:"shortfall"`
}

// Judge judges each target against v, in the order of the spec's targets.
func (m *VolumeMetric) Judge(v Volume) []VolumeResult {
	out := make([]VolumeResult, 0, len(m.spec.Targets))
	for _, t := range m.spec.Targets {
		val := v.Total
		if t.Segment != "" {
			val = v.Segments[t.Segment]
		}
		r := VolumeResult{Target: t, Value: val}
		switch t.Bound {
		case AtLeast:
			r.Met = val.GreaterThanOrEqual(t.Value)
			if !r.Met {
				r.Shortfall = t.Value.Sub(val)
			}
		case AtMost:
			r.Met = val.LessThanOrEqual(t.Value)
			if !r.Met {
				r.Shortfall = val.Sub(t.Value)
			}
		}
		out = append(out, r)
	}
	return out
}
