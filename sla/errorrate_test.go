package sla

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rickb777/period"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/slaeval/slaeval/metric"
)

// June 2026 is a 30-day month: 43,200 minutes, 8,640 five-minute slices,
// 720 hours (the agreement's zone is UTC).
var (
	juneStart = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	juneEnd   = time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
)

// countEvent is a request-count event of kind for the slice at
// juneStart + offset, reported at the slice's end.
func countEvent(id, kind string, offset, slice time.Duration, attrs ...string) Event {
	at := juneStart.Add(offset)
	e := Event{ID: id, SubjectType: "service", Subject: "s", Kind: kind, At: at.Add(slice)}
	e.Attrs = append(e.Attrs, metric.Attr{Key: SliceAttr, Value: at.Format(time.RFC3339)})
	for i := 0; i+1 < len(attrs); i += 2 {
		e.Attrs = append(e.Attrs, metric.Attr{Key: attrs[i], Value: attrs[i+1]})
	}
	return e
}

// run is n consecutive request-count events of kind, one per slice from
// juneStart + from, each with the given attributes; IDs are prefix + i.
func run(prefix, kind string, from time.Duration, n int, slice time.Duration, attrs ...string) []Event {
	var es []Event
	for i := range n {
		es = append(es, countEvent(fmt.Sprintf("%s%d", prefix, i), kind, from+time.Duration(i)*slice, slice, attrs...))
	}
	return es
}

// errorRateAgreement is testdata/agreements/error-rate.json with its
// objective id changed by edit.
func errorRateAgreement(t testing.TB, id string, edit func(*Availability, *ErrorRate)) Agreement {
	t.Helper()
	return editErrorRate(loadSeed(t, "error-rate.json"), id, edit)
}

// editErrorRate returns a with the error rate of objective id changed by
// edit (a's objectives are copied, not changed).
func editErrorRate(a Agreement, id string, edit func(*Availability, *ErrorRate)) Agreement {
	a.Versions = append([]Version(nil), a.Versions...)
	a.Versions[0].Objectives = append([]Objective(nil), a.Versions[0].Objectives...)
	for i := range a.Versions[0].Objectives {
		o := &a.Versions[0].Objectives[i]
		if o.ID == id && edit != nil {
			av := *o.Metric.Availability
			er := *av.ErrorRate
			edit(&av, &er)
			av.ErrorRate = &er
			o.Metric.Availability = &av
		}
	}
	return a
}

func periodOf(t interface {
	Helper()
	Fatalf(string, ...any)
}, r Report, obj string, start time.Time) PeriodReport {
	t.Helper()
	for _, p := range r.Periods {
		if p.Objective == obj && p.Period.Start.Equal(start) {
			return p
		}
	}
	t.Fatalf("no period of %s at %v in the report", obj, start)
	return PeriodReport{}
}

func creditOf(r Report, start time.Time) decimal.Decimal {
	for _, p := range r.Penalties {
		if p.Period.Start.Equal(start) {
			return p.Credit.Amount
		}
	}
	return decimal.Zero
}

