package metric

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/slaeval/slaeval/calendar"
)

var propKinds = []string{"start", "pause", "resume", "stop", "reset", "note"}

// propSpec is a generic clock with three priority targets and a warning.
func propSpec(restart Restart, cal *calendar.Calendar) ClockSpec {
	s := generic(restart, wallTarget("", 4*time.Hour), wallTarget("urgent", time.Hour), wallTarget("low", 24*time.Hour))
	s.Calendar = cal
	s.Warnings = []Warning{{Percent: dec("75")}}
	return s
}

// genEvents draws a time-ordered event stream (equal instants allowed).
func genEvents(t *rapid.T) []Event {
	n := rapid.IntRange(0, 40).Draw(t, "n")
	at := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	prios := []string{"", "urgent", "low", "normal"}
	events := make([]Event, 0, n)
	for i := 0; i < n; i++ {
		at = at.Add(time.Duration(rapid.IntRange(0, 300).Draw(t, "gap")) * time.Minute)
		e := Event{Kind: rapid.SampledFrom(propKinds).Draw(t, "kind"), At: at}
		if p := rapid.SampledFrom(prios).Draw(t, "prio"); p != "" {
			e.Attrs = []Attr{{Key: "priority", Value: p}}
		}
		events = append(events, e)
	}
	return events
}

// checkAgainstRef applies events to the clock and the reference and checks
// they agree, plus the invariants.
func checkAgainstRef(t interface {
	Fatalf(string, ...any)
}, spec ClockSpec, events []Event, asOfGap time.Duration) {
	c, err := NewClock(spec)
	if err != nil {
		t.Fatalf("NewClock: %v", err)
	}
	ref := newRef(spec)
	var s ClockState
	for _, e := range events {
		step, err := c.Apply(&s, &e)
		if err != nil {
			t.Fatalf("Apply(%s at %v): %v", e.Kind, e.At, err)
		}
		ref.apply(e)
		if step.Closed {
			rc := ref.cur()
			if step.Effect == ResetBy {
				rc = &ref.cycles[len(ref.cycles)-2]
			}
			var want time.Duration
			for _, sp := range rc.spans {
				want += ref.cal.Between(sp.a, sp.b)
			}
			if step.Result.Elapsed != want {
				t.Fatalf("closed cycle %d elapsed = %v, want %v", step.Result.Cycle, step.Result.Elapsed, want)
			}
			if r := step.Result; r.HasTarget && (r.State == Breached) != (r.Elapsed > r.Target) {
				t.Fatalf("closed cycle %d: state %v with elapsed %v, target %v", r.Cycle, r.State, r.Elapsed, r.Target)
			}
		}
	}
	if len(events) == 0 {
		return
	}
	asOf := events[len(events)-1].At.Add(asOfGap)
	st := c.Status(s, asOf)
	if len(ref.cycles) == 0 {
		if st.State != NotStarted {
			t.Fatalf("state = %v, want notStarted", st.State)
		}
		return
	}
	if int(st.Cycle) != len(ref.cycles) {
		t.Fatalf("cycle = %d, want %d", st.Cycle, len(ref.cycles))
	}
	want := ref.elapsed(asOf)
	if st.Elapsed != want {
		t.Fatalf("elapsed at %v = %v, want %v", asOf, st.Elapsed, want)
	}
	if wall := asOf.Sub(st.Start); st.Elapsed > wall || st.Elapsed < 0 {
		t.Fatalf("elapsed %v outside [0, wall %v]", st.Elapsed, wall)
	}
	T, ok := ref.targetFor(ref.cur().start)
	if ok != st.HasTarget || T != st.Target {
		t.Fatalf("target = %v, %v, want %v, %v", st.Target, st.HasTarget, T, ok)
	}
	if ok {
		if (st.State == Breached) != (want > T) {
			t.Fatalf("state %v with elapsed %v and target %v", st.State, want, T)
		}
		if st.State == Breached {
			if r := ref.reached(T, asOf); !st.BreachAt.Equal(r) {
				t.Fatalf("breachAt = %v, want %v", st.BreachAt, r)
			}
		}
		if s.Phase == Running && want <= T {
			if !st.Due.IsZero() {
				// Running on: the reference reaches T at the due instant.
				probe := newRef(spec)
				for _, e := range events {
					probe.apply(e)
				}
				if got := probe.elapsed(st.Due); got != T {
					t.Fatalf("elapsed at due %v = %v, want %v", st.Due, got, T)
				}
			}
		}
	}
}

func TestClockMatchesReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		restart := Restart(rapid.IntRange(0, 2).Draw(t, "restart"))
		events := genEvents(t)
		gap := time.Duration(rapid.IntRange(0, 600).Draw(t, "asOfGap")) * time.Minute
		checkAgainstRef(t, propSpec(restart, nil), events, gap)
	})
}

func TestClockSnapshotAnySplit(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := MustClock(propSpec(Restart(rapid.IntRange(0, 2).Draw(t, "restart")), nil))
		events := genEvents(t)
		cut := rapid.IntRange(0, len(events)).Draw(t, "cut")
		var whole, part ClockState
		for _, e := range events {
			if _, err := c.Apply(&whole, &e); err != nil {
				t.Fatal(err)
			}
		}
		for _, e := range events[:cut] {
			if _, err := c.Apply(&part, &e); err != nil {
				t.Fatal(err)
			}
		}
		b, err := json.Marshal(part)
		if err != nil {
			t.Fatal(err)
		}
		var restored ClockState
		if err := json.Unmarshal(b, &restored); err != nil {
			t.Fatal(err)
		}
		for _, e := range events[cut:] {
			if _, err := c.Apply(&restored, &e); err != nil {
				t.Fatal(err)
			}
		}
		asOf := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
		if diff := cmp.Diff(c.Status(whole, asOf), c.Status(restored, asOf)); diff != "" {
			t.Fatalf("restored status (-want +got):\n%s", diff)
		}
	})
}

// --- merging ---

func genPeriod(t *rapid.T, label string) Period {
	if rapid.Bool().Draw(t, label+"zero") {
		return Period{}
	}
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	a := base.Add(time.Duration(rapid.IntRange(0, 1000).Draw(t, label+"a")) * time.Hour)
	return Period{a, a.Add(time.Duration(rapid.IntRange(0, 1000).Draw(t, label+"len")) * time.Hour)}
}

func genDec(t *rapid.T, label string) decimal.Decimal {
	return decimal.New(rapid.Int64Range(0, 1_000_000).Draw(t, label), -int32(rapid.IntRange(0, 4).Draw(t, label+"exp")))
}

func checkMergeLaws[A any](t *rapid.T, gen func(*rapid.T, string) A, merge func(A, A) A) {
	a, b, c := gen(t, "a"), gen(t, "b"), gen(t, "c")
	if diff := cmp.Diff(merge(a, b), merge(b, a)); diff != "" {
		t.Fatalf("Merge not commutative (-ab +ba):\n%s", diff)
	}
	if diff := cmp.Diff(merge(merge(a, b), c), merge(a, merge(b, c))); diff != "" {
		t.Fatalf("Merge not associative (-(ab)c +a(bc)):\n%s", diff)
	}
}

