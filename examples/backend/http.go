package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/slaeval/slaeval/sla"
)

// Limits of one request.
const (
	maxAgreementBytes = sla.DefaultDocumentBytes
	maxBatchBytes     = 16 << 20
	maxBatchEvents    = 10_000
	maxChanges        = 1_000
)

// tenantName is what a tenant may be called: it goes into the evaluator's
// origin (at most 128 bytes) and into URLs.
var tenantName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// Handler returns the HTTP API:
//
//	PUT  /tenants/{t}/agreement               the agreement's JSON
//	POST /tenants/{t}/events                  JSON Lines, or a JSON array, of events
//	GET  /tenants/{t}/report?asOf=RFC3339      the report as JSON
//	GET  /tenants/{t}/report.html?asOf=RFC3339 the report for people
//	GET  /tenants/{t}/changes?after=N&limit=M the notifications after seq N
//	GET  /tenants/{t}/subjects/{type}/{id}?asOf=RFC3339
//
// Errors are JSON objects {"error": "..."} of one line, with 400 for a
// malformed request, 404 for an unknown tenant or subject, 409 for an
// agreement that would invalidate a tenant's state, 422 for an
// agreement that does not validate or compile (with "problems", one per
// field), and 503 for a batch that was not stored (send it again).
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("PUT /tenants/{t}/agreement", s.putAgreement)
	mux.HandleFunc("POST /tenants/{t}/events", s.postEvents)
	mux.HandleFunc("GET /tenants/{t}/report", s.getReport)
	mux.HandleFunc("GET /tenants/{t}/report.html", s.getReportHTML)
	mux.HandleFunc("GET /tenants/{t}/changes", s.getChanges)
	mux.HandleFunc("GET /tenants/{t}/subjects/{type}/{id}", s.getSubject)
	return mux
}

// httpError is an error with its status.
type httpError struct {
	status   int
	err      error
	problems []string
}

func (e *httpError) Error() string { return e.err.Error() }

func badRequest(format string, args ...any) error {
	return &httpError{status: http.StatusBadRequest, err: fmt.Errorf(format, args...)}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":"backend: encode the answer: `+strings.ReplaceAll(err.Error(), `"`, `'`)+`"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

func writeError(w http.ResponseWriter, err error) {
	status := http.StatusInternalServerError
	var problems []string
	var he *httpError
	switch {
	case errors.As(err, &he):
		status, problems = he.status, he.problems
	case errors.Is(err, errNoTenant):
		status = http.StatusNotFound
	case errors.Is(err, errConflict):
		status = http.StatusConflict
	case errors.Is(err, errUnavailable):
		status = http.StatusServiceUnavailable
	}
	writeJSON(w, status, struct {
		Error    string   `json:"error"`
		Problems []string `json:"problems,omitempty"`
	}{oneLine(err.Error()), problems})
}

// oneLine joins the lines of a message (errors.Join separates by "\n").
func oneLine(s string) string { return strings.ReplaceAll(s, "\n", "; ") }

func pathTenant(r *http.Request) (string, error) {
	t := r.PathValue("t")
	if !tenantName.MatchString(t) {
		return "", badRequest("backend: tenant %q: want 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit", t)
	}
	return t, nil
}

func (s *Server) putAgreement(w http.ResponseWriter, r *http.Request) {
	name, err := pathTenant(r)
	if err != nil {
		writeError(w, err)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxAgreementBytes+1))
	if err != nil {
		writeError(w, badRequest("backend: agreement: %v (at most %d bytes)", err, maxAgreementBytes))
		return
	}
	var res PutResult
	a, err := sla.Decode(body)
	if err == nil {
		res, err = s.PutAgreement(r.Context(), name, a)
	}
	if ps := sla.Problems(err); len(ps) > 0 {
		// Decoding, validation and compilation name each problem's path.
		he := &httpError{status: http.StatusUnprocessableEntity, err: fmt.Errorf("backend: the agreement has %d problem(s), the first: %v", len(ps), oneLine(ps[0].Error()))}
		for _, p := range ps {
			he.problems = append(he.problems, oneLine(p.Error()))
		}
		err = he
	}
	if err != nil {
		writeError(w, err)
		return
	}
	status := http.StatusOK
	if res.Created {
		status = http.StatusCreated
	}
	writeJSON(w, status, res)
}

