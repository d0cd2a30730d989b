// Command backend is a reference host for slaeval: an HTTP service with
// tenants, one evaluator per tenant behind a mutex, its state in SQLite
// (modernc.org/sqlite: pure Go, nothing to install), written in one
// transaction per batch of events from the evaluator's change feed and
// dirty subjects, timers from NextChange, late events put in their place
// with Recompute, and every tenant restored from the database on start.
//
// Run with no flags, it opens a fresh database in a temporary directory,
// drives a short demo through its own HTTP API on a loopback port (the
// support desk's month of events from examples/replay, posted in batches,
// the backend restarted from its file halfway), prints what it shows and
// exits. With -serve addr it keeps serving on addr after the demo, on the
// real clock, with the scheduler running.
//
// See README.md for the schema, the transaction boundaries and what a
// production host would add.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"maps"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"time"

	"github.com/slaeval/slaeval/sla"
)

func main() {
	serve := flag.String("serve", "", "after the demo, keep serving the API on this address (e.g. 127.0.0.1:8080)")
	data := flag.String("data", filepath.Join("..", "replay", "data"), "the directory of support-desk.json and events.jsonl")
	dbPath := flag.String("db", "", "the SQLite file (default: a new one in a temporary directory, removed at exit)")
	hook := flag.String("webhook", "", "with -serve: post the notifications to this URL (JSON pages, at least once, in order)")
	flag.Parse()
	if err := run(context.Background(), os.Stdout, *data, *dbPath, *serve, *hook); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// demoTenant is the tenant of the demo.
const demoTenant = "acme"

func run(ctx context.Context, w io.Writer, data, dbPath, serve, hook string) error {
	doc, events, err := loadData(data)
	if err != nil {
		return err
	}
	if dbPath == "" {
		dir, err := os.MkdirTemp("", "slaeval-backend-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		dbPath = filepath.Join(dir, "backend.db")
	}
	clock := newFakeClock(events[0].At)
	var notified []Notification
	cfg := Config{Clock: clock.Now, Notify: func(_ string, n Notification) { notified = append(notified, n) }}

	// First run: the agreement, then the first half of the stream.
	srv, err := Open(ctx, dbPath, cfg)
	if err != nil {
		return err
	}
	c, stop, err := listen(srv)
	if err != nil {
		srv.Close()
		return err
	}
	if _, err := c.putAgreement(ctx, demoTenant, doc); err != nil {
		return errors.Join(err, stop(), srv.Close())
	}
	const batch = 100
	half := len(events) / 2 / batch * batch
	posted, rejected := 0, 0
	post := func(c *client, events []sla.Event) error {
		for b := range slices.Chunk(events, batch) {
			res, err := c.postEvents(ctx, demoTenant, b)
			if err != nil {
				return err
			}
			posted += res.Accepted
			rejected += len(res.Rejected)
		}
		return nil
	}
	start := time.Now()
	if err := post(c, events[:half]); err != nil {
		return errors.Join(err, stop(), srv.Close())
	}
	if err := errors.Join(stop(), srv.Close()); err != nil {
		return err
	}

	// Second run: restored from the file, the rest of the stream, then
	// the timers up to the end of March.
	srv, err = Open(ctx, dbPath, cfg)
	if err != nil {
		return err
	}
	defer srv.Close()
	c, stop, err = listen(srv)
	if err != nil {
		return err
	}
	defer stop()
	if err := post(c, events[half:]); err != nil {
		return err
	}
	elapsed := time.Since(start)
	end := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	clock.Set(end)
	if _, _, err := srv.Tick(ctx); err != nil {
		return err
	}
	rep, err := c.report(ctx, demoTenant, end)
	if err != nil {
		return err
	}
	stored, err := c.changes(ctx, demoTenant)
	if err != nil {
		return err
	}

	fmt.Fprintf(w, "slaeval reference backend: HTTP on loopback, state in SQLite (%s)\n\n", filepath.Base(dbPath))
	fmt.Fprintf(w, "tenant %q: %s\n", demoTenant, rep.Agreement)
	fmt.Fprintf(w, "  %d events posted in batches of %d over HTTP (%d accepted, %d rejected) in %v,\n", len(events), batch, posted, rejected, elapsed.Round(time.Millisecond))
	fmt.Fprintf(w, "  the backend stopped after %d and restarted from its database file\n", half)
	fmt.Fprintf(w, "  timers fired up to %s by the scheduler (NextChange, Advance)\n\n", end.Format(time.DateOnly))
	printReport(w, rep, stored)
	if len(notified) != len(stored) {
		return fmt.Errorf("backend: %d notifications delivered, %d stored", len(notified), len(stored))
	}

	if serve == "" {
		return nil
	}
	return serveUntilInterrupted(ctx, w, dbPath, serve, hook)
}

// printReport prints the report as people read it: the notifications by
// kind and the first breaches, the periods and the credits.
func printReport(w io.Writer, rep sla.Report, ns []Notification) {
	kinds := make(map[string]int)
	for _, n := range ns {
		kinds[n.Kind]++
	}
	fmt.Fprintf(w, "notifications stored from the change feed: %d\n", len(ns))
	for _, k := range slices.Sorted(maps.Keys(kinds)) {
		fmt.Fprintf(w, "  %-18s %4d\n", k, kinds[k])
	}
	fmt.Fprintln(w, "first breaches:")
	shown := 0
	for _, n := range ns {
		if n.Kind != sla.ChangeClockBreached && n.Kind != sla.ChangeObligationMissed || shown == 5 {
			continue
		}
		shown++
		fmt.Fprintf(w, "  #%-5d %s  %s %s  %s (due %s)\n", n.Seq, n.At.Format("Jan 02 15:04"), n.SubjectType, n.Subject, n.Objective, n.Before.Due.Format("Jan 02 15:04"))
	}
	fmt.Fprintf(w, "\nreport as of %s (version %s), the periods of March\n", rep.AsOf.Format(time.RFC3339), rep.Version)
	periods := slices.Clone(rep.Periods)
	slices.SortStableFunc(periods, func(a, b sla.PeriodReport) int { return a.Period.Start.Compare(b.Period.Start) })
	for _, p := range periods {
		if !p.Final || p.Period.Start.Before(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)) {
			continue // the demo's month only
		}
		att := "-"
		if p.Attainment != nil {
			att = p.Attainment.StringFixed(1) + "%"
		}
		fmt.Fprintf(w, "  %-17s %s  %-12s met %3d  missed %3d  attainment %s\n", p.Objective, p.Period.Start.Format("2006-01"), p.Verdict, p.Met, p.Missed, att)
	}
	fmt.Fprintf(w, "credit: %s %s\n", rep.Credit.Amount.StringFixed(2), rep.Credit.Currency)
	fmt.Fprintf(w, "input: %d applied, %d ignored, %d duplicates, %d rejected\n", rep.Input.Applied, rep.Input.IgnoredTotal(), rep.Input.Duplicates, sum(rep.Input.Rejected))
}

func sum(m map[string]int64) int64 {
	var n int64
	for _, v := range m {
		n += v
	}
	return n
}

// listen serves srv's API on a loopback port and returns a client of it
// and a function that stops serving.
func listen(srv *Server) (*client, func() error, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, nil, err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	stop := func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return hs.Shutdown(ctx)
	}
	return &client{base: "http://" + ln.Addr().String(), hc: &http.Client{Timeout: 30 * time.Second}}, stop, nil
}

