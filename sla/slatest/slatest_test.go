package slatest_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/metric"
	"github.com/slaeval/slaeval/penalty"
	"github.com/slaeval/slaeval/sla"
	"github.com/slaeval/slaeval/sla/slatest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// fakeTB records what Check reports instead of failing the test.
type fakeTB struct {
	testing.TB
	errs []string
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Errorf(format string, args ...any) {
	f.errs = append(f.errs, fmt.Sprintf(format, args...))
}

// asOf is Mon 9 Mar 10:00 UTC. By hand, on Mon–Fri 09:00–17:00 with a
// 4-business-hour first-reply target:
//   - T-1 opened Fri 15:00, unanswered: 2 h Friday + 1 h Monday = 3 h
//     elapsed; due after 1 more business hour, Mon 11:00.
//   - T-2 opened Mon 09:30, answered 09:45: met, 15 min elapsed.
var asOf = at("2026-03-09T10:00:00Z")

func exact() slatest.View {
	return slatest.View{Items: []slatest.Item{
		{Type: "ticket", ID: "T-1", Objective: "first-reply", State: sla.StateRunning, Due: at("2026-03-09T11:00:00Z"), Elapsed: 3 * time.Hour},
		{Type: "ticket", ID: "T-2", Objective: "first-reply", State: sla.StateMet, Elapsed: 15 * time.Minute},
	}}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		edit   func(*slatest.View)
		opts   []slatest.Option
		pass   bool
		want   []string // substrings of the recorded failure
	}{
		{name: "exact", reason: "the hand-derived view agrees exactly", edit: func(*slatest.View) {}, pass: true},
		{name: "order", reason: "the host may list items in any order",
			edit: func(v *slatest.View) { slices.Reverse(v.Items) }, pass: true},
		{name: "due 59s late, 1m tolerance", reason: "within ApproxTime(time.Minute)",
			edit: func(v *slatest.View) { v.Items[0].Due = at("2026-03-09T11:00:59Z") },
			opts: []slatest.Option{slatest.ApproxTime(time.Minute)}, pass: true},
		{name: "due 61s late, 1m tolerance", reason: "beyond the tolerance",
			edit: func(v *slatest.View) { v.Items[0].Due = at("2026-03-09T11:01:01Z") },
			opts: []slatest.Option{slatest.ApproxTime(time.Minute)},
			want: []string{"(-slaeval +host)", `-`, `2026-03-09 11:00:00 +0000 UTC`, `+`, `2026-03-09 11:01:01 +0000 UTC`}},
		{name: "due 1s late, no tolerance", reason: "instants compare exactly by default",
			edit: func(v *slatest.View) { v.Items[0].Due = at("2026-03-09T11:00:01Z") },
			want: []string{"11:00:01"}},
		{name: "elapsed in whole minutes", reason: "ApproxDuration(time.Minute) accepts 3h0m40s for 3h",
			edit: func(v *slatest.View) { v.Items[0].Elapsed = 3*time.Hour + 40*time.Second },
			opts: []slatest.Option{slatest.ApproxDuration(time.Minute)}, pass: true},
		{name: "elapsed 2m off", reason: "beyond ApproxDuration(time.Minute)",
			edit: func(v *slatest.View) { v.Items[0].Elapsed = 3*time.Hour + 2*time.Minute },
			opts: []slatest.Option{slatest.ApproxDuration(time.Minute)},
			want: []string{"Elapsed", "s\"3h0m0s\"", "s\"3h2m0s\""}},
		{name: "wrong state", reason: "the host thinks T-2 is still running",
			edit: func(v *slatest.View) { v.Items[1].State = sla.StateRunning },
			want: []string{`- `, `"met"`, `+ `, `"inProgress"`}},
		{name: "missing subject", reason: "the host forgot T-2",
			edit: func(v *slatest.View) { v.Items = v.Items[:1] },
			want: []string{`"T-2"`}},
		{name: "missing subject, filtered", reason: "Subjects restricts the comparison to T-1",
			edit: func(v *slatest.View) { v.Items = v.Items[:1] },
			opts: []slatest.Option{slatest.Subjects("ticket", "T-1")}, pass: true},
		{name: "ignored fields", reason: "a host without elapsed times ignores the field",
			edit: func(v *slatest.View) { v.Items[0].Elapsed, v.Items[1].Elapsed = 0, 0 },
			opts: []slatest.Option{slatest.IgnoreFields(slatest.Item{}, "Elapsed")}, pass: true},
		{name: "other objective only", reason: "Objectives filters out first-reply on both sides",
			edit: func(v *slatest.View) { v.Items[0].State = "nonsense" },
			opts: []slatest.Option{slatest.Objectives("resolution")}, pass: true},
		{name: "bad field name", reason: "an invalid option fails the check, never panics",
			edit: func(*slatest.View) {},
			opts: []slatest.Option{slatest.IgnoreFields(slatest.Item{}, "Nope")},
			want: []string{`IgnoreFields(Item, "Nope"): no such field`}},
		{name: "negative margin", reason: "an invalid option fails the check",
			edit: func(*slatest.View) {},
			opts: []slatest.Option{slatest.ApproxTime(-time.Second)},
			want: []string{"negative margin"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			host := exact()
			tc.edit(&host)
			var ft fakeTB
			ok := slatest.Check(&ft, desk(), deskEvents(), asOf, host, tc.opts...)
			if ok != tc.pass || (len(ft.errs) == 0) != tc.pass {
				t.Fatalf("Check = %v with failures %q, want pass %v (%s)", ok, ft.errs, tc.pass, tc.reason)
			}
			msg := strings.Join(ft.errs, "\n")
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("failure message lacks %q (%s):\n%s", w, tc.reason, msg)
				}
			}
		})
	}
}

