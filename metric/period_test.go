package metric

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/period"
)

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("LoadLocation(%q): %v", name, err)
	}
	return loc
}

func TestGridAt(t *testing.T) {
	london := mustLoad(t, "Europe/London")
	lt := func(s string) time.Time {
		x, err := time.ParseInLocation("2006-01-02 15:04", s, london)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	tests := []struct {
		name    string
		iso     string
		loc     *time.Location
		t       time.Time
		want    Period
		wantLen time.Duration
	}{
		{"ISO week (Wednesday)", "P1W", time.UTC, at("2026-03-04 15:00"), Period{at("2026-03-02"), at("2026-03-09")}, 168 * time.Hour},
		{"ISO week across new year", "P7D", time.UTC, at("2026-01-01 00:00"), Period{at("2025-12-29"), at("2026-01-05")}, 168 * time.Hour},
		{"week starts Monday 00:00", "P1W", time.UTC, at("2026-03-02 00:00"), Period{at("2026-03-02"), at("2026-03-09")}, 168 * time.Hour},
		{"March in London is 743 h", "P1M", london, lt("2026-03-15 12:00"), Period{lt("2026-03-01 00:00"), lt("2026-04-01 00:00")}, 743 * time.Hour},
		{"October in London is 745 h", "P1M", london, lt("2026-10-31 23:59"), Period{lt("2026-10-01 00:00"), lt("2026-11-01 00:00")}, 745 * time.Hour},
		{"February 2028 (leap)", "P1M", time.UTC, at("2028-02-29 12:00"), Period{at("2028-02-01"), at("2028-03-01")}, 29 * 24 * time.Hour},
		{"quarter", "P3M", time.UTC, at("2026-05-20"), Period{at("2026-04-01"), at("2026-07-01")}, 91 * 24 * time.Hour},
		{"year as P12M", "P12M", time.UTC, at("2026-12-31 23:59"), Period{at("2026-01-01"), at("2027-01-01")}, 365 * 24 * time.Hour},
		{"day", "P1D", time.UTC, at("2026-03-04 15:00"), Period{at("2026-03-04"), at("2026-03-05")}, 24 * time.Hour},
		{"month in UTC seen from London midnight", "P1M", time.UTC, lt("2026-07-01 00:30"), Period{at("2026-06-01"), at("2026-07-01")}, 30 * 24 * time.Hour},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, err := ParseGrid(tc.iso, tc.loc)
			if err != nil {
				t.Fatal(err)
			}
			got := g.At(tc.t)
			if !got.Start.Equal(tc.want.Start) || !got.End.Equal(tc.want.End) {
				t.Errorf("At(%v) = [%v, %v), want [%v, %v)", tc.t, got.Start, got.End, tc.want.Start, tc.want.End)
			}
			if got.Duration() != tc.wantLen {
				t.Errorf("At(%v) lasts %v, want %v", tc.t, got.Duration(), tc.wantLen)
			}
		})
	}
}

func TestGridMidnightInDSTGap(t *testing.T) {
	// São Paulo started DST at midnight on 2018-11-04: 00:00 jumped to
	// 01:00 (-03 → -02). That day begins at the end of the gap, 01:00 local
	// = 03:00 UTC, and lasts 23 h.
	sp := mustLoad(t, "America/Sao_Paulo")
	g, err := NewGrid(Day, sp)
	if err != nil {
		t.Fatal(err)
	}
	got := g.At(time.Date(2018, 11, 4, 15, 0, 0, 0, time.UTC))
	if want := time.Date(2018, 11, 4, 3, 0, 0, 0, time.UTC); !got.Start.Equal(want) {
		t.Errorf("day start = %v, want %v", got.Start.UTC(), want)
	}
	if got.Duration() != 23*time.Hour {
		t.Errorf("day length = %v, want 23h", got.Duration())
	}
	// The previous day ends where this one starts.
	prev := g.At(time.Date(2018, 11, 4, 2, 59, 0, 0, time.UTC))
	if !prev.End.Equal(got.Start) {
		t.Errorf("previous day ends %v, want %v", prev.End.UTC(), got.Start.UTC())
	}
}

