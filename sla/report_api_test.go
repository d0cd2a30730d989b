package sla

import (
	"encoding/json"
	"math"
	"regexp"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/slaeval/slaeval/metric"
)

// TestISODuration: the report's durations in JSON, against ISO 8601's
// PTnHnMnS form written by hand.
func TestISODuration(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    time.Duration
		iso  string
	}{
		{"zero", 0, "PT0S"},
		{"hours beyond a day stay hours", 143 * time.Hour, "PT143H"},
		{"hours and minutes", time.Hour + 30*time.Minute, "PT1H30M"},
		{"every field", 25*time.Hour + time.Minute + time.Second, "PT25H1M1S"},
		{"half a second", 500 * time.Millisecond, "PT0.5S"},
		{"one nanosecond", time.Nanosecond, "PT0.000000001S"},
		{"negative", -time.Hour, "-PT1H"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := formatISODuration(tc.d); got != tc.iso {
				t.Errorf("formatISODuration(%v) = %s, want %s", tc.d, got, tc.iso)
			}
			if got, err := parseISODuration(tc.iso); err != nil || got != tc.d {
				t.Errorf("parseISODuration(%s) = %v, %v, want %v", tc.iso, got, err, tc.d)
			}
		})
	}
	for _, bad := range []string{"", "PT", "P1D", "1h", "PT1.S", "PT.5S", "PT1H1H", "PTH", "PT1S1M", "PT0.0000000001S", "PT9999999999999H", "PT-1H", "PT1h"} {
		if got, err := parseISODuration(bad); err == nil {
			t.Errorf("parseISODuration(%q) = %v, want an error", bad, got)
		}
	}
}

// TestReportPhaseConstants: the Phase constants are the names metric
// gives the phases, which the report writes.
func TestReportPhaseConstants(t *testing.T) {
	for p, want := range map[metric.Phase]string{metric.Idle: PhaseIdle, metric.Running: PhaseRunning, metric.Paused: PhasePaused, metric.Stopped: PhaseStopped} {
		if got := p.String(); got != want {
			t.Errorf("metric.Phase(%d).String() = %s, want %s", p, got, want)
		}
	}
}

