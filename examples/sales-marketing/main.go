// Command sales-marketing evaluates the seed's internal agreement between
// Company X's marketing, sales and customer service teams, built with the
// slaeval API (no JSON): Marketing delivers at least 50 qualified leads a
// month, with its own goal per quality level (A: decision makers, at least
// 20; B: influencers, at least 30); Sales contacts each qualified lead
// within 2 business days; and Amy, Director of Sales, sends Joan, VP of
// Service, the monthly customer friction report within 10 business days of
// the month's end.
//
//	go run ./examples/sales-marketing
package main

import (
	"fmt"
	"io"
	"os"
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
		fmt.Fprintln(os.Stderr, "sales-marketing:", err)
		os.Exit(1)
	}
}

var london = mustZone("Europe/London")

func atLeast(n int64) *sla.Target { d := decimal.NewFromInt(n); return &sla.Target{AtLeast: &d} }

// agreement is the internal agreement of the seed, as Go values.
func agreement() sla.Agreement {
	start := time.Date(2026, 2, 1, 0, 0, 0, 0, london) // in force from February
	qualified := []sla.Condition{{Kind: "lead-qualified", Where: []sla.AttrTest{{Attr: "quality", Op: sla.OpIn, Values: []string{"A", "B"}}}}}
	monthly := &sla.PeriodSpec{Kind: sla.PeriodMonth}
	return sla.Agreement{
		ID: "companyx-revenue-sla-2026", Title: "Company X sales, marketing and customer service agreement",
		Zone:  "Europe/London",
		Owner: sla.Owner{Party: "service", Person: "Joan"},
		Parties: []sla.Party{
			{ID: "marketing", Name: "Company X Marketing", Role: sla.RoleInternal, Contacts: []sla.Contact{{Name: "Priya"}}},
			{ID: "sales", Name: "Company X Sales", Role: sla.RoleInternal, Contacts: []sla.Contact{{Name: "Amy", Title: "Director of Sales"}}},
			{ID: "service", Name: "Company X Customer Service", Role: sla.RoleInternal, Contacts: []sla.Contact{{Name: "Joan", Title: "VP of Service"}}},
		},
		Term: sla.Term{EffectiveFrom: start},
		Versions: []sla.Version{{
			Version: "2026.1", EffectiveFrom: start,
			Calendars: map[string]calendar.Spec{
				"england-office": {Hours: "Mon-Fri 09:00-17:30", Zone: "Europe/London", HolidaySets: []string{"GB-ENG"}},
			},
			Services: []sla.Service{
				{ID: "lead-generation", Name: "Qualified lead generation", Provider: "marketing"},
				{ID: "account-management", Name: "Account management", Provider: "sales", Hours: "england-office"},
			},
			Objectives: []sla.Objective{
				{ID: "qualified-leads", Name: "At least 50 qualified leads a month",
					Obligor: "marketing", Beneficiary: "sales", Service: "lead-generation",
					Metric: sla.Metric{Kind: sla.KindVolume, Volume: &sla.Volume{Events: qualified, Aggregate: sla.AggregateCount}},
					Target: atLeast(50), Period: monthly},
				{ID: "leads-by-level", Name: "At least 20 level A and 30 level B leads a month",
					Obligor: "marketing", Beneficiary: "sales", Service: "lead-generation",
					Metric:   sla.Metric{Kind: sla.KindVolume, Volume: &sla.Volume{Events: qualified, Aggregate: sla.AggregateCount}},
					TargetBy: "quality",
					Targets:  []sla.SegmentTarget{{When: "A", Target: *atLeast(20)}, {When: "B", Target: *atLeast(30)}},
					Period:   monthly},
				{ID: "lead-follow-up", Name: "Sales contacts each qualified lead within 2 business days",
					Obligor: "sales", Beneficiary: "marketing", Service: "account-management", Responsible: "Amy",
					Scope: sla.Scope{Subject: "lead"},
					Metric: sla.Metric{Kind: sla.KindDeadline, Deadline: &sla.Deadline{
						Anchor: sla.Anchor{Events: []sla.Condition{{Kind: "lead-qualified"}}},
						Done:   []sla.Condition{{Kind: "lead-contacted"}}}},
					Target: &sla.Target{Within: period.MustParse("P2D"), Unit: sla.UnitBusinessDays},
					Period: monthly},
				{ID: "friction-report", Name: "Monthly customer friction report, Amy to Joan",
					Obligor: "sales", Beneficiary: "service", Responsible: "Amy", Recipient: "Joan",
					Service: "account-management", Calendar: "england-office",
					Scope: sla.Scope{Subject: "report"},
					Metric: sla.Metric{Kind: sla.KindDeadline, Deadline: &sla.Deadline{
						Anchor: sla.Anchor{PeriodEnd: sla.PeriodMonth},
						Done:   []sla.Condition{{Kind: "report-sent", Where: []sla.AttrTest{{Attr: "report", Op: sla.OpEquals, Values: []string{"customer-friction"}}}}}}},
					Target: &sla.Target{Within: period.MustParse("P10D"), Unit: sla.UnitBusinessDays}},
			},
			Obligations: []sla.Obligation{
				{ID: "deliver-leads", Party: "marketing", Beneficiary: "sales",
					Description: "Deliver qualified leads every month", MeasuredBy: []string{"qualified-leads", "leads-by-level"}},
				{ID: "follow-up-leads", Party: "sales", Beneficiary: "marketing",
					Description: "Follow up every qualified lead promptly", MeasuredBy: []string{"lead-follow-up"}},
				{ID: "report-friction", Party: "sales", Beneficiary: "service",
					Description: "Send the monthly customer friction report", MeasuredBy: []string{"friction-report"}},
				{ID: "knowledge-base", Party: "service", Beneficiary: "sales",
					Description: "Keep the knowledge base current with what customers report"},
			},
		}},
	}
}

