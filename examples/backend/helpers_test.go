package main

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/slaeval/slaeval/sla"
)

// endOfMarch is the instant the tests report as of: after the replay
// data's last event, with March's periods final.
var endOfMarch = time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)

var (
	dataOnce   sync.Once
	dataDoc    []byte
	dataEvents []sla.Event
	dataErr    error
)

// replayData returns the support desk's agreement and its 1,065 events
// (examples/replay/data), read once.
func replayData(t testing.TB) ([]byte, []sla.Event) {
	t.Helper()
	dataOnce.Do(func() { dataDoc, dataEvents, dataErr = loadData(filepath.Join("..", "replay", "data")) })
	if dataErr != nil {
		t.Fatal(dataErr)
	}
	return dataDoc, dataEvents
}

// instance is one run of the backend on a database file: the server, its
// API on a loopback port and a client of it. stop ends it as a killed
// process would leave it (the database holds what committed).
type instance struct {
	srv *Server
	hs  *httptest.Server
	c   *client
}

func start(t testing.TB, path string, clock *fakeClock) *instance {
	t.Helper()
	srv, err := Open(context.Background(), path, Config{Clock: clock.Now})
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	hs := httptest.NewServer(srv.Handler())
	in := &instance{srv: srv, hs: hs, c: &client{base: hs.URL, hc: hs.Client()}}
	t.Cleanup(in.stop)
	return in
}

func (in *instance) stop() {
	if in.hs == nil {
		return
	}
	in.hs.Close()
	in.srv.Close()
	in.hs = nil
}

// reference is the single uninterrupted evaluation the backend must
// match: one evaluator of the agreement, fed the whole stream with
// ApplyBatch, advanced to the stream's latest instant and then to each
// NextChange up to asOf (as the backend's batches and scheduler do), and
// its report as of asOf, with the changes its feed handed over.
func reference(t testing.TB, doc []byte, events []sla.Event, asOf time.Time) (sla.Report, []Notification) {
	t.Helper()
	a, err := sla.Decode(doc)
	if err != nil {
		t.Fatal(err)
	}
	ev, err := sla.NewEvaluator(a)
	if err != nil {
		t.Fatal(err)
	}
	var ns []Notification
	ev.SetFeed(func(c sla.Change) { ns = append(ns, notification(c)) })
	rejected := make(map[int]bool)
	for _, r := range ev.ApplyBatch(events) {
		rejected[r.Index] = true
	}
	var now time.Time
	for i, e := range events {
		if !rejected[i] && e.At.After(now) {
			now = e.At
		}
	}
	ev.Advance(now)
	for {
		n, ok := ev.NextChange(now)
		if !ok || n.After(asOf) {
			break
		}
		ev.Advance(n)
		now = n
	}
	return ev.Report(asOf), ns
}

// withoutSeq drops the sequence numbers the database gave.
func withoutSeq(ns []Notification) []Notification {
	out := make([]Notification, len(ns))
	for i, n := range ns {
		n.Seq = 0
		out[i] = n
	}
	return out
}

// chunks cuts events into batches of the given sizes (the last takes
// the rest).
func chunks(events []sla.Event, sizes []int) [][]sla.Event {
	var out [][]sla.Event
	for _, n := range sizes {
		if len(events) == 0 {
			break
		}
		n = min(n, len(events))
		out = append(out, events[:n])
		events = events[n:]
	}
	if len(events) > 0 {
		out = append(out, events)
	}
	return out
}

func mustPut(t testing.TB, c *client, tenant string, doc []byte) {
	t.Helper()
	if _, err := c.putAgreement(context.Background(), tenant, doc); err != nil {
		t.Fatalf("PUT agreement of %s: %v", tenant, err)
	}
}

func mustPost(t testing.TB, c *client, tenant string, batch []sla.Event) BatchResult {
	t.Helper()
	res, err := c.postEvents(context.Background(), tenant, batch)
	if err != nil {
		t.Fatalf("POST %d events to %s: %v", len(batch), tenant, err)
	}
	return res
}

func mustReport(t testing.TB, c *client, tenant string, asOf time.Time) sla.Report {
	t.Helper()
	rep, err := c.report(context.Background(), tenant, asOf)
	if err != nil {
		t.Fatalf("GET report of %s: %v", tenant, err)
	}
	return rep
}

func mustChanges(t testing.TB, c *client, tenant string) []Notification {
	t.Helper()
	ns, err := c.changes(context.Background(), tenant)
	if err != nil {
		t.Fatalf("GET changes of %s: %v", tenant, err)
	}
	return ns
}

func diffReports(t testing.TB, what string, want, got sla.Report, opts ...cmp.Option) {
	t.Helper()
	if d := cmp.Diff(want, got, opts...); d != "" {
		t.Errorf("%s: report differs from the single evaluation (-want +got):\n%s", what, d)
	}
}
