package penalty_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/metric"
	"github.com/slaeval/slaeval/penalty"
)

func march() metric.Period {
	return metric.Period{
		Start: time.Date(2026, time.March, 1, 0, 0, 0, 0, time.UTC),
		End:   time.Date(2026, time.April, 1, 0, 0, 0, 0, time.UTC),
	}
}

func ExampleParseMoney() {
	m, err := penalty.ParseMoney("GBP 10.5")
	fmt.Println(m, err)
	_, err = penalty.ParseMoney("GBP 1e3")
	fmt.Println(errors.Is(err, penalty.ErrSyntax))
	// Output:
	// GBP 10.50 <nil>
	// true
}

func ExampleMoney_Round() {
	m := penalty.MustParseMoney("GBP 0.125")
	a, _ := m.Round(penalty.HalfAwayFromZero)
	b, _ := m.Round(penalty.HalfEven)
	y, _ := penalty.MustParseMoney("JPY 10.5").Round(penalty.HalfAwayFromZero)
	k, _ := penalty.MustParseMoney("KWD 1.0005").Round(penalty.HalfAwayFromZero)
	fmt.Println(a, b, y, k)
	// Output: GBP 0.13 GBP 0.12 JPY 11 KWD 1.001
}

func ExampleMoney_Add() {
	sum, _ := penalty.MustParseMoney("EUR 1.10").Add(penalty.MustParseMoney("EUR 2.205"))
	fmt.Println(sum)
	_, err := sum.Add(penalty.MustParseMoney("USD 1"))
	fmt.Println(errors.Is(err, penalty.ErrCurrencyMismatch))
	// Output:
	// EUR 3.305
	// true
}

func ExampleCurrency_MinorUnits() {
	for _, c := range []penalty.Currency{"JPY", "GBP", "BHD"} {
		places, _ := c.MinorUnits()
		fmt.Println(c, places)
	}
	// Output:
	// JPY 0
	// GBP 2
	// BHD 3
}

func ExampleCharge_Amount() {
	seats := penalty.Charge{Name: "seats", Kind: penalty.Graduated, Bands: []penalty.Band{
		{UpTo: decimal.NewFromInt(10), Price: penalty.MustParseMoney("USD 5")},
		{Price: penalty.MustParseMoney("USD 4")},
	}}
	m, _ := seats.Amount(penalty.Usage{Units: decimal.NewFromInt(25)}, "USD")
	fmt.Println(m) // 10 × 5 + 15 × 4
	// Output: USD 110.00
}