// supportDeskExclusion: under the support desk agreement (London, GMT in
// early March: local time = UTC; open Mon–Fri 07:30–22:00, 14.5 h a day),
// T1 is urgent (resolution within P1D = 14.5 business hours: Mon 09:00 to
// 22:00 is 13 h, then Tue 07:30–09:00, so due Tue 3 Mar 09:00) and carries
// the cause of the waiting-on-customer exclusion; it is solved late on
// Wed 4 Mar. T2 has information requested Mon 2 Mar 10:00, due two
// business days later, Wed 4 Mar 10:00, and not yet answered.
func supportDeskExclusion(t *testing.T) *Evaluator {
	ev, err := NewEvaluator(loadSeed(t, "support-desk.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []Event{
		evt("a", "ticket", "T1", "ticket.created", "2026-03-02T09:00:00Z", "priority", "urgent"),
		evt("b", "ticket", "T2", "ticket.created", "2026-03-02T09:30:00Z"),
		evt("c", "ticket", "T2", "info-requested", "2026-03-02T10:00:00Z"),
		evt("d", "ticket", "T1", "ticket.comment", "2026-03-02T10:00:00Z", "author", "agent", "public", "true", "cause", "awaiting-customer"),
		evt("e", "ticket", "T1", "ticket.updated", "2026-03-04T10:00:00Z", "status", "solved"),
	} {
		if err := ev.Apply(e); err != nil {
			t.Fatalf("Apply(%s) = %v", e.ID, err)
		}
	}
	return ev
}

// TestReportExcludedByAndRemaining: a breach says which exclusion excluded
// it, and a pending obligation how long is left (values in
// supportDeskExclusion's comment).
func TestReportExcludedByAndRemaining(t *testing.T) {
	ev := supportDeskExclusion(t)
	r := ev.Report(mustTime(t, "2026-03-02T12:00:00Z"))
	t1, ok := r.Subject("ticket", "T1")
	if !ok {
		t.Fatal(`Subject("ticket", "T1") not found`)
	}
	res, ok := t1.Objective("resolution")
	if !ok || len(res.Cycles) != 1 {
		t.Fatalf("T1 resolution = %+v, %v, want one cycle", res, ok)
	}
	// The resolution target counts business days: elapsed is open time.
	if !res.Business || res.Target != 14*time.Hour+30*time.Minute {
		t.Errorf("T1 resolution business = %v, target %v, want true, 14h30m (P1D of 14.5 h)", res.Business, res.Target)
	}
	t2, _ := r.Subject("ticket", "T2")
	ca, ok := t2.Objective("customer-answers")
	if !ok || len(ca.Deadlines) != 1 {
		t.Fatalf("T2 customer-answers = %+v, %v, want one obligation", ca, ok)
	}
	d := ca.Deadlines[0]
	// Wed 10:00 − Mon 12:00 = 46 h; open time: Mon 12:00–22:00 10 h +
	// Tue 14.5 h + Wed 07:30–10:00 2.5 h = 27 h.
	want := DeadlineItem{Anchor: mustTime(t, "2026-03-02T10:00:00Z"), Due: mustTime(t, "2026-03-04T10:00:00Z"), State: StatePending, Remaining: 46 * time.Hour, RemainingBusiness: 27 * time.Hour}
	if diff := cmp.Diff(want, d); diff != "" {
		t.Errorf("T2 customer-answers obligation (-want +got):\n%s", diff)
	}

	// Solved Wed 4 Mar 10:00: breached at Tue 09:00, and excluded.
	late := ev.Report(mustTime(t, "2026-03-05T00:00:00Z"))
	t1, _ = late.Subject("ticket", "T1")
	res, _ = t1.Objective("resolution")
	if got := res.Cycles[0]; got.State != StateBreached || !got.Excluded || !cmp.Equal(got.ExcludedBy, []string{"waiting-on-customer"}) || got.ExcusedBy != nil {
		t.Errorf("T1 resolution cycle = %s excluded %v by %v, excused by %v; want breached, excluded by [waiting-on-customer], not excused", got.State, got.Excluded, got.ExcludedBy, got.ExcusedBy)
	}
	fr, _ := t1.Objective("first-reply")
	if got := fr.Cycles[0]; got.ExcludedBy != nil {
		t.Errorf("T1 first-reply ExcludedBy = %v, want none (first-reply lists no exclusion)", got.ExcludedBy)
	}
	t2, _ = late.Subject("ticket", "T2")
	ca, _ = t2.Objective("customer-answers")
	// Wed 4 Mar 10:00 has passed by Thu 00:00: missed, nothing left.
	if d := ca.Deadlines[0]; d.State != StateBreached || d.Remaining != 0 || d.RemainingBusiness != 0 {
		t.Errorf("T2 customer-answers as of Thu = %s, %v (%v business) left, want breached, none left", d.State, d.Remaining, d.RemainingBusiness)
	}
}

// TestReportJSONRoundTrip: a report read back from its JSON is the report
// (durations through their ISO 8601 form, excuses and exclusions included).
func TestReportJSONRoundTrip(t *testing.T) {
	ev := supportDeskExclusion(t)
	for _, asOf := range []string{"2026-03-02T12:00:00Z", "2026-03-05T00:00:00Z"} {
		r := ev.Report(mustTime(t, asOf))
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var back Report
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("Unmarshal(Marshal(report as of %s)) = %v", asOf, err)
		}
		if diff := cmp.Diff(r, back); diff != "" {
			t.Errorf("report as of %s after a JSON round trip (-want +got):\n%s", asOf, diff)
		}
	}
}