func TestMergeLaws(t *testing.T) {
	t.Run("Availability", func(t *testing.T) {
		rapid.Check(t, func(t *rapid.T) {
			checkMergeLaws(t, func(t *rapid.T, l string) Availability {
				return Availability{Period: genPeriod(t, l), Service: time.Duration(rapid.Int64Range(0, 1e15).Draw(t, l+"s")),
					Excluded: time.Duration(rapid.Int64Range(0, 1e12).Draw(t, l+"x")), Down: time.Duration(rapid.Int64Range(0, 1e12).Draw(t, l+"d")),
					Incidents: rapid.Int64Range(0, 100).Draw(t, l+"i")}
			}, Availability.Merge)
		})
	})
	t.Run("ErrorRate", func(t *testing.T) {
		rapid.Check(t, func(t *rapid.T) {
			checkMergeLaws(t, func(t *rapid.T, l string) ErrorRate {
				return ErrorRate{Period: genPeriod(t, l), Service: time.Duration(rapid.Int64Range(0, 1e12).Draw(t, l+"s")),
					Down: time.Duration(rapid.Int64Range(0, 1e12).Draw(t, l+"d2")), Slices: rapid.Int64Range(0, 1e6).Draw(t, l+"n"), Assessed: rapid.Int64Range(0, 1e6).Draw(t, l+"a"),
					DownSlices: rapid.Int64Range(0, 1e6).Draw(t, l+"d"), RateSum: genDec(t, l+"r")}
			}, ErrorRate.Merge)
		})
	})
	t.Run("Ratio", func(t *testing.T) {
		rapid.Check(t, func(t *rapid.T) {
			checkMergeLaws(t, func(t *rapid.T, l string) Ratio {
				return Ratio{Period: genPeriod(t, l), Met: rapid.Int64Range(0, 1e6).Draw(t, l+"m"),
					Breached: rapid.Int64Range(0, 1e6).Draw(t, l+"b"), Pending: rapid.Int64Range(0, 1e6).Draw(t, l+"p")}
			}, Ratio.Merge)
		})
	})
	t.Run("Volume", func(t *testing.T) {
		rapid.Check(t, func(t *rapid.T) {
			checkMergeLaws(t, func(t *rapid.T, l string) Volume {
				v := Volume{Period: genPeriod(t, l)}
				for i, n := 0, rapid.IntRange(0, 4).Draw(t, l+"n"); i < n; i++ {
					if v.Segments == nil {
						v.Segments = map[string]decimal.Decimal{}
					}
					x := genDec(t, l+"v")
					k := rapid.SampledFrom([]string{"", "A", "B", "C"}).Draw(t, l+"k")
					v.Segments[k] = v.Segments[k].Add(x)
					v.Total = v.Total.Add(x)
				}
				return v
			}, Volume.Merge)
		})
	})
	t.Run("Distribution", func(t *testing.T) {
		rapid.Check(t, func(t *rapid.T) {
			checkMergeLaws(t, func(t *rapid.T, l string) Distribution {
				d := Distribution{Period: genPeriod(t, l)}
				for i, n := 0, rapid.IntRange(0, 6).Draw(t, l+"n"); i < n; i++ {
					d.Add(genDec(t, l+"v"))
				}
				return d
			}, Distribution.Merge)
		})
	})
}

// TestMergeAnySplitEqualsWhole: events split at random between shards and
// aggregated per shard merge to the aggregate of all events.
func TestMergeAnySplitEqualsWhole(t *testing.T) {
	m, err := NewVolume(VolumeSpec{SegmentKey: "quality", Sum: true})
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 30).Draw(t, "n")
		shards := rapid.IntRange(1, 4).Draw(t, "shards")
		var whole Volume
		var wholeR Ratio
		var wholeD Distribution
		parts := make([]Volume, shards)
		partsR := make([]Ratio, shards)
		partsD := make([]Distribution, shards)
		for i := 0; i < n; i++ {
			e := Event{Kind: "lead", Value: genDec(t, "v"), HasValue: true,
				Attrs: []Attr{{Key: "quality", Value: rapid.SampledFrom([]string{"A", "B"}).Draw(t, "q")}}}
			st := rapid.SampledFrom([]State{NotStarted, InProgress, Met, Breached}).Draw(t, "state")
			k := rapid.IntRange(0, shards-1).Draw(t, "shard")
			if _, err := m.Add(&whole, e); err != nil {
				t.Fatal(err)
			}
			if _, err := m.Add(&parts[k], e); err != nil {
				t.Fatal(err)
			}
			wholeR.Add(st)
			partsR[k].Add(st)
			wholeD.Add(e.Value)
			partsD[k].Add(e.Value)
		}
		var v Volume
		var r Ratio
		var d Distribution
		for k := range parts {
			v, r, d = v.Merge(parts[k]), r.Merge(partsR[k]), d.Merge(partsD[k])
		}
		if diff := cmp.Diff(whole, v); diff != "" {
			t.Fatalf("volume (-whole +merged):\n%s", diff)
		}
		if diff := cmp.Diff(wholeR, r); diff != "" {
			t.Fatalf("ratio (-whole +merged):\n%s", diff)
		}
		if diff := cmp.Diff(wholeD, d); diff != "" {
			t.Fatalf("distribution (-whole +merged):\n%s", diff)
		}
	})
}

