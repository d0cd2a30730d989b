package penalty

import (
	"errors"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/metric"
)

// Schedule is everything that turns outcomes into money for one agreement
// (or one customer of it): the currency and rounding, the charges that
// credits are shares of, the credit rules, at-risk pools, caps over all
// credits, chronic-failure clauses and the claim terms.
//
// A Schedule is a plain value; [Schedule.Validate] checks it and
// [Schedule.Evaluate] validates it again before use, so an invalid Schedule
// is never evaluated. Names of rules, pools and chronic clauses share one
// namespace (they key [Settled.Credits]). A currency is required when the
// schedule states an amount of money anywhere (a charge, a rule, a pool, a
// cap, a claim minimum, a chronic clause's credit); one whose only remedy
// is a termination right (chronic clauses without credits) needs none, and
// its results are zero amounts without a currency. The zero Schedule is
// valid and gives nothing.
type Schedule struct {
	Currency Currency     `json:"currency"`
	Rounding RoundingMode `json:"rounding,omitempty"`
	Charges  []Charge     `json:"charges,omitempty"`
	Rules    []Rule       `json:"rules,omitempty"`
	Pools    []Pool       `json:"pools,omitempty"`
	// Caps limit the sum of all credits (rules, pools, chronic extras).
	Caps    []Cap     `json:"caps,omitempty"`
	Chronic []Chronic `json:"chronic,omitempty"`
	Claim   Claim     `json:"claim,omitzero"`
	// ContractYear is the instant the first contract year starts (the
	// term's effective date). Contract years run from it to its
	// anniversaries: the same wall-clock time and date in its zone in each
	// later year, with 29 February clamped to 28 February in other years.
	// Required by [ContractYear] caps; a period counts in the contract year
	// in which it starts (one that starts before ContractYear counts in the
	// year before it).
	ContractYear time.Time `json:"contractYear,omitzero"`
	// PeriodsPerYear is how many periods make a year (12 for calendar
	// months): a charge priced [PerYear] costs Price / PeriodsPerYear in
	// each period. Required by such charges.
	PeriodsPerYear int `json:"periodsPerYear,omitempty"`
}

// Validate reports every problem of s at once (errors.Join of [*Error]s,
// each with its field path such as "rules[0].tiers[1].below").
func (s Schedule) Validate() error { return s.ValidateAt("") }

// ValidateAt is [Schedule.Validate] with every path prefixed by path, for a
// Schedule embedded in a larger document ("penalties.rules[0].kind").
func (s Schedule) ValidateAt(path string) error {
	err := s.validate()
	if err == nil || path == "" {
		return err
	}
	var out []error
	for _, e := range flatten(err) {
		if pe, ok := e.(*Error); ok {
			cp := *pe
			cp.Path = join(path, cp.Path)
			e = &cp
		}
		out = append(out, e)
	}
	return errors.Join(out...)
}

