package sla

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// template is one kind of event a generated stream may contain.
type template struct {
	typ   string
	subj  []string
	kind  string
	attrs [][]string // alternatives, each key, value, ...
	value bool
}

func seedTemplates(name string) []template {
	tickets := []string{"T1", "T2", "T3", "T4", "T5", "T6"}
	switch name {
	case "support-desk.json":
		return []template{
			{typ: "ticket", subj: tickets, kind: "ticket.created", attrs: [][]string{nil, {"priority", "urgent"}, {"priority", "high"}}},
			{typ: "ticket", subj: tickets, kind: "ticket.comment", attrs: [][]string{{"author", "agent", "public", "true"}, {"author", "requester", "public", "true"}}},
			{typ: "ticket", subj: tickets, kind: "ticket.updated", attrs: [][]string{{"status", "solved"}, {"status", "open"}, {"priority", "urgent"}, {"cause", "awaiting-customer"}}},
			{typ: "ticket", subj: tickets, kind: "status-changed", attrs: [][]string{{"status", "pending"}, {"status", "open"}}},
			{typ: "ticket", subj: tickets, kind: "info-requested"},
			{typ: "ticket", subj: tickets, kind: "customer-replied"},
			{typ: "invoice", subj: []string{"I1", "I2"}, kind: "invoice-issued"},
			{typ: "invoice", subj: []string{"I1", "I2"}, kind: "invoice-paid"},
			{typ: "service", subj: []string{"support"}, kind: KindUsage, value: true},
		}
	case "saas-uptime.json":
		return []template{
			{typ: "service", subj: []string{"app", "db"}, kind: "down", attrs: [][]string{{"service", "app"}, {"service", "app", "cause", "customer-misuse"}, {"service", "db"}}},
			{typ: "service", subj: []string{"app", "db"}, kind: "up", attrs: [][]string{{"service", "app"}}},
			{typ: "incident", subj: tickets, kind: "incident-opened", attrs: [][]string{{"priority", "P1"}, {"priority", "P2"}}},
			{typ: "incident", subj: tickets, kind: "incident-acknowledged"},
			{typ: "service", subj: []string{"api"}, kind: "api-latency-ms", value: true},
			{typ: "invoice", subj: []string{"I1", "I2"}, kind: "invoice-issued"},
			{typ: "invoice", subj: []string{"I1", "I2"}, kind: "invoice-paid"},
		}
	case "rolling-credits.json": // availability over rolling windows with credits
		return []template{
			{typ: "service", subj: []string{"ivr"}, kind: "down", attrs: [][]string{{"service", "ivr"}}},
			{typ: "service", subj: []string{"ivr"}, kind: "up", attrs: [][]string{{"service", "ivr"}}},
		}
	case "priority-compliance.json": // a ratio split by priority (compliance_split.go)
		return []template{
			{typ: "incident", subj: tickets, kind: "incident-opened", attrs: [][]string{{"priority", "P1"}, {"priority", "P2"}, {"priority", "P3"}, nil}},
			{typ: "incident", subj: tickets, kind: "incident-responded"},
			{typ: "incident", subj: tickets, kind: "incident-updated", attrs: [][]string{{"priority", "P1"}, {"priority", "P3"}}},
		}
	default: // sales-marketing-service.json
		leads := []string{"L1", "L2", "L3", "L4", "L5", "L6", "L7", "L8"}
		return []template{
			{typ: "lead", subj: leads, kind: "lead-qualified", attrs: [][]string{{"quality", "A"}, {"quality", "B"}, {"quality", "C"}}},
			{typ: "lead", subj: leads, kind: "lead-contacted"},
			{typ: "report", subj: []string{"r"}, kind: "report-sent", attrs: [][]string{{"report", "customer-friction"}, {"report", "other"}}},
			{typ: "invoice", subj: []string{"I1", "I2"}, kind: "invoice-issued"},
			{typ: "invoice", subj: []string{"I1", "I2"}, kind: "invoice-paid"},
		}
	}
}

var seedNames = []string{"support-desk.json", "saas-uptime.json", "sales-marketing-service.json"}

