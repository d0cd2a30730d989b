package sla_test

import (
	"fmt"
	"time"

	"github.com/slaeval/slaeval/metric"
	"github.com/slaeval/slaeval/sla"
)

// A ratio split by an attribute reports one period row per value, with By
// and Segment, and credits each value on its own: here 1 of 2 urgent
// tickets was answered within an hour (50% < 95%: a credit of 10% of the
// month's EUR 1,000), and 2 of 2 normal ones within 4 hours.
func ExamplePeriodReport_segment() {
	a, err := sla.Decode([]byte(`{
	  "id": "desk", "title": "Help desk", "zone": "UTC", "currency": "EUR",
	  "documentOwner": {"party": "p", "person": "Ann"},
	  "parties": [{"id": "p", "name": "Provider", "role": "provider", "contacts": [{"name": "Ann"}]},
	              {"id": "c", "name": "Customer", "role": "customer"}],
	  "term": {"effectiveFrom": "2026-03-01T00:00:00Z"},
	  "versions": [{"version": "1", "effectiveFrom": "2026-03-01T00:00:00Z",
	    "services": [{"id": "desk", "name": "Desk", "provider": "p", "pricing": {"model": "flat", "amount": "1000", "per": "month"}}],
	    "objectives": [
	      {"id": "reply", "name": "Reply", "obligor": "p", "beneficiary": "c", "service": "desk", "scope": {"subject": "ticket"},
	       "metric": {"kind": "clock", "clock": {"start": [{"kind": "opened"}], "stop": [{"kind": "answered"}]}},
	       "targetBy": "priority", "targets": [{"when": "urgent", "target": {"within": "PT1H", "unit": "wall"}},
	                                           {"when": "normal", "target": {"within": "PT4H", "unit": "wall"}}]},
	      {"id": "compliance", "name": "Replies in time", "obligor": "p", "beneficiary": "c", "service": "desk",
	       "metric": {"kind": "ratio", "ratio": {"of": "reply"}},
	       "targetBy": "priority", "targets": [{"when": "urgent", "target": {"atLeast": "95"}},
	                                           {"when": "normal", "target": {"atLeast": "90"}}],
	       "period": {"kind": "month"},
	       "penalties": [{"id": "urgent-credit", "kind": "tiers", "when": "urgent",
	                      "tiers": [{"below": "95", "amount": {"percentOfCharge": "10"}}]}]}]}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	var es []sla.Event
	ticket := func(id, prio string, day, answeredAfter int) {
		opened := time.Date(2026, 3, day, 9, 0, 0, 0, time.UTC)
		es = append(es,
			sla.Event{ID: id + "-o", SubjectType: "ticket", Subject: id, Kind: "opened", At: opened, Attrs: []metric.Attr{{Key: "priority", Value: prio}}},
			sla.Event{ID: id + "-a", SubjectType: "ticket", Subject: id, Kind: "answered", At: opened.Add(time.Duration(answeredAfter) * time.Minute)})
	}
	ticket("U1", "urgent", 2, 30)
	ticket("U2", "urgent", 3, 120)
	ticket("N1", "normal", 4, 180)
	ticket("N2", "normal", 5, 60)
	ev, err := sla.NewEvaluator(a)
	if err != nil {
		fmt.Println(err)
		return
	}
	ev.ApplyBatch(es)
	r := ev.Report(time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC))
	for _, p := range r.Periods {
		if p.Objective == "compliance" {
			fmt.Println(p.By, p.Segment, p.Verdict, p.Attainment, p.Met, p.Missed)
		}
	}
	for _, pp := range r.Penalties {
		for _, l := range pp.Lines {
			fmt.Println(l.Source, l.Objective, l.Amount)
		}
	}
	// Output:
	// priority urgent missed 50 1 1
	// priority normal achieved 100 2 0
	// urgent-credit compliance[urgent] EUR 100.00
}

// A rolling period with "every" is assessed at the end of each month: the
// two months ending there (January alone at first, as the term starts on
// 1 January). One 8-hour outage on 10 January lowers the windows ending
// 1 February (736 of 744 hours up: 98.92%) and 1 March (1,408 of 1,416:
// 99.43%) below 99.5%, so January and February each carry a credit of
// 10% of their EUR 1,000; the window ending 1 April is clear.
func ExamplePeriodSpec_every() {
	a, err := sla.Decode([]byte(`{
	  "id": "ivr", "title": "IVR", "zone": "UTC", "currency": "EUR",
	  "documentOwner": {"party": "p", "person": "Ann"},
	  "parties": [{"id": "p", "name": "Provider", "role": "provider", "contacts": [{"name": "Ann"}]},
	              {"id": "c", "name": "Customer", "role": "customer"}],
	  "term": {"effectiveFrom": "2026-01-01T00:00:00Z"},
	  "versions": [{"version": "1", "effectiveFrom": "2026-01-01T00:00:00Z",
	    "services": [{"id": "ivr", "name": "IVR", "provider": "p", "pricing": {"model": "flat", "amount": "1000", "per": "month"}}],
	    "objectives": [
	      {"id": "uptime", "name": "Uptime", "obligor": "p", "beneficiary": "c", "service": "ivr", "scope": {"subject": "service"},
	       "metric": {"kind": "availability", "availability": {"source": "events", "down": [{"kind": "down"}], "up": [{"kind": "up"}]}},
	       "target": {"atLeast": "99.5"},
	       "period": {"kind": "rolling", "length": "P2M", "every": "month"},
	       "penalties": [{"id": "credit", "kind": "tiers", "tiers": [{"below": "99.5", "amount": {"percentOfCharge": "10"}}]}]}]}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	ev, err := sla.NewEvaluator(a)
	if err != nil {
		fmt.Println(err)
		return
	}
	ev.ApplyBatch([]sla.Event{
		{ID: "1", SubjectType: "service", Subject: "ivr", Kind: "down", At: time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)},
		{ID: "2", SubjectType: "service", Subject: "ivr", Kind: "up", At: time.Date(2026, 1, 10, 8, 0, 0, 0, time.UTC)},
	})
	r := ev.Report(time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC))
	for _, p := range r.Periods {
		fmt.Println(p.Period.Start.Format(time.DateOnly), p.Period.End.Format(time.DateOnly), p.Final, p.Verdict)
	}
	for _, pp := range r.Penalties {
		fmt.Println(pp.Period.Start.Format("2006-01"), pp.Credit)
	}
	// Output:
	// 2026-01-01 2026-02-01 true missed
	// 2026-01-01 2026-03-01 true missed
	// 2026-02-01 2026-04-01 true achieved
	// 2026-01 EUR 100.00
	// 2026-02 EUR 100.00
	// 2026-03 EUR 0.00
}
