package metric

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// TestErrorRateMatchesIntervals checks the error-rate path against the
// interval availability path on inputs where the two must agree: every
// slice is fully failed, fully good or empty (empty slices up), and the
// exclusions fall on slice boundaries. Then a fully failed slice is a
// downtime span of one slice, and Down, Excluded, Incidents and the uptime
// are those of AvailabilitySpec.Measure with the same MinDowntime; the
// average-rate uptime equals them too when no minimum applies (a failed
// slice's rate is 100%, a good one's 0%).
func TestErrorRateMatchesIntervals(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		slice := time.Duration(rapid.SampledFrom([]int{1, 5, 60}).Draw(t, "slice")) * time.Minute
		n := rapid.IntRange(0, 60).Draw(t, "n")
		start := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
		at := func(i int) time.Time { return start.Add(time.Duration(i) * slice) }
		p := Period{Start: start, End: at(n)}
		var counts []SliceCount
		var down []Downtime
		for i := 0; i < n; i++ {
			switch rapid.IntRange(0, 2).Draw(t, "state") {
			case 1: // good
				counts = append(counts, SliceCount{Start: at(i), Total: rapid.Int64Range(1, 1000).Draw(t, "good")})
			case 2: // fully failed, possibly from two shards
				k := rapid.Int64Range(1, 1000).Draw(t, "bad")
				counts = append(counts, SliceCount{Start: at(i), Total: k, Failed: k})
				if rapid.Bool().Draw(t, "shard") {
					counts = append(counts, SliceCount{Start: at(i), Total: 3, Failed: 3})
				}
				down = append(down, Downtime{Period: Period{Start: at(i), End: at(i + 1)}})
			}
		}
		var excl []Period
		var ex []Exclusion
		for range rapid.IntRange(0, 3).Draw(t, "exclusions") {
			a := rapid.IntRange(-2, n+2).Draw(t, "xa")
			b := rapid.IntRange(a, n+3).Draw(t, "xb")
			excl = append(excl, Period{Start: at(a), End: at(b)})
			ex = append(ex, Exclusion{Period: Period{Start: at(a), End: at(b)}, Reason: "customer"})
		}
		minDown := time.Duration(rapid.IntRange(0, 4).Draw(t, "minDown")) * slice
		spec := ErrorRateSpec{Slice: slice, Threshold: decimal.NewFromInt(rapid.Int64Range(0, 99).Draw(t, "threshold")), MinDowntime: minDown}
		got, err := spec.MeasureExcluding(p, counts, excl)
		if err != nil {
			t.Fatal(err)
		}
		want, err := AvailabilitySpec{MinDowntime: minDown}.Measure(p, down, ex)
		if err != nil {
			t.Fatal(err)
		}
		if ga := got.Availability(); ga != want.Availability {
			t.Fatalf("MeasureExcluding(...).Availability() = %+v, want %+v", ga, want.Availability)
		}
		gu, gok := got.Uptime()
		wu, wok := want.Attainment()
		if gok != wok || !gu.Equal(wu) {
			t.Fatalf("Uptime() = %v %v, want Attainment() %v %v", gu, gok, wu, wok)
		}
		target := decimal.NewFromInt(rapid.Int64Range(0, 100).Draw(t, "target"))
		if g, w := got.Judge(FormulaDownSlices, target), want.Judge(target); g != w {
			t.Fatalf("Judge(downSlices, %v) = %v, want %v", target, g, w)
		}
		if minDown == 0 {
			ga, aok := got.AverageUptime()
			if aok != wok || !ga.Equal(wu) {
				t.Fatalf("AverageUptime() = %v %v, want Attainment() %v %v", ga, aok, wu, wok)
			}
			if g, w := got.Judge(FormulaAverageRate, target), want.Judge(target); g != w {
				t.Fatalf("Judge(averageRate, %v) = %v, want %v", target, g, w)
			}
		}
	})
}

