package sla

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

func compileReportSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(ReportSchema()))
	if err != nil {
		t.Fatalf("report_schema.json is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("report_schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("report_schema.json")
	if err != nil {
		t.Fatalf("report_schema.json does not compile: %v", err)
	}
	return s
}

// seedReports returns the JSON of reports and summaries of the seed
// agreements: each scenario's, the replay example's three seeds with
// their events (penalties, terminations, downtime), and the support desk
// with an excluded breach and a pending obligation.
func seedReports(t *testing.T) map[string][]byte {
	out := map[string][]byte{}
	add := func(name string, r Report) {
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatalf("Marshal(%s) = %v", name, err)
		}
		out[name] = b
	}
	for _, dir := range scenarioDirs(t) {
		s := loadScenario(t, dir)
		add("scenario "+filepath.Base(dir), s.evaluate(t))
	}
	for _, seed := range [][2]string{{"support-desk.json", "events.jsonl"}, {"saas-credits.json", "saas-credits-events.jsonl"}, {"sales-marketing.json", "sales-marketing-events.jsonl"}} {
		dir := filepath.Join("..", "examples", "replay", "data")
		data, err := os.ReadFile(filepath.Join(dir, seed[0]))
		if err != nil {
			t.Fatal(err)
		}
		a, err := Decode(data)
		if err != nil {
			t.Fatal(err)
		}
		ev, err := NewEvaluator(a)
		if err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(filepath.Join(dir, seed[1]))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		var last time.Time
		for sc.Scan() {
			var e Event
			if err := e.UnmarshalJSON(sc.Bytes()); err != nil {
				t.Fatal(err)
			}
			_ = ev.Apply(e) // the seeds hold rejected events on purpose
			last = later(last, e.At)
		}
		f.Close()
		add("replay "+seed[0], ev.Report(last))
		add("replay summary "+seed[0], ev.Summary(last))
	}
	ev := supportDeskExclusion(t)
	add("excluded and pending", ev.Report(mustTime(t, "2026-03-02T12:00:00Z")))
	add("excluded and breached", ev.Report(mustTime(t, "2026-03-05T00:00:00Z")))
	add("not built", (*Evaluator)(nil).Report(last(t)))
	for _, x := range []struct {
		file, asOf string
		events     []Event
	}{
		{"priority-compliance.json", "2026-04-01T00:00:00+02:00", splitEvents()}, // rows per value
		{"rolling-credits.json", "2026-05-15T00:00:00Z", rollingEvents()},        // assessments and the running window
	} {
		r, err := Evaluate(loadSeed(t, x.file), seq(x.events), mustTime(t, x.asOf))
		if err != nil {
			t.Fatal(err)
		}
		add(x.file, r)
	}
	return out
}

func last(t *testing.T) time.Time { return mustTime(t, "2026-12-31T00:00:00Z") }

// TestReportSchemaValidReports: the JSON of every seed report is valid
// against the report schema.
func TestReportSchemaValidReports(t *testing.T) {
	s := compileReportSchema(t)
	reports := seedReports(t)
	// The seeds reach every part of the report the schema describes.
	all := ""
	for _, b := range reports {
		all += string(b)
	}
	for _, key := range []string{`"excusedBy"`, `"excludedBy"`, `"remaining"`, `"penalties"`, `"terminations"`, `"downtime"`, `"segments"`, `"by":"priority"`, `"counted"`, `"exclusions"`, `"lateNotice"`, `"errors"`, `"warnings"`, `"rejected"`, `"ignored"`} {
		if !strings.Contains(all, key) {
			t.Errorf("no seed report has %s", key)
		}
	}
	for name, b := range reports {
		if err := schemaValidate(s, b); err != nil {
			t.Errorf("schema rejects the report of %s: %v", name, err)
		}
	}
}

// TestReportSchemaInvalidReports: the schema rejects what a report never
// holds.
func TestReportSchemaInvalidReports(t *testing.T) {
	s := compileReportSchema(t)
	b := seedReports(t)["excluded and breached"]
	for _, tc := range []struct{ name, old, new string }{
		{"a Go duration", `"elapsed":"PT`, `"elapsed":"1h0m0s","x":"PT`},
		{"a made-up state", `"state":"breached"`, `"state":"late"`},
		{"a made-up phase", `"phase":"stopped"`, `"phase":"halted"`},
		{"an unknown field", `"inScope":true`, `"inScope":true,"colour":"red"`},
		{"a number for a decimal", `"attainment":"`, `"attainment":1,"x":"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !bytes.Contains(b, []byte(tc.old)) {
				t.Fatalf("the report has no %s", tc.old)
			}
			bad := bytes.Replace(b, []byte(tc.old), []byte(tc.new), 1)
			if err := schemaValidate(s, bad); err == nil {
				t.Errorf("schema accepts a report with %s", tc.name)
			}
		})
	}
}
