package metric

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/calendar"
)

func TestVolume(t *testing.T) {
	// Marketing delivers leads; at least 50 a month, at least 10 of
	// quality A, at most 5 of quality C.
	m, err := NewVolume(VolumeSpec{
		Match:      []Condition{{Kinds: []string{"lead"}}},
		SegmentKey: "quality",
		Targets: []VolumeTarget{
			{Bound: AtLeast, Value: dec("50")},
			{Segment: "A", Bound: AtLeast, Value: dec("10")},
			{Segment: "C", Bound: AtMost, Value: dec("5")},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	var v Volume
	add := func(n int, e Event) {
		for i := 0; i < n; i++ {
			if _, err := m.Add(&v, e); err != nil {
				t.Fatal(err)
			}
		}
	}
	add(12, ev("lead", "2026-04-02", "quality", "A"))
	add(30, ev("lead", "2026-04-03", "quality", "B"))
	add(7, ev("lead", "2026-04-04", "quality", "C"))
	add(3, ev("call", "2026-04-04", "quality", "A")) // not a lead
	// Total 12 + 30 + 7 = 49: 1 short of 50. A: 12 ≥ 10. C: 7 > 5 by 2.
	want := []VolumeResult{
		{Target: VolumeTarget{Bound: AtLeast, Value: dec("50")}, Value: dec("49"), Shortfall: dec("1")},
		{Target: VolumeTarget{Segment: "A", Bound: AtLeast, Value: dec("10")}, Value: dec("12"), Met: true},
		{Target: VolumeTarget{Segment: "C", Bound: AtMost, Value: dec("5")}, Value: dec("7"), Shortfall: dec("2")},
	}
	if diff := cmp.Diff(want, m.Judge(v)); diff != "" {
		t.Errorf("Judge mismatch (-want +got):\n%s", diff)
	}
}

func TestVolumeSum(t *testing.T) {
	m, err := NewVolume(VolumeSpec{Sum: true})
	if err != nil {
		t.Fatal(err)
	}
	var v Volume
	e := ev("sale", "2026-04-02")
	e.Value, e.HasValue = dec("10.25"), true
	if _, err := m.Add(&v, e); err != nil {
		t.Fatal(err)
	}
	e.Value = dec("0.75")
	if _, err := m.Add(&v, e); err != nil {
		t.Fatal(err)
	}
	if !v.Total.Equal(dec("11")) {
		t.Errorf("sum = %v, want 11", v.Total)
	}
	e.Value = dec("-1")
	if _, err := m.Add(&v, e); !errors.Is(err, ErrNegative) {
		t.Errorf("negative value: error = %v, want ErrNegative", err)
	}
	if _, err := m.Add(&v, ev("sale", "2026-04-03")); !errors.Is(err, ErrInvalid) {
		t.Errorf("no value: error = %v, want ErrInvalid", err)
	}
	if !v.Total.Equal(dec("11")) {
		t.Errorf("sum after rejected events = %v, want 11", v.Total)
	}
	if _, err := NewVolume(VolumeSpec{Targets: []VolumeTarget{{Value: dec("-3")}}}); !errors.Is(err, ErrNegative) {
		t.Errorf("negative target: error = %v, want ErrNegative", err)
	}
}

func TestRatio(t *testing.T) {
	tests := []struct {
		name     string
		reason   string
		r        Ratio
		spec     RatioSpec
		want     Verdict
		wantPct  string
		assessed bool
	}{
		{"exactly at target", "19 of 20 = 95%, target 95: achieved", Ratio{Met: 19, Breached: 1, Pending: 7}, RatioSpec{Target: dec("95")}, Achieved, "95.000000000000", true},
		{"just below", "18 of 19 = 94.73…% < 95", Ratio{Met: 18, Breached: 1}, RatioSpec{Target: dec("95")}, Missed, "94.736842105263", true},
		{"pending not counted", "2 of 3 counted; pending ignored: 66.66…% < 95", Ratio{Met: 2, Breached: 1, Pending: 100}, RatioSpec{Target: dec("95")}, Missed, "66.666666666666", true},
		{"below minimum count", "3 counted, minimum 10: not assessed", Ratio{Met: 3}, RatioSpec{Target: dec("95"), MinCount: 10}, NotAssessed, "100.000000000000", true},
		{"nothing counted", "only pending subjects: not assessed, no attainment", Ratio{Pending: 4}, RatioSpec{Target: dec("95")}, NotAssessed, "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.spec.Judge(tc.r); got != tc.want {
				t.Errorf("%s: Judge = %v, want %v", tc.reason, got, tc.want)
			}
			pct, ok := tc.r.Attainment()
			if ok != tc.assessed || (ok && !pct.Equal(dec(tc.wantPct))) {
				t.Errorf("%s: Attainment = %v, %v, want %s, %v", tc.reason, pct, ok, tc.wantPct, tc.assessed)
			}
		})
	}
	var r Ratio
	for _, s := range []State{Met, Breached, InProgress, NotStarted, Met} {
		r.Add(s)
	}
	if diff := cmp.Diff(Ratio{Met: 2, Breached: 1, Pending: 1}, r); diff != "" {
		t.Errorf("Ratio.Add mismatch (-want +got):\n%s", diff)
	}
	if err := (RatioSpec{Target: dec("101")}).Validate(); !errors.Is(err, ErrInvalid) {
		t.Errorf("Validate(101%%) = %v, want ErrInvalid", err)
	}
}

func TestPercentileNearestRank(t *testing.T) {
	// Wikipedia, "Percentile", nearest-rank method: the list 15, 20, 35,
	// 40, 50 gives P5 = 15, P30 = 20, P40 = 20, P50 = 35, P100 = 50.
	var d Distribution
	for _, v := range []string{"50", "15", "40", "20", "35"} {
		d.Add(dec(v))
	}
	for _, tc := range []struct{ p, want string }{{"5", "15"}, {"30", "20"}, {"40", "20"}, {"50", "35"}, {"100", "50"}} {
		got, err := d.Percentile(dec(tc.p))
		if err != nil || !got.Equal(dec(tc.want)) {
			t.Errorf("Percentile(%s) = %v, %v, want %s", tc.p, got, err, tc.want)
		}
	}
	for _, p := range []string{"0", "100.1", "-5"} {
		if _, err := d.Percentile(dec(p)); !errors.Is(err, ErrInvalid) {
			t.Errorf("Percentile(%s) error = %v, want ErrInvalid", p, err)
		}
	}
	if _, err := (Distribution{}).Percentile(dec("50")); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty Percentile error = %v, want ErrEmpty", err)
	}
	// Durations: 20 values 1 s … 20 s; p95 is rank ⌈0.95 × 20⌉ = 19 → 19 s.
	var dd Distribution
	for i := 20; i >= 1; i-- {
		dd.AddDuration(time.Duration(i) * time.Second)
	}
	if got, err := dd.PercentileDuration(dec("95")); err != nil || got != 19*time.Second {
		t.Errorf("PercentileDuration(95) = %v, %v, want 19s", got, err)
	}
}

