package penalty

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

var decimalEqual = cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })

func TestScheduleJSONRoundTrip(t *testing.T) {
	s := cloudSchedule("3")
	s.Rules = append(s.Rules, Rule{Name: "late", Objective: "report", Kind: PerLate, Each: Amt(gbp("20")), Unit: Duration(time.Hour), Count: Started})
	s.Pools = []Pool{{Name: "p", Charge: "monthly", AtRisk: dec("10"), Allocation: dec("50"), Weights: []Weight{{Objective: "uptime", Percent: dec("40")}}}}
	s.Chronic = []Chronic{{Name: "c", Objective: "uptime", Kind: InARow, K: 3, Terminate: true}}
	s.Claim = Claim{Minimum: gbp("1"), Days: 30}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, frag := range []string{`"price":"GBP 10.00"`, `"below":"99.8"`, `"unit":"1h0m0s"`, `"percent":"2"`} {
		if !strings.Contains(string(b), frag) {
			t.Errorf("JSON %s lacks %s", b, frag)
		}
	}
	var back Schedule
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(s, back, decimalEqual); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestResultJSONRoundTrip(t *testing.T) {
	res, err := cloudSchedule("11").Evaluate(nil, []PeriodInput{uptime(month(2026, time.March), "97", false)})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"conditions":["capped"]`) {
		t.Errorf("JSON %s lacks the condition", b)
	}
	var back Result
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(res, back, decimalEqual); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

func TestNoAllocs(t *testing.T) {
	var c Condition
	n := testing.AllocsPerRun(100, func() {
		_, _ = Currency("KWD").MinorUnits()
		c |= Capped
		_ = c.Has(Capped | Rounded)
		_ = RoundingMode("halfEven").IsValid()
	})
	if n != 0 {
		t.Errorf("MinorUnits, Condition.Has, RoundingMode.IsValid: %v allocations, want 0", n)
	}
}

func TestConditionJSON(t *testing.T) {
	for _, tc := range []struct {
		c    Condition
		json string
	}{
		{0, `[]`},
		{Capped, `["capped"]`},
		{Capped | EarnedBack | Rounded, `["capped","earnedBack","rounded"]`},
		{EarnBackPending | BelowMinimum, `["earnBackPending","belowMinimum"]`},
	} {
		b, err := json.Marshal(tc.c)
		if err != nil || string(b) != tc.json {
			t.Errorf("json.Marshal(%v) = %s, %v, want %s", tc.c, b, err, tc.json)
		}
		var back Condition
		if err := json.Unmarshal([]byte(tc.json), &back); err != nil || back != tc.c {
			t.Errorf("json.Unmarshal(%s) = %v, %v, want %v", tc.json, back, err, tc.c)
		}
	}
	var c Condition
	if err := json.Unmarshal([]byte(`["capped","late"]`), &c); !errors.Is(err, ErrSyntax) {
		t.Errorf("json.Unmarshal of an unknown condition: err = %v, want ErrSyntax", err)
	}
}
