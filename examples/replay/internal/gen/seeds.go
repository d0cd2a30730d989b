package main

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/sla"
)

var newYork = must(time.LoadLocation("America/New_York"))

// ny is a wall-clock instant in New York in 2026.
func ny(mon time.Month, day, h, m int) time.Time {
	return time.Date(2026, mon, day, h, m, 0, 0, newYork)
}

// generateSaaS returns half a year (January to mid-June 2026) of the SaaS
// seed agreement (sla/testdata/agreements/saas-uptime.json): outages,
// announced maintenance, priority-1 incidents, API latency samples and
// monthly invoices. Worked outcomes per month (service time 24×7, New York):
//
//   - January (744 h): 3 h of force majeure (excluded) and 30 min down:
//     100 × 743.5 / 744 = 99.93 %, met.
//   - February (672 h): maintenance announced 14 days ahead inside the Sunday
//     window (2 h, excluded), a 2 h outage and a 30 s blip (under the 1 min
//     minimum): 100 × 668 / 670 = 99.70 %, missed (tier below 99.9).
//   - March (743 h, DST on the 8th): 10 h down and 1 h customer misuse
//     (excluded): 100 × 732 / 742 = 98.65 %, missed (tier below 99).
//   - April (720 h): maintenance announced only 2 days ahead (1 h, counted)
//     and 20 min down: 100 × 718.67 / 720 = 99.81 %, missed. February, March
//     and April are 3 missed months of 6: the chronic clause gives Globex a
//     right to terminate at the end of April.
//   - May (744 h): 15 min down: 99.97 %, met. June is still running.
func generateSaaS() []sla.Event {
	g := &gen{r: rand.New(rand.NewPCG(2026, 7))}
	app := func(kind string, at time.Time, attrs ...string) {
		g.add(sla.SubjectService, "app", kind, at, append([]string{"service", "app"}, attrs...)...)
	}
	outage := func(from, to time.Time, cause string) {
		if cause == "" {
			app("down", from)
		} else {
			app("down", from, "cause", cause)
		}
		app("up", to)
	}
	announce := func(at, from, to time.Time) {
		app("maintenance-announced", at, "start", from.UTC().Format(time.RFC3339), "end", to.UTC().Format(time.RFC3339), "cause", "scheduled-maintenance")
	}
	outage(ny(time.January, 13, 9, 0), ny(time.January, 13, 12, 0), "force-majeure")
	outage(ny(time.January, 20, 14, 0), ny(time.January, 20, 14, 30), "")
	announce(ny(time.February, 1, 12, 0), ny(time.February, 15, 2, 0), ny(time.February, 15, 4, 0))
	outage(ny(time.February, 3, 10, 0), ny(time.February, 3, 12, 0), "")
	outage(ny(time.February, 15, 2, 0), ny(time.February, 15, 4, 0), "scheduled-maintenance")
	outage(ny(time.February, 20, 10, 0), ny(time.February, 20, 10, 0).Add(30*time.Second), "")
	outage(ny(time.March, 10, 8, 0), ny(time.March, 10, 18, 0), "")
	outage(ny(time.March, 24, 15, 0), ny(time.March, 24, 16, 0), "customer-misuse")
	announce(ny(time.April, 10, 9, 0), ny(time.April, 12, 2, 0), ny(time.April, 12, 3, 0))
	outage(ny(time.April, 12, 2, 0), ny(time.April, 12, 3, 0), "scheduled-maintenance")
	outage(ny(time.April, 22, 11, 10), ny(time.April, 22, 11, 30), "")
	outage(ny(time.May, 19, 16, 45), ny(time.May, 19, 17, 0), "")
	outage(ny(time.June, 9, 6, 15), ny(time.June, 9, 7, 0), "")

	// Incidents: two or three a month, most priority 1, acknowledged in
	// 5–50 minutes; two priority-1 incidents in the first quarter took
	// longer than the hour.
	n := 1
	for mon := time.January; mon <= time.June; mon++ {
		for range g.between(2, 3) {
			id := fmt.Sprintf("INC-%03d", n)
			n++
			prio := "P1"
			if g.r.IntN(4) == 0 {
				prio = "P2"
			}
			opened := ny(mon, g.between(1, 28), g.between(0, 23), g.between(0, 59))
			ack := time.Duration(g.between(5, 50)) * time.Minute
			if n == 4 || n == 7 {
				ack = time.Duration(g.between(70, 150)) * time.Minute
			}
			g.add("incident", id, "incident-opened", opened, "priority", prio)
			g.add("incident", id, "incident-acknowledged", opened.Add(ack))
		}
	}

	// API latency: the 95th percentile of a sample every four hours, in
	// milliseconds; a slow week in March.
	for d := ny(time.January, 1, 2, 0); d.Before(ny(time.June, 15, 0, 0)); d = d.Add(4 * time.Hour) {
		v := g.between(90, 185)
		if d.After(ny(time.March, 9, 0, 0)) && d.Before(ny(time.March, 16, 0, 0)) {
			v = g.between(150, 320)
		}
		g.add(sla.SubjectService, "api", "api-latency-ms", d)
		g.events[len(g.events)-1].Value, g.events[len(g.events)-1].HasValue = decimal.NewFromInt(int64(v)), true
	}

	// Invoices on the first working day of each month, paid within 30 days
	// except March's (paid on 7 May).
	for mon := time.January; mon <= time.June; mon++ {
		id := fmt.Sprintf("INV-2026-%02d", int(mon))
		issued := ny(mon, 2, 10, 0)
		g.add("invoice", id, "invoice-issued", issued, "amount", "10000.00")
		switch {
		case mon == time.March:
			g.add("invoice", id, "invoice-paid", ny(time.May, 7, 15, 20))
		case mon < time.June:
			g.add("invoice", id, "invoice-paid", issued.AddDate(0, 0, g.between(10, 27)))
		}
	}
	return sortEvents(g.events, ny(time.June, 15, 12, 0))
}