// slowErrorRate is the reference: every slice of p in turn, judged by the
// spec's words, with runs of down slices counted by walking them.
func slowErrorRate(s ErrorRateSpec, p Period, counts []SliceCount, excl []Period) ErrorRate {
	n := int(p.Duration() / s.Slice)
	r := ErrorRate{Period: p, Slices: int64(n), Service: time.Duration(n) * s.Slice}
	state := make([]byte, n) // 'x' excluded, 'd' down, 'u' up
	for i := range n {
		a, b := p.Start.Add(time.Duration(i)*s.Slice), p.Start.Add(time.Duration(i+1)*s.Slice)
		var tot, fail int64
		for _, c := range counts {
			if c.Start.Equal(a) {
				tot, fail = tot+c.Total, fail+c.Failed
			}
		}
		state[i] = 'u'
		for _, x := range excl {
			if x.Start.Before(x.End) && x.Start.Before(b) && a.Before(x.End) { // an empty exclusion covers nothing
				state[i] = 'x'
			}
		}
		switch {
		case state[i] == 'x':
		case tot == 0 && s.NoTraffic == SliceExcluded, tot > 0 && tot < s.MinRequests && s.BelowMinimum == SliceExcluded:
			state[i] = 'x'
		case tot == 0 || tot < s.MinRequests:
		default:
			r.Assessed++
			rate := decimal.NewFromInt(100*fail).DivRound(decimal.NewFromInt(tot), RatePrecision)
			r.RateSum = r.RateSum.Add(rate)
			if rate.GreaterThan(s.Threshold) || (s.AtThreshold && decimal.NewFromInt(100*fail).Equal(s.Threshold.Mul(decimal.NewFromInt(tot)))) {
				state[i] = 'd'
			}
		}
		if state[i] == 'x' {
			r.Excluded++
		}
	}
	for i := 0; i < n; {
		if state[i] != 'd' {
			i++
			continue
		}
		j := i
		for j < n && state[j] == 'd' {
			j++
		}
		if time.Duration(j-i)*s.Slice < s.MinDowntime {
			r.Short += int64(j - i)
		} else {
			r.DownSlices += int64(j - i)
			r.Incidents++
		}
		i = j
	}
	r.Down = time.Duration(r.DownSlices) * s.Slice
	return r
}

// TestErrorRateMatchesSlow checks MeasureExcluding, which visits only the
// slices with counts, against slowErrorRate, which visits every slice, on
// random specs, counts and unaligned exclusions.
func TestErrorRateMatchesSlow(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		slice := time.Duration(rapid.IntRange(1, 5).Draw(t, "slice")) * time.Minute
		start := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
		p := Period{Start: start, End: start.Add(time.Duration(rapid.IntRange(0, 200).Draw(t, "minutes")) * time.Minute)}
		n := int(p.Duration() / slice)
		s := ErrorRateSpec{
			Slice:        slice,
			Threshold:    decimal.New(rapid.Int64Range(0, 1000).Draw(t, "threshold"), -1),
			MinRequests:  rapid.Int64Range(0, 5).Draw(t, "min"),
			AtThreshold:  rapid.Bool().Draw(t, "at"),
			NoTraffic:    SliceRule(rapid.IntRange(0, 1).Draw(t, "noTraffic")),
			BelowMinimum: SliceRule(rapid.IntRange(0, 1).Draw(t, "below")),
			MinDowntime:  time.Duration(rapid.IntRange(0, 12).Draw(t, "minDown")) * time.Minute,
		}
		var counts []SliceCount
		if n > 0 {
			for range rapid.IntRange(0, 2*n).Draw(t, "counts") {
				tot := rapid.Int64Range(0, 20).Draw(t, "total")
				counts = append(counts, SliceCount{
					Start:  start.Add(time.Duration(rapid.IntRange(0, n-1).Draw(t, "at")) * slice),
					Total:  tot,
					Failed: rapid.Int64Range(0, tot).Draw(t, "failed"),
				})
			}
		}
		var excl []Period
		for range rapid.IntRange(0, 3).Draw(t, "exclusions") {
			a := start.Add(time.Duration(rapid.IntRange(-30, 230).Draw(t, "xa")) * time.Minute)
			excl = append(excl, Period{Start: a, End: a.Add(time.Duration(rapid.IntRange(0, 30).Draw(t, "xlen")) * time.Minute)})
		}
		got, err := s.MeasureExcluding(p, counts, excl)
		if err != nil {
			t.Fatal(err)
		}
		want := slowErrorRate(s, p, counts, excl)
		if got.RateSum.Equal(want.RateSum) {
			got.RateSum = want.RateSum // equal values, maybe different exponents
		}
		if got != want {
			t.Fatalf("MeasureExcluding = %+v, want %+v", got, want)
		}
	})
}

