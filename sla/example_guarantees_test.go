package sla_test

import (
	"errors"
	"fmt"
	"os"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/metric"
	"github.com/slaeval/slaeval/sla"
)

func decode(path string) sla.Agreement {
	b, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	a, err := sla.Decode(b)
	if err != nil {
		panic(err)
	}
	return a
}

// An event whose kind no condition names (a typo) is ignored: Apply
// returns nil, nothing changes, and the report counts it by subject type
// and kind, so the typo shows on the first run.
func ExampleAccounting_ignored() {
	ev, err := sla.NewEvaluator(minimal())
	if err != nil {
		panic(err)
	}
	fmt.Println(ev.Apply(sla.Event{ID: "1", SubjectType: "ticket", Subject: "T1", Kind: "ticket.created", At: at("2026-03-02T09:00:00Z")}))
	fmt.Println(ev.Apply(sla.Event{ID: "2", SubjectType: "ticket", Subject: "T1", Kind: "ticket.comented", At: at("2026-03-02T10:00:00Z"), Attrs: agentReply}))
	in := ev.Report(at("2026-03-02T12:00:00Z")).Input
	fmt.Println(in.Applied, in.Ignored)
	// Output:
	// <nil>
	// <nil>
	// 1 [{ticket ticket.comented 1}]
}

// A usage value outside the documented range is rejected at Apply with
// ErrRange, so it never reaches the month's credits.
func ExampleEvent_valueRange() {
	ev, err := sla.NewEvaluator(decode("testdata/agreements/support-desk.json"))
	if err != nil {
		panic(err)
	}
	e := sla.Event{ID: "u1", SubjectType: sla.SubjectService, Subject: "support", Kind: sla.KindUsage, At: at("2026-03-02T09:00:00Z"),
		Value: decimal.RequireFromString("1e30"), HasValue: true}
	err = ev.Apply(e)
	fmt.Println(errors.Is(err, sla.ErrRange))
	fmt.Println(err)
	// Output:
	// true
	// sla: event "u1" (service/support): value out of range: value 1000000000000000000000000000000 has more than 15 digits before the decimal point (at most 10^15 - 1)
}

// A monthly report "within 10 business days of month end": March's never
// came, April's names its month and came on time. March stays missed and
// April is met; without the attribute April's report would cover April
// too (the latest month ended and not yet done), never March.
func ExampleAttrPeriod() {
	ev, err := sla.NewEvaluator(decode("testdata/scenarios/sales-marketing/agreement.json"))
	if err != nil {
		panic(err)
	}
	err = ev.Apply(sla.Event{ID: "r1", SubjectType: "report", Subject: "friction", Kind: "report-sent", At: at("2026-05-06T09:00:00Z"),
		Attrs: []metric.Attr{{Key: sla.AttrPeriod, Value: "2026-04"}, {Key: "report", Value: "customer-friction"}}})
	if err != nil {
		panic(err)
	}
	for _, pr := range ev.Report(at("2026-05-31T00:00:00Z")).Periods {
		if pr.Objective == "friction-report" {
			fmt.Println(pr.Period.Start.Format("2006-01"), pr.Verdict)
		}
	}
	// Output:
	// 2026-03 missed
	// 2026-04 achieved
}
