package penalty

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// monthlyTiers is the credit rule of the tests below: "below 99.9% monthly
// uptime, 5% of the monthly charge; below 99%, 10%".
func monthlyTiers(caps ...Cap) Rule {
	return Rule{Name: "uptime-credit", Objective: "uptime", Kind: Tiered, Charge: "fee",
		Tiers: []Tier{{Below: dec("99.9"), Credit: Pct("5")}, {Below: dec("99"), Credit: Pct("10")}}, Caps: caps}
}

func credits(t *testing.T, s Schedule, hist []Settled, in []PeriodInput) []string {
	t.Helper()
	res, err := s.Evaluate(hist, in)
	if err != nil {
		t.Fatalf("Evaluate: %v", err)
	}
	var out []string
	for _, pr := range res.Periods {
		out = append(out, pr.Credit.Amount.StringFixed(2))
	}
	return out
}

// TestQuarterCap pins a cap per calendar quarter. Contract wording (ours):
// "the service credits for the months of any calendar quarter shall not
// exceed GBP 150 in total". The monthly charge is GBP 1,000; every month at
// 98% earns 10% = 100, a month at 99.5% earns 5% = 50. By hand, per
// quarter: January 100 (room 150), February 50 (room 50), March 0 (room
// 0); April, a new quarter, 100; May 50 (room 50, earned 50); June 0. The
// settled December 2025 credit (100) is in the quarter before and does not
// count.
func TestQuarterCap(t *testing.T) {
	s := Schedule{Currency: "GBP", Charges: []Charge{{Name: "fee", Price: gbp("1000")}},
		Rules: []Rule{monthlyTiers(Cap{Name: "quarterly cap", Scope: Quarter, Limit: Amt(gbp("150"))})}}
	hist := []Settled{{Period: month(2025, time.December), Charges: map[string]Money{"fee": gbp("1000")}, Credits: map[string]Money{"uptime-credit": gbp("100")}}}
	var in []PeriodInput
	for i, a := range []string{"98", "98", "98", "98", "99.5", "98"} {
		in = append(in, uptime(month(2026, time.January+time.Month(i)), a, false))
	}
	want := []string{"100.00", "50.00", "0.00", "100.00", "50.00", "0.00"}
	if diff := cmp.Diff(want, credits(t, s, hist, in)); diff != "" {
		t.Errorf("monthly credits under a GBP 150 quarterly cap (-want +got):\n%s", diff)
	}
}

// TestQuarterCapPercent: "credits in a calendar quarter shall not exceed 15%
// of the charges of that quarter", charges so far. Charges 1,000 a month;
// credits 100 (98%) in January, 100 in February, 100 in March. By hand:
// January room 15% × 1,000 = 150 → 100; February 15% × 2,000 − 100 = 200 →
// 100; March 15% × 3,000 − 200 = 250 → 100: nothing bites. With 8%:
// January 80, February 160 − 80 = 80, March 240 − 160 = 80.
func TestQuarterCapPercent(t *testing.T) {
	for _, tc := range []struct {
		name, limit string
		want        []string
	}{
		{"15% does not bite", "15", []string{"100.00", "100.00", "100.00"}},
		{"8% bites each month", "8", []string{"80.00", "80.00", "80.00"}},
	} {
		s := Schedule{Currency: "GBP", Charges: []Charge{{Name: "fee", Price: gbp("1000")}},
			Rules: []Rule{monthlyTiers(Cap{Scope: Quarter, Limit: Pct(tc.limit)})}}
		in := []PeriodInput{uptime(month(2026, time.January), "98", false), uptime(month(2026, time.February), "98", false), uptime(month(2026, time.March), "98", false)}
		if diff := cmp.Diff(tc.want, credits(t, s, nil, in)); diff != "" {
			t.Errorf("%s: credits (-want +got):\n%s", tc.name, diff)
		}
	}
}

