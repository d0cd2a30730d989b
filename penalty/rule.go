package penalty

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/calendar"
)

var hundred = decimal.NewFromInt(100)

// Value is a rate: either a percentage of a base charge (Percent, 0–100) or
// a fixed Amount. It is an amount when Amount has a currency, else a
// percentage. The zero Value is 0% (nothing).
type Value struct {
	Percent decimal.Decimal `json:"percent,omitzero"`
	Amount  Money           `json:"amount,omitzero"`
}

// Pct returns the Value p%; Pct("2") is 2% of the base. Like a MustX
// function it panics if p is not a decimal, so it is intended for literals
// and tests.
func Pct(p string) Value { return Value{Percent: decimal.RequireFromString(p)} }

// Amt returns the fixed-amount Value m.
func Amt(m Money) Value { return Value{Amount: m} }

// IsAmount reports whether v is a fixed amount rather than a percentage.
func (v Value) IsAmount() bool { return v.Amount.Currency != "" }

// Of returns v applied to base: base × Percent / 100, or Amount.
func (v Value) Of(base Money) Money {
	if v.IsAmount() {
		return v.Amount
	}
	return base.Percent(v.Percent)
}

func (v Value) isZero() bool {
	return !v.IsAmount() && v.Percent.IsZero() && v.Amount.Amount.IsZero()
}

func (s Step) isZero() bool {
	return s.Target.IsZero() && s.Size.IsZero() && s.Credit.isZero()
}

// String formats v as "2%" or "GBP 5.00".
func (v Value) String() string {
	if v.IsAmount() {
		return v.Amount.String()
	}
	return v.Percent.String() + "%"
}

// cmp orders two values of the same kind.
func (v Value) cmp(o Value) int {
	if v.IsAmount() {
		return v.Amount.Amount.Cmp(o.Amount.Amount)
	}
	return v.Percent.Cmp(o.Percent)
}

func (v Value) validate(p *problems, path string, cur Currency, maxPct bool) {
	if v.IsAmount() {
		if !v.Percent.IsZero() {
			p.add(ErrInvalid, path, "give a percent or an amount, not both")
		}
		checkMoney(p, join(path, "amount"), v.Amount, cur)
		return
	}
	if v.Amount.Amount.Sign() != 0 {
		p.add(ErrInvalid, join(path, "amount"), "an amount needs a currency (%s)", cur)
	}
	checkPercent(p, join(path, "percent"), v.Percent, maxPct)
}

func checkPercent(p *problems, path string, d decimal.Decimal, maxPct bool) {
	if !checkSize(p, path, d) {
		return
	}
	if d.Sign() < 0 {
		p.add(ErrInvalid, path, "%s%% is negative", d)
	}
	if maxPct && d.Cmp(hundred) > 0 {
		p.add(ErrInvalid, path, "%s%% is above 100%%", d)
	}
}

// checkLevel requires an attainment level in [0, 100].
func checkLevel(p *problems, path string, d decimal.Decimal) {
	if !checkSize(p, path, d) {
		return
	}
	if d.Sign() < 0 || d.Cmp(hundred) > 0 {
		p.add(ErrInvalid, path, "service level %s%% is outside 0–100", d)
	}
}

// Tier is one step of a tiered credit: it applies when attainment is below
// Below, compared exactly as decimals (99.9 is not below 99.9). When several
// tiers apply, the one with the lowest Below wins (tiers are not summed).
//
// The zero Tier ("below 0%, credit 0%") never applies.
type Tier struct {
	Below  decimal.Decimal `json:"below"`
	Credit Value           `json:"credit"`
}

// BonusTier pays the provider Bonus when attainment is at least AtLeast.
// When several apply, the one with the highest AtLeast wins.
//
// The zero BonusTier pays 0% at any attainment.
type BonusTier struct {
	AtLeast decimal.Decimal `json:"atLeast"`
	Bonus   Value           `json:"bonus"`
}

