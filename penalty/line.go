package penalty

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/metric"
)

// Condition is a bit set of facts about a [Line] that are not errors, in the
// manner of apd's Condition. The zero Condition has no bits set.
type Condition uint16

// Conditions.
const (
	Capped          Condition = 1 << iota // a cap reduced the amount (see Line.Bites)
	Prorated                              // late time was counted in fractions of a unit
	Excused                               // the failure is excused: no penalty
	EarnedBack                            // forgiven: the objective was met in the following periods
	EarnBackPending                       // may still be earned back (too few later periods seen)
	BelowMinimum                          // the period's credits are below the claim minimum: not issued
	Rounded                               // Amount differs from Exact by rounding
)

var conditionNames = [...]string{"capped", "prorated", "excused", "earned back", "earn-back pending", "below minimum", "rounded"}

// conditionKeys are the JSON names of the conditions, in bit order.
var conditionKeys = [...]string{"capped", "prorated", "excused", "earnedBack", "earnBackPending", "belowMinimum", "rounded"}

// Has reports whether every bit of o is set in c.
func (c Condition) Has(o Condition) bool { return c&o == o }

// String lists the set conditions in words, separated by ", "
// ("capped, earned back").
func (c Condition) String() string {
	var parts []string
	for i, n := range conditionNames {
		if c&(1<<i) != 0 {
			parts = append(parts, n)
		}
	}
	return strings.Join(parts, ", ")
}

// MarshalJSON encodes c as an array of condition names in bit order
// (["capped", "earnedBack"]); the empty set is [].
func (c Condition) MarshalJSON() ([]byte, error) {
	keys := make([]string, 0, len(conditionKeys))
	for i, k := range conditionKeys {
		if c&(1<<i) != 0 {
			keys = append(keys, k)
		}
	}
	return json.Marshal(keys)
}

// UnmarshalJSON decodes the form MarshalJSON produces; an unknown name is an
// error wrapping ErrSyntax.
func (c *Condition) UnmarshalJSON(b []byte) error {
	var keys []string
	if err := json.Unmarshal(b, &keys); err != nil {
		return errf(ErrSyntax, "", "conditions: %v", err)
	}
	var v Condition
next:
	for _, k := range keys {
		for i, n := range conditionKeys {
			if k == n {
				v |= 1 << i
				continue next
			}
		}
		return errf(ErrSyntax, "", "unknown condition %q", k)
	}
	*c = v
	return nil
}

// LineKind says what produced a [Line]. It marshals as its string.
type LineKind string

// Line kinds.
const (
	TierLine      LineKind = "tier"
	StepLine      LineKind = "step"
	PerBreachLine LineKind = "perBreach"
	PerLateLine   LineKind = "perLate"
	PoolLine      LineKind = "pool"
	ChronicLine   LineKind = "chronic"
	BonusLine     LineKind = "bonus"
)

// Bite records that a cap reduced a line: which cap (its name, or its path
// such as "rules[0].caps[1]"), its scope, the room it left before the
// reduction, and by how much it reduced the line (exact).
//
// The zero Bite means no cap bit.
type Bite struct {
	Cap   string   `json:"cap"`
	Scope CapScope `json:"scope,omitempty"`
	Room  Money    `json:"room"`
	By    Money    `json:"by"`
}

// Line is one itemised, explained amount: a credit owed to the customer,
// or (Kind BonusLine) a bonus owed to the provider. Raw is the amount the
// rule gives before caps, Exact the amount after caps, earn-back, excuses
// and the claim minimum, and Amount the rounded amount; the Amounts of a
// period's lines sum exactly to its rounded total.
//
// The zero Line is an empty record; Evaluate never returns one.
type Line struct {
	Kind       LineKind        `json:"kind"`
	Source     string          `json:"source"` // rule, pool or chronic clause name
	Objective  string          `json:"objective,omitempty"`
	Period     metric.Period   `json:"period"`
	Attainment decimal.Decimal `json:"attainment"`
	Tier       int             `json:"tier,omitempty"` // 1-based index of the tier or bonus tier; 0 if none
	Threshold  decimal.Decimal `json:"threshold,omitzero"`
	Units      decimal.Decimal `json:"units"` // steps, breaches, units late, or 1
	Rate       Value           `json:"rate"`  // per unit
	Base       Money           `json:"base,omitzero"`
	Raw        Money           `json:"raw"`
	Bites      []Bite          `json:"bites,omitempty"`
	Exact      Money           `json:"exact"`
	Amount     Money           `json:"amount"`
	Conditions Condition       `json:"conditions,omitzero"`
}

