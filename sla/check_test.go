package sla

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCheck: each kind of warning on minimal.json with one edit, as an
// author would write it. The expected paths are read off the edits; the
// messages are checked to exist, not pinned.
func TestCheck(t *testing.T) {
	obj := `{"id": "o", "name": "First reply", "obligor": "p", "beneficiary": "c",
        "metric": {"kind": "clock", "clock": {"preset": "firstReply"}},
        "target": {"within": "PT4H", "unit": "business"}}`
	withObj := func(o string) []string { return []string{obj, o} }
	tests := []struct {
		name  string
		edits []string
		want  []string // paths
	}{
		{"minimal.json has nothing to warn about", nil, nil},
		{"a calendar nothing uses", []string{`"services": [`, `"calendars": {"office": {"hours": "Mon-Fri 09:00-17:00"}}, "services": [`},
			[]string{"versions[0].calendars.office"}},
		{"a used calendar", []string{`"services": [{"id": "s", "name": "Service", "provider": "p"}]`,
			`"calendars": {"office": {"hours": "Mon-Fri 09:00-17:00"}}, "services": [{"id": "s", "name": "Service", "provider": "p", "hours": "office"}]`}, nil},
		// With two services neither describes the version alone: both
		// are unused, since the objective names none.
		{"two services nothing measures", []string{`"services": [{"id": "s", "name": "Service", "provider": "p"}]`,
			`"services": [{"id": "s", "name": "Service", "provider": "p"}, {"id": "t", "name": "Other", "provider": "p"}]`},
			[]string{"versions[0].services[0]", "versions[0].services[1]"}},
		{"an exclusion no objective lists", []string{`"objectives": [`, `"exclusions": [{"id": "maint", "kind": "maintenance", "causes": ["maintenance"]}], "objectives": [`},
			[]string{"versions[0].exclusions[0]"}},
		{"equals two values in a scope", withObj(`{"id": "o", "name": "First reply", "obligor": "p", "beneficiary": "c",
        "scope": {"where": [{"attr": "priority", "op": "equals", "values": ["high"]}, {"attr": "priority", "op": "equals", "values": ["low"]}]},
        "metric": {"kind": "clock", "clock": {"preset": "firstReply"}}, "target": {"within": "PT4H", "unit": "business"}}`),
			[]string{"versions[0].objectives[0].scope.where"}},
		{"present and absent in a stop condition", withObj(`{"id": "o", "name": "Reply", "obligor": "p", "beneficiary": "c",
        "metric": {"kind": "clock", "clock": {"start": [{"kind": "created"}], "stop": [{"kind": "comment"}, {"kind": "comment", "where": [{"attr": "public", "op": "present"}, {"attr": "public", "op": "absent"}]}]}},
        "target": {"within": "PT4H", "unit": "business"}}`),
			[]string{"versions[0].objectives[0].metric.clock.stop[1].where"}},
		{"in and notIn leave nothing", withObj(`{"id": "o", "name": "Reply", "obligor": "p", "beneficiary": "c",
        "metric": {"kind": "clock", "clock": {"start": [{"kind": "created", "where": [{"attr": "channel", "op": "in", "values": ["email", "web"]}, {"attr": "channel", "op": "notIn", "values": ["web", "email"]}]}], "stop": [{"kind": "comment"}]}},
        "target": {"within": "PT4H", "unit": "business"}}`),
			[]string{"versions[0].objectives[0].metric.clock.start[0].where"}},
		{"in and notIn leave one value", withObj(`{"id": "o", "name": "Reply", "obligor": "p", "beneficiary": "c",
        "metric": {"kind": "clock", "clock": {"start": [{"kind": "created", "where": [{"attr": "channel", "op": "in", "values": ["email", "web"]}, {"attr": "channel", "op": "notIn", "values": ["web"]}]}], "stop": [{"kind": "comment"}]}},
        "target": {"within": "PT4H", "unit": "business"}}`), nil},
		{"notIn then absent is possible", withObj(`{"id": "o", "name": "Reply", "obligor": "p", "beneficiary": "c",
        "metric": {"kind": "clock", "clock": {"start": [{"kind": "created", "where": [{"attr": "channel", "op": "notIn", "values": ["web"]}, {"attr": "channel", "op": "absent"}]}], "stop": [{"kind": "comment"}]}},
        "target": {"within": "PT4H", "unit": "business"}}`), nil},
		{"targets the scope excludes", withObj(`{"id": "o", "name": "First reply", "obligor": "p", "beneficiary": "c",
        "scope": {"where": [{"attr": "priority", "op": "in", "values": ["low", "normal"]}]},
        "metric": {"kind": "clock", "clock": {"preset": "firstReply"}}, "target": {"within": "PT8H", "unit": "business"},
        "targetBy": "priority", "targets": [{"when": "urgent", "target": {"within": "PT1H", "unit": "business"}}, {"when": "high", "target": {"within": "PT2H", "unit": "business"}}]}`),
			[]string{"versions[0].objectives[0].targets[0].when", "versions[0].objectives[0].targets[1].when", "versions[0].objectives[0].targetBy"}},
		{"one target the scope excludes", withObj(`{"id": "o", "name": "First reply", "obligor": "p", "beneficiary": "c",
        "scope": {"where": [{"attr": "priority", "op": "notIn", "values": ["urgent"]}]},
        "metric": {"kind": "clock", "clock": {"preset": "firstReply"}}, "target": {"within": "PT8H", "unit": "business"},
        "targetBy": "priority", "targets": [{"when": "urgent", "target": {"within": "PT1H", "unit": "business"}}, {"when": "high", "target": {"within": "PT2H", "unit": "business"}}]}`),
			[]string{"versions[0].objectives[0].targets[0].when"}},
		{"a scope on a ratio", withObj(obj + `, {"id": "r", "name": "Ratio", "obligor": "p", "beneficiary": "c", "scope": {"subject": "ticket"},
        "metric": {"kind": "ratio", "ratio": {"of": "o"}}, "target": {"atLeast": "90"}, "period": {"kind": "month"}}`),
			[]string{"versions[0].objectives[1].scope"}},
		{"a subject type nothing can start", withObj(`{"id": "o", "name": "Reply", "obligor": "p", "beneficiary": "c", "scope": {"subject": "ticket"},
        "metric": {"kind": "clock", "clock": {"start": [{"kind": "created", "where": [{"attr": "a", "op": "equals", "values": ["1"]}, {"attr": "a", "op": "absent"}]}], "stop": [{"kind": "comment"}]}},
        "target": {"within": "PT4H", "unit": "business"}}`),
			[]string{"versions[0].objectives[0].metric.clock.start[0].where", "versions[0].objectives[0].scope.subject"}},
		{"a subject type another objective can start", withObj(`{"id": "o", "name": "Reply", "obligor": "p", "beneficiary": "c", "scope": {"subject": "ticket"},
        "metric": {"kind": "clock", "clock": {"start": [{"kind": "created", "where": [{"attr": "a", "op": "equals", "values": ["1"]}, {"attr": "a", "op": "absent"}]}], "stop": [{"kind": "comment"}]}},
        "target": {"within": "PT4H", "unit": "business"}}, ` + strings.Replace(obj, `"id": "o"`, `"id": "o2"`, 1)),
			[]string{"versions[0].objectives[0].metric.clock.start[0].where"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := Decode(minimalWith(t, tc.edits...))
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			var got []string
			for _, w := range a.Check() {
				got = append(got, w.Path)
				if w.Message == "" {
					t.Errorf("warning at %s has no message", w.Path)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Check() paths (-want +got):\n%s\nwarnings: %v", diff, a.Check())
			}
		})
	}
}

// TestCheckSeeds: the complete example agreements draw only the warnings
// read off them here.
func TestCheckSeeds(t *testing.T) {
	want := map[string][]string{
		// Three services; the customer-service team's objectives name none.
		"sales-marketing-service.json": {"versions[0].services[2]"},
	}
	for _, name := range []string{"follow-the-sun.json", "minimal.json", "relative-deadlines.json", "saas-uptime.json", "sales-marketing-service.json", "support-desk.json"} {
		a := loadSeed(t, name)
		var got []string
		for _, w := range a.Check() {
			got = append(got, w.Path)
		}
		if diff := cmp.Diff(want[name], got); diff != "" {
			t.Errorf("%s: Check() paths (-want +got):\n%s", name, diff)
		}
	}
}

// TestCheckNeverPanics: Check reads the zero agreement and invalid ones.
func TestCheckNeverPanics(t *testing.T) {
	if got := (Agreement{}).Check(); got != nil {
		t.Errorf("Agreement{}.Check() = %v, want nil", got)
	}
	files, _ := os.ReadDir("testdata/invalid")
	for _, f := range files {
		data, err := os.ReadFile("testdata/invalid/" + f.Name())
		if err != nil {
			t.Fatal(err)
		}
		a, _ := Decode(data)
		_ = a.Check()
	}
}

func ExampleAgreement_Check() {
	doc := []byte(`{
  "id": "desk", "title": "Helpdesk",
  "documentOwner": {"party": "p", "person": "Ann"},
  "parties": [
    {"id": "p", "name": "Provider", "role": "provider", "contacts": [{"name": "Ann"}]},
    {"id": "c", "name": "Customer", "role": "customer"}
  ],
  "term": {"effectiveFrom": "2026-01-01T00:00:00Z"},
  "versions": [{
    "version": "1", "effectiveFrom": "2026-01-01T00:00:00Z",
    "calendars": {"weekdays": {"hours": "Mon-Fri 09:00-17:00"}, "weekends": {"hours": "Sat-Sun 10:00-14:00"}},
    "services": [{"id": "desk", "name": "Helpdesk", "provider": "p", "hours": "weekdays"}],
    "objectives": [{
      "id": "first-reply", "name": "First reply", "obligor": "p", "beneficiary": "c", "service": "desk",
      "scope": {"subject": "ticket", "where": [{"attr": "priority", "op": "in", "values": ["low", "normal"]}]},
      "metric": {"kind": "clock", "clock": {"preset": "firstReply"}},
      "target": {"within": "PT8H", "unit": "business"},
      "targetBy": "priority",
      "targets": [{"when": "urgent", "target": {"within": "PT1H", "unit": "business"}}]
    }]
  }]
}`)
	a, err := Decode(doc)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, w := range a.Check() {
		fmt.Println(w)
	}
	// Output:
	// sla: versions[0].calendars.weekends: calendar "weekends" is not used by any service, objective or exclusion of this version; remove it, or name it in a service's hours or an objective's calendar
	// sla: versions[0].objectives[0].targets[0].when: the objective's scope excludes "priority" "urgent", so this target never applies
	// sla: versions[0].objectives[0].targetBy: the scope excludes every value in targets, so the default target is the only one that ever applies; remove targetBy and targets, or widen the scope
}
