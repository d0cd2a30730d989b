package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/slaeval/slaeval/sla"
)

// TestHTTPRoundTrip posts the support desk's month of events through the
// API (JSON Lines, and the last batch as a JSON array) and reads the
// report, one subject and the notifications back. The expected values
// are those of the library evaluating the same stream in process:
// sla.Evaluate for the report, one evaluator's feed for the changes.
func TestHTTPRoundTrip(t *testing.T) {
	doc, events := replayData(t)
	in := start(t, filepath.Join(t.TempDir(), "b.db"), newFakeClock(events[0].At))
	ctx := context.Background()

	put, err := in.c.putAgreement(ctx, "acme", doc)
	if err != nil {
		t.Fatal(err)
	}
	if !put.Created || !strings.HasPrefix(put.Fingerprint, "sha256:") {
		t.Errorf("PUT agreement = %+v, want created with a sha256 fingerprint", put)
	}
	// The same agreement again: 200, not created, the same fingerprint.
	var again PutResult
	if err := in.c.do(ctx, http.MethodPut, "/tenants/acme/agreement", doc, http.StatusOK, &again); err != nil || again.Created || again.Fingerprint != put.Fingerprint {
		t.Errorf("PUT the same agreement again = %+v, %v; want 200, not created, fingerprint %s", again, err, put.Fingerprint)
	}

	accepted, rejected := 0, 0
	batches := chunks(events, slices.Repeat([]int{150}, 6))
	for _, b := range batches[:len(batches)-1] {
		res := mustPost(t, in.c, "acme", b)
		accepted += res.Accepted
		rejected += len(res.Rejected)
	}
	last := batches[len(batches)-1]
	body, err := json.Marshal(last)
	if err != nil {
		t.Fatal(err)
	}
	var res BatchResult
	if err := in.c.do(ctx, http.MethodPost, "/tenants/acme/events", body, http.StatusOK, &res); err != nil {
		t.Fatalf("POST a JSON array: %v", err)
	}
	accepted += res.Accepted
	rejected += len(res.Rejected)

	want, wantChanges := reference(t, doc, events, endOfMarch)
	wantEval, err := sla.Evaluate(mustDecode(t, doc), slices.Values(events), endOfMarch)
	if err != nil {
		t.Fatal(err)
	}
	diffReports(t, "sla.Evaluate against the reference evaluator", wantEval, want)
	got := mustReport(t, in.c, "acme", endOfMarch)
	diffReports(t, "GET report", want, got)
	// Accepted + rejected is every event posted; the rejections are the
	// stream's duplicates (the replay data re-sends one event).
	if accepted+rejected != len(events) || int64(rejected) != want.Input.Duplicates {
		t.Errorf("accepted %d + rejected %d, want %d events of which %d duplicates", accepted, rejected, len(events), want.Input.Duplicates)
	}

	// The changes stored before the scheduler ran: the feed's up to the
	// last event's instant (the reference also advanced to each timer up
	// to the end of March, so it holds more: compare the common prefix
	// and the rest after a tick).
	gotChanges := withoutSeq(mustChanges(t, in.c, "acme"))
	if len(gotChanges) > len(wantChanges) || len(gotChanges) == 0 {
		t.Fatalf("%d changes stored before the scheduler ran, want between 1 and %d", len(gotChanges), len(wantChanges))
	}
	if d := cmp.Diff(wantChanges[:len(gotChanges)], gotChanges); d != "" {
		t.Errorf("stored changes differ from the feed (-want +got):\n%s", d)
	}
	in.srv.clock = newFakeClock(endOfMarch).Now
	if _, _, err := in.srv.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(wantChanges, withoutSeq(mustChanges(t, in.c, "acme"))); d != "" {
		t.Errorf("stored changes after the timers differ from the feed (-want +got):\n%s", d)
	}

	// One subject: the same as the report's.
	wantSubject, ok := want.Subject("ticket", "ACME-1001")
	if !ok {
		t.Fatal("the reference report has no ticket ACME-1001")
	}
	var gotSubject sla.SubjectReport
	if err := in.c.do(ctx, http.MethodGet, "/tenants/acme/subjects/ticket/ACME-1001?asOf=2026-04-01T00:00:00Z", nil, http.StatusOK, &gotSubject); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(wantSubject, gotSubject); d != "" {
		t.Errorf("GET subject ticket ACME-1001 (-want +got):\n%s", d)
	}
}

