package sla

// The scenario conformance suite: each directory of testdata/scenarios holds
// an agreement (agreement.json), a stream of events (events.jsonl, one Event
// a line in its documented JSON form), the instant of evaluation (asof.txt,
// RFC 3339) and the expected report (expected.json). README.md in each
// directory derives every value that matters by hand, from the contract in
// doc.go and DESIGN.md, not from the evaluator's output.
//
// go test ./sla -run TestScenarios -update rewrites expected.json; after an
// update, compare each changed value with its README.md derivation before
// committing. TestScenarioValues pins the key hand-derived numbers of every
// scenario independently of the golden files.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/scenarios/*/expected.json from the evaluator")

const scenarioDir = "testdata/scenarios"

// scenario is one loaded scenario directory.
type scenario struct {
	name   string
	dir    string
	agr    Agreement
	events []Event
	asOf   time.Time
}

func loadScenario(t *testing.T, dir string) scenario {
	t.Helper()
	s := scenario{name: filepath.Base(dir), dir: dir}
	b, err := os.ReadFile(filepath.Join(dir, "agreement.json"))
	if err != nil {
		t.Fatal(err)
	}
	if s.agr, err = Decode(b); err != nil {
		t.Fatalf("Decode(%s/agreement.json): %v", s.name, err)
	}
	f, err := os.ReadFile(filepath.Join(dir, "events.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(f))
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "//") {
			continue
		}
		var e Event
		if err := json.Unmarshal([]byte(text), &e); err != nil {
			t.Fatalf("%s/events.jsonl:%d: %v", s.name, line, err)
		}
		s.events = append(s.events, e)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	a, err := os.ReadFile(filepath.Join(dir, "asof.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if s.asOf, err = time.Parse(time.RFC3339, strings.TrimSpace(string(a))); err != nil {
		t.Fatalf("%s/asof.txt: %v", s.name, err)
	}
	return s
}

func (s scenario) evaluate(t *testing.T) Report {
	t.Helper()
	r, err := Evaluate(s.agr, slices.Values(s.events), s.asOf)
	if err != nil {
		t.Fatalf("Evaluate(%s): %v", s.name, err)
	}
	return r
}

func scenarioDirs(t *testing.T) []string {
	t.Helper()
	ents, err := os.ReadDir(scenarioDir)
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range ents {
		if e.IsDir() {
			dirs = append(dirs, filepath.Join(scenarioDir, e.Name()))
		}
	}
	if len(dirs) == 0 {
		t.Fatal("no scenarios in " + scenarioDir)
	}
	return dirs
}

// asJSON decodes a JSON document into plain values, so that two reports are
// compared field by field as their documented JSON form.
func asJSON(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestScenarios(t *testing.T) {
	for _, dir := range scenarioDirs(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			s := loadScenario(t, dir)
			for _, f := range []string{"README.md"} {
				if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
					t.Errorf("scenario %s has no %s: every scenario explains its expectations", s.name, f)
				}
			}
			r := s.evaluate(t)
			got, err := json.MarshalIndent(r, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join(dir, "expected.json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it, then check it against README.md)", err)
			}
			if diff := cmp.Diff(asJSON(t, want), asJSON(t, got)); diff != "" {
				t.Errorf("Evaluate(%s) report mismatch (-want +got):\n%s", s.name, diff)
			}
		})
	}
}

// jget walks a decoded JSON document by a path of object keys and array
// indices, and selectors of the form "key=value", which pick the first
// element of an array whose field key has that string value (several may be
// joined with "&": "type=ticket&id=T-1"; a key may be a dotted path,
// "period.start=2026-05-01T00:00:00+01:00"; instants compare as instants).
func jget(v any, path ...string) (any, bool) {
	for _, p := range path {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[p]; !ok {
				return nil, false
			}
		case []any:
			found := false
			if strings.Contains(p, "=") {
				for _, el := range x {
					m, ok := el.(map[string]any)
					if !ok {
						continue
					}
					all := true
					for _, kv := range strings.Split(p, "&") {
						k, want, _ := strings.Cut(kv, "=")
						got, ok := jget(m, strings.Split(k, ".")...)
						if s, isStr := got.(string); !ok || !isStr || normInstant(s) != normInstant(want) {
							all = false
							break
						}
					}
					if all {
						v, found = el, true
						break
					}
				}
			} else {
				var i int
				for _, c := range p {
					if c < '0' || c > '9' {
						return nil, false
					}
					i = i*10 + int(c-'0')
				}
				if i < len(x) {
					v, found = x[i], true
				}
			}
			if !found {
				return nil, false
			}
		default:
			return nil, false
		}
	}
	return v, true
}

