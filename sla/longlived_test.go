package sla

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/google/go-cmp/cmp"

	"github.com/slaeval/slaeval/metric"
)

// longLivedAgreement is benchAgreement with its next-reply clock charged
// per breach, and a copy of it measured per ISO week, so that every cycle
// a long-lived ticket closes counts in monthly and weekly periods, in the
// obligation and in the monthly credits. (The weekly copy has no
// penalty. Note that a weekly objective gives a credit month several
// outcomes of one objective, which penalty.Evaluate refuses: the reports
// list those errors, alike with and without folding.)
func longLivedAgreement(t testing.TB) Agreement {
	a := benchAgreement(t)
	v := &a.Versions[0]
	nr := &v.Objectives[len(v.Objectives)-1]
	nr.Penalties = slices.Clone(v.Objectives[0].Penalties)
	nr.Penalties[0].ID = "next-reply-late"
	weekly := *nr
	weekly.ID, weekly.Name, weekly.Penalties = "next-reply-weekly", "Next reply within 8 business hours, per week", nil
	weekly.Period = &PeriodSpec{Kind: PeriodWeek}
	v.Objectives = append(v.Objectives, weekly)
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	return a
}

// longLivedEvents is one ticket's stream of n events: its creation, then
// requester comments (each starts a next-reply cycle) and agent answers
// (each stops it), 10 to 60 minutes apart; one answer in 40 comes 1 to 3
// days late, so that some cycles breach their 8 business hours. The
// stream runs from 5 January 2026 for months, across the change to
// summer time in London.
func longLivedEvents(n int) []Event {
	rng := rand.New(rand.NewPCG(16, 7))
	agent := []metric.Attr{{Key: "author", Value: "agent"}, {Key: "public", Value: "true"}}
	requester := []metric.Attr{{Key: "author", Value: "requester"}, {Key: "public", Value: "true"}}
	at := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	out := make([]Event, 0, n)
	for i := range n {
		e := Event{ID: "e" + strconv.Itoa(i), SubjectType: "ticket", Subject: "L", At: at, Kind: "ticket.comment", Attrs: requester}
		switch {
		case i == 0:
			e.Kind, e.Attrs = "ticket.created", []metric.Attr{{Key: "priority", Value: "normal"}}
		case i%2 == 0:
			e.Attrs = agent
		}
		out = append(out, e)
		step := time.Duration(10+rng.IntN(50)) * time.Minute
		if i%2 == 1 && rng.IntN(40) == 0 {
			step = time.Duration(24+rng.IntN(48)) * time.Hour
		}
		at = at.Add(step)
	}
	return out
}

// applyLong applies es to a new evaluator of a with o, failing on any
// rejection.
func applyLong(t testing.TB, a Agreement, o Options, es []Event) *Evaluator {
	t.Helper()
	ev, err := o.NewEvaluator(a)
	if err != nil {
		t.Fatal(err)
	}
	if rej := ev.ApplyBatch(es); rej != nil {
		t.Fatalf("%d events rejected, the first: %v", len(rej), rej[0].Err)
	}
	return ev
}

// reportFigures is what a report says of periods, obligations and money:
// all that folding must leave exactly as it was.
type reportFigures struct {
	Report
	Errors []string // the report's errors, as text
}

func figures(r Report) reportFigures {
	f := reportFigures{Report: Report{Periods: r.Periods, Obligations: r.Obligations, Penalties: r.Penalties, Credit: r.Credit, Bonus: r.Bonus, Terminations: r.Terminations, Input: r.Input}}
	for _, e := range r.Errors {
		f.Errors = append(f.Errors, e.Error())
	}
	return f
}