func mustDecode(t testing.TB, doc []byte) sla.Agreement {
	t.Helper()
	a, err := sla.Decode(doc)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestHTTPErrors checks what a malformed request gets: a status and a
// single-line error that names what is wrong, and no change.
func TestHTTPErrors(t *testing.T) {
	doc, events := replayData(t)
	in := start(t, filepath.Join(t.TempDir(), "b.db"), newFakeClock(events[0].At))
	ctx := context.Background()
	mustPut(t, in.c, "acme", doc)

	tests := []struct {
		name, method, path, body string
		status                   int
		// contains are substrings the error must hold (it names the
		// field, the line, the index...).
		contains []string
	}{
		{"bad instant on line 2", "POST", "/tenants/acme/events",
			`{"id":"a","subjectType":"ticket","subject":"T","kind":"ticket.created","at":"2026-03-02T09:00:00Z"}` + "\n" +
				`{"id":"b","subjectType":"ticket","subject":"T","kind":"ticket.created","at":"yesterday"}`,
			400, []string{"line 2", `"at"`, "yesterday"}},
		{"value not a decimal string in an array", "POST", "/tenants/acme/events",
			`[{"id":"a","subjectType":"service","subject":"support","kind":"sla.usage","at":"2026-03-02T09:00:00Z","value":12}]`,
			400, []string{"events[0]", `"value"`}},
		{"not JSON", "POST", "/tenants/acme/events", `[{"id":`, 400, []string{"JSON array"}},
		{"unknown tenant", "POST", "/tenants/nobody/events", `[]`, 404, []string{"nobody", "PUT its agreement"}},
		{"bad tenant name", "GET", "/tenants/a%20b/report", ``, 400, []string{"tenant"}},
		{"bad asOf", "GET", "/tenants/acme/report?asOf=tomorrow", ``, 400, []string{"asOf", "tomorrow"}},
		{"bad after", "GET", "/tenants/acme/changes?after=x", ``, 400, []string{"after"}},
		{"unknown subject", "GET", "/tenants/acme/subjects/ticket/NOPE?asOf=2026-04-01T00:00:00Z", ``, 404, []string{"NOPE"}},
		{"invalid agreement", "PUT", "/tenants/other/agreement", `{"id": "x"}`, 422, []string{"problem"}},
		{"agreement changed under state", "PUT", "/tenants/acme/agreement", strings.Replace(string(doc), `"PT24H"`, `"PT25H"`, 1), 409, []string{"acme", "new tenant"}},
		{"wrong method", "DELETE", "/tenants/acme/report", ``, 405, nil},
	}
	// The conflict needs state: one event.
	mustPost(t, in.c, "acme", events[:1])
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := in.c.do(ctx, tt.method, tt.path, []byte(tt.body), -1, nil)
			var ae *apiError
			if !errors.As(err, &ae) {
				t.Fatalf("%s %s = %v, want an HTTP error", tt.method, tt.path, err)
			}
			if ae.Status != tt.status {
				t.Errorf("%s %s = %d %s, want %d", tt.method, tt.path, ae.Status, ae.Msg, tt.status)
			}
			if strings.Contains(ae.Msg, "\n") {
				t.Errorf("%s %s: error of several lines: %q", tt.method, tt.path, ae.Msg)
			}
			for _, s := range tt.contains {
				if !strings.Contains(ae.Msg, s) {
					t.Errorf("%s %s: error %q does not name %s", tt.method, tt.path, ae.Msg, s)
				}
			}
		})
	}
	// Nothing of the refused batches was applied: one event so far.
	if got := mustReport(t, in.c, "acme", endOfMarch).Input.Total(); got != 1 {
		t.Errorf("events counted after the refused batches = %d, want 1", got)
	}
}

