package penalty

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/slaeval/slaeval/metric"
)

// paths lists the field paths of every *Error joined in err.
func paths(err error) []string {
	var out []string
	var walk func(error)
	walk = func(err error) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		var e *Error
		if errors.As(err, &e) {
			out = append(out, e.Path)
		}
	}
	if err != nil {
		walk(err)
	}
	return out
}

func TestValidate(t *testing.T) {
	valid := cloudSchedule("3")
	tests := []struct {
		name   string
		edit   func(*Schedule)
		want   []string
		reason string
	}{
		{"valid", func(*Schedule) {}, nil, "the contract clause"},
		{"unknown currency", func(s *Schedule) { s.Currency = "XXX" }, []string{"currency", "charges[0].price"}, "XXX unknown; the charge is then in another currency"},
		{"unordered tiers", func(s *Schedule) { s.Rules[0].Tiers[1].Below = dec("99.9") }, []string{"rules[0].tiers[1].below"}, "99.9 is not below 99.8"},
		{"overlapping tiers", func(s *Schedule) { s.Rules[0].Tiers[1].Below = dec("99.8") }, []string{"rules[0].tiers[1].below"}, "equal thresholds overlap"},
		{"lower tier credits less", func(s *Schedule) { s.Rules[0].Tiers[1].Credit = Pct("1") }, []string{"rules[0].tiers[1].credit"}, "1% after 2%"},
		{"negative share", func(s *Schedule) { s.Rules[0].Tiers[0].Credit = Pct("-2") }, []string{"rules[0].tiers[0].credit.percent"}, "-2%"},
		{"share above 100", func(s *Schedule) { s.Rules[0].Tiers[1].Credit = Pct("150") }, []string{"rules[0].tiers[1].credit.percent"}, "150%"},
		{"cap in another currency", func(s *Schedule) { s.Rules[0].Caps[0].Limit = Amt(MustParseMoney("EUR 5")) }, []string{"rules[0].caps[0].limit.amount"}, "EUR cap on a GBP schedule"},
		{"level above 100", func(s *Schedule) { s.Rules[0].Tiers[0].Below = dec("100.1") }, []string{"rules[0].tiers[0].below"}, "outside 0–100"},
		{"negative charge", func(s *Schedule) { s.Charges[0].Price = gbp("-10") }, []string{"charges[0].price"}, "negative amount"},
		{"rolling without window", func(s *Schedule) { s.Rules[0].Caps[1].Periods = 0 }, []string{"rules[0].caps[1].periods"}, "a rolling cap needs a window"},
		{"unknown charge", func(s *Schedule) { s.Rules[0].Charge = "nope" }, []string{"rules[0].charge"}, "no such charge"},
		{"several at once", func(s *Schedule) {
			s.Rules[0].Tiers[0].Below = dec("-10")
			s.Rules[0].Caps[0].Limit = Pct("101")
			s.Rounding = "sideways"
		}, []string{"rounding", "rules[0].tiers[0].below", "rules[0].tiers[1].below", "rules[0].caps[0].limit.percent"}, "all problems reported; -10 also puts 98.0 above the first tier"},
		{"duplicate names", func(s *Schedule) { s.Rules = append(s.Rules, s.Rules[0]) }, []string{"rules[1].name"}, "names are unique"},
		{"chronic without consequence", func(s *Schedule) {
			s.Chronic = []Chronic{{Name: "c", Objective: "uptime", Kind: KOfN, K: 3, N: 2}}
		}, []string{"chronic[0].n", "chronic[0]"}, "n < k, and neither terminate nor credit"},
		{"pool shares", func(s *Schedule) {
			s.Pools = []Pool{{Name: "p", Charge: "monthly", AtRisk: dec("120"), Allocation: dec("50"), Weights: []Weight{{Objective: "a", Percent: dec("-1")}}}}
		}, []string{"pools[0].atRisk", "pools[0].weights[0].percent"}, "at-risk above 100%, negative weight"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := valid
			s.Charges = append([]Charge(nil), valid.Charges...)
			s.Rules = []Rule{valid.Rules[0]}
			s.Rules[0].Tiers = append([]Tier(nil), valid.Rules[0].Tiers...)
			s.Rules[0].Caps = append([]Cap(nil), valid.Rules[0].Caps...)
			tt.edit(&s)
			got := paths(s.Validate())
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Validate() paths (-want +got) (%s):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestEvaluateInputErrors(t *testing.T) {
	s := cloudSchedule("3")
	jan, feb := month(2026, time.January), month(2026, time.February)
	tests := []struct {
		name string
		in   []PeriodInput
		want []string
		is   error
	}{
		{"attainment above 100", []PeriodInput{uptime(jan, "100.5", true)}, []string{"periods[0].outcomes[0].attainment"}, ErrInvalid},
		{"attainment negative", []PeriodInput{uptime(jan, "-10", false)}, []string{"periods[0].outcomes[0].attainment"}, ErrInvalid},
		{"out of order", []PeriodInput{uptime(feb, "100", true), uptime(jan, "100", true)}, []string{"periods[1].period"}, ErrOrder},
		{"duplicate outcome", []PeriodInput{{Period: jan, Outcomes: []Outcome{{Objective: "uptime"}, {Objective: "uptime"}}}}, []string{"periods[0].outcomes[1].objective"}, ErrInvalid},
		{"unknown usage", []PeriodInput{{Period: jan, Usage: []Usage{{Charge: "x"}}}}, []string{"periods[0].usage[0].charge"}, ErrInvalid},
		{"empty period", []PeriodInput{{Period: metric.Period{Start: jan.Start, End: jan.Start}}}, []string{"periods[0].period"}, ErrInvalid},
	}
	for _, tt := range tests {
		_, err := s.Evaluate(nil, tt.in)
		if !errors.Is(err, tt.is) {
			t.Errorf("%s: Evaluate err = %v, want %v", tt.name, err, tt.is)
		}
		if diff := cmp.Diff(tt.want, paths(err)); diff != "" {
			t.Errorf("%s: paths (-want +got):\n%s", tt.name, diff)
		}
	}
	sup := Schedule{Currency: "GBP", Charges: []Charge{{Name: "inv", Kind: Supplied}}}
	if _, err := sup.Evaluate(nil, []PeriodInput{{Period: jan}}); !errors.Is(err, ErrMissing) {
		t.Errorf("supplied charge without amount: err = %v, want ErrMissing", err)
	}
}

func TestValidateAt(t *testing.T) {
	s := cloudSchedule("3")
	s.Rules[0].Tiers[0].Below = dec("101")
	s.Currency = "GBP"
	got := paths(s.ValidateAt("services[1].penalties"))
	want := []string{"services[1].penalties.rules[0].tiers[0].below"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ValidateAt paths (-want +got):\n%s", diff)
	}
	if err := cloudSchedule("3").ValidateAt("x"); err != nil {
		t.Errorf("ValidateAt of a valid schedule = %v, want nil", err)
	}
}
