package metric_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/calendar"
	"github.com/slaeval/slaeval/metric"
)

// A warning one business hour before due, on Mon–Fri 08–18: a 4 h target
// for a ticket created Monday 17:00 is due Tuesday 11:00, and the warning
// fires Tuesday 10:00, not overnight.
func ExampleClock_NextChange() {
	office, err := calendar.Parse("Mon-Fri 08:00-18:00", time.UTC)
	if err != nil {
		fmt.Println(err)
		return
	}
	spec := metric.FirstReplyTime(office, hoursTarget("", 4))
	spec.Warnings = []metric.Warning{{Before: time.Hour}}
	c := metric.MustClock(spec)
	var s metric.ClockState
	if _, err := c.Apply(&s, &metric.Event{Kind: metric.KindCreated, At: mustTime("2026-03-02 17:00")}); err != nil {
		fmt.Println(err)
		return
	}
	for t := mustTime("2026-03-02 17:00"); ; {
		next, ok := c.NextChange(s, t)
		if !ok {
			break
		}
		fmt.Println(next.Format("Mon 15:04:05.000000000"), c.Status(s, next).State)
		t = next
	}
	// Output:
	// Tue 10:00:00.000000000 inProgress
	// Tue 11:00:00.000000001 breached
}

// The requester wait time preset excludes pending time.
func ExampleRequesterWaitTime() {
	c := metric.MustClock(metric.RequesterWaitTime(nil))
	var s metric.ClockState
	status := func(at, st string) metric.Event {
		return metric.Event{Kind: metric.KindUpdated, At: mustTime(at), Attrs: []metric.Attr{{Key: metric.AttrStatus, Value: st}}}
	}
	for _, e := range []metric.Event{
		{Kind: metric.KindCreated, At: mustTime("2026-03-02 09:00")},
		status("2026-03-02 10:00", metric.StatusPending),
		status("2026-03-02 15:00", metric.StatusOpen),
		status("2026-03-02 16:00", metric.StatusSolved),
	} {
		if _, err := c.Apply(&s, &e); err != nil {
			fmt.Println(err)
			return
		}
	}
	fmt.Println(c.Status(s, mustTime("2026-03-02 18:00")).Elapsed)
	// Output: 2h0m0s
}

// Down and up events become downtime spans.
func ExampleDowntimeFromEvents() {
	spans, err := metric.DowntimeFromEvents([]metric.Event{
		{Kind: "probe.failed", At: mustTime("2026-04-10 10:00"), Attrs: []metric.Attr{{Key: "cause", Value: "network"}}},
		{Kind: "probe.ok", At: mustTime("2026-04-10 10:25")},
	}, []metric.Condition{{Kinds: []string{"probe.failed"}}}, []metric.Condition{{Kinds: []string{"probe.ok"}}},
		"cause", mustTime("2026-05-01 00:00"))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range spans {
		fmt.Println(d.Duration(), d.Cause)
	}
	// Output: 25m0s network
}

// An availability objective judged exactly: 99.9% itself is not below 99.9.
func ExampleAvailability_Judge() {
	a := metric.Availability{Service: 43200 * time.Minute, Down: 43*time.Minute + 12*time.Second}
	fmt.Println(a.Judge(decimal.RequireFromString("99.9")), a.Judge(decimal.RequireFromString("99.95")))
	// Output: achieved missed
}

// p95 latency under 200 ms.
func ExamplePercentileSpec_Judge() {
	var d metric.Distribution
	for ms := int64(10); ms <= 200; ms += 10 {
		d.Add(decimal.NewFromInt(ms))
	}
	v, p95, err := metric.PercentileSpec{Percentile: decimal.NewFromInt(95), Bound: metric.AtMost, Limit: decimal.NewFromInt(200)}.Judge(d)
	fmt.Println(v, p95, err)
	// Output: achieved 190 <nil>
}

// A monthly report due 10 business days (of 10 h) after the month ends,
// with Good Friday and Easter Monday closed.
func ExampleNewDeadline() {
	cal, err := calendar.Parse("Mon-Fri 08:00-18:00", time.UTC,
		calendar.Holidays(date.New(2026, time.April, 3), date.New(2026, time.April, 6)))
	if err != nil {
		fmt.Println(err)
		return
	}
	d, err := metric.NewDeadline(metric.DeadlineSpec{Calendar: cal, Within: calendar.Span{Unit: calendar.BusinessTime, Duration: 100 * time.Hour}})
	if err != nil {
		fmt.Println(err)
		return
	}
	g, _ := metric.NewGrid(metric.Month, time.UTC)
	march := g.At(mustTime("2026-03-15 00:00"))
	fmt.Println(d.Due(march.End).Format("Mon 2006-01-02 15:04"))
	// Output: Thu 2026-04-16 18:00
}

// ISO weeks start on Monday.
func ExampleGrid_At() {
	g, err := metric.NewGrid(metric.Week, time.UTC)
	if err != nil {
		fmt.Println(err)
		return
	}
	p := g.At(mustTime("2026-01-01 12:00"))
	fmt.Println(p.Start.Format("Mon 2006-01-02"), p.End.Format("Mon 2006-01-02"))
	// Output: Mon 2025-12-29 Mon 2026-01-05
}

// Ratios merge across shards; the denominator excludes pending subjects.
func ExampleRatio_Merge() {
	a := metric.Ratio{Met: 40, Breached: 2, Pending: 5}
	b := metric.Ratio{Met: 55, Breached: 3}
	m := a.Merge(b)
	pct, _ := m.Attainment()
	fmt.Println(m.Met, m.Breached, m.Pending, pct.StringFixed(2))
	// Output: 95 5 5 95.00
}

// Errors wrap sentinels for branching and carry the detail for display.
func ExampleError() {
	c := metric.MustClock(metric.FirstReplyTime(nil))
	var s metric.ClockState
	_, _ = c.Apply(&s, &metric.Event{Kind: metric.KindCreated, At: mustTime("2026-03-02 10:00")})
	_, err := c.Apply(&s, &metric.Event{Kind: metric.KindUpdated, At: mustTime("2026-03-02 09:00")})
	fmt.Println(errors.Is(err, metric.ErrOutOfOrder))
	fmt.Println(err)
	_, err = metric.ParseGrid("P2M", time.UTC)
	fmt.Println(errors.Is(err, metric.ErrUnknownPeriod), err)
	// Output:
	// true
	// metric: clock apply (first_reply_time ticket.updated): event out of order
	// true metric: grid ("P2M"): unknown period
}