// TestAvailabilitySplitInTime: measuring two sub-periods split at an
// instant outside every downtime and exclusion and merging equals
// measuring the whole period.
func TestAvailabilitySplitInTime(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := Period{time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)}
		spec := AvailabilitySpec{MinDowntime: time.Duration(rapid.IntRange(0, 30).Draw(t, "min")) * time.Minute}
		var downs []Downtime
		var excl []Exclusion
		var occupied []refSpan
		for i, n := 0, rapid.IntRange(0, 8).Draw(t, "n"); i < n; i++ {
			a := p.Start.Add(time.Duration(rapid.IntRange(0, 43000).Draw(t, "a")) * time.Minute)
			b := a.Add(time.Duration(rapid.IntRange(0, 600).Draw(t, "len")) * time.Minute)
			occupied = append(occupied, refSpan{a, b})
			if rapid.Bool().Draw(t, "excl") {
				excl = append(excl, Exclusion{Period: Period{a, b}, Reason: "other"})
			} else {
				downs = append(downs, Downtime{Period: Period{a, b}})
			}
		}
		cut := p.Start.Add(time.Duration(rapid.IntRange(1, 43199).Draw(t, "cut")) * time.Minute)
		for _, o := range occupied {
			if !cut.Before(o.a) && !cut.After(o.b) {
				t.Skip("cut inside an interval")
			}
		}
		whole, err := spec.Measure(p, downs, excl)
		if err != nil {
			t.Fatal(err)
		}
		left, err := spec.Measure(Period{p.Start, cut}, downs, excl)
		if err != nil {
			t.Fatal(err)
		}
		right, err := spec.Measure(Period{cut, p.End}, downs, excl)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(whole.Availability, left.Availability.Merge(right.Availability)); diff != "" {
			t.Fatalf("split availability (-whole +merged):\n%s", diff)
		}
	})
}

// TestAvailabilityMatchesMinuteReference checks Measure against a
// minute-by-minute count on a 24×7 calendar with minute-aligned inputs.
func TestAvailabilityMatchesMinuteReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := Period{time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 2, 0, 0, 0, 0, time.UTC)}
		minutes := 24 * 60
		min := rapid.IntRange(0, 20).Draw(t, "min")
		spec := AvailabilitySpec{MinDowntime: time.Duration(min) * time.Minute}
		isDown := make([]bool, minutes+600)
		isExcl := make([]bool, minutes+600)
		var downs []Downtime
		var excl []Exclusion
		for i, n := 0, rapid.IntRange(0, 6).Draw(t, "n"); i < n; i++ {
			a := rapid.IntRange(0, minutes).Draw(t, "a")
			l := rapid.IntRange(0, 120).Draw(t, "len")
			per := Period{p.Start.Add(time.Duration(a) * time.Minute), p.Start.Add(time.Duration(a+l) * time.Minute)}
			mark := isDown
			if rapid.Bool().Draw(t, "excl") {
				mark = isExcl
				excl = append(excl, Exclusion{Period: per})
			} else {
				downs = append(downs, Downtime{Period: per})
			}
			for m := a; m < a+l; m++ {
				mark[m] = true
			}
		}
		wantDown, wantExcl := refMinuteDowntime(isDown, isExcl, min, minutes)
		r, err := spec.Measure(p, downs, excl)
		if err != nil {
			t.Fatal(err)
		}
		if r.Down != time.Duration(wantDown)*time.Minute || r.Excluded != time.Duration(wantExcl)*time.Minute {
			t.Fatalf("down %v excluded %v, want %dm %dm", r.Down, r.Excluded, wantDown, wantExcl)
		}
	})
}

