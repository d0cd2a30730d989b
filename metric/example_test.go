package metric_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/calendar"
	"github.com/slaeval/slaeval/metric"
)

func mustTime(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

func hoursTarget(value string, h int) metric.Target {
	return metric.Target{Value: value, Span: calendar.Span{Unit: calendar.BusinessTime, Duration: time.Duration(h) * time.Hour}}
}

// A first reply clock with a target per priority, advanced event by event.
func ExampleClock_Apply() {
	c, err := metric.NewClock(metric.FirstReplyTime(nil, hoursTarget("normal", 8), hoursTarget("urgent", 1)))
	if err != nil {
		fmt.Println(err)
		return
	}
	var s metric.ClockState // the zero state: not started
	events := []metric.Event{
		{Kind: metric.KindCreated, At: mustTime("2026-03-02 09:00"), Attrs: []metric.Attr{{Key: metric.AttrPriority, Value: "urgent"}}},
		{Kind: metric.KindComment, At: mustTime("2026-03-02 09:40"), Attrs: []metric.Attr{{Key: metric.AttrAuthor, Value: metric.AuthorAgent}, {Key: metric.AttrPublic, Value: "true"}}},
	}
	for _, e := range events {
		step, err := c.Apply(&s, &e)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(step.Effect)
		if step.Closed {
			fmt.Println(step.Result.State, step.Result.Elapsed, "of", step.Result.Target)
		}
	}
	// Output:
	// started
	// stopped
	// met 40m0s of 1h0m0s
}

// A host that keeps only the state advances it and reads verdicts from
// Status: the same first reply clock as in the Apply example.
func ExampleClock_Advance() {
	c, err := metric.NewClock(metric.FirstReplyTime(nil, hoursTarget("normal", 8), hoursTarget("urgent", 1)))
	if err != nil {
		fmt.Println(err)
		return
	}
	var s metric.ClockState
	events := []metric.Event{
		{Kind: metric.KindCreated, At: mustTime("2026-03-02 09:00"), Attrs: []metric.Attr{{Key: metric.AttrPriority, Value: "urgent"}}},
		{Kind: metric.KindComment, At: mustTime("2026-03-02 09:40"), Attrs: []metric.Attr{{Key: metric.AttrAuthor, Value: metric.AuthorAgent}, {Key: metric.AttrPublic, Value: "true"}}},
	}
	for _, e := range events {
		effect, err := c.Advance(&s, &e)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(effect)
	}
	st := c.Status(s, mustTime("2026-03-02 12:00"))
	fmt.Println(st.State, st.Elapsed, "of", st.Target)
	// Output:
	// started
	// stopped
	// met 40m0s of 1h0m0s
}

// Status and the next instant at which it changes, for a host's timer.
func ExampleClock_Status() {
	spec := metric.FullResolutionTime(nil, hoursTarget("", 4))
	spec.Warnings = []metric.Warning{{Percent: decimal.NewFromInt(75)}}
	c := metric.MustClock(spec)
	var s metric.ClockState
	if _, err := c.Apply(&s, &metric.Event{Kind: metric.KindCreated, At: mustTime("2026-03-02 09:00")}); err != nil {
		fmt.Println(err)
		return
	}
	st := c.Status(s, mustTime("2026-03-02 10:00"))
	fmt.Println(st.State, st.Elapsed, st.Remaining, st.Due.Format("15:04"), st.Warnings[0].Format("15:04"))
	next, _ := c.NextChange(s, mustTime("2026-03-02 10:00"))
	fmt.Println("next change", next.Format("15:04"))
	st = c.Status(s, mustTime("2026-03-02 14:30"))
	fmt.Println(st.State, "at", st.BreachAt.Format("15:04"))
	// Output:
	// inProgress 1h0m0s 3h0m0s 13:00 12:00
	// next change 12:00
	// breached at 13:00
}

// A clock built from conditions rather than a preset.
func ExampleNewClock() {
	c, err := metric.NewClock(metric.ClockSpec{
		Name:  "time_to_triage",
		Start: []metric.Condition{{Kinds: []string{"issue.opened"}}},
		Pause: []metric.Condition{{Attrs: []metric.AttrTest{{Key: "status", Op: metric.Equals, Values: []string{"waiting"}}}}},
		Resume: []metric.Condition{{Attrs: []metric.AttrTest{
			{Key: "status", Op: metric.Present},
			{Key: "status", Op: metric.NotIn, Values: []string{"waiting"}},
		}}},
		Stop:    []metric.Condition{{Kinds: []string{"issue.labelled"}}},
		Targets: []metric.Target{hoursTarget("", 2)},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	var s metric.ClockState
	for _, e := range []metric.Event{
		{Kind: "issue.opened", At: mustTime("2026-03-02 09:00")},
		{Kind: "issue.updated", At: mustTime("2026-03-02 09:30"), Attrs: []metric.Attr{{Key: "status", Value: "waiting"}}},
		{Kind: "issue.updated", At: mustTime("2026-03-02 11:30"), Attrs: []metric.Attr{{Key: "status", Value: "open"}}},
		{Kind: "issue.labelled", At: mustTime("2026-03-02 12:00")},
	} {
		if _, err := c.Apply(&s, &e); err != nil {
			fmt.Println(err)
			return
		}
	}
	st := c.Status(s, mustTime("2026-03-02 12:00"))
	fmt.Println(st.State, st.Elapsed)
	// Output: met 1h0m0s
}

// The Atlassian Cloud example: 60 minutes down in a 30-day month.
func ExampleAvailabilitySpec_Measure() {
	april := metric.Period{Start: mustTime("2026-04-01 00:00"), End: mustTime("2026-05-01 00:00")}
	r, err := metric.AvailabilitySpec{}.Measure(april,
		[]metric.Downtime{{Period: metric.Period{Start: mustTime("2026-04-10 10:00"), End: mustTime("2026-04-10 11:00")}}},
		nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	pct, _ := r.Attainment()
	fmt.Println(r.Service.Minutes(), r.Down.Minutes(), pct.Round(2))
	// Output: 43200 60 99.86
}

// Error-rate slicing: a minute exactly at the 5% threshold is up.
func ExampleErrorRateSpec_Measure() {
	hour := metric.Period{Start: mustTime("2026-04-10 10:00"), End: mustTime("2026-04-10 11:00")}
	spec := metric.ErrorRateSpec{Slice: time.Minute, Threshold: decimal.NewFromInt(5), MinRequests: 10}
	r, err := spec.Measure(hour, []metric.SliceCount{
		{Start: mustTime("2026-04-10 10:00"), Total: 100, Failed: 5},
		{Start: mustTime("2026-04-10 10:01"), Total: 100, Failed: 6},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	up, _ := r.Uptime()
	avg, _ := r.AverageUptime()
	fmt.Println(r.DownSlices, up.StringFixed(4), avg.StringFixed(4))
	// Output: 1 98.3333 99.8167
}

// Google Cloud's wording: a minute with more than 10% errors is bad, and
// only ten consecutive bad minutes are downtime. Minute 10:04 is excluded
// (customer-caused), so 10:00-10:04 and 10:05-10:15 are separate runs:
// only the 10-minute run counts.
func ExampleErrorRateSpec_MeasureExcluding() {
	hour := metric.Period{Start: mustTime("2026-04-10 10:00"), End: mustTime("2026-04-10 11:00")}
	spec := metric.ErrorRateSpec{Slice: time.Minute, Threshold: decimal.NewFromInt(10), MinDowntime: 10 * time.Minute}
	var counts []metric.SliceCount
	for i := range 15 {
		counts = append(counts, metric.SliceCount{Start: hour.Start.Add(time.Duration(i) * time.Minute), Total: 10, Failed: 5})
	}
	excl := []metric.Period{{Start: mustTime("2026-04-10 10:04"), End: mustTime("2026-04-10 10:05")}}
	r, err := spec.MeasureExcluding(hour, counts, excl)
	if err != nil {
		fmt.Println(err)
		return
	}
	up, _ := r.Uptime()
	fmt.Println(r.DownSlices, r.Short, r.Excluded, up.StringFixed(4))
	// Output: 10 4 1 83.0508
}

// Leads per quality level against monthly targets.
func ExampleVolumeMetric_Judge() {
	m, err := metric.NewVolume(metric.VolumeSpec{
		Match:      []metric.Condition{{Kinds: []string{"lead"}}},
		SegmentKey: "quality",
		Targets: []metric.VolumeTarget{
			{Bound: metric.AtLeast, Value: decimal.NewFromInt(3)},
			{Segment: "A", Bound: metric.AtLeast, Value: decimal.NewFromInt(2)},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	var v metric.Volume
	for _, q := range []string{"A", "B", "B", "B"} {
		if _, err := m.Add(&v, metric.Event{Kind: "lead", Attrs: []metric.Attr{{Key: "quality", Value: q}}}); err != nil {
			fmt.Println(err)
			return
		}
	}
	for _, r := range m.Judge(v) {
		fmt.Printf("%q %s %s met=%v short=%s\n", r.Target.Segment, r.Target.Bound, r.Value, r.Met, r.Shortfall)
	}
	// Output:
	// "" atLeast 4 met=true short=0
	// "A" atLeast 1 met=false short=1
}

// Share of tickets resolved in time; pending tickets are not counted.
func ExampleRatioSpec_Judge() {
	var r metric.Ratio
	for _, s := range []metric.State{metric.Met, metric.Met, metric.Met, metric.Breached, metric.InProgress} {
		r.Add(s)
	}
	pct, _ := r.Attainment()
	spec := metric.RatioSpec{Target: decimal.NewFromInt(75), MinCount: 4}
	fmt.Println(pct.StringFixed(2), spec.Judge(r))
	// Output: 75.00 achieved
}

// Nearest-rank percentiles.
func ExampleDistribution_Percentile() {
	var d metric.Distribution
	for _, ms := range []int64{15, 20, 35, 40, 50} {
		d.Add(decimal.NewFromInt(ms))
	}
	p30, _ := d.Percentile(decimal.NewFromInt(30))
	p50, _ := d.Percentile(decimal.NewFromInt(50))
	fmt.Println(p30, p50)
	// Output: 20 35
}

// An invoice to be paid within 30 days of issue.
func ExampleDeadline_Judge() {
	d, err := metric.NewDeadline(metric.DeadlineSpec{Within: calendar.Span{Unit: calendar.WallTime, Duration: 30 * 24 * time.Hour}})
	if err != nil {
		fmt.Println(err)
		return
	}
	st := d.Judge(mustTime("2026-04-01 00:00"), mustTime("2026-05-03 00:00"), mustTime("2026-06-01 00:00"))
	fmt.Println(st.State, st.Due.Format("2006-01-02"), st.Late)
	// Output: missed 2026-05-01 48h0m0s
}

// Merging partial aggregates from two shards.
func ExampleAvailability_Merge() {
	a := metric.Availability{Service: 100 * time.Hour, Down: time.Hour}
	b := metric.Availability{Service: 100 * time.Hour, Excluded: 2 * time.Hour}
	pct, _ := a.Merge(b).Attainment()
	fmt.Println(pct.StringFixed(4))
	// Output: 99.4949
}

// Calendar months in a time zone: P1M is a calendar month.
func ExampleParseGrid() {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		fmt.Println(err)
		return
	}
	g, err := metric.ParseGrid("P1M", london)
	if err != nil {
		fmt.Println(err)
		return
	}
	// 2026-03-31 23:00 UTC is 1 April 00:00 in London (BST): April is not
	// included.
	for p := range g.Periods(mustTime("2026-02-15 00:00"), mustTime("2026-03-31 23:00")) {
		fmt.Println(p.Start.Format("2006-01-02"), p.Duration())
	}
	// Output:
	// 2026-02-01 672h0m0s
	// 2026-03-01 743h0m0s
}

// The last 12 months before a month boundary.
func ExampleWindow_Ending() {
	w, err := metric.ParseWindow("P12M", time.UTC)
	if err != nil {
		fmt.Println(err)
		return
	}
	p := w.Ending(mustTime("2026-04-01 00:00"))
	fmt.Println(p.Start.Format("2006-01-02"), p.End.Format("2006-01-02"))
	// Output: 2025-04-01 2026-04-01
}