// TestContractYearCap: the UK Government Model Services Contract (Crown
// Commercial Service) defines a Contract Year as a consecutive period of
// twelve Months commencing on the Effective Date or each anniversary of it.
// Clause (ours): "the service credits in any Contract Year shall not exceed
// GBP 250". Effective date 1 September 2025; every month earns 100. By
// hand: the settled August 2025 credit (100) is in the year before and does
// not count; September 100, October 100, November 50 (room 250 − 200),
// December to August 0; September 2026 starts the second contract year:
// 100 again.
func TestContractYearCap(t *testing.T) {
	s := Schedule{Currency: "GBP", Charges: []Charge{{Name: "fee", Price: gbp("1000")}},
		Rules:        []Rule{monthlyTiers(Cap{Scope: ContractYear, Limit: Amt(gbp("250"))})},
		ContractYear: time.Date(2025, time.September, 1, 0, 0, 0, 0, time.UTC)}
	hist := []Settled{{Period: month(2025, time.August), Charges: map[string]Money{"fee": gbp("1000")}, Credits: map[string]Money{"uptime-credit": gbp("100")}}}
	var in []PeriodInput
	var want []string
	for i := 0; i < 13; i++ {
		in = append(in, uptime(month(2025, time.September+time.Month(i)), "98", false))
		switch {
		case i < 2 || i == 12:
			want = append(want, "100.00")
		case i == 2:
			want = append(want, "50.00")
		default:
			want = append(want, "0.00")
		}
	}
	if diff := cmp.Diff(want, credits(t, s, hist, in)); diff != "" {
		t.Errorf("monthly credits under a GBP 250 contract-year cap (-want +got):\n%s", diff)
	}
}

// TestContractYearOf pins the anniversaries: the same date and time in the
// anchor's zone each year, 29 February clamped to 28 February, as
// contracts read "one year after" (DESIGN: adding years clamps).
func TestContractYearOf(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	utc := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.UTC) }
	leap := utc(2024, time.February, 29, 0)
	tests := []struct {
		name             string
		start, t         time.Time
		wantFrom, wantTo time.Time
	}{
		{"first year", leap, utc(2024, time.June, 1, 0), leap, utc(2025, time.February, 28, 0)},
		{"29 Feb clamps to 28 Feb", leap, utc(2025, time.February, 28, 10), utc(2025, time.February, 28, 0), utc(2026, time.February, 28, 0)},
		{"the day before the clamped anniversary", leap, utc(2025, time.February, 27, 23), leap, utc(2025, time.February, 28, 0)},
		{"leap year again", leap, utc(2028, time.March, 1, 0), utc(2028, time.February, 29, 0), utc(2029, time.February, 28, 0)},
		{"before the start", leap, utc(2023, time.December, 1, 0), utc(2023, time.February, 28, 0), leap},
		{"31 January stays", utc(2025, time.January, 31, 0), utc(2026, time.January, 31, 0), utc(2026, time.January, 31, 0), utc(2027, time.January, 31, 0)},
		{"wall clock in the anchor's zone", time.Date(2025, time.January, 1, 0, 0, 0, 0, london), time.Date(2025, time.July, 1, 0, 0, 0, 0, london),
			time.Date(2025, time.January, 1, 0, 0, 0, 0, london), time.Date(2026, time.January, 1, 0, 0, 0, 0, london)},
	}
	for _, tc := range tests {
		from, to := contractYearOf(tc.start, tc.t)
		if !from.Equal(tc.wantFrom) || !to.Equal(tc.wantTo) {
			t.Errorf("%s: contractYearOf(%v, %v) = [%v, %v), want [%v, %v)", tc.name, tc.start, tc.t, from, to, tc.wantFrom, tc.wantTo)
		}
	}
}

// TestYearlyPrice: a flat fee priced per year costs a twelfth of it in each
// monthly period, and a tier's percentage is of that. GBP 120,000 a year is
// GBP 10,000 a month (the December credit at 98% is 10% = 1,000); GBP 1,000
// a year is 83.333… a month, whose 10% is 8.333… → 8.33.
func TestYearlyPrice(t *testing.T) {
	for _, tc := range []struct{ year, charge, credit string }{
		{"120000", "10000", "1000.00"},
		{"1000", "83.333333333333333333333333333333", "8.33"},
	} {
		s := Schedule{Currency: "GBP", PeriodsPerYear: 12,
			Charges: []Charge{{Name: "fee", Price: gbp(tc.year), Per: PerYear}}, Rules: []Rule{monthlyTiers()}}
		res, err := s.Evaluate(nil, []PeriodInput{uptime(month(2026, time.December), "98", false)})
		if err != nil {
			t.Fatal(err)
		}
		pr := res.Periods[0]
		if got := pr.Charges[0].Amount.Amount; !got.Equal(dec(tc.charge)) {
			t.Errorf("yearly %s: monthly charge = %s, want %s", tc.year, got, tc.charge)
		}
		if got := pr.Credit.Amount.StringFixed(2); got != tc.credit {
			t.Errorf("yearly %s: credit = %s, want %s", tc.year, got, tc.credit)
		}
	}
}

