package penalty

import (
	"github.com/shopspring/decimal"
)

// ChargeKind is the pricing model of a [Charge]. It marshals to JSON as its
// string. The zero ChargeKind ("") is [Flat].
type ChargeKind string

// Pricing models.
const (
	// Flat is a fixed fee per period: Price.
	Flat ChargeKind = ""
	// PerUnit is Price × units (per seat, per ticket, per lead).
	PerUnit ChargeKind = "perUnit"
	// Graduated prices each band's units at that band's price ("the first
	// 10 seats at 5.00, seats 11–50 at 4.00, ...").
	Graduated ChargeKind = "graduated"
	// Volume prices all units at the price of the band the total falls in.
	Volume ChargeKind = "volume"
	// Supplied is an amount the host supplies for each period (the invoice).
	Supplied ChargeKind = "supplied"
)

// Band is one price band of a [Graduated] or [Volume] charge: units above
// the previous band's UpTo and at most UpTo cost Price each. UpTo zero on
// the last band means "no upper bound".
//
// The zero Band is an unbounded band priced at nothing (invalid: a price needs a currency).
type Band struct {
	UpTo  decimal.Decimal `json:"upTo,omitzero"`
	Price Money           `json:"price"`
}

// Charge is what the customer pays for a service in a period: the base of
// which credits are a share. A [Flat] charge may be priced per year (Per
// [PerYear]): each period then costs Price / [Schedule.PeriodsPerYear], and
// Price is the fees of a contract year (the [YearFees] basis). The zero
// Charge is an unnamed flat fee of nothing and is invalid (it has no name).
type Charge struct {
	Name  string     `json:"name"`
	Kind  ChargeKind `json:"kind,omitempty"`
	Price Money      `json:"price,omitzero"` // Flat: the fee; PerUnit: the unit price
	Bands []Band     `json:"bands,omitempty"`
	Per   ChargePer  `json:"per,omitempty"`
}

// ChargePer is the span a [Charge]'s Price is for. It marshals to JSON as
// its string. The zero ChargePer ("") is [EachPeriod].
type ChargePer string

// Spans of a price.
const (
	// EachPeriod: Price is the charge of each period.
	EachPeriod ChargePer = ""
	// PerYear: Price is a year's fee (flat charges only).
	PerYear ChargePer = "year"
)

// yearShare returns a yearly price's share of one period: price / n,
// truncated toward zero at maxDivPlaces decimal places like the package's
// other divisions. It is exact whenever the quotient has at most that many
// places (GBP 1,200.60 / 12 = 100.05); otherwise the quotient repeats (GBP
// 1,000 / 12 = 83.33…) and the truncation lies far below any minor unit.
func yearShare(price decimal.Decimal, n int) decimal.Decimal {
	q, _ := price.QuoRem(decimal.NewFromInt(int64(n)), maxDivPlaces)
	return q
}

// Usage is the host's input for one charge in one period: the units used
// (PerUnit, Graduated, Volume) or the amount charged (Supplied).
//
// The zero Usage (for no named charge) means no units and no amount.
type Usage struct {
	Charge string          `json:"charge"`
	Units  decimal.Decimal `json:"units,omitzero"`
	Amount Money           `json:"amount,omitzero"`
}

// Validate reports every problem of c at once, each an [*Error] whose path
// starts with path.
func (c Charge) Validate(path string, cur Currency) error {
	var p problems
	c.validate(&p, path, cur)
	return p.err()
}

func (c Charge) validate(p *problems, path string, cur Currency) {
	if c.Name == "" {
		p.add(ErrInvalid, join(path, "name"), "a charge needs a name")
	}
	switch c.Per {
	case EachPeriod:
	case PerYear:
		if c.Kind != Flat {
			p.add(ErrInvalid, join(path, "per"), "only a flat charge can be priced per year, not a %s one", c.Kind)
		}
	default:
		p.add(ErrInvalid, join(path, "per"), "unknown price span %q; use \"year\" or leave it out", string(c.Per))
	}
	switch c.Kind {
	case Flat, PerUnit:
		checkMoney(p, join(path, "price"), c.Price, cur)
		if len(c.Bands) > 0 {
			p.add(ErrInvalid, join(path, "bands"), "bands are only for graduated and volume charges")
		}
	case Graduated, Volume:
		if len(c.Bands) == 0 {
			p.add(ErrInvalid, join(path, "bands"), "a %s charge needs at least one band", c.Kind)
		}
		if !c.Price.IsZero() {
			p.add(ErrInvalid, join(path, "price"), "a %s charge is priced by its bands", c.Kind)
		}
		prev := decimal.Zero
		for i, b := range c.Bands {
			bp := index(path, "bands", i)
			checkMoney(p, join(bp, "price"), b.Price, cur)
			checkSize(p, join(bp, "upTo"), b.UpTo)
			last := i == len(c.Bands)-1
			switch {
			case b.UpTo.IsZero() && !last:
				p.add(ErrInvalid, join(bp, "upTo"), "only the last band may be unbounded")
			case !b.UpTo.IsZero() && b.UpTo.Cmp(prev) <= 0:
				p.add(ErrInvalid, join(bp, "upTo"), "bands must rise: %s is not above %s", b.UpTo, prev)
			}
			if !b.UpTo.IsZero() {
				prev = b.UpTo
			}
		}
	case Supplied:
		if !c.Price.IsZero() || len(c.Bands) > 0 {
			p.add(ErrInvalid, path, "a supplied charge has no price or bands")
		}
	default:
		p.add(ErrInvalid, join(path, "kind"), "unknown charge kind %q", string(c.Kind))
	}
}

