package calendar

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// tzNames lists the zones of the system's tz database (propZones when it
// has none).
func tzNames(tb testing.TB) []string {
	root := "/usr/share/zoneinfo"
	var names []string
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		name, _ := filepath.Rel(root, p)
		if strings.ContainsAny(name[:1], "abcdefghijklmnopqrstuvwxyz+") || strings.HasPrefix(name, "posix") || strings.HasPrefix(name, "right") || strings.Contains(name, ".") {
			return nil
		}
		if _, err := time.LoadLocation(name); err == nil {
			names = append(names, name)
		}
		return nil
	})
	if len(names) == 0 {
		tb.Logf("no tz database under %s: checking propZones only", root)
		return propZones
	}
	return names
}

// TestZoneSegsMatchWalk checks zoneSegs (walk, then copy years by class)
// against zoneSegsWalk (the walk alone, the general form) over the ranges
// Parse and combine ask for, on every zone of the tz database.
func TestZoneSegsMatchWalk(t *testing.T) {
	names := tzNames(t)
	for _, must := range []string{"Europe/London", "Africa/Casablanca", "Australia/Lord_Howe", "Europe/Dublin", "America/Santiago"} {
		if !slices.Contains(names, must) {
			names = append(names, must)
		}
	}
	for _, name := range names {
		loc := mustLoad(t, name)
		for _, r := range [][2]int64{
			{horizonStart - buildMargin, horizonEnd + buildMargin},
			{horizonStart, horizonEnd},
		} {
			want := zoneSegsWalk(loc, r[0], r[1])
			got := zoneSegs(loc, r[0], r[1])
			if diff := cmp.Diff(want, got, cmp.AllowUnexported(zoneSeg{})); diff != "" {
				t.Errorf("zoneSegs(%s, %d, %d) (-walk +fast):\n%s", name, r[0], r[1], diff)
			}
		}
	}
}

// TestTrimSegs checks that trimming the wide segments Parse computes gives
// what zoneSegs answers for the horizon itself.
func TestTrimSegs(t *testing.T) {
	for _, name := range propZones {
		loc := mustLoad(t, name)
		wide := zoneSegsWalk(loc, horizonStart-buildMargin, horizonEnd+buildMargin)
		want := zoneSegsWalk(loc, horizonStart, horizonEnd)
		got := trimSegs(wide, horizonStart, horizonEnd)
		if diff := cmp.Diff(want, got, cmp.AllowUnexported(zoneSeg{})); diff != "" {
			t.Errorf("trimSegs(%s) (-walk +trimmed):\n%s", name, diff)
		}
	}
}

// BenchmarkZoneSegs measures finding Europe/London's offsets over the
// horizon: the walk alone and with years copied.
func BenchmarkZoneSegs(b *testing.B) {
	loc := mustLoad(b, "Europe/London")
	b.Run("impl=walk", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			zoneSegsWalk(loc, horizonStart, horizonEnd)
		}
	})
	b.Run("impl=fast", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			zoneSegs(loc, horizonStart, horizonEnd)
		}
	})
}
