// Command helpdesk evaluates the seed's support-desk agreement for a month of
// tickets, built with the slaeval API (no JSON): HelpCo answers Acme's
// tickets Monday to Friday 07:30–22:00 (London, English bank holidays off),
// replies first within 24 business hours, resolves within 5 business days
// (3 for high, 1 for urgent priority), and the resolution clock is paused
// while HelpCo waits for information from Acme, who owes an answer within
// 2 business days.
//
//	go run ./examples/helpdesk
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
		fmt.Fprintln(os.Stderr, "helpdesk:", err)
		os.Exit(1)
	}
}

var london = mustZone("Europe/London")

// agreement is the support desk of the seed, as Go values.
func agreement() sla.Agreement {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, london)
	money := func(s string) *decimal.Decimal { d := decimal.RequireFromString(s); return &d }
	days := func(n string) *sla.Target {
		return &sla.Target{Within: period.MustParse(n), Unit: sla.UnitBusinessDays}
	}
	pending := []sla.Condition{{Where: []sla.AttrTest{{Attr: metric.AttrStatus, Op: sla.OpEquals, Values: []string{metric.StatusPending}}}}}
	return sla.Agreement{
		ID: "acme-support-2026", Title: "Acme helpdesk support agreement",
		Zone: "Europe/London", Currency: "GBP",
		Owner: sla.Owner{Party: "helpco", Person: "Riya Patel"},
		Parties: []sla.Party{
			{ID: "helpco", Name: "HelpCo Ltd", Role: sla.RoleProvider, Contacts: []sla.Contact{{Name: "Riya Patel"}}},
			{ID: "acme", Name: "Acme plc", Role: sla.RoleCustomer},
		},
		Term: sla.Term{EffectiveFrom: start, EffectiveTo: start.AddDate(1, 0, 0)},
		Versions: []sla.Version{{
			Version: "1", EffectiveFrom: start,
			Calendars: map[string]calendar.Spec{
				"support-hours": {Hours: "Mon-Fri 07:30-22:00", Zone: "Europe/London", HolidaySets: []string{"GB-ENG"}},
			},
			Services: []sla.Service{{
				ID: "support", Name: "Helpdesk support", Provider: "helpco", Hours: "support-hours",
				Pricing: &sla.Pricing{Model: sla.PricingPerUnit, Amount: money("25.00"), Per: sla.PeriodMonth, Unit: "seat"},
			}},
			Objectives: []sla.Objective{
				{
					ID: "first-reply", Name: "First reply within 24 business hours",
					Obligor: "helpco", Beneficiary: "acme", Service: "support",
					Scope:  sla.Scope{Subject: "ticket"},
					Metric: sla.Metric{Kind: sla.KindClock, Clock: &sla.Clock{Preset: sla.PresetFirstReply}},
					Target: &sla.Target{Within: period.MustParse("PT24H"), Unit: sla.UnitBusiness},
					Period: &sla.PeriodSpec{Kind: sla.PeriodMonth},
					Penalties: []sla.PenaltyRule{{
						ID: "first-reply-late", Kind: sla.PenaltyPerBreach, Amount: &sla.Amount{Fixed: money("10.00")},
						Caps: []sla.Cap{{Over: sla.CapPeriod, Limit: sla.Amount{Percent: money("10")}}},
					}},
				},
				{
					ID: "resolution", Name: "Resolved within 5 business days (high 3, urgent 1)",
					Obligor: "helpco", Beneficiary: "acme", Service: "support",
					Scope: sla.Scope{Subject: "ticket"},
					// The resolution preset, paused while the ticket is pending on Acme.
					Metric:   sla.Metric{Kind: sla.KindClock, Clock: &sla.Clock{Preset: sla.PresetResolution, Pause: pending}},
					Target:   days("P5D"),
					TargetBy: metric.AttrPriority,
					Targets:  []sla.SegmentTarget{{When: "urgent", Target: *days("P1D")}, {When: "high", Target: *days("P3D")}},
					Period:   &sla.PeriodSpec{Kind: sla.PeriodMonth},
					Penalties: []sla.PenaltyRule{{
						ID: "resolution-late", Kind: sla.PenaltyPerUnitLate, Amount: &sla.Amount{Fixed: money("2.50")},
						Per: period.MustParse("PT1H"), Unit: sla.UnitBusiness, Count: sla.CountStarted,
						Caps: []sla.Cap{{Over: sla.CapPeriod, Limit: sla.Amount{Percent: money("15")}}},
					}},
				},
				{
					ID: "customer-answers", Name: "Acme answers requests for information within 2 business days",
					Obligor: "acme", Beneficiary: "helpco", Calendar: "support-hours",
					Scope: sla.Scope{Subject: "ticket"},
					Metric: sla.Metric{Kind: sla.KindDeadline, Deadline: &sla.Deadline{
						Anchor: sla.Anchor{Events: []sla.Condition{{Kind: "info-requested"}}},
						Done:   []sla.Condition{{Kind: "customer-replied"}},
					}},
					Target: days("P2D"),
				},
			},
			// Credits under £5 are not issued; claim within 60 days of the month's end.
			Claims: &sla.Claims{Minimum: money("5.00"), Within: period.MustParse("P60D")},
		}},
	}
}

