package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Worked out by hand. Service hours are 24×7 in New York; a month is its
// local calendar month.
//
// January: 31 × 24 = 744 h. The 3 h force-majeure outage is excluded from
// both sides; our own 30 min count. 100 × (744 h − 3 h − 30 min) / (744 h −
// 3 h) = 100 × 44430 / 44460 min = 99.93252… ≥ 99.9: achieved, no credit.
//
// February: 28 × 24 = 672 h. The maintenance (Sun 15 Feb 02:00–04:00 EST)
// was announced 14 days ahead, inside the Sunday 02:00–06:00 window: 2 h
// excluded. The Tue 3 Feb outage counts 2 h; the 30 s blip is under the
// 1-minute minimum. 100 × (40320 − 120 − 120) / (40320 − 120) = 99.70149…,
// below 99.9 but not 99: tier 1, 10% × $10,000 = $1,000 (period cap 50% =
// $5,000; rolling cap 10% of Jan + Feb charges = $2,000: neither bites).
//
// March: clocks go forward Sun 8 Mar, so 31 × 24 − 1 = 743 h. A 10 h outage:
// 100 × (44580 − 600) / 44580 = 98.65410…, below 99: tier 2, 25% = $2,500.
// The rolling cap (the second cap of rule 0) allows 10% of Jan–Mar charges,
// $3,000, less the $1,000 already credited: room $2,000, cutting $500.
// Quarter: $0 + $1,000 + $2,000 = $3,000.
//
// The API by error rate: one count a minute, 31 × 24 × 60 = 44,640 in
// January, 40,320 in February, 44,580 in March (743 h): 129,540.
// January: 9 bad minutes (30% > 10%) are shorter than the 10-minute
// downtime period, and the minute at exactly 10% is not bad: 100%.
// February: 10:00–10:45 on 3 Feb at 60%, its minutes 10:20–10:25
// customer-caused: 5 minutes excluded, leaving two runs of 20 bad minutes,
// each a downtime period: 40 minutes. 100 × (40,320 − 5 − 40) / (40,320 −
// 5) = 100 × 40,275 / 40,315 = 99.90078… < 99.95: tier 1, 10% × $2,000 =
// $200. March: 480 bad minutes; 100 × (44,580 − 480) / 44,580 = 98.92328…
// < 99: tier 2, 25% = $500. Quarter: $700.
const want = `CloudApp service level agreement for Globex, as of 1 Apr 2026 00:00 EDT

January: uptime 99.933% (achieved)
  service 744h0m0s, down 30m0s, excluded 3h0m0s
  credit USD 0.00

February: uptime 99.701% (missed)
  service 672h0m0s, down 2h0m0s, excluded 2h0m0s
  tier 1 (below 99.9%): 10% of USD 10000.00 = USD 1000.00
  credit USD 1000.00

March: uptime 98.654% (missed)
  service 743h0m0s, down 10h0m0s, excluded 0s
  tier 2 (below 99%): 25% of USD 10000.00 = USD 2500.00
  capped by rules[0].caps[1]: room USD 2000.00, cut by USD 500.00
  credit USD 2000.00

quarter's credits: USD 3000.00

CloudApp API error-rate agreement for Globex: 129540 minute counts applied, 0 rejected

January: uptime 100.000% (achieved)
  minutes 44640, down 0, excluded 0
  credit USD 0.00

February: uptime 99.901% (missed)
  minutes 40320, down 40, excluded 5
  tier 1 (below 99.95%): 10% of USD 2000.00 = USD 200.00
  credit USD 200.00

March: uptime 98.923% (missed)
  minutes 44580, down 480, excluded 0
  tier 2 (below 99%): 25% of USD 2000.00 = USD 500.00
  credit USD 500.00

quarter's API credits: USD 700.00
`

func TestRun(t *testing.T) {
	var b strings.Builder
	if err := run(&b); err != nil {
		t.Fatalf("run: %v", err)
	}
	if d := cmp.Diff(strings.Split(want, "\n"), strings.Split(b.String(), "\n")); d != "" {
		t.Errorf("run output mismatch (-want +got):\n%s", d)
	}
}