// genStream draws a stream: mostly in time order, with duplicates
// (re-sent events) and a few out-of-order events mixed in.
func genStream(t *rapid.T, name string) ([]Event, time.Time) {
	tpls := seedTemplates(name)
	at := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	n := rapid.IntRange(0, 40).Draw(t, "n")
	var es []Event
	for i := range n {
		switch rapid.IntRange(0, 19).Draw(t, "special") {
		case 0:
			if len(es) > 0 {
				es = append(es, es[rapid.IntRange(0, len(es)-1).Draw(t, "dup")])
				continue
			}
		case 1:
			at = at.Add(-time.Duration(rapid.IntRange(1, 600).Draw(t, "back")) * time.Minute)
		}
		at = at.Add(time.Duration(rapid.IntRange(0, 3*24*60).Draw(t, "step")) * time.Minute)
		es = append(es, drawEvent(t, tpls, "e"+itoa(i), at))
	}
	asOf := at.Add(time.Duration(rapid.IntRange(0, 60*24*60).Draw(t, "asOfStep")) * time.Minute)
	return es, asOf
}

// drawEvent draws an event of one of tpls, with ID id at instant at.
func drawEvent(t *rapid.T, tpls []template, id string, at time.Time) Event {
	tp := rapid.SampledFrom(tpls).Draw(t, "template")
	e := Event{ID: id, SubjectType: tp.typ, Subject: rapid.SampledFrom(tp.subj).Draw(t, "subject"), Kind: tp.kind, At: at}
	if len(tp.attrs) > 0 {
		kv := rapid.SampledFrom(tp.attrs).Draw(t, "attrs")
		e = evt(e.ID, e.SubjectType, e.Subject, e.Kind, at.Format(time.RFC3339), kv...)
	}
	if tp.value {
		e = withValue(e, itoa(rapid.IntRange(0, 400).Draw(t, "value")))
	}
	return e
}

func roundTrip[T any](t *rapid.T, v T) T {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	var out T
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	return out
}

// TestProperties checks, on random streams over each seed agreement (with
// duplicates and out-of-order events mixed in), that
//   - streaming (with reports and NextChange asked along the way) gives the
//     batch report, and every event is accounted for;
//   - applying every event to every objective, without the relevance
//     filter, gives the same report;
//   - persisting the whole state as JSON at a random cut, restoring it and
//     continuing (also forgetting and restoring single subjects) gives the
//     same report as never stopping;
//   - evaluators fed a random partition of the subjects merge into the
//     single evaluator's report;
//   - retiring the closed subjects at a random point (and persisting the
//     state) changes no aggregate of the report.
func TestProperties(t *testing.T) {
	for _, name := range seedNames {
		a := loadSeed(t, name)
		base, err := NewEvaluator(a)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(name, rapid.MakeCheck(func(t *rapid.T) {
			es, asOf := genStream(t, name)
			ev := base.Empty()
			ev.ApplyAll(seq(es))
			want := ev.Report(asOf)
			if got := want.Input.Total(); got != int64(len(es)) {
				t.Fatalf("Input.Total = %d, want %d", got, len(es))
			}
			checkStreaming(t, base, es, asOf, want)
			checkApplyBatch(t, base.Empty(), es, asOf, want)
			checkEveryObjective(t, base, es, asOf, want)
			checkRestore(t, base, es, asOf, want)
			checkRetire(t, base, es, asOf)
			checkPartitions(t, base, es, asOf, want)
		}))
	}
}

func checkStreaming(t *rapid.T, base *Evaluator, es []Event, asOf time.Time, want Report) {
	ev := base.Empty()
	for i, e := range es {
		_ = ev.Apply(e)
		if i%7 == 0 {
			_ = ev.Report(e.At) // reading never changes the state
			ev.NextChange(e.At)
		}
	}
	if diff := cmp.Diff(want, ev.Report(asOf)); diff != "" {
		t.Fatalf("streaming vs batch (-want +got):\n%s", diff)
	}
}

// checkEveryObjective: skipping the objectives an event cannot affect
// (relevance.go) changes nothing in the report: an evaluator that applies
// every event to every objective reports the same.
func checkEveryObjective(t *rapid.T, base *Evaluator, es []Event, asOf time.Time, want Report) {
	ev := base.Empty()
	ev.tryAll = true
	ev.ApplyAll(seq(es))
	if diff := cmp.Diff(want, ev.Report(asOf)); diff != "" {
		t.Fatalf("skipping irrelevant objectives changed the report (-skipping +every objective):\n%s", diff)
	}
}

