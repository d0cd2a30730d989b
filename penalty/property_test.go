package penalty

import (
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// genDec draws a decimal in [lo, hi] with up to places decimal places.
func genDec(t *rapid.T, label string, lo, hi int64, places int32) decimal.Decimal {
	scale := int64(1)
	for i := int32(0); i < places; i++ {
		scale *= 10
	}
	n := rapid.Int64Range(lo*scale, hi*scale).Draw(t, label)
	return decimal.New(n, -places)
}

// genSchedule draws a valid GBP schedule with one flat charge "fee",
// one to three rules with caps of every scope, and schedule caps.
func genSchedule(t *rapid.T) Schedule {
	s := Schedule{
		Currency: "GBP",
		Rounding: rapid.SampledFrom([]RoundingMode{HalfAwayFromZero, HalfEven, Up, Down, Ceiling, Floor}).Draw(t, "rounding"),
		Charges:  []Charge{{Name: "fee", Price: Money{Amount: genDec(t, "fee", 0, 5000, 3), Currency: "GBP"}}},
		// Contract years from a day in 2024 (29 February among them), so
		// that the history (2025) and the periods (2026) cross anniversaries.
		ContractYear: time.Date(2024, time.February, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rapid.IntRange(0, 365).Draw(t, "contract day")),
	}
	nRules := rapid.IntRange(1, 3).Draw(t, "rules")
	for i := 0; i < nRules; i++ {
		r := Rule{Name: fmt.Sprintf("r%d", i), Objective: fmt.Sprintf("o%d", i), Charge: "fee"}
		switch rapid.IntRange(0, 2).Draw(t, "kind") {
		case 0:
			r.Kind = Tiered
			below := decimal.NewFromInt(100)
			credit := decimal.Zero
			for j := rapid.IntRange(1, 4).Draw(t, "tiers"); j > 0; j-- {
				below = below.Sub(genDec(t, "gap", 0, 10, 2).Add(decimal.New(1, -2)))
				if below.Sign() <= 0 {
					break
				}
				credit = decimal.Min(credit.Add(genDec(t, "more", 0, 40, 2)), decimal.NewFromInt(100))
				r.Tiers = append(r.Tiers, Tier{Below: below, Credit: Value{Percent: credit}})
			}
			if len(r.Tiers) == 0 {
				r.Tiers = []Tier{{Below: dec("50"), Credit: Pct("1")}}
			}
		case 1:
			r.Kind = Stepped
			r.Step = Step{Target: genDec(t, "target", 50, 100, 2), Size: genDec(t, "size", 1, 10, 1), Credit: Value{Percent: genDec(t, "per step", 0, 20, 2)}}
		default:
			r.Kind = PerBreach
			r.Each = Value{Percent: genDec(t, "each", 0, 30, 2)}
		}
		for j := rapid.IntRange(0, 3).Draw(t, "caps"); j > 0; j-- {
			r.Caps = append(r.Caps, genCap(t))
		}
		s.Rules = append(s.Rules, r)
	}
	if rapid.Bool().Draw(t, "pool") {
		pl := Pool{Name: "pool", Charge: "fee", AtRisk: genDec(t, "at risk", 0, 100, 3), Allocation: genDec(t, "allocation", 0, 100, 3)}
		for _, r := range s.Rules {
			pl.Weights = append(pl.Weights, Weight{Objective: r.Objective, Percent: genDec(t, "weight", 0, 100, 3)})
		}
		s.Pools = []Pool{pl}
	}
	for j := rapid.IntRange(0, 2).Draw(t, "schedule caps"); j > 0; j-- {
		s.Caps = append(s.Caps, genCap(t))
	}
	return s
}

func genCap(t *rapid.T) Cap {
	c := Cap{Scope: rapid.SampledFrom([]CapScope{PerPeriod, Rolling, Total, Quarter, ContractYear}).Draw(t, "scope")}
	if c.Scope == Rolling {
		c.Periods = rapid.IntRange(1, 6).Draw(t, "window")
	}
	if rapid.Bool().Draw(t, "amount cap") {
		c.Limit = Amt(Money{Amount: genDec(t, "cap amount", 0, 500, 3), Currency: "GBP"})
	} else {
		c.Limit = Value{Percent: genDec(t, "cap percent", 0, 100, 2)}
	}
	return c
}

func genPeriods(t *rapid.T, s Schedule, n int, start time.Month) []PeriodInput {
	var in []PeriodInput
	for i := 0; i < n; i++ {
		p := PeriodInput{Period: month(2026, start+time.Month(i))}
		for _, r := range s.Rules {
			if rapid.IntRange(0, 5).Draw(t, "assessed") == 0 {
				continue
			}
			p.Outcomes = append(p.Outcomes, Outcome{Objective: r.Objective, Attainment: genDec(t, "attainment", 0, 100, 3),
				Met: rapid.Bool().Draw(t, "met"), Excused: rapid.IntRange(0, 9).Draw(t, "excused") == 0,
				Breaches: rapid.IntRange(0, 5).Draw(t, "breaches")})
		}
		in = append(in, p)
	}
	return in
}

func genHistory(t *rapid.T, s Schedule) []Settled {
	var h []Settled
	n := rapid.IntRange(0, 4).Draw(t, "history")
	for i := 0; i < n; i++ {
		e := Settled{Period: month(2025, time.Month(i+1)), Charges: map[string]Money{"fee": s.Charges[0].Price}, Credits: map[string]Money{}}
		for _, r := range s.Rules {
			e.Credits[r.Name] = Money{Amount: genDec(t, "settled", 0, 50, 2), Currency: "GBP"}
		}
		h = append(h, e)
	}
	return h
}

// capLimit is the reference: a cap's limit over a window of charges.
func capLimit(c Cap, charges decimal.Decimal) decimal.Decimal {
	if c.Limit.IsAmount() {
		return c.Limit.Amount.Amount
	}
	return charges.Mul(c.Limit.Percent).Div(decimal.NewFromInt(100))
}

// checkCaps checks every window of every cap over history + results by
// brute force: each window's credits ≤ the cap's limit on its charges.
func checkCaps(t *rapid.T, s Schedule, hist []Settled, res Result) {
	type row struct {
		start   time.Time
		charge  decimal.Decimal
		credits map[string]decimal.Decimal
	}
	var rows []row
	histLen := len(hist)
	for _, h := range hist {
		r := row{start: h.Period.Start, charge: h.Charges["fee"].Amount, credits: map[string]decimal.Decimal{}}
		for k, v := range h.Credits {
			r.credits[k] = v.Amount
		}
		rows = append(rows, r)
	}
	for _, pr := range res.Periods {
		r := row{start: pr.Period.Start, charge: pr.Charges[0].Amount.Amount, credits: map[string]decimal.Decimal{}}
		for _, l := range pr.Lines {
			r.credits[l.Source] = r.credits[l.Source].Add(l.Amount.Amount)
		}
		rows = append(rows, r)
	}
	check := func(c Cap, what string, credit func(row) decimal.Decimal) {
		for end := histLen; end < len(rows); end++ {
			from := end
			switch c.Scope {
			case Rolling:
				from = end - c.Periods + 1
			case Total:
				from = 0
			case Quarter, ContractYear:
				for from > 0 && sameWindow(c.Scope, s.ContractYear, rows[from-1].start, rows[end].start) {
					from--
				}
			}
			if from < 0 {
				from = 0
			}
			// A window may overflow only when the settled history alone
			// already did; then the period ending it must credit nothing.
			charges, credits := decimal.Zero, decimal.Zero
			for i := from; i <= end; i++ {
				charges = charges.Add(rows[i].charge)
				credits = credits.Add(credit(rows[i]))
			}
			limit := capLimit(c, charges)
			if credits.Cmp(limit) > 0 && credit(rows[end]).Sign() > 0 {
				t.Fatalf("%s cap %+v: window %d..%d credits %s exceed limit %s", what, c, from, end, credits, limit)
			}
		}
	}
	for _, pl := range s.Pools {
		for i, pr := range res.Periods {
			sum := rows[histLen+i].credits[pl.Name]
			atRisk := pr.Charges[0].Amount.Amount.Mul(pl.AtRisk).Div(decimal.NewFromInt(100))
			if sum.Cmp(atRisk) > 0 {
				t.Fatalf("pool %s: period %d credits %s exceed the at-risk amount %s", pl.Name, i, sum, atRisk)
			}
		}
	}
	for _, r := range s.Rules {
		for _, c := range r.Caps {
			check(c, r.Name, func(w row) decimal.Decimal { return w.credits[r.Name] })
		}
	}
	for _, c := range s.Caps {
		check(c, "schedule", func(w row) decimal.Decimal {
			sum := decimal.Zero
			for _, v := range w.credits {
				sum = sum.Add(v)
			}
			return sum
		})
	}
}

// sameWindow is the slow reference for quarters and contract years: a and
// b (UTC) are in one calendar quarter, or in one contract year counted from
// anchor by listing its anniversaries one by one (the day clamped to the
// month's last).
func sameWindow(scope CapScope, anchor, a, b time.Time) bool {
	if scope == Quarter {
		return a.Year() == b.Year() && (a.Month()-1)/3 == (b.Month()-1)/3
	}
	year := func(t time.Time) int {
		n := -1000
		for k := -1000; k < 1000; k++ {
			y := anchor.Year() + k
			d := anchor.Day()
			for time.Date(y, anchor.Month(), d, 0, 0, 0, 0, time.UTC).Month() != anchor.Month() {
				d--
			}
			if !time.Date(y, anchor.Month(), d, 0, 0, 0, 0, time.UTC).After(t) {
				n = k
			}
		}
		return n
	}
	return year(a) == year(b)
}

func TestPropertyCreditsWithinCaps(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genSchedule(t)
		hist := genHistory(t, s)
		in := genPeriods(t, s, rapid.IntRange(1, 8).Draw(t, "periods"), time.January)
		res, err := s.Evaluate(hist, in)
		if err != nil {
			t.Fatalf("Evaluate: %v", err)
		}
		checkCaps(t, s, hist, res)
	})
}

