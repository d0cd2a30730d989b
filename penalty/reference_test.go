package penalty

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// referenceCredits is a slow, obviously-correct statement of one tiered
// rule with a monthly cap and a rolling cap, written straight from the
// clause: credit = the lowest applicable tier's share of the charge, no more
// than the monthly cap, no more than what the rolling window leaves, rounded
// half away from zero to pence.
func referenceCredits(tiers []Tier, monthlyPct, rollingPct decimal.Decimal, window int, charges, attainments []decimal.Decimal) []decimal.Decimal {
	hundred := decimal.NewFromInt(100)
	var credits []decimal.Decimal
	for t := range attainments {
		raw := decimal.Zero
		for _, tier := range tiers { // later tiers have lower thresholds
			if attainments[t].LessThan(tier.Below) {
				raw = charges[t].Mul(tier.Credit.Percent).Div(hundred)
			}
		}
		monthly := charges[t].Mul(monthlyPct).Div(hundred).Truncate(2)
		windowCharges, windowCredits := charges[t], decimal.Zero
		for k := t - window + 1; k < t; k++ {
			if k >= 0 {
				windowCharges = windowCharges.Add(charges[k])
				windowCredits = windowCredits.Add(credits[k])
			}
		}
		rolling := decimal.Max(decimal.Zero, windowCharges.Mul(rollingPct).Div(hundred).Truncate(2).Sub(windowCredits))
		credits = append(credits, decimal.Min(raw, monthly, rolling).Round(2))
	}
	return credits
}

func TestReferenceTieredWithCaps(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := cloudSchedule("3")
		r := &s.Rules[0]
		r.Tiers = []Tier{{Below: genDec(t, "t1", 90, 100, 1), Credit: Value{Percent: genDec(t, "p1", 0, 20, 1)}}}
		r.Tiers = append(r.Tiers, Tier{Below: r.Tiers[0].Below.Sub(genDec(t, "gap", 1, 10, 1)), Credit: Value{Percent: r.Tiers[0].Credit.Percent.Add(genDec(t, "p2", 0, 30, 1))}})
		monthly, rolling := genDec(t, "monthly", 0, 30, 1), genDec(t, "rolling", 0, 30, 1)
		window := rapid.IntRange(1, 6).Draw(t, "window")
		r.Caps = []Cap{{Limit: Value{Percent: monthly}}, {Scope: Rolling, Periods: window, Limit: Value{Percent: rolling}}}
		s.Charges = []Charge{{Name: "monthly", Kind: Supplied}}
		n := rapid.IntRange(1, 10).Draw(t, "months")
		var in []PeriodInput
		var charges, attainments []decimal.Decimal
		for m := 0; m < n; m++ {
			c, a := genDec(t, "charge", 0, 1000, 2), genDec(t, "attainment", 80, 100, 2)
			charges, attainments = append(charges, c), append(attainments, a)
			in = append(in, PeriodInput{Period: month(2026, time.Month(m+1)),
				Usage:    []Usage{{Charge: "monthly", Amount: Money{Amount: c, Currency: "GBP"}}},
				Outcomes: []Outcome{{Objective: "uptime", Attainment: a}}})
		}
		res, err := s.Evaluate(nil, in)
		if err != nil {
			t.Fatalf("Evaluate: %v", err)
		}
		want := referenceCredits(r.Tiers, monthly, rolling, window, charges, attainments)
		for m, pr := range res.Periods {
			if !pr.Credit.Amount.Equal(want[m]) {
				t.Fatalf("month %d: credit %s, reference %s", m+1, pr.Credit, want[m])
			}
		}
	})
}
