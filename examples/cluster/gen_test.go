package main

import (
	"fmt"
	"os"
	"slices"
	"time"

	"pgregory.net/rapid"

	"github.com/slaeval/slaeval/metric"
	"github.com/slaeval/slaeval/sla"
)

// The random streams of the tests are of two agreements: the replay
// example's support desk (tickets, invoices, usage) and the sales,
// marketing and service agreement of sla/testdata (leads counted in
// monthly volumes by quality level, per-lead follow-up deadlines, a
// period-end report deadline, invoices), so that both subject state and
// event-level aggregates go through the partitions.

// testData is what the generators draw from.
type testData struct {
	desk, sales sla.Agreement
	deskEvents  []sla.Event
}

func loadTestData() (testData, error) {
	desk, events, err := loadData("../replay/data")
	if err != nil {
		return testData{}, err
	}
	b, err := os.ReadFile("../../sla/testdata/agreements/sales-marketing-service.json")
	if err != nil {
		return testData{}, err
	}
	sales, err := sla.Decode(b)
	if err != nil {
		return testData{}, err
	}
	return testData{desk: desk, sales: sales, deskEvents: events}, nil
}

// deskStream draws a support desk stream: each subject of the replay month
// kept or dropped, and some events sent twice (a duplicate, which the
// evaluator counts and ignores).
func deskStream(td testData) *rapid.Generator[[]sla.Event] {
	return rapid.Custom(func(t *rapid.T) []sla.Event {
		keep := map[string]bool{}
		share := rapid.IntRange(1, 100).Draw(t, "percent of subjects kept")
		dupEvery := rapid.IntRange(0, 50).Draw(t, "one duplicate every n events (0: none)")
		var out []sla.Event
		for i, e := range td.deskEvents {
			k := e.SubjectType + "/" + e.Subject
			if _, seen := keep[k]; !seen {
				keep[k] = rapid.IntRange(1, 100).Draw(t, "subject "+k) <= share
			}
			if !keep[k] {
				continue
			}
			out = append(out, e)
			if dupEvery > 0 && i%dupEvery == 0 {
				out = append(out, e)
			}
		}
		return out
	})
}

// salesStream draws a sales and marketing stream of at least minLeads
// leads: leads qualified at random
// instants of February and March 2026 with a random quality, most of them
// contacted a random time later; the monthly friction reports sent at
// random instants (some twice, some never); an invoice.
func salesStream(minLeads int) *rapid.Generator[[]sla.Event] {
	return rapid.Custom(func(t *rapid.T) []sla.Event {
		start := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
		var es []sla.Event
		add := func(typ, subject, kind string, at time.Time, attrs ...string) {
			e := sla.Event{ID: fmt.Sprintf("e%d", len(es)+1), SubjectType: typ, Subject: subject, Kind: kind, At: at}
			for i := 0; i+1 < len(attrs); i += 2 {
				e.Attrs = append(e.Attrs, metric.Attr{Key: attrs[i], Value: attrs[i+1]})
			}
			es = append(es, e)
		}
		minutes := func(label string, max int) time.Duration {
			return time.Duration(rapid.IntRange(0, max).Draw(t, label)) * time.Minute
		}
		n := rapid.IntRange(minLeads, minLeads+60).Draw(t, "leads")
		for i := range n {
			id := fmt.Sprintf("L-%d", i)
			at := start.Add(minutes("qualified "+id, 58*24*60))
			q := rapid.SampledFrom([]string{"A", "B", "C"}).Draw(t, "quality "+id)
			add("lead", id, "lead-qualified", at, "quality", q)
			if rapid.IntRange(0, 9).Draw(t, "contacted "+id) > 0 {
				add("lead", id, "lead-contacted", at.Add(minutes("delay "+id, 5*24*60)))
			}
		}
		for _, month := range []string{"2026-02", "2026-03"} {
			sends := rapid.IntRange(0, 2).Draw(t, "reports "+month)
			for j := range sends {
				at := start.AddDate(0, 1, 0).Add(minutes(fmt.Sprintf("report %s %d", month, j), 50*24*60))
				add("report", month, "report-sent", at, "report", "customer-friction")
			}
		}
		issued := start.Add(minutes("invoice issued", 20*24*60))
		add("invoice", "INV-1", "invoice-issued", issued)
		if rapid.Bool().Draw(t, "invoice paid") {
			add("invoice", "INV-1", "invoice-paid", issued.Add(minutes("invoice paid after", 40*24*60)))
		}
		// The stream is in time order, as a producer reading its database
		// by time would send it; equal instants keep their order.
		slices.SortStableFunc(es, func(a, b sla.Event) int { return a.At.Compare(b.At) })
		return es
	})
}

// lastAt is the latest instant of a stream (zero for none).
func lastAt(es []sla.Event) time.Time {
	var t time.Time
	for _, e := range es {
		if e.At.After(t) {
			t = e.At
		}
	}
	return t
}

// single is the report of one evaluator fed the whole stream: the
// reference every distributed run must equal.
func single(a sla.Agreement, es []sla.Event, asOf time.Time) (sla.Report, error) {
	return sla.Evaluate(a, slices.Values(es), asOf)
}