// serveUntilInterrupted reopens the database on the real clock and
// serves the API on addr, with the scheduler, until interrupted; with a
// webhook URL, it delivers the notifications there every second.
func serveUntilInterrupted(ctx context.Context, w io.Writer, dbPath, addr, hook string) error {
	ctx, cancel := signal.NotifyContext(ctx, os.Interrupt)
	defer cancel()
	srv, err := Open(ctx, dbPath, Config{Notify: func(t string, n Notification) {
		log.Printf("notify %s: %s %s %s %s at %s", t, n.Kind, n.SubjectType, n.Subject, n.Objective, n.At.Format(time.RFC3339))
	}})
	if err != nil {
		return err
	}
	defer srv.Close()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer scancel()
		hs.Shutdown(sctx)
	}()
	go srv.Run(ctx, log.Printf)
	if hook != "" {
		go deliverEverySecond(ctx, srv, hook)
	}
	fmt.Fprintf(w, "\nserving on http://%s (Ctrl-C to stop), database %s\n", ln.Addr(), dbPath)
	fmt.Fprintf(w, "the demo tenant's report: http://%s/tenants/%s/report.html?asOf=2026-04-01T00:00:00Z\n", ln.Addr(), demoTenant)
	if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// deliverEverySecond runs the outbox: Deliver to the webhook each
// second until ctx is done, logging failures (the next round retries).
func deliverEverySecond(ctx context.Context, srv *Server, url string) {
	send := webhook(&http.Client{Timeout: 10 * time.Second}, url)
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		if n, err := srv.Deliver(ctx, url, send); err != nil {
			log.Printf("backend: webhook: %v", err)
		} else if n > 0 {
			log.Printf("backend: webhook: %d notifications delivered to %s", n, url)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// loadData reads the support desk's agreement and events (the replay
// example's data, read at run time: a nested module cannot embed files
// outside its directory).
func loadData(dir string) ([]byte, []sla.Event, error) {
	doc, err := os.ReadFile(filepath.Join(dir, "support-desk.json"))
	if err != nil {
		return nil, nil, fmt.Errorf("%w (run from examples/backend, or give -data)", err)
	}
	f, err := os.Open(filepath.Join(dir, "events.jsonl"))
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	var events []sla.Event
	for e, err := range sla.DecodeEvents(f) {
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", f.Name(), err)
		}
		events = append(events, e)
	}
	if len(events) == 0 {
		return nil, nil, fmt.Errorf("%s: no events", f.Name())
	}
	return doc, events, nil
}