// TestPersistentFailureYearFees is the persistent-failure clause of issue
// 18: "5% of the contract year's annual fees per 10 failures in a rolling
// 12 months". Annual fees GBP 120,000 (priced per year): a clause arises
// on 10 breaches within 12 consecutive months, its failures are then used
// up. Breaches by month: January 4, February 3, March 3 (10 → arises at
// the end of March: 5% × 120,000 = 6,000), April 6, May 5 (11 → arises at
// the end of May: 6,000), June 2 (2 since: nothing).
func TestPersistentFailureYearFees(t *testing.T) {
	s := Schedule{Currency: "GBP", PeriodsPerYear: 12,
		Charges: []Charge{{Name: "subscription", Price: gbp("120000"), Per: PerYear}},
		Chronic: []Chronic{{Name: "persistent", Objective: "incidents", Kind: KOfN, K: 10, N: 12, Breaches: true,
			Credit: Pct("5"), Charge: "subscription", Basis: YearFees}}}
	var in []PeriodInput
	for i, b := range []int{4, 3, 3, 6, 5, 2} {
		in = append(in, PeriodInput{Period: month(2026, time.January+time.Month(i)),
			Outcomes: []Outcome{{Objective: "incidents", Attainment: dec("0"), Breaches: b}}})
	}
	want := []string{"0.00", "0.00", "6000.00", "0.00", "6000.00", "0.00"}
	res, err := s.Evaluate(nil, in)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, pr := range res.Periods {
		got = append(got, pr.Credit.Amount.StringFixed(2))
		for _, l := range pr.Lines {
			if !l.Base.Equal(gbp("120000")) {
				t.Errorf("%s: line base = %s, want the annual fees GBP 120000", pr.Period.Start.Format("2006-01"), l.Base)
			}
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("persistent-failure credits (-want +got):\n%s", diff)
	}
}

func TestValidateBilling(t *testing.T) {
	yearly := func() Schedule {
		return Schedule{Currency: "GBP", PeriodsPerYear: 12, ContractYear: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
			Charges: []Charge{{Name: "sub", Price: gbp("1200"), Per: PerYear}, {Name: "seats", Kind: PerUnit, Price: gbp("5")}},
			Caps:    []Cap{{Scope: ContractYear, Limit: Pct("10")}, {Scope: Quarter, Limit: Amt(gbp("100"))}},
			Chronic: []Chronic{{Name: "c", Objective: "o", Kind: KOfN, K: 10, N: 12, Breaches: true, Credit: Pct("5"), Charge: "sub", Basis: YearFees}}}
	}
	tests := []struct {
		name   string
		edit   func(*Schedule)
		want   []string
		reason string
	}{
		{"valid", func(*Schedule) {}, nil, "yearly price, both new cap scopes, a year-fees basis"},
		{"no periods per year", func(s *Schedule) { s.PeriodsPerYear = 0 }, []string{"periodsPerYear"}, "a yearly price needs it"},
		{"too many periods per year", func(s *Schedule) { s.PeriodsPerYear = 367 }, []string{"periodsPerYear"}, "at most 366"},
		{"per year on a per-unit charge", func(s *Schedule) { s.Charges[1].Per = PerYear }, []string{"charges[1].per"}, "only flat"},
		{"unknown span", func(s *Schedule) { s.Charges[0].Per = "month" }, []string{"charges[0].per", "chronic[0].basis"}, "only year; the basis then has no yearly charge"},
		{"contract year without anchor", func(s *Schedule) { s.ContractYear = time.Time{} }, []string{"caps[0].scope"}, "no contract year start"},
		{"quarter with periods", func(s *Schedule) { s.Caps[1].Periods = 3 }, []string{"caps[1].periods"}, "periods is for rolling caps"},
		{"year fees of a monthly charge", func(s *Schedule) { s.Chronic[0].Charge = "seats" }, []string{"chronic[0].basis"}, "seats is not priced per year"},
		{"year fees of a fixed credit", func(s *Schedule) { s.Chronic[0].Credit = Amt(gbp("5")) }, []string{"chronic[0].basis"}, "a fixed amount has no basis"},
		{"unknown basis", func(s *Schedule) { s.Chronic[0].Basis = "decade" }, []string{"chronic[0].basis"}, "unknown"},
	}
	for _, tc := range tests {
		s := yearly()
		tc.edit(&s)
		err := s.Validate()
		got := paths(err)
		slices.Sort(got)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s: Validate paths (-want +got):\n%s\n(%s; error: %v)", tc.name, diff, tc.reason, err)
		}
		if tc.want != nil && !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrMissing) {
			t.Errorf("%s: Validate error %v wraps neither ErrInvalid nor ErrMissing", tc.name, err)
		}
	}
}

