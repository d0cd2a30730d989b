package sla_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/rickb777/date/v2"
	"github.com/rickb777/period"
	"github.com/slaeval/slaeval/calendar"
	"github.com/slaeval/slaeval/sla"
)

// A small agreement: a provider answers every ticket within 24 business
// hours; version 2 tightens that to 8 from 1 July.
const deskJSON = `{
  "id": "desk", "title": "Helpdesk", "zone": "Europe/London",
  "documentOwner": {"party": "helpco", "person": "Riya"},
  "review": {"every": "P6M", "lastReviewed": "2026-01-05"},
  "parties": [
    {"id": "helpco", "name": "HelpCo", "role": "provider", "contacts": [{"name": "Riya"}]},
    {"id": "acme", "name": "Acme", "role": "customer"}
  ],
  "term": {"effectiveFrom": "2026-01-01T00:00:00Z",
           "terminationWithoutCause": {"by": ["acme"], "notice": "P1M", "atEndOf": "month"}},
  "versions": [
    {"version": "1", "effectiveFrom": "2026-01-01T00:00:00Z",
     "calendars": {"desk": {"hours": "Mon-Fri 07:30-22:00", "zone": "Europe/London"}},
     "services": [{"id": "desk", "name": "Helpdesk", "provider": "helpco", "hours": "desk"}],
     "objectives": [{"id": "first-reply", "name": "First reply", "obligor": "helpco", "beneficiary": "acme",
       "service": "desk", "metric": {"kind": "clock", "clock": {"preset": "firstReply"}},
       "target": {"within": "PT24H", "unit": "business"}}]},
    {"version": "2", "effectiveFrom": "2026-07-01T00:00:00+01:00",
     "calendars": {"desk": {"hours": "Mon-Fri 07:30-22:00", "zone": "Europe/London"}},
     "services": [{"id": "desk", "name": "Helpdesk", "provider": "helpco", "hours": "desk"}],
     "objectives": [{"id": "first-reply", "name": "First reply", "obligor": "helpco", "beneficiary": "acme",
       "service": "desk", "metric": {"kind": "clock", "clock": {"preset": "firstReply"}},
       "target": {"within": "PT8H", "unit": "business"}}]}
  ]
}`

func mustDecode(s string) sla.Agreement {
	a, err := sla.Decode([]byte(s))
	if err != nil {
		panic(err)
	}
	return a
}

// Building an agreement in Go: the same values the JSON form holds.
func Example_build() {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	a := sla.Agreement{
		ID: "acme-support", Title: "Acme support", Zone: "Europe/London",
		Owner:  sla.Owner{Party: "helpco", Person: "Riya"},
		Review: sla.Review{Every: period.MustParse("P6M")},
		Parties: []sla.Party{
			{ID: "helpco", Name: "HelpCo", Role: sla.RoleProvider, Contacts: []sla.Contact{{Name: "Riya"}}},
			{ID: "acme", Name: "Acme", Role: sla.RoleCustomer},
		},
		Term: sla.Term{EffectiveFrom: start},
		Versions: []sla.Version{{
			Version: "1", EffectiveFrom: start,
			Calendars: map[string]calendar.Spec{"support": {Hours: "Mon-Fri 07:30-22:00", Zone: "Europe/London"}},
			Services:  []sla.Service{{ID: "support", Name: "Helpdesk", Provider: "helpco", Hours: "support"}},
			Objectives: []sla.Objective{{
				ID: "first-reply", Name: "First reply within 24 business hours",
				Obligor: "helpco", Beneficiary: "acme", Service: "support",
				Metric: sla.Metric{Kind: sla.KindClock, Clock: &sla.Clock{Preset: sla.PresetFirstReply}},
				Target: &sla.Target{Within: period.MustParse("PT24H"), Unit: sla.UnitBusiness},
			}},
		}},
	}
	if err := a.Validate(); err != nil {
		fmt.Println(err)
		return
	}
	obj, _ := json.Marshal(a.Versions[0].Objectives[0])
	fmt.Println(string(obj))
	due, _ := a.NextReviewDue()
	fmt.Println("next review due", due)
	// Output:
	// {"id":"first-reply","name":"First reply within 24 business hours","obligor":"helpco","beneficiary":"acme","service":"support","metric":{"kind":"clock","clock":{"preset":"firstReply"}},"target":{"within":"PT24H","unit":"business"}}
	// next review due 2026-07-01
}