func TestCheckRejectedEvents(t *testing.T) {
	// An update of T-2 dated before its last event (09:45) is out of order.
	es := append(deskEvents(), sla.Event{ID: "4", SubjectType: "ticket", Subject: "T-2", Kind: metric.KindUpdated, At: at("2026-03-09T09:00:00Z")})
	var ft fakeTB
	if slatest.Check(&ft, desk(), es, asOf, exact()) || len(ft.errs) != 1 || !strings.Contains(ft.errs[0], "did not apply 1 of 4 events (1 outOfOrder)") {
		t.Errorf("Check without AllowRejected recorded %q, want one failure naming the rejected event", ft.errs)
	}
	ft = fakeTB{}
	if !slatest.Check(&ft, desk(), es, asOf, exact(), slatest.AllowRejected()) {
		t.Errorf("Check with AllowRejected recorded %q, want a pass", ft.errs)
	}
}

func TestCheckBadAgreement(t *testing.T) {
	var ft fakeTB
	if slatest.Check(&ft, sla.Agreement{}, deskEvents(), asOf, exact()) || len(ft.errs) != 1 || !strings.Contains(ft.errs[0], "cannot be evaluated") {
		t.Errorf("Check(zero agreement) recorded %q, want one failure", ft.errs)
	}
}