// TestErrorRateEvaluatorPublished evaluates the published definitions
// through an agreement, each expected value derived by hand from the SLA's
// wording (June 2026: 43,200 minutes).
func TestErrorRateEvaluatorPublished(t *testing.T) {
	dec := decimal.RequireFromString
	tests := []struct {
		name     string
		reason   string
		obj      string
		edit     func(*Availability, *ErrorRate)
		events   func() []Event
		wantAtt  string // attainment rounded to wantPlaces
		places   int32
		wantDown time.Duration
		verdict  string
		credit   string
	}{
		{
			name: "Atlassian", obj: "console-uptime",
			reason: "Atlassian Cloud SLA: a minute is down when more than 5% of its requests fail; 60 down minutes of 43,200 " +
				"give 100 × 43,140 / 43,200 = 99.8611… → 99.86; below 99.95: 10% of the console's 200.00 = 20.00. A minute at exactly 5% stays up.",
			edit: func(av *Availability, er *ErrorRate) {
				av.MinimumDowntime = period.Period{}
				er.Threshold, er.MinimumRequests = decimal.NewFromInt(5), 0
			},
			events: func() []Event {
				var es []Event
				for i := range 60 {
					es = append(es, countEvent(fmt.Sprintf("m%d", i), "console-requests", time.Duration(2*i)*time.Minute, time.Minute, "total", "100", "good", "94"))
				}
				return append(es, countEvent("at5", "console-requests", 500*time.Minute, time.Minute, "total", "100", "good", "95"))
			},
			wantAtt: "99.86", places: 2, wantDown: 60 * time.Minute, verdict: VerdictMissed, credit: "20.00",
		},
		{
			name: "Google nine minutes", obj: "console-uptime",
			reason: "Google Cloud: more than 10% errors is a bad minute; 9 consecutive bad minutes are no Downtime Period: 100%, met, no credit",
			events: func() []Event {
				return run("g", "console-requests", time.Hour, 9, time.Minute, "total", "10", "good", "8")
			},
			wantAtt: "100", places: 2, wantDown: 0, verdict: VerdictAchieved, credit: "0",
		},
		{
			name: "Google ten minutes", obj: "console-uptime",
			reason: "10 consecutive bad minutes are 10 minutes of downtime: 100 × 43,190 / 43,200 = 99.97685… ≥ 99.95, met",
			events: func() []Event {
				return run("g", "console-requests", time.Hour, 10, time.Minute, "total", "10", "good", "8")
			},
			wantAtt: "99.97685", places: 5, wantDown: 10 * time.Minute, verdict: VerdictAchieved, credit: "0",
		},
		{
			name: "Google thirty minutes", obj: "console-uptime",
			reason: "30 bad minutes in three runs of 10: 100 × 43,170 / 43,200 = 99.930555… < 99.95: 10% of 200.00 = 20.00",
			events: func() []Event {
				var es []Event
				for r := range 3 {
					es = append(es, run(fmt.Sprintf("g%d-", r), "console-requests", time.Duration(1000*r)*time.Minute, 10, time.Minute, "total", "10", "good", "0")...)
				}
				return es
			},
			wantAtt: "99.93056", places: 5, wantDown: 30 * time.Minute, verdict: VerdictMissed, credit: "20.00",
		},
		{
			name: "S3", obj: "storage-uptime",
			reason: "Amazon S3: 100% minus the average 5-minute error rate; 18 of June's 8,640 slices at 96% give 100 − 1,728 / 8,640 = 99.8 < 99.9: 10% of 1,000.00 = 100.00",
			events: func() []Event {
				return run("s", "storage-requests", 0, 18, 5*time.Minute, "total", "100", "failed", "96")
			},
			wantAtt: "99.8", places: 12, verdict: VerdictMissed, credit: "100.00",
		},
		{
			name: "Azure zero transactions", obj: "storage-uptime",
			reason: "Azure storage: an hour with zero transactions has a 0% error rate; one of June's 720 hours at 50%: 100 − 50/720 = 99.930555… ≥ 99.9, met",
			edit:   func(av *Availability, er *ErrorRate) { er.Slice = period.NewHMS(1, 0, 0) },
			events: func() []Event {
				return []Event{countEvent("h", "storage-requests", 0, time.Hour, "total", "4", "failed", "2"),
					countEvent("h0", "storage-requests", time.Hour, time.Hour, "total", "0", "failed", "0")}
			},
			wantAtt: "99.93056", places: 5, verdict: VerdictAchieved, credit: "0",
		},
		{
			name: "Azure wording reversed", obj: "storage-uptime",
			reason: "the same hours with noTraffic excluded: only the 50% hour remains: 50% < 95: 100% of 1,000.00",
			edit:   func(av *Availability, er *ErrorRate) { er.Slice, er.NoTraffic = period.NewHMS(1, 0, 0), SliceExcluded },
			events: func() []Event {
				return []Event{countEvent("h", "storage-requests", 0, time.Hour, "total", "4", "failed", "2"),
					countEvent("h0", "storage-requests", time.Hour, time.Hour, "total", "0", "failed", "0")}
			},
			wantAtt: "50", places: 12, verdict: VerdictMissed, credit: "1000.00",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ev, err := NewEvaluator(errorRateAgreement(t, tc.obj, tc.edit))
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range tc.events() {
				if err := ev.Apply(e); err != nil {
					t.Fatalf("Apply(%s) = %v", e.ID, err)
				}
			}
			r := ev.Report(juneEnd)
			pr := periodOf(t, r, tc.obj, juneStart)
			if pr.Attainment == nil || !pr.Attainment.Round(tc.places).Equal(dec(tc.wantAtt)) {
				t.Errorf("%s\nattainment = %v, want %s at %d places", tc.reason, pr.Attainment, tc.wantAtt, tc.places)
			}
			if tc.wantDown != 0 && time.Duration(pr.Down) != tc.wantDown {
				t.Errorf("%s\ndown = %v, want %v", tc.reason, time.Duration(pr.Down), tc.wantDown)
			}
			if pr.Verdict != tc.verdict || !pr.Final {
				t.Errorf("%s\nverdict = %s (final %v), want %s (final)", tc.reason, pr.Verdict, pr.Final, tc.verdict)
			}
			if got := creditOf(r, juneStart); !got.Equal(dec(tc.credit)) {
				t.Errorf("%s\ncredit = %v, want %s", tc.reason, got, tc.credit)
			}
		})
	}
}

