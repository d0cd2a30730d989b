package sla

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// goldenKey is the ID key of the golden files: the key of the published
// SipHash test vectors, 00 01 … 0f.
var goldenKey = IDKey(seqKey)

const snapshotDir = "testdata/snapshots"

// goldenScenarios are the scenarios whose state is kept as golden files:
// tickets with clocks and deadlines, services with availability, volumes
// and period-end deadlines, and a service with state under two versions.
var goldenScenarios = []string{"support-desk", "saas-uptime", "sales-marketing", "amendment-availability"}

// scenarioEvaluator returns an evaluator of the scenario's agreement,
// decoded afresh from its JSON, with the golden key and the given origin,
// fed every event of the scenario.
func scenarioEvaluator(t *testing.T, name, origin string) (*Evaluator, scenario) {
	t.Helper()
	s := loadScenario(t, filepath.Join(scenarioDir, name))
	ev, err := Options{IDKey: goldenKey, Origin: origin}.NewEvaluator(s.agr)
	if err != nil {
		t.Fatal(err)
	}
	ev.ApplyAll(slices.Values(s.events))
	return ev, s
}

func marshalIndent(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

// golden compares got with the file, or rewrites it with -update.
func golden(t *testing.T, file string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s changed (-want +got):\n%s\nThe JSON form of snapshots and partials changed. If that is intended, "+
			"increase FormatVersion, move the old files to testdata/snapshots/v<old format>/ (TestOldFormats checks they are refused), "+
			"and run go test ./sla -run TestGoldenSnapshots -update.", file, diff)
	}
}

// TestGoldenSnapshots: the partial of each golden scenario (and a ticket's
// snapshot) is byte for byte the golden file, so a change of the format
// cannot slip through; and the golden file, merged (restored) into an
// evaluator of the same agreement decoded afresh, reports exactly what the
// uninterrupted evaluator reports.
func TestGoldenSnapshots(t *testing.T) {
	for _, name := range goldenScenarios {
		t.Run(name, func(t *testing.T) {
			ev, s := scenarioEvaluator(t, name, "golden")
			want := ev.Report(s.asOf)
			file := filepath.Join(snapshotDir, name+".partial.json")
			golden(t, file, marshalIndent(t, ev.Partial()))

			var pt Partial
			readJSON(t, file, &pt)
			fresh := loadScenario(t, filepath.Join(scenarioDir, name))
			back, err := Merge(fresh.agr, pt)
			if err != nil {
				t.Fatalf("Merge(golden partial) = %v", err)
			}
			if diff := cmp.Diff(want, back.Report(s.asOf)); diff != "" {
				t.Errorf("report after Merge of the golden partial (-uninterrupted +merged):\n%s", diff)
			}
			if name != "support-desk" {
				return
			}
			ss, _ := ev.Snapshot("ticket", "T1")
			file = filepath.Join(snapshotDir, name+".subject.json")
			golden(t, file, marshalIndent(t, ss))
			var back1 SubjectSnapshot
			readJSON(t, file, &back1)
			ev.Forget("ticket", "T1")
			if err := ev.Restore(back1); err != nil {
				t.Fatalf("Restore(golden snapshot) = %v", err)
			}
			if diff := cmp.Diff(want, ev.Report(s.asOf)); diff != "" {
				t.Errorf("report after Restore of the golden snapshot (-uninterrupted +restored):\n%s", diff)
			}
		})
	}
}

func readJSON(t *testing.T, file string, v any) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
}

