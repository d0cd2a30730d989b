package sla

import (
	"github.com/rickb777/period"
	"github.com/shopspring/decimal"
)

// Penalty rule kinds.
const (
	// PenaltyTiers: the first tier (in listed order, thresholds descending)
	// whose Below the attainment is strictly under gives the amount.
	PenaltyTiers = "tiers"
	// PenaltyPerBreach: Amount for each breached subject (ticket, report).
	PenaltyPerBreach = "perBreach"
	// PenaltyPerUnitLate: Amount for each full Per of lateness, measured in
	// Unit (business or wall time), per breached subject.
	PenaltyPerUnitLate = "perUnitLate"
	// PenaltyStep: Amount for each full Step percentage points of shortfall
	// below the target.
	PenaltyStep = "step"
	// PenaltyBonus: the first tier whose AtLeast the attainment reaches gives
	// the amount as a bonus to the obligor.
	PenaltyBonus = "bonus"
)

// PenaltyRule is what a shortfall of one objective costs, paid by the
// objective's obligor to its beneficiary (or, for a bonus, the reverse).
// Percentages in amounts are of the charge of Base for the period.
type PenaltyRule struct {
	ID       string           `json:"id"`
	Kind     string           `json:"kind"`               // Penalty* constant
	Base     string           `json:"base,omitempty"`     // service ID whose charge is the base; "": the objective's service
	Tiers    []Tier           `json:"tiers,omitempty"`    // tiers and bonus
	Amount   *Amount          `json:"amount,omitempty"`   // perBreach, perUnitLate, step
	Per      period.Period    `json:"per,omitzero"`       // perUnitLate: e.g. PT1H
	Unit     string           `json:"unit,omitempty"`     // perUnitLate: Unit* constant for Per
	Step     *decimal.Decimal `json:"step,omitempty"`     // step: percentage points, e.g. "1"
	EarnBack int              `json:"earnBack,omitempty"` // forgiven when met in the next N periods; 0: never
	Caps     []Cap            `json:"caps,omitempty"`
}

// Tier is one threshold of a tiers or bonus rule: Below for tiers (applies
// when attainment < Below), AtLeast for bonus (applies when attainment ≥
// AtLeast). Thresholds are percentages.
type Tier struct {
	Below   *decimal.Decimal `json:"below,omitempty"`
	AtLeast *decimal.Decimal `json:"atLeast,omitempty"`
	Amount  Amount           `json:"amount"`
}

// Amount is money: exactly one of a percentage (0–100) of the base charge and
// a fixed amount in the agreement's currency.
type Amount struct {
	Percent *decimal.Decimal `json:"percentOfCharge,omitempty"`
	Fixed   *decimal.Decimal `json:"fixed,omitempty"`
}

// Cap windows.
const (
	CapPeriod  = "period"  // per reporting period
	CapRolling = "rolling" // over any Window (e.g. P12M) of periods
	CapTotal   = "total"   // over the whole agreement
)

// Cap limits credits: Limit's percentage is of the charges over the same
// window.
type Cap struct {
	Over   string        `json:"over"`            // Cap* constant
	Window period.Period `json:"window,omitzero"` // rolling only
	Limit  Amount        `json:"limit"`
}

// AtRisk is an at-risk pool: Percent of the invoice is at risk; each
// objective's share of it is PoolAllocation × its weight; the credits of a
// period are capped at the pool. Example: 100,000 × 10% × 50% × 40% = 2,000.
type AtRisk struct {
	Percent        decimal.Decimal `json:"percentOfInvoice"`
	PoolAllocation decimal.Decimal `json:"poolAllocation"` // percent; may exceed 100
	Weights        []Weight        `json:"weights"`        // sum to 100
}

// Weight is one objective's percentage of the pool allocation.
type Weight struct {
	Objective string          `json:"objective"`
	Percent   decimal.Decimal `json:"percent"`
}

// ChronicRule is a chronic failure: Objectives (any of them) missed in
// Missed of any OfAny consecutive periods (OfAny = Missed means in a row), or
// Missed times within a rolling Within. It gives a termination right when
// the term's termination for cause names it, and Credit when set.
type ChronicRule struct {
	ID         string        `json:"id"`
	Objectives []string      `json:"objectives"`
	Missed     int           `json:"missed"`
	OfAny      int           `json:"ofAnyConsecutive,omitempty"`
	Within     period.Period `json:"within,omitzero"`
	Credit     *Amount       `json:"credit,omitempty"`
}

// Claims: credits below Minimum (in the currency) are not issued, and a
// credit must be claimed within Within after its period ends; zero Within
// means no time limit.
type Claims struct {
	Minimum *decimal.Decimal `json:"minimum,omitempty"`
	Within  period.Period    `json:"within,omitzero"`
}