// TestReportSubjectLookup: Subject finds a subject by type and ID, and
// Objective an objective by ID; absent ones are reported absent.
func TestReportSubjectLookup(t *testing.T) {
	r := Report{Subjects: []SubjectReport{
		{Type: "invoice", ID: "I1"},
		{Type: "ticket", ID: "T1", Version: "1"},
		{Type: "ticket", ID: "T1", Version: "2", Objectives: []SubjectObjective{{Objective: "a"}, {Objective: "b", State: StateMet}}},
		{Type: "ticket", ID: "T3"},
	}}
	for _, tc := range []struct {
		name, typ, id string
		version       string // "" when absent
	}{
		{"first", "invoice", "I1", ""},
		{"latest of two versions", "ticket", "T1", "2"},
		{"last", "ticket", "T3", ""},
		{"absent between", "ticket", "T2", "<absent>"},
		{"absent type", "service", "T1", "<absent>"},
		{"absent after all", "ticket", "T4", "<absent>"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sr, ok := r.Subject(tc.typ, tc.id)
			got := sr.Version
			if !ok {
				got = "<absent>"
			} else if sr.Type != tc.typ || sr.ID != tc.id {
				t.Errorf("Subject(%s, %s) = %s/%s", tc.typ, tc.id, sr.Type, sr.ID)
			}
			if got != tc.version {
				t.Errorf("Subject(%s, %s).Version = %s, want %s", tc.typ, tc.id, got, tc.version)
			}
		})
	}
	sr, _ := r.Subject("ticket", "T1")
	if so, ok := sr.Objective("b"); !ok || so.State != StateMet {
		t.Errorf(`Objective("b") = %+v, %v, want the met one`, so, ok)
	}
	if _, ok := sr.Objective("c"); ok {
		t.Errorf(`Objective("c") found, want absent`)
	}
	if _, ok := (Report{}).Subject("ticket", "T1"); ok {
		t.Errorf("the zero Report has subject ticket/T1")
	}
}

// TestISODurationRoundTrip: every duration (but math.MinInt64, whose
// magnitude is not a Duration) reads back from its ISO 8601
// form, and the form matches the report schema's pattern.
func TestISODurationRoundTrip(t *testing.T) {
	var schema struct {
		Defs struct {
			Duration struct{ Pattern string } `json:"duration"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(ReportSchema(), &schema); err != nil {
		t.Fatal(err)
	}
	pattern := regexp.MustCompile(schema.Defs.Duration.Pattern)
	rapid.Check(t, func(t *rapid.T) {
		d := time.Duration(rapid.Int64Range(-math.MaxInt64, math.MaxInt64).Draw(t, "d"))
		s := formatISODuration(d)
		if got, err := parseISODuration(s); err != nil || got != d {
			t.Fatalf("parseISODuration(formatISODuration(%d) = %s) = %d, %v", d, s, got, err)
		}
		if !pattern.MatchString(s) {
			t.Fatalf("formatISODuration(%d) = %s, not of the schema's form", d, s)
		}
	})
}

// TestSubjectReportLookup: Evaluator.SubjectReport gives, for every
// subject of the replay at three instants, what the whole report's
// Subject lookup gives (the reference), and nothing for a subject it
// does not hold.
func TestSubjectReportLookup(t *testing.T) {
	a, es := replayAgreement(t)
	ev, err := NewEvaluator(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		_ = ev.Apply(e) // the replay holds a few rejected events on purpose
	}
	for _, asOf := range []time.Time{
		time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC),
		time.Date(2026, 3, 31, 23, 0, 0, 0, time.UTC),
		time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC),
	} {
		r := ev.Report(asOf)
		if len(r.Subjects) == 0 {
			t.Fatal("the report lists no subject: the test would show nothing")
		}
		for _, want := range r.Subjects {
			got, ok := ev.SubjectReport(asOf, want.Type, want.ID)
			if !ok {
				t.Fatalf("SubjectReport(%v, %s, %s) found nothing", asOf, want.Type, want.ID)
			}
			ref, _ := r.Subject(want.Type, want.ID)
			if diff := cmp.Diff(ref, got); diff != "" {
				t.Fatalf("SubjectReport(%v, %s, %s) (-Report.Subject +SubjectReport):\n%s", asOf, want.Type, want.ID, diff)
			}
		}
	}
	if _, ok := ev.SubjectReport(time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), "ticket", "no-such-ticket"); ok {
		t.Error("SubjectReport of a subject never seen found one")
	}
	var zero Evaluator
	if _, ok := zero.SubjectReport(time.Time{}, "ticket", "T-1"); ok {
		t.Error("the zero Evaluator's SubjectReport found one")
	}
}
