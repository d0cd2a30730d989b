package sla

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// visible is the part of a report a host acts on: states, verdicts and the
// instants they name, with the quantities that grow continuously with the
// report's instant (elapsed time, lateness, attainment of a running
// availability, credits per unit late of a breach still running) left out.
// A warning is visible once reached (its instant ≤ the report's).
type visible struct {
	Version  string
	Overdue  bool
	Subjects []string
	Periods  []string
	Obligs   []string
	Lines    []string
	Terms    int
}

func (v visible) equal(w visible) bool {
	return v.Version == w.Version && v.Overdue == w.Overdue && v.Terms == w.Terms &&
		slices.Equal(v.Subjects, w.Subjects) && slices.Equal(v.Periods, w.Periods) &&
		slices.Equal(v.Obligs, w.Obligs) && slices.Equal(v.Lines, w.Lines)
}

func visibleOf(r Report) visible {
	v := visible{Version: r.Version, Overdue: r.Review.Overdue, Terms: len(r.Terminations)}
	for _, s := range r.Subjects {
		for _, o := range s.Objectives {
			reached := 0
			for _, w := range o.Warnings {
				if !w.At.After(r.AsOf) {
					reached++
				}
			}
			line := fmt.Sprintf("%s/%s %s v%s scope=%v state=%s phase=%s target=%v due=%v breach=%v warned=%d excused=%v excluded=%v",
				s.Type, s.ID, o.Objective, s.Version, o.InScope, o.State, o.Phase, o.Target, o.Due, o.BreachAt, reached, o.Excused, o.Excluded)
			for _, c := range o.Cycles {
				line += fmt.Sprintf(" [%d %v %v %s %v %v %v]", c.Cycle, c.Start, c.End, c.State, c.BreachAt, c.Excused, c.Excluded)
			}
			for _, d := range o.Deadlines {
				line += fmt.Sprintf(" [%v %v %v %s %v %v]", d.Anchor, d.Due, d.Done, d.State, d.Excused, d.Excluded)
			}
			v.Subjects = append(v.Subjects, line)
		}
	}
	for _, p := range r.Periods {
		att := ""
		if p.Attainment != nil && p.Service == 0 {
			att = p.Attainment.String()
		}
		v.Periods = append(v.Periods, fmt.Sprintf("%s v%s %v final=%v %s att=%s %d/%d/%d/%d due=%v done=%v",
			p.Objective, p.Version, p.Period, p.Final, p.Verdict, att, p.Met, p.Missed, p.Excused, p.Pending, p.Due, p.Done))
	}
	for _, o := range r.Obligations {
		v.Obligs = append(v.Obligs, fmt.Sprintf("%s %s %d/%d/%d", o.ID, o.Status, o.Met, o.Missed, o.Pending))
	}
	for _, p := range r.Penalties {
		v.Lines = append(v.Lines, fmt.Sprintf("%v lines=%d bonuses=%d claimBy=%v", p.Period, len(p.Lines), len(p.Bonuses), p.ClaimBy))
	}
	return v
}

// timerAgreement is the support desk with one more objective, scoped to
// urgent tickets only: a first reply within 2 business hours.
func timerAgreement(t testing.TB) Agreement {
	a := loadSeed(t, "support-desk.json")
	v := &a.Versions[0]
	for _, o := range v.Objectives {
		if o.ID == "first-reply" {
			o.ID, o.Name = "urgent-reply", "Urgent tickets answered within 2 business hours"
			o.Scope.Where = []AttrTest{{Attr: "priority", Op: "equals", Values: []string{"urgent"}}}
			o.Target = &Target{Within: mustPeriod("PT2H"), Unit: UnitBusiness}
			o.Penalties = nil
			v.Objectives = append(v.Objectives, o)
			break
		}
	}
	return a
}

// TestPropNextChangeWakesOncePerChange: a host that applies a random
// stream of events and, between events, sleeps until each instant
// NextChange returns sees a visible change in the report at every wake-up
// (no spurious wake-ups), and none at any instant between two wake-ups
// (nothing missed). The instants between that are compared are the
// neighbours of the wake-ups, every instant the report names (due, breach,
// warning, period bounds) and the nanoseconds around it, and random ones.
func TestPropNextChangeWakesOncePerChange(t *testing.T) {
	a := timerAgreement(t)
	rapid.Check(t, func(t *rapid.T) {
		ev, err := NewEvaluator(a)
		if err != nil {
			t.Fatal(err)
		}
		es := timerEvents(t)
		horizon := es[len(es)-1].At.Add(10 * 24 * time.Hour)
		for i := 0; i < len(es); {
			at := es[i].At
			for ; i < len(es) && es[i].At.Equal(at); i++ {
				_ = ev.Apply(es[i])
			}
			until := horizon
			if i < len(es) {
				until = es[i].At
			}
			checkTimers(t, ev, at, until)
		}
	})
}

