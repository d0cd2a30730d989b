package sla

import (
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"
	"unsafe"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// reportCases are evaluators with their report instants: every scenario
// as of each of its events' instants and its own instant, and a busy
// support desk (ticketEvents) as of every hundredth event.
func reportCases(t *testing.T) map[string]struct {
	ev    *Evaluator
	times []time.Time
} {
	out := map[string]struct {
		ev    *Evaluator
		times []time.Time
	}{}
	for _, dir := range scenarioDirs(t) {
		s := loadScenario(t, dir)
		ev, err := NewEvaluator(s.agr)
		if err != nil {
			t.Fatal(err)
		}
		times := []time.Time{s.asOf}
		for _, e := range s.events {
			_ = ev.Apply(e) // rejections are part of some scenarios
			times = append(times, e.At)
		}
		out[filepath.Base(dir)] = struct {
			ev    *Evaluator
			times []time.Time
		}{ev, times}
	}
	ev, err := NewEvaluator(benchAgreement(t))
	if err != nil {
		t.Fatal(err)
	}
	es := ticketEvents(300)
	var times []time.Time
	for i, e := range es {
		if err := ev.Apply(e); err != nil {
			t.Fatal(err)
		}
		if i%100 == 0 {
			times = append(times, e.At)
		}
	}
	out["tickets"] = struct {
		ev    *Evaluator
		times []time.Time
	}{ev, append(times, es[len(es)-1].At.Add(90*24*time.Hour))}
	return out
}

// TestSummaryIsReportWithoutSubjects: Summary gives what Report gives but
// the subjects, and SubjectReports yields exactly Report's subjects in
// order; Report is the reference.
func TestSummaryIsReportWithoutSubjects(t *testing.T) {
	opts := cmp.Options{cmpopts.EquateErrors(), cmpopts.EquateEmpty()}
	for name, c := range reportCases(t) {
		t.Run(name, func(t *testing.T) {
			for _, asOf := range c.times {
				want := c.ev.report(asOf, true, true) // every subject walked: no counters
				if got := c.ev.Report(asOf); !reflect.DeepEqual(want, got) {
					t.Fatalf("Report(%v) (-walk +with counters):\n%s", asOf, cmp.Diff(want, got, opts))
				}
				subjects := want.Subjects
				want.Subjects = nil
				// DeepEqual first: cmp.Diff on every report is slow.
				if got := c.ev.Summary(asOf); !reflect.DeepEqual(want, got) {
					t.Fatalf("Summary(%v) (-Report without subjects +Summary):\n%s", asOf, cmp.Diff(want, got, opts))
				}
				if got := slices.Collect(c.ev.SubjectReports(asOf)); !reflect.DeepEqual(subjects, got) {
					t.Fatalf("SubjectReports(%v) (-Report's +yielded):\n%s", asOf, cmp.Diff(subjects, got, opts))
				}
			}
		})
	}
}

// TestSubjectReportsStopsAndRepeats: a range over SubjectReports may stop
// early, and the sequence can be ranged again from the start.
func TestSubjectReportsStopsAndRepeats(t *testing.T) {
	c := reportCases(t)["tickets"]
	asOf := c.times[len(c.times)-1]
	seq := c.ev.SubjectReports(asOf)
	var first []string
	for sr := range seq {
		first = append(first, sr.ID)
		if len(first) == 2 {
			break
		}
	}
	all := slices.Collect(seq)
	// 300 tickets, T0 to T299, sorted as strings: T0, T1, T10, ...
	if len(all) != 300 || !cmp.Equal(first, []string{"T0", "T1"}) || all[2].ID != "T10" {
		t.Errorf("first two = %v, then %d subjects starting %v, want [T0 T1], then 300 from T0, T1, T10", first, len(all), all[:min(3, len(all))])
	}
	var zero *Evaluator
	for range zero.SubjectReports(asOf) {
		t.Fatal("a nil Evaluator yields a subject")
	}
	if r := zero.Summary(asOf); len(r.Errors) != 1 {
		t.Errorf("nil Evaluator's Summary errors = %v, want one (ErrNotBuilt)", r.Errors)
	}
}

// TestReportValueSizes pins the sizes of the values a report holds per
// subject on 64-bit platforms: at a million tickets they are most of
// what Report allocates. Worked out by hand from the fields (a string 16
// bytes, a time.Time 24, a slice 24, a duration or pointer 8): an
// objective has three strings (48), its four flags in one word (8), two
// durations (16), two instants (48) and five slices (120): 240; a cycle
// has its number and two flags in one word (8), three instants (72), two
// durations (16), a string (16), a pointer (8) and a slice (24): 144.
func TestReportValueSizes(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("sizes worked out for 64-bit platforms")
	}
	for _, tc := range []struct {
		name      string
		got, want uintptr
	}{
		{"SubjectReport", unsafe.Sizeof(SubjectReport{}), 3*16 + 24},
		{"SubjectObjective", unsafe.Sizeof(SubjectObjective{}), 240},
		{"Cycle", unsafe.Sizeof(Cycle{}), 144},
		{"DeadlineItem", unsafe.Sizeof(DeadlineItem{}), 3*24 + 16 + 4*8 + 8 + 8 + 24},
	} {
		if tc.got != tc.want {
			t.Errorf("unsafe.Sizeof(%s{}) = %d, want %d", tc.name, tc.got, tc.want)
		}
	}
}
