package penalty

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/metric"
)

// TestZeroValuesNoPanic calls the package's exported functions and
// methods on zero values and nil slices, as a user building a schedule by
// hand might: each returns a typed error or its documented zero result,
// and none panics.
func TestZeroValuesNoPanic(t *testing.T) {
	// The zero Schedule states no amount, so it needs no currency: it is
	// valid and gives nothing (a termination-only agreement's schedule).
	var s Schedule
	if res, err := s.Evaluate(nil, nil); err != nil || len(res.Periods) != 0 {
		t.Errorf("Schedule{}.Evaluate(nil, nil) = %+v, %v, want no periods and no error", res, err)
	}
	if err := s.Validate(); err != nil {
		t.Errorf("Schedule{}.Validate() = %v, want nil (no amount, so no currency needed)", err)
	}
	eur := Schedule{Currency: "EUR"}
	res, err := eur.Evaluate(nil, nil)
	if err != nil {
		t.Fatalf("Evaluate(nil, nil) of a schedule with only a currency = %v", err)
	}
	if len(res.Periods) != 0 || !res.Credit.Amount.IsZero() {
		t.Errorf("Evaluate(nil, nil) = %+v, want no periods and no credit", res)
	}
	// A period with nothing in it: no outcome, no usage.
	per := metric.Period{Start: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}
	if _, err := eur.Evaluate(nil, []PeriodInput{{Period: per}}); err != nil {
		t.Errorf("Evaluate of an empty period = %v, want nil", err)
	}
	if _, err := eur.Evaluate([]Settled{{}}, nil); err == nil {
		t.Error("Evaluate with a zero Settled (empty period) = nil, want ErrInvalid")
	}
	if _, err := eur.Evaluate(nil, []PeriodInput{{}}); !errors.Is(err, ErrInvalid) {
		t.Errorf("Evaluate of a zero PeriodInput (empty period) = %v, want ErrInvalid", err)
	}
	// The zero Charge is a flat charge of no price.
	if got, err := (Charge{}).Amount(Usage{}, "EUR"); err != nil || !got.Amount.IsZero() {
		t.Errorf("Charge{}.Amount = %v, %v; want EUR 0, nil", got, err)
	}
	if err := (Charge{}).Validate("", ""); err == nil {
		t.Error("Charge{}.Validate = nil, want an error")
	}
	st := Settle(PeriodInput{}, PeriodResult{})
	if len(st.Missed) != 0 || len(st.Credits) != 0 {
		t.Errorf("Settle of zero values = %+v, want nothing settled", st)
	}
	var m Money
	if _, err := m.Add(Money{}); err != nil {
		t.Errorf("Money{}.Add(Money{}) = %v", err)
	}
	if _, err := m.Round(""); err != nil {
		t.Errorf("Money{}.Round(\"\") = %v", err)
	}
	_ = m.String() + m.Mul(decimal.Zero).String() + m.Percent(decimal.Zero).String()
	if _, err := ParseMoney(""); err == nil {
		t.Error(`ParseMoney("") = nil error`)
	}
	if _, ok := Currency("").MinorUnits(); ok {
		t.Error(`Currency("").MinorUnits: ok`)
	}
	if got := (Value{}).Of(Money{}); !got.Amount.IsZero() {
		t.Errorf("Value{}.Of(Money{}) = %v, want zero", got)
	}
	if got := (Claim{}).Deadline(time.Time{}); !got.IsZero() {
		t.Errorf("Claim{}.Deadline = %v, want zero", got)
	}
	_ = Condition(0).String() + (Line{}).String() + (Value{}).String()
}

// TestSettleKeepsEveryLine backs Settle's unchecked Money.Add: a period's
// lines are in the schedule's currency, which adds to the zero Money, so
// every line's credit is settled (two lines of one rule: 10 + 2.50).
func TestSettleKeepsEveryLine(t *testing.T) {
	pr := PeriodResult{Lines: []Line{
		{Source: "r", Amount: MustParseMoney("EUR 10.00")},
		{Source: "r", Amount: MustParseMoney("EUR 2.50")},
	}}
	st := Settle(PeriodInput{}, pr)
	if got := st.Credits["r"]; !got.Equal(MustParseMoney("EUR 12.50")) {
		t.Errorf("Settle credits[r] = %v, want EUR 12.50", got)
	}
}