// checkTimers follows NextChange from w while its answers are before
// until, checking each wake-up and the instants between.
func checkTimers(t *rapid.T, ev *Evaluator, w, until time.Time) {
	for n := 0; ; n++ {
		if n > 500 {
			t.Fatalf("more than 500 wake-ups between %v and %v", w, until)
		}
		prev := ev.Report(w)
		next, ok := ev.NextChange(w)
		end := until
		if ok && next.Before(until) {
			end = next
		}
		pv := visibleOf(prev)
		for _, x := range between(t, prev, w, end) {
			if xv := visibleOf(ev.Report(x)); !pv.equal(xv) {
				t.Fatalf("a change at %v between wake-ups %v and %v was missed (-at wake-up +later):\n%s", x, w, end, cmp.Diff(pv, xv))
			}
		}
		if !ok || !next.Before(until) {
			return
		}
		if pv.equal(visibleOf(ev.Report(next))) {
			t.Fatalf("NextChange(%v) = %v: nothing visible changed (spurious wake-up)", w, next)
		}
		w = next
	}
}

// between lists instants strictly inside (w, end) to compare with w: the
// first and last nanoseconds, each instant r names with its neighbours,
// and a few random ones.
func between(t *rapid.T, r Report, w, end time.Time) []time.Time {
	var out []time.Time
	add := func(x time.Time) {
		for _, d := range []time.Duration{-1, 0, 1} {
			if y := x.Add(d); y.After(w) && y.Before(end) {
				out = append(out, y)
			}
		}
	}
	add(w.Add(1))
	add(end.Add(-1))
	for _, s := range r.Subjects {
		for _, o := range s.Objectives {
			add(o.Due)
			add(o.BreachAt)
			for _, x := range o.Warnings {
				add(x.At)
			}
			for _, d := range o.Deadlines {
				add(d.Due)
			}
		}
	}
	for _, p := range r.Periods {
		add(p.Period.Start)
		add(p.Period.End)
		add(p.Due)
	}
	if span := end.Sub(w); span > 2 {
		for i, n := 0, rapid.IntRange(0, 3).Draw(t, "samples"); i < n; i++ {
			add(w.Add(time.Duration(rapid.Int64Range(1, int64(span)-1).Draw(t, "sample"))))
		}
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return slices.CompactFunc(out, func(a, b time.Time) bool { return a.Equal(b) })
}

// timerEvents draws a stream for up to three tickets and an invoice, in
// time order, starting on Friday 27 March 2026 (so streams cross a weekend,
// the end of March, and the UK clock change of 29 March).
func timerEvents(t *rapid.T) []Event {
	at := time.Date(2026, 3, 27, 6, 0, 0, 0, time.UTC)
	var es []Event
	created := map[string]bool{}
	n := rapid.IntRange(1, 10).Draw(t, "events")
	for i := 0; i < n; i++ {
		at = at.Add(time.Duration(rapid.IntRange(0, 30*60).Draw(t, "gapMinutes")) * time.Minute)
		id := fmt.Sprint(i)
		tk := rapid.SampledFrom([]string{"T1", "T2", "T3"}).Draw(t, "ticket")
		e := Event{ID: id, SubjectType: "ticket", Subject: tk, At: at}
		switch k := rapid.IntRange(0, 7).Draw(t, "kind"); {
		case !created[tk] || k == 0:
			created[tk] = true
			e.Kind = "ticket.created"
			e = withAttrs(e, "priority", rapid.SampledFrom([]string{"urgent", "high", "normal"}).Draw(t, "priority"))
		case k == 1:
			e.Kind = "ticket.comment"
			e = withAttrs(e, "author", "agent", "public", "true")
		case k == 2:
			e.Kind = "ticket.updated"
			e = withAttrs(e, "priority", rapid.SampledFrom([]string{"urgent", "high", "normal"}).Draw(t, "priority"))
		case k == 3:
			e.Kind = "ticket.updated"
			e = withAttrs(e, "status", rapid.SampledFrom([]string{"open", "pending", "solved"}).Draw(t, "status"))
		case k == 4:
			e.Kind = "info-requested"
		case k == 5:
			e.Kind = "customer-replied"
		case k == 6:
			e.SubjectType, e.Subject, e.Kind = "invoice", "I1", "invoice-issued"
		default:
			e.SubjectType, e.Subject, e.Kind = "invoice", "I1", "invoice-paid"
		}
		es = append(es, e)
	}
	return es
}

func withAttrs(e Event, kv ...string) Event {
	return evt(e.ID, e.SubjectType, e.Subject, e.Kind, e.At.Format(time.RFC3339), kv...)
}

// TestOutOfScopeRunsNoClock: the support desk plus "urgent-reply", urgent
// tickets answered within 2 business hours (Mon–Fri 07:30–22:00 GMT). A
// normal ticket created Mon 2 March 2026 09:00 is out of its scope: at
// 12:00, past the 11:00 the clock would have been due, urgent-reply is not
// started and not breached, and the next change is first-reply's 75%
// warning on Tue 12:30 (TestNextChange), not 11:00. Raised to urgent at
// 10:00, the ticket is in scope and, as a changed target does, the clock
// applies from its original start: due 09:00 + 2 h = 11:00, breached from
// 11:00 plus one nanosecond, BreachAt 11:00.
func TestOutOfScopeRunsNoClock(t *testing.T) {
	ev, err := NewEvaluator(timerAgreement(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := ev.Apply(evt("1", "ticket", "T", "ticket.created", "2026-03-02T09:00:00Z", "priority", "normal")); err != nil {
		t.Fatal(err)
	}
	ur, _ := findSubject(ev.Report(mustTime(t, "2026-03-02T12:00:00Z")), "ticket", "T", "urgent-reply")
	want := SubjectObjective{Objective: "urgent-reply", InScope: false, State: StateNotStarted}
	if diff := cmp.Diff(want, ur); diff != "" {
		t.Errorf("out of scope at 12:00 (-want +got):\n%s", diff)
	}
	if got, ok := ev.NextChange(mustTime(t, "2026-03-02T09:00:00Z")); !ok || !got.Equal(mustTime(t, "2026-03-03T12:30:00Z")) {
		t.Errorf("NextChange(09:00) = %v, %v, want Tue 12:30 (first-reply's warning)", got, ok)
	}
	if err := ev.Apply(evt("2", "ticket", "T", "ticket.updated", "2026-03-02T10:00:00Z", "priority", "urgent")); err != nil {
		t.Fatal(err)
	}
	// urgent-reply keeps first-reply's warnings: 75% of 2 h is 10:30, and
	// 1 h before due is 10:00 (the instant of the change itself).
	due := mustTime(t, "2026-03-02T11:00:00Z")
	for _, step := range []struct{ after, want time.Time }{
		{mustTime(t, "2026-03-02T10:00:00Z"), mustTime(t, "2026-03-02T10:30:00Z")},
		{mustTime(t, "2026-03-02T10:30:00Z"), due.Add(1)},
	} {
		if got, ok := ev.NextChange(step.after); !ok || !got.Equal(step.want) {
			t.Errorf("NextChange(%v) after raising to urgent = %v, %v, want %v", step.after, got, ok, step.want)
		}
	}
	ur, _ = findSubject(ev.Report(due.Add(1)), "ticket", "T", "urgent-reply")
	if !ur.InScope || ur.State != StateBreached || !ur.BreachAt.Equal(due) {
		t.Errorf("urgent-reply at 11:00+1ns = scope %v state %s breachAt %v, want in scope, breached at %v", ur.InScope, ur.State, ur.BreachAt, due)
	}
}

// TestNextChangeTermStartsMidMonth: a term (and its only version) starting
// on Thursday 15 January 2026 00:00 UTC, with monthly periods. By hand: at
// 15 January 00:00 the version takes effect (the report's version changes);
// January's period [1 January, 1 February) belongs to it, as no version
// holds 1 January, and reports list a period once it has begun before their
// instant, so it appears one nanosecond later; nothing else is due before
// it ends on 1 February.
func TestNextChangeTermStartsMidMonth(t *testing.T) {
	js := strings.ReplaceAll(terminationOnly, "2026-01-01T00:00:00Z", "2026-01-15T00:00:00Z")
	a, err := Decode([]byte(js))
	if err != nil {
		t.Fatal(err)
	}
	ev, err := NewEvaluator(a)
	if err != nil {
		t.Fatal(err)
	}
	start := mustTime(t, "2026-01-15T00:00:00Z")
	for _, step := range []struct{ after, want time.Time }{
		{start.Add(-time.Hour), start},
		{start, start.Add(1)},
		{start.Add(1), mustTime(t, "2026-02-01T00:00:00Z")},
	} {
		if got, ok := ev.NextChange(step.after); !ok || !got.Equal(step.want) {
			t.Errorf("NextChange(%v) = %v, %v, want %v", step.after, got, ok, step.want)
		}
	}
	if n := len(ev.Report(start).Periods); n != 0 {
		t.Errorf("periods at the start instant: %d, want 0", n)
	}
	if n := len(ev.Report(start.Add(1)).Periods); n != 1 {
		t.Errorf("periods a nanosecond later: %d, want 1 (January)", n)
	}
}
