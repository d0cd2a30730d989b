package sla

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/penalty"
)

func TestSaaSUptime(t *testing.T) {
	a := loadSeed(t, "saas-uptime.json")
	es := []Event{
		// Maintenance announced 14 days ahead, Sun 15 Feb 02:00–04:00 EST
		// (07:00–09:00Z), inside the Sunday 02:00–06:00 window.
		evt("m1", "service", "app", "maintenance-announced", "2026-02-01T17:00:00Z", "service", "app",
			"start", "2026-02-15T07:00:00Z", "end", "2026-02-15T09:00:00Z", "cause", "scheduled-maintenance"),
		// A two-hour outage on Tue 3 Feb.
		evt("d1", "service", "app", "down", "2026-02-03T15:00:00Z", "service", "app"),
		evt("u1", "service", "app", "up", "2026-02-03T17:00:00Z", "service", "app"),
		// The maintenance itself.
		evt("d2", "service", "app", "down", "2026-02-15T07:00:00Z", "service", "app", "cause", "scheduled-maintenance"),
		evt("u2", "service", "app", "up", "2026-02-15T09:00:00Z", "service", "app"),
		// A 30-second blip: shorter than the 1-minute minimum, not counted.
		evt("d3", "service", "app", "down", "2026-02-20T15:00:00Z", "service", "app"),
		evt("u3", "service", "app", "up", "2026-02-20T15:00:30Z", "service", "app"),
	}
	asOf := mustTime(t, "2026-03-01T05:00:00Z") // midnight EST, the end of February
	r, err := Evaluate(a, seq(es), asOf)
	if err != nil {
		t.Fatal(err)
	}
	if r.Input.Applied != int64(len(es)) {
		t.Fatalf("Input = %+v", r.Input)
	}
	var feb *PeriodReport
	for _, p := range findPeriods(r, "uptime") {
		if p.Period.Start.Equal(mustTime(t, "2026-02-01T05:00:00Z")) {
			feb = &p
		}
	}
	if feb == nil {
		t.Fatal("no February uptime period")
	}
	// February 2026 in New York has no DST change: 28 × 24 = 672 h of
	// service. Excluded 2 h (announced maintenance); counted downtime 2 h.
	// Attainment 100 × (672 − 2 − 2) / (672 − 2) = 100 × 668 / 670
	// = 99.701492537313… (truncated to 12 places).
	want := decimal.RequireFromString("99.701492537313")
	if feb.Verdict != VerdictMissed || feb.Attainment == nil || !feb.Attainment.Equal(want) ||
		feb.Service != 672*hour || feb.Excluded != 2*hour || feb.Down != 2*hour {
		t.Errorf("February uptime = %+v (attainment %v), want missed at %v, 672h service, 2h excluded, 2h down", *feb, feb.Attainment, want)
	}
	// Credits for February: tier "below 99.9" gives 10% of 10,000.00 =
	// 1,000.00 (period cap 50% = 5,000; rolling cap 10% of Jan + Feb
	// charges = 2,000); the at-risk pool adds 10,000 × 10% × 50% × 40% =
	// 200.00 (pool cap 1,000). Total 1,200.00.
	var got penalty.Money
	for _, pp := range r.Penalties {
		if pp.Period.Start.Equal(mustTime(t, "2026-02-01T05:00:00Z")) {
			got = pp.Credit
		}
	}
	if want := penalty.MustParseMoney("USD 1200.00"); !got.Equal(want) {
		t.Errorf("February credit = %v, want %v", got, want)
	}
	// January: nothing happened, 100%, no credit.
	for _, p := range findPeriods(r, "uptime") {
		if p.Period.Start.Equal(mustTime(t, "2026-01-01T05:00:00Z")) && (p.Verdict != VerdictAchieved || !p.Attainment.Equal(decimal.NewFromInt(100))) {
			t.Errorf("January uptime = %+v, want achieved at 100", p)
		}
	}
}

