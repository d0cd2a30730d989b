// Command saas-credits evaluates a SaaS uptime agreement over the first
// quarter of 2026, built with the slaeval API (no JSON): CloudApp promises
// Globex 99.9% monthly uptime for a flat $10,000 a month; announced
// maintenance in the Sunday 02:00–06:00 window and force majeure do not
// count; a missed month earns a credit of 10% of the charge (25% below 99%,
// 100% below 95%), capped at 50% of the month's charge and at 10% of the
// charges of any 12 consecutive months.
//
// A second agreement measures CloudApp's API by error rate, as public
// cloud SLAs do (Google Cloud's wording): the monitoring reports each
// minute's requests and failures; a minute with more than 10% failed
// requests is bad, only ten or more consecutive bad minutes are downtime,
// and failures the customer caused are excluded. The API is promised
// 99.95% a month for $2,000, with credits of 10% below 99.95%, 25% below
// 99% and 50% below 95%.
//
//	go run ./examples/saas-credits
package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	_ "time/tzdata" // the agreement's zone must load on any machine

	"github.com/rickb777/period"
	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/calendar"
	"github.com/slaeval/slaeval/metric"
	"github.com/slaeval/slaeval/sla"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "saas-credits:", err)
		os.Exit(1)
	}
}

var newYork = mustZone("America/New_York")

func dec(s string) *decimal.Decimal { d := decimal.RequireFromString(s); return &d }

// agreement is the SaaS uptime agreement, as Go values.
func agreement() sla.Agreement {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, newYork)
	percent := func(p string) sla.Amount { return sla.Amount{Percent: dec(p)} }
	return sla.Agreement{
		ID: "cloudapp-globex-2026", Title: "CloudApp service level agreement for Globex",
		Zone: "America/New_York", Currency: "USD",
		Owner: sla.Owner{Party: "cloudapp", Person: "Dana Lee"},
		Parties: []sla.Party{
			{ID: "cloudapp", Name: "CloudApp Inc.", Role: sla.RoleProvider, Contacts: []sla.Contact{{Name: "Dana Lee"}}},
			{ID: "globex", Name: "Globex Corporation", Role: sla.RoleCustomer},
		},
		Term: sla.Term{EffectiveFrom: start, EffectiveTo: start.AddDate(2, 0, 0)},
		Versions: []sla.Version{{
			Version: "1", EffectiveFrom: start,
			Calendars: map[string]calendar.Spec{
				"maintenance-window": {Hours: "Sun 02:00-06:00", Zone: "America/New_York"},
			},
			Services: []sla.Service{{
				ID: "app", Name: "CloudApp platform", Provider: "cloudapp",
				Pricing: &sla.Pricing{Model: sla.PricingFlat, Amount: dec("10000.00"), Per: sla.PeriodMonth},
			}},
			Exclusions: []sla.Exclusion{
				{ID: "maintenance", Kind: sla.ExcludeMaintenance, Causes: []string{"scheduled-maintenance"},
					Notice: period.MustParse("P5D"), Window: "maintenance-window",
					Events: []sla.Condition{{Kind: "maintenance-announced"}}},
				{ID: "force-majeure", Kind: sla.ExcludeForceMajeure, Causes: []string{"force-majeure"}},
			},
			Objectives: []sla.Objective{{
				ID: "uptime", Name: "Monthly uptime of at least 99.9%",
				Obligor: "cloudapp", Beneficiary: "globex", Service: "app",
				Scope: sla.Scope{Subject: "service"},
				Metric: sla.Metric{Kind: sla.KindAvailability, Availability: &sla.Availability{
					Source: sla.SourceEvents,
					Down:   []sla.Condition{{Kind: "down"}}, Up: []sla.Condition{{Kind: "up"}},
					CauseAttr: "cause", MinimumDowntime: period.MustParse("PT1M"),
				}},
				Target:     &sla.Target{AtLeast: dec("99.9")},
				Period:     &sla.PeriodSpec{Kind: sla.PeriodMonth},
				Exclusions: []string{"maintenance", "force-majeure"},
				Penalties: []sla.PenaltyRule{{
					ID: "uptime-credits", Kind: sla.PenaltyTiers,
					Tiers: []sla.Tier{
						{Below: dec("99.9"), Amount: percent("10")},
						{Below: dec("99"), Amount: percent("25")},
						{Below: dec("95"), Amount: percent("100")},
					},
					Caps: []sla.Cap{
						{Over: sla.CapPeriod, Limit: percent("50")},
						{Over: sla.CapRolling, Periods: 12, Limit: percent("10")},
					},
				}},
			}},
		}},
	}
}

