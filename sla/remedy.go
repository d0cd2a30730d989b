package sla

import (
	"github.com/rickb777/period"
	"github.com/shopspring/decimal"
)

// Penalty rule kinds.
const (
	// PenaltyTiers: of the tiers whose Below the attainment is strictly
	// under, the one with the lowest Below gives the amount. Tiers are
	// listed from the highest threshold down ("below 99.9 → 10%, below 99 →
	// 25%": 97 gives 25%).
	PenaltyTiers = "tiers"
	// PenaltyStep: Amount for each full Step percentage points of shortfall
	// below the objective's target (atLeast).
	PenaltyStep = "step"
	// PenaltyPerBreach: Amount for each breached subject (ticket, report),
	// or each missed period of a periodic objective.
	PenaltyPerBreach = "perBreach"
	// PenaltyPerUnitLate: Amount for each Per of lateness, summed over the
	// late subjects; lateness is measured in the target's unit (open time
	// for business targets, wall time for wall ones), and Count says how a
	// part of a unit counts.
	PenaltyPerUnitLate = "perUnitLate"
)

// How a part of a unit of lateness counts in a perUnitLate rule.
const (
	CountFraction = ""        // exactly: 90 minutes at PT1H is 1.5 units
	CountFull     = "full"    // full units only: 90 minutes is 1
	CountStarted  = "started" // every started unit: 90 minutes is 2
)

// PenaltyRule is what a shortfall of one objective costs, paid by the
// objective's obligor to its beneficiary as a credit; Bonus tiers pay the
// obligor for over-performance. Percentages in amounts are of the charge of
// Base for the period.
//
// The evaluator maps a rule onto penalty.Rule: Kind tiers → Tiered (Tier
// Below, Credit), step → Stepped with Step{Target: the objective's atLeast,
// Size: Step, Credit: Amount}, perBreach → PerBreach (Each), perUnitLate →
// PerLate (Each, Unit: Per as a duration, Count), Bonus → BonusTier, Caps →
// penalty.Cap, EarnBack as is; Amount → penalty.Value with the agreement's
// currency.
type PenaltyRule struct {
	ID       string           `json:"id"`
	Kind     string           `json:"kind"`               // Penalty* constant
	Base     string           `json:"base,omitempty"`     // service ID whose charge is the base; "": the objective's service
	Tiers    []Tier           `json:"tiers,omitempty"`    // tiers: Below and Amount
	Amount   *Amount          `json:"amount,omitempty"`   // step, perBreach, perUnitLate
	Step     *decimal.Decimal `json:"step,omitempty"`     // step: percentage points, e.g. "1"
	Per      period.Period    `json:"per,omitzero"`       // perUnitLate: e.g. PT1H
	Unit     string           `json:"unit,omitempty"`     // perUnitLate: Unit* constant for Per
	Count    string           `json:"count,omitempty"`    // perUnitLate: Count* constant
	Bonus    []Tier           `json:"bonus,omitempty"`    // AtLeast and Amount; the highest AtLeast reached wins
	EarnBack int              `json:"earnBack,omitempty"` // forgiven when met in each of the next N periods; 0: never
	Caps     []Cap            `json:"caps,omitempty"`     // on this rule's credits
	// When, on a ratio split by TargetBy, limits the rule to the value
	// named (one of its targets' When); "": the rule applies to each value
	// on its own, as the rule "ID[value]".
	When string `json:"when,omitempty"`
}

// Tier is one threshold: Below for a credit tier (applies when attainment <
// Below), AtLeast for a bonus tier (applies when attainment ≥ AtLeast).
// Thresholds are percentages.
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
	CapRolling = "rolling" // over any Periods consecutive reporting periods
	CapTotal   = "total"   // over the whole agreement
	// CapQuarter: over the credit months of one calendar quarter (January,
	// April, July, October) in the agreement's zone.
	CapQuarter = "quarter"
	// CapContractYear: over the credit months of one contract year, which
	// runs from the term's effectiveFrom to its anniversary (29 February →
	// 28 February); a month counts in the contract year in which it starts.
	CapContractYear = "contractYear"
)

