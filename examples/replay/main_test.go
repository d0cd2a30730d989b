package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/slaeval/slaeval/sla"
)

// runCmd runs the command with args and stdin, returning its exit status,
// standard output and standard error.
func runCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// rawEvent is an event line as the test reads it, independently of sla.
type rawEvent struct {
	ID          string            `json:"id"`
	SubjectType string            `json:"subjectType"`
	Subject     string            `json:"subject"`
	Kind        string            `json:"kind"`
	At          time.Time         `json:"at"`
	Attrs       map[string]string `json:"attrs"`
}

func embeddedEvents(t *testing.T) []rawEvent {
	t.Helper()
	f, err := os.Open("data/events.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var es []rawEvent
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var e rawEvent
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatal(err)
		}
		es = append(es, e)
	}
	return es
}

var london = func() *time.Location {
	l, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic(err)
	}
	return l
}()

// businessTime is the slow reference: the overlap of [a, b) with each day's
// 07:30–22:00 (Europe/London) from Monday to Friday, except the England and
// Wales bank holidays of spring 2026 (Good Friday 3 April, Easter Monday 6
// April; gov.uk/bank-holidays).
func businessTime(a, b time.Time) time.Duration {
	var sum time.Duration
	la := a.In(london)
	for d := time.Date(la.Year(), la.Month(), la.Day(), 0, 0, 0, 0, london); d.Before(b); d = d.AddDate(0, 0, 1) {
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		if ds := d.Format("2006-01-02"); ds == "2026-04-03" || ds == "2026-04-06" {
			continue
		}
		open := time.Date(d.Year(), d.Month(), d.Day(), 7, 30, 0, 0, london)
		shut := time.Date(d.Year(), d.Month(), d.Day(), 22, 0, 0, 0, london)
		lo, hi := open, shut
		if a.After(lo) {
			lo = a
		}
		if b.Before(hi) {
			hi = b
		}
		if hi.After(lo) {
			sum += hi.Sub(lo)
		}
	}
	return sum
}

func TestBusinessTimeReference(t *testing.T) {
	// Mon 2 Mar 08:15 → Wed 4 Mar 10:00 GMT: 13h45m + 14h30m + 2h30m.
	a := time.Date(2026, 3, 2, 8, 15, 0, 0, london)
	b := time.Date(2026, 3, 4, 10, 0, 0, 0, london)
	if got, want := businessTime(a, b), 30*time.Hour+45*time.Minute; got != want {
		t.Errorf("businessTime(%v, %v) = %v, want %v", a, b, got, want)
	}
	// Thu 2 Apr 20:00 → Tue 7 Apr 09:30 BST: 2h (Thu) + 2h (Tue), Good
	// Friday and Easter Monday closed.
	a = time.Date(2026, 4, 2, 20, 0, 0, 0, london)
	b = time.Date(2026, 4, 7, 9, 30, 0, 0, london)
	if got, want := businessTime(a, b), 4*time.Hour; got != want {
		t.Errorf("businessTime(%v, %v) = %v, want %v", a, b, got, want)
	}
}

// section returns the text between a heading and the next blank-line
// heading.
func sectionOf(t *testing.T, out, title string) string {
	t.Helper()
	i := strings.Index(out, "\n"+title+"\n")
	if i < 0 {
		t.Fatalf("no section %q in output:\n%s", title, out)
	}
	s := out[i+len(title)+2:]
	if j := regexp.MustCompile(`\n\n[A-Z][A-Z ]+\n─`).FindStringIndex(s); j != nil {
		s = s[:j[0]]
	}
	return s
}