// decodeBatch reads a batch of events: a JSON array, or JSON Lines
// (sla.DecodeEvents). A batch with an event that does not decode is
// refused whole, with the first error (which names the line or the
// array index, and the field): nothing of it is applied, so the sender
// can fix it and send it again as it was.
func decodeBatch(body []byte) ([]sla.Event, error) {
	if trimmed := bytes.TrimSpace(body); len(trimmed) > 0 && trimmed[0] == '[' {
		var raw []json.RawMessage
		if err := json.Unmarshal(trimmed, &raw); err != nil {
			return nil, badRequest("backend: events: not a JSON array of events: %v", err)
		}
		if len(raw) > maxBatchEvents {
			return nil, badRequest("backend: events: %d in one batch, at most %d: split it", len(raw), maxBatchEvents)
		}
		events := make([]sla.Event, len(raw))
		for i, m := range raw {
			if err := json.Unmarshal(m, &events[i]); err != nil {
				return nil, badRequest("backend: events[%d]: %v", i, err)
			}
		}
		return events, nil
	}
	var events []sla.Event
	for e, err := range sla.DecodeEvents(bytes.NewReader(body)) {
		if err != nil {
			return nil, badRequest("backend: events: %v", err)
		}
		if len(events) == maxBatchEvents {
			return nil, badRequest("backend: events: more than %d in one batch: split it", maxBatchEvents)
		}
		events = append(events, e)
	}
	return events, nil
}

func (s *Server) postEvents(w http.ResponseWriter, r *http.Request) {
	name, err := pathTenant(r)
	if err != nil {
		writeError(w, err)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBatchBytes))
	if err != nil {
		writeError(w, badRequest("backend: events: %v (at most %d bytes a batch)", err, maxBatchBytes))
		return
	}
	events, err := decodeBatch(body)
	if err != nil {
		writeError(w, err)
		return
	}
	res, err := s.PostEvents(r.Context(), name, events)
	if err != nil {
		if !errors.Is(err, errNoTenant) {
			err = &httpError{status: http.StatusServiceUnavailable, err: err}
		}
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// asOf reads the asOf parameter; when absent, the clock's now.
func (s *Server) asOf(r *http.Request) (time.Time, error) {
	q := r.URL.Query().Get("asOf")
	if q == "" {
		return s.clock(), nil
	}
	t, err := time.Parse(time.RFC3339Nano, q)
	if err != nil {
		return time.Time{}, badRequest("backend: asOf: want an RFC 3339 instant such as 2026-04-01T00:00:00Z, got %q", q)
	}
	return t, nil
}

// withTenant runs f with the tenant's evaluator, under its lock.
func (s *Server) withTenant(r *http.Request, f func(t *tenant) error) error {
	name, err := pathTenant(r)
	if err != nil {
		return err
	}
	t, err := s.tenant(name)
	if err != nil {
		return err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.ev == nil {
		return errUnavailable
	}
	return f(t)
}

func (s *Server) getReport(w http.ResponseWriter, r *http.Request) {
	at, err := s.asOf(r)
	if err != nil {
		writeError(w, err)
		return
	}
	var rep sla.Report
	if err := s.withTenant(r, func(t *tenant) error { rep = t.ev.Report(at); return nil }); err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

func (s *Server) getSubject(w http.ResponseWriter, r *http.Request) {
	at, err := s.asOf(r)
	if err != nil {
		writeError(w, err)
		return
	}
	typ, id := r.PathValue("type"), r.PathValue("id")
	var found *sla.SubjectReport
	err = s.withTenant(r, func(t *tenant) error {
		if sr, ok := t.ev.SubjectReport(at, typ, id); ok {
			found = &sr
		}
		return nil
	})
	switch {
	case err != nil:
		writeError(w, err)
	case found == nil:
		writeError(w, &httpError{status: http.StatusNotFound, err: fmt.Errorf("backend: no subject %s %q in the report as of %s", typ, id, at.Format(time.RFC3339))})
	default:
		writeJSON(w, http.StatusOK, found)
	}
}

func (s *Server) getChanges(w http.ResponseWriter, r *http.Request) {
	name, err := pathTenant(r)
	if err != nil {
		writeError(w, err)
		return
	}
	if _, err := s.tenant(name); err != nil {
		writeError(w, err)
		return
	}
	after, limit := int64(0), maxChanges
	if q := r.URL.Query().Get("after"); q != "" {
		if after, err = strconv.ParseInt(q, 10, 64); err != nil || after < 0 {
			writeError(w, badRequest("backend: after: want the seq of the last change read (0 for the first), got %q", q))
			return
		}
	}
	if q := r.URL.Query().Get("limit"); q != "" {
		if limit, err = strconv.Atoi(q); err != nil || limit < 1 || limit > maxChanges {
			writeError(w, badRequest("backend: limit: want 1 to %d, got %q", maxChanges, q))
			return
		}
	}
	ns, err := s.store.changesAfter(r.Context(), name, after, limit)
	if err != nil {
		writeError(w, err)
		return
	}
	next := after
	if len(ns) > 0 {
		next = ns[len(ns)-1].Seq
	}
	writeJSON(w, http.StatusOK, struct {
		Changes []Notification `json:"changes"`
		Next    int64          `json:"next"` // pass as after to read on
	}{ns, next})
}
