package penalty

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// single evaluates one rule with a flat charge of chargeAmt over one period.
func single(t *testing.T, r Rule, chargeAmt string, o Outcome) PeriodResult {
	t.Helper()
	s := Schedule{Currency: "GBP", Charges: []Charge{{Name: "fee", Price: gbp(chargeAmt)}}, Rules: []Rule{r}}
	o.Objective = r.Objective
	res, err := s.Evaluate(nil, []PeriodInput{{Period: month(2026, time.May), Outcomes: []Outcome{o}}})
	if err != nil {
		t.Fatalf("Evaluate: %v", err)
	}
	return res.Periods[0]
}

func TestStepRule(t *testing.T) {
	// "5% of the monthly charge (1000) per full percentage point below 99.9".
	r := Rule{Name: "step", Objective: "uptime", Kind: Stepped, Charge: "fee",
		Step: Step{Target: dec("99.9"), Size: dec("1"), Credit: Pct("5")}}
	tests := []struct {
		attainment, want, reason string
	}{
		{"99.9", "0", "no shortfall"},
		{"100", "0", "above target"},
		{"99.0", "0", "shortfall 0.9: no full step"},
		{"98.9", "50", "shortfall 1.0: one step, 5% × 1000"},
		{"97.95", "50", "shortfall 1.95: one full step"},
		{"96.9", "150", "shortfall 3.0: three steps"},
		{"0", "4950", "shortfall 99.9: 99 steps × 50"},
	}
	for _, tt := range tests {
		pr := single(t, r, "1000", Outcome{Attainment: dec(tt.attainment)})
		if want := gbp(tt.want); !pr.Credit.Equal(want) {
			t.Errorf("step credit at %s%% = %s, want %s (%s)", tt.attainment, pr.Credit, want, tt.reason)
		}
	}
}

func TestFixedAmountTiers(t *testing.T) {
	r := Rule{Name: "fixed", Objective: "uptime", Kind: Tiered,
		Tiers: []Tier{{Below: dec("99"), Credit: Amt(gbp("100"))}, {Below: dec("95"), Credit: Amt(gbp("250"))}}}
	for _, tt := range []struct{ attainment, want string }{
		{"99.5", "0"}, {"99", "0"}, {"98.99", "100"}, {"95", "100"}, {"94.999", "250"}, {"0", "250"},
	} {
		pr := single(t, r, "1", Outcome{Attainment: dec(tt.attainment)})
		if want := gbp(tt.want); !pr.Credit.Equal(want) {
			t.Errorf("fixed tier credit at %s%% = %s, want %s", tt.attainment, pr.Credit, want)
		}
	}
}

func TestPerLateRule(t *testing.T) {
	late := []Duration{Duration(90 * time.Minute), Duration(30 * time.Minute)}
	tests := []struct {
		name     string
		count    UnitCount
		late     []Duration
		want     string
		prorated bool
		reason   string
	}{
		{"fraction", Fraction, late, "40", true, "1.5 h + 0.5 h = 2 h × 20"},
		{"full", Full, late, "20", false, "1 + 0 full hours × 20"},
		{"started", Started, late, "60", false, "2 + 1 started hours × 20"},
		{"third of an hour", Fraction, []Duration{Duration(20 * time.Minute)}, "6.67", true, "1/3 × 20 = 6.666… → 6.67"},
		{"whole hours", Fraction, []Duration{Duration(2 * time.Hour)}, "40", false, "2 × 20, no fraction"},
		{"none late", Fraction, nil, "0", false, "nothing late"},
	}
	for _, tt := range tests {
		r := Rule{Name: "late", Objective: "reports", Kind: PerLate, Each: Amt(gbp("20")), Unit: Duration(time.Hour), Count: tt.count}
		pr := single(t, r, "1", Outcome{Attainment: dec("0"), Late: tt.late})
		if want := gbp(tt.want); !pr.Credit.Equal(want) {
			t.Errorf("%s: per-late credit = %s, want %s (%s)", tt.name, pr.Credit, want, tt.reason)
		}
		prorated := len(pr.Lines) == 1 && pr.Lines[0].Conditions.Has(Prorated)
		if prorated != tt.prorated {
			t.Errorf("%s: prorated = %v, want %v", tt.name, prorated, tt.prorated)
		}
	}
}

func TestPerBreachAmount(t *testing.T) {
	r := Rule{Name: "tickets", Objective: "p1", Kind: PerBreach, Each: Amt(gbp("15.50"))}
	pr := single(t, r, "1", Outcome{Attainment: dec("80"), Breaches: 3})
	if want := gbp("46.50"); !pr.Credit.Equal(want) {
		t.Errorf("3 breaches × 15.50 = %s, want %s", pr.Credit, want)
	}
}