func TestPropertyLinesSumToTotal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genSchedule(t)
		for i := range s.Rules {
			if rapid.Bool().Draw(t, "bonus") {
				s.Rules[i].Bonus = []BonusTier{{AtLeast: genDec(t, "at least", 0, 100, 2), Bonus: Value{Percent: genDec(t, "bonus", 0, 10, 3)}}}
			}
		}
		in := genPeriods(t, s, rapid.IntRange(1, 6).Draw(t, "periods"), time.January)
		res, err := s.Evaluate(genHistory(t, s), in)
		if err != nil {
			t.Fatalf("Evaluate: %v", err)
		}
		grand := decimal.Zero
		for _, pr := range res.Periods {
			for _, set := range []struct {
				lines []Line
				total Money
			}{{pr.Lines, pr.Credit}, {pr.Bonuses, pr.Bonus}} {
				sum, exact := decimal.Zero, decimal.Zero
				for _, l := range set.lines {
					sum = sum.Add(l.Amount.Amount)
					exact = exact.Add(l.Exact.Amount)
					if l.Amount.Sign() < 0 {
						t.Fatalf("negative line %s", l)
					}
				}
				if !sum.Equal(set.total.Amount) {
					t.Fatalf("lines sum to %s, total %s", sum, set.total)
				}
				want, _ := Money{Amount: exact, Currency: "GBP"}.Round(s.Rounding)
				if !set.total.Amount.Equal(want.Amount) {
					t.Fatalf("total %s is not the exact sum %s rounded once (%s)", set.total, exact, want)
				}
			}
			grand = grand.Add(pr.Credit.Amount)
		}
		if !grand.Equal(res.Credit.Amount) {
			t.Fatalf("period credits sum to %s, result credit %s", grand, res.Credit)
		}
	})
}