// scenarioValue is one hand-derived value of a scenario's report, found by
// its JSON path (see jget). want is compared with the JSON value's text form:
// strings as they are, numbers in Go's %v form, booleans as true / false,
// absent as "<absent>".
type scenarioValue struct {
	scenario string
	path     string // slash-separated
	want     string
	reason   string // the hand derivation, in short (details in README.md)
}

// normInstant writes an RFC 3339 instant in UTC, so that a hand-derived
// instant compares equal whatever offset the report writes it with; other
// strings are returned as they are.
func normInstant(s string) string {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC().Format(time.RFC3339Nano)
	}
	return s
}

func jtext(v any, ok bool) string {
	if !ok {
		return "<absent>"
	}
	switch x := v.(type) {
	case string:
		return normInstant(x)
	case nil:
		return "null"
	default:
		b, _ := json.Marshal(x)
		return string(b)
	}
}

// TestScenarioValues checks the key numbers of each scenario against their
// hand derivations, so that the suite does not rest on the golden files
// alone. Times are RFC 3339 in UTC as the report marshals them.
func TestScenarioValues(t *testing.T) {
	reports := map[string]any{}
	for _, dir := range scenarioDirs(t) {
		s := loadScenario(t, dir)
		b, err := json.Marshal(s.evaluate(t))
		if err != nil {
			t.Fatal(err)
		}
		reports[s.name] = asJSON(t, b)
	}
	seen := map[string]bool{}
	for _, c := range scenarioValues {
		seen[c.scenario] = true
		r, ok := reports[c.scenario]
		if !ok {
			t.Errorf("no scenario %q", c.scenario)
			continue
		}
		got := jtext(jget(r, strings.Split(c.path, "/")...))
		if got != c.want {
			t.Errorf("%s: %s = %s, want %s (%s)", c.scenario, c.path, got, c.want, c.reason)
		}
	}
	for name := range reports {
		if !seen[name] {
			t.Errorf("scenario %s has no hand-derived values in scenarioValues", name)
		}
	}
}