func ExampleDecode() {
	a, err := sla.Decode([]byte(deskJSON))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range a.Versions {
		t := v.Objectives[0].Target
		fmt.Println(v.Version, v.EffectiveFrom.UTC().Format(time.RFC3339), v.Objectives[0].ID, t.Within, t.Unit)
	}
	// Output:
	// 1 2026-01-01T00:00:00Z first-reply PT24H business
	// 2 2026-06-30T23:00:00Z first-reply PT8H business
}

// Decode reports every problem at once, each with its JSON path.
func ExampleDecode_problems() {
	_, err := sla.Decode([]byte(`{"id": "x", "title": "X", "zone": "Europe/Lundon",
	  "documentOwner": {"party": "p", "person": "Ann"},
	  "parties": [{"id": "p", "name": "P", "role": "provider", "contacts": [{"name": "Ann"}]}, {"id": "c", "name": "C", "role": "customer"}],
	  "term": {"effectiveFrom": "2026-01-01T00:00:00Z"},
	  "versions": [{"version": "1", "effectiveFrom": "2026-01-01T00:00:00Z",
	    "services": [{"id": "s", "name": "S", "provider": "p"}],
	    "objectives": [{"id": "o", "name": "O", "obligor": "p", "beneficiary": "nobody", "calendar": "office",
	      "metric": {"kind": "clock", "clock": {"preset": "firstReply"}}, "target": {"within": "P3D", "unit": "business"}}]}]}`))
	for _, p := range sla.Problems(err) {
		fmt.Println(p)
	}
	fmt.Println(errors.Is(err, sla.ErrZone), errors.Is(err, sla.ErrUnknownRef), errors.Is(err, sla.ErrUnit))
	// Output:
	// sla: zone: time zone "Europe/Lundon" does not exist; use an IANA name such as "Europe/London"
	// sla: versions[0].objectives[0].beneficiary: party "nobody" is not one of the agreement's parties
	// sla: versions[0].objectives[0].calendar: calendar "office" is not defined in this version's calendars
	// sla: versions[0].objectives[0].target.within: P3D has days, weeks, months or years, which have no fixed length in business time; write hours (e.g. PT27H) or use unit businessDays
	// true true true
}

func ExampleEncode() {
	a := mustDecode(deskJSON)
	data, _ := sla.Encode(a)
	b, err := sla.Decode(data)
	fmt.Println(err == nil, len(b.Versions))
	// Output: true 2
}

func ExampleAgreement_Validate() {
	a := mustDecode(deskJSON)
	a.Versions[1].EffectiveFrom = a.Versions[0].EffectiveFrom // both versions from the same instant
	a.Versions[0].Objectives[0].Target.Unit = sla.UnitBusinessDays
	err := a.Validate()
	for _, p := range sla.Problems(err) {
		fmt.Println(p.Path, errors.Is(p, sla.ErrOverlap), errors.Is(p, sla.ErrUnit))
	}
	// Output:
	// versions[0].objectives[0].target.within false true
	// versions[1].effectiveFrom true false
}

func ExampleProblems() {
	err := errors.Join(&sla.Error{Path: "title", Msg: "a title is required", Err: sla.ErrMissing})
	for _, p := range sla.Problems(err) {
		fmt.Printf("%s | %s | %v\n", p.Path, p.Msg, p.Err)
	}
	// Output: title | a title is required | required field missing
}

func ExampleAgreement_InForce() {
	a := mustDecode(deskJSON)
	for _, t := range []string{"2025-12-31T23:59:59Z", "2026-06-30T22:59:59Z", "2026-06-30T23:00:00Z"} {
		at, _ := time.Parse(time.RFC3339, t)
		i, ok := a.InForce(at)
		if !ok {
			fmt.Println(t, "no version in force")
			continue
		}
		fmt.Println(t, "version", a.Versions[i].Version)
	}
	// Output:
	// 2025-12-31T23:59:59Z no version in force
	// 2026-06-30T22:59:59Z version 1
	// 2026-06-30T23:00:00Z version 2
}

func ExampleAgreement_VersionSpan() {
	a := mustDecode(deskJSON)
	from, to, _ := a.VersionSpan(0)
	fmt.Println(from.UTC(), to.UTC())
	_, to, _ = a.VersionSpan(1)
	fmt.Println(to.IsZero()) // open-ended: the term has no end
	// Output:
	// 2026-01-01 00:00:00 +0000 UTC 2026-06-30 23:00:00 +0000 UTC
	// true
}