func TestPropertyMonotoneInAttainment(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genSchedule(t)
		hist := genHistory(t, s)
		in := genPeriods(t, s, 1, time.January)
		if len(in[0].Outcomes) == 0 {
			return
		}
		base, err := s.Evaluate(hist, in)
		if err != nil {
			t.Fatalf("Evaluate: %v", err)
		}
		i := rapid.IntRange(0, len(in[0].Outcomes)-1).Draw(t, "which")
		raised := []PeriodInput{{Period: in[0].Period, Outcomes: append([]Outcome(nil), in[0].Outcomes...)}}
		o := &raised[0].Outcomes[i]
		o.Attainment = decimal.Min(decimal.NewFromInt(100), o.Attainment.Add(genDec(t, "raise", 0, 100, 3)))
		got, err := s.Evaluate(hist, raised)
		if err != nil {
			t.Fatalf("Evaluate: %v", err)
		}
		if got.Credit.Amount.Cmp(base.Credit.Amount) > 0 {
			t.Fatalf("raising %s's attainment to %s raised the credit from %s to %s", o.Objective, o.Attainment, base.Credit, got.Credit)
		}
	})
}

// Evaluating in two pieces, the second with the first's periods settled
// as history, gives the same periods as evaluating all at once (for
// schedules without earn-back, whose lookahead a settled period cannot
// see).
func TestPropertySplitEqualsWhole(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genSchedule(t)
		s.Chronic = []Chronic{{Name: "chronic", Objective: s.Rules[0].Objective, Kind: KOfN, K: 2, N: 3, Terminate: true, Credit: Pct("5"), Charge: "fee"}}
		// A clause on a reached cap, whose count must travel in Settled.
		named := genCap(t)
		named.Name = "max"
		s.Rules[0].Caps = append(s.Rules[0].Caps, named)
		s.Chronic = append(s.Chronic, Chronic{Name: "max-reached", Objective: s.Rules[0].Objective, Kind: KOfN, K: 2, N: 3, Terminate: true, CapReached: "max"})
		hist := genHistory(t, s)
		in := genPeriods(t, s, rapid.IntRange(2, 8).Draw(t, "periods"), time.January)
		whole, err := s.Evaluate(hist, in)
		if err != nil {
			t.Fatalf("Evaluate: %v", err)
		}
		k := rapid.IntRange(1, len(in)-1).Draw(t, "split")
		first, err := s.Evaluate(hist, in[:k])
		if err != nil {
			t.Fatalf("Evaluate first: %v", err)
		}
		h2 := append([]Settled(nil), hist...)
		for i, pr := range first.Periods {
			h2 = append(h2, Settle(in[i], pr))
		}
		second, err := s.Evaluate(h2, in[k:])
		if err != nil {
			t.Fatalf("Evaluate second: %v", err)
		}
		got := append(append([]PeriodResult(nil), first.Periods...), second.Periods...)
		for i := range whole.Periods {
			w, g := whole.Periods[i], got[i]
			if !w.Credit.Equal(g.Credit) || len(w.Lines) != len(g.Lines) || len(w.Terminations) != len(g.Terminations) {
				t.Fatalf("period %d (split at %d): whole %s with %d lines, %d terminations; split %s with %d lines, %d terminations",
					i, k, w.Credit, len(w.Lines), len(w.Terminations), g.Credit, len(g.Lines), len(g.Terminations))
			}
			for j := range w.Lines {
				if !w.Lines[j].Amount.Equal(g.Lines[j].Amount) {
					t.Fatalf("period %d line %d: whole %s, split %s", i, j, w.Lines[j], g.Lines[j])
				}
			}
		}
	})
}