func TestSalesMarketing(t *testing.T) {
	a := loadSeed(t, "sales-marketing-service.json")
	var es []Event
	// February: 50 leads of quality A, 49 of B.
	for i := range 99 {
		q := "A"
		if i >= 50 {
			q = "B"
		}
		id := "L" + itoa(i)
		es = append(es, evt("q"+id, "lead", id, "lead-qualified", "2026-02-02T10:00:00Z", "quality", q))
	}
	// L0 contacted Wed 4 Feb 09:00, before its due instant two business
	// days after Mon 2 Feb 10:00 (Wed 4 Feb 10:00): met.
	es = append(es, evt("c0", "lead", "L0", "lead-contacted", "2026-02-04T09:00:00Z"))
	// January's friction report, sent Thu 5 Feb: met (due ten business
	// days after 1 Feb, i.e. no earlier than Fri 13 Feb). February's is
	// never sent.
	es = append(es, evt("r1", "report", "jan", "report-sent", "2026-02-05T12:00:00Z", "report", "customer-friction"))
	asOf := mustTime(t, "2026-04-01T00:00:00+01:00")
	r, err := Evaluate(a, seq(es), asOf)
	if err != nil {
		t.Fatal(err)
	}
	if r.Input.Applied != int64(len(es)) {
		t.Fatalf("Input = %+v", r.Input)
	}
	for _, p := range findPeriods(r, "qualified-leads") {
		if !p.Period.Start.Equal(mustTime(t, "2026-02-01T00:00:00Z")) {
			continue
		}
		// A: 50 ≥ 50 met; B: 49 < 50 missed, attainment 100 × 49 / 50 = 98.
		if p.Verdict != VerdictMissed || !p.Value.Equal(decimal.NewFromInt(99)) || !p.Attainment.Equal(decimal.NewFromInt(98)) || len(p.Segments) != 2 ||
			!p.Segments[0].Met || p.Segments[1].Met {
			t.Errorf("February leads = %+v, want missed: A 50 met, B 49 missed, total 99, attainment 98", p)
		}
	}
	fr := findPeriods(r, "friction-report")
	// Anchors at the ends of January and February (March's end is the
	// report instant itself, whose due instant lies ahead).
	if len(fr) < 2 || fr[0].Verdict != VerdictAchieved || fr[1].Verdict != VerdictMissed {
		t.Errorf("friction-report = %+v, want January achieved, February missed", fr)
	}
	l0, _ := findSubject(r, "lead", "L0", "lead-follow-up")
	if l0.State != StateMet {
		t.Errorf("L0 follow-up = %+v, want met", l0)
	}
	l1, _ := findSubject(r, "lead", "L1", "lead-follow-up")
	if l1.State != StateBreached {
		t.Errorf("L1 follow-up = %+v, want breached (never contacted)", l1)
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

func TestSaaSRatioAndPercentile(t *testing.T) {
	a := loadSeed(t, "saas-uptime.json")
	var es []Event
	// Five priority-1 incidents on 10 Jan: four acknowledged after 30
	// minutes, one after 2 hours (target 1 hour, wall time).
	for i := 1; i <= 5; i++ {
		id := "I" + itoa(i)
		ack := "2026-01-10T14:30:00Z"
		if i == 5 {
			ack = "2026-01-10T16:00:00Z"
		}
		es = append(es, evt("o"+id, "incident", id, "incident-opened", "2026-01-10T14:00:00Z", "priority", "P1"),
			evt("a"+id, "incident", id, "incident-acknowledged", ack))
	}
	// A priority-2 incident is out of the ratio's scope.
	es = append(es, evt("oP2", "incident", "P2", "incident-opened", "2026-01-10T14:00:00Z", "priority", "P2"))
	// API latencies on 10 March: 10, 20, …, 190 ms, then 250 and 300 ms.
	for i := 1; i <= 21; i++ {
		v := itoa(i * 10)
		if i == 20 {
			v = "250"
		} else if i == 21 {
			v = "300"
		}
		es = append(es, withValue(evt("l"+itoa(i), "service", "api", "api-latency-ms", "2026-03-10T15:00:00Z"), v))
	}
	asOf := mustTime(t, "2026-04-01T04:00:00Z") // midnight EDT: the end of Q1 and of March
	r, err := Evaluate(a, seq(es), asOf)
	if err != nil {
		t.Fatal(err)
	}
	if r.Input.Applied != int64(len(es)) {
		t.Fatalf("Input = %+v", r.Input)
	}
	q := findPeriods(r, "p1-response-rate")
	// Q1: 4 of 5 in time = 80% < 95%: missed (5 ≥ the minimum count 5).
	if len(q) != 1 || q[0].Verdict != VerdictMissed || !q[0].Attainment.Equal(decimal.NewFromInt(80)) || q[0].Met != 4 || q[0].Missed != 1 {
		t.Errorf("p1-response-rate = %+v, want Q1 missed at 80 (4 met, 1 missed)", q)
	}
	// Nearest rank of p95 over 21 values: ⌈0.95 × 21⌉ = 20th smallest =
	// 250 ms > 200: missed.
	p := findPeriods(r, "api-latency")
	if len(p) != 1 || p[0].Verdict != VerdictMissed || !p[0].Value.Equal(decimal.NewFromInt(250)) {
		t.Errorf("api-latency = %+v, want missed with p95 250", p)
	}
	// March credits: the step rule gives ⌊(95 − 80) / 1⌋ = 15 steps × 2% =
	// 30% of 10,000.00 = 3,000.00; the at-risk pool 10,000 × 10% × 50% ×
	// 60% = 300.00 (under its 1,000.00 cap). Total 3,300.00.
	var got penalty.Money
	for _, pp := range r.Penalties {
		if pp.Period.Start.Equal(mustTime(t, "2026-03-01T05:00:00Z")) {
			got = pp.Credit
		}
	}
	if want := penalty.MustParseMoney("USD 3300.00"); !got.Equal(want) {
		t.Errorf("March credit = %v, want %v", got, want)
	}
}

func TestSaaSAmendment(t *testing.T) {
	a := loadSeed(t, "saas-uptime.json")
	es := []Event{
		// Version 2 (from 1 July) measures uptime from outage intervals.
		evt("o1", "service", "app", "outage", "2026-07-10T12:00:00Z", "start", "2026-07-10T10:00:00Z", "end", "2026-07-10T11:00:00Z"),
	}
	asOf := mustTime(t, "2026-08-01T04:00:00Z") // midnight EDT, the end of July
	r, err := Evaluate(a, seq(es), asOf)
	if err != nil {
		t.Fatal(err)
	}
	if r.Version != "2" || r.Input.Applied != 1 {
		t.Fatalf("Version = %q, Input = %+v; want version 2 and the event applied", r.Version, r.Input)
	}
	var june, july *PeriodReport
	for _, p := range findPeriods(r, "uptime") {
		switch {
		case p.Period.Start.Equal(mustTime(t, "2026-06-01T04:00:00Z")):
			june = &p
		case p.Period.Start.Equal(mustTime(t, "2026-07-01T04:00:00Z")):
			july = &p
		}
	}
	if june == nil || june.Version != "1" || july == nil || july.Version != "2" {
		t.Fatalf("June = %+v, July = %+v; want versions 1 and 2", june, july)
	}
	// July: 31 × 24 = 744 h, 1 h down: 100 × 743 / 744 = 99.865591397849…
	// below version 2's 99.95.
	if want := decimal.RequireFromString("99.865591397849"); july.Verdict != VerdictMissed || !july.Attainment.Equal(want) {
		t.Errorf("July = %+v (attainment %v), want missed at %v", *july, july.Attainment, want)
	}
	// Credit: tier "below 99.95" = 10% of version 2's 12,000.00 = 1,200.00
	// (period cap 30% = 3,600.00), pending earn-back.
	for _, pp := range r.Penalties {
		if pp.Period.Start.Equal(mustTime(t, "2026-07-01T04:00:00Z")) {
			if pp.Version != "2" || !pp.Credit.Equal(penalty.MustParseMoney("USD 1200.00")) {
				t.Errorf("July penalties = %v, version %s; want USD 1200.00 under version 2", pp.Credit, pp.Version)
			}
		}
	}
}

func TestSaaSMaintenanceAnnouncedWithDowntime(t *testing.T) {
	a := loadSeed(t, "saas-uptime.json")
	es := []Event{
		// Sun 12 July 02:00–03:00 EDT, inside the Sunday 02:00–06:00
		// window, announced a week ahead: excluded.
		evt("o1", "service", "app", "outage", "2026-07-12T07:00:00Z", "start", "2026-07-12T06:00:00Z", "end", "2026-07-12T07:00:00Z",
			"cause", "scheduled-maintenance", "announced", "2026-07-05T12:00:00Z"),
		// Wed 15 July, outside the window: counted although announced.
		evt("o2", "service", "app", "outage", "2026-07-15T11:00:00Z", "start", "2026-07-15T10:00:00Z", "end", "2026-07-15T11:00:00Z",
			"cause", "scheduled-maintenance", "announced", "2026-07-05T12:00:00Z"),
		evt("bad", "service", "app", "outage", "2026-07-16T11:00:00Z", "start", "2026-07-16T10:00:00Z", "end", "2026-07-16T11:00:00Z",
			"announced", "last week"),
	}
	r, err := Evaluate(a, seq(es), mustTime(t, "2026-08-01T04:00:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Input.Applied != 2 || r.Input.Rejected[ReasonBadAttribute] != 1 {
		t.Errorf("Input = %+v, want 2 applied, 1 bad attribute", r.Input)
	}
	for _, p := range findPeriods(r, "uptime") {
		if !p.Period.Start.Equal(mustTime(t, "2026-07-01T04:00:00Z")) {
			continue
		}
		// 744 h of service, 1 h excluded, 1 h down:
		// 100 × 742 / 743 = 99.865410497981… (truncated to 12 places).
		want := decimal.RequireFromString("99.865410497981")
		if p.Excluded != hour || p.Down != hour || !p.Attainment.Equal(want) {
			t.Errorf("July = %+v (attainment %v), want 1h excluded, 1h down, %v", p, p.Attainment, want)
		}
	}
}

func TestSaaSServiceAcrossAmendment(t *testing.T) {
	a := loadSeed(t, "saas-uptime.json")
	es := []Event{
		// June, version 1: down/up events, one hour.
		evt("d1", "service", "app", "down", "2026-06-10T15:00:00Z", "service", "app"),
		evt("u1", "service", "app", "up", "2026-06-10T16:00:00Z", "service", "app"),
		// July, version 2: the same service reports an outage interval.
		evt("o1", "service", "app", "outage", "2026-07-10T12:00:00Z", "start", "2026-07-10T10:00:00Z", "end", "2026-07-10T11:00:00Z"),
	}
	r, err := Evaluate(a, seq(es), mustTime(t, "2026-08-01T04:00:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	// June: 30 × 24 = 720 h, 1 h down: 100 × 719 / 720 = 99.861111111111…
	// July: 744 h, 1 h down: 100 × 743 / 744 = 99.865591397849…
	want := map[string]string{"2026-06-01T04:00:00Z": "99.861111111111", "2026-07-01T04:00:00Z": "99.865591397849"}
	for _, p := range findPeriods(r, "uptime") {
		w, ok := want[p.Period.Start.UTC().Format(time.RFC3339)]
		if !ok {
			continue
		}
		delete(want, p.Period.Start.UTC().Format(time.RFC3339))
		if p.Verdict != VerdictMissed || !p.Attainment.Equal(decimal.RequireFromString(w)) {
			t.Errorf("uptime %s = %+v (attainment %v), want missed at %s", p.Period.Start, p, p.Attainment, w)
		}
	}
	if len(want) > 0 {
		t.Errorf("periods not reported: %v", want)
	}
	// The service is reported once per version it was measured under.
	var versions []string
	for _, s := range r.Subjects {
		if s.Type == "service" && s.ID == "app" {
			versions = append(versions, s.Version)
		}
	}
	if len(versions) != 2 || versions[0] != "1" || versions[1] != "2" {
		t.Errorf("service app reported under versions %v, want [1 2]", versions)
	}
}
