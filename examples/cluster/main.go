// Command cluster evaluates service level agreements on a NATS JetStream
// cluster: events are partitioned by subject, workers own partitions
// through durable consumers and keep their evaluators' state in a
// key-value bucket, and a reducer merges the workers' partial results into
// each tenant's report.
//
// With no flags it starts a 3-node JetStream cluster in this process (on
// loopback ports, with temporary store directories it removes on exit),
// starts 3 workers, publishes the replay example's month of support desk
// events, and prints the merged report:
//
//	cd examples/cluster && go run .
//	go run . -nats nats://127.0.0.1:4222 -replicas 1   # an existing server or cluster
//
// Flags:
//
//	-nats url        use this cluster instead of starting one
//	-workers n       workers to start (default 3)
//	-partitions p    partitions P (default 12; see Config.Partitions)
//	-replicas r      replicas of the streams and the bucket (default 3)
//	-tenant t        the tenant the events belong to (default acme)
//	-data dir        where support-desk.json and events.jsonl are (default ../replay/data)
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"
	_ "time/tzdata" // the agreement's zones resolve on machines without a zone database

	"github.com/google/go-cmp/cmp"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/slaeval/slaeval/sla"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("cluster", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("nats", "", "`url` of an existing NATS cluster (default: start a 3-node cluster in this process)")
	workers := fs.Int("workers", 3, "`number` of workers")
	partitions := fs.Int("partitions", 12, "`number` of partitions P")
	replicas := fs.Int("replicas", 3, "`number` of replicas of the streams and the bucket")
	tenant := fs.String("tenant", "acme", "the `tenant` the events belong to")
	dir := fs.String("data", "../replay/data", "`directory` of support-desk.json and events.jsonl")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 || *workers < 1 || *partitions < 1 {
		fmt.Fprintln(stderr, "usage: cluster [-nats url] [-workers n] [-partitions p] [-replicas r] [-tenant t] [-data dir]")
		return 2
	}
	if err := demo(stdout, *url, *workers, *partitions, *replicas, *tenant, *dir); err != nil {
		fmt.Fprintln(stderr, "cluster:", err)
		return 1
	}
	return 0
}

func demo(out io.Writer, url string, nWorkers, partitions, replicas int, tenant, dir string) error {
	a, events, err := loadData(dir)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if url == "" {
		c, err := StartCluster(3)
		if err != nil {
			return err
		}
		defer c.Shutdown()
		url = c.URL()
		fmt.Fprintln(out, "started a 3-node JetStream cluster on", url)
	}
	cfg := DefaultConfig(func(string) (sla.Agreement, error) { return a, nil })
	cfg.Partitions, cfg.Replicas = partitions, replicas
	nc, err := nats.Connect(url)
	if err != nil {
		return err
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return err
	}
	if err := Setup(ctx, js, cfg); err != nil {
		return err
	}
	var ws []*Worker
	defer func() {
		for _, w := range ws {
			w.Close()
		}
	}()
	for i := range nWorkers {
		w, err := NewWorker(ctx, url, "worker-"+strconv.Itoa(i+1), cfg)
		if err != nil {
			return err
		}
		ws = append(ws, w)
	}
	if err := Assign(ctx, map[int]*Worker{}, ws, partitions); err != nil {
		return err
	}
	start := time.Now()
	if err := Publish(ctx, js, cfg, tenant, strconv.FormatInt(start.UnixNano(), 36), events); err != nil {
		return err
	}
	published := time.Since(start)
	last, err := WaitCaughtUp(ctx, js, cfg)
	if err != nil {
		return err
	}
	took := time.Since(start)
	ev, err := Reduce(ctx, nc, cfg, tenant, a, last)
	if err != nil {
		return err
	}
	asOf := events[len(events)-1].At
	for _, e := range events {
		if e.At.After(asOf) {
			asOf = e.At
		}
	}
	r := ev.Report(asOf)
	for _, w := range ws {
		fmt.Fprintf(out, "%s owns partitions %v\n", w.Name(), w.Partitions())
		if n := w.Skipped(); n > 0 {
			fmt.Fprintf(out, "%s skipped %d messages that are not events\n", w.Name(), n)
		}
	}
	fmt.Fprintf(out, "published %d events of tenant %s in %v; all applied and committed after %v\n\n", len(events), tenant, published.Round(time.Millisecond), took.Round(time.Millisecond))
	printReport(out, a, r)

	single, err := sla.Evaluate(a, func(yield func(sla.Event) bool) {
		for _, e := range events {
			if !yield(e) {
				return
			}
		}
	}, asOf)
	if err != nil {
		return err
	}
	if d := cmp.Diff(single, r); d != "" {
		return fmt.Errorf("the merged report differs from a single-process evaluation (-single +merged):\n%s", d)
	}
	fmt.Fprintln(out, "\nthe merged report equals a single-process evaluation of the same events")
	if info, err := js.Stream(ctx, cfg.Changes); err == nil {
		if si, err := info.Info(ctx, jetstream.WithSubjectFilter(changesSubject(tenant))); err == nil {
			fmt.Fprintf(out, "change feed: %d changes on %s\n", si.State.Subjects[changesSubject(tenant)], changesSubject(tenant))
		}
	}
	return nil
}

// printReport prints the periods, penalties and input accounting.
func printReport(out io.Writer, a sla.Agreement, r sla.Report) {
	fmt.Fprintf(out, "%s, as of %s\n", a.Title, r.AsOf.Format(time.RFC3339))
	for _, p := range r.Periods {
		fmt.Fprintf(out, "  %-18s %s  %-12s met %3d  missed %3d  pending %3d\n",
			p.Objective, p.Period.Start.Format("2006-01"), p.Verdict, p.Met, p.Missed, p.Pending)
	}
	for _, o := range r.Obligations {
		fmt.Fprintf(out, "  obligation %-22s %s\n", o.ID, o.Status)
	}
	fmt.Fprintf(out, "  credit %s\n", r.Credit)
	fmt.Fprintf(out, "  input: %d applied, %d duplicates, rejected %v\n", r.Input.Applied, r.Input.Duplicates, r.Input.Rejected)
}
