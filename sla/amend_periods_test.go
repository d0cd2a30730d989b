package sla

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestAvailabilityAcrossAmendment: a service's downtime counts in the
// period that covers it whichever of the service's states (one per
// version, doc.go) holds it. The agreement is the amendment-availability
// scenario's (UTC; uptime monthly, at least 99 % under version 1 and 99.9 %
// under version 2) with version 2 moved to 15 February, so February
// straddles the amendment and belongs to version 1 (a period is evaluated
// under the version in force at its start). Expected values by hand
// (attainment = 100 × up / service, truncated to 12 places; checked with
// Python Decimal):
//   - a 2 h outage on 20 February, the service's first event under
//     version 2: February is 672 h with 2 h down, 100 × 670 / 672 =
//     99.702380952380 (it was 100: the outage sat in the version 2 state,
//     which no February period read);
//   - a downtime opened on 10 February and still open on 2 March, no event
//     since: February has 456 h down, 100 × 216 / 672 = 32.142857142857,
//     and March, version 2's first month, is down for the whole day
//     reported (1–2 March): 0 (it was 100: the service kept its version 1
//     state, which no version 2 period read).
func TestAvailabilityAcrossAmendment(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "scenarios", "amendment-availability", "agreement.json"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	a.Versions[1].EffectiveFrom = mustTime(t, "2026-02-15T00:00:00Z")
	tests := []struct {
		name   string
		events []Event
		asOf   string
		want   map[string]string // period start → attainment
	}{
		{"outage under the new version", []Event{
			evt("d1", "service", "app", "down", "2026-01-10T10:00:00Z"),
			evt("u1", "service", "app", "up", "2026-01-10T15:00:00Z"),
			evt("d2", "service", "app", "down", "2026-02-20T10:00:00Z"),
			evt("u2", "service", "app", "up", "2026-02-20T12:00:00Z"),
		}, "2026-03-01T00:00:00Z", map[string]string{
			"2026-01-01": "99.327956989247", // 5 h of 744 (the scenario's January)
			"2026-02-01": "99.70238095238",  // 99.702380952380, printed without its last zero
		}},
		{"downtime open across the amendment", []Event{
			evt("d1", "service", "app", "down", "2026-02-10T00:00:00Z"),
		}, "2026-03-02T00:00:00Z", map[string]string{
			"2026-01-01": "100",
			"2026-02-01": "32.142857142857",
			"2026-03-01": "0",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Evaluate(a, seq(tc.events), mustTime(t, tc.asOf))
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, pr := range r.Periods {
				if pr.Objective == "uptime" && pr.Attainment != nil {
					got[pr.Period.Start.Format(time.DateOnly)] = pr.Attainment.String()
				}
			}
			for start, want := range tc.want {
				if got[start] != want {
					t.Errorf("uptime from %s: attainment %q, want %q", start, got[start], want)
				}
			}
			if len(got) != len(tc.want) {
				t.Errorf("uptime periods %v, want %v", got, tc.want)
			}
		})
	}
}

// withMidMonthAmendment returns a with a copy of its first version, under
// the label "amended", in force from 'from' (before the next version).
func withMidMonthAmendment(t *testing.T, a Agreement, from string) Agreement {
	t.Helper()
	b, err := json.Marshal(a.Versions[0])
	if err != nil {
		t.Fatal(err)
	}
	var v Version
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	v.Version, v.EffectiveFrom = "amended", mustTime(t, from)
	a.Versions = slices.Insert(a.Versions, 1, v)
	return a
}

