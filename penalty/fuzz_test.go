package penalty

import (
	"encoding/json"
	"testing"

	"github.com/shopspring/decimal"
)

// FuzzParseMoney checks that ParseMoney never panics and that whatever it
// accepts formats to a string it parses back to an equal amount.
func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"GBP 10.00", "JPY 5", "KWD -1.2345", "0", "gbp 1", "GBP 1e3", "EUR ", "USD 00.10"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMoney(s)
		if err != nil {
			return
		}
		back, err := ParseMoney(m.String())
		if err != nil {
			t.Fatalf("ParseMoney(%q) = %v, but its String %q does not parse: %v", s, m, m.String(), err)
		}
		if !back.Equal(m) {
			t.Fatalf("ParseMoney(%q) = %v, round trip gives %v", s, m, back)
		}
		if _, err := m.Round(HalfAwayFromZero); err != nil && !m.IsZero() {
			t.Fatalf("%v does not round: %v", m, err)
		}
	})
}

// fuzzCase is the JSON the evaluation fuzzer decodes.
type fuzzCase struct {
	Schedule Schedule      `json:"schedule"`
	History  []Settled     `json:"history"`
	Periods  []PeriodInput `json:"periods"`
}

// FuzzEvaluate decodes arbitrary bytes as a schedule, history and periods
// and evaluates them: no panic, and whenever evaluation succeeds every
// period's lines are non-negative and sum exactly to its rounded totals.
func FuzzEvaluate(f *testing.F) {
	f.Add([]byte(`{"schedule":{"currency":"GBP","charges":[{"name":"m","price":"GBP 10"}],"rules":[{"name":"r","objective":"u","kind":"tiers","charge":"m","tiers":[{"below":"99.8","credit":{"percent":"2"}},{"below":"98","credit":{"percent":"11"}}],"caps":[{"limit":{"percent":"10"}},{"scope":"rolling","periods":12,"limit":{"percent":"10"}}]}]},"periods":[{"period":{"start":"2026-01-01T00:00:00Z","end":"2026-02-01T00:00:00Z"},"outcomes":[{"objective":"u","attainment":"97","met":false}]}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 1<<14 {
			return
		}
		var c fuzzCase
		if err := json.Unmarshal(b, &c); err != nil {
			return
		}
		if len(c.Periods) > 64 || len(c.History) > 64 {
			return
		}
		res, err := c.Schedule.Evaluate(c.History, c.Periods)
		if err != nil {
			return
		}
		for _, pr := range res.Periods {
			for _, set := range []struct {
				lines []Line
				total Money
			}{{pr.Lines, pr.Credit}, {pr.Bonuses, pr.Bonus}} {
				sum := decimal.Zero
				for _, l := range set.lines {
					if l.Amount.Sign() < 0 {
						t.Fatalf("negative line: %s", l)
					}
					sum = sum.Add(l.Amount.Amount)
				}
				if !sum.Equal(set.total.Amount) {
					t.Fatalf("lines sum to %s, total %s", sum, set.total)
				}
			}
		}
	})
}