// refMinuteDowntime is the minute-by-minute reference of a downtime
// measurement: a minute is down-after-exclusions when it is down and not
// excluded; runs of consecutive such minutes (over the whole horizon, not
// clipped to the first measured minutes) count when at least min long.
// It returns the counted down minutes and the excluded minutes among the
// first measured.
func refMinuteDowntime(isDown, isExcl []bool, min, measured int) (down, excl int) {
	left := func(m int) bool { return isDown[m] && !isExcl[m] }
	for m := 0; m < len(isDown); {
		if !left(m) {
			m++
			continue
		}
		e := m
		for e < len(isDown) && left(e) {
			e++
		}
		if e-m >= min {
			for k := m; k < e && k < measured; k++ {
				down++
			}
		}
		m = e
	}
	for m := 0; m < measured; m++ {
		if isExcl[m] {
			excl++
		}
	}
	return down, excl
}

var _ = slices.Sort[[]int]

// TestPropMinDowntimeFormsAgree: the same excluded minutes stated as
// downtime with an excluded cause, as exclusion spans, or as maintenance
// announced in time give the same measurement, and it equals the
// minute-by-minute reference (runs of consecutive down, not excluded
// minutes at least the minimum long count).
func TestPropMinDowntimeFormsAgree(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		start := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
		const horizon, measured = 600, 480 // minutes; runs may cross the period's end
		p := Period{start, start.Add(measured * time.Minute)}
		min := rapid.IntRange(0, 30).Draw(t, "min")
		isDown := make([]bool, horizon)
		isExcl := make([]bool, horizon)
		mark := func(set []bool, label string) {
			for i, n := 0, rapid.IntRange(0, 5).Draw(t, label+"s"); i < n; i++ {
				a := rapid.IntRange(0, horizon-1).Draw(t, label+"Start")
				l := rapid.IntRange(0, 60).Draw(t, label+"Len")
				for m := a; m < a+l && m < horizon; m++ {
					set[m] = true
				}
			}
		}
		mark(isDown, "down")
		mark(isExcl, "excl")
		minute := func(m int) time.Time { return start.Add(time.Duration(m) * time.Minute) }
		// runs are the maximal runs of minutes where f holds.
		runs := func(f func(m int) bool) []Period {
			var out []Period
			for m := 0; m < horizon; {
				if !f(m) {
					m++
					continue
				}
				e := m
				for e < horizon && f(e) {
					e++
				}
				out = append(out, Period{minute(m), minute(e)})
				m = e
			}
			return out
		}
		downs := runs(func(m int) bool { return isDown[m] })
		excls := runs(func(m int) bool { return isExcl[m] })
		spec := AvailabilitySpec{MinDowntime: time.Duration(min) * time.Minute, ExcludedCauses: []string{"customer"}, MinNotice: time.Hour}

		// By cause: each record has one cause, as a host would send them.
		var byCause []Downtime
		for _, r := range runs(func(m int) bool { return isDown[m] && !isExcl[m] }) {
			byCause = append(byCause, Downtime{Period: r})
		}
		for _, r := range excls {
			byCause = append(byCause, Downtime{Period: r, Cause: "customer"})
		}
		var asDown []Downtime
		for _, r := range downs {
			asDown = append(asDown, Downtime{Period: r})
		}
		var spans, maint []Exclusion
		for _, r := range excls {
			spans = append(spans, Exclusion{Period: r, Reason: "other"})
			maint = append(maint, Exclusion{Period: r, Reason: ReasonMaintenance, Announced: r.Start.Add(-2 * time.Hour)})
		}
		forms := []struct {
			name string
			down []Downtime
			excl []Exclusion
		}{{"cause", byCause, nil}, {"span", asDown, spans}, {"maintenance", asDown, maint}}
		wantDown, wantExcl := refMinuteDowntime(isDown, isExcl, min, measured)
		var first AvailabilityResult
		for i, f := range forms {
			r, err := spec.Measure(p, f.down, f.excl)
			if err != nil {
				t.Fatal(err)
			}
			if r.Down != time.Duration(wantDown)*time.Minute || r.Excluded != time.Duration(wantExcl)*time.Minute {
				t.Fatalf("%s: Measure = down %v excluded %v, want %dm %dm", f.name, r.Down, r.Excluded, wantDown, wantExcl)
			}
			if i == 0 {
				first = r
				continue
			}
			if diff := cmp.Diff(first.Availability, r.Availability); diff != "" {
				t.Fatalf("%s against cause (-cause +%s):\n%s", f.name, f.name, diff)
			}
			if diff := cmp.Diff(first.Counted, r.Counted); diff != "" {
				t.Fatalf("%s: counted periods (-cause +%s):\n%s", f.name, f.name, diff)
			}
			if diff := cmp.Diff(first.Short, r.Short); diff != "" {
				t.Fatalf("%s: short periods (-cause +%s):\n%s", f.name, f.name, diff)
			}
		}
	})
}