// Step is "Credit per full Size of shortfall below Target": with Target
// 99.9, Size 1 and Credit 5%, attainment 97.95 (shortfall 1.95, one full
// step) gives 5% of the base.
//
// The zero Step is invalid (its Size must be positive).
type Step struct {
	Target decimal.Decimal `json:"target"`
	Size   decimal.Decimal `json:"size"`
	Credit Value           `json:"credit"`
}

// RuleKind says how a [Rule] computes its raw credit. It marshals to JSON
// as its string. The zero RuleKind is invalid.
type RuleKind string

// Rule kinds.
const (
	// Tiered: credit of the lowest tier whose threshold attainment is below.
	Tiered RuleKind = "tiers"
	// Stepped: Step.Credit per full Step.Size of shortfall below Step.Target.
	Stepped RuleKind = "step"
	// PerBreach: Each × the number of breaches (tickets, incidents).
	PerBreach RuleKind = "perBreach"
	// PerLate: Each per Unit of lateness, summed over the late items.
	PerLate RuleKind = "perLate"
)

// UnitCount says how a late duration is turned into units of a [PerLate]
// rule. The zero UnitCount ("") is [Fraction].
type UnitCount string

// Unit counting.
const (
	Fraction UnitCount = ""        // exact fraction: 90 min at 1 h → 1.5 (condition Prorated)
	Full     UnitCount = "full"    // full units only: 90 min → 1
	Started  UnitCount = "started" // every started unit: 90 min → 2
)

// Duration is a [time.Duration] that marshals to JSON as its string ("1h").
type Duration time.Duration

// MarshalText encodes d as time.Duration.String does.
func (d Duration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

// UnmarshalText decodes the form time.ParseDuration accepts.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return errf(ErrSyntax, "", "%v", err)
	}
	*d = Duration(v)
	return nil
}

// Rule attaches a credit to an objective. Which fields matter depends on
// Kind; the others must be empty. Charge names the [Charge] that
// percentages (of credits and of caps) are shares of.
//
// The zero Rule is invalid (no name, no kind).
type Rule struct {
	Name      string    `json:"name"`
	Objective string    `json:"objective"`
	Kind      RuleKind  `json:"kind"`
	Charge    string    `json:"charge,omitempty"`
	Tiers     []Tier    `json:"tiers,omitempty"` // Tiered: Below strictly falling, credits not falling
	Step      Step      `json:"step,omitzero"`   // Stepped
	Each      Value     `json:"each,omitzero"`   // PerBreach, PerLate
	Unit      Duration  `json:"unit,omitempty"`  // PerLate: e.g. 1h (business or wall, as the host measured)
	Count     UnitCount `json:"count,omitempty"` // PerLate
	// Bonus pays the provider for over-performance; optional.
	Bonus []BonusTier `json:"bonus,omitempty"`
	// EarnBack forgives a credit when the objective is met (or excused) in
	// each of the next EarnBack periods; 0 means no earn-back.
	EarnBack int `json:"earnBack,omitempty"`
	// Caps limit this rule's credits.
	Caps []Cap `json:"caps,omitempty"`
}

// usesPercent reports whether any of r's values or caps is a percentage.
func (r Rule) usesPercent() bool {
	pct := func(v Value) bool { return !v.IsAmount() }
	switch r.Kind {
	case Tiered:
		for _, t := range r.Tiers {
			if pct(t.Credit) {
				return true
			}
		}
	case Stepped:
		if pct(r.Step.Credit) {
			return true
		}
	case PerBreach, PerLate:
		if pct(r.Each) {
			return true
		}
	}
	for _, b := range r.Bonus {
		if pct(b.Bonus) {
			return true
		}
	}
	for _, c := range r.Caps {
		if pct(c.Limit) {
			return true
		}
	}
	return false
}