func flatten(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

// statesMoney reports whether s states an amount of money anywhere, so
// needs a currency.
func (s Schedule) statesMoney() bool {
	if len(s.Charges)+len(s.Rules)+len(s.Pools)+len(s.Caps) > 0 || !s.Claim.Minimum.IsZero() {
		return true
	}
	for _, c := range s.Chronic {
		if !c.Credit.isZero() {
			return true
		}
	}
	return false
}

func (s Schedule) validate() error {
	var p problems
	if !s.Currency.IsKnown() && (s.Currency != "" || s.statesMoney()) {
		p.add(ErrUnknownCurrency, "currency", "%q is not a known ISO 4217 currency", string(s.Currency))
	}
	if !s.Rounding.IsValid() {
		p.add(ErrInvalid, "rounding", "unknown rounding mode %q", string(s.Rounding))
	}
	charges := map[string]bool{}
	for i, c := range s.Charges {
		path := index("", "charges", i)
		c.validate(&p, path, s.Currency)
		if c.Name != "" && charges[c.Name] {
			p.add(ErrInvalid, join(path, "name"), "charge %q is defined twice", c.Name)
		}
		charges[c.Name] = true
	}
	names := map[string]bool{}
	unique := func(path, name string) {
		if name != "" && names[name] {
			p.add(ErrInvalid, join(path, "name"), "name %q is used twice (rules, pools and chronic clauses share names)", name)
		}
		names[name] = true
	}
	for i, r := range s.Rules {
		path := index("", "rules", i)
		r.validate(&p, path, s.Currency, charges)
		unique(path, r.Name)
	}
	for i, pl := range s.Pools {
		path := index("", "pools", i)
		pl.validate(&p, path, charges)
		unique(path, pl.Name)
	}
	yearly := map[string]bool{}
	for _, c := range s.Charges {
		if c.Per == PerYear {
			yearly[c.Name] = true
		}
	}
	if len(yearly) > 0 && s.PeriodsPerYear < 1 {
		p.add(ErrMissing, "periodsPerYear", "a charge priced per year needs the number of periods in a year (12 for months)")
	}
	if s.PeriodsPerYear < 0 || s.PeriodsPerYear > maxPeriodsPerYear {
		p.add(ErrInvalid, "periodsPerYear", "%d periods in a year is outside 0 to %d", s.PeriodsPerYear, maxPeriodsPerYear)
	}
	for i, c := range s.Caps {
		path := index("", "caps", i)
		c.validate(&p, path, s.Currency, charges)
		if c.Scope == ContractYear && s.ContractYear.IsZero() {
			p.add(ErrMissing, join(path, "scope"), "a contract-year cap needs the schedule's contractYear (the term's effective date)")
		}
		if !c.Limit.IsAmount() && c.Charge == "" && len(s.Charges) == 0 {
			p.add(ErrInvalid, join(path, "charge"), "a percentage cap needs charges")
		}
	}
	for i, c := range s.Chronic {
		path := index("", "chronic", i)
		c.validate(&p, path, s.Currency, charges)
		unique(path, c.Name)
		checkBasis(&p, path, c.Basis, c.Charge, c.Credit, yearly)
		if c.CapReached != "" {
			checkCapReached(&p, path, c, s.Rules)
		}
	}
	if !s.Claim.Minimum.IsZero() {
		checkMoney(&p, "claim.minimum", s.Claim.Minimum, s.Currency)
	} else if s.Claim.Exclusive {
		p.add(ErrInvalid, "claim.exclusive", "an exclusive minimum needs a minimum; set claim.minimum")
	}
	if s.Claim.Months < 0 || s.Claim.Days < 0 {
		p.add(ErrInvalid, "claim", "the claim deadline must not be negative")
	}
	return p.err()
}

// checkCapReached checks that a clause counting reached caps names a cap
// of a rule of its objective, and counts periods, not breaches.
func checkCapReached(p *problems, path string, c Chronic, rules []Rule) {
	if c.Breaches {
		p.add(ErrInvalid, join(path, "breaches"), "a clause on a reached cap counts periods, not breaches")
	}
	for _, r := range rules {
		if r.Objective != c.Objective {
			continue
		}
		for _, cp := range r.Caps {
			if cp.Name == c.CapReached {
				return
			}
		}
	}
	p.add(ErrInvalid, join(path, "capReached"), "no rule of objective %q has a cap named %q; name the rule's cap (Cap.Name) whose maximum counts", c.Objective, c.CapReached)
}

// maxPeriodsPerYear bounds Schedule.PeriodsPerYear (days in a leap year).
const maxPeriodsPerYear = 366

// checkBasis checks that a credit on the YearFees basis is a percentage of a
// charge priced per year.
func checkBasis(p *problems, path string, b Basis, charge string, credit Value, yearly map[string]bool) {
	switch b {
	case PeriodCharge:
	case YearFees:
		if credit.IsAmount() {
			p.add(ErrInvalid, join(path, "basis"), "a fixed credit has no basis; give a percentage of the year's fees")
		} else if !yearly[charge] {
			p.add(ErrInvalid, join(path, "basis"), "the fees of a contract year need a charge priced per year; %q is not", charge)
		}
	default:
		p.add(ErrInvalid, join(path, "basis"), "unknown basis %q; use %q or leave it out", string(b), string(YearFees))
	}
}

// Outcome is how one objective did in one period: what [Schedule.Evaluate]
// consumes. The sla evaluator maps metric results onto it.
//
// Attainment is a percentage in [0, 100] (tiers and steps compare it). Met
// says whether the objective's target was met (pools, earn-back and chronic
// failure use it). Excused marks a failure that carries no penalty (caused
// by the other party or inside an exclusion): it is neither a failure nor a
// credit. Breaches counts breached items (tickets) for per-breach rules and
// chronic clauses with Breaches; Late lists how late each late item was
// (business or wall time, as the host measured) for per-late rules.
//
// An objective with no Outcome in a period is not assessed: no credit, and
// not a failure. Excused applies to the whole outcome; when only some
// breaches or late items are excused, leave them out of Breaches and Late.
//
// The zero Outcome is an unnamed objective at 0%, not met.
type Outcome struct {
	Objective  string          `json:"objective"`
	Attainment decimal.Decimal `json:"attainment"`
	Met        bool            `json:"met"`
	Excused    bool            `json:"excused,omitempty"`
	Breaches   int             `json:"breaches,omitempty"`
	Late       []Duration      `json:"late,omitempty"`
}

// PeriodInput is one period to evaluate: its outcomes and the usage of
// each charge (units, or the amount of a supplied charge). Every
// [Supplied] charge needs a Usage with its Amount in every period; a
// charge priced by units with no Usage has zero units.
//
// The zero PeriodInput has an empty period and is invalid.
type PeriodInput struct {
	Period   metric.Period `json:"period"`
	Outcomes []Outcome     `json:"outcomes,omitempty"`
	Usage    []Usage       `json:"usage,omitempty"`
}

// Settled is a period evaluated earlier (for example on past invoices): its
// charges by charge name and the credits issued by rule, pool or chronic
// clause name, already rounded. Rolling and total caps count them. Missed
// (objectives missed and not excused) and Breaches (unexcused breaches by
// objective) let chronic-failure clauses count failures in history; rights
// that arose in history are not reported again. A settled credit is final:
// later periods cannot earn it back.
//
// [Settle] builds a Settled from an evaluated period, so a host can
// evaluate in pieces (month by month, or across an amendment) and get the
// same numbers as evaluating all periods at once.
type Settled struct {
	Period   metric.Period    `json:"period"`
	Charges  map[string]Money `json:"charges,omitempty"`
	Credits  map[string]Money `json:"credits,omitempty"`
	Missed   []string         `json:"missed,omitempty"`
	Breaches map[string]int   `json:"breaches,omitempty"`
	// CapsReached names the rule caps whose maximum credit was reached in
	// the period ([PeriodResult.CapsReached]).
	CapsReached []string `json:"capsReached,omitempty"`
}

// Settle returns the [Settled] record of a period: in is what was
// evaluated and pr its result.
func Settle(in PeriodInput, pr PeriodResult) Settled {
	st := Settled{Period: pr.Period, Charges: map[string]Money{}, Credits: map[string]Money{}, CapsReached: slices.Clone(pr.CapsReached)}
	for _, c := range pr.Charges {
		st.Charges[c.Name] = c.Amount
	}
	for _, l := range pr.Lines {
		sum, err := st.Credits[l.Source].Add(l.Amount)
		if err == nil {
			st.Credits[l.Source] = sum
		}
	}
	for _, o := range in.Outcomes {
		if o.Excused {
			continue
		}
		if !o.Met {
			st.Missed = append(st.Missed, o.Objective)
		}
		if o.Breaches > 0 {
			if st.Breaches == nil {
				st.Breaches = map[string]int{}
			}
			st.Breaches[o.Objective] += o.Breaches
		}
	}
	return st
}

// Termination is a termination right for cause that arose from a
// [Chronic] clause.
//
// The zero Termination means nothing arose.
type Termination struct {
	Chronic   string        `json:"chronic"`
	Objective string        `json:"objective"`
	Arose     time.Time     `json:"arose"`  // end of the period that completed the pattern
	Period    metric.Period `json:"period"` // that period
	Failures  int           `json:"failures"`
	Reason    string        `json:"reason"`
}