// TestChronicCapReached is the clause of issue 18: "the maximum credit was
// reached in 3 of any 6 consecutive months" gives a termination right. The
// monthly maximum is 25% of the monthly charge (a rule cap named
// "monthly-max"); tiers give 10% below 99.9 and 25% below 99. By hand:
// January 98 → 25%, the maximum (reached, though the cap does not cut);
// February 99.5 → 10%, not reached; March 90 → 25% (reached, 2); April
// 99.95, no credit; May excused at 90 → no credit, not reached; June 97 →
// reached, 3 in January–June: the right arises at the end of June. The
// objective itself was missed in five months, which a plain 3-of-6 clause
// would have counted by March.
func TestChronicCapReached(t *testing.T) {
	s := Schedule{Currency: "GBP", Charges: []Charge{{Name: "fee", Price: gbp("1000")}},
		Rules:   []Rule{monthlyTiersAt("25", Cap{Name: "monthly-max", Limit: Pct("25")})},
		Chronic: []Chronic{{Name: "max-reached", Objective: "uptime", Kind: KOfN, K: 3, N: 6, Terminate: true, CapReached: "monthly-max"}}}
	var in []PeriodInput
	for i, a := range []string{"98", "99.5", "90", "99.95", "90", "97"} {
		p := uptime(month(2026, time.January+time.Month(i)), a, a == "99.95")
		p.Outcomes[0].Excused = i == 4
		in = append(in, p)
	}
	res, err := s.Evaluate(nil, in)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, pr := range res.Periods {
		got = append(got, fmt.Sprint(pr.CapsReached))
	}
	if diff := cmp.Diff([]string{"[monthly-max]", "[]", "[monthly-max]", "[]", "[]", "[monthly-max]"}, got); diff != "" {
		t.Errorf("caps reached by month (-want +got):\n%s", diff)
	}
	if len(res.Terminations) != 1 || !res.Terminations[0].Arose.Equal(month(2026, time.June).End) || res.Terminations[0].Failures != 3 {
		t.Fatalf("terminations = %+v, want one arising at the end of June with 3 failures", res.Terminations)
	}
	// The same from settled history: January–March settled, April–June
	// evaluated, gives the same right (Settle keeps the caps reached).
	first, err := s.Evaluate(nil, in[:3])
	if err != nil {
		t.Fatal(err)
	}
	var hist []Settled
	for i, pr := range first.Periods {
		hist = append(hist, Settle(in[i], pr))
	}
	second, err := s.Evaluate(hist, in[3:])
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(res.Terminations, second.Terminations); diff != "" {
		t.Errorf("terminations from settled history (-whole +split):\n%s", diff)
	}
}

// monthlyTiersAt is monthlyTiers with the second tier at second percent.
func monthlyTiersAt(second string, caps ...Cap) Rule {
	r := monthlyTiers(caps...)
	r.Tiers[1].Credit = Pct(second)
	return r
}

func TestValidateCapReached(t *testing.T) {
	base := func() Schedule {
		return Schedule{Currency: "GBP", Charges: []Charge{{Name: "fee", Price: gbp("1000")}},
			Rules:   []Rule{monthlyTiers(Cap{Name: "monthly-max", Limit: Pct("25")})},
			Chronic: []Chronic{{Name: "c", Objective: "uptime", Kind: KOfN, K: 3, N: 6, Terminate: true, CapReached: "monthly-max"}}}
	}
	for _, tc := range []struct {
		name string
		edit func(*Schedule)
		want []string
	}{
		{"valid", func(*Schedule) {}, nil},
		{"no such cap", func(s *Schedule) { s.Chronic[0].CapReached = "yearly-max" }, []string{"chronic[0].capReached"}},
		{"cap of another objective", func(s *Schedule) { s.Chronic[0].Objective = "latency" }, []string{"chronic[0].capReached"}},
		{"with breaches", func(s *Schedule) { s.Chronic[0].Breaches = true }, []string{"chronic[0].breaches"}},
	} {
		s := base()
		tc.edit(&s)
		if diff := cmp.Diff(tc.want, paths(s.Validate())); diff != "" {
			t.Errorf("%s: Validate paths (-want +got):\n%s", tc.name, diff)
		}
	}
}