// events is what happened in March and early April 2026 (London time).
func events() []sla.Event {
	var es []sla.Event
	add := func(ticket, kind, at string, attrs ...string) {
		e := sla.Event{ID: fmt.Sprintf("e%d", len(es)+1), SubjectType: "ticket", Subject: ticket, Kind: kind, At: local(at)}
		for i := 0; i+1 < len(attrs); i += 2 {
			e.Attrs = append(e.Attrs, metric.Attr{Key: attrs[i], Value: attrs[i+1]})
		}
		es = append(es, e)
	}
	reply := []string{metric.AttrAuthor, metric.AuthorAgent, metric.AttrPublic, "true"}
	solved := []string{metric.AttrStatus, metric.StatusSolved}

	// 40 seats in March: the month's charge is 40 × £25 = £1,000.
	es = append(es, sla.Event{ID: "usage-2026-03", SubjectType: sla.SubjectService, Subject: "support",
		Kind: sla.KindUsage, At: local("2026-03-01 00:00"), Value: decimal.NewFromInt(40), HasValue: true})

	add("T-1", metric.KindCreated, "2026-03-02 09:00", metric.AttrPriority, "normal")
	add("T-1", metric.KindComment, "2026-03-02 11:00", reply...)
	add("T-1", "info-requested", "2026-03-03 10:00", metric.AttrStatus, metric.StatusPending)
	add("T-1", "customer-replied", "2026-03-04 10:00", metric.AttrStatus, metric.StatusOpen)
	add("T-1", metric.KindUpdated, "2026-03-05 12:00", solved...)

	add("T-2", metric.KindCreated, "2026-03-06 21:00", metric.AttrPriority, "normal")
	add("T-2", metric.KindComment, "2026-03-10 16:30", reply...)
	add("T-2", metric.KindUpdated, "2026-03-10 17:00", solved...)

	add("T-3", metric.KindCreated, "2026-03-09 08:00", metric.AttrPriority, "urgent")
	add("T-3", metric.KindComment, "2026-03-09 08:30", reply...)
	add("T-3", metric.KindUpdated, "2026-03-10 12:00", solved...)

	add("T-4", metric.KindCreated, "2026-03-27 15:00", metric.AttrPriority, "high")
	add("T-4", metric.KindComment, "2026-03-30 09:00", reply...)
	add("T-4", metric.KindUpdated, "2026-04-01 11:00", solved...)

	add("T-5", metric.KindCreated, "2026-04-02 20:00", metric.AttrPriority, "normal")
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
	asOf := local("2026-04-03 12:00") // Good Friday, a bank holiday
	r := ev.Report(asOf)

	fmt.Fprintf(w, "%s, as of %s\n\n", agreement().Title, when(asOf))
	fmt.Fprintf(w, "%-4s %-16s %-9s %-10s %s\n", "", "objective", "elapsed", "state", "due / breached")
	for _, s := range r.Subjects {
		if s.Type != "ticket" {
			continue
		}
		for _, o := range s.Objectives {
			if !o.InScope || (o.State == sla.StateNotStarted && len(o.Deadlines) == 0) {
				continue // e.g. no information was asked for on this ticket
			}
			switch {
			case len(o.Deadlines) > 0:
				d := o.Deadlines[len(o.Deadlines)-1]
				fmt.Fprintf(w, "%-4s %-16s %-9s %-10s due %s, answered %s\n", s.ID, o.Objective, "", d.State, when(d.Due), when(d.Done))
			case o.State == sla.StateBreached:
				fmt.Fprintf(w, "%-4s %-16s %-9s %-10s breached %s\n", s.ID, o.Objective, hours(o.Elapsed), o.State, when(o.BreachAt))
			case !o.Due.IsZero():
				fmt.Fprintf(w, "%-4s %-16s %-9s %-10s due %s\n", s.ID, o.Objective, hours(o.Elapsed), o.State, when(o.Due))
			default:
				fmt.Fprintf(w, "%-4s %-16s %-9s %s\n", s.ID, o.Objective, hours(o.Elapsed), o.State)
			}
		}
	}

	fmt.Fprintln(w, "\nMarch 2026")
	for _, p := range r.Periods {
		if p.Period.Start.Equal(local("2026-03-01 00:00")) {
			fmt.Fprintf(w, "  %-16s met %d, missed %d\n", p.Objective, p.Met, p.Missed)
		}
	}
	for _, pp := range r.Penalties {
		if !pp.Period.Start.Equal(local("2026-03-01 00:00")) {
			continue
		}
		for _, l := range pp.Lines {
			fmt.Fprintf(w, "  credit %s: %s × %s = %s\n", l.Source, l.Units, l.Rate, l.Amount)
		}
		fmt.Fprintf(w, "  credit owed to Acme: %s, to be claimed before %s\n", pp.Credit, when(pp.ClaimBy))
	}
	if next, ok := ev.NextChange(asOf); ok {
		fmt.Fprintf(w, "\nnext change (set one timer): %s\n", when(next))
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

// when formats an instant in London time, "-" for none.
func when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(london).Format("Mon 2 Jan 15:04 MST")
}

// hours formats business time as hours and minutes ("32h00").
func hours[D ~int64](d D) string {
	m := time.Duration(d) / time.Minute
	return fmt.Sprintf("%dh%02d", m/60, m%60)
}

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}