// TestErrorRateBadCounts pins the events that are rejected, and that a
// rejected event changes nothing.
func TestErrorRateBadCounts(t *testing.T) {
	ev, err := NewEvaluator(errorRateAgreement(t, "", nil))
	if err != nil {
		t.Fatal(err)
	}
	ok := countEvent("ok", "storage-requests", 0, 5*time.Minute, "total", "10", "failed", "1")
	if err := ev.Apply(ok); err != nil {
		t.Fatalf("Apply(ok) = %v", err)
	}
	five := 5 * time.Minute
	offBoundary := countEvent("off", "storage-requests", time.Minute, five, "total", "1", "failed", "0")
	future := countEvent("future", "storage-requests", five, five, "total", "1", "failed", "0")
	future.At = juneStart
	badSlice := countEvent("badslice", "storage-requests", five, five, "total", "1", "failed", "0")
	badSlice.Attrs[0].Value = "yesterday"
	noSlice := countEvent("noslice", "storage-requests", 0, five, "total", "1", "failed", "0")
	noSlice.Attrs = noSlice.Attrs[1:]
	tests := []struct {
		name string
		e    Event
		want error
	}{
		{"negative total", countEvent("neg", "storage-requests", five, five, "total", "-1", "failed", "0"), ErrBadAttribute},
		{"failed above total", countEvent("over", "storage-requests", five, five, "total", "1", "failed", "2"), ErrBadAttribute},
		{"good above total", countEvent("good", "console-requests", 0, time.Minute, "total", "1", "good", "2"), ErrBadAttribute},
		{"not a number", countEvent("nan", "storage-requests", five, five, "total", "1.5", "failed", "0"), ErrBadAttribute},
		{"too large", countEvent("big", "storage-requests", five, five, "total", "1000000000000001", "failed", "0"), ErrBadAttribute},
		{"slice sum too large", countEvent("sum", "storage-requests", 0, five, "total", "1000000000000000", "failed", "0"), ErrBadAttribute},
		{"missing failed", countEvent("nofail", "storage-requests", five, five, "total", "1"), ErrBadAttribute},
		{"off boundary", offBoundary, ErrBadAttribute},
		{"slice after the event", future, ErrBadAttribute},
		{"no slice", noSlice, ErrBadAttribute},
		{"bad slice instant", badSlice, ErrBadAttribute},
		{"duplicate", ok, ErrDuplicateEvent},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := ev.Apply(tc.e); !errors.Is(err, tc.want) {
				t.Errorf("Apply(%s) = %v, want %v", tc.e.ID, err, tc.want)
			}
		})
	}
	pr := periodOf(t, ev.Report(juneEnd), "storage-uptime", juneStart)
	// Only "ok" counts: 10% over 8,640 slices: 100 − 10/8,640.
	want := decimal.NewFromInt(100).Sub(decimal.NewFromInt(10).DivRound(decimal.NewFromInt(8640), 30)).Truncate(metric.Precision)
	if pr.Attainment == nil || !pr.Attainment.Equal(want) {
		t.Errorf("attainment after rejected events = %v, want %v", pr.Attainment, want)
	}
}