// TestRejectionsListed: a batch with events the evaluator rejects is
// stored without them, and the answer lists each with its index, ID,
// reason and error, in the order posted.
func TestRejectionsListed(t *testing.T) {
	doc, events := replayData(t)
	in := start(t, filepath.Join(t.TempDir(), "b.db"), newFakeClock(events[0].At))
	mustPut(t, in.c, "acme", doc)
	created := events[3] // ACME-1001 created, 2026-03-02T08:15:00Z
	if created.Subject != "ACME-1001" || created.Kind != "ticket.created" {
		t.Fatalf("events[3] = %s %s, want the creation of ACME-1001", created.Subject, created.Kind)
	}
	noID := created
	noID.ID = ""
	// The term begins 2026-01-01: a ticket before it is rejected.
	beforeStart := created
	beforeStart.ID, beforeStart.Subject, beforeStart.At = "y", "T-early", time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	batch := []sla.Event{created, noID, created, beforeStart}
	res := mustPost(t, in.c, "acme", batch)
	want := BatchResult{Received: 4, Accepted: 1, Saved: 1, Rejected: []Rejected{
		{Index: 1, ID: "", Reason: sla.ReasonMissingID},
		{Index: 2, ID: created.ID, Reason: sla.ReasonDuplicate},
		{Index: 3, ID: "y", Reason: sla.ReasonBeforeStart},
	}}
	if d := cmp.Diff(want, res, cmp.FilterPath(func(p cmp.Path) bool {
		return p.Last().String() == ".Error" || p.Last().String() == ".Changes"
	}, cmp.Ignore())); d != "" {
		t.Errorf("POST batch (-want +got):\n%s", d)
	}
	for _, r := range res.Rejected {
		if r.Error == "" || strings.Contains(r.Error, "\n") {
			t.Errorf("rejection %d: error %q, want one line", r.Index, r.Error)
		}
	}
	if res.Changes == 0 {
		t.Error("the creation of a ticket stored no notification, want its clocks started")
	}
}

// TestCancelledRequest: a batch whose request is cancelled (the client
// went away) is still stored whole once applied, and the tenant stays
// available: the evaluator never gets ahead of the database.
func TestCancelledRequest(t *testing.T) {
	doc, events := replayData(t)
	path := filepath.Join(t.TempDir(), "b.db")
	clock := newFakeClock(events[0].At)
	in := start(t, path, clock)
	mustPut(t, in.c, "acme", doc)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := in.srv.PostEvents(ctx, "acme", events[:100])
	if err != nil || res.Accepted+len(res.Rejected) != 100 || res.Saved == 0 {
		t.Fatalf("PostEvents with a cancelled context = %+v, %v; want the 100 events stored", res, err)
	}
	mustPost(t, in.c, "acme", events[100:])
	in.stop()
	in = start(t, path, clock)
	want, _ := reference(t, doc, events, endOfMarch)
	clock.Set(endOfMarch)
	if _, _, err := in.srv.Tick(context.Background()); err != nil {
		t.Fatal(err)
	}
	diffReports(t, "after a cancelled request and a restart", want, mustReport(t, in.c, "acme", endOfMarch))
}

// TestReportHTML: the page for people shows the credit, March's
// verdicts and every breached objective of the report.
func TestReportHTML(t *testing.T) {
	doc, events := replayData(t)
	in := start(t, filepath.Join(t.TempDir(), "b.db"), newFakeClock(events[0].At))
	mustPut(t, in.c, "acme", doc)
	mustPost(t, in.c, "acme", events)
	want, _ := reference(t, doc, events, endOfMarch)
	resp, err := in.hs.Client().Get(in.hs.URL + "/tenants/acme/report.html?asOf=2026-04-01T00:00:00Z")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var page bytes.Buffer
	if _, err := page.ReadFrom(resp.Body); err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || !strings.HasPrefix(ct, "text/html") {
		t.Fatalf("GET report.html = %d %s, want 200 text/html", resp.StatusCode, ct)
	}
	n := 0
	for _, s := range want.Subjects {
		for _, o := range s.Objectives {
			if o.State == sla.StateBreached {
				n++
				if row := "<td>" + s.Type + " " + s.ID + "</td><td>" + o.Objective + "</td>"; !strings.Contains(page.String(), row) {
					t.Errorf("the page has no row %q", row)
				}
			}
		}
	}
	for _, s := range []string{want.Credit.Amount.StringFixed(2) + " GBP", fmt.Sprintf("Breaches (%d)", n), `class="missed"`} {
		if !strings.Contains(page.String(), s) {
			t.Errorf("the page does not show %q", s)
		}
	}
	if n == 0 {
		t.Error("the reference report has no breach: the test shows nothing")
	}
}