// TestFoldedCyclesSameFigures: a ticket with 6,000 events (about 3,000
// next-reply cycles over three months) gives exactly the same period
// figures, obligations, credits and input accounting with the default
// folding (32 cycles kept) as with none (KeepCycles math.MaxInt, the
// reference), at several report instants; and the folded report lists
// the reference's last cycles in full (the current one, and 32 to 96
// closed ones: folding runs in passes) and its others as per-day counts,
// which the test derives from the reference's cycles by grouping them by
// their start's day in London.
func TestFoldedCyclesSameFigures(t *testing.T) {
	a := longLivedAgreement(t)
	es := longLivedEvents(6000)
	ref := applyLong(t, a, Options{KeepCycles: math.MaxInt}, es)
	got := applyLong(t, a, Options{}, es)
	last := es[len(es)-1].At
	for _, asOf := range []time.Time{es[3000].At, last, last.AddDate(0, 2, 0)} {
		want, have := ref.Report(asOf), got.Report(asOf)
		if diff := cmp.Diff(figures(want), figures(have)); diff != "" {
			t.Fatalf("report as of %s: figures differ with folding (-none +folded):\n%s", asOf, diff)
		}
	}
	want, have := ref.Report(last), got.Report(last)
	wo, _ := want.Subjects[0].Objective("next-reply")
	ho, _ := have.Subjects[0].Objective("next-reply")
	if len(wo.Folded) != 0 || len(wo.Cycles) < 1000 {
		t.Fatalf("reference: %d cycles, %d folded days; want over 1,000 and none", len(wo.Cycles), len(wo.Folded))
	}
	keep := len(ho.Cycles)
	// Two clocks fold (next-reply and its weekly copy): a pass runs when
	// their closed cycles number 2·32·2, and leaves 32 of each.
	if keep < DefaultKeepCycles+1 || keep > 3*DefaultKeepCycles+1 {
		t.Fatalf("%d cycles listed, want the current one and 32 to 96 closed ones", keep)
	}
	if diff := cmp.Diff(wo.Cycles[len(wo.Cycles)-keep:], ho.Cycles); diff != "" {
		t.Errorf("cycles listed (-reference's last +folded):\n%s", diff)
	}
	london, _ := time.LoadLocation("Europe/London")
	var byDay []FoldedCycles
	for _, c := range wo.Cycles[:len(wo.Cycles)-keep] {
		y, m, d := c.Start.In(london).Date()
		day := time.Date(y, m, d, 0, 0, 0, 0, london)
		if len(byDay) == 0 || !byDay[len(byDay)-1].Day.Equal(day) {
			byDay = append(byDay, FoldedCycles{Day: day})
		}
		if c.State == StateBreached {
			byDay[len(byDay)-1].Breached++
		} else {
			byDay[len(byDay)-1].Met++
		}
	}
	if diff := cmp.Diff(byDay, ho.Folded); diff != "" {
		t.Errorf("folded days (-grouped from the reference +folded):\n%s", diff)
	}
	breached := 0
	for _, f := range ho.Folded {
		breached += f.Breached
	}
	if breached == 0 {
		t.Error("no folded cycle breached: the stream does not test breaches")
	}
}

// TestFoldedSnapshotRoundTrip: the folded ticket's snapshot, through
// JSON, is format FormatFolded; restored into a new evaluator, and its
// partial merged into another, it reports what the uninterrupted one
// does; and it continues alike: the stream's second half applied after a
// restore at its middle gives the uninterrupted figures, and the same
// snapshot. A format 1 snapshot carrying folded cycles is refused.
func TestFoldedSnapshotRoundTrip(t *testing.T) {
	a := longLivedAgreement(t)
	es := longLivedEvents(6000)
	full := applyLong(t, a, Options{IDKey: goldenKey, SubjectIDs: 1000}, es)
	last := es[len(es)-1].At
	want := full.Report(last)

	half := applyLong(t, a, Options{IDKey: goldenKey, SubjectIDs: 1000}, es[:3000])
	ss, _ := half.Snapshot("ticket", "L")
	ss = roundTripT(t, ss)
	if ss.Format != FormatFolded || len(ss.Clocks[len(ss.Clocks)-1].Folded) == 0 || ss.IDsReleased.IsZero() {
		t.Fatalf("snapshot: format %d, %d folded days, release mark %v; want %d, some, set", ss.Format, len(ss.Clocks[len(ss.Clocks)-1].Folded), ss.IDsReleased, FormatFolded)
	}
	resumed, _ := Options{IDKey: goldenKey, SubjectIDs: 1000}.NewEvaluator(a)
	if err := resumed.Restore(ss); err != nil {
		t.Fatal(err)
	}
	if rej := resumed.ApplyBatch(es[3000:]); rej != nil {
		t.Fatalf("after restore: %d events rejected, the first: %v", len(rej), rej[0].Err)
	}
	got := resumed.Report(last)
	got.Input, want.Input = Accounting{}, Accounting{} // the resumed one counts only the second half
	if diff := cmp.Diff(want.Periods, got.Periods); diff != "" {
		t.Errorf("periods after a restore at the middle (-uninterrupted +resumed):\n%s", diff)
	}
	if diff := cmp.Diff(want.Subjects, got.Subjects); diff != "" {
		t.Errorf("subjects after a restore at the middle (-uninterrupted +resumed):\n%s", diff)
	}
	ws, _ := full.Snapshot("ticket", "L")
	gs, _ := resumed.Snapshot("ticket", "L")
	if diff := cmp.Diff(ws, gs); diff != "" {
		t.Errorf("snapshot after a restore at the middle (-uninterrupted +resumed):\n%s", diff)
	}

	pt := roundTripT(t, full.Partial())
	if pt.Format != FormatFolded {
		t.Errorf("partial format %d, want %d", pt.Format, FormatFolded)
	}
	merged, _ := Options{IDKey: goldenKey}.NewEvaluator(a)
	if err := merged.Merge(pt); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(figures(full.Report(last)), figures(merged.Report(last))); diff != "" {
		t.Errorf("merged partial (-uninterrupted +merged):\n%s", diff)
	}

	ss.Format = FormatVersion
	fresh, _ := Options{IDKey: goldenKey}.NewEvaluator(a)
	if err := fresh.Restore(ss); !errors.Is(err, ErrCorrupt) {
		t.Errorf("format 1 snapshot with folded cycles: Restore = %v, want ErrCorrupt", err)
	}
}