// TestErrorRateExclusions checks the exclusions of console-uptime: a
// count with the customer's cause excludes its minute, maintenance
// announced 5 days ahead excludes the minutes it overlaps, and maintenance
// announced late excludes nothing. Each case has 10 consecutive bad
// minutes at 10:00-10:10 on 1 June (a Downtime Period by itself).
func TestErrorRateExclusions(t *testing.T) {
	bad := func(cause string) []Event {
		var es []Event
		for i := range 10 {
			attrs := []string{"total", "10", "good", "0"}
			if i == 0 && cause != "" {
				attrs = append(attrs, "cause", cause)
			}
			es = append(es, countEvent(fmt.Sprintf("b%d", i), "console-requests", time.Duration(600+i)*time.Minute, time.Minute, attrs...))
		}
		return es
	}
	announce := func(at time.Time) Event {
		return Event{ID: "mw", SubjectType: "service", Subject: "s", Kind: "maintenance-announced", At: at,
			Attrs: []metric.Attr{{Key: "start", Value: "2026-06-01T10:09:00Z"}, {Key: "end", Value: "2026-06-01T10:09:30Z"}}}
	}
	tests := []struct {
		name     string
		reason   string
		events   []Event
		wantDown time.Duration
		wantExcl time.Duration
	}{
		{"none", "10 bad minutes count", bad(""), 10 * time.Minute, 0},
		{"customer-caused first minute", "the first minute is excluded; the 9 left are no Downtime Period", bad("customer-misuse"), 0, time.Minute},
		{"other cause", "a cause that is no exclusion changes nothing", bad("bug"), 10 * time.Minute, 0},
		{"maintenance announced in time", "10:09-10:09:30 excludes minute 10:09, announced 6 days ahead; 9 left: no downtime",
			append([]Event{announce(juneStart.AddDate(0, 0, -6))}, bad("")...), 0, time.Minute},
		{"maintenance announced late", "announced 1 hour ahead, less than the 5-day notice: not applied",
			append([]Event{announce(juneStart.Add(9 * time.Hour))}, bad("")...), 10 * time.Minute, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ev, err := NewEvaluator(errorRateAgreement(t, "", nil))
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range tc.events {
				if err := ev.Apply(e); err != nil {
					t.Fatalf("Apply(%s) = %v", e.ID, err)
				}
			}
			pr := periodOf(t, ev.Report(juneEnd), "console-uptime", juneStart)
			if time.Duration(pr.Down) != tc.wantDown || time.Duration(pr.Excluded) != tc.wantExcl {
				t.Errorf("%s: down %v excluded %v, want %v and %v", tc.reason, time.Duration(pr.Down), time.Duration(pr.Excluded), tc.wantDown, tc.wantExcl)
			}
		})
	}
}

