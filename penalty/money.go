package penalty

import (
	"strings"

	"github.com/shopspring/decimal"
)

// Currency is an ISO 4217 alphabetic code such as "GBP". The zero Currency
// ("") means "no currency" and is only valid on the zero [Money].
type Currency string

// MinorUnits returns the number of decimal places of the currency's minor
// unit (JPY 0; USD, EUR, GBP 2; KWD, BHD 3) and whether the code is known.
// The table covers the commonly traded ISO 4217 currencies; it is a
// function, not a variable, so it cannot be changed at run time.
func (c Currency) MinorUnits() (int32, bool) {
	switch c {
	case "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG",
		"RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF":
		return 0, true
	case "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND":
		return 3, true
	case "AED", "ARS", "AUD", "BGN", "BRL", "CAD", "CHF", "CNY", "COP",
		"CZK", "DKK", "EGP", "EUR", "GBP", "HKD", "HUF", "IDR", "ILS",
		"INR", "KES", "MAD", "MXN", "MYR", "NGN", "NOK", "NZD", "PEN",
		"PHP", "PKR", "PLN", "QAR", "RON", "RSD", "SAR", "SEK", "SGD",
		"THB", "TRY", "TWD", "UAH", "USD", "UYU", "ZAR":
		return 2, true
	}
	return 0, false
}

// IsKnown reports whether c is in the table of minor units.
func (c Currency) IsKnown() bool {
	_, ok := c.MinorUnits()
	return ok
}

// Money is an exact decimal amount in a currency. It is a small value: pass
// and store it by value. Arithmetic never rounds; [Money.Round] rounds once,
// at the end, to the currency's minor unit.
//
// The zero Money has no currency and a zero amount; it is the identity of
// [Money.Add] whatever the other currency. Two Money values are equal when
// [Money.Equal] says so (== compares the decimal representation, so
// 1.0 and 1.00 differ under ==).
type Money struct {
	Amount   decimal.Decimal
	Currency Currency
}

// New returns amount in currency c.
func New(amount decimal.Decimal, c Currency) Money { return Money{Amount: amount, Currency: c} }

// Zero returns a zero amount in currency c.
func Zero(c Currency) Money { return Money{Currency: c} }

// IsZero reports whether m's amount is zero and it has no currency (the zero
// Money). An explicit "GBP 0" is not IsZero.
func (m Money) IsZero() bool { return m.Currency == "" && m.Amount.IsZero() }

// Sign returns −1, 0 or +1 according to the sign of the amount.
func (m Money) Sign() int { return m.Amount.Sign() }

// Equal reports whether m and o have the same currency and numerically equal
// amounts.
func (m Money) Equal(o Money) bool { return m.Currency == o.Currency && m.Amount.Equal(o.Amount) }

func (m Money) compatible(o Money) (Currency, bool) {
	switch {
	case m.Currency == o.Currency:
		return m.Currency, true
	case m.IsZero():
		return o.Currency, true
	case o.IsZero():
		return m.Currency, true
	}
	return "", false
}

// Add returns m + o. Amounts in different currencies are never added:
// the result is an error wrapping [ErrCurrencyMismatch].
func (m Money) Add(o Money) (Money, error) {
	c, ok := m.compatible(o)
	if !ok {
		return Money{}, errf(ErrCurrencyMismatch, "", "cannot add %s to %s", o.Currency, m.Currency)
	}
	return Money{Amount: m.Amount.Add(o.Amount), Currency: c}, nil
}

// Sub returns m − o, or an error wrapping [ErrCurrencyMismatch].
func (m Money) Sub(o Money) (Money, error) {
	c, ok := m.compatible(o)
	if !ok {
		return Money{}, errf(ErrCurrencyMismatch, "", "cannot subtract %s from %s", o.Currency, m.Currency)
	}
	return Money{Amount: m.Amount.Sub(o.Amount), Currency: c}, nil
}

// Cmp compares m and o: −1, 0 or +1. Different currencies are an error.
func (m Money) Cmp(o Money) (int, error) {
	if _, ok := m.compatible(o); !ok {
		return 0, errf(ErrCurrencyMismatch, "", "cannot compare %s with %s", o.Currency, m.Currency)
	}
	return m.Amount.Cmp(o.Amount), nil
}

// Mul returns m × d, exactly.
func (m Money) Mul(d decimal.Decimal) Money {
	return Money{Amount: m.Amount.Mul(d), Currency: m.Currency}
}

// Percent returns p% of m (m × p / 100), exactly.
func (m Money) Percent(p decimal.Decimal) Money {
	return Money{Amount: m.Amount.Mul(p).Shift(-2), Currency: m.Currency}
}

// Round rounds m to its currency's minor unit with the given mode (the zero
// mode is half away from zero). An unknown currency is an error wrapping
// [ErrUnknownCurrency]; the zero Money rounds to itself.
func (m Money) Round(mode RoundingMode) (Money, error) {
	if m.IsZero() {
		return m, nil
	}
	places, ok := m.Currency.MinorUnits()
	if !ok {
		return Money{}, errf(ErrUnknownCurrency, "", "no minor unit known for %q", string(m.Currency))
	}
	r, err := mode.round(m.Amount, places)
	if err != nil {
		return Money{}, err
	}
	return Money{Amount: r, Currency: m.Currency}, nil
}