// events: what the monitoring and the change calendar recorded.
func events() []sla.Event {
	var es []sla.Event
	add := func(kind, at string, attrs ...string) {
		e := sla.Event{ID: fmt.Sprintf("e%d", len(es)+1), SubjectType: "service", Subject: "app", Kind: kind, At: local(at)}
		for i := 0; i+1 < len(attrs); i += 2 {
			e.Attrs = append(e.Attrs, metric.Attr{Key: attrs[i], Value: attrs[i+1]})
		}
		es = append(es, e)
	}
	// January: a 3-hour outage from a regional power failure (force
	// majeure), and 30 minutes of our own.
	add("down", "2026-01-13 09:00", "cause", "force-majeure")
	add("up", "2026-01-13 12:00")
	add("down", "2026-01-20 14:00")
	add("up", "2026-01-20 14:30")
	// February: maintenance announced two weeks ahead for Sun 15 Feb
	// 02:00–04:00, a 2-hour outage on Tue 3 Feb, and a 30-second blip
	// (shorter than a minute: not downtime).
	add("maintenance-announced", "2026-02-01 12:00",
		"start", "2026-02-15T07:00:00Z", "end", "2026-02-15T09:00:00Z", "cause", "scheduled-maintenance")
	add("down", "2026-02-03 10:00")
	add("up", "2026-02-03 12:00")
	add("down", "2026-02-15 02:00", "cause", "scheduled-maintenance")
	add("up", "2026-02-15 04:00")
	add("down", "2026-02-20 10:00")
	e := sla.Event{ID: "blip-up", SubjectType: "service", Subject: "app", Kind: "up", At: local("2026-02-20 10:00").Add(30 * time.Second)}
	es = append(es, e)
	// March: a 10-hour outage.
	add("down", "2026-03-10 08:00")
	add("up", "2026-03-10 18:00")
	return es
}

// apiAgreement is the API's error-rate agreement.
func apiAgreement() sla.Agreement {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, newYork)
	percent := func(p string) sla.Amount { return sla.Amount{Percent: dec(p)} }
	return sla.Agreement{
		ID: "cloudapp-globex-api-2026", Title: "CloudApp API error-rate agreement for Globex",
		Zone: "America/New_York", Currency: "USD",
		Owner: sla.Owner{Party: "cloudapp", Person: "Dana Lee"},
		Parties: []sla.Party{
			{ID: "cloudapp", Name: "CloudApp Inc.", Role: sla.RoleProvider, Contacts: []sla.Contact{{Name: "Dana Lee"}}},
			{ID: "globex", Name: "Globex Corporation", Role: sla.RoleCustomer},
		},
		Term: sla.Term{EffectiveFrom: start, EffectiveTo: start.AddDate(2, 0, 0)},
		Versions: []sla.Version{{
			Version: "1", EffectiveFrom: start,
			Services: []sla.Service{{
				ID: "api", Name: "CloudApp API", Provider: "cloudapp",
				Pricing: &sla.Pricing{Model: sla.PricingFlat, Amount: dec("2000.00"), Per: sla.PeriodMonth},
			}},
			Exclusions: []sla.Exclusion{
				{ID: "customer-caused", Kind: sla.ExcludeCustomerCaused, Party: "globex", Causes: []string{"customer-misuse"}},
			},
			Objectives: []sla.Objective{{
				ID: "api-uptime", Name: "Monthly API uptime of at least 99.95%",
				Obligor: "cloudapp", Beneficiary: "globex", Service: "api",
				Scope: sla.Scope{Subject: "service"},
				Metric: sla.Metric{Kind: sla.KindAvailability, Availability: &sla.Availability{
					Source: sla.SourceEvents, CauseAttr: "cause", MinimumDowntime: period.MustParse("PT10M"),
					ErrorRate: &sla.ErrorRate{
						Requests: []sla.Condition{{Kind: "requests"}},
						Failed:   "failed", Total: "total",
						Slice: period.MustParse("PT1M"), Threshold: *dec("10"),
						Formula: sla.FormulaDownSlices,
					},
				}},
				Target:     &sla.Target{AtLeast: dec("99.95")},
				Period:     &sla.PeriodSpec{Kind: sla.PeriodMonth},
				Exclusions: []string{"customer-caused"},
				Penalties: []sla.PenaltyRule{{
					ID: "api-credits", Kind: sla.PenaltyTiers,
					Tiers: []sla.Tier{
						{Below: dec("99.95"), Amount: percent("10")},
						{Below: dec("99"), Amount: percent("25")},
						{Below: dec("95"), Amount: percent("50")},
					},
				}},
			}},
		}},
	}
}

