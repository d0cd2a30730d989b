package sla

import (
	"slices"
	"testing"
	"time"

	"github.com/rickb777/date/v2/clock"
	"github.com/rickb777/period"
	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/calendar"
	"github.com/slaeval/slaeval/metric"
)

// TestRelativeDeadlinesEvaluated evaluates testdata/agreements/
// relative-deadlines.json: businessDaysEnd targets, relative deadlines (by),
// a named cap and a volume with a total and per-segment targets. Every
// expected instant is derived by hand from the England office calendar
// (Mon-Fri 09:00-17:30 Europe/London, England bank holidays: Good Friday 3
// April, Easter Monday 6 April, early May Monday 4 May 2026; BST = UTC+1
// from 29 March).
func TestRelativeDeadlinesEvaluated(t *testing.T) {
	a := loadSeed(t, "relative-deadlines.json")
	var es []Event
	add := func(e Event) { es = append(es, e) }

	// info-answer ("dayAt 1 16:00"): requested Fri 1 May 18:00 BST; the
	// next business day after Fri 1 May is Tue 5 May (Sat, Sun, then the
	// Monday bank holiday), so due Tue 5 May 16:00 BST = 15:00Z.
	// R1 answers at 15:30 BST (met); R2 at 16:30 BST (missed by 30 min).
	add(evt("i1", "request", "R1", "info-requested", "2026-05-01T17:00:00Z"))
	add(evt("i2", "request", "R2", "info-requested", "2026-05-01T17:00:00Z"))
	add(evt("a1", "request", "R1", "info-provided", "2026-05-05T14:30:00Z"))
	add(evt("a2", "request", "R2", "info-provided", "2026-05-05T15:30:00Z"))

	// same-day-ack (P0D businessDaysEnd, on the helpdesk service's hours):
	// R3 opened Fri 1 May 18:00 BST, after closing: the next open instant
	// is Tue 5 May 09:00, so due the end of Tue 5 May, 17:30 BST = 16:30Z;
	// acknowledged Tue 10:00 BST, met. R4 opened Wed 6 May 10:00 BST, due
	// Wed 17:30 BST, acknowledged Thu: missed. R5 opened Thu 7 May 12:00
	// BST, never acknowledged: missed. Two breaches × GBP 100 = 200, over
	// the monthly cap of 150: 150, capped by "monthly-cap".
	add(evt("o3", "request", "R3", "request-opened", "2026-05-01T17:00:00Z"))
	add(evt("k3", "request", "R3", "request-acknowledged", "2026-05-05T09:00:00Z"))
	add(evt("o4", "request", "R4", "request-opened", "2026-05-06T09:00:00Z"))
	add(evt("k4", "request", "R4", "request-acknowledged", "2026-05-07T08:30:00Z"))
	add(evt("o5", "request", "R5", "request-opened", "2026-05-07T11:00:00Z"))

	// invoice-paid ("monthDayEnd 5"): I1 issued Wed 20 May; June 2026's
	// business days start Mon 1 June, so the fifth is Fri 5 June: due
	// 17:30 BST = 16:30Z; paid 17:00 BST, met. I2 issued Mon 29 June: the
	// fifth business day of July is Tue 7 July (Wed 1, Thu 2, Fri 3, Mon 6,
	// Tue 7): due 16:30Z, pending as of 1 July.
	add(evt("v1", "invoice", "I1", "invoice-issued", "2026-05-20T09:00:00Z"))
	add(evt("p1", "invoice", "I1", "invoice-paid", "2026-06-05T16:00:00Z"))
	add(evt("v2", "invoice", "I2", "invoice-issued", "2026-06-29T09:00:00Z"))

	// friction-report (P10D businessDaysEnd after each month's end), by the
	// counting rule (DESIGN.md, "Counting business days"): the anchor is the
	// first instant of the next month, and day 1 is the first business day
	// that begins at or after it. April's anchor is Fri 1 May 00:00 BST;
	// Fri 1 May is a business day (day 1), Mon 4 May the early May bank
	// holiday: 1 (1), 5 (2), 6 (3), 7 (4), 8 (5), 11 (6), 12 (7), 13 (8),
	// 14 (9), 15 May (10): due the end of Fri 15 May, 17:30 BST = 16:30Z.
	// March's: Wed 1 April (1), Thu 2 (2), Good Friday 3 and Easter Monday 6
	// skipped, 7 (3), 8 (4), 9 (5), 10 (6), 13 (7), 14 (8), 15 (9), Thu 16
	// April (10): 17:30 BST. May's: Mon 1 June (1), 2-5 (2-5), 8-12 (6-10):
	// Fri 12 June 17:30 BST. January's to March's reports are sent in time;
	// April's at 17:00 BST on Mon 18 May, the sixth business day after
	// month end would have allowed (the off-by-one of issue 15), is one
	// business day late: missed; May's on 16 June, missed.
	add(evt("r1", "report", "jan", "report-sent", "2026-02-10T10:00:00Z"))
	add(evt("r2", "report", "feb", "report-sent", "2026-03-10T10:00:00Z"))
	add(evt("r3", "report", "mar", "report-sent", "2026-04-10T10:00:00Z"))
	add(evt("r4", "report", "apr", "report-sent", "2026-05-18T16:00:00Z"))
	add(evt("r5", "report", "may", "report-sent", "2026-06-16T08:00:00Z"))

	// qualified-leads: May 25 A + 24 B = 49: total (≥ 50) missed, A (≥ 20)
	// met, B (≥ 30) missed. June 20 A + 30 B = 50: all met.
	for i := range 49 {
		q := "A"
		if i >= 25 {
			q = "B"
		}
		add(evt("m"+itoa(i), "lead", "M"+itoa(i), "lead-qualified", "2026-05-12T10:00:00Z", "quality", q))
	}
	for i := range 50 {
		q := "A"
		if i >= 20 {
			q = "B"
		}
		add(evt("j"+itoa(i), "lead", "J"+itoa(i), "lead-qualified", "2026-06-12T10:00:00Z", "quality", q))
	}
	slices.SortStableFunc(es, func(x, y Event) int { return x.At.Compare(y.At) })

	asOf := mustTime(t, "2026-07-01T00:00:00+01:00")
	r, err := Evaluate(a, seq(es), asOf)
	if err != nil {
		t.Fatal(err)
	}
	if r.Input.Applied != int64(len(es)) {
		t.Fatalf("Input = %+v, want all %d applied", r.Input, len(es))
	}

	// late: wall time after due; lateBusiness: open time of the calendar
	// (R2: 16:00-16:30 BST is open; R4: Thu 09:00-09:30 BST is the open
	// part of Wed 17:30 to Thu 09:30 BST)
	checkDeadlines(t, r, []deadlineCase{
		{"R1 answered before Tue 16:00", "request", "R1", "info-answer", "2026-05-05T15:00:00Z", StateMet, 0, 0},
		{"R2 answered 30 min late", "request", "R2", "info-answer", "2026-05-05T15:00:00Z", StateBreached, 30 * time.Minute, 30 * time.Minute},
		{"R3 opened after hours, acked next business day", "request", "R3", "same-day-ack", "2026-05-05T16:30:00Z", StateMet, 0, 0},
		{"R4 acked the next day", "request", "R4", "same-day-ack", "2026-05-06T16:30:00Z", StateBreached, 16 * time.Hour, 30 * time.Minute},
		{"I1 paid by the fifth business day of June", "invoice", "I1", "invoice-paid", "2026-06-05T16:30:00Z", StateMet, 0, 0},
		{"I2 due the fifth business day of July", "invoice", "I2", "invoice-paid", "2026-07-07T16:30:00Z", StatePending, 0, 0},
	})

	fr := findPeriods(r, "friction-report")
	wantFR := map[string]struct {
		due     string
		verdict string
	}{
		"2026-03-01T00:00:00Z":      {"2026-04-16T16:30:00Z", VerdictAchieved},
		"2026-04-01T00:00:00+01:00": {"2026-05-15T16:30:00Z", VerdictMissed},
		"2026-05-01T00:00:00+01:00": {"2026-06-12T16:30:00Z", VerdictMissed},
	}
	seen := 0
	for _, p := range fr {
		for start, w := range wantFR {
			if p.Period.Start.Equal(mustTime(t, start)) {
				seen++
				if !p.Due.Equal(mustTime(t, w.due)) || p.Verdict != w.verdict {
					t.Errorf("friction-report %s = due %v verdict %s, want due %s verdict %s", start, p.Due, p.Verdict, w.due, w.verdict)
				}
			}
		}
	}
	if seen != len(wantFR) {
		t.Errorf("friction-report periods found %d of %d: %+v", seen, len(wantFR), fr)
	}

	leads := map[string][3]bool{ // total, A, B met
		"2026-05-01T00:00:00+01:00": {false, true, false},
		"2026-06-01T00:00:00+01:00": {true, true, true},
	}
	for _, p := range findPeriods(r, "qualified-leads") {
		for start, want := range leads {
			if !p.Period.Start.Equal(mustTime(t, start)) {
				continue
			}
			got := map[string]bool{}
			for _, s := range p.Segments {
				got[s.Target.Segment] = s.Met
			}
			if len(p.Segments) != 3 || got[""] != want[0] || got["A"] != want[1] || got["B"] != want[2] {
				t.Errorf("qualified-leads %s segments = %+v, want total/A/B met %v", start, p.Segments, want)
			}
			wantVerdict := VerdictMissed
			if want[0] && want[1] && want[2] {
				wantVerdict = VerdictAchieved
			}
			if p.Verdict != wantVerdict {
				t.Errorf("qualified-leads %s verdict = %s, want %s", start, p.Verdict, wantVerdict)
			}
		}
	}

	var may *PenaltyPeriod
	for i := range r.Penalties {
		if r.Penalties[i].Period.Start.Equal(mustTime(t, "2026-05-01T00:00:00+01:00")) {
			may = &r.Penalties[i]
		}
	}
	if may == nil || len(may.Lines) != 1 {
		t.Fatalf("May penalties = %+v, want one line", may)
	}
	l := may.Lines[0]
	if l.Source != "late-ack" || !l.Units.Equal(decimal.NewFromInt(2)) || len(l.Bites) != 1 || l.Bites[0].Cap != "monthly-cap" ||
		!l.Amount.Amount.Equal(decimal.NewFromInt(150)) {
		t.Errorf("May line = %v (bites %+v), want late-ack: 2 breaches × 100 = 200 capped by monthly-cap to 150", l, l.Bites)
	}
}