// TestErrorRatePublished checks the published definitions, each derived
// by hand from the SLA's own words.
func TestErrorRatePublished(t *testing.T) {
	minute := func(p Period, i int, total, failed int64) SliceCount {
		return SliceCount{Start: p.Start.Add(time.Duration(i) * time.Minute), Total: total, Failed: failed}
	}
	// Atlassian Cloud SLA: a minute is down when more than 5% of its
	// requests fail; a 30-day month is 30 × 24 × 60 = 43,200 minutes.
	// 60 down minutes: 100 × 43,140 / 43,200 = 99.8611…, 99.86 at two
	// decimals. One more minute at exactly 5% stays up.
	t.Run("Atlassian", func(t *testing.T) {
		june := Period{time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)}
		var cs []SliceCount
		for i := range 60 {
			cs = append(cs, minute(june, 100+2*i, 100, 6)) // 6% > 5%, every other minute
		}
		cs = append(cs, minute(june, 1000, 100, 5))
		r, err := ErrorRateSpec{Slice: time.Minute, Threshold: decimal.NewFromInt(5)}.Measure(june, cs)
		if err != nil {
			t.Fatal(err)
		}
		up, _ := r.Uptime()
		if r.Slices != 43200 || r.DownSlices != 60 || !up.Round(2).Equal(decimal.RequireFromString("99.86")) {
			t.Errorf("Measure(June, 60 minutes at 6%%) = %d slices, %d down, uptime %v; want 43200, 60, 99.86", r.Slices, r.DownSlices, up)
		}
	})
	// Google Cloud: "Downtime: more than a ten percent Error Rate";
	// "Downtime Period: a period of ten consecutive minutes of Downtime.
	// Intermittent Downtime for a period of less than ten minutes will not
	// be counted". Nine bad minutes are no downtime, ten are ten minutes.
	t.Run("Google", func(t *testing.T) {
		day := Period{time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 6, 2, 0, 0, 0, 0, time.UTC)}
		spec := ErrorRateSpec{Slice: time.Minute, Threshold: decimal.NewFromInt(10), MinDowntime: 10 * time.Minute}
		for _, tc := range []struct {
			bad      int
			wantDown time.Duration
		}{{9, 0}, {10, 10 * time.Minute}} {
			var cs []SliceCount
			for i := range tc.bad {
				cs = append(cs, minute(day, 60+i, 10, 2)) // 20% > 10%
			}
			cs = append(cs, minute(day, 300, 10, 1)) // exactly 10%: not downtime
			r, err := spec.Measure(day, cs)
			if err != nil {
				t.Fatal(err)
			}
			if r.Down != tc.wantDown {
				t.Errorf("Measure(%d consecutive bad minutes).Down = %v, want %v", tc.bad, r.Down, tc.wantDown)
			}
		}
	})
	// Amazon S3 SLA: "Monthly Uptime Percentage is calculated by
	// subtracting from 100% the average of the Error Rates from each
	// five-minute period in the monthly billing cycle". April has 8,640
	// five-minute periods; two with error rates 50% and 22% give
	// 100 − 72/8,640 = 99.991666…%, truncated at 12 places.
	t.Run("S3", func(t *testing.T) {
		april := Period{time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)}
		spec := ErrorRateSpec{Slice: 5 * time.Minute, Formula: FormulaAverageRate}
		r, err := spec.Measure(april, []SliceCount{minute(april, 0, 10, 5), minute(april, 5, 50, 11)})
		if err != nil {
			t.Fatal(err)
		}
		got, _ := r.Attainment(spec.Formula)
		if want := decimal.RequireFromString("99.991666666666"); r.Slices != 8640 || !got.Equal(want) {
			t.Errorf("Attainment(average) = %v over %d slices, want %v over 8640", got, r.Slices, want)
		}
	})
	// Azure Storage SLA: "If the total number of transactions in a given
	// one-hour interval is zero, the Error Rate for that interval is 0%".
	// A day with one hour at 50% and no other traffic: 100 − 50/24 =
	// 97.916666…%; excluding the empty hours instead would give 50%.
	t.Run("Azure", func(t *testing.T) {
		day := Period{time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 6, 2, 0, 0, 0, 0, time.UTC)}
		cs := []SliceCount{{Start: day.Start, Total: 4, Failed: 2}}
		for _, tc := range []struct {
			rule SliceRule
			want string
		}{{SliceUp, "97.916666666666"}, {SliceExcluded, "50"}} {
			spec := ErrorRateSpec{Slice: time.Hour, Formula: FormulaAverageRate, NoTraffic: tc.rule}
			r, err := spec.Measure(day, cs)
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := r.Attainment(spec.Formula); !got.Equal(decimal.RequireFromString(tc.want)) {
				t.Errorf("Attainment(NoTraffic %d) = %v, want %s", tc.rule, got, tc.want)
			}
		}
	})
}

