package sla_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/slaeval/slaeval/sla"
)

// Compile an agreement once and give every tenant an evaluator of its
// own: the evaluators share the compiled calendars and clocks and keep
// only their own events' state. Tenant a's T1 is answered after 2 hours
// of the 4 allowed (met); tenant b has a T1 of its own, still open after
// 1 hour.
func ExampleCompile() {
	c, err := sla.Compile(minimal())
	if err != nil {
		panic(err)
	}
	tenants := map[string]*sla.Evaluator{"a": c.NewEvaluator(), "b": c.NewEvaluator()}

	created := sla.Event{ID: "1", SubjectType: "ticket", Subject: "T1", Kind: "ticket.created", At: at("2026-03-02T09:00:00Z")}
	reply := sla.Event{ID: "2", SubjectType: "ticket", Subject: "T1", Kind: "ticket.comment", At: at("2026-03-02T11:00:00Z"), Attrs: agentReply}
	for _, e := range []sla.Event{created, reply} {
		if err := tenants["a"].Apply(e); err != nil {
			panic(err)
		}
	}
	created.At = at("2026-03-02T10:00:00Z")
	if err := tenants["b"].Apply(created); err != nil {
		panic(err)
	}

	for _, name := range []string{"a", "b"} {
		o := tenants[name].Report(at("2026-03-02T11:00:00Z")).Subjects[0].Objectives[0]
		fmt.Printf("%s: %s %s after %v\n", name, o.Objective, o.State, o.Elapsed)
	}
	// Output:
	// a: o met after 2h0m0s
	// b: o inProgress after 1h0m0s
}

// Read events from JSON Lines: a bad line is reported with its line
// number and field, and the lines after it are still read. The field
// "source", which this version of the form does not define, is ignored.
func ExampleDecodeEvents() {
	in := `{"id":"1","subjectType":"ticket","subject":"T1","kind":"ticket.created","at":"2026-03-02T09:00:00Z","source":"email"}
{"id":"2","subjectType":"ticket","subject":"T1","kind":"ticket.comment","at":"2026-03-02 10:00"}
{"id":"3","subjectType":"ticket","subject":"T1","kind":"ticket.comment","at":"2026-03-02T11:00:00Z","attrs":{"author":"agent"}}`
	for e, err := range sla.DecodeEvents(strings.NewReader(in)) {
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(e.ID, e.Kind, e.At.Format(time.RFC3339), e.Attrs)
	}
	// Output:
	// 1 ticket.created 2026-03-02T09:00:00Z []
	// sla: event line 2: field "at": want an RFC 3339 instant such as "2026-03-02T09:00:00Z", got "2026-03-02 10:00"
	// 3 ticket.comment 2026-03-02T11:00:00Z [{author agent}]
}