// generateSales returns the first quarter and a half of April 2026 for the
// sales and marketing seed (sla/testdata/agreements/sales-marketing-service.json):
// qualified leads per quality level (A: decision makers, B: influencers),
// the sales team's first contact with each, the monthly customer friction
// reports and the customers' invoices.
//
//   - Leads: January 52 A and 47 B (B short by 3), February 55 A and 51 B
//     (both met), March 44 A and 58 B (A short by 6), April so far.
//   - Follow-up: most leads are contacted the same or the next business day;
//     about one in twenty-five is contacted late, and a few never.
//   - Friction reports (within 10 business days of the month's end):
//     January's sent Wed 11 Feb (on time), February's Mon 16 Mar (after the
//     13 Mar due date), March's not yet sent on 15 April.
func generateSales() []sla.Event {
	london := must(time.LoadLocation("Europe/London"))
	g := &gen{r: rand.New(rand.NewPCG(2026, 11))}
	lt := func(mon time.Month, day, h, m int) time.Time { return time.Date(2026, mon, day, h, m, 0, 0, london) }
	counts := []struct {
		mon  time.Month
		a, b int
	}{{time.January, 52, 47}, {time.February, 55, 51}, {time.March, 44, 58}, {time.April, 21, 24}}
	n := 1
	for _, c := range counts {
		var weekdays []time.Time
		last := 31
		if c.mon == time.April {
			last = 14
		}
		for d := lt(c.mon, 1, 0, 0); d.Month() == c.mon && d.Day() <= last; d = d.AddDate(0, 0, 1) {
			if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
				weekdays = append(weekdays, d)
			}
		}
		levels := slices.Repeat([]string{"A"}, c.a)
		levels = append(levels, slices.Repeat([]string{"B"}, c.b)...)
		g.r.Shuffle(len(levels), func(i, j int) { levels[i], levels[j] = levels[j], levels[i] })
		for i, q := range levels {
			id := fmt.Sprintf("LEAD-%04d", n)
			n++
			day := weekdays[i*len(weekdays)/len(levels)]
			at := day.Add(time.Duration(g.between(9*60, 17*60)) * time.Minute)
			if g.r.IntN(15) == 0 {
				// The CRM also sends the lead's creation, which starts
				// nothing: the evaluator does not take it.
				g.add("lead", id, "lead-created", at.Add(-time.Duration(g.between(1, 5))*time.Hour), "source", "trade show")
			}
			g.add("lead", id, "lead-qualified", at, "quality", q)
			switch x := g.r.IntN(100); {
			case x < 3:
				// never contacted
			case x < 7:
				g.add("lead", id, "lead-contacted", nextWeekday(at, 4).Add(time.Duration(g.between(0, 120))*time.Minute))
			default:
				g.add("lead", id, "lead-contacted", nextWeekday(at, g.r.IntN(2)).Add(time.Duration(g.between(30, 300))*time.Minute))
			}
		}
	}
	g.add("report", "2026-01", "report-sent", lt(time.February, 11, 16, 5), "report", "customer-friction")
	g.add("report", "2026-02", "report-sent", lt(time.March, 16, 11, 30), "report", "customer-friction")
	for mon := time.January; mon <= time.April; mon++ {
		id := fmt.Sprintf("CX-INV-%02d", int(mon))
		issued := lt(mon, 5, 9, 0)
		g.add("invoice", id, "invoice-issued", issued, "amount", "4800.00")
		if mon <= time.February {
			g.add("invoice", id, "invoice-paid", issued.AddDate(0, 0, 20+int(mon)*8))
		}
	}
	return sortEvents(g.events, lt(time.April, 15, 12, 0))
}

// nextWeekday returns t moved n weekdays ahead (n = 0: t itself).
func nextWeekday(t time.Time, n int) time.Time {
	for n > 0 {
		t = t.AddDate(0, 0, 1)
		if wd := t.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n--
		}
	}
	return t
}

// sortEvents drops the events after cut and sorts the rest by instant,
// keeping the generation order of equal instants.
func sortEvents(evs []sla.Event, cut time.Time) []sla.Event {
	evs = slices.DeleteFunc(evs, func(e sla.Event) bool { return e.At.After(cut) })
	slices.SortStableFunc(evs, func(a, b sla.Event) int { return cmp.Compare(a.At.UnixNano(), b.At.UnixNano()) })
	return evs
}
