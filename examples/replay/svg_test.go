package main

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/slaeval/slaeval/metric"
)

func TestAvailSpans(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 2, 3, h, 0, 0, 0, time.UTC) }
	// Down at 10:00 (nothing counted yet), up at 12:00 (2 h counted); a
	// window from 14:00 to 16:00 excludes 2 h, seen at its end.
	ss := []availSample{
		{at: at(0)},
		{at: at(10)},
		{at: at(12), down: 2 * time.Hour},
		{at: at(14), down: 2 * time.Hour},
		{at: at(16), down: 2 * time.Hour, excluded: 2 * time.Hour},
	}
	want := []span{{at(10), at(12), false}, {at(14), at(16), true}}
	if diff := cmp.Diff(want, availSpans(ss), cmp.AllowUnexported(span{})); diff != "" {
		t.Errorf("availSpans (-want +got):\n%s", diff)
	}
}

// TestSaaSFebruarySpans: February of the SaaS seed, as internal/gen wrote
// it (New York time): a counted outage Tue 3 Feb 10:00–12:00, the
// maintenance Sun 15 Feb 02:00–04:00 excluded (announced 14 days ahead,
// inside the Sunday window), and the 30 s blip of 20 Feb not counted (under
// the 1 min minimum); the announced window is drawn too.
func TestSaaSFebruarySpans(t *testing.T) {
	s, _ := seedNamed("saas-credits")
	res, err := evaluate(options{seed: s}, strings.NewReader(""), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	at := func(d, h int) time.Time { return time.Date(2026, 2, d, h, 0, 0, 0, ny) }
	feb := metric.Period{Start: at(1, 0), End: time.Date(2026, 3, 1, 0, 0, 0, 0, ny)}
	var got []span
	for _, sp := range availSpans(samplesOf(res.avail["uptime"], feb)) {
		got = append(got, span{sp.from.In(ny), sp.to.In(ny), sp.excluded})
	}
	want := []span{{at(3, 10), at(3, 12), false}, {at(15, 2), at(15, 4), true}}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(span{})); diff != "" {
		t.Errorf("February spans (-want +got):\n%s", diff)
	}
	found := false
	for _, w := range res.windows {
		found = found || (w.from.Equal(at(15, 2)) && w.to.Equal(at(15, 4)) && w.announced.Equal(at(1, 12)))
	}
	if !found {
		t.Errorf("windows = %v, want Sun 15 Feb 02:00–04:00 announced Sun 1 Feb 12:00", res.windows)
	}
}