// Limits on the decimals this package accepts, so that no input can make
// arithmetic allocate without bound: at most maxBits bits of coefficient and
// an exponent in [minExp, maxExp] ("1e1000000000" is rejected).
const (
	maxBits = 256
	minExp  = -28
	maxExp  = 20
)

// checkSize rejects decimals too large or too precise to compute with.
func checkSize(p *problems, path string, d decimal.Decimal) bool {
	if e := d.Exponent(); e < minExp || e > maxExp || d.Coefficient().BitLen() > maxBits {
		p.add(ErrInvalid, path, "%s is too large or has too many decimal places", d.String()[:min(len(d.String()), 40)])
		return false
	}
	return true
}

// checkMoney requires a non-negative amount in the schedule's currency.
func checkMoney(p *problems, path string, m Money, cur Currency) {
	checkSize(p, path, m.Amount)
	switch {
	case m.Currency == "":
		p.add(ErrInvalid, path, "an amount needs a currency (%s)", cur)
	case m.Currency != cur:
		p.add(ErrCurrencyMismatch, path, "%s is not the schedule's currency %s", m.Currency, cur)
	}
	if m.Amount.Sign() < 0 {
		p.add(ErrInvalid, path, "amount %s is negative", m.Amount)
	}
}

// Amount returns the charge for a period given the host's usage; for a
// charge priced [PerYear] it is the year's price, which [Schedule.Evaluate]
// divides by the schedule's PeriodsPerYear. The charge must be valid; units must not be negative; a Supplied charge needs
// u.Amount in currency cur. The result is exact (not rounded).
func (c Charge) Amount(u Usage, cur Currency) (Money, error) {
	if u.Units.Sign() < 0 {
		return Money{}, errf(ErrInvalid, "units", "charge %q: units %s are negative", c.Name, u.Units)
	}
	switch c.Kind {
	case Flat:
		return Money{Amount: c.Price.Amount, Currency: cur}, nil
	case PerUnit:
		return Money{Amount: c.Price.Amount.Mul(u.Units), Currency: cur}, nil
	case Graduated:
		total := decimal.Zero
		prev := decimal.Zero
		for _, b := range c.Bands {
			if u.Units.Cmp(prev) <= 0 {
				break
			}
			top := u.Units
			if !b.UpTo.IsZero() && b.UpTo.Cmp(top) < 0 {
				top = b.UpTo
			}
			total = total.Add(top.Sub(prev).Mul(b.Price.Amount))
			prev = b.UpTo
			if b.UpTo.IsZero() {
				break
			}
		}
		if u.Units.Cmp(prev) > 0 && !c.Bands[len(c.Bands)-1].UpTo.IsZero() {
			return Money{}, errf(ErrInvalid, "units", "charge %q: %s units exceed the last band (%s)", c.Name, u.Units, prev)
		}
		return Money{Amount: total, Currency: cur}, nil
	case Volume:
		if u.Units.IsZero() {
			return Money{Currency: cur}, nil
		}
		for _, b := range c.Bands {
			if b.UpTo.IsZero() || u.Units.Cmp(b.UpTo) <= 0 {
				return Money{Amount: u.Units.Mul(b.Price.Amount), Currency: cur}, nil
			}
		}
		return Money{}, errf(ErrInvalid, "units", "charge %q: %s units exceed the last band", c.Name, u.Units)
	case Supplied:
		if u.Amount.IsZero() {
			return Money{}, errf(ErrMissing, "amount", "charge %q is supplied by the host but no amount was given", c.Name)
		}
		if u.Amount.Currency != cur {
			return Money{}, errf(ErrCurrencyMismatch, "amount", "charge %q: %s is not %s", c.Name, u.Amount.Currency, cur)
		}
		if u.Amount.Sign() < 0 {
			return Money{}, errf(ErrInvalid, "amount", "charge %q: amount %s is negative", c.Name, u.Amount.Amount)
		}
		return u.Amount, nil
	}
	return Money{}, errf(ErrInvalid, "kind", "charge %q: unknown kind %q", c.Name, string(c.Kind))
}

// yearFees returns the fees of a contract year of the charge named name:
// the Price of a charge priced per year (validation guarantees one).
func (ev *evaluator) yearFees(name string) Money {
	for _, c := range ev.s.Charges {
		if c.Name == name && c.Per == PerYear {
			return ev.money(c.Price.Amount)
		}
	}
	return ev.zero
}