// TestPropClockNextChangeOncePerChange: after a random stream, following
// Clock.NextChange from the last event shows, at every instant it returns,
// a visible change of the status (its state, or how many warnings have
// been reached) and none at the instants between: the neighbours of each
// answer, the due instant and the warning instants with theirs, and a
// random one. A change to breached happens where the reference's elapsed
// time first exceeds the target. On 24×7 and on a Mon–Fri 08:00–18:00
// calendar, where a due instant at closing flips at the next opening.
func TestPropClockNextChangeOncePerChange(t *testing.T) {
	office, err := calendar.Parse("Mon-Fri 08:00-18:00", time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		cal := rapid.SampledFrom([]*calendar.Calendar{nil, office}).Draw(t, "calendar")
		spec := propSpec(Restart(rapid.IntRange(0, 2).Draw(t, "restart")), cal)
		spec.Warnings = append(spec.Warnings, Warning{Before: 30 * time.Minute})
		c := MustClock(spec)
		events := genEvents(t)
		if len(events) == 0 {
			return
		}
		var s ClockState
		ref := newRef(spec)
		for _, e := range events {
			if _, err := c.Apply(&s, &e); err != nil {
				t.Fatal(err)
			}
			ref.apply(e)
		}
		type view struct {
			state  State
			warned int
		}
		seen := func(at time.Time) view {
			st := c.Status(s, at)
			v := view{state: st.State}
			for _, w := range st.Warnings {
				if !w.IsZero() && !w.After(at) {
					v.warned++
				}
			}
			return v
		}
		w := events[len(events)-1].At
		for n := 0; ; n++ {
			if n > 10 {
				t.Fatalf("more than 10 changes after %v", events[len(events)-1].At)
			}
			next, ok := c.NextChange(s, w)
			end := w.Add(30 * 24 * time.Hour)
			if ok {
				end = next
			}
			prev := seen(w)
			st := c.Status(s, w)
			probes := []time.Time{w.Add(1), end.Add(-1), st.Due.Add(-1), st.Due, st.Due.Add(1)}
			for _, x := range st.Warnings {
				probes = append(probes, x.Add(-1), x, x.Add(1))
			}
			if span := end.Sub(w); span > 2 {
				probes = append(probes, w.Add(time.Duration(rapid.Int64Range(1, int64(span)-1).Draw(t, "probe"))))
			}
			for _, x := range probes {
				if x.After(w) && x.Before(end) && seen(x) != prev {
					t.Fatalf("status changed at %v, between %v and the next change %v: %v → %v", x, w, end, prev, seen(x))
				}
			}
			if !ok {
				return
			}
			now := seen(next)
			if now == prev {
				t.Fatalf("NextChange(%v) = %v, where nothing changes (%v)", w, next, now)
			}
			if now.state == Breached && prev.state != Breached {
				T, _ := ref.targetFor(ref.cur().start)
				if ref.elapsed(next) <= T || ref.elapsed(next.Add(-1)) > T {
					t.Fatalf("breached at %v: reference elapsed there %v, a nanosecond before %v, target %v",
						next, ref.elapsed(next), ref.elapsed(next.Add(-1)), T)
				}
			}
			w = next
		}
	})
}