var scenarioValues = []scenarioValue{
	// support-desk: see testdata/scenarios/support-desk/README.md.
	{"support-desk", "subjects/id=T1/objectives/objective=first-reply/business", "true", "the first reply target is PT24H business hours, so elapsed counts open time"},
	{"support-desk", "subjects/id=T1/objectives/objective=first-reply/elapsed", "PT3H30M", "Fri 20:00-22:00 2h + Mon 4 May holiday 0 + Tue 07:30-09:00 1.5h"},
	{"support-desk", "subjects/id=T1/objectives/objective=first-reply/state", "met", "3.5h <= 24h"},
	{"support-desk", "subjects/id=T1/objectives/objective=resolution/target", "PT72H30M", "P5D from Fri 20:00 to Mon 11 May 20:00: 2 + 4x14.5 + 12.5"},
	{"support-desk", "subjects/id=T1/objectives/objective=resolution/elapsed", "PT25H", "2 + 14.5 + 8.5"},
	{"support-desk", "subjects/id=T2/objectives/objective=first-reply/elapsed", "PT19H30M", "Fri 10:00-22:00 12h + holiday 0 + Tue 07:30-15:00 7.5h"},
	{"support-desk", "subjects/id=T2/objectives/objective=first-reply/state", "met", "19.5h <= 24h thanks to the bank holiday"},
	{"support-desk", "subjects/id=T2/objectives/objective=resolution/target", "PT43H30M", "high P3D: 12 + 14.5 + 14.5 + 2.5"},
	{"support-desk", "subjects/id=T2/objectives/objective=resolution/elapsed", "PT42H30M", "12 + 14.5 + 14.5 + 1.5"},
	{"support-desk", "subjects/id=T3/objectives/objective=resolution/target", "PT14H30M", "urgent P1D: Mon 09:00-22:00 13h + Tue 07:30-09:00 1.5h"},
	{"support-desk", "subjects/id=T3/objectives/objective=resolution/elapsed", "PT13H", "3h before pending + 10h after reopening; pause excluded"},
	{"support-desk", "subjects/id=T3/objectives/objective=resolution/state", "met", "13h <= 14.5h"},
	{"support-desk", "subjects/id=T4/objectives/objective=first-reply/elapsed", "PT31H", "14 + 14.5 + 2.5"},
	{"support-desk", "subjects/id=T4/objectives/objective=first-reply/state", "breached", "31h > 24h"},
	{"support-desk", "subjects/id=T4/objectives/objective=first-reply/breachAt", "2026-05-13T16:30:00Z", "14h on Tue, 10h more from Wed 07:30 BST"},
	{"support-desk", "subjects/id=T4/objectives/objective=resolution/elapsed", "PT89H", "14 + 5x14.5 + 2.5"},
	{"support-desk", "subjects/id=T4/objectives/objective=resolution/breachAt", "2026-05-19T07:00:00Z", "72.5h reached Tue 19 May 08:00 BST"},
	{"support-desk", "periods/objective=first-reply&period.start=2026-04-30T23:00:00Z/attainment", "75", "3 met of 4: 3/4 x 100"},
	{"support-desk", "periods/objective=first-reply&period.start=2026-04-30T23:00:00Z/verdict", "missed", "T4 breached"},
	{"support-desk", "penalties/period.start=2026-04-30T23:00:00Z/charges/0/amount", "GBP 1000.00", "40 seats x 25.00"},
	{"support-desk", "penalties/period.start=2026-04-30T23:00:00Z/lines/source=first-reply-late/amount", "GBP 10.00", "1 breach x 10.00, cap 100.00"},
	{"support-desk", "penalties/period.start=2026-04-30T23:00:00Z/lines/source=resolution-late/units", "17", "16.5h late, started hours"},
	{"support-desk", "penalties/period.start=2026-04-30T23:00:00Z/lines/source=resolution-late/amount", "GBP 42.50", "17 x 2.50, cap 150.00"},
	{"support-desk", "penalties/period.start=2026-04-30T23:00:00Z/claimBy", "2026-07-30T23:00:00Z", "end of May + P60D = 31 Jul 00:00 BST"},
	{"support-desk", "credit", "GBP 52.50", "10.00 + 42.50"},
	{"support-desk", "obligations/id=answer-and-resolve/status", "missed", "T4"},
	{"support-desk", "obligations/id=named-contacts/status", "notMeasured", "no objective"},
	{"support-desk", "review/nextDue", "2026-07-05", "2026-01-05 + P6M"},
	{"support-desk", "input/applied", "15", "17 lines - 1 duplicate - 1 out of order"},
	{"support-desk", "input/duplicates", "1", "t1-r repeated"},
	{"support-desk", "input/rejected/outOfOrder", "1", "t3-late before T3's solve"},
	// saas-uptime: see testdata/scenarios/saas-uptime/README.md.
	{"saas-uptime", "periods/objective=uptime&period.start=2026-01-01T05:00:00Z/service", "PT744H", "31 x 24h, EST all month"},
	{"saas-uptime", "periods/objective=uptime&period.start=2026-01-01T05:00:00Z/down", "PT40H", "Tue 13 Jan 10:00 to Thu 15 Jan 02:00 EST"},
	{"saas-uptime", "periods/objective=uptime&period.start=2026-01-01T05:00:00Z/attainment", "94.623655913978", "100 x 704 / 744, truncated to 12 places"},
	{"saas-uptime", "periods/objective=uptime&period.start=2026-01-01T05:00:00Z/verdict", "missed", "< 99.9"},
	{"saas-uptime", "periods/objective=uptime&period.start=2026-02-01T05:00:00Z/service", "PT672H", "28 x 24h"},
	{"saas-uptime", "periods/objective=uptime&period.start=2026-02-01T05:00:00Z/excluded", "PT2H", "maintenance announced 5d14h ahead, in the Sunday window"},
	{"saas-uptime", "periods/objective=uptime&period.start=2026-02-01T05:00:00Z/down", "PT8H", "6h unannounced + 2h maintenance announced only 2d14h ahead"},
	{"saas-uptime", "periods/objective=uptime&period.start=2026-01-01T05:00:00Z/counted/0/start", "2026-01-13T15:00:00Z", "d1: Tue 13 Jan 10:00 EST"},
	{"saas-uptime", "periods/objective=uptime&period.start=2026-01-01T05:00:00Z/counted/0/end", "2026-01-15T07:00:00Z", "u1: Thu 15 Jan 02:00 EST"},
	{"saas-uptime", "periods/objective=uptime&period.start=2026-02-01T05:00:00Z/counted/0/start", "2026-02-11T19:00:00Z", "d3: Wed 11 Feb 14:00 EST, unannounced"},
	{"saas-uptime", "periods/objective=uptime&period.start=2026-02-01T05:00:00Z/counted/1/start", "2026-02-22T07:00:00Z", "d4: Sun 22 Feb 02:00 EST, maintenance announced too late"},
	{"saas-uptime", "periods/objective=uptime&period.start=2026-02-01T05:00:00Z/counted/2", "<absent>", "two counted spans in February"},
	{"saas-uptime", "periods/objective=uptime&period.start=2026-02-01T05:00:00Z/exclusions/0/start", "2026-02-08T07:00:00Z", "m1's window, Sun 8 Feb 02:00 EST, announced 5 d 14 h ahead"},
	{"saas-uptime", "periods/objective=uptime&period.start=2026-02-01T05:00:00Z/lateNotice/0/announced", "2026-02-19T17:00:00Z", "m2 announced Thu 19 Feb 12:00 EST, 2 d 14 h ahead (< P5D)"},
	{"saas-uptime", "periods/objective=uptime&period.start=2026-02-01T05:00:00Z/attainment", "98.805970149253", "100 x (672-2-8)/(672-2) = 100 x 662/670"},
	{"saas-uptime", "penalties/period.start=2026-01-01T05:00:00Z/lines/source=uptime-credits/raw", "USD 10000.00", "94.62 < 95: 100% of 10,000.00"},
	{"saas-uptime", "penalties/period.start=2026-01-01T05:00:00Z/credit", "USD 5000.00", "period cap 50% of 10,000.00"},
	{"saas-uptime", "penalties/period.start=2026-02-01T05:00:00Z/lines/source=uptime-credits/raw", "USD 2500.00", "98.81 < 99, not < 95: 25%"},
	{"saas-uptime", "penalties/period.start=2026-02-01T05:00:00Z/credit", "USD 1000.00", "rolling 2-month cap 6,000.00 - 5,000.00 in January"},
	{"saas-uptime", "credit", "USD 6000.00", "5,000.00 + 1,000.00"},
	{"saas-uptime", "input/applied", "10", "every event applied"},
	// sales-marketing: see testdata/scenarios/sales-marketing/README.md.
	{"sales-marketing", "periods/objective=qualified-leads&period.start=2026-03-01T00:00:00Z/segments/target.segment=A/value", "3", "L1, L2, L4"},
	{"sales-marketing", "periods/objective=qualified-leads&period.start=2026-03-01T00:00:00Z/segments/target.segment=B/value", "2", "L3, L5; L6 is C"},
	{"sales-marketing", "periods/objective=qualified-leads&period.start=2026-03-01T00:00:00Z/verdict", "achieved", "3 >= 3 and 2 >= 2"},
	{"sales-marketing", "periods/objective=qualified-leads&period.start=2026-03-01T00:00:00Z/value", "5", "A + B, C not counted"},
	{"sales-marketing", "periods/objective=qualified-leads&period.start=2026-03-31T23:00:00Z/segments/target.segment=A/met", "true", "L7, L9, L10: 3 >= 3"},
	{"sales-marketing", "periods/objective=qualified-leads&period.start=2026-03-31T23:00:00Z/segments/target.segment=B/value", "1", "L8 only"},
	{"sales-marketing", "periods/objective=qualified-leads&period.start=2026-03-31T23:00:00Z/segments/target.segment=B/met", "false", "1 < 2"},
	{"sales-marketing", "periods/objective=qualified-leads&period.start=2026-03-31T23:00:00Z/verdict", "missed", "segment B missed"},
	{"sales-marketing", "periods/objective=qualified-leads&period.start=2026-03-31T23:00:00Z/attainment", "50", "lowest missed segment: 100 x 1 / 2"},
	{"sales-marketing", "periods/objective=qualified-leads&period.start=2026-04-30T23:00:00Z/final", "false", "May still running on 20 May"},
	{"sales-marketing", "periods/objective=friction-report&period.start=2026-03-01T00:00:00Z/due", "2026-04-16T16:30:00Z", "close of the 10th business day counting Wed 1 Apr (Good Friday, Easter Monday closed): Thu 16 Apr 17:30 BST"},
	{"sales-marketing", "periods/objective=friction-report&period.start=2026-03-01T00:00:00Z/verdict", "achieved", "sent 8 Apr"},
	{"sales-marketing", "periods/objective=friction-report&period.start=2026-03-31T23:00:00Z/due", "2026-05-15T16:30:00Z", "close of the 10th business day counting Fri 1 May (4 May bank holiday): Fri 15 May 17:30 BST"},
	{"sales-marketing", "periods/objective=friction-report&period.start=2026-03-31T23:00:00Z/done", "2026-05-19T09:00:00Z", "r3; r2 is a pipeline report"},
	{"sales-marketing", "periods/objective=friction-report&period.start=2026-03-31T23:00:00Z/verdict", "missed", "sent after the due instant"},
	{"sales-marketing", "obligations/id=deliver-leads/status", "missed", "April"},
	{"sales-marketing", "obligations/id=report-friction/status", "missed", "April's report late"},
	{"report-after-weekend-month-end", "periods/objective=friction-report&period.start=2026-02-01T00:00:00Z/due", "2026-03-13T17:30:00Z", "February ends Sun 1 Mar 00:00 GMT; Mon 2 … Fri 13 Mar are the 10 business days, due at Fri 13 Mar's close, 17:30 GMT"},
	{"report-after-weekend-month-end", "periods/objective=friction-report&period.start=2026-02-01T00:00:00Z/verdict", "achieved", "r1 sent Fri 13 Mar 12:00 GMT, before the 17:30 close of the 10th business day"},
	{"report-after-weekend-month-end", "obligations/id=report-friction/status", "met", "its only measured period was achieved"},
	{"sales-marketing", "review/nextDue", "2026-06-02", "2026-03-02 + P3M"},
	{"sales-marketing", "input/applied", "11", "14 events; the two quality C leads (q6, q11) match no condition (quality in A, B) and the pipeline report (r2) no done condition (report equals customer-friction): 3 ignored"},
	{"sales-marketing", "input/ignored/0/count", "2", "q6 and q11: lead / lead-qualified"},
	{"sales-marketing", "input/ignored/1/count", "1", "r2: report / report-sent"},
	// saas-uptime-obligation: see testdata/scenarios/saas-uptime-obligation/README.md.
	{"saas-uptime-obligation", "obligations/id=keep-available/status", "missed", "uptime missed in January and February"},
	{"saas-uptime-obligation", "obligations/id=keep-available/missed", "2", "two final missed periods of an availability objective"},
	{"saas-uptime-obligation", "obligations/id=keep-available/pending", "0", "both periods final on 1 March"},
	{"saas-uptime-obligation", "credit", "USD 6000.00", "5,000.00 + 1,000.00 as in saas-uptime"},
	// sales-marketing-thirds: see testdata/scenarios/sales-marketing-thirds/README.md.
	{"sales-marketing-thirds", "periods/objective=qualified-leads&period.start=2026-03-31T23:00:00Z/attainment", "66.666666666666", "A: 100 x 2 / 3 truncated (not rounded) to 12 places"},
	{"sales-marketing-thirds", "periods/objective=qualified-leads&period.start=2026-03-31T23:00:00Z/verdict", "missed", "A 2 < 3"},
	{"sales-marketing-thirds", "periods/objective=qualified-leads&period.start=2026-03-01T00:00:00Z/verdict", "achieved", "A 3 >= 3, B 2 >= 2"},
	{"sales-marketing-thirds", "obligations/id=deliver-leads/status", "missed", "April"},
	{"sales-marketing-thirds", "input/applied", "12", "14 events; q6 (quality C) and r2 (the pipeline report) match nothing: 2 ignored"},
	// amendment: see testdata/scenarios/amendment/README.md.
	{"amendment", "version", "2", "in force on 1 April"},
	{"amendment", "periods/objective=incidents&period.start=2026-01-01T00:00:00Z/version", "1", "January starts under version 1"},
	{"amendment", "periods/objective=incidents&period.start=2026-01-01T00:00:00Z/value", "2", "I1, I2"},
	{"amendment", "periods/objective=incidents&period.start=2026-01-01T00:00:00Z/verdict", "achieved", "2 <= 2 (version 1)"},
	{"amendment", "periods/objective=incidents&period.start=2026-02-01T00:00:00Z/version", "2", "February starts under the amendment"},
	{"amendment", "periods/objective=incidents&period.start=2026-02-01T00:00:00Z/value", "2", "I3, I4"},
	{"amendment", "periods/objective=incidents&period.start=2026-02-01T00:00:00Z/verdict", "missed", "2 > 1 (version 2)"},
	{"amendment", "periods/objective=incidents&period.start=2026-03-01T00:00:00Z/verdict", "achieved", "0 <= 1"},
	{"amendment", "subjects/id=T-A/version", "1", "first event 31 Jan, under version 1"},
	{"amendment", "subjects/id=T-A/objectives/objective=response/state", "met", "3h <= version 1's 4h"},
	{"amendment", "subjects/id=T-B/version", "2", "opened 2 Feb"},
	{"amendment", "subjects/id=T-B/objectives/objective=response/state", "breached", "3h > version 2's 2h"},
	{"amendment", "subjects/id=T-B/objectives/objective=response/breachAt", "2026-02-02T11:00:00Z", "09:00 + 2h"},
	{"amendment", "subjects/id=T-C/objectives/objective=response/state", "met", "1.5h <= 2h"},
	{"amendment", "penalties/period.start=2026-01-01T00:00:00Z/charges/0/amount", "USD 10000.00", "version 1 price"},
	{"amendment", "penalties/period.start=2026-02-01T00:00:00Z/charges/0/amount", "USD 12000.00", "version 2 price"},
	{"amendment", "penalties/period.start=2026-02-01T00:00:00Z/lines/source=incident-credit/amount", "USD 200.00", "one missed month at version 2's 200.00"},
	{"amendment", "penalties/period.start=2026-02-01T00:00:00Z/lines/source=late-answer/amount", "USD 50.00", "T-B"},
	{"amendment", "credit", "USD 250.00", "200.00 + 50.00"},
	{"amendment", "input/applied", "10", "all applied"},
	// amendment-availability: see testdata/scenarios/amendment-availability/README.md.
	{"amendment-availability", "periods/objective=uptime&period.start=2026-01-01T00:00:00Z/attainment", "99.327956989247", "100 x 739 / 744, version 1"},
	{"amendment-availability", "periods/objective=uptime&period.start=2026-01-01T00:00:00Z/verdict", "achieved", "99.33 >= 99 (version 1)"},
	{"amendment-availability", "periods/objective=uptime&period.start=2026-02-01T00:00:00Z/version", "2", "February starts under the amendment"},
	{"amendment-availability", "periods/objective=uptime&period.start=2026-02-01T00:00:00Z/down", "PT1H", "d2-u2 10:00-11:00 on 10 Feb"},
	{"amendment-availability", "periods/objective=uptime&period.start=2026-02-01T00:00:00Z/attainment", "99.85119047619", "100 x 671 / 672 = 99.851190476190 truncated"},
	{"amendment-availability", "periods/objective=uptime&period.start=2026-02-01T00:00:00Z/verdict", "missed", "< 99.9 (version 2)"},
	{"amendment-availability", "periods/objective=uptime&period.start=2026-03-01T00:00:00Z/attainment", "100", "no downtime in March"},
	{"amendment-availability", "penalties/period.start=2026-02-01T00:00:00Z/lines/source=uptime-credits/amount", "USD 600.00", "5% x 12,000.00"},
	{"amendment-availability", "penalties/period.start=2026-02-01T00:00:00Z/lines/source=late-answer/amount", "USD 50.00", "T-B"},
	{"amendment-availability", "credit", "USD 650.00", "600.00 + 50.00"},
	{"amendment-availability", "subjects/type=service&version=2/objectives/0/downtime/0/start", "2026-02-10T10:00:00Z", "the service's state under version 2 holds February's outage"},
	{"amendment-availability", "subjects/id=T-A/version", "1", "first event 31 Jan"},
	{"amendment-availability", "input/applied", "10", "all applied"},
	// customer-excuse: see testdata/scenarios/customer-excuse/README.md.
	{"customer-excuse", "subjects/id=X/objectives/objective=customer-answers/deadlines/0/due", "2026-06-03T11:00:00Z", "info requested Mon 12:00 BST + P2D business days"},
	{"customer-excuse", "subjects/id=X/objectives/objective=customer-answers/deadlines/0/state", "breached", "answered Fri 5 Jun"},
	{"customer-excuse", "subjects/id=X/objectives/objective=customer-answers/deadlines/0/late", "PT46H", "wall time Wed 11:00Z to Fri 09:00Z"},
	{"customer-excuse", "subjects/id=X/objectives/objective=customer-answers/deadlines/0/lateBusiness", "PT27H", "open time Wed 12:00-22:00 BST 10h + Thu 14.5h + Fri 07:30-10:00 2.5h"},
	{"customer-excuse", "subjects/id=X/objectives/objective=resolution/elapsed", "PT90H", "13 + 4x14.5 + 14.5 + 4.5"},
	{"customer-excuse", "subjects/id=X/objectives/objective=resolution/breachAt", "2026-06-08T08:00:00Z", "72.5h reached Mon 8 Jun 09:00 BST"},
	{"customer-excuse", "subjects/id=X/objectives/objective=resolution/state", "breached", "90h > 72.5h"},
	{"customer-excuse", "subjects/id=X/objectives/objective=resolution/excused", "true", "customer-answers breached first (3 Jun < 8 Jun)"},
	{"customer-excuse", "subjects/id=Y/objectives/objective=resolution/elapsed", "PT17H30M", "13 + 4.5"},
	{"customer-excuse", "subjects/id=Y/objectives/objective=resolution/excused", "<absent>", "no information requested: not excused"},
	{"customer-excuse", "subjects/id=X/objectives/objective=resolution/cycles/0/excusedBy/objective", "customer-answers", "the resolution objective's excusedBy names customer-answers, which X missed"},
	{"customer-excuse", "subjects/id=X/objectives/objective=resolution/cycles/0/excusedBy/breachAt", "2026-06-03T11:00:00Z", "customer-answers fell due Wed 3 Jun 11:00Z, before resolution breached on 8 Jun"},
	{"customer-excuse", "subjects/id=X/objectives/objective=customer-answers/deadlines/0/excusedBy", "<absent>", "customer-answers is not excused by anything"},
	{"customer-excuse", "periods/objective=resolution&period.start=2026-05-31T23:00:00Z/excused", "1", "X"},
	{"customer-excuse", "periods/objective=resolution&period.start=2026-05-31T23:00:00Z/missed", "1", "Y"},
	{"customer-excuse", "penalties/period.start=2026-05-31T23:00:00Z/lines/source=resolution-late/units", "3", "Y only: 3 started hours; X's 18 excused"},
	{"customer-excuse", "penalties/period.start=2026-05-31T23:00:00Z/credit", "GBP 7.50", "3 x 2.50"},
	{"customer-excuse", "penalties/period.start=2026-05-31T23:00:00Z/claimBy", "2026-08-29T23:00:00Z", "1 Jul + P60D = 30 Aug 00:00 BST"},
	{"customer-excuse", "obligations/id=timely-information/status", "missed", "Acme answered late"},
	{"customer-excuse", "obligations/id=answer-and-resolve/missed", "1", "Y; X's excused breach is not missed"},
	{"customer-excuse", "credit", "GBP 7.50", "no credit for X"},
	{"customer-excuse", "input/applied", "9", "all applied"},
}