func TestTargetSpanBusinessDaysEnd(t *testing.T) {
	tests := []struct {
		name   string
		within period.Period
		want   calendar.Span
		ok     bool
	}{
		// P0D is the end of the business day itself; P2W is 2 × 7 = 14 days.
		{"end of the business day", period.Period{}, calendar.Span{Unit: calendar.BusinessDaysEnd, Days: 0}, true},
		{"P0D", period.NewYMD(0, 0, 0), calendar.Span{Unit: calendar.BusinessDaysEnd, Days: 0}, true},
		{"P10D", period.NewYMD(0, 0, 10), calendar.Span{Unit: calendar.BusinessDaysEnd, Days: 10}, true},
		{"P2W", period.NewYMWD(0, 0, 2, 0), calendar.Span{Unit: calendar.BusinessDaysEnd, Days: 14}, true},
		{"hours", period.NewHMS(4, 0, 0), calendar.Span{}, false},
		{"a month", period.NewYMD(0, 1, 0), calendar.Span{}, false},
		{"negative", period.NewYMD(0, 0, -1), calendar.Span{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := Target{Within: tc.within, Unit: UnitBusinessDaysEnd}.Span()
			if got != tc.want || ok != tc.ok {
				t.Errorf("Span(%s businessDaysEnd) = %v, %v, want %v, %v", tc.within, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestTargetDeadline(t *testing.T) {
	tests := []struct {
		by   string
		want calendar.Deadline
		ok   bool
	}{
		{"dayAt 1 16:00", calendar.Deadline{Rule: calendar.DayAt, N: 1, At: clock.New(16, 0, 0, 0)}, true},
		{"dayEnd 0", calendar.Deadline{Rule: calendar.DayEnd, N: 0}, true},
		{"monthDayEnd 5", calendar.Deadline{Rule: calendar.MonthDayEnd, N: 5}, true},
		{"", calendar.Deadline{}, false},
		{"dayAt 1 25:00", calendar.Deadline{}, false},
		{"tomorrow", calendar.Deadline{}, false},
	}
	for _, tc := range tests {
		got, ok := Target{By: tc.by}.Deadline()
		if ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("Target{By: %q}.Deadline() = %v, %v, want %v, %v", tc.by, got, ok, tc.want, tc.ok)
		}
	}
}

// TestRelDueMatchesMetric: for a span metric.Deadline can express, relDue
// judges exactly as metric.Deadline does (the reference).
func TestRelDueMatchesMetric(t *testing.T) {
	cal := mustCalendar(t, calendar.Spec{Hours: "Mon-Fri 09:00-17:30", Zone: "Europe/London", HolidaySets: []string{"GB-ENG"}})
	for _, sp := range []calendar.Span{
		{Unit: calendar.BusinessDays, Days: 2},
		{Unit: calendar.BusinessTime, Duration: 4 * time.Hour},
		{Unit: calendar.WallTime, Duration: 90 * time.Minute},
	} {
		ref, err := metric.NewDeadline(metric.DeadlineSpec{Calendar: cal, Within: sp})
		if err != nil {
			t.Fatal(err)
		}
		rd := relDue{cal: cal, within: sp}
		anchor := mustTime(t, "2026-05-01T16:00:00Z")
		for _, done := range []string{"", "2026-05-01T16:30:00Z", "2026-05-06T09:00:00Z", "2026-05-12T12:00:00Z"} {
			var d time.Time
			if done != "" {
				d = mustTime(t, done)
			}
			for _, asOf := range []string{"2026-05-02T00:00:00Z", "2026-05-31T00:00:00Z"} {
				a := mustTime(t, asOf)
				if got, want := rd.Judge(anchor, d, a), ref.Judge(anchor, d, a); got != want {
					t.Errorf("%v: Judge(%v, %q, %v) = %+v, want %+v", sp, anchor, done, asOf, got, want)
				}
			}
		}
	}
}

// TestRelDueNoAnswer: "dayAt 0 16:00" anchored on Saturday 2 May 2026 has
// no answer (the anchor's date is not a business day): the obligation is
// due at noDue and stays pending.
func TestRelDueNoAnswer(t *testing.T) {
	cal := mustCalendar(t, calendar.Spec{Hours: "Mon-Fri 09:00-17:30", Zone: "Europe/London"})
	d, err := calendar.ParseDeadline("dayAt 0 16:00")
	if err != nil {
		t.Fatal(err)
	}
	rd := relDue{cal: cal, by: d}
	sat := mustTime(t, "2026-05-02T10:00:00Z")
	if got := rd.Due(sat); !got.Equal(noDue) {
		t.Errorf("Due(Sat) = %v, want %v", got, noDue)
	}
	if st := rd.Judge(sat, time.Time{}, mustTime(t, "2030-01-01T00:00:00Z")); st.State != metric.DeadlinePending {
		t.Errorf("Judge(Sat) = %+v, want pending", st)
	}
	// The same rule on Friday 1 May: 16:00 BST that day = 15:00Z.
	if got, want := rd.Due(mustTime(t, "2026-05-01T08:00:00Z")), mustTime(t, "2026-05-01T15:00:00Z"); !got.Equal(want) {
		t.Errorf("Due(Fri) = %v, want %v", got, want)
	}
}

func mustCalendar(t *testing.T, s calendar.Spec) *calendar.Calendar {
	t.Helper()
	c, err := s.Build()
	if err != nil {
		t.Fatal(err)
	}
	return c
}
