package penalty

import (
	"fmt"
	"testing"
	"time"
)

// benchCase is a year of monthly periods under a schedule with three tiered
// rules (with period, rolling and total caps), a per-breach rule, an
// at-risk pool, a schedule cap and a chronic clause.
func benchCase() (Schedule, []PeriodInput) {
	s := cloudSchedule("11")
	s.Rules[0].Caps = append(s.Rules[0].Caps, Cap{Scope: Total, Limit: Amt(gbp("50"))})
	for i := 1; i < 3; i++ {
		r := s.Rules[0]
		r.Name, r.Objective = fmt.Sprintf("r%d", i), fmt.Sprintf("o%d", i)
		s.Rules = append(s.Rules, r)
	}
	s.Rules = append(s.Rules, Rule{Name: "tickets", Objective: "p1", Kind: PerBreach, Charge: "monthly", Each: Pct("3"), Caps: []Cap{{Limit: Pct("6")}}})
	s.Pools = []Pool{{Name: "pool", Charge: "monthly", AtRisk: dec("10"), Allocation: dec("50"),
		Weights: []Weight{{Objective: "uptime", Percent: dec("40")}, {Objective: "o1", Percent: dec("60")}}}}
	s.Caps = []Cap{{Scope: Rolling, Periods: 12, Limit: Pct("20")}}
	s.Chronic = []Chronic{{Name: "chronic", Objective: "uptime", Kind: KOfN, K: 3, N: 6, Terminate: true}}
	var in []PeriodInput
	for m := 0; m < 12; m++ {
		in = append(in, PeriodInput{Period: month(2026, time.Month(m+1)), Outcomes: []Outcome{
			{Objective: "uptime", Attainment: dec([]string{"99.7", "97", "100"}[m%3]), Met: m%3 == 2},
			{Objective: "o1", Attainment: dec("98.5")},
			{Objective: "o2", Attainment: dec("99.95"), Met: true},
			{Objective: "p1", Attainment: dec("90"), Breaches: m % 4},
		}})
	}
	return s, in
}

func BenchmarkEvaluateYear(b *testing.B) {
	s, in := benchCase()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Evaluate(nil, in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkValidate(b *testing.B) {
	s, _ := benchCase()
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseMoney(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseMoney("GBP 1234.56"); err != nil {
			b.Fatal(err)
		}
	}
}