func ExampleAgreement_NextReviewDue() {
	a := mustDecode(deskJSON)
	due, ok := a.NextReviewDue()
	fmt.Println(due, ok) // 2026-01-05 + P6M
	// Output: 2026-07-05 true
}

func ExampleAgreement_ReviewOverdue() {
	a := mustDecode(deskJSON)
	// Due 2026-07-05 in London (BST, UTC+1).
	fmt.Println(a.ReviewOverdue(time.Date(2026, 7, 5, 22, 59, 0, 0, time.UTC)))
	fmt.Println(a.ReviewOverdue(time.Date(2026, 7, 5, 23, 0, 0, 0, time.UTC)))
	// Output:
	// false
	// true
}

func ExampleAgreement_EarliestTerminationWithoutCause() {
	a := mustDecode(deskJSON)
	// Notice on 10 March + P1M = 10 April, moved to the end of April
	// (midnight BST on 1 May).
	end, err := a.EarliestTerminationWithoutCause(time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC))
	fmt.Println(end.UTC(), err)
	// Output: 2026-04-30 23:00:00 +0000 UTC <nil>
}

func ExampleAgreement_Location() {
	a := mustDecode(deskJSON)
	loc, err := a.Location()
	fmt.Println(loc, err)
	// Output: Europe/London <nil>
}

func ExampleTarget_Span() {
	for _, t := range []sla.Target{
		{Within: period.MustParse("PT27H"), Unit: sla.UnitBusiness},
		{Within: period.MustParse("P3D"), Unit: sla.UnitBusinessDays},
		{Within: period.MustParse("P30D"), Unit: sla.UnitWall},
	} {
		s, ok := t.Span()
		fmt.Println(t.Within, t.Unit, s.Unit == calendar.BusinessTime, s.Duration, s.Days, ok)
	}
	// Output:
	// PT27H business true 27h0m0s 0 true
	// P3D businessDays false 0s 3 true
	// P30D wall false 0s 0 false
}

func ExampleSchema() {
	var s map[string]any
	_ = json.Unmarshal(sla.Schema(), &s)
	fmt.Println(s["$schema"])
	// Output: https://json-schema.org/draft/2020-12/schema
}

// The zero Date means "never reviewed"; the term's first day counts.
func ExampleReview() {
	a := mustDecode(deskJSON)
	a.Review.LastReviewed = date.Date(0)
	due, _ := a.NextReviewDue()
	fmt.Println(due)
	// Output: 2026-07-01
}

func ExampleAgreement_Party() {
	a := mustDecode(deskJSON)
	p, ok := a.Party("acme")
	fmt.Println(p.Name, p.Role, ok)
	// Output: Acme customer true
}

func ExampleVersion_Objective() {
	a := mustDecode(deskJSON)
	o, ok := a.Versions[1].Objective("first-reply")
	fmt.Println(o.Target.Within, ok)
	// Output: PT8H true
}

func ExampleVersion_Service() {
	a := mustDecode(deskJSON)
	s, ok := a.Versions[0].Service("desk")
	fmt.Println(s.Hours, ok)
	// Output: desk true
}

func ExampleVersion_CalendarOf() {
	a := mustDecode(deskJSON)
	v := a.Versions[0]
	o, _ := v.Objective("first-reply")
	name := v.CalendarOf(o) // the objective names none: its service's hours
	fmt.Println(name, v.Calendars[name].Hours)
	// Output: desk Mon-Fri 07:30-22:00
}

func ExampleTarget_Deadline() {
	t := sla.Target{By: "dayAt 1 16:00"} // the next business day at 16:00
	d, ok := t.Deadline()
	fmt.Println(d, ok)
	office, _ := calendar.Spec{Hours: "Mon-Fri 09:00-17:30", Zone: "Europe/London", HolidaySets: []string{"GB-ENG"}}.Build()
	london, _ := time.LoadLocation("Europe/London")
	// Asked on Friday 1 May 2026 at 18:00; Monday 4 May is a bank holiday.
	due, _ := d.Resolve(office, time.Date(2026, 5, 1, 18, 0, 0, 0, london))
	fmt.Println(due.Format("Mon 2 Jan 15:04"))
	// Output:
	// dayAt 1 16:00 true
	// Tue 5 May 16:00
}