// TestErrorRatePartialMerge splits request counts between two evaluators,
// one event going to both (at-least-once delivery): the merged report
// equals the report of one evaluator fed every event once, and survives a
// JSON round trip of the partials. Two different counts under one event ID
// fail with ErrMismatch.
func TestErrorRatePartialMerge(t *testing.T) {
	a := errorRateAgreement(t, "", nil)
	var es []Event
	for i := range 40 {
		es = append(es, countEvent(fmt.Sprintf("c%d", i), "console-requests", time.Duration(i)*time.Minute, time.Minute, "total", "10", "good", strconv.Itoa(i%3*4)))
		es = append(es, countEvent(fmt.Sprintf("s%d", i), "storage-requests", time.Duration(i)*5*time.Minute, 5*time.Minute, "total", "10", "failed", strconv.Itoa(i%5)))
	}
	one, err := NewEvaluator(a)
	if err != nil {
		t.Fatal(err)
	}
	one.ApplyBatch(es)
	left, right := one.Empty(), one.Empty()
	left.ApplyBatch(es[:50])
	right.ApplyBatch(es[49:]) // es[49] in both
	var parts []Partial
	for _, ev := range []*Evaluator{left, right} {
		b, err := json.Marshal(ev.Partial())
		if err != nil {
			t.Fatal(err)
		}
		var p Partial
		if err := json.Unmarshal(b, &p); err != nil {
			t.Fatal(err)
		}
		parts = append(parts, p)
	}
	merged, err := Merge(a, parts...)
	if err != nil {
		t.Fatal(err)
	}
	want, got := one.Report(juneEnd).Periods, merged.Report(juneEnd).Periods
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("merged periods differ (-want +got):\n%s", diff)
	}
	other := one.Empty()
	changed := es[49]
	changed.Attrs = append([]metric.Attr(nil), changed.Attrs...)
	changed.Attrs[len(changed.Attrs)-1].Value = "9"
	if err := other.Apply(changed); err != nil {
		t.Fatal(err)
	}
	if _, err := Merge(a, left.Partial(), other.Partial()); !errors.Is(err, ErrMismatch) {
		t.Errorf("Merge(two counts under one ID) = %v, want ErrMismatch", err)
	}
	bad := left.Partial()
	bad.ErrorRates[0].Records[0].Count.Failed = 11
	if _, err := Merge(a, bad); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Merge(a count with more failed than total) = %v, want ErrCorrupt (an impossible value)", err)
	}
}