func (r Rule) validate(p *problems, path string, cur Currency, charges map[string]bool) {
	if r.Name == "" {
		p.add(ErrInvalid, join(path, "name"), "a rule needs a name")
	}
	if r.Objective == "" {
		p.add(ErrInvalid, join(path, "objective"), "a rule needs an objective")
	}
	if r.Charge != "" && !charges[r.Charge] {
		p.add(ErrInvalid, join(path, "charge"), "no charge named %q", r.Charge)
	}
	if r.Charge == "" && r.usesPercent() {
		p.add(ErrInvalid, join(path, "charge"), "percentages need a base charge")
	}
	if r.Kind != Tiered && len(r.Tiers) > 0 {
		p.add(ErrInvalid, join(path, "tiers"), "tiers are only for kind %q", Tiered)
	}
	if r.Kind != Stepped && !r.Step.isZero() {
		p.add(ErrInvalid, join(path, "step"), "a step is only for kind %q", Stepped)
	}
	if r.Kind != PerBreach && r.Kind != PerLate && !r.Each.isZero() {
		p.add(ErrInvalid, join(path, "each"), "each is only for kinds %q and %q", PerBreach, PerLate)
	}
	if r.Kind != PerLate && (r.Unit != 0 || r.Count != "") {
		p.add(ErrInvalid, join(path, "unit"), "unit and count are only for kind %q", PerLate)
	}
	switch r.Kind {
	case Tiered:
		if len(r.Tiers) == 0 {
			p.add(ErrInvalid, join(path, "tiers"), "a tiered rule needs at least one tier")
		}
		for i, t := range r.Tiers {
			tp := index(path, "tiers", i)
			checkLevel(p, join(tp, "below"), t.Below)
			t.Credit.validate(p, join(tp, "credit"), cur, true)
			if i == 0 {
				continue
			}
			prev := r.Tiers[i-1]
			if t.Below.Cmp(prev.Below) >= 0 {
				p.add(ErrInvalid, join(tp, "below"), "tiers overlap or are unordered: %s is not below the previous threshold %s", t.Below, prev.Below)
			}
			if t.Credit.IsAmount() != prev.Credit.IsAmount() {
				p.add(ErrInvalid, join(tp, "credit"), "tiers of one rule are all percentages or all amounts")
			} else if t.Credit.cmp(prev.Credit) < 0 {
				p.add(ErrInvalid, join(tp, "credit"), "a lower tier must not credit less (%s after %s)", t.Credit, prev.Credit)
			}
		}
	case Stepped:
		checkLevel(p, join(path, "step.target"), r.Step.Target)
		if checkSize(p, join(path, "step.size"), r.Step.Size) && (r.Step.Size.Sign() <= 0 || r.Step.Size.Cmp(hundred) > 0) {
			p.add(ErrInvalid, join(path, "step.size"), "step size %s must be above 0 and at most 100", r.Step.Size)
		}

		r.Step.Credit.validate(p, join(path, "step.credit"), cur, true)
	case PerBreach:
		r.Each.validate(p, join(path, "each"), cur, true)
	case PerLate:
		r.Each.validate(p, join(path, "each"), cur, true)
		if r.Unit <= 0 {
			p.add(ErrInvalid, join(path, "unit"), "a per-late rule needs a positive unit such as 1h")
		}
		switch r.Count {
		case Fraction, Full, Started:
		default:
			p.add(ErrInvalid, join(path, "count"), "unknown unit count %q", string(r.Count))
		}
	default:
		p.add(ErrInvalid, join(path, "kind"), "unknown rule kind %q", string(r.Kind))
	}
	for i, b := range r.Bonus {
		bp := index(path, "bonus", i)
		checkLevel(p, join(bp, "atLeast"), b.AtLeast)
		b.Bonus.validate(p, join(bp, "bonus"), cur, true)
		if i > 0 {
			prev := r.Bonus[i-1]
			if b.AtLeast.Cmp(prev.AtLeast) <= 0 {
				p.add(ErrInvalid, join(bp, "atLeast"), "bonus tiers overlap or are unordered: %s is not above %s", b.AtLeast, prev.AtLeast)
			}
			if b.Bonus.IsAmount() != prev.Bonus.IsAmount() {
				p.add(ErrInvalid, join(bp, "bonus"), "bonus tiers of one rule are all percentages or all amounts")
			} else if b.Bonus.cmp(prev.Bonus) < 0 {
				p.add(ErrInvalid, join(bp, "bonus"), "a higher bonus tier must not pay less (%s after %s)", b.Bonus, prev.Bonus)
			}
		}
	}
	if r.EarnBack < 0 {
		p.add(ErrInvalid, join(path, "earnBack"), "earn-back periods %d are negative", r.EarnBack)
	}
	for i, c := range r.Caps {
		cp := index(path, "caps", i)
		c.validate(p, cp, cur, nil)
		if c.Charge != "" {
			p.add(ErrInvalid, join(cp, "charge"), "a rule's caps are shares of the rule's charge")
		}
	}
}