func TestGridPeriods(t *testing.T) {
	g, err := NewGrid(Month, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := slices.Collect(g.Periods(at("2026-01-15"), at("2026-03-01")))
	want := []Period{{at("2026-01-01"), at("2026-02-01")}, {at("2026-02-01"), at("2026-03-01")}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Periods mismatch (-want +got):\n%s", diff)
	}
	if n := len(slices.Collect(g.Periods(at("2026-03-01"), at("2026-03-01")))); n != 0 {
		t.Errorf("Periods of an empty range yields %d, want 0", n)
	}
}

func TestParseGridErrors(t *testing.T) {
	for _, iso := range []string{"P2M", "P30D", "PT1H", "P1M1D", "P0D", "P-1M", "garbage", "", "P1.5M"} {
		if _, err := ParseGrid(iso, nil); !errors.Is(err, ErrUnknownPeriod) {
			t.Errorf("ParseGrid(%q) error = %v, want ErrUnknownPeriod", iso, err)
		}
	}
	if _, err := NewGrid(Grain(42), nil); !errors.Is(err, ErrUnknownPeriod) {
		t.Errorf("NewGrid(42) error = %v, want ErrUnknownPeriod", err)
	}
	var zero Grid
	if zero.IsValid() || !zero.At(at("2026-01-01")).IsZero() {
		t.Errorf("zero Grid: valid %v, At non-zero", zero.IsValid())
	}
}

func TestWindowEnding(t *testing.T) {
	london := mustLoad(t, "Europe/London")
	tests := []struct {
		iso       string
		loc       *time.Location
		end, want time.Time
	}{
		{"P28D", time.UTC, at("2026-03-01"), at("2026-02-01")},
		{"P12M", time.UTC, at("2026-04-01"), at("2025-04-01")},
		{"P1Y", time.UTC, at("2028-03-01"), at("2027-03-01")},
		{"P4W", time.UTC, at("2026-03-30"), at("2026-03-02")},
		// Across the March DST change: the end is 2 April 00:00 BST; 7 days
		// back is 26 March 00:00 GMT, 167 h earlier, not 168 h.
		{"P7D", london, time.Date(2026, 4, 1, 23, 0, 0, 0, time.UTC), time.Date(2026, 3, 26, 0, 0, 0, 0, time.UTC)},
		// The month-end rule (DESIGN.md, "Periods"): one month before 31
		// March 2026 is 28 February (time.AddDate: 3 March); one year
		// before 29 February 2028 is 28 February 2027 (AddDate: 1 March).
		{"P1M", time.UTC, at("2026-03-31"), at("2026-02-28")},
		{"P1Y", time.UTC, at("2028-02-29"), at("2027-02-28")},
	}
	for _, tc := range tests {
		w, err := ParseWindow(tc.iso, tc.loc)
		if err != nil {
			t.Fatal(err)
		}
		if got := w.Ending(tc.end); !got.Start.Equal(tc.want) || !got.End.Equal(tc.end) {
			t.Errorf("%s.Ending(%v) = [%v, %v), want [%v, %v)", tc.iso, tc.end, got.Start, got.End, tc.want, tc.end)
		}
	}
	for _, iso := range []string{"PT1H", "P1DT1H", "P0D", "x"} {
		if _, err := ParseWindow(iso, nil); !errors.Is(err, ErrUnknownPeriod) {
			t.Errorf("ParseWindow(%q) error = %v, want ErrUnknownPeriod", iso, err)
		}
	}
	if _, err := NewWindow(period.MustParse("P3M"), nil); err != nil {
		t.Errorf("NewWindow(P3M): %v", err)
	}
}
