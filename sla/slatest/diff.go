package slatest

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/penalty"
	"github.com/slaeval/slaeval/sla"
)

// Diff compares two views and returns a readable diff, "" when they are
// equal: lines starting with "-" are want's, lines with "+" got's. Both are
// filtered by the options' Objectives, Subjects and FinalOnly and put in
// canonical order first; a nil section of either side is not compared.
// Money and decimals are compared by value; instants and durations exactly
// unless ApproxTime or ApproxDuration say otherwise. With an invalid option
// Diff returns a message naming it.
func Diff(want, got View, opts ...Option) string {
	c := newConfig(opts)
	if err := c.err(); err != nil {
		return err.Error() + "\n"
	}
	w, g := c.filter(want.clone()), c.filter(got.clone())
	if w.Items == nil || g.Items == nil {
		w.Items, g.Items = nil, nil
	}
	if w.Periods == nil || g.Periods == nil {
		w.Periods, g.Periods = nil, nil
	}
	if w.Credits == nil || g.Credits == nil {
		w.Credits, g.Credits = nil, nil
	}
	w.sort()
	g.sort()
	return stable(cmp.Diff(w, g, c.options()...))
}

// DiffReports compares two whole reports with the same options (filters do
// not apply; tolerances and CmpOptions do) and returns a readable diff,
// "" when they are equal.
func DiffReports(want, got sla.Report, opts ...Option) string {
	c := newConfig(opts)
	if err := c.err(); err != nil {
		return err.Error() + "\n"
	}
	return stable(cmp.Diff(want, got, c.options()...))
}

// Check evaluates a over events as of asOf and compares slaeval's answer
// (want) with the host's view (got), as Diff does. On a difference it calls
// t.Errorf with the diff labelled "(-slaeval +host)" and returns false.
// It also fails when the agreement cannot be evaluated, when an option is
// invalid and, unless AllowRejected is given, when slaeval rejected any
// event. Check calls only t.Helper and t.Errorf, never t.Fatal, so the
// test goes on; stop it yourself with `if !slatest.Check(...) { t.FailNow() }`.
func Check(t testing.TB, a sla.Agreement, events []sla.Event, asOf time.Time, host View, opts ...Option) bool {
	t.Helper()
	c := newConfig(opts)
	if err := c.err(); err != nil {
		t.Errorf("%v", err)
		return false
	}
	r, err := sla.Evaluate(a, slices.Values(events), asOf)
	if err != nil {
		t.Errorf("slatest: the agreement cannot be evaluated: %v", err)
		return false
	}
	ok := true
	if n := r.Input.Total() - r.Input.Applied; n > 0 && !c.allowRejected {
		t.Errorf("slatest: slaeval did not apply %d of %d events (%s); fix the events or pass AllowRejected",
			n, r.Input.Total(), reasons(r.Input))
		ok = false
	}
	if d := Diff(ViewOf(r), host, opts...); d != "" {
		t.Errorf("%s as of %s mismatch (-slaeval +host):\n%s", a.ID, asOf.Format(time.RFC3339), d)
		ok = false
	}
	return ok
}

// reasons lists why events were not applied: "1 duplicate, 2 outOfOrder".
func reasons(in sla.Accounting) string {
	var parts []string
	if in.Duplicates > 0 {
		parts = append(parts, fmt.Sprintf("%d %s", in.Duplicates, sla.ReasonDuplicate))
	}
	keys := slices.Sorted(maps.Keys(in.Rejected))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%d %s", in.Rejected[k], k))
	}
	return strings.Join(parts, ", ")
}

// options are the go-cmp options of a comparison: exact money and
// decimals by value, then the caller's.
func (c config) options() []cmp.Option {
	o := []cmp.Option{
		cmp.Comparer(func(a, b penalty.Money) bool {
			return a.Equal(b) || (a.Amount.IsZero() && b.Amount.IsZero())
		}),
		cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
		cmpopts.EquateEmpty(),
	}
	return append(o, c.cmp...)
}

func (c config) filter(v View) View {
	if v.Items != nil {
		v.Items = keep(v.Items, func(it Item) bool { return c.wantObjective(it.Objective) && c.wantSubject(it.Type, it.ID) })
	}
	if v.Periods != nil {
		v.Periods = keep(v.Periods, func(p Period) bool { return c.wantObjective(p.Objective) && (p.Final || !c.finalOnly) })
	}
	return v
}

func (c config) wantObjective(id string) bool { return c.objectives == nil || c.objectives[id] }

func (c config) wantSubject(typ, id string) bool {
	if c.subjects == nil {
		return true
	}
	for _, f := range c.subjects {
		if f.typ == typ && (f.ids == nil || f.ids[id]) {
			return true
		}
	}
	return false
}

// keep returns the elements of s for which f holds, never nil.
func keep[T any](s []T, f func(T) bool) []T {
	out := make([]T, 0, len(s))
	for _, x := range s {
		if f(x) {
			out = append(out, x)
		}
	}
	return out
}

// stable replaces the non-breaking spaces go-cmp inserts at random (to
// discourage parsing its output) by ordinary spaces.
func stable(s string) string { return strings.ReplaceAll(s, "\u00a0", " ") }
