package penalty

import (
	"math"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// TestLateUnitsMatchesDecimals: the int64 count equals the decimal one
// (lateUnitsDecimal, one QuoRem per item, as Evaluate counted before) on
// random lateness (up to a year each, any unit from a nanosecond to a
// day, every count); on sums that overflow int64 it falls back to
// decimals and gives the hand-derived counts.
func TestLateUnitsMatchesDecimals(t *testing.T) {
	check := func(t interface{ Fatalf(string, ...any) }, lates []Duration, unit Duration, count UnitCount) {
		gu, gt, gp := lateUnits(lates, unit, count)
		wu, wt, wp := lateUnitsDecimal(lates, unit, count)
		if !gu.Equal(wu) || !gt.Equal(wt) || gp != wp {
			t.Fatalf("lateUnits(%v, %v, %q) = %v, %v, %v, want %v, %v, %v", lates, unit, count, gu, gt, gp, wu, wt, wp)
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		lates := rapid.SliceOf(rapid.Custom(func(t *rapid.T) Duration {
			return Duration(rapid.Int64Range(0, int64(365*24*time.Hour)).Draw(t, "late"))
		})).Draw(t, "lates")
		unit := Duration(rapid.Int64Range(1, int64(24*time.Hour)).Draw(t, "unit"))
		count := rapid.SampledFrom([]UnitCount{Fraction, Full, Started}).Draw(t, "count")
		check(t, lates, unit, count)
	})
	// Three items of x = 4,611,686,018,427,387,896 ns (2^62 − 8) sum past
	// math.MaxInt64 to 13,835,058,055,282,163,688. An hour is 3.6e12 ns:
	// x holds 1,281,023 whole hours (4,611,682,800,000,000,000 ns) and
	// 3,218,427,387,896 ns more, so 3,843,069 whole units, 3,843,072
	// started ones, and a fraction (prorated) under Fraction.
	x := Duration(math.MaxInt64/2 - 7)
	for _, c := range []struct {
		count    UnitCount
		units    int64
		prorated bool
	}{{Fraction, 3843069, true}, {Full, 3843069, false}, {Started, 3843072, false}} {
		units, total, prorated := lateUnits([]Duration{x, x, x}, Duration(time.Hour), c.count)
		if !units.Equal(decimal.NewFromInt(c.units)) || total.String() != "13835058055282163688" || prorated != c.prorated {
			t.Errorf("lateUnits(3 × %d ns, 1h, %q) = %v, %v, %v, want %d, 13835058055282163688, %v", int64(x), c.count, units, total, prorated, c.units, c.prorated)
		}
	}
}