// String formats m as "GBP 10.00": the code, a space and the amount. An
// amount that is a whole number of minor units is shown with exactly the
// minor unit's places; a finer (unrounded) amount shows all its significant
// digits ("GBP 0.125"). The zero
// Money formats as "0".
func (m Money) String() string {
	if m.Currency == "" {
		return m.Amount.String()
	}
	places, ok := m.Currency.MinorUnits()
	s := m.Amount.String()
	if ok && m.Amount.Equal(m.Amount.Truncate(places)) {
		s = m.Amount.StringFixed(places)
	}
	return string(m.Currency) + " " + s
}

// MarshalText encodes m as [Money.String] does, so in JSON Money is a string
// such as "GBP 10.00".
func (m Money) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText decodes the form [ParseMoney] accepts.
func (m *Money) UnmarshalText(b []byte) error {
	v, err := ParseMoney(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// maxMoneyLen bounds the length of a money string so parsing cannot be made
// to allocate without bound.
const maxMoneyLen = 64

// ParseMoney parses "GBP 10.00": a known ISO 4217 code, one space, and a
// plain decimal amount (optional '-', digits, optional '.' and digits; no
// exponent, no grouping). The amount keeps all its digits; nothing is
// rounded. "0" (no currency) parses to the zero Money. The string, and the
// canonical form String gives the result (which pads the currency's minor
// unit), are at most 64 bytes, so whatever ParseMoney accepts, String
// writes back in a form it accepts. Errors wrap [ErrSyntax] or
// [ErrUnknownCurrency].
func ParseMoney(s string) (Money, error) {
	if s == "0" {
		return Money{}, nil
	}
	if len(s) > maxMoneyLen {
		return Money{}, errf(ErrSyntax, "", "money string longer than %d bytes", maxMoneyLen)
	}
	code, amount, ok := strings.Cut(s, " ")
	if !ok || len(code) != 3 {
		return Money{}, errf(ErrSyntax, "", "%q is not of the form \"GBP 10.00\"", s)
	}
	for i := 0; i < 3; i++ {
		if code[i] < 'A' || code[i] > 'Z' {
			return Money{}, errf(ErrSyntax, "", "%q: currency code must be three upper-case letters", s)
		}
	}
	c := Currency(code)
	if !c.IsKnown() {
		return Money{}, errf(ErrUnknownCurrency, "", "%q: currency %s is not known", s, code)
	}
	if !plainDecimal(amount) {
		return Money{}, errf(ErrSyntax, "", "%q: amount must be digits with an optional sign and decimal point", s)
	}
	d, err := decimal.NewFromString(amount)
	if err != nil {
		return Money{}, errf(ErrSyntax, "", "%q: %v", s, err)
	}
	m := Money{Amount: d, Currency: c}
	// String may add a leading zero and the minor unit's decimals: check
	// the canonical form only when that can make it too long.
	if len(s) > maxMoneyLen-8 {
		if n := len(m.String()); n > maxMoneyLen {
			return Money{}, errf(ErrSyntax, "", "%q: its canonical form is %d bytes, longer than %d", s, n, maxMoneyLen)
		}
	}
	return m, nil
}

// MustParseMoney is like [ParseMoney] but panics on error. It is intended
// for tests and literals only.
func MustParseMoney(s string) Money {
	m, err := ParseMoney(s)
	if err != nil {
		panic(err)
	}
	return m
}

func plainDecimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" || (hasDot && frac == "") {
		return false
	}
	for _, part := range [2]string{intPart, frac} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return false
			}
		}
	}
	return true
}

// RoundingMode says how an exact amount is rounded to the currency's minor
// unit. The zero RoundingMode ("") is [HalfAwayFromZero], the default of
// most agreements. It marshals to JSON as its string.
type RoundingMode string

// Rounding modes.
const (
	HalfAwayFromZero RoundingMode = ""         // 0.125 → 0.13, −0.125 → −0.13
	HalfEven         RoundingMode = "halfEven" // banker's: 0.125 → 0.12, 0.135 → 0.14
	Up               RoundingMode = "up"       // away from zero: 0.121 → 0.13
	Down             RoundingMode = "down"     // toward zero (truncate): 0.129 → 0.12
	Ceiling          RoundingMode = "ceiling"  // toward +∞
	Floor            RoundingMode = "floor"    // toward −∞
)

// IsValid reports whether r is one of the defined modes.
func (r RoundingMode) IsValid() bool {
	switch r {
	case HalfAwayFromZero, HalfEven, Up, Down, Ceiling, Floor:
		return true
	}
	return false
}

func (r RoundingMode) round(d decimal.Decimal, places int32) (decimal.Decimal, error) {
	switch r {
	case HalfAwayFromZero:
		return d.Round(places), nil
	case HalfEven:
		return d.RoundBank(places), nil
	case Up:
		return d.RoundUp(places), nil
	case Down:
		return d.RoundDown(places), nil
	case Ceiling:
		return d.RoundCeil(places), nil
	case Floor:
		return d.RoundFloor(places), nil
	}
	return decimal.Decimal{}, errf(ErrInvalid, "", "unknown rounding mode %q", string(r))
}