// TestEventAggregatesAcrossAmendment: the events of volume and percentile
// objectives count in the period that covers them, under the version in
// force at its start, whichever version was in force when they came, as
// error-rate counts already did (doc.go). Each agreement gets an
// amendment, a copy of its first version, from 15 February, so February
// belongs to the first version and the events after the 15th were
// recorded under the amendment. By hand:
//   - sales-marketing-service.json, qualified leads (count, monthly): one
//     A lead on 3 February and one on 20 February: February counts 2 (it
//     counted 1);
//   - saas-uptime.json with api-latency made monthly (New York): 100 ms on
//     3 February and 300 ms on 20 February, the 95th percentile by nearest
//     rank of two values is the second, 300 (it was 100).
func TestEventAggregatesAcrossAmendment(t *testing.T) {
	sales := withMidMonthAmendment(t, loadSeed(t, "sales-marketing-service.json"), "2026-02-15T00:00:00Z")
	saas := loadSeed(t, "saas-uptime.json")
	for i := range saas.Versions[0].Objectives {
		if o := &saas.Versions[0].Objectives[i]; o.ID == "api-latency" {
			o.Period = &PeriodSpec{Kind: PeriodMonth}
		}
	}
	saas = withMidMonthAmendment(t, saas, "2026-02-15T05:00:00Z")
	tests := []struct {
		name      string
		a         Agreement
		objective string
		events    []Event
		want      string // February's value
	}{
		{"volume", sales, "qualified-leads", []Event{
			evt("l1", "lead", "L1", "lead-qualified", "2026-02-03T10:00:00Z", "quality", "A"),
			evt("l2", "lead", "L2", "lead-qualified", "2026-02-20T10:00:00Z", "quality", "A"),
		}, "2"},
		{"percentile", saas, "api-latency", []Event{
			withValue(evt("p1", "service", "api", "api-latency-ms", "2026-02-03T15:00:00Z"), "100"),
			withValue(evt("p2", "service", "api", "api-latency-ms", "2026-02-20T15:00:00Z"), "300"),
		}, "300"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Evaluate(tc.a, seq(tc.events), mustTime(t, "2026-03-10T00:00:00Z"))
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, pr := range r.Periods {
				if pr.Objective != tc.objective || pr.Period.Start.Month() != time.February {
					continue
				}
				found = true
				if pr.Version != "1" && pr.Version != "2026.1" {
					t.Errorf("February is under version %q, want the first", pr.Version)
				}
				if pr.Value == nil || pr.Value.String() != tc.want {
					t.Errorf("February %s = %v, want %s", tc.objective, pr.Value, tc.want)
				}
			}
			if !found {
				t.Errorf("no February period of %s", tc.objective)
			}
		})
	}
}

// TestStraddlingPeriodOwner: the period straddling an amendment's start
// is reported once, under the version in force at its start when that
// version has the objective, and under the amendment when the objective
// is new in it. sales-marketing-service.json (London), by hand:
//   - with an amendment (a copy of the first version) from 15 March and
//     no friction report ever sent, as of 1 May: the period-end deadline
//     has January, February and March under 2026.1 (each missed: no
//     report by its 10th business day) and April under the amendment, not
//     yet due; March was also reported under the amendment, and so missed
//     twice;
//   - with qualified-leads only in the amendment, from 15 February, and
//     one A lead on 20 February: February is reported under the amendment
//     with a count of 1; it was reported under no version, and the lead
//     counted nowhere.
func TestStraddlingPeriodOwner(t *testing.T) {
	t.Run("period-end deadline", func(t *testing.T) {
		a := withMidMonthAmendment(t, loadSeed(t, "sales-marketing-service.json"), "2026-03-15T00:00:00Z")
		r, err := Evaluate(a, seq([]Event{evt("l1", "lead", "L1", "lead-qualified", "2026-02-03T10:00:00Z", "quality", "A")}), mustTime(t, "2026-05-01T00:00:00Z"))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, pr := range r.Periods {
			if pr.Objective == "friction-report" {
				got = append(got, pr.Version+" "+pr.Period.Start.Format("2006-01")+" "+pr.Verdict)
			}
		}
		want := []string{"2026.1 2026-01 missed", "2026.1 2026-02 missed", "2026.1 2026-03 missed", "amended 2026-04 notAssessed"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("friction-report periods (-want +got):\n%s", diff)
		}
	})
	t.Run("objective new in the amendment", func(t *testing.T) {
		a := withMidMonthAmendment(t, loadSeed(t, "sales-marketing-service.json"), "2026-02-15T00:00:00Z")
		v := &a.Versions[0]
		v.Objectives = slices.DeleteFunc(v.Objectives, func(o Objective) bool { return o.ID == "qualified-leads" })
		for i := range v.Obligations {
			v.Obligations[i].MeasuredBy = slices.DeleteFunc(v.Obligations[i].MeasuredBy, func(id string) bool { return id == "qualified-leads" })
		}
		r, err := Evaluate(a, seq([]Event{evt("l1", "lead", "L1", "lead-qualified", "2026-02-20T10:00:00Z", "quality", "A")}), mustTime(t, "2026-03-10T00:00:00Z"))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, pr := range r.Periods {
			if pr.Objective == "qualified-leads" {
				got = append(got, pr.Version+" "+pr.Period.Start.Format("2006-01")+" "+pr.Value.String())
			}
		}
		want := []string{"amended 2026-02 1", "amended 2026-03 0"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("qualified-leads periods (-want +got):\n%s", diff)
		}
	})
}