// TestErrorRateMatchesMetric feeds random request counts for June through
// the evaluator and checks its period report against the metric package's
// ErrorRateSpec on the same counts, for both formulas, so the agreement
// path and the metric path cannot drift.
func TestErrorRateMatchesMetric(t *testing.T) {
	seed := loadSeed(t, "error-rate.json")
	rapid.Check(t, func(t *rapid.T) {
		average := rapid.Bool().Draw(t, "average")
		minDown := rapid.IntRange(0, 3).Draw(t, "minDown")
		threshold := decimal.NewFromInt(rapid.Int64Range(0, 50).Draw(t, "threshold"))
		atThreshold := rapid.Bool().Draw(t, "atThreshold")
		noTraffic := rapid.SampledFrom([]string{"", SliceUp, SliceExcluded}).Draw(t, "noTraffic")
		a := editErrorRate(seed, "console-uptime", func(av *Availability, er *ErrorRate) {
			av.MinimumDowntime = period.NewHMS(0, minDown, 0)
			er.Threshold, er.AtThreshold, er.NoTraffic, er.MinimumRequests = threshold, atThreshold, noTraffic, 2
			er.Formula = FormulaDownSlices
			if average {
				er.Formula = FormulaAverageErrorRate
			}
		})
		spec := metric.ErrorRateSpec{Slice: time.Minute, Threshold: threshold, AtThreshold: atThreshold, MinRequests: 2, MinDowntime: time.Duration(minDown) * time.Minute}
		if noTraffic == SliceExcluded {
			spec.NoTraffic = metric.SliceExcluded
		}
		if average {
			spec.Formula = metric.FormulaAverageRate
		}
		ev, err := NewEvaluator(a)
		if err != nil {
			t.Fatal(err)
		}
		var counts []metric.SliceCount
		for i := range rapid.IntRange(0, 40).Draw(t, "events") {
			m := rapid.IntRange(0, 30).Draw(t, "minute")
			tot := rapid.Int64Range(0, 20).Draw(t, "total")
			fail := rapid.Int64Range(0, tot).Draw(t, "failed")
			e := countEvent(fmt.Sprintf("e%d", i), "console-requests", time.Duration(m)*time.Minute, time.Minute,
				"total", strconv.FormatInt(tot, 10), "good", strconv.FormatInt(tot-fail, 10))
			if err := ev.Apply(e); err != nil {
				t.Fatalf("Apply(%s) = %v", e.ID, err)
			}
			counts = append(counts, metric.SliceCount{Start: juneStart.Add(time.Duration(m) * time.Minute), Total: tot, Failed: fail})
		}
		m, err := spec.Measure(metric.Period{Start: juneStart, End: juneEnd}, counts)
		if err != nil {
			t.Fatal(err)
		}
		pr := periodOf(t, ev.Report(juneEnd), "console-uptime", juneStart)
		att, ok := m.Attainment(spec.Formula)
		if ok != (pr.Attainment != nil) || (ok && !pr.Attainment.Equal(att)) {
			t.Fatalf("report attainment = %v, want metric's %v (ok %v)", pr.Attainment, att, ok)
		}
		if time.Duration(pr.Down) != m.Down {
			t.Fatalf("report down = %v, want metric's %v", time.Duration(pr.Down), m.Down)
		}
		want := map[metric.Verdict]string{metric.Achieved: VerdictAchieved, metric.Missed: VerdictMissed, metric.NotAssessed: VerdictNotAssessed}[m.Judge(spec.Formula, decimal.RequireFromString("99.95"))]
		if pr.Verdict != want {
			t.Fatalf("report verdict = %s, want metric's %s", pr.Verdict, want)
		}
	})
}

// TestErrorRateValidation pins the problems of the error-rate fields,
// each with its path, and that NewEvaluator refuses what it cannot
// evaluate.
func TestErrorRateValidation(t *testing.T) {
	const ep = "versions[0].objectives[1].metric.availability"
	tests := []struct {
		name string
		edit func(*Availability, *ErrorRate)
		path string
		want error
	}{
		{"good and failed", func(_ *Availability, er *ErrorRate) { er.Failed = "failed" }, ep + ".errorRate.goodAttribute", ErrInvalid},
		{"neither good nor failed", func(_ *Availability, er *ErrorRate) { er.Good = "" }, ep + ".errorRate.goodAttribute", ErrInvalid},
		{"unknown no-traffic rule", func(_ *Availability, er *ErrorRate) { er.NoTraffic = "down" }, ep + ".errorRate.noTraffic", ErrInvalid},
		{"unknown below-minimum rule", func(_ *Availability, er *ErrorRate) { er.BelowMinimum = "zero" }, ep + ".errorRate.belowMinimum", ErrInvalid},
		{"intervals source", func(av *Availability, _ *ErrorRate) {
			av.Source, av.Downtime = SourceIntervals, []Condition{{Kind: "outage"}}
		}, ep + ".source", ErrInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := errorRateAgreement(t, "console-uptime", tc.edit).Validate()
			ps := Problems(err)
			if len(ps) != 1 || ps[0].Path != tc.path || !errors.Is(ps[0], tc.want) {
				t.Errorf("Validate() = %v, want one problem at %s wrapping %v", err, tc.path, tc.want)
			}
		})
	}
	a := errorRateAgreement(t, "console-uptime", nil)
	a.Versions[0].Objectives[1].Period = &PeriodSpec{Kind: PeriodRolling, Length: period.MustParse("P28D")}
	a.Versions[0].Objectives[1].Penalties = nil
	if _, err := NewEvaluator(a); !errors.Is(err, ErrUnsupported) {
		t.Errorf("NewEvaluator(error rate on a rolling period) = %v, want ErrUnsupported", err)
	}
}