func TestDiffSections(t *testing.T) {
	start := at("2026-02-01T00:00:00Z")
	m := func(s string) penalty.Money { return penalty.MustParseMoney(s) }
	base := slatest.View{
		Periods: []slatest.Period{{Objective: "uptime", Start: start, End: at("2026-03-01T00:00:00Z"), Final: true,
			Verdict: sla.VerdictMissed, Attainment: decimal.RequireFromString("99.7")}},
		Credits: []slatest.Credit{{Start: start, Credit: m("USD 1000.00")}},
	}
	tests := []struct {
		name   string
		reason string
		got    slatest.View
		opts   []slatest.Option
		equal  bool
	}{
		{"same", "identical views", base, nil, true},
		{"trailing zeros", "10.0 and 10.00 are the same money and decimal",
			slatest.View{Periods: []slatest.Period{{Objective: "uptime", Start: start, End: at("2026-03-01T00:00:00Z"), Final: true,
				Verdict: sla.VerdictMissed, Attainment: decimal.RequireFromString("99.70")}},
				Credits: []slatest.Credit{{Start: start, Credit: m("USD 1000.0")}}}, nil, true},
		{"one cent", "money is exact: no tolerance applies",
			slatest.View{Periods: base.Periods, Credits: []slatest.Credit{{Start: start, Credit: m("USD 1000.01")}}},
			[]slatest.Option{slatest.ApproxTime(time.Hour), slatest.ApproxDuration(time.Hour)}, false},
		{"zero money", "zero Money equals USD 0.00",
			slatest.View{Periods: base.Periods, Credits: []slatest.Credit{{Start: start, Credit: m("USD 1000.00"), Bonus: m("USD 0.00")}}}, nil, true},
		{"nil section", "a nil section is not compared", slatest.View{Credits: base.Credits}, nil, true},
		{"empty section", "an empty, non-nil section is compared", slatest.View{Periods: []slatest.Period{}, Credits: base.Credits}, nil, false},
		{"attainment", "attainments are exact", slatest.View{Periods: []slatest.Period{{Objective: "uptime", Start: start, End: at("2026-03-01T00:00:00Z"),
			Final: true, Verdict: sla.VerdictMissed, Attainment: decimal.RequireFromString("99.700000000001")}}}, nil, false},
		{"final only", "FinalOnly drops the running period",
			slatest.View{Periods: append(slices.Clone(base.Periods), slatest.Period{Objective: "uptime", Start: at("2026-03-01T00:00:00Z")})},
			[]slatest.Option{slatest.FinalOnly()}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := slatest.Diff(base, tc.got, tc.opts...)
			if (d == "") != tc.equal {
				t.Errorf("Diff = %q, want equal %v (%s)", d, tc.equal, tc.reason)
			}
		})
	}
}

func TestDiffDoesNotModifyInputs(t *testing.T) {
	got := exact()
	slices.Reverse(got.Items)
	before := slices.Clone(got.Items)
	slatest.Diff(exact(), got, slatest.Subjects("ticket", "T-1"))
	if !slices.Equal(before, got.Items) {
		t.Errorf("Diff reordered or filtered its argument: %v, want %v", got.Items, before)
	}
}

func TestDiffReports(t *testing.T) {
	r, err := sla.Evaluate(desk(), slices.Values(deskEvents()), asOf)
	if err != nil {
		t.Fatal(err)
	}
	if d := slatest.DiffReports(r, r); d != "" {
		t.Errorf("DiffReports(r, r) mismatch (-want +got):\n%s", d)
	}
	r2, _ := sla.Evaluate(desk(), slices.Values(deskEvents()), asOf)
	r2.Subjects[0].Objectives[0].Due = r2.Subjects[0].Objectives[0].Due.Add(30 * time.Second)
	r2.Subjects[0].Objectives[0].Elapsed += 20 * time.Second
	if d := slatest.DiffReports(r, r2); d == "" {
		t.Error("DiffReports missed a 30 s change of a due instant")
	}
	if d := slatest.DiffReports(r, r2, slatest.ApproxTime(time.Minute), slatest.ApproxDuration(time.Minute)); d != "" {
		t.Errorf("DiffReports within tolerance mismatch (-want +got):\n%s", d)
	}
}

// TestGolden keeps the text of a failing Check in testdata/, so a change of
// its layout is seen in review. Regenerate with go test -update.
func TestGolden(t *testing.T) {
	host := exact()
	host.Items[0].Due = at("2026-03-09T11:05:00Z") // rounded up to the next 5 minutes: beyond 1 m
	host.Items[1].State = sla.StateBreached
	host.Items[1].BreachAt = at("2026-03-09T09:45:00Z")
	var ft fakeTB
	slatest.Check(&ft, desk(), deskEvents(), asOf, host, slatest.ApproxTime(time.Minute), slatest.IgnoreFields(slatest.Item{}, "Elapsed"))
	got := strings.Join(ft.errs, "\n")
	path := filepath.Join("testdata", "check-mismatch.golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("Check failure text differs from %s (run go test -update after checking):\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}