// CapScope says what a [Cap] limits. It marshals to JSON as its string. The
// zero CapScope ("") is [PerPeriod].
type CapScope string

// Cap scopes.
const (
	// PerPeriod: credits in one period ≤ Limit of that period's charge.
	PerPeriod CapScope = ""
	// Rolling: credits in any Periods consecutive periods ≤ Limit of the
	// charges of those periods (or ≤ the Limit amount).
	Rolling CapScope = "rolling"
	// Total: credits over the whole agreement ≤ Limit of all charges so far
	// (or ≤ the Limit amount).
	Total CapScope = "total"
	// Quarter: credits in the periods that start in one calendar quarter
	// (January, April, July, October; in the zone of the period being
	// evaluated) ≤ Limit of the charges of those periods so far (or ≤ the
	// Limit amount).
	Quarter CapScope = "quarter"
	// ContractYear: credits in the periods that start in one contract year
	// ([Schedule.ContractYear] and its anniversaries) ≤ Limit of the
	// charges of those periods so far (or ≤ the Limit amount).
	ContractYear CapScope = "contractYear"
)

// Cap limits credits. Limit is a percentage of the base charge (for a
// rule's cap, the rule's charge; for a schedule's cap, Charge, or the sum
// of all charges when Charge is empty) or an amount. Caps are applied to
// exact amounts, with the limit rounded toward zero to the minor unit, so
// the rounded credit never exceeds it.
type Cap struct {
	Name    string   `json:"name,omitempty"`
	Scope   CapScope `json:"scope,omitempty"`
	Periods int      `json:"periods,omitempty"` // Rolling: the window length, ≥ 1
	Limit   Value    `json:"limit"`
	Charge  string   `json:"charge,omitempty"` // schedule caps only
}

func (c Cap) validate(p *problems, path string, cur Currency, charges map[string]bool) {
	switch c.Scope {
	case PerPeriod, Total, Quarter, ContractYear:
		if c.Periods != 0 {
			p.add(ErrInvalid, join(path, "periods"), "periods is only for rolling caps")
		}
	case Rolling:
		if c.Periods < 1 {
			p.add(ErrInvalid, join(path, "periods"), "a rolling cap needs a window of at least 1 period, not %d", c.Periods)
		}
	default:
		p.add(ErrInvalid, join(path, "scope"), "unknown cap scope %q", string(c.Scope))
	}
	c.Limit.validate(p, join(path, "limit"), cur, true)
	if charges != nil && c.Charge != "" && !charges[c.Charge] {
		p.add(ErrInvalid, join(path, "charge"), "no charge named %q", c.Charge)
	}
}

// Weight allocates a share of a [Pool] to an objective.
//
// The zero Weight names no objective and is invalid.
type Weight struct {
	Objective string          `json:"objective"`
	Percent   decimal.Decimal `json:"percent"`
}