func TestExcused(t *testing.T) {
	r := cloudSchedule("3").Rules[0]
	r.Caps, r.Charge = nil, "fee"
	pr := single(t, r, "10", Outcome{Attainment: dec("97"), Excused: true})
	if len(pr.Lines) != 1 {
		t.Fatalf("excused: %d lines, want 1", len(pr.Lines))
	}
	l := pr.Lines[0]
	if !pr.Credit.Equal(gbp("0")) || !l.Raw.Equal(gbp("0.30")) || !l.Conditions.Has(Excused) {
		t.Errorf("excused 97%%: credit %s, raw %s, conditions %q; want 0, 0.30 (3%% of 10), excused", pr.Credit, l.Raw, l.Conditions)
	}
}

func TestBonus(t *testing.T) {
	r := Rule{Name: "uptime", Objective: "uptime", Kind: Tiered, Charge: "fee",
		Tiers: []Tier{{Below: dec("99.9"), Credit: Pct("10")}},
		Bonus: []BonusTier{{AtLeast: dec("99.99"), Bonus: Pct("1")}, {AtLeast: dec("99.999"), Bonus: Pct("2")}}}
	for _, tt := range []struct{ attainment, credit, bonus string }{
		{"99.98", "0", "0"},   // neither below 99.9 nor at least 99.99
		{"99.99", "0", "10"},  // at least 99.99: 1% × 1000
		{"99.995", "0", "10"}, // still the first bonus tier
		{"100", "0", "20"},    // at least 99.999: 2% × 1000
		{"99.5", "100", "0"},  // below 99.9: 10% × 1000
	} {
		pr := single(t, r, "1000", Outcome{Attainment: dec(tt.attainment)})
		if !pr.Credit.Equal(gbp(tt.credit)) || !pr.Bonus.Equal(gbp(tt.bonus)) {
			t.Errorf("at %s%%: credit %s bonus %s, want %s and %s", tt.attainment, pr.Credit, pr.Bonus, tt.credit, tt.bonus)
		}
	}
}

