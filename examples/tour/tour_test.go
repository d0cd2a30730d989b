package tour_test

import (
	"fmt"
	"time"

	_ "time/tzdata"

	"github.com/rickb777/period"

	"github.com/slaeval/slaeval/calendar"
	"github.com/slaeval/slaeval/metric"
	"github.com/slaeval/slaeval/sla"
)

// Example is the README's code tour. The expected output is derived by hand:
//
//   - The desk is open Mon–Fri 07:30–22:00 in London (14h30 a day), and
//     Fri 3 Apr and Mon 6 Apr 2026 are English bank holidays (Good Friday,
//     Easter Monday). A ticket opened Thu 2 Apr 21:00 BST has 1h left that
//     day; Tue 7 Apr gives 14h30 (15h30 in all) and Wed 8 Apr the remaining
//     8h30 from 07:30: due Wed 8 Apr 16:00 BST.
//   - T-1 is answered Thu 2 Apr 21:30 after 30m of business time: met.
//   - T-2, opened Thu 2 Apr 21:00, is still unanswered at the report instant
//     Tue 7 Apr 12:00 (1h + 4h30 = 5h30 elapsed), due Wed 8 Apr 16:00.
func Example() {
	london, _ := time.LoadLocation("Europe/London")
	hours, _ := calendar.Parse("Mon-Fri 07:30-22:00", london, calendar.HolidaySets("GB-ENG"))
	opened := time.Date(2026, 4, 2, 21, 0, 0, 0, london)
	fmt.Println("due:", hours.Add(opened, 24*time.Hour).Format("Mon 2 Jan 15:04 MST"))

	start := time.Date(2026, 1, 1, 0, 0, 0, 0, london)
	a := sla.Agreement{
		ID: "tour", Title: "First reply within 24 business hours", Zone: "Europe/London",
		Owner:   sla.Owner{Party: "desk", Person: "Riya"},
		Parties: []sla.Party{{ID: "desk", Name: "Desk", Role: sla.RoleProvider, Contacts: []sla.Contact{{Name: "Riya"}}}, {ID: "acme", Name: "Acme", Role: sla.RoleCustomer}},
		Term:    sla.Term{EffectiveFrom: start},
		Versions: []sla.Version{{Version: "1", EffectiveFrom: start,
			Calendars: map[string]calendar.Spec{"desk": hours.Spec()},
			Services:  []sla.Service{{ID: "support", Name: "Support", Provider: "desk", Hours: "desk"}},
			Objectives: []sla.Objective{{ID: "first-reply", Name: "First reply", Obligor: "desk", Beneficiary: "acme",
				Service: "support", Scope: sla.Scope{Subject: "ticket"},
				Metric: sla.Metric{Kind: sla.KindClock, Clock: &sla.Clock{Preset: sla.PresetFirstReply}},
				Target: &sla.Target{Within: period.MustParse("PT24H"), Unit: sla.UnitBusiness}}},
		}},
	}
	ev, err := sla.NewEvaluator(a)
	if err != nil {
		fmt.Println(err)
		return
	}
	agent := []metric.Attr{{Key: metric.AttrAuthor, Value: metric.AuthorAgent}, {Key: metric.AttrPublic, Value: "true"}}
	for _, e := range []sla.Event{
		{ID: "1", SubjectType: "ticket", Subject: "T-1", Kind: metric.KindCreated, At: opened},
		{ID: "2", SubjectType: "ticket", Subject: "T-2", Kind: metric.KindCreated, At: opened},
		{ID: "3", SubjectType: "ticket", Subject: "T-1", Kind: metric.KindComment, At: opened.Add(30 * time.Minute), Attrs: agent},
	} {
		if err := ev.Apply(e); err != nil {
			fmt.Println(err)
		}
	}
	report := ev.Report(time.Date(2026, 4, 7, 12, 0, 0, 0, london))
	for _, s := range report.Subjects {
		for _, o := range s.Objectives {
			fmt.Printf("%s %s: %s after %v", s.ID, o.Objective, o.State, o.Elapsed)
			if !o.Due.IsZero() {
				fmt.Print(", due ", o.Due.In(london).Format("Mon 2 Jan 15:04"))
			}
			fmt.Println()
		}
	}
	// Output:
	// due: Wed 8 Apr 16:00 BST
	// T-1 first-reply: met after 30m0s
	// T-2 first-reply: inProgress after 5h30m0s, due Wed 8 Apr 16:00
}