// Pool is an at-risk pool: AtRisk% of the Charge (the invoice) is at risk
// each period. A missed, unexcused objective with a Weight costs
// charge × AtRisk% × Allocation% × Weight%; the pool's credits in a period
// are capped at the at-risk amount (charge × AtRisk%). Allocation is the
// share of the at-risk amount given to this pool's objectives (100 when the
// pool is not subdivided). Weights may sum past 100% (a "pool allocation"
// above 100% is common); the cap still holds.
type Pool struct {
	Name       string          `json:"name"`
	Charge     string          `json:"charge"`
	AtRisk     decimal.Decimal `json:"atRisk"`
	Allocation decimal.Decimal `json:"allocation"`
	Weights    []Weight        `json:"weights"`
}

func (pl Pool) validate(p *problems, path string, charges map[string]bool) {
	if pl.Name == "" {
		p.add(ErrInvalid, join(path, "name"), "a pool needs a name")
	}
	if !charges[pl.Charge] {
		p.add(ErrInvalid, join(path, "charge"), "no charge named %q", pl.Charge)
	}
	checkPercent(p, join(path, "atRisk"), pl.AtRisk, true)
	checkPercent(p, join(path, "allocation"), pl.Allocation, true)
	if len(pl.Weights) == 0 {
		p.add(ErrInvalid, join(path, "weights"), "a pool needs at least one weighted objective")
	}
	seen := map[string]bool{}
	for i, w := range pl.Weights {
		wp := index(path, "weights", i)
		if w.Objective == "" {
			p.add(ErrInvalid, join(wp, "objective"), "a weight needs an objective")
		} else if seen[w.Objective] {
			p.add(ErrInvalid, join(wp, "objective"), "objective %q is weighted twice", w.Objective)
		}
		seen[w.Objective] = true
		checkPercent(p, join(wp, "percent"), w.Percent, true)
	}
}

// ChronicKind is the pattern of a [Chronic] clause. It marshals to JSON as
// its string. The zero ChronicKind is invalid.
type ChronicKind string

// Chronic-failure patterns.
const (
	// KOfN: at least K failures in any N consecutive periods.
	KOfN ChronicKind = "kOfN"
	// InARow: K missed periods in a row.
	InARow ChronicKind = "inARow"
)

// Chronic is a chronic-failure clause over one objective: "missed in 3 of
// any 6 consecutive months" (KOfN, K 3, N 6), "missed 3 months in a row"
// (InARow, K 3), "5 failures in a rolling 12 months" (KOfN with Breaches,
// K 5, N 12 on monthly periods). A failure is a missed, unexcused period
// (or, with Breaches, each breach of an unexcused period). When the pattern
// completes it arises at the end of the period that completed it; the
// failures that made it are then used up, so it arises again only on fresh
// failures. It gives a termination right (Terminate) and/or an extra
// Credit of the Charge; the extra credit is a line of its own, subject to
// the schedule's caps but to no rule's.
type Chronic struct {
	Name      string      `json:"name"`
	Objective string      `json:"objective"`
	Kind      ChronicKind `json:"kind"`
	K         int         `json:"k"`
	N         int         `json:"n,omitempty"`
	Breaches  bool        `json:"breaches,omitempty"`
	Terminate bool        `json:"terminate,omitempty"`
	Credit    Value       `json:"credit,omitzero"`
	Charge    string      `json:"charge,omitempty"`
	// Basis is what a percentage Credit is a share of: the period's charge
	// (the zero Basis) or, with YearFees, the yearly price of Charge (a
	// charge priced per year).
	Basis Basis `json:"basis,omitempty"`
	// CapReached, when set, names a cap (Cap.Name) of one of Objective's
	// rules: a period is then a failure when that cap's maximum credit was
	// reached — the rule's credit before the cap was positive and at least
	// the room the cap left — instead of when the objective was missed
	// ("the maximum credit was reached in 3 of any 6 months"). Excused
	// and earned-back credits reach nothing.
	CapReached string `json:"capReached,omitempty"`
}

