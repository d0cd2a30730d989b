package sla

import (
	"testing"
	"time"
)

// downtimeAgreement is an uptime agreement whose objective counts downtime
// periods of at least 10 minutes (Google Cloud's "Downtime Period: ten
// consecutive minutes of Downtime") and lists the three ways an excluded
// stretch can be stated: a customer-caused cause, maintenance announced by
// an event carrying the span, and maintenance stated as the downtime's own
// cause with an "announced" attribute.
const downtimeAgreement = `{
  "id": "downtime", "title": "Minimum downtime after exclusions", "currency": "USD",
  "documentOwner": {"party": "p", "person": "Ann"},
  "parties": [
    {"id": "p", "name": "Provider", "role": "provider", "contacts": [{"name": "Ann"}]},
    {"id": "c", "name": "Customer", "role": "customer"}
  ],
  "term": {"effectiveFrom": "2026-01-01T00:00:00Z"},
  "versions": [
    {"version": "1", "effectiveFrom": "2026-01-01T00:00:00Z",
     "services": [{"id": "app", "name": "App", "provider": "p"}],
     "exclusions": [
       {"id": "customer", "kind": "customerCaused", "party": "c", "causes": ["customer-misuse"]},
       {"id": "announced", "kind": "maintenance", "causes": ["maintenance"], "notice": "P5D",
        "events": [{"kind": "maintenance-announced"}]},
       {"id": "planned", "kind": "maintenance", "causes": ["planned"], "notice": "P5D"}
     ],
     "objectives": [
       {"id": "uptime", "name": "Monthly uptime", "obligor": "p", "beneficiary": "c", "service": "app",
        "scope": {"subject": "service"},
        "metric": {"kind": "availability", "availability": {"source": "intervals",
          "downtime": [{"kind": "outage"}], "minimumDowntime": "PT10M"}},
        "target": {"atLeast": "99.9"}, "period": {"kind": "month"},
        "exclusions": ["customer", "announced", "planned"]}
     ]}
  ]
}`

// TestMinDowntimeAfterExclusionsEvaluator: the evaluator feeds every way of
// stating an exclusion to the one rule of metric.AvailabilitySpec, so a
// 12-minute outage (10:00-10:12 on 10 April 2026) whose first 5 minutes
// are excluded leaves a 7-minute downtime period, under the 10-minute
// minimum, and April has no downtime (Down 0, Excluded 5m, attainment
// 100, achieved), whichever way the 5 minutes are stated. A 20-minute
// outage (10:00-10:20) with the same 5 minutes excluded leaves 15 ≥ 10
// minutes, counted whole in each form.
func TestMinDowntimeAfterExclusionsEvaluator(t *testing.T) {
	a, err := Decode([]byte(downtimeAgreement))
	if err != nil {
		t.Fatal(err)
	}
	outage := func(id, from, to string, attrs ...string) Event {
		return evt(id, "service", "app", "outage", "2026-04-10T10:00:00Z",
			append([]string{"start", "2026-04-10T" + from + ":00Z", "end", "2026-04-10T" + to + ":00Z"}, attrs...)...)
	}
	forms := func(end string) map[string][]Event {
		return map[string][]Event{
			"cause": {
				outage("1", "10:00", "10:05", "cause", "customer-misuse"),
				outage("2", "10:05", end),
			},
			"exclusion span": {
				evt("1", "service", "app", "maintenance-announced", "2026-04-01T10:00:00Z",
					"start", "2026-04-10T10:00:00Z", "end", "2026-04-10T10:05:00Z"),
				outage("2", "10:00", end),
			},
			"maintenance window": {
				outage("1", "10:00", "10:05", "cause", "planned", "announced", "2026-04-01T10:00:00Z"),
				outage("2", "10:05", end),
			},
		}
	}
	asOf := mustTime(t, "2026-05-01T00:00:00Z")
	for _, tc := range []struct {
		end      string
		down     time.Duration
		verdict  string
		describe string
	}{
		{"10:12", 0, VerdictAchieved, "7 minutes left, < 10: not a downtime period"},
		{"10:20", 15 * minute, VerdictAchieved, "15 minutes left, ≥ 10: counted (43,180 / 43,195 = 99.965% ≥ 99.9)"},
	} {
		for name, events := range forms(tc.end) {
			t.Run(tc.end+"/"+name, func(t *testing.T) {
				r, err := Evaluate(a, seq(events), asOf)
				if err != nil {
					t.Fatal(err)
				}
				ps := findPeriods(r, "uptime")
				var april *PeriodReport
				for i := range ps {
					if ps[i].Period.Start.Equal(mustTime(t, "2026-04-01T00:00:00Z")) {
						april = &ps[i]
					}
				}
				if april == nil {
					t.Fatalf("no April period in %v", ps)
				}
				if time.Duration(april.Down) != tc.down || time.Duration(april.Excluded) != 5*minute || april.Verdict != tc.verdict {
					t.Errorf("%s: April down %v excluded %v verdict %v, want %v 5m0s %v",
						tc.describe, time.Duration(april.Down), time.Duration(april.Excluded), april.Verdict, tc.down, tc.verdict)
				}
			})
		}
	}
}