// events: the CRM's lead history for February and March 2026, and the
// friction reports Amy sent.
func events() []sla.Event {
	var es []sla.Event
	add := func(typ, subject, kind string, at time.Time, attrs ...string) {
		e := sla.Event{ID: fmt.Sprintf("e%d", len(es)+1), SubjectType: typ, Subject: subject, Kind: kind, At: at}
		for i := 0; i+1 < len(attrs); i += 2 {
			e.Attrs = append(e.Attrs, metric.Attr{Key: attrs[i], Value: attrs[i+1]})
		}
		es = append(es, e)
	}
	// leads qualifies n leads of one level, one a day at 10:00 on the
	// month's weekdays in turn, each contacted at 15:00 the same day.
	leads := func(month time.Month, level string, n int) {
		var weekdays []time.Time
		for d := time.Date(2026, month, 1, 10, 0, 0, 0, london); d.Month() == month; d = d.AddDate(0, 0, 1) {
			if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
				weekdays = append(weekdays, d)
			}
		}
		for i := range n {
			id := fmt.Sprintf("%s-%s-%02d", month.String()[:3], level, i+1)
			day := weekdays[i%len(weekdays)]
			add("lead", id, "lead-qualified", day, "quality", level)
			add("lead", id, "lead-contacted", day.Add(5*time.Hour))
		}
	}
	leads(time.February, "A", 34)
	leads(time.February, "B", 20)
	// One more A lead on Friday afternoon, contacted only the next Wednesday.
	add("lead", "Feb-A-late", "lead-qualified", local("2026-02-27 16:00"), "quality", "A")
	add("lead", "Feb-A-late", "lead-contacted", local("2026-03-04 10:00"))
	leads(time.March, "A", 18)
	leads(time.March, "B", 30)

	add("report", "2026-02", "report-sent", local("2026-03-16 11:00"), "report", "customer-friction")
	add("report", "2026-03", "report-sent", local("2026-04-14 11:00"), "report", "customer-friction")
	return es
}

func run(w io.Writer) error {
	ev, err := sla.NewEvaluator(agreement())
	if err != nil {
		return err
	}
	for _, e := range events() {
		if err := ev.Apply(e); err != nil {
			return err
		}
	}
	asOf := local("2026-04-17 09:00")
	r := ev.Report(asOf)
	fmt.Fprintf(w, "%s, as of %s\n", agreement().Title, asOf.Format("Mon 2 Jan 2006 15:04 MST"))

	month := func(p sla.PeriodReport) string { return p.Period.Start.In(london).Format("January") }
	heading := ""
	for _, p := range r.Periods {
		if !p.Final {
			continue // April is still running
		}
		if p.Objective != heading {
			heading = p.Objective
			o, _ := agreement().Versions[0].Objective(heading)
			fmt.Fprintf(w, "\n%s\n", o.Name)
		}
		switch p.Objective {
		case "qualified-leads":
			fmt.Fprintf(w, "  %-9s %s leads: %s\n", month(p), p.Value, p.Verdict)
		case "leads-by-level":
			fmt.Fprintf(w, "  %-9s", month(p))
			for _, s := range p.Segments {
				if s.Met {
					fmt.Fprintf(w, " %s %s met;", s.Target.Segment, s.Value)
				} else {
					fmt.Fprintf(w, " %s %s short by %s;", s.Target.Segment, s.Value, s.Shortfall)
				}
			}
			fmt.Fprintf(w, " %s\n", p.Verdict)
		case "lead-follow-up":
			fmt.Fprintf(w, "  %-9s contacted in time %d, late %d: %s\n", month(p), p.Met, p.Missed, p.Verdict)
		case "friction-report":
			fmt.Fprintf(w, "  %-9s due %s, sent %s: %s\n", month(p), when(p.Due), when(p.Done), p.Verdict)
		}
	}
	fmt.Fprintln(w, "\nObligations so far")
	for _, o := range r.Obligations {
		fmt.Fprintf(w, "  %-10s owes %-10s %-16s %s\n", o.Party, o.Beneficiary, o.ID, o.Status)
	}
	fmt.Fprintf(w, "events applied %d, rejected %d\n", r.Input.Applied, r.Input.Total()-r.Input.Applied)
	return nil
}

// local parses "2006-01-02 15:04" as London wall-clock time.
func local(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, london)
	if err != nil {
		panic(err)
	}
	return t
}

func when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(london).Format("Mon 2 Jan 15:04")
}

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}