// TestReleasedIDs: with a window of 100 IDs, a re-send of the ticket's
// first event (its ID long dropped, its instant before the release mark)
// is rejected with ErrIDsReleased and counted, never applied; a re-send
// of one of its last 100 is a duplicate; a new event at the last instant
// is applied. By hand: 1,000 events applied, then 1 released, 1
// duplicate, 1 applied.
func TestReleasedIDs(t *testing.T) {
	a := longLivedAgreement(t)
	es := longLivedEvents(1000)
	ev := applyLong(t, a, Options{SubjectIDs: 100}, es)
	if err := ev.Apply(es[0]); !errors.Is(err, ErrIDsReleased) {
		t.Errorf("re-send of the first event: %v, want ErrIDsReleased", err)
	}
	if err := ev.Apply(es[950]); !errors.Is(err, ErrDuplicateEvent) {
		t.Errorf("re-send of event 950: %v, want ErrDuplicateEvent", err)
	}
	e := es[len(es)-1]
	e.ID = "new"
	if err := ev.Apply(e); err != nil {
		t.Errorf("a new event at the last instant: %v, want nil", err)
	}
	in := ev.Report(e.At).Input
	if in.Applied != 1001 || in.Duplicates != 1 || in.Rejected[ReasonIDsReleased] != 1 {
		t.Errorf("input = %+v, want applied 1001, duplicates 1, idsReleased 1", in)
	}
	if _, err := ev.Recompute("ticket", "L", es); !errors.Is(err, ErrNotRecomputable) {
		t.Errorf("Recompute of a subject that dropped IDs: %v, want ErrNotRecomputable", err)
	}
}

// subjectBytes is the memory a subject holds beyond its fixed parts
// (clocks, deadlines, attributes, its key): its ID window, closed cycles
// kept in full and folded days.
func subjectBytes(s *subject) int {
	n := s.ids.bytes() + cap(s.prev)*int(unsafe.Sizeof(prevCycle{}))
	if s.x != nil {
		n += cap(s.x.folded) * int(unsafe.Sizeof(foldedDay{}))
	}
	return n
}

// TestLongLivedSubjectBounded: what one ticket holds after 20,000 events
// (16 months of its stream) is within 3 times what it holds after 2,000
// by the subject's own count (its ID window fills its second generation:
// twice; its folded days grow with the days its stream spans, not with
// events), and within twice by the heap (runtime.MemStats after a
// collection, the whole evaluator). The reference, which folds nothing
// and keeps 16 times the IDs, grows more than 5 times over the same
// events, so the measure does see growth.
func TestLongLivedSubjectBounded(t *testing.T) {
	a := longLivedAgreement(t)
	es := longLivedEvents(20_000)
	held := func(o Options, n int) (subj, heap int) {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		ev := applyLong(t, a, o, es[:n])
		runtime.GC()
		runtime.ReadMemStats(&after)
		subj = subjectBytes(ev.subjects.get("ticket", "L"))
		runtime.KeepAlive(ev)
		return subj, int(after.HeapAlloc) - int(before.HeapAlloc)
	}
	s2, h2 := held(Options{}, 2000)
	s20, h20 := held(Options{}, 20_000)
	if s20 > 3*s2 || h20 > 2*h2 {
		t.Errorf("held at 2,000 / 20,000 events: subject %d / %d bytes, heap %d / %d; want at most 3 and 2 times as much", s2, s20, h2, h20)
	}
	unbounded := Options{KeepCycles: math.MaxInt, SubjectIDs: MaxSubjectIDs}
	r2, _ := held(unbounded, 2000)
	r20, _ := held(unbounded, 20_000)
	if r20 < 5*r2 {
		t.Errorf("reference held %d / %d bytes at 2,000 / 20,000 events; want over 5 times as much: the measure misses growth", r2, r20)
	}
	t.Logf("subject bytes at 2,000 / 20,000 events: %d / %d (reference %d / %d); heap %d / %d", s2, s20, r2, r20, h2, h20)
}