func TestEarnBack(t *testing.T) {
	r := cloudSchedule("3").Rules[0]
	r.Caps = nil
	r.EarnBack = 2
	s := Schedule{Currency: "GBP", Charges: []Charge{{Name: "monthly", Price: gbp("10")}}, Rules: []Rule{r}}
	type got struct {
		Credit     string
		Conditions Condition
	}
	tests := []struct {
		name    string
		pattern []string // attainment per month; "met" is 100 with Met
		want    []got
	}{
		{"earned back", []string{"99.7", "met", "met"}, []got{{"GBP 0.00", EarnedBack}, {"GBP 0.00", 0}, {"GBP 0.00", 0}}},
		{"missed again", []string{"99.7", "met", "99.7"}, []got{{"GBP 0.20", 0}, {"GBP 0.00", 0}, {"GBP 0.20", EarnBackPending}}},
		{"pending", []string{"99.7", "met"}, []got{{"GBP 0.20", EarnBackPending}, {"GBP 0.00", 0}}},
	}
	for _, tt := range tests {
		var in []PeriodInput
		for i, p := range tt.pattern {
			if p == "met" {
				in = append(in, uptime(month(2026, time.Month(i+1)), "100", true))
			} else {
				in = append(in, uptime(month(2026, time.Month(i+1)), p, false))
			}
		}
		res, err := s.Evaluate(nil, in)
		if err != nil {
			t.Fatal(err)
		}
		var have []got
		for _, pr := range res.Periods {
			g := got{Credit: pr.Credit.String()}
			if len(pr.Lines) > 0 {
				g.Conditions = pr.Lines[0].Conditions
			}
			have = append(have, g)
		}
		if diff := cmp.Diff(tt.want, have); diff != "" {
			t.Errorf("%s: earn-back mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestChronic(t *testing.T) {
	// m = missed, . = met, x = excused, a number = breaches in a met period.
	tests := []struct {
		name    string
		clause  Chronic
		pattern string
		want    []int // 1-based months at whose end a right arose
	}{
		{"3 of any 6", Chronic{Kind: KOfN, K: 3, N: 6}, "mm...mmm", []int{6}},
		{"3 of any 6 spread too far", Chronic{Kind: KOfN, K: 3, N: 6}, "mm....m..", nil},
		{"3 in a row", Chronic{Kind: InARow, K: 3}, "mm.mmmmmm", []int{6, 9}},
		{"excused breaks a row", Chronic{Kind: InARow, K: 3}, "mmxm", nil},
		{"5 breaches in 12", Chronic{Kind: KOfN, K: 5, N: 12, Breaches: true}, "203", []int{3}},
	}
	for _, tt := range tests {
		c := tt.clause
		c.Name, c.Objective, c.Terminate = "chronic", "uptime", true
		s := Schedule{Currency: "GBP", Chronic: []Chronic{c}}
		var in []PeriodInput
		for i, ch := range tt.pattern {
			o := Outcome{Objective: "uptime", Attainment: dec("99"), Met: ch != 'm' && ch != 'x', Excused: ch == 'x'}
			if ch >= '0' && ch <= '9' {
				o.Breaches = int(ch - '0')
			}
			in = append(in, PeriodInput{Period: month(2025, time.Month(i+1)), Outcomes: []Outcome{o}})
		}
		res, err := s.Evaluate(nil, in)
		if err != nil {
			t.Fatal(err)
		}
		var got []int
		for _, term := range res.Terminations {
			got = append(got, int(term.Period.Start.Month()))
			if !term.Arose.Equal(term.Period.End) {
				t.Errorf("%s: arose %v, want the period's end %v", tt.name, term.Arose, term.Period.End)
			}
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s: months of termination rights (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestChronicExtraCredit(t *testing.T) {
	// Missed 2 in a row → extra credit of 5% of the 10 charge = 0.50.
	s := Schedule{Currency: "GBP", Charges: []Charge{{Name: "monthly", Price: gbp("10")}},
		Chronic: []Chronic{{Name: "twice", Objective: "uptime", Kind: InARow, K: 2, Credit: Pct("5"), Charge: "monthly"}}}
	res, err := s.Evaluate(nil, []PeriodInput{uptime(month(2026, 1), "90", false), uptime(month(2026, 2), "90", false)})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Periods[0].Credit.Equal(gbp("0")) || !res.Periods[1].Credit.Equal(gbp("0.50")) || len(res.Terminations) != 0 {
		t.Errorf("chronic extra credit: %s then %s, %d terminations; want 0, 0.50, none", res.Periods[0].Credit, res.Periods[1].Credit, len(res.Terminations))
	}
}

func TestClaim(t *testing.T) {
	s := cloudSchedule("3")
	s.Claim = Claim{Minimum: gbp("0.25"), Days: 30}
	res, err := s.Evaluate(nil, []PeriodInput{uptime(month(2026, time.January), "99.7", false), uptime(month(2026, time.February), "97", false)})
	if err != nil {
		t.Fatal(err)
	}
	jan, feb := res.Periods[0], res.Periods[1]
	// January: 0.20 < 0.25 minimum → not issued. February: 0.30 ≥ 0.25.
	if !jan.Credit.Equal(gbp("0")) || !jan.Lines[0].Conditions.Has(BelowMinimum) || !feb.Credit.Equal(gbp("0.30")) {
		t.Errorf("claim minimum: jan %s (%q), feb %s; want 0 below minimum, 0.30", jan.Credit, jan.Lines[0].Conditions, feb.Credit)
	}
	// January ends 1 Feb 00:00; 30 days later is 3 March 00:00.
	if want := time.Date(2026, time.March, 3, 0, 0, 0, 0, time.UTC); !jan.ClaimBy.Equal(want) {
		t.Errorf("claim by = %v, want %v", jan.ClaimBy, want)
	}
}

func TestTotalCap(t *testing.T) {
	// 2% of 10 = 0.20 a month; agreement total capped at 0.50:
	// 0.20, 0.20, then only 0.10 left, then nothing.
	s := cloudSchedule("3")
	s.Rules[0].Caps = []Cap{{Name: "lifetime", Scope: Total, Limit: Amt(gbp("0.50"))}}
	var in []PeriodInput
	for m := time.January; m <= time.April; m++ {
		in = append(in, uptime(month(2026, m), "99.7", false))
	}
	res, err := s.Evaluate(nil, in)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"GBP 0.20", "GBP 0.20", "GBP 0.10", "GBP 0.00"}
	var got []string
	for _, pr := range res.Periods {
		got = append(got, pr.Credit.String())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("total cap (-want +got):\n%s", diff)
	}
	bite := res.Periods[2].Lines[0].Bites
	wantBite := []Bite{{Cap: "lifetime", Scope: Total, Room: gbp("0.10"), By: gbp("0.10")}}
	if diff := cmp.Diff(wantBite, bite, cmp.Comparer(func(a, b Money) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("third month bite (-want +got):\n%s", diff)
	}
}

func TestScheduleCapProRataAndRounding(t *testing.T) {
	// Three rules each 10% of 10 = 1.00; the schedule caps all credits at
	// 1.00: each gets 1/3 exactly; the total rounds to 1.00; floors are
	// 0.33 × 3 = 0.99, and the one penny of residue goes to the largest
	// remainder — the last line, which took the pro-rata remainder
	// 1 − 2 × 0.333…(30 digits) = 0.333…34.
	var rules []Rule
	var outs []Outcome
	for _, n := range []string{"a", "b", "c"} {
		rules = append(rules, Rule{Name: n, Objective: n, Kind: Tiered, Charge: "fee", Tiers: []Tier{{Below: dec("99"), Credit: Pct("10")}}})
		outs = append(outs, Outcome{Objective: n, Attainment: dec("50")})
	}
	s := Schedule{Currency: "GBP", Charges: []Charge{{Name: "fee", Price: gbp("10")}}, Rules: rules,
		Caps: []Cap{{Name: "overall", Limit: Amt(gbp("1"))}}}
	res, err := s.Evaluate(nil, []PeriodInput{{Period: month(2026, 1), Outcomes: outs}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range res.Periods[0].Lines {
		got = append(got, l.Amount.String())
		if !l.Conditions.Has(Capped | Rounded) {
			t.Errorf("line %s conditions %q, want capped and rounded", l.Source, l.Conditions)
		}
	}
	if diff := cmp.Diff([]string{"GBP 0.33", "GBP 0.33", "GBP 0.34"}, got); diff != "" {
		t.Errorf("pro-rata lines (-want +got):\n%s", diff)
	}
	if !res.Credit.Equal(gbp("1")) {
		t.Errorf("total = %s, want 1.00", res.Credit)
	}
}

func TestLineString(t *testing.T) {
	res, err := cloudSchedule("11").Evaluate(nil, []PeriodInput{uptime(month(2026, time.March), "97", false)})
	if err != nil {
		t.Fatal(err)
	}
	want := `2026-03-01 to 2026-04-01: uptime-credit on "uptime": attainment 97% below 98 (tier 2): 11% of GBP 10.00 = GBP 1.10; capped by monthly cap (room GBP 1.00) by GBP 0.10; credit GBP 1.00`
	if got := res.Periods[0].Lines[0].String(); got != want {
		t.Errorf("Line.String() =\n%s\nwant\n%s", got, want)
	}
}

func TestPoolCapSurvivesRounding(t *testing.T) {
	// Charge 1.00, 2% at risk: the pool may credit 0.02. Three missed
	// objectives weighted 60% each: 0.012 each, 0.036 in all, cut pro rata
	// to 0.02/3 = 0.00666… each (the last takes the remainder 0.00666…68).
	// A fixed 0.006 rule credit comes first. Total 0.026 → 0.03; every
	// floor is 0, so three pennies go by largest remainder: the last pool
	// line, the first pool line, then (the pool being full at 0.02) not the
	// second pool line but the rule line.
	s := Schedule{Currency: "GBP", Charges: []Charge{{Name: "fee", Price: gbp("1")}},
		Rules: []Rule{{Name: "fixed", Objective: "x", Kind: Tiered, Tiers: []Tier{{Below: dec("50"), Credit: Amt(gbp("0.006"))}}}},
		Pools: []Pool{{Name: "pool", Charge: "fee", AtRisk: dec("2"), Allocation: dec("100"),
			Weights: []Weight{{Objective: "a", Percent: dec("60")}, {Objective: "b", Percent: dec("60")}, {Objective: "c", Percent: dec("60")}}}}}
	in := PeriodInput{Period: month(2026, 1), Outcomes: []Outcome{
		{Objective: "x", Attainment: dec("0")}, {Objective: "a"}, {Objective: "b"}, {Objective: "c"}}}
	res, err := s.Evaluate(nil, []PeriodInput{in})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range res.Periods[0].Lines {
		got = append(got, l.Source+" "+l.Amount.String())
	}
	want := []string{"fixed GBP 0.01", "pool GBP 0.01", "pool GBP 0.00", "pool GBP 0.01"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
}

func TestPerLateDividesLast(t *testing.T) {
	// 20 min + 3 h 10 min = 3.5 h exactly, × JPY 333 = 1165.5 → JPY 1166
	// (half away from zero). Summing 1/3 + 3 1/6 as truncated fractions
	// would give 1165.49… and round to 1165.
	s := Schedule{Currency: "JPY", Rules: []Rule{{Name: "late", Objective: "rep", Kind: PerLate,
		Each: Amt(MustParseMoney("JPY 333")), Unit: Duration(time.Hour)}}}
	res, err := s.Evaluate(nil, []PeriodInput{{Period: month(2026, 1), Outcomes: []Outcome{{Objective: "rep",
		Late: []Duration{Duration(20 * time.Minute), Duration(3*time.Hour + 10*time.Minute)}}}}})
	if err != nil {
		t.Fatal(err)
	}
	if want := MustParseMoney("JPY 1166"); !res.Credit.Equal(want) {
		t.Errorf("per-late credit = %s, want %s", res.Credit, want)
	}
}