// String explains l in one sentence, for example
// `2026-03-01 to 2026-04-01: uptime-credit on "uptime": attainment 97% below 98 (tier 2): 11% of GBP 10.00 = GBP 1.10; capped by monthly (room GBP 1.00) by GBP 0.10; credit GBP 1.00`.
func (l Line) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s", periodString(l.Period), l.Source)
	if l.Objective != "" {
		fmt.Fprintf(&b, " on %q", l.Objective)
	}
	b.WriteString(": ")
	switch l.Kind {
	case TierLine:
		fmt.Fprintf(&b, "attainment %s%% below %s (tier %d)", l.Attainment, l.Threshold, l.Tier)
	case BonusLine:
		fmt.Fprintf(&b, "attainment %s%% at least %s (bonus tier %d)", l.Attainment, l.Threshold, l.Tier)
	case StepLine:
		fmt.Fprintf(&b, "attainment %s%%, %s full steps below %s", l.Attainment, l.Units, l.Threshold)
	case PerBreachLine:
		fmt.Fprintf(&b, "%s breaches", l.Units)
	case PerLateLine:
		fmt.Fprintf(&b, "%s units late", l.Units)
	case PoolLine:
		fmt.Fprintf(&b, "objective missed, pool share")
	case ChronicLine:
		fmt.Fprintf(&b, "chronic failure")
	}
	b.WriteString(": ")
	if l.Kind == StepLine || l.Kind == PerBreachLine || l.Kind == PerLateLine {
		fmt.Fprintf(&b, "%s × ", l.Units)
	}
	if l.Rate.IsAmount() {
		fmt.Fprintf(&b, "%s = %s", l.Rate, l.Raw)
	} else {
		fmt.Fprintf(&b, "%s of %s = %s", l.Rate, l.Base, l.Raw)
	}
	for _, bt := range l.Bites {
		fmt.Fprintf(&b, "; capped by %s (room %s) by %s", bt.Cap, bt.Room, bt.By)
	}
	for _, c := range []Condition{Excused, EarnedBack, EarnBackPending, BelowMinimum} {
		if l.Conditions.Has(c) {
			fmt.Fprintf(&b, "; %s", c)
		}
	}
	if l.Kind == BonusLine {
		fmt.Fprintf(&b, "; bonus %s", l.Amount)
	} else {
		fmt.Fprintf(&b, "; credit %s", l.Amount)
	}
	return b.String()
}

func periodString(p metric.Period) string {
	const layout = "2006-01-02"
	if isMidnight(p.Start) && isMidnight(p.End) {
		return p.Start.Format(layout) + " to " + p.End.Format(layout)
	}
	return p.Start.Format(time.RFC3339) + " to " + p.End.Format(time.RFC3339)
}

func isMidnight(t time.Time) bool {
	h, m, s := t.Clock()
	return h == 0 && m == 0 && s == 0 && t.Nanosecond() == 0
}

// ChargeAmount is a charge's exact amount in a period.
//
// The zero ChargeAmount is an unnamed zero charge.
type ChargeAmount struct {
	Name   string `json:"name"`
	Amount Money  `json:"amount"`
}

// PeriodResult is the outcome of one period: its charges, credit lines,
// bonus lines, rounded totals (Credit is the sum of the Lines' Amounts,
// Bonus of the Bonuses'), the claim deadline (zero if none) and any
// termination rights that arose in it.
//
// The zero PeriodResult is an empty period with no credit.
type PeriodResult struct {
	Period       metric.Period  `json:"period"`
	Charges      []ChargeAmount `json:"charges,omitempty"`
	Lines        []Line         `json:"lines,omitempty"`
	Bonuses      []Line         `json:"bonuses,omitempty"`
	Credit       Money          `json:"credit"`
	Bonus        Money          `json:"bonus"`
	ClaimBy      time.Time      `json:"claimBy,omitzero"`
	Terminations []Termination  `json:"terminations,omitempty"`
	// CapsReached names the rules' caps (by Cap.Name) whose maximum credit
	// was reached in the period, sorted: [Chronic.CapReached] counts them.
	CapsReached []string `json:"capsReached,omitempty"`
}

// Result is the outcome of [Schedule.Evaluate]: one PeriodResult per input
// period, the credit and bonus totals (sums of the rounded period totals)
// and every termination right that arose, in order.
//
// The zero Result is the result of evaluating no periods (with zero Money totals).
type Result struct {
	Periods      []PeriodResult `json:"periods"`
	Credit       Money          `json:"credit"`
	Bonus        Money          `json:"bonus"`
	Terminations []Termination  `json:"terminations,omitempty"`
}