// TestOldFormats: snapshots and partials written in an earlier format (v0:
// before formats were numbered, with no fingerprint and no key) are
// refused with ErrMismatch at "format", never read.
func TestOldFormats(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join(snapshotDir, "v*"))
	if len(dirs) == 0 {
		t.Fatal("no old formats in testdata/snapshots")
	}
	for _, dir := range dirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
		for _, f := range files {
			name := filepath.Base(f)
			scen := name[:bytes.IndexByte([]byte(name), '.')]
			s := loadScenario(t, filepath.Join(scenarioDir, scen))
			ev, err := NewEvaluator(s.agr)
			if err != nil {
				t.Fatal(err)
			}
			if filepath.Ext(name[:len(name)-5]) == ".subject" {
				var ss SubjectSnapshot
				readJSON(t, f, &ss)
				err = ev.Restore(ss)
			} else {
				var pt Partial
				readJSON(t, f, &pt)
				err = ev.Merge(pt)
			}
			if !errors.Is(err, ErrMismatch) || Problems(err)[0].Path != "format" {
				t.Errorf("%s: err = %v, want ErrMismatch at format", f, err)
			}
			if r := ev.Report(s.asOf); len(r.Subjects) != 0 || r.Input.Total() != 0 {
				t.Errorf("%s: refused, yet the evaluator holds %d subjects and %d events", f, len(r.Subjects), r.Input.Total())
			}
		}
	}
}

// swapClocks returns the scenario's agreement with its first two
// objectives (first reply and resolution, both clocks) swapped: the
// edit of the issue, after which a snapshot read by position would report
// first reply's state under resolution's name.
func swapClocks(t *testing.T, a Agreement) Agreement {
	t.Helper()
	b, err := Encode(a)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Decode(b) // a deep copy
	if err != nil {
		t.Fatal(err)
	}
	o := c.Versions[0].Objectives
	if o[0].Metric.Kind != "clock" || o[1].Metric.Kind != "clock" {
		t.Fatalf("objectives %s and %s are not both clocks", o[0].ID, o[1].ID)
	}
	o[0], o[1] = o[1], o[0]
	return c
}

// TestEditedAgreementRefused: a ticket's snapshot and the partial of the
// support desk are refused by an evaluator of the agreement with two clock
// objectives swapped (ErrMismatch at "fingerprint"), and accepted, with
// the same report, by one of the agreement decoded afresh.
func TestEditedAgreementRefused(t *testing.T) {
	ev, s := scenarioEvaluator(t, "support-desk", "a")
	ss, _ := ev.Snapshot("ticket", "T1")
	pt := ev.Partial()
	edited, err := NewEvaluator(swapClocks(t, s.agr))
	if err != nil {
		t.Fatal(err)
	}
	if err := edited.Restore(ss); !errors.Is(err, ErrMismatch) || Problems(err)[0].Path != "fingerprint" {
		t.Errorf("Restore into the edited agreement = %v, want ErrMismatch at fingerprint", err)
	}
	if err := edited.Merge(pt); !errors.Is(err, ErrMismatch) || Problems(err)[0].Path != "fingerprint" {
		t.Errorf("Merge into the edited agreement = %v, want ErrMismatch at fingerprint", err)
	}
	fresh, err := NewEvaluator(loadScenario(t, filepath.Join(scenarioDir, "support-desk")).agr)
	if err != nil {
		t.Fatal(err)
	}
	if err := fresh.Merge(pt); err != nil {
		t.Fatalf("Merge into the same agreement decoded afresh = %v", err)
	}
	if diff := cmp.Diff(ev.Report(s.asOf), fresh.Report(s.asOf)); diff != "" {
		t.Errorf("report after Merge (-original +merged):\n%s", diff)
	}
}