func TestDeadline(t *testing.T) {
	// An invoice paid within 30 days of issue (24×7, UTC: 720 h).
	d, err := NewDeadline(DeadlineSpec{Within: calendar.Span{Unit: calendar.WallTime, Duration: 30 * 24 * time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	issued := at("2026-04-01")
	due := at("2026-05-01")
	tests := []struct {
		name       string
		done, asOf string
		want       DeadlineStatus
	}{
		{"paid early", "2026-04-20", "2026-06-01", DeadlineStatus{State: DeadlineMet, Anchor: issued, Due: due, Done: at("2026-04-20")}},
		{"paid exactly at due", "2026-05-01", "2026-06-01", DeadlineStatus{State: DeadlineMet, Anchor: issued, Due: due, Done: due}},
		{"paid late", "2026-05-03", "2026-06-01", DeadlineStatus{State: DeadlineMissed, Anchor: issued, Due: due, Done: at("2026-05-03"), Late: 48 * time.Hour, LateBusiness: 48 * time.Hour}},
		{"unpaid, not yet due", "", "2026-04-30", DeadlineStatus{State: DeadlinePending, Anchor: issued, Due: due}},
		{"unpaid at due", "", "2026-05-01", DeadlineStatus{State: DeadlinePending, Anchor: issued, Due: due}},
		{"unpaid past due", "", "2026-05-02", DeadlineStatus{State: DeadlineMissed, Anchor: issued, Due: due, Late: 24 * time.Hour, LateBusiness: 24 * time.Hour}},
		{"paid after asOf", "2026-04-20", "2026-04-10", DeadlineStatus{State: DeadlinePending, Anchor: issued, Due: due}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var done time.Time
			if tc.done != "" {
				done = at(tc.done)
			}
			if diff := cmp.Diff(tc.want, d.Judge(issued, done, at(tc.asOf))); diff != "" {
				t.Errorf("Judge mismatch (-want +got):\n%s", diff)
			}
		})
	}
	if _, err := NewDeadline(DeadlineSpec{}); !errors.Is(err, ErrInvalid) {
		t.Errorf("NewDeadline(zero) error = %v, want ErrInvalid", err)
	}
}

var _ = decimal.Zero

func TestPercentileSpecJudge(t *testing.T) {
	// 20 latencies 10, 20, …, 200 ms. p95 = rank ⌈0.95 × 20⌉ = 19 → 190 ms.
	var d Distribution
	for i := int64(1); i <= 20; i++ {
		d.Add(decimal.NewFromInt(10 * i))
	}
	tests := []struct {
		name string
		spec PercentileSpec
		want Verdict
	}{
		{"under 200 ms", PercentileSpec{Percentile: dec("95"), Bound: AtMost, Limit: dec("200")}, Achieved},
		{"exactly at limit", PercentileSpec{Percentile: dec("95"), Bound: AtMost, Limit: dec("190")}, Achieved},
		{"over 150 ms", PercentileSpec{Percentile: dec("95"), Bound: AtMost, Limit: dec("150")}, Missed},
		{"at least", PercentileSpec{Percentile: dec("95"), Bound: AtLeast, Limit: dec("191")}, Missed},
		{"too few values", PercentileSpec{Percentile: dec("95"), Bound: AtMost, Limit: dec("200"), MinCount: 21}, NotAssessed},
	}
	for _, tc := range tests {
		got, v, err := tc.spec.Judge(d)
		if err != nil || got != tc.want {
			t.Errorf("%s: Judge = %v (value %v), %v, want %v", tc.name, got, v, err, tc.want)
		}
	}
	if _, _, err := (PercentileSpec{}).Judge(d); !errors.Is(err, ErrInvalid) {
		t.Errorf("zero spec: error = %v, want ErrInvalid", err)
	}
}

func TestAvailabilityJudge(t *testing.T) {
	// 43,200 min with 43.2 min down is exactly 99.9%: achieved (not below).
	// One more nanosecond down: missed.
	a := Availability{Service: 43200 * time.Minute, Down: 43*time.Minute + 12*time.Second}
	if got := a.Judge(dec("99.9")); got != Achieved {
		t.Errorf("Judge(99.9) at exactly 99.9%% = %v, want achieved", got)
	}
	a.Down++
	if got := a.Judge(dec("99.9")); got != Missed {
		t.Errorf("Judge(99.9) just below = %v, want missed", got)
	}
	if pct, _ := a.Attainment(); !pct.LessThan(dec("99.9")) {
		t.Errorf("truncated Attainment %v should compare below 99.9 like the exact ratio", pct)
	}
	if got := (Availability{}).Judge(dec("99.9")); got != NotAssessed {
		t.Errorf("empty Judge = %v, want notAssessed", got)
	}
	var r Ratio
	for _, s := range []DeadlineState{DeadlineMet, DeadlineMissed, DeadlinePending, DeadlineMet} {
		r.AddDeadline(s)
	}
	if r.Met != 2 || r.Breached != 1 || r.Pending != 1 {
		t.Errorf("AddDeadline counts = %+v, want 2 met, 1 breached, 1 pending", r)
	}
}
