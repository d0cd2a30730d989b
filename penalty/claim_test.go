package penalty

import (
	"errors"
	"testing"
	"time"
)

// TestClaimMinimumAWS pins the claim minimum on AWS's wording: "Service
// Credits ... will be issued only if the credit amount for the applicable
// monthly billing cycle is greater than one dollar ($1 USD)" (Amazon
// Compute Service Level Agreement), with its first tier: a Monthly Uptime
// Percentage below 99.99% earns a 10% credit of the month's bill. The
// minimum applies to the credit as issued, rounded to cents half away from
// zero, so by hand for a month at 99.95%:
//
//	bill 10.05 → 10% = 1.005 → issued 1.01 > 1: paid 1.01
//	bill 10.10 → 1.01 > 1: paid 1.01
//	bill 10.00 → 1.00, not > 1: not paid
//	bill 10.04 → 1.004 → 1.00, not > 1: not paid
//
// and with an inclusive minimum ("at least $1") the same bills give 1.01,
// 1.01, 1.00 (= 1 is enough), 1.00, and a bill of 9.995 gives 0.9995,
// issued as 1.00 ≥ 1: paid 1.00.
func TestClaimMinimumAWS(t *testing.T) {
	usd := func(s string) Money { return MustParseMoney("USD " + s) }
	tests := []struct {
		name      string
		bill      string
		exclusive bool
		want      string // credit issued; "0" when below the minimum
	}{
		{"greater than $1: 1.005 paid as 1.01", "10.05", true, "1.01"},
		{"greater than $1: 1.01 paid", "10.10", true, "1.01"},
		{"greater than $1: exactly 1.00 not paid", "10.00", true, "0"},
		{"greater than $1: 1.004 is issued as 1.00, not paid", "10.04", true, "0"},
		{"at least $1: 1.005 paid as 1.01", "10.05", false, "1.01"},
		{"at least $1: exactly 1.00 paid", "10.00", false, "1.00"},
		{"at least $1: 1.004 paid as 1.00", "10.04", false, "1.00"},
		{"at least $1: 0.9995 is issued as 1.00, paid", "9.995", false, "1.00"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := Schedule{
				Currency: "USD",
				Charges:  []Charge{{Name: "bill", Price: usd(tc.bill)}},
				Rules: []Rule{{Name: "ec2", Objective: "uptime", Kind: Tiered, Charge: "bill",
					Tiers: []Tier{{Below: dec("99.99"), Credit: Pct("10")}}}},
				Claim: Claim{Minimum: usd("1"), Exclusive: tc.exclusive},
			}
			in := PeriodInput{Period: month(2026, time.March), Outcomes: []Outcome{{Objective: "uptime", Attainment: dec("99.95")}}}
			res, err := s.Evaluate(nil, []PeriodInput{in})
			if err != nil {
				t.Fatal(err)
			}
			pr := res.Periods[0]
			if want := usd(tc.want); !pr.Credit.Amount.Equal(want.Amount) {
				t.Errorf("credit for a bill of %s = %s, want %s", tc.bill, pr.Credit, want)
			}
			if below := pr.Lines[0].Conditions.Has(BelowMinimum); below != (tc.want == "0") {
				t.Errorf("BelowMinimum = %v, want %v", below, tc.want == "0")
			}
		})
	}
}

// TestClaimExclusiveNeedsMinimum: an exclusive minimum without a minimum
// is refused with its path.
func TestClaimExclusiveNeedsMinimum(t *testing.T) {
	s := cloudSchedule("3")
	s.Claim = Claim{Exclusive: true}
	err := s.Validate()
	var e *Error
	if !errors.As(err, &e) || e.Path != "claim.exclusive" {
		t.Errorf("Validate() = %v, want an *Error at claim.exclusive", err)
	}
}

// TestClaimDeadlineMonthEnd: "claimed within one month" of a period that
// ends on 31 January ends on 28 February (2026 is not a leap year), not on
// 3 March as Go's date normalisation would give (DESIGN.md, "Periods").
func TestClaimDeadlineMonthEnd(t *testing.T) {
	end := time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)
	if got, want := (Claim{Months: 1}).Deadline(end), time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("Claim{Months: 1}.Deadline(%v) = %v, want %v", end, got, want)
	}
	if got, want := (Claim{Days: 30}).Deadline(end), time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("Claim{Days: 30}.Deadline(%v) = %v, want %v", end, got, want)
	}
}