// TestErrorRateBesideSubjectState: when subjects of type "service" also
// keep per-subject state (an interval availability objective), a request
// count for a service not seen before is applied to the error rate, not
// rejected as an unknown subject.
func TestErrorRateBesideSubjectState(t *testing.T) {
	a := errorRateAgreement(t, "", nil)
	v := &a.Versions[0]
	v.Objectives = append(v.Objectives, Objective{
		ID: "storage-intervals", Name: "Storage up 99% by outages", Obligor: "objstore", Beneficiary: "initech", Service: "storage",
		Scope:  Scope{Subject: "service"},
		Metric: Metric{Kind: KindAvailability, Availability: &Availability{Source: SourceIntervals, Downtime: []Condition{{Kind: "outage"}}}},
		Target: &Target{AtLeast: new(decimal.RequireFromString("99"))}, Period: &PeriodSpec{Kind: PeriodMonth},
	})
	ev, err := NewEvaluator(a)
	if err != nil {
		t.Fatal(err)
	}
	// One 5-minute slice at 100% errors: 100 − 100/8,640 = 99.98842…%.
	if err := ev.Apply(countEvent("c", "storage-requests", 0, 5*time.Minute, "total", "3", "failed", "3")); err != nil {
		t.Fatalf("Apply(count for a new service) = %v, want nil", err)
	}
	pr := periodOf(t, ev.Report(juneEnd), "storage-uptime", juneStart)
	if want := decimal.RequireFromString("99.98843"); pr.Attainment == nil || !pr.Attainment.Round(5).Equal(want) {
		t.Errorf("attainment = %v, want %v at 5 places", pr.Attainment, want)
	}
}

// BenchmarkErrorRateMonth applies a month of minute counts (43,200 events,
// June 2026) to a fresh evaluator and reports the month.
func BenchmarkErrorRateMonth(b *testing.B) {
	c, err := Compile(errorRateAgreement(b, "", nil))
	if err != nil {
		b.Fatal(err)
	}
	es := run("m", "console-requests", 0, 43200, time.Minute, "total", "1000", "good", "990")
	b.ReportAllocs()
	for b.Loop() {
		ev := c.NewEvaluator()
		if rj := ev.ApplyBatch(es); len(rj) != 0 {
			b.Fatalf("%d rejected, the first: %v", len(rj), rj[0].Err)
		}
		_ = ev.Report(juneEnd)
	}
}

// TestErrorRateVersions: counts belong to the version whose period report
// covers their slice. Version 2 starts on 15 June, inside June, so June is
// reported under version 1 (the version in force at its start); a count
// for 20 June sent under version 2, and one for 30 June 23:55 sent on
// 1 July, both count in June: 2 of 8,640 slices at 100%, 100 − 200/8,640
// = 99.97685…%.
func TestErrorRateVersions(t *testing.T) {
	a := errorRateAgreement(t, "", nil)
	v2 := a.Versions[0]
	v2.Version, v2.EffectiveFrom = "2", time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)
	a.Versions = append(a.Versions, v2)
	ev, err := NewEvaluator(a)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []Event{
		countEvent("a", "storage-requests", 19*24*time.Hour, 5*time.Minute, "total", "5", "failed", "5"),
		countEvent("b", "storage-requests", 30*24*time.Hour-5*time.Minute, 5*time.Minute, "total", "5", "failed", "5"),
	} {
		if err := ev.Apply(e); err != nil {
			t.Fatalf("Apply(%s) = %v", e.ID, err)
		}
	}
	pr := periodOf(t, ev.Report(juneEnd), "storage-uptime", juneStart)
	if want := decimal.RequireFromString("99.97685"); pr.Version != "1" || pr.Attainment == nil || !pr.Attainment.Round(5).Equal(want) {
		t.Errorf("June under version %s: attainment %v, want version 1 and %v at 5 places", pr.Version, pr.Attainment, want)
	}
}