// Basis says what a percentage credit is a share of. It marshals to JSON
// as its string. The zero Basis ("") is [PeriodCharge].
type Basis string

// Bases of percentage credits.
const (
	// PeriodCharge: the charge of the period being evaluated.
	PeriodCharge Basis = ""
	// YearFees: the fees of the contract year, the Price of a [Charge]
	// priced per year ("5% of the contract year's annual fees").
	YearFees Basis = "yearFees"
)

func (c Chronic) validate(p *problems, path string, cur Currency, charges map[string]bool) {
	if c.Name == "" {
		p.add(ErrInvalid, join(path, "name"), "a chronic-failure clause needs a name")
	}
	if c.Objective == "" {
		p.add(ErrInvalid, join(path, "objective"), "a chronic-failure clause needs an objective")
	}
	if c.K < 1 {
		p.add(ErrInvalid, join(path, "k"), "k must be at least 1, not %d", c.K)
	}
	switch c.Kind {
	case KOfN:
		if c.N < 1 || (c.K >= 1 && c.N < c.K && !c.Breaches) {
			p.add(ErrInvalid, join(path, "n"), "n must be at least 1 and at least k, not %d", c.N)
		}
	case InARow:
		if c.N != 0 || c.Breaches {
			p.add(ErrInvalid, join(path, "n"), "an in-a-row clause counts missed periods; n and breaches do not apply")
		}
	default:
		p.add(ErrInvalid, join(path, "kind"), "unknown chronic-failure kind %q", string(c.Kind))
	}
	hasCredit := !c.Credit.isZero()
	if !c.Terminate && !hasCredit {
		p.add(ErrInvalid, path, "a chronic-failure clause needs terminate or a credit")
	}
	if hasCredit {
		c.Credit.validate(p, join(path, "credit"), cur, true)
		if !c.Credit.IsAmount() && !charges[c.Charge] {
			p.add(ErrInvalid, join(path, "charge"), "a percentage credit needs a base charge; no charge named %q", c.Charge)
		}
	}
}

// Claim sets when a credit is issued: a period's credit is issued only
// when it is at least Minimum — or, with Exclusive, greater than Minimum
// (AWS: a credit is issued "only if the credit amount ... is greater than
// one dollar") — and a credit can be claimed until the period's end plus
// Months and Days (calendar arithmetic in the period's location). The zero
// Claim has no minimum and no deadline.
//
// The minimum applies after rounding: it is compared with the period's
// credit as issued, the total of its lines after caps rounded once to the
// currency's minor unit with the schedule's rounding. So with a minimum of
// USD 1 exclusive, an exact credit of 1.005 is issued as 1.01, while 1.004
// (issued as 1.00) and 1.00 are not. A period whose credit does not reach
// the minimum issues none: each of its lines is reduced to zero and marked
// [BelowMinimum].
type Claim struct {
	Minimum   Money `json:"minimum,omitzero"`
	Exclusive bool  `json:"exclusive,omitempty"` // the credit must be greater than Minimum, not equal to it
	Months    int   `json:"months,omitempty"`
	Days      int   `json:"days,omitempty"`
}

// issues reports whether a period's credit, rounded to the minor unit as
// it is issued, reaches the claim minimum.
func (c Claim) issues(rounded decimal.Decimal) bool {
	if c.Minimum.IsZero() {
		return true
	}
	if c.Exclusive {
		return rounded.GreaterThan(c.Minimum.Amount)
	}
	return rounded.GreaterThanOrEqual(c.Minimum.Amount)
}

// Deadline returns the instant until which a credit for a period ending at
// end can be claimed, or the zero time when there is no deadline. Months
// are added as calendar.AddDate adds them: a month after 31 January is 28
// (or 29) February.
func (c Claim) Deadline(end time.Time) time.Time {
	if c.Months == 0 && c.Days == 0 {
		return time.Time{}
	}
	return calendar.AddDate(end, 0, c.Months, c.Days)
}