func TestDefaultText(t *testing.T) {
	code, out, errOut := runCmd(t, "")
	if code != 0 {
		t.Fatalf("run() = %d, stderr %s", code, errOut)
	}
	es := embeddedEvents(t)

	// Independent facts from the events.
	created := map[string]time.Time{}
	firstReply := map[string]time.Time{}
	ids := map[string]int{}
	var last time.Time
	for _, e := range es {
		ids[e.ID]++
		if e.At.After(last) {
			last = e.At
		}
		switch {
		case e.Kind == "ticket.created":
			created[e.Subject] = e.At
		case e.Kind == "ticket.comment" && e.Attrs["author"] == "agent" && e.Attrs["public"] == "true":
			if _, ok := firstReply[e.Subject]; !ok {
				firstReply[e.Subject] = e.At
			}
		}
	}
	dups := 0
	for _, n := range ids {
		dups += n - 1
	}
	late := 0
	for id, c := range created {
		end, ok := firstReply[id]
		if !ok {
			end = last
		}
		if businessTime(c, end) > 24*time.Hour {
			late++
		}
	}
	t.Logf("%d events, %d tickets, %d late first replies, %d duplicates", len(es), len(created), late, dups)
	if len(created) < 150 || len(created) > 300 || late == 0 || dups != 1 {
		t.Fatalf("embedded data: %d tickets, %d late first replies, %d duplicates; want 150–300 tickets, some late, 1 duplicate", len(created), late, dups)
	}

	// The March verdict of first-reply: every ticket was created in March,
	// so the March period holds them all; met and judged from the slow
	// reference.
	verdicts := sectionOf(t, out, "VERDICT PER OBJECTIVE AND PERIOD")
	row := regexp.MustCompile(`(?m)^Every ticket answered within 24 business hours — owed by HelpCo Ltd to Acme\s+plc; target within 24 business hours\n.*\n  March 2026\s+missed\s+(\d+) of (\d+) in time`).FindStringSubmatch(verdicts)
	if row == nil || atoi(t, row[1]) != len(created)-late || atoi(t, row[2]) != len(created) {
		t.Errorf("March first-reply verdict = %q, want missed, %d of %d in time:\n%s", row, len(created)-late, len(created), verdicts)
	}
	breaches := sectionOf(t, out, "BREACHES")
	if want := fmt.Sprintf("Every ticket answered within 24 business hours — %d breaches of %d count", late, late); !strings.Contains(breaches, want) {
		t.Errorf("breaches lack %q", want)
	}

	// Hand-made tickets (internal/gen): each line must be present.
	due := sectionOf(t, out, "DUE SOONEST")
	for _, tc := range []struct{ section, want string }{
		// ACME-1001: Mon 2 Mar 08:15 GMT + 24 business hours = 13h45m on
		// Monday + 10h15m from Tue 07:30 = Tue 17:45; replied Wed 10:00
		// after 13h45m + 14h30m + 2h30m = 30h45m, 6h45m late.
		{breaches, `ACME-1001  Tue 03 Mar 17:45 GMT  Wed 04 Mar 10:00 GMT  6 h 45 min late  counts`},
		// ACME-1003 (urgent, 1 business day = 14h30m): 8h on Tuesday
		// from 14:00, + 6h30m from Wed 07:30 = Wed 14:00; solved Wed
		// 16:00 after 16h30m: 2h late.
		{breaches, `ACME-1003  Wed 04 Mar 14:00 GMT  Wed 04 Mar 16:00 GMT  2 h late  counts`},
		// ACME-1002 (high, 3 business days = 43h30m): never paused; 12h
		// on Monday from 10:00 + 14h30m Tue + 14h30m Wed = 41h, + 2h30m:
		// Thu 5 Mar 10:00, solved 30 business hours late. The customer's
		// answer was due two business days after Mon 11:00 (Wed 4 Mar
		// 11:00), earlier: excused, and the page says by what.
		{breaches, `ACME-1002  Thu 05 Mar 10:00 GMT`},
		{breaches, `30 h late  excused: Acme plc missed “Customer answers requests for information within 2 business days” first (due Wed 04 Mar 11:00 GMT)`},
		// The customer answered Fri 6 Mar 09:00 GMT: 1 day 22 h after
		// Wed 11:00 (wall time).
		{breaches, `ACME-1002  Wed 04 Mar 11:00 GMT  Fri 06 Mar 09:00 GMT  1 day 22 h late  counts`},
		// ACME-1004 (low, 5 business days = 72h30m) from Fri 27 Mar
		// 21:30 GMT is still open at the report (the latest event, Thu 2
		// Apr in the afternoon, BST): elapsed 30m + 3 × 14h30m + the time
		// since Thu 07:30 (the slow reference, to the minute). The rest
		// runs to 22:00 on Thursday, skips Good Friday, the weekend and
		// Easter Monday, and ends on Tuesday: with E elapsed by Thu 22:00
		// (30m + 4 × 14h30m = 58h30m), 72h30m − 58h30m = 14h after Tue 7
		// Apr 07:30 is 21:30 BST.
		{due, `ACME-1004  Tickets resolved within a number of business days by priority  Tue 07 Apr 21:30 BST  ` +
			hmWords(72*time.Hour+30*time.Minute-businessTime(created["ACME-1004"], last)) + ` of business time left  running`},
	} {
		re := regexp.MustCompile(strings.Join(strings.Fields(regexp.QuoteMeta(tc.want)), `\s+`))
		if !re.MatchString(tc.section) {
			t.Errorf("output lacks %q", tc.want)
		}
	}

	// Credits. The charge is 40 seats × GBP 25.00 = GBP 1,000.00.
	// first-reply-late: late × GBP 10.00, capped at 10% = GBP 100.00.
	credits := sectionOf(t, out, "CREDITS")
	wantFirst := min(10*late, 100)
	for _, want := range []string{
		fmt.Sprintf("GBP %d.00       first-reply-late · Every ticket answered within 24 business hours", wantFirst),
		fmt.Sprintf("→ %d × GBP 10.00 = GBP %d.00", late, 10*late),
		fmt.Sprintf("→ cut by GBP %d.00 to the GBP 100.00 left under the cap on first-reply-late: 10 %% of the charge per month", 10*late-100),
	} {
		if !strings.Contains(strings.Join(strings.Fields(credits), " "), strings.Join(strings.Fields(want), " ")) {
			t.Errorf("credits lack %q:\n%s", want, credits)
		}
	}
	// resolution-late: GBP 2.50 per started business hour late, capped at
	// 15% = GBP 150.00. A lower bound of the lateness from the tickets
	// that were never paused nor reopened (resolution = business time
	// from creation to the solve) already exceeds the cap.
	targets := map[string]time.Duration{"urgent": 14*time.Hour + 30*time.Minute, "high": 43*time.Hour + 30*time.Minute}
	paused, solves, solved := map[string]bool{}, map[string]int{}, map[string]time.Time{}
	prio := map[string]string{}
	for _, e := range es {
		switch {
		case e.Kind == "status-changed":
			paused[e.Subject] = true
		case e.Kind == "ticket.updated" && e.Attrs["status"] == "solved":
			solves[e.Subject]++
			solved[e.Subject] = e.At
		case e.Kind == "ticket.created":
			prio[e.Subject] = e.Attrs["priority"]
		}
	}
	startedHours := 0
	for id, c := range created {
		if paused[id] || solves[id] != 1 {
			continue
		}
		target, ok := targets[prio[id]]
		if !ok {
			target = 72*time.Hour + 30*time.Minute
		}
		if over := businessTime(c, solved[id]) - target; over > 0 {
			startedHours += int((over + time.Hour - 1) / time.Hour)
		}
	}
	if float64(startedHours)*2.5 < 150 {
		t.Fatalf("lower bound of resolution lateness %d h does not reach the cap; the check below would not hold", startedHours)
	}
	if !strings.Contains(credits, "GBP 150.00       resolution-late") || !strings.Contains(credits, "Total credit GBP "+strconv.Itoa(wantFirst+150)+".00.") {
		t.Errorf("resolution-late is not capped at GBP 150.00, or the total is not GBP %d.00:\n%s", wantFirst+150, credits)
	}

	// Input accounting: every event applied but the duplicate.
	input := sectionOf(t, out, "INPUT ACCOUNTING")
	for _, want := range []string{
		strconv.Itoa(len(es)) + " events read",
		"applied              " + grouped(len(es)-dups),
		"duplicates, skipped  " + strconv.Itoa(dups),
		"total                " + grouped(len(es)),
	} {
		if !strings.Contains(input, want) {
			t.Errorf("input section lacks %q:\n%s", want, input)
		}
	}
	// Review: last reviewed 2026-01-05, every P6M.
	if !strings.Contains(out, "Next review due 2026-07-05 (not overdue)") {
		t.Errorf("review line missing")
	}
	// The report is as of the latest event, in London time.
	if want := "Report as of " + last.In(london).Format("Mon 2 Jan 2006 15:04:05 MST") + " (the latest event)"; !strings.Contains(out, want) {
		t.Errorf("output lacks %q", want)
	}
}