// Cap limits credits: Limit's percentage is of the charges over the same
// window — of the rule's base for a rule's caps, of all priced services of
// the version for the version's caps. ID, when given, names the cap in
// reports ("capped by monthly-cap") and must be unique among the version's
// caps, those of its penalty rules included. Over quarter and contractYear
// count the credit months so far of the quarter or contract year, as
// rolling and total do of theirs. Maps onto penalty.Cap (Name = ID, Scope,
// Periods, Limit); a contractYear cap sets penalty.Schedule.ContractYear to
// the term's effectiveFrom.
type Cap struct {
	ID      string `json:"id,omitempty"`      // optional name for reports
	Over    string `json:"over"`              // Cap* constant
	Periods int    `json:"periods,omitempty"` // rolling only, ≥ 1, e.g. 12 monthly periods
	Limit   Amount `json:"limit"`
}

// AtRisk is an at-risk pool: Percent of the invoice (the charge of Base) is
// at risk each period; a missed, unexcused objective with a weight costs
// charge × Percent × PoolAllocation × its weight (100,000 × 10% × 50% × 40%
// = 2,000); the pool's credits in a period are capped at charge × Percent.
// Weights may add up to more than 100% (a "pool allocation" above 100% is
// common); the cap still holds. Maps onto penalty.Pool.
type AtRisk struct {
	Base           string          `json:"base"`             // service ID whose charge is the invoice
	Percent        decimal.Decimal `json:"percentOfInvoice"` // 0–100
	PoolAllocation decimal.Decimal `json:"poolAllocation"`   // 0–100; 100 when the pool is not subdivided
	Weights        []Weight        `json:"weights"`
}

// Weight is one objective's percentage of the pool allocation.
type Weight struct {
	Objective string          `json:"objective"`
	Percent   decimal.Decimal `json:"percent"`
}

// ChronicRule is a chronic failure of one objective: missed in Missed of
// any OfAny consecutive periods ("3 of any 6 months"; OfAny = Missed is "in
// a row"). With CountBreaches each breach of an unexcused period counts
// rather than each missed period ("5 breaches in a rolling 12 months":
// Missed 5, OfAny 12, on monthly periods), and OfAny may be below Missed. It
// gives a termination right when the term's termination for cause names it,
// and Credit when set. Maps onto penalty.Chronic (K = Missed, N = OfAny,
// Kind kOfN, or inARow when OfAny = Missed without CountBreaches).
type ChronicRule struct {
	ID            string  `json:"id"`
	Objective     string  `json:"objective"`
	Missed        int     `json:"missed"`
	OfAny         int     `json:"ofAnyConsecutive"`
	CountBreaches bool    `json:"countBreaches,omitempty"`
	Credit        *Amount `json:"credit,omitempty"`
	Base          string  `json:"base,omitempty"`  // service whose charge a percentage credit is of; "": the objective's service
	Basis         string  `json:"basis,omitempty"` // Basis* constant: what of Base's charge a percentage credit is of
	// CapReached, when set, is the id of a cap of one of Objective's
	// penalty rules: a period then counts when that cap's maximum credit
	// was reached (the rule's credit before the cap was at least what the
	// cap allowed), rather than when the objective was missed — "the
	// maximum credit was reached in 3 of any 6 months" is Missed 3, OfAny
	// 6, CapReached the monthly cap. Maps onto penalty.Chronic.CapReached.
	CapReached string `json:"capReached,omitempty"`
}

// What a percentage credit of a chronic failure is of.
const (
	// BasisPeriod: the charge of Base for the credit month (the default).
	BasisPeriod = ""
	// BasisContractYear: the fees of the contract year, the price of a
	// service priced flat per year ("5% of the contract year's annual
	// fees"). Maps onto penalty.YearFees.
	BasisContractYear = "contractYear"
)

// Claims: a period's credit is issued only when it is at least Minimum, or
// greater than MoreThan (AWS: "only if the credit amount ... is greater
// than one dollar": {"moreThan": "1.00"}), in the currency; at most one of
// the two is given. Either applies to the credit as issued, after rounding
// to the currency's minor unit: with moreThan 1.00 a credit of exactly
// 1.005 is issued as 1.01, one of 1.00 is not. A credit must be claimed
// within Within (years, months, weeks and days only) after its period
// ends; zero Within means no time limit. Maps onto penalty.Claim (Minimum,
// Exclusive for MoreThan, Months, Days).
type Claims struct {
	Minimum  *decimal.Decimal `json:"minimum,omitempty"`
	MoreThan *decimal.Decimal `json:"moreThan,omitempty"`
	Within   period.Period    `json:"within,omitzero"`
}