// requestCounts: one event a minute from the API's monitoring, for the
// quarter, reported as each minute ends: 1,000 requests, 2 of them failed
// (0.2%), except in the incidents below.
func requestCounts() []sla.Event {
	type incident struct {
		from    string // local wall-clock minute
		minutes int
		failed  string
		cause   string
	}
	incidents := []incident{
		{"2026-01-13 09:00", 9, "300", ""},                // 9 bad minutes: no downtime period
		{"2026-01-20 14:00", 1, "100", ""},                // exactly 10%: not more than 10%, not bad
		{"2026-02-03 10:00", 20, "600", ""},               // 20 bad minutes
		{"2026-02-03 10:20", 5, "600", "customer-misuse"}, // excluded: the customer's load test
		{"2026-02-03 10:25", 20, "600", ""},               // 20 more: a second downtime period
		{"2026-03-10 08:00", 8 * 60, "1000", ""},          // an 8-hour outage
	}
	bad := map[time.Time]incident{}
	for _, in := range incidents {
		for i := range in.minutes {
			bad[local(in.from).Add(time.Duration(i)*time.Minute)] = in
		}
	}
	var es []sla.Event
	for t := local("2026-01-01 00:00"); t.Before(local("2026-04-01 00:00")); t = t.Add(time.Minute) {
		failed, cause := "2", ""
		if in, ok := bad[t]; ok {
			failed, cause = in.failed, in.cause
		}
		e := sla.Event{ID: "m" + t.UTC().Format("200601021504"), SubjectType: "service", Subject: "api", Kind: "requests", At: t.Add(time.Minute),
			Attrs: []metric.Attr{{Key: sla.SliceAttr, Value: t.Format(time.RFC3339)}, {Key: "total", Value: "1000"}, {Key: "failed", Value: failed}}}
		if cause != "" {
			e.Attrs = append(e.Attrs, metric.Attr{Key: "cause", Value: cause})
		}
		es = append(es, e)
	}
	return es
}

func run(w io.Writer) error {
	// The batch form: the whole history at once, as of the quarter's end.
	r, err := sla.Evaluate(agreement(), slices.Values(events()), local("2026-04-01 00:00"))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s, as of %s\n", agreement().Title, r.AsOf.In(newYork).Format("2 Jan 2006 15:04 MST"))
	for _, p := range r.Periods {
		if p.Objective != "uptime" || !p.Final {
			continue
		}
		fmt.Fprintf(w, "\n%s: uptime %s%% (%s)\n", p.Period.Start.In(newYork).Format("January"),
			p.Attainment.StringFixed(3), p.Verdict)
		fmt.Fprintf(w, "  service %v, down %v, excluded %v\n",
			p.Service, p.Down, p.Excluded)
		for _, pp := range r.Penalties {
			if !pp.Period.Start.Equal(p.Period.Start) {
				continue
			}
			for _, l := range pp.Lines {
				fmt.Fprintf(w, "  tier %d (below %s%%): %s%% of %s = %s\n", l.Tier, l.Threshold, l.Rate.Percent, l.Base, l.Raw)
				for _, b := range l.Bites {
					fmt.Fprintf(w, "  capped by %s: room %s, cut by %s\n", b.Cap, b.Room, b.By)
				}
			}
			fmt.Fprintf(w, "  credit %s\n", pp.Credit)
		}
	}
	fmt.Fprintf(w, "\nquarter's credits: %s\n", r.Credit)
	return runAPI(w)
}

// runAPI evaluates the API's error-rate agreement over the quarter.
func runAPI(w io.Writer) error {
	r, err := sla.Evaluate(apiAgreement(), slices.Values(requestCounts()), local("2026-04-01 00:00"))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n%s: %d minute counts applied, %d rejected\n", apiAgreement().Title, r.Input.Applied, r.Input.Duplicates+sum(r.Input.Rejected))
	for _, p := range r.Periods {
		if !p.Final {
			continue
		}
		fmt.Fprintf(w, "\n%s: uptime %s%% (%s)\n", p.Period.Start.In(newYork).Format("January"), p.Attainment.StringFixed(3), p.Verdict)
		fmt.Fprintf(w, "  minutes %d, down %d, excluded %d\n", int64(time.Duration(p.Service)/time.Minute),
			int64(time.Duration(p.Down)/time.Minute), int64(time.Duration(p.Excluded)/time.Minute))
		for _, pp := range r.Penalties {
			if pp.Period.Start.Equal(p.Period.Start) {
				for _, l := range pp.Lines {
					fmt.Fprintf(w, "  tier %d (below %s%%): %s%% of %s = %s\n", l.Tier, l.Threshold, l.Rate.Percent, l.Base, l.Raw)
				}
				fmt.Fprintf(w, "  credit %s\n", pp.Credit)
			}
		}
	}
	fmt.Fprintf(w, "\nquarter's API credits: %s\n", r.Credit)
	return nil
}

func sum(m map[string]int64) int64 {
	var n int64
	for _, v := range m {
		n += v
	}
	return n
}

// local parses "2006-01-02 15:04" as New York wall-clock time.
func local(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, newYork)
	if err != nil {
		panic(err)
	}
	return t
}

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}