// TestFingerprint: what changes the fingerprint and what does not, by
// the rule in fingerprint.go (text for people is left out; everything
// else counts).
func TestFingerprint(t *testing.T) {
	base := loadSeed(t, "support-desk.json")
	fp := func(a Agreement) string {
		t.Helper()
		ev, err := NewEvaluator(a)
		if err != nil {
			t.Fatalf("NewEvaluator: %v", err)
		}
		return ev.Fingerprint()
	}
	want := fp(base)
	if len(want) != len("sha256:")+64 {
		t.Fatalf("Fingerprint() = %q, want sha256: and 64 hex digits", want)
	}
	cases := []struct {
		name   string
		edit   func(a *Agreement)
		change bool
	}{
		{"decoded afresh", func(a *Agreement) {}, false},
		{"objective renamed", func(a *Agreement) { a.Versions[0].Objectives[0].Name = "Quick answers" }, false},
		{"description edited", func(a *Agreement) { a.Versions[0].Objectives[1].Description = "typo fixed" }, false},
		{"title edited", func(a *Agreement) { a.Title = "Another title" }, false},
		{"clocks swapped", func(a *Agreement) {
			o := a.Versions[0].Objectives
			o[0], o[1] = o[1], o[0]
		}, true},
		{"objective ID", func(a *Agreement) { *a = renamed(t, *a, "invoice-paid", "invoice-paid-2") }, true},
		{"objectives reordered", func(a *Agreement) {
			o := a.Versions[0].Objectives
			o[2], o[3] = o[3], o[2]
		}, true},
		{"target", func(a *Agreement) { a.Versions[0].Objectives[0].Target.Within = mustPeriod("PT25H") }, true},
		{"calendar hours", func(a *Agreement) {
			for k, c := range a.Versions[0].Calendars {
				c.Hours = "Mon-Fri 08:00-22:00"
				a.Versions[0].Calendars[k] = c
			}
		}, true},
		{"penalty amount", func(a *Agreement) {
			a.Versions[0].Objectives[0].Penalties[0].Amount.Fixed = dec("11.00")
		}, true},
		{"zone", func(a *Agreement) { a.Zone = "Europe/Paris" }, true},
		{"currency", func(a *Agreement) { a.Currency = "EUR" }, true},
		{"version and term start", func(a *Agreement) {
			a.Term.EffectiveFrom = a.Term.EffectiveFrom.Add(time.Hour)
			a.Versions[0].EffectiveFrom = a.Term.EffectiveFrom
		}, true},
		{"term end", func(a *Agreement) { a.Term.EffectiveTo = a.Term.EffectiveFrom.AddDate(3, 0, 0) }, true},
	}
	for _, c := range cases {
		a := loadSeed(t, "support-desk.json")
		c.edit(&a)
		if got := fp(a); (got != want) != c.change {
			t.Errorf("%s: fingerprint changed = %v, want %v", c.name, got != want, c.change)
		}
	}
	// The same instant written in another offset, and the agreement
	// through Encode and Decode, keep the fingerprint.
	a := loadSeed(t, "support-desk.json")
	a.Versions[0].EffectiveFrom = a.Versions[0].EffectiveFrom.In(time.FixedZone("x", 3600))
	if got := fp(a); got != want {
		t.Errorf("fingerprint with an instant in another offset = %s, want %s", got, want)
	}
	b, err := Encode(base)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if got := fp(back); got != want {
		t.Errorf("fingerprint after Encode and Decode = %s, want %s", got, want)
	}
}

// renamed returns a with every JSON string old replaced by new: an ID
// renamed together with the references to it.
func renamed(t *testing.T, a Agreement, old, new string) Agreement {
	t.Helper()
	b, err := Encode(a)
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.ReplaceAll(b, []byte(`"`+old+`"`), []byte(`"`+new+`"`))
	c, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestMismatchSaysWhat: a partial refused for its fingerprint says which
// part of the agreement differs, from its outline.
func TestMismatchSaysWhat(t *testing.T) {
	ev, _ := scenarioEvaluator(t, "support-desk", "a")
	pt := ev.Partial()
	cases := []struct {
		name string
		edit func(a Agreement) Agreement
		want string
	}{
		{"clocks swapped", func(a Agreement) Agreement { return swapClocks(t, a) },
			"versions[0].objectives[0] is first-reply there and resolution here"},
		{"target changed", func(a Agreement) Agreement {
			a.Versions[0].Objectives[0].Target.Within = mustPeriod("PT25H")
			return a
		}, "objective first-reply (versions[0].objectives[0]) is defined differently"},
		{"currency changed", func(a Agreement) Agreement {
			a.Currency = "EUR"
			return a
		}, "its terms outside the objectives differ"},
	}
	for _, c := range cases {
		other, err := NewEvaluator(c.edit(loadScenario(t, filepath.Join(scenarioDir, "support-desk")).agr))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		err = other.Merge(pt)
		if !errAt(err, ErrMismatch, "fingerprint") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Merge = %v, want ErrMismatch at fingerprint saying %q", c.name, err, c.want)
		}
	}
}