// TestErrorRateRules pins each option on one hour of 60 minutes.
func TestErrorRateRules(t *testing.T) {
	hour := Period{time.Date(2026, 4, 10, 10, 0, 0, 0, time.UTC), time.Date(2026, 4, 10, 11, 0, 0, 0, time.UTC)}
	m := func(i int, total, failed int64) SliceCount {
		return SliceCount{Start: hour.Start.Add(time.Duration(i) * time.Minute), Total: total, Failed: failed}
	}
	base := ErrorRateSpec{Slice: time.Minute, Threshold: decimal.NewFromInt(5), MinRequests: 10}
	tests := []struct {
		name     string
		reason   string
		spec     func(ErrorRateSpec) ErrorRateSpec
		counts   []SliceCount
		excl     []Period
		wantDown int64
		wantExcl int64
	}{
		{"at threshold, strict", "5 of 100 is not more than 5%", func(s ErrorRateSpec) ErrorRateSpec { return s },
			[]SliceCount{m(0, 100, 5)}, nil, 0, 0},
		{"at threshold, inclusive", "5 of 100 is 5% or more", func(s ErrorRateSpec) ErrorRateSpec { s.AtThreshold = true; return s },
			[]SliceCount{m(0, 100, 5)}, nil, 1, 0},
		{"below minimum up", "9 requests all failed, minimum 10", func(s ErrorRateSpec) ErrorRateSpec { return s },
			[]SliceCount{m(0, 9, 9)}, nil, 0, 0},
		{"below minimum excluded", "9 requests: the minute leaves the hour", func(s ErrorRateSpec) ErrorRateSpec { s.BelowMinimum = SliceExcluded; return s },
			[]SliceCount{m(0, 9, 9)}, nil, 0, 1},
		{"no traffic excluded", "59 minutes without counts, one with a zero count: 60 excluded but the bad one", func(s ErrorRateSpec) ErrorRateSpec { s.NoTraffic = SliceExcluded; return s },
			[]SliceCount{m(0, 0, 0), m(1, 100, 50)}, nil, 1, 59},
		{"exclusion widened to slices", "10:00:30-10:01:30 touches minutes 0 and 1, both bad", func(s ErrorRateSpec) ErrorRateSpec { return s },
			[]SliceCount{m(0, 100, 50), m(1, 100, 50), m(2, 100, 50)}, []Period{{hour.Start.Add(30 * time.Second), hour.Start.Add(90 * time.Second)}}, 1, 2},
		{"excluded middle splits a run", "minutes 0-4 bad, minute 2 excluded, minimum 3 minutes: runs of 2 and 2 do not count", func(s ErrorRateSpec) ErrorRateSpec { s.MinDowntime = 3 * time.Minute; return s },
			[]SliceCount{m(0, 100, 50), m(1, 100, 50), m(2, 100, 50), m(3, 100, 50), m(4, 100, 50)}, []Period{{hour.Start.Add(2 * time.Minute), hour.Start.Add(3 * time.Minute)}}, 0, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := tc.spec(base).MeasureExcluding(hour, tc.counts, tc.excl)
			if err != nil {
				t.Fatal(err)
			}
			if r.DownSlices != tc.wantDown || r.Excluded != tc.wantExcl {
				t.Errorf("%s: MeasureExcluding = %d down, %d excluded, want %d, %d", tc.reason, r.DownSlices, r.Excluded, tc.wantDown, tc.wantExcl)
			}
		})
	}
	bad := []struct {
		name string
		spec ErrorRateSpec
		excl []Period
	}{
		{"negative minimum downtime", ErrorRateSpec{Slice: time.Minute, MinDowntime: -1}, nil},
		{"unknown rule", ErrorRateSpec{Slice: time.Minute, NoTraffic: 2}, nil},
		{"unknown formula", ErrorRateSpec{Slice: time.Minute, Formula: 2}, nil},
		{"reversed exclusion", ErrorRateSpec{Slice: time.Minute}, []Period{{hour.End, hour.Start}}},
	}
	for _, tc := range bad {
		if _, err := tc.spec.MeasureExcluding(hour, nil, tc.excl); !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrNegative) {
			t.Errorf("%s: MeasureExcluding error = %v, want ErrInvalid or ErrNegative", tc.name, err)
		}
	}
}