func checkRestore(t *rapid.T, base *Evaluator, es []Event, asOf time.Time, want Report) {
	cut := rapid.IntRange(0, len(es)).Draw(t, "cut")
	ev := base.Empty()
	for _, e := range es[:cut] {
		_ = ev.Apply(e)
	}
	// The host persists everything as JSON and starts afresh.
	ev2 := base.Empty()
	if err := ev2.Merge(roundTrip(t, ev.Partial())); err != nil {
		t.Fatal(err)
	}
	for i, e := range es[cut:] {
		// Now and then one subject is persisted, forgotten and restored
		// before its next event.
		if i%3 == 0 {
			if ss, ok := ev2.Snapshot(e.SubjectType, e.Subject); ok {
				ev2.Forget(e.SubjectType, e.Subject)
				if err := ev2.Restore(roundTrip(t, ss)); err != nil {
					t.Fatal(err)
				}
			}
		}
		_ = ev2.Apply(e)
	}
	if diff := cmp.Diff(want, ev2.Report(asOf)); diff != "" {
		t.Fatalf("restored vs uninterrupted (-want +got):\n%s", diff)
	}
}

// checkRetire: at a random cut every closed subject is retired and the
// whole state goes through a JSON round trip of Partial; the rest of the
// stream follows, the retired subjects' events rejected as retired. The
// reference is an evaluator fed the stream without those events: periods,
// obligations, credits and termination rights agree; the retired subjects
// have no rows; the input counts the dropped events as retired.
func checkRetire(t *rapid.T, base *Evaluator, es []Event, asOf time.Time) {
	cut := rapid.IntRange(0, len(es)).Draw(t, "retireCut")
	ev, ref := base.Empty(), base.Empty()
	for _, e := range es[:cut] {
		_ = ev.Apply(e)
		_ = ref.Apply(e)
	}
	gone := map[string]bool{}
	for _, ss := range ev.Partial().Subjects {
		switch err := ev.Retire(ss.Type, ss.ID); {
		case err == nil:
			gone[ss.Type+"/"+ss.ID] = true
		case !errors.Is(err, ErrNotClosed):
			t.Fatalf("Retire(%s, %s) = %v, want nil or ErrNotClosed", ss.Type, ss.ID, err)
		}
	}
	ev2 := base.Empty()
	if err := ev2.Merge(roundTrip(t, ev.Partial())); err != nil {
		t.Fatal(err)
	}
	dropped := int64(0)
	for _, e := range es[cut:] {
		err := ev2.Apply(e)
		if gone[e.SubjectType+"/"+e.Subject] {
			if errors.Is(err, ErrRetired) {
				dropped++
				continue
			}
			if err == nil {
				t.Fatalf("event %s of retired subject %s/%s applied", e.ID, e.SubjectType, e.Subject)
			}
		}
		_ = ref.Apply(e)
	}
	// A retired verdict is final: it is the verdict as of the subject's
	// last event. Reports as of an earlier instant (which the generator
	// may ask for after stepping back in time) would see a held subject
	// as it was then, so compare as of the latest event or later.
	asOf = latest(es, asOf)
	got, want := ev2.Report(asOf), ref.Report(asOf)
	if n := got.Input.Rejected[ReasonRetired]; n != dropped {
		t.Fatalf("Input.Rejected[%q] = %d, want %d", ReasonRetired, n, dropped)
	}
	want.Subjects = slices.DeleteFunc(want.Subjects, func(sr SubjectReport) bool { return gone[sr.Type+"/"+sr.ID] })
	if len(want.Subjects) == 0 {
		want.Subjects = nil // as a report with no subject rows has them
	}
	got.Input, want.Input = Accounting{}, Accounting{}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("with closed subjects retired at event %d (-never retired +retired):\n%s", cut, diff)
	}
}

func checkPartitions(t *rapid.T, base *Evaluator, es []Event, asOf time.Time, want Report) {
	k := rapid.IntRange(1, 4).Draw(t, "partitions")
	part := map[string]int{}
	evs := make([]*Evaluator, k)
	for i := range evs {
		evs[i] = base.Empty()
	}
	for _, e := range es {
		key := e.SubjectType + "/" + e.Subject
		p, ok := part[key]
		if !ok {
			p = rapid.IntRange(0, k-1).Draw(t, "partition of "+key)
			part[key] = p
		}
		_ = evs[p].Apply(e)
	}
	var parts []Partial
	for _, ev := range evs {
		parts = append(parts, roundTrip(t, ev.Partial()))
	}
	merged := base.Empty()
	if err := merged.Merge(parts...); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, merged.Report(asOf)); diff != "" {
		t.Fatalf("merged vs single (-want +got):\n%s", diff)
	}
}