// TestAvailabilityWithinTerm: service is owed within the term only, so a
// month that the term starts or ends in is measured over its part within
// the term. saas-uptime.json (New York; term and version boundaries at
// local midnight, UTC−5 in January, UTC−4 in June), by hand:
//   - the term ending 15 June, with a downtime from 14 June 10:00Z whose
//     up event comes after the end (rejected): June is 1 June 04:00Z to
//     15 June 04:00Z, 336 h, with 18 h down: 100 × 318 / 336 =
//     94.642857142857 (it was the whole month, 720 h with 402 h down:
//     the open downtime ran on after the term);
//   - the term starting 15 January, with a 4 h outage on 20 January:
//     January is 15 January 05:00Z to 1 February 05:00Z, 408 h: 100 ×
//     404 / 408 = 99.019607843137 (it was 744 h: 99.462365591397);
//   - error-rate.json (UTC) with the term ending 16 June and, as in the
//     S3 case of TestErrorRateEvaluatorPublished, 18 five-minute slices at
//     96 % errors from 1 June: 100 − 18 × 96 / 4,320 slices = 99.6 (it
//     was 100 − 1,728 / 8,640 = 99.8, the slices after the term counted
//     as served).
func TestAvailabilityWithinTerm(t *testing.T) {
	end := loadSeed(t, "saas-uptime.json")
	end.Term.EffectiveTo, end.Term.Renewal = mustTime(t, "2026-06-15T04:00:00Z"), nil
	end.Versions = end.Versions[:1]
	start := loadSeed(t, "saas-uptime.json")
	start.Term.EffectiveFrom = mustTime(t, "2026-01-15T05:00:00Z")
	start.Versions[0].EffectiveFrom = start.Term.EffectiveFrom
	rates := loadSeed(t, "error-rate.json")
	rates.Term.EffectiveTo = mustTime(t, "2026-06-16T00:00:00Z")
	tests := []struct {
		name   string
		a      Agreement
		events []Event
		asOf   string
		month  string
		want   string
	}{
		{"error rate, term ends mid-month", rates, run("s", "storage-requests", 0, 18, 5*time.Minute, "total", "100", "failed", "96"),
			"2026-07-01T00:00:00Z", "2026-06", "99.6"},
		{"term ends mid-month", end, []Event{
			evt("d1", "service", "app", "down", "2026-06-14T10:00:00Z", "service", "app"),
			evt("u1", "service", "app", "up", "2026-06-20T10:00:00Z", "service", "app"),
		}, "2026-07-10T04:00:00Z", "2026-06", "94.642857142857"},
		{"term starts mid-month", start, []Event{
			evt("d1", "service", "app", "down", "2026-01-20T10:00:00Z", "service", "app"),
			evt("u1", "service", "app", "up", "2026-01-20T14:00:00Z", "service", "app"),
		}, "2026-02-10T05:00:00Z", "2026-01", "99.019607843137"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Evaluate(tc.a, seq(tc.events), mustTime(t, tc.asOf))
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, pr := range r.Periods {
				if (pr.Objective == "uptime" || pr.Objective == "storage-uptime") && pr.Period.Start.Format("2006-01") == tc.month {
					found = true
					if pr.Attainment == nil || pr.Attainment.String() != tc.want {
						t.Errorf("uptime %s = %v, want %s", tc.month, pr.Attainment, tc.want)
					}
				}
			}
			if !found {
				t.Errorf("no uptime period for %s", tc.month)
			}
		})
	}
}

// TestDowntimeAcrossAmendmentOneRun: a downtime that an amendment splits
// (the service's state up to the amendment keeps the part before it, a
// fresh state the rest) is one run, as long as both parts, for the
// minimum downtime. saas-uptime.json (at least one minute of downtime
// counts) with an amendment copying version 1 from 20 January 12:00 UTC,
// and an 80 s outage from 11:59:20 to 12:00:40: each part is 40 s, short
// alone; together 80 s count, as without the amendment. January (New
// York) is 744 h = 2,678,400 s: 100 × 2,678,320 / 2,678,400 =
// 99.997013142174 (truncated; by hand and Python Decimal). It was 100,
// with the two parts listed as short.
func TestDowntimeAcrossAmendmentOneRun(t *testing.T) {
	plain := loadSeed(t, "saas-uptime.json")
	es := []Event{
		evt("d1", "service", "app", "down", "2026-01-20T11:59:20Z", "service", "app"),
		evt("u1", "service", "app", "up", "2026-01-20T12:00:40Z", "service", "app"),
	}
	for name, a := range map[string]Agreement{"plain": plain, "amended": amendAt(plain, mustTime(t, "2026-01-20T12:00:00Z"))} {
		r, err := Evaluate(a, seq(es), mustTime(t, "2026-02-10T05:00:00Z"))
		if err != nil {
			t.Fatal(err)
		}
		pr := periodOf(t, r, "uptime", mustTime(t, "2026-01-01T05:00:00Z"))
		if pr.Attainment == nil || pr.Attainment.String() != "99.997013142174" || pr.Down != 80*time.Second || len(pr.Short) != 0 {
			t.Errorf("%s: January attainment %v, down %v, short %v; want 99.997013142174, 1m20s, none", name, pr.Attainment, pr.Down, pr.Short)
		}
	}
}