// The public cloud clause: below 99.8% → 2%, below 98.0% → 11% of a
// monthly charge of 10, credits capped at 10% a month.
func ExampleSchedule_Evaluate() {
	s := penalty.Schedule{
		Currency: "GBP",
		Charges:  []penalty.Charge{{Name: "monthly", Price: penalty.MustParseMoney("GBP 10")}},
		Rules: []penalty.Rule{{
			Name: "uptime-credit", Objective: "uptime", Kind: penalty.Tiered, Charge: "monthly",
			Tiers: []penalty.Tier{
				{Below: decimal.RequireFromString("99.8"), Credit: penalty.Pct("2")},
				{Below: decimal.RequireFromString("98.0"), Credit: penalty.Pct("11")},
			},
			Caps: []penalty.Cap{{Name: "monthly cap", Limit: penalty.Pct("10")}},
		}},
	}
	res, err := s.Evaluate(nil, []penalty.PeriodInput{{
		Period:   march(),
		Outcomes: []penalty.Outcome{{Objective: "uptime", Attainment: decimal.RequireFromString("97")}},
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Credit)
	fmt.Println(res.Periods[0].Lines[0])
	// Output:
	// GBP 1.00
	// 2026-03-01 to 2026-04-01: uptime-credit on "uptime": attainment 97% below 98 (tier 2): 11% of GBP 10.00 = GBP 1.10; capped by monthly cap (room GBP 1.00) by GBP 0.10; credit GBP 1.00
}

// "5% of the monthly charge per full percentage point below 99.9%".
func ExampleStep() {
	s := penalty.Schedule{
		Currency: "USD",
		Charges:  []penalty.Charge{{Name: "fee", Price: penalty.MustParseMoney("USD 1000")}},
		Rules: []penalty.Rule{{Name: "per-point", Objective: "uptime", Kind: penalty.Stepped, Charge: "fee",
			Step: penalty.Step{Target: decimal.RequireFromString("99.9"), Size: decimal.NewFromInt(1), Credit: penalty.Pct("5")}}},
	}
	res, _ := s.Evaluate(nil, []penalty.PeriodInput{{Period: march(),
		Outcomes: []penalty.Outcome{{Objective: "uptime", Attainment: decimal.RequireFromString("97.85")}}}})
	fmt.Println(res.Credit) // shortfall 2.05: two full points
	// Output: USD 100.00
}

// "3% of the monthly bill per critical miss, summed, capped at 6%".
func ExampleRule_perBreach() {
	s := penalty.Schedule{
		Currency: "EUR",
		Charges:  []penalty.Charge{{Name: "bill", Price: penalty.MustParseMoney("EUR 1000")}},
		Rules: []penalty.Rule{{Name: "critical", Objective: "p1", Kind: penalty.PerBreach, Charge: "bill",
			Each: penalty.Pct("3"), Caps: []penalty.Cap{{Limit: penalty.Pct("6")}}}},
	}
	res, _ := s.Evaluate(nil, []penalty.PeriodInput{{Period: march(),
		Outcomes: []penalty.Outcome{{Objective: "p1", Breaches: 3}}}})
	l := res.Periods[0].Lines[0]
	fmt.Println(l.Raw, "→", l.Amount, l.Conditions)
	// Output: EUR 90.00 → EUR 60.00 capped
}

// "GBP 20 for every started hour a report is late".
func ExampleRule_perLate() {
	s := penalty.Schedule{
		Currency: "GBP",
		Rules: []penalty.Rule{{Name: "late-report", Objective: "report", Kind: penalty.PerLate,
			Each: penalty.Amt(penalty.MustParseMoney("GBP 20")), Unit: penalty.Duration(time.Hour), Count: penalty.Started}},
	}
	res, _ := s.Evaluate(nil, []penalty.PeriodInput{{Period: march(),
		Outcomes: []penalty.Outcome{{Objective: "report", Late: []penalty.Duration{penalty.Duration(90 * time.Minute)}}}}})
	fmt.Println(res.Credit)
	// Output: GBP 40.00
}

// Invoice 100,000 × 10% at risk × 50% pool allocation × 40% objective weight.
func ExamplePool() {
	s := penalty.Schedule{
		Currency: "USD",
		Charges:  []penalty.Charge{{Name: "invoice", Kind: penalty.Supplied}},
		Pools: []penalty.Pool{{Name: "critical", Charge: "invoice",
			AtRisk: decimal.NewFromInt(10), Allocation: decimal.NewFromInt(50),
			Weights: []penalty.Weight{{Objective: "resolution", Percent: decimal.NewFromInt(40)}}}},
	}
	res, _ := s.Evaluate(nil, []penalty.PeriodInput{{Period: march(),
		Usage:    []penalty.Usage{{Charge: "invoice", Amount: penalty.MustParseMoney("USD 100000")}},
		Outcomes: []penalty.Outcome{{Objective: "resolution", Attainment: decimal.NewFromInt(90), Met: false}}}})
	fmt.Println(res.Credit)
	// Output: USD 2000.00
}

// "Missed in 3 of any 6 consecutive months" gives a termination right.
func ExampleChronic() {
	s := penalty.Schedule{
		Currency: "GBP",
		Chronic:  []penalty.Chronic{{Name: "chronic", Objective: "uptime", Kind: penalty.KOfN, K: 3, N: 6, Terminate: true}},
	}
	var in []penalty.PeriodInput
	for i, met := range []bool{false, true, false, true, false} {
		start := time.Date(2026, time.Month(i+1), 1, 0, 0, 0, 0, time.UTC)
		in = append(in, penalty.PeriodInput{
			Period:   metric.Period{Start: start, End: start.AddDate(0, 1, 0)},
			Outcomes: []penalty.Outcome{{Objective: "uptime", Attainment: decimal.NewFromInt(99), Met: met}},
		})
	}
	res, _ := s.Evaluate(nil, in)
	for _, term := range res.Terminations {
		fmt.Println(term.Arose.Format(time.DateOnly), term.Reason)
	}
	// Output: 2026-06-01 chronic: 3 missed periods of "uptime" within 6 consecutive periods (clause: 3 of any 6)
}

// A credit is forgiven when the objective is met in the next two months.
func ExampleRule_earnBack() {
	s := penalty.Schedule{
		Currency: "GBP",
		Charges:  []penalty.Charge{{Name: "fee", Price: penalty.MustParseMoney("GBP 100")}},
		Rules: []penalty.Rule{{Name: "uptime", Objective: "uptime", Kind: penalty.Tiered, Charge: "fee", EarnBack: 2,
			Tiers: []penalty.Tier{{Below: decimal.RequireFromString("99.9"), Credit: penalty.Pct("10")}}}},
	}
	var in []penalty.PeriodInput
	for i, a := range []string{"99.5", "100", "100"} {
		start := time.Date(2026, time.Month(i+1), 1, 0, 0, 0, 0, time.UTC)
		at := decimal.RequireFromString(a)
		in = append(in, penalty.PeriodInput{Period: metric.Period{Start: start, End: start.AddDate(0, 1, 0)},
			Outcomes: []penalty.Outcome{{Objective: "uptime", Attainment: at, Met: at.Cmp(decimal.RequireFromString("99.9")) >= 0}}})
	}
	res, _ := s.Evaluate(nil, in)
	l := res.Periods[0].Lines[0]
	fmt.Println(l.Raw, "→", l.Amount, l.Conditions)
	// Output: GBP 10.00 → GBP 0.00 earned back
}

func ExampleSchedule_Validate() {
	s := penalty.Schedule{
		Currency: "GBP",
		Charges:  []penalty.Charge{{Name: "fee", Price: penalty.MustParseMoney("GBP 10")}},
		Rules: []penalty.Rule{{Name: "r", Objective: "uptime", Kind: penalty.Tiered, Charge: "fee",
			Tiers: []penalty.Tier{{Below: decimal.NewFromInt(-10), Credit: penalty.Pct("2")}},
			Caps:  []penalty.Cap{{Limit: penalty.Amt(penalty.MustParseMoney("EUR 5"))}}}},
	}
	fmt.Println(s.Validate())
	// Output:
	// penalty: invalid value (rules[0].tiers[0].below): service level -10% is outside 0–100
	// penalty: currency mismatch (rules[0].caps[0].limit.amount): EUR is not the schedule's currency GBP
}

func ExampleClaim_Deadline() {
	c := penalty.Claim{Months: 2}
	fmt.Println(c.Deadline(march().End).Format(time.DateOnly))
	// Output: 2026-06-01
}

func ExampleCondition_String() {
	fmt.Println(penalty.Capped | penalty.Rounded)
	// Output: capped, rounded
}

func ExampleValue_Of() {
	base := penalty.MustParseMoney("GBP 250")
	fmt.Println(penalty.Pct("2.5").Of(base), penalty.Amt(penalty.MustParseMoney("GBP 5")).Of(base))
	// Output: GBP 6.25 GBP 5.00
}

func ExampleSchedule_ValidateAt() {
	s := penalty.Schedule{Currency: "GBP", Rules: []penalty.Rule{{Name: "r", Objective: "o", Kind: "sideways"}}}
	fmt.Println(s.ValidateAt("objectives[2].penalty"))
	// Output: penalty: invalid value (objectives[2].penalty.rules[0].kind): unknown rule kind "sideways"
}

// A failure caused by the customer is excused: the line keeps its raw
// amount for the record and credits nothing.
func ExampleLine_String() {
	s := penalty.Schedule{
		Currency: "GBP",
		Charges:  []penalty.Charge{{Name: "fee", Price: penalty.MustParseMoney("GBP 200")}},
		Rules: []penalty.Rule{{Name: "resolution", Objective: "p2-resolution", Kind: penalty.Tiered, Charge: "fee",
			Tiers: []penalty.Tier{{Below: decimal.NewFromInt(95), Credit: penalty.Pct("5")}}}},
	}
	res, _ := s.Evaluate(nil, []penalty.PeriodInput{{Period: march(),
		Outcomes: []penalty.Outcome{{Objective: "p2-resolution", Attainment: decimal.NewFromInt(90), Excused: true}}}})
	l := res.Periods[0].Lines[0]
	fmt.Println(l)
	fmt.Println(l.Kind, l.Tier, l.Raw, l.Amount, l.Conditions)
	// Output:
	// 2026-03-01 to 2026-04-01: resolution on "p2-resolution": attainment 90% below 95 (tier 1): 5% of GBP 200.00 = GBP 10.00; excused; credit GBP 0.00
	// tier 1 GBP 10.00 GBP 0.00 excused
}

// Evaluating month by month: each evaluated month is settled and becomes
// history for the next, so the 12-month cap still sees it.
func ExampleSettle() {
	s := penalty.Schedule{
		Currency: "GBP",
		Charges:  []penalty.Charge{{Name: "monthly", Price: penalty.MustParseMoney("GBP 10")}},
		Rules: []penalty.Rule{{Name: "uptime-credit", Objective: "uptime", Kind: penalty.Tiered, Charge: "monthly",
			Tiers: []penalty.Tier{{Below: decimal.RequireFromString("99.8"), Credit: penalty.Pct("15")}},
			Caps:  []penalty.Cap{{Scope: penalty.Rolling, Periods: 12, Limit: penalty.Pct("10")}}}},
	}
	var history []penalty.Settled
	for m := time.January; m <= time.March; m++ {
		start := time.Date(2026, m, 1, 0, 0, 0, 0, time.UTC)
		in := penalty.PeriodInput{Period: metric.Period{Start: start, End: start.AddDate(0, 1, 0)},
			Outcomes: []penalty.Outcome{{Objective: "uptime", Attainment: decimal.NewFromInt(99)}}}
		res, _ := s.Evaluate(history, []penalty.PeriodInput{in})
		fmt.Println(m, res.Credit) // 15% of 10 = 1.50 a month; 10% of the charges so far
		history = append(history, penalty.Settle(in, res.Periods[0]))
	}
	// Output:
	// January GBP 1.00
	// February GBP 1.00
	// March GBP 1.00
}

// "Service credits in any contract year shall not exceed GBP 250": contract
// years run from the effective date, 1 September 2025. Each month earns 100.
func ExampleCap_contractYear() {
	s := penalty.Schedule{
		Currency:     "GBP",
		ContractYear: time.Date(2025, time.September, 1, 0, 0, 0, 0, time.UTC),
		Charges:      []penalty.Charge{{Name: "fee", Price: penalty.MustParseMoney("GBP 1000")}},
		Rules: []penalty.Rule{{Name: "credit", Objective: "uptime", Kind: penalty.Tiered, Charge: "fee",
			Tiers: []penalty.Tier{{Below: decimal.NewFromInt(99), Credit: penalty.Pct("10")}},
			Caps:  []penalty.Cap{{Scope: penalty.ContractYear, Limit: penalty.Amt(penalty.MustParseMoney("GBP 250"))}}}},
	}
	var in []penalty.PeriodInput
	for _, m := range []time.Month{time.July, time.August, time.September, time.October, time.November} {
		start := time.Date(2025, m, 1, 0, 0, 0, 0, time.UTC)
		in = append(in, penalty.PeriodInput{Period: metric.Period{Start: start, End: start.AddDate(0, 1, 0)},
			Outcomes: []penalty.Outcome{{Objective: "uptime", Attainment: decimal.NewFromInt(98)}}})
	}
	res, _ := s.Evaluate(nil, in)
	for _, pr := range res.Periods {
		fmt.Println(pr.Period.Start.Format("2006-01"), pr.Credit)
	}
	// Output:
	// 2025-07 GBP 100.00
	// 2025-08 GBP 100.00
	// 2025-09 GBP 100.00
	// 2025-10 GBP 100.00
	// 2025-11 GBP 50.00
}

// "5% of the contract year's annual fees per 10 failures in a rolling 12
// months", on a subscription of GBP 120,000 a year.
func ExampleChronic_yearFees() {
	s := penalty.Schedule{
		Currency:       "GBP",
		PeriodsPerYear: 12,
		Charges:        []penalty.Charge{{Name: "subscription", Price: penalty.MustParseMoney("GBP 120000"), Per: penalty.PerYear}},
		Chronic: []penalty.Chronic{{Name: "persistent", Objective: "incidents", Kind: penalty.KOfN, K: 10, N: 12,
			Breaches: true, Credit: penalty.Pct("5"), Charge: "subscription", Basis: penalty.YearFees}},
	}
	var in []penalty.PeriodInput
	for i, breaches := range []int{4, 3, 3} {
		start := time.Date(2026, time.Month(i+1), 1, 0, 0, 0, 0, time.UTC)
		in = append(in, penalty.PeriodInput{Period: metric.Period{Start: start, End: start.AddDate(0, 1, 0)},
			Outcomes: []penalty.Outcome{{Objective: "incidents", Breaches: breaches}}})
	}
	res, _ := s.Evaluate(nil, in)
	last := res.Periods[2]
	fmt.Println(last.Charges[0].Amount, last.Credit)
	// Output: GBP 10000.00 GBP 6000.00
}

// "The maximum credit (25% of the monthly charge) was reached in 2 of any 3
// months" gives a termination right.
func ExampleChronic_capReached() {
	s := penalty.Schedule{
		Currency: "GBP",
		Charges:  []penalty.Charge{{Name: "fee", Price: penalty.MustParseMoney("GBP 1000")}},
		Rules: []penalty.Rule{{Name: "credit", Objective: "uptime", Kind: penalty.Tiered, Charge: "fee",
			Tiers: []penalty.Tier{{Below: decimal.NewFromInt(99), Credit: penalty.Pct("10")}, {Below: decimal.NewFromInt(95), Credit: penalty.Pct("25")}},
			Caps:  []penalty.Cap{{Name: "monthly-max", Limit: penalty.Pct("25")}}}},
		Chronic: []penalty.Chronic{{Name: "max-reached", Objective: "uptime", Kind: penalty.KOfN, K: 2, N: 3,
			Terminate: true, CapReached: "monthly-max"}},
	}
	var in []penalty.PeriodInput
	for i, attainment := range []int64{90, 98, 94} {
		start := time.Date(2026, time.Month(i+1), 1, 0, 0, 0, 0, time.UTC)
		in = append(in, penalty.PeriodInput{Period: metric.Period{Start: start, End: start.AddDate(0, 1, 0)},
			Outcomes: []penalty.Outcome{{Objective: "uptime", Attainment: decimal.NewFromInt(attainment)}}})
	}
	res, _ := s.Evaluate(nil, in)
	for _, pr := range res.Periods {
		fmt.Println(pr.Period.Start.Format("2006-01"), pr.Credit, pr.CapsReached)
	}
	fmt.Println(res.Terminations[0].Arose.Format(time.DateOnly))
	// Output:
	// 2026-01 GBP 250.00 [monthly-max]
	// 2026-02 GBP 100.00 []
	// 2026-03 GBP 250.00 [monthly-max]
	// 2026-04-01
}
