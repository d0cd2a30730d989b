package penalty

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/metric"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func gbp(s string) Money { return MustParseMoney("GBP " + s) }

func month(y int, m time.Month) metric.Period {
	return metric.Period{Start: time.Date(y, m, 1, 0, 0, 0, 0, time.UTC), End: time.Date(y, m+1, 1, 0, 0, 0, 0, time.UTC)}
}

// cloudSchedule is the public contract clause: "if monthly uptime is below
// 99.8% the credit is 2% of the monthly charge; below 98.0%, <second>% of it;
// credits in a month are capped at 10% of that month's charge, and in any
// 12 months at 10% of those months' charges". The monthly charge is 10.
func cloudSchedule(second string) Schedule {
	return Schedule{
		Currency: "GBP",
		Charges:  []Charge{{Name: "monthly", Price: gbp("10")}},
		Rules: []Rule{{
			Name: "uptime-credit", Objective: "uptime", Kind: Tiered, Charge: "monthly",
			Tiers: []Tier{{Below: dec("99.8"), Credit: Pct("2")}, {Below: dec("98.0"), Credit: Pct(second)}},
			Caps: []Cap{
				{Name: "monthly cap", Limit: Pct("10")},
				{Name: "12-month cap", Scope: Rolling, Periods: 12, Limit: Pct("10")},
			},
		}},
	}
}

func uptime(p metric.Period, attainment string, met bool) PeriodInput {
	return PeriodInput{Period: p, Outcomes: []Outcome{{Objective: "uptime", Attainment: dec(attainment), Met: met}}}
}

func TestContractFigures(t *testing.T) {
	// The eleven previous months: 110 charged (10 a month) and 11.01
	// credited in all (1.00 in each of ten months, 1.01 in the last), given
	// as settled history.
	var prior []Settled
	for m := time.February; m <= time.December; m++ {
		credit := gbp("1.00")
		if m == time.December {
			credit = gbp("1.01")
		}
		prior = append(prior, Settled{Period: month(2025, m), Charges: map[string]Money{"monthly": gbp("10")}, Credits: map[string]Money{"uptime-credit": credit}})
	}
	tests := []struct {
		name       string
		second     string
		attainment string
		history    []Settled
		want       string
		reason     string
	}{
		{"met", "3", "100", nil, "0.00", "100 is not below 99.8: no tier applies"},
		{"first tier", "3", "99.7", nil, "0.20", "99.7 < 99.8, not < 98.0: 2% × 10 = 0.20; under the cap of 10% × 10 = 1.00"},
		{"second tier", "3", "97", nil, "0.30", "97 < 98.0: 3% × 10 = 0.30"},
		{"monthly cap", "11", "97", nil, "1.00", "11% × 10 = 1.10 > monthly cap 10% × 10 = 1.00"},
		{"12-month cap", "11", "97", prior, "0.99", "12-month cap 10% × (110 + 10) = 12.00, less 11.01 credited = 0.99 < 1.00"},
		{"threshold itself", "3", "99.8", nil, "0.00", "99.8 is not below 99.8 (half-open)"},
		{"second threshold itself", "3", "98.0", nil, "0.20", "98.0 is below 99.8 but not below 98.0: first tier"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := cloudSchedule(tt.second).Evaluate(tt.history, []PeriodInput{uptime(month(2026, time.January), tt.attainment, false)})
			if err != nil {
				t.Fatalf("Evaluate: %v", err)
			}
			if got, want := res.Credit, gbp(tt.want); !got.Equal(want) {
				t.Errorf("Evaluate(%s%%) credit = %s, want %s (%s)", tt.attainment, got, want, tt.reason)
			}
		})
	}
}

func TestContractNegativeServiceLevel(t *testing.T) {
	s := cloudSchedule("3")
	s.Rules[0].Tiers[1].Below = dec("-10")
	err := s.Validate()
	var e *Error
	if !errors.Is(err, ErrInvalid) || !errors.As(err, &e) || e.Path != "rules[0].tiers[1].below" {
		t.Errorf("Validate with a service level of -10%% = %v, want ErrInvalid at rules[0].tiers[1].below", err)
	}
}

func TestContractAtRiskPool(t *testing.T) {
	// Invoice 100,000; 10% at risk; 50% of the at-risk amount allocated to
	// this pool; this objective weighted 40%: 100000 × 0.10 × 0.50 × 0.40 = 2000.
	s := Schedule{
		Currency: "USD",
		Charges:  []Charge{{Name: "invoice", Kind: Supplied}},
		Pools: []Pool{{Name: "critical", Charge: "invoice", AtRisk: dec("10"), Allocation: dec("50"),
			Weights: []Weight{{Objective: "p1-resolution", Percent: dec("40")}, {Objective: "uptime", Percent: dec("60")}}}},
	}
	in := PeriodInput{Period: month(2026, time.March),
		Usage: []Usage{{Charge: "invoice", Amount: MustParseMoney("USD 100000")}},
		Outcomes: []Outcome{
			{Objective: "p1-resolution", Attainment: dec("91"), Met: false},
			{Objective: "uptime", Attainment: dec("99.99"), Met: true},
		}}
	res, err := s.Evaluate(nil, []PeriodInput{in})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.Credit, MustParseMoney("USD 2000"); !got.Equal(want) {
		t.Errorf("pool credit = %s, want %s", got, want)
	}
}

func TestContractPerCriticalMiss(t *testing.T) {
	// 3% of a 1,000 monthly bill per critical miss, summed, capped at 6%
	// (60): 1 miss 30; 2 misses 60; 3 misses 90 → 60; 0 misses nothing.
	s := Schedule{
		Currency: "EUR",
		Charges:  []Charge{{Name: "bill", Price: MustParseMoney("EUR 1000")}},
		Rules: []Rule{{Name: "critical", Objective: "critical-incidents", Kind: PerBreach, Charge: "bill",
			Each: Pct("3"), Caps: []Cap{{Limit: Pct("6")}}}},
	}
	for _, tt := range []struct {
		misses int
		want   string
		capped bool
	}{{0, "0", false}, {1, "30", false}, {2, "60", false}, {3, "60", true}, {10, "60", true}} {
		in := PeriodInput{Period: month(2026, time.April), Outcomes: []Outcome{{Objective: "critical-incidents", Attainment: dec("0"), Breaches: tt.misses}}}
		res, err := s.Evaluate(nil, []PeriodInput{in})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := res.Credit, MustParseMoney("EUR "+tt.want); !got.Equal(want) {
			t.Errorf("%d misses: credit = %s, want %s", tt.misses, got, want)
		}
		capped := len(res.Periods[0].Lines) > 0 && res.Periods[0].Lines[0].Conditions.Has(Capped)
		if capped != tt.capped {
			t.Errorf("%d misses: capped = %v, want %v", tt.misses, capped, tt.capped)
		}
	}
}