// TestScopeAcrossAmendmentLatestValues: scopes read a subject's latest
// attribute values (doc.go), also for its state under an earlier version.
// saas-uptime.json's uptime takes the services whose "service" attribute
// is "app". The service goes down on 2 January with service=app; on
// 5 January, after an identical amendment from 08:00 UTC, an event sets
// service=db: the latest value is db, so the service is out of the
// objective's scope and January has no downtime, 100, with the amendment
// as without (found by TestPropIdenticalAmendment: the state under the
// first version kept service=app and counted 72 h 46 min down).
func TestScopeAcrossAmendmentLatestValues(t *testing.T) {
	plain := loadSeed(t, "saas-uptime.json")
	es := []Event{
		evt("d1", "service", "app", "down", "2026-01-02T09:14:00Z", "service", "app"),
		evt("d2", "service", "app", "down", "2026-01-05T10:00:00Z", "service", "db"),
	}
	for name, a := range map[string]Agreement{"plain": plain, "amended": amendAt(plain, mustTime(t, "2026-01-05T08:00:00Z"))} {
		r, err := Evaluate(a, seq(es), mustTime(t, "2026-02-10T05:00:00Z"))
		if err != nil {
			t.Fatal(err)
		}
		pr := periodOf(t, r, "uptime", mustTime(t, "2026-01-01T05:00:00Z"))
		if pr.Attainment == nil || pr.Attainment.String() != "100" || pr.Down != 0 {
			t.Errorf("%s: January attainment %v, down %v; want 100, 0s", name, pr.Attainment, pr.Down)
		}
	}
}

// TestCreditMonths: every credit month is assessed once, and a period's
// outcome counts in the credit month its period ends in whichever
// version judged the period. By hand:
//   - saas-uptime.json with the term (and version 1) from 15 January
//     (New York) and a 10 h outage on 20 January: January, measured over
//     its 408 h in the term, is 100 × 398 / 408 = 97.549…, below 99: 25 %
//     of the 10,000.00 fee, 2,500.00, cut by the rolling cap of 10 % of
//     the charges of the last 12 months (January's alone: 1,000.00) to
//     1,000.00; and the at-risk pool pays 10 % of the invoice × its 50 %
//     allocation × uptime's weight of 40 % = 2 % = 200.00 for a missed
//     month: 1,200.00. January had no credit month (the term's first
//     month was skipped as straddling its start);
//   - priority-compliance.json with an identical amendment from 5 January
//     08:00 UTC and one P1 incident opened then, never responded to: the
//     first quarter (under version 1, the version at its start) has P1 at
//     0 % of 98: below 90, 10 % of the 4,000.00 fee = 400.00, and 98
//     shortfall steps of 1 % = 3,920.00: 4,320.00 in March, as without
//     the amendment. March is the amendment's credit month, and the
//     outcome of version 1's quarter was dropped there.
func TestCreditMonths(t *testing.T) {
	late := loadSeed(t, "saas-uptime.json")
	late.Term.EffectiveFrom = mustTime(t, "2026-01-15T05:00:00Z")
	late.Versions[0].EffectiveFrom = late.Term.EffectiveFrom
	prio := loadSeed(t, "priority-compliance.json")
	tests := []struct {
		name   string
		a      Agreement
		events []Event
		asOf   string
		month  string // credit month, local
		want   string
	}{
		{"term starting mid-month", late, []Event{
			evt("d1", "service", "app", "down", "2026-01-20T10:00:00Z", "service", "app"),
			evt("u1", "service", "app", "up", "2026-01-20T20:00:00Z", "service", "app"),
		}, "2026-03-10T05:00:00Z", "2026-01", "USD 1200.00"},
		{"quarter judged under the version before an amendment", amendAt(prio, mustTime(t, "2026-01-05T08:00:00Z")), []Event{
			evt("i1", "incident", "T1", "incident-opened", "2026-01-05T08:00:00Z", "priority", "P1"),
		}, "2026-04-10T00:00:00Z", "2026-03", "EUR 4320.00"},
		{"the same without the amendment", prio, []Event{
			evt("i1", "incident", "T1", "incident-opened", "2026-01-05T08:00:00Z", "priority", "P1"),
		}, "2026-04-10T00:00:00Z", "2026-03", "EUR 4320.00"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Evaluate(tc.a, seq(tc.events), mustTime(t, tc.asOf))
			if err != nil {
				t.Fatal(err)
			}
			months := map[string]int{}
			got := ""
			for _, pp := range r.Penalties {
				m := pp.Period.Start.Format("2006-01")
				months[m]++
				if m == tc.month {
					got = pp.Credit.String()
				}
			}
			if got != tc.want {
				t.Errorf("credit of %s = %q, want %q (penalty months %v)", tc.month, got, tc.want, months)
			}
			for m, n := range months {
				if n != 1 {
					t.Errorf("credit month %s listed %d times, want once", m, n)
				}
			}
		})
	}
}
