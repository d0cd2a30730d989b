package sla

import (
	"fmt"
	"testing"
	"time"

	"github.com/slaeval/slaeval/metric"
)

// periodName writes the period starting at start in the AttrPeriod form of
// grain g: the slow, obviously right inverse of coveredPeriod.
func periodName(g metric.Grain, start time.Time) string {
	switch g {
	case metric.Year:
		return start.Format("2006")
	case metric.Quarter:
		return fmt.Sprintf("%04d-Q%d", start.Year(), (int(start.Month())-1)/3+1)
	case metric.Month:
		return start.Format("2006-01")
	case metric.Week:
		y, w := start.ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	}
	return start.Format(time.DateOnly)
}

// FuzzPeriodAttribute: coveredPeriod never panics, and every value it
// accepts names the period it returns exactly (written back in the same
// form, it is the same string), so no malformed or non-existent period is
// read as another one.
func FuzzPeriodAttribute(f *testing.F) {
	for _, s := range []string{"2026", "2026-Q1", "2026-02", "2026-W53", "2025-W53", "2026-02-29", "2028-02-29", "0000-W01", "9999-12", "2026-1", "2026-Q0", "+202-02"} {
		f.Add(s)
	}
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, g := range []metric.Grain{metric.Day, metric.Week, metric.Month, metric.Quarter, metric.Year} {
			grid, err := metric.NewGrid(g, loc)
			if err != nil {
				t.Fatal(err)
			}
			per, err := coveredPeriod(grid, s)
			if err != nil {
				continue
			}
			if got := grid.At(per.Start); !got.Start.Equal(per.Start) || !got.End.Equal(per.End) {
				t.Fatalf("coveredPeriod(%s, %q) = %v, not a period of the grid (%v)", g, s, per, got)
			}
			if back := periodName(g, per.Start); back != s {
				t.Fatalf("coveredPeriod(%s, %q) starts %v, which is named %q", g, s, per.Start, back)
			}
		}
	})
}