// hmWords writes a duration as the report does, independently of
// words.go: "17 h 51 min", "2 h", "45 min".
func hmWords(d time.Duration) string {
	d = d.Round(time.Minute)
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case h == 0:
		return fmt.Sprintf("%d min", m)
	case m == 0:
		return fmt.Sprintf("%d h", h)
	}
	return fmt.Sprintf("%d h %d min", h, m)
}

// grouped writes n with a comma every three digits: 1,064.
func grouped(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestJSONEqualsEvaluate: -format json is the report of sla.Evaluate over
// the same agreement and events, as of the latest event.
func TestJSONEqualsEvaluate(t *testing.T) {
	code, out, errOut := runCmd(t, "", "-format", "json")
	if code != 0 {
		t.Fatalf("run() = %d, stderr %s", code, errOut)
	}
	ab, err := os.ReadFile("data/support-desk.json")
	if err != nil {
		t.Fatal(err)
	}
	a, err := sla.Decode(ab)
	if err != nil {
		t.Fatal(err)
	}
	eb, err := os.ReadFile("data/events.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var es []sla.Event
	var last time.Time
	for _, line := range bytes.Split(bytes.TrimSpace(eb), []byte("\n")) {
		var e sla.Event
		if err := json.Unmarshal(line, &e); err != nil {
			t.Fatal(err)
		}
		es = append(es, e)
		if e.At.After(last) {
			last = e.At
		}
	}
	want, err := sla.Evaluate(a, slices.Values(es), last)
	if err != nil {
		t.Fatal(err)
	}
	var got sla.Report
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("decoding the JSON output: %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
	wb, err := json.MarshalIndent(want, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if string(wb)+"\n" != out {
		t.Errorf("JSON output differs from the marshalled sla.Evaluate report")
	}
}

func TestHTML(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.html")
	code, out, errOut := runCmd(t, "", "-format", "html", "-o", path)
	if code != 0 || out != "" {
		t.Fatalf("run() = %d, stdout %q, stderr %s", code, out, errOut)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	svgs, rects := wellFormed(t, page)
	// Four attainment charts (first reply, resolution, customer answers,
	// invoices), two histograms (the clocks) and the timelines.
	if svgs != 7 || rects < 200 {
		t.Errorf("page has %d svg and %d rect elements, want 7 pictures with timelines", svgs, rects)
	}
	lower := strings.ToLower(page)
	for _, bad := range []string{`src="http`, `href="http`, "url(http", "@import", "//cdn", "<script"} {
		if strings.Contains(lower, bad) {
			t.Errorf("page refers to an external asset: %q", bad)
		}
	}
	for _, want := range []string{"Attainment per period", "Credits", "Timelines per subject", "GBP 250.00", "ACME-1004", "omitted"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// Nothing but the report is left in the directory.
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("directory holds %d entries, want only the report", len(ents))
	}
}

// wellFormed checks that page is well-formed (every element closed and
// properly nested: strict XML with HTML's named entities) and has no
// script, image, link or frame; it returns the number of svg and rect
// elements.
func wellFormed(t *testing.T, page string) (svgs, rects int) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(page))
	dec.Entity = xml.HTMLEntity
	var stack []string
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("HTML is not well-formed: %v", err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			stack = append(stack, tk.Name.Local)
			switch tk.Name.Local {
			case "svg":
				svgs++
			case "rect":
				rects++
			case "script", "img", "link", "iframe":
				t.Errorf("page has a <%s> element", tk.Name.Local)
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) != 0 {
		t.Errorf("unclosed elements: %v", stack)
	}
	return svgs, rects
}

func TestStretches(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 3, 2, h, 0, 0, 0, time.UTC) }
	changes := []phaseChange{{at(9), 1}, {at(10), 2}, {at(12), 1}, {at(15), 3}} // running, paused, running, stopped
	got := stretches(changes, at(13), at(18))
	want := []stretch{{at(9), at(10), "running"}, {at(10), at(12), "paused"}, {at(12), at(13), "running"}, {at(13), at(15), "breached"}}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(stretch{})); diff != "" {
		t.Errorf("stretches (-want +got):\n%s", diff)
	}
}

const goodEvents = `{"id":"a1","subjectType":"ticket","subject":"T-1","kind":"ticket.created","at":"2026-03-02T09:00:00Z","attrs":{"priority":"high"}}
{"id":"a2","subjectType":"ticket","subject":"T-1","kind":"ticket.comment","at":"2026-03-02T09:30:00Z","attrs":{"author":"agent","public":"true"}}

{"id":"a3","subjectType":"ticket","subject":"T-1","kind":"ticket.updated","at":"2026-03-03T10:00:00Z","attrs":{"status":"solved"}}
`

func TestStdinAndAsOf(t *testing.T) {
	code, out, errOut := runCmd(t, goodEvents, "-events", "-", "-asof", "2026-03-02T10:00:00Z", "-format", "json")
	if code != 0 {
		t.Fatalf("run() = %d, stderr %s", code, errOut)
	}
	var r sla.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if !r.AsOf.Equal(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)) || r.Input.Applied != 3 {
		t.Errorf("report as of %v with %+v, want 2026-03-02T10:00Z and 3 applied", r.AsOf, r.Input)
	}
	// As of 10:00 the solve (next day) is counted but T-1's resolution
	// clock is judged at 10:00: one business hour elapsed.
	code, out, _ = runCmd(t, goodEvents, "-events", "-")
	if code != 0 || !strings.Contains(out, "Report as of Tue 3 Mar 2026 10:00:00 GMT (the latest event)") || !strings.Contains(out, "standard input") {
		t.Errorf("default as-of output:\n%s", out)
	}
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	lines := strings.Split(goodEvents, "\n")
	withLine := func(i int, l string) string {
		ls := slices.Clone(lines)
		ls[i] = l
		return strings.Join(ls, "\n")
	}
	badJSON := write("badjson.jsonl", withLine(3, `{"id":"a3","subjectType":"ticket",`))
	unknown := write("unknown.jsonl", withLine(1, `{"id":"a2","subjectType":"ticket","subject":"T-1","kind":"x","at":"2026-03-02T09:30:00Z","colour":"red"}`))
	badAt := write("badat.jsonl", withLine(0, `{"id":"a1","subjectType":"ticket","subject":"T-1","kind":"ticket.created","at":"2 March 2026"}`))
	numValue := write("value.jsonl", withLine(1, `{"id":"a2","subjectType":"ticket","subject":"T-1","kind":"x","at":"2026-03-02T09:30:00Z","value":12.5}`))
	noKind := write("nokind.jsonl", withLine(1, `{"id":"a2","subjectType":"ticket","subject":"T-1","at":"2026-03-02T09:30:00Z"}`))
	good := write("good.jsonl", goodEvents)
	ab, err := os.ReadFile("data/support-desk.json")
	if err != nil {
		t.Fatal(err)
	}
	badAgreement := write("agreement.json", strings.Replace(string(ab), `"title":`, `"titel": "x", "title":`, 1))
	notJSON := write("notjson.json", "{ this is not json")
	badTarget := write("target.json", strings.Replace(string(ab), `"within": "PT24H", "unit": "business"`, `"within": "P1D", "unit": "business"`, 1))

	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"bad JSON on line 4", []string{"-events", badJSON}, 1, "badjson.jsonl:4: sla: event: the event is not valid JSON"},
		{"bad instant", []string{"-events", badAt}, 1, `badat.jsonl:1: sla: event: field "at": want an RFC 3339 instant`},
		{"number value", []string{"-events", numValue}, 1, `value.jsonl:2: sla: event: field "value": want a decimal string`},
		{"missing kind", []string{"-events", noKind}, 1, `nokind.jsonl:2: sla: event: field "kind": missing`},
		{"missing events file", []string{"-events", filepath.Join(dir, "nope.jsonl")}, 1, "nope.jsonl"},
		{"unknown agreement field", []string{"-agreement", badAgreement, "-events", good}, 1, "agreement.json: titel: "},
		{"agreement not JSON", []string{"-agreement", notJSON, "-events", good}, 1, "notjson.json: "},
		{"agreement with a wrong unit", []string{"-agreement", badTarget, "-events", good}, 1, "target.json: versions[0].objectives[0].target"},
		{"unknown flag", []string{"-colour"}, 2, "usage: replay"},
		{"bad format", []string{"-format", "xml"}, 2, `-format "xml"`},
		{"bad asof", []string{"-asof", "yesterday"}, 2, `-asof "yesterday"`},
		{"extra argument", []string{"events.jsonl"}, 2, "unexpected argument"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			outPath := filepath.Join(dir, "out-"+strings.ReplaceAll(tc.name, " ", "-")+".html")
			// Later flags win: the bad-format case overrides -format html.
			code, out, errOut := runCmd(t, "", append([]string{"-o", outPath, "-format", "html"}, tc.args...)...)
			if code != tc.code || !strings.Contains(errOut, tc.want) || out != "" {
				t.Errorf("run(%v) = %d, stdout %q, stderr %q; want %d and stderr containing %q", tc.args, code, out, errOut, tc.code, tc.want)
			}
			if _, err := os.Stat(outPath); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("output file exists after a failure (%v)", err)
			}
		})
	}
	// A field the event form does not define (a newer producer's) is
	// ignored: the line is read as the event without it.
	if code, _, errOut := runCmd(t, "", "-events", unknown); code != 0 {
		t.Errorf("run(-events %s) = %d, stderr %q; want 0: unknown fields are ignored", unknown, code, errOut)
	}
	// No temporary files are left behind.
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("left behind %s", e.Name())
		}
	}
}

func TestOutputFileEqualsStdout(t *testing.T) {
	_, out, _ := runCmd(t, "")
	p := filepath.Join(t.TempDir(), "report.txt")
	if code, _, errOut := runCmd(t, "", "-o", p); code != 0 {
		t.Fatalf("run() = %d, stderr %s", code, errOut)
	}
	b, err := os.ReadFile(p)
	if err != nil || string(b) != out {
		t.Errorf("-o file differs from standard output (%v)", err)
	}
}

// TestAsOfNow: only -asof now reads the wall clock.
func TestAsOfNow(t *testing.T) {
	before := time.Now()
	code, out, errOut := runCmd(t, goodEvents, "-events", "-", "-asof", "now", "-format", "json")
	after := time.Now()
	if code != 0 {
		t.Fatalf("run() = %d, stderr %s", code, errOut)
	}
	var r sla.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.AsOf.Before(before.Truncate(time.Second)) || r.AsOf.After(after) {
		t.Errorf("-asof now gave %v, want between %v and %v", r.AsOf, before, after)
	}
}