// BenchmarkLongLivedSubject applies a stream of N events to one ticket
// (about N/2 next-reply cycles) per iteration, to a new evaluator of an
// agreement compiled once, and reports ns/event: flat
// in N when the ticket's state is bounded (Bounded: the defaults) and
// growing when it is not (Unbounded: every cycle kept, a window of
// MaxSubjectIDs IDs). Run with
//
//	go test ./sla -run '^$' -bench LongLivedSubject -benchmem
func BenchmarkLongLivedSubject(b *testing.B) {
	a := longLivedAgreement(b)
	for _, c := range []struct {
		name string
		o    Options
	}{{"Bounded", Options{}}, {"Unbounded", Options{KeepCycles: math.MaxInt, SubjectIDs: MaxSubjectIDs}}} {
		for _, n := range []int{1000, 20_000} {
			es := longLivedEvents(n)
			comp, err := c.o.Compile(a)
			if err != nil {
				b.Fatal(err)
			}
			b.Run(c.name+"/events="+strconv.Itoa(n), func(b *testing.B) {
				for b.Loop() {
					ev, _ := comp.NewEvaluatorWith(c.o)
					ev.ApplyBatch(es)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/event")
			})
		}
	}
}

// TestOptionsConfigRange: SubjectIDs and KeepCycles out of range are
// refused with ErrInvalid naming the option.
func TestOptionsConfigRange(t *testing.T) {
	a := longLivedAgreement(t)
	for _, c := range []struct {
		name string
		o    Options
		path string
	}{
		{"negative window", Options{SubjectIDs: -1}, "Options.SubjectIDs"},
		{"window too large", Options{SubjectIDs: MaxSubjectIDs + 1}, "Options.SubjectIDs"},
		{"negative keep", Options{KeepCycles: -1}, "Options.KeepCycles"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := c.o.NewEvaluator(a)
			var e *Error
			if !errors.Is(err, ErrInvalid) || !errors.As(err, &e) || e.Path != c.path {
				t.Errorf("NewEvaluator = %v, want ErrInvalid at %s", err, c.path)
			}
		})
	}
}

// TestFoldedReportSchema: the report of a ticket with folded cycles
// (it has "folded") passes report_schema.json, and one whose folded day
// has a negative count does not.
func TestFoldedReportSchema(t *testing.T) {
	s := compileReportSchema(t)
	ev := applyLong(t, longLivedAgreement(t), Options{}, longLivedEvents(1000))
	r := ev.Report(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"folded"`) {
		t.Fatal(`the report has no "folded"`)
	}
	if err := schemaValidate(s, b); err != nil {
		t.Errorf("schema rejects the report: %v", err)
	}
	bad := strings.Replace(string(b), `"met":`, `"met":-`, 1)
	if err := schemaValidate(s, []byte(bad)); err == nil {
		t.Error("schema accepts a folded day with a negative count")
	}
}

// TestFoldedRetire: a long-lived ticket solved at the end of its stream
// (every clock stopped) retires with its folded cycles: the report after
// Retire gives the figures of the report before (folded cycles become
// retired verdicts dated at their day, in the same periods), and a
// re-send of its last event is then rejected as retired.
func TestFoldedRetire(t *testing.T) {
	a := longLivedAgreement(t)
	es := longLivedEvents(3001) // ends with an agent's answer: next-reply stopped
	solved := Event{ID: "solved", SubjectType: "ticket", Subject: "L", Kind: "ticket.updated", At: es[len(es)-1].At.Add(time.Minute),
		Attrs: []metric.Attr{{Key: "status", Value: "solved"}}}
	ev := applyLong(t, a, Options{}, append(es, solved))
	at := solved.At.AddDate(0, 1, 0)
	before := figures(ev.Report(at))
	if r := ev.Report(at); len(r.Subjects) != 1 {
		t.Fatal("no subject report")
	} else if so, _ := r.Subjects[0].Objective("next-reply"); len(so.Folded) == 0 {
		t.Fatal("no folded cycles before Retire: the test does not test them")
	}
	if err := ev.Retire("ticket", "L"); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, figures(ev.Report(at))); diff != "" {
		t.Errorf("figures after Retire (-before +after):\n%s", diff)
	}
	if err := ev.Apply(solved); !errors.Is(err, ErrRetired) {
		t.Errorf("re-send after Retire: %v, want ErrRetired", err)
	}
}
