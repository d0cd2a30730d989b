package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/slaeval/slaeval/sla"
)

// harness is a 3-node cluster in this process with workers, torn down
// (servers stopped, store directories removed) when the test ends.
type harness struct {
	t       testing.TB
	ctx     context.Context
	c       *Cluster
	cfg     Config
	nc      *nats.Conn
	js      jetstream.JetStream
	td      testData
	owners  map[int]*Worker
	workers []*Worker
	start   time.Time
}

// logf logs with the time since the harness started (go test -v shows
// where a slow test spends its time).
func (h *harness) logf(format string, args ...any) {
	h.t.Helper()
	if _, bench := h.t.(*testing.B); bench {
		return
	}
	h.t.Logf("%6.2fs "+format, append([]any{time.Since(h.start).Seconds()}, args...)...)
}

// agreementOf maps tenants to the test agreements by name: desk-* the
// support desk, sales-* the sales and marketing agreement.
func (td testData) agreementOf(tenant string) (sla.Agreement, error) {
	switch {
	case strings.HasPrefix(tenant, "desk"):
		return td.desk, nil
	case strings.HasPrefix(tenant, "sales"):
		return td.sales, nil
	}
	return sla.Agreement{}, fmt.Errorf("no agreement for tenant %q", tenant)
}

// newHarness starts the cluster and n workers owning the partitions
// round-robin. Every call that could hang is bounded by the test's
// context (60 s).
func newHarness(t testing.TB, n int) *harness {
	t.Helper()
	return newHarnessWith(t, n, nil)
}

// newHarnessWith is newHarness with the config changed by set first.
func newHarnessWith(t testing.TB, n int, set func(*Config)) *harness {
	t.Helper()
	td, err := loadTestData()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	c, err := StartCluster(3)
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, ctx: ctx, c: c, td: td, owners: map[int]*Worker{}, start: time.Now()}
	t.Cleanup(func() {
		for _, w := range h.workers {
			w.Kill()
		}
		if h.nc != nil {
			h.nc.Close()
		}
		h.logf("workers stopped")
		if err := c.Shutdown(); err != nil {
			t.Error(err)
		}
		h.logf("cluster shut down")
	})
	h.cfg = DefaultConfig(td.agreementOf)
	h.cfg.FetchWait = 50 * time.Millisecond
	h.cfg.Logf = h.logf
	if set != nil {
		set(&h.cfg)
	}
	if h.nc, err = nats.Connect(c.URL(), nats.MaxReconnects(-1), nats.ReconnectWait(50*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	if h.js, err = jetstream.New(h.nc); err != nil {
		t.Fatal(err)
	}
	if err := Setup(ctx, h.js, h.cfg); err != nil {
		t.Fatal(err)
	}
	var ws []*Worker
	for range n {
		ws = append(ws, h.newWorker())
	}
	h.assign(ws...)
	h.logf("cluster formed, %d workers", n)
	return h
}

func (h *harness) newWorker() *Worker {
	h.t.Helper()
	w, err := NewWorker(h.ctx, h.c.URL(), fmt.Sprintf("w%d", len(h.workers)+1), h.cfg)
	if err != nil {
		h.t.Fatal(err)
	}
	h.workers = append(h.workers, w)
	return w
}

func (h *harness) assign(ws ...*Worker) {
	h.t.Helper()
	if err := Assign(h.ctx, h.owners, ws, h.cfg.Partitions); err != nil {
		h.t.Fatal(err)
	}
	h.logf("partitions assigned to %d workers", len(ws))
}

func (h *harness) publish(tenant, prefix string, es []sla.Event) {
	h.t.Helper()
	if err := Publish(h.ctx, h.js, h.cfg, tenant, prefix, es); err != nil {
		h.t.Fatal(err)
	}
	h.logf("published %d events of %s", len(es), tenant)
}

// check waits until every event has taken effect, merges the tenant's
// partial results and compares the report with one evaluator fed the
// whole stream.
func (h *harness) check(tenant string, es []sla.Event) {
	h.t.Helper()
	last := h.waitCaughtUp()
	a, err := h.td.agreementOf(tenant)
	if err != nil {
		h.t.Fatal(err)
	}
	asOf := lastAt(es)
	if asOf.IsZero() {
		asOf = time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	}
	want, err := single(a, es, asOf)
	if err != nil {
		h.t.Fatal(err)
	}
	ev, err := Reduce(h.ctx, h.nc, h.cfg, tenant, a, last)
	if err != nil {
		h.t.Fatal(err)
	}
	if d := cmp.Diff(want, ev.Report(asOf)); d != "" {
		h.t.Errorf("tenant %s (%d events): merged report differs from one evaluator's (-want +got):\n%s", tenant, len(es), d)
	}
	h.logf("checked %s", tenant)
}

// waitCaughtUp waits until every published event has taken effect.
func (h *harness) waitCaughtUp() []uint64 {
	h.t.Helper()
	last, err := WaitCaughtUp(h.ctx, h.js, h.cfg)
	if err != nil {
		h.t.Fatal(err)
	}
	h.logf("caught up")
	return last
}

// thirds splits a stream in three.
func thirds(es []sla.Event) [3][]sla.Event {
	a, b := len(es)/3, 2*len(es)/3
	return [3][]sla.Event{es[:a], es[a:b], es[b:]}
}

// TestRandomStreams: for random streams of both agreements, each a tenant
// of its own, the report merged from 3 workers' partials equals a single
// evaluator's.
func TestRandomStreams(t *testing.T) {
	h := newHarness(t, 3)
	streams := map[string][]sla.Event{}
	for i := range 4 {
		streams[fmt.Sprintf("desk-%d", i)] = deskStream(h.td).Example(i)
		streams[fmt.Sprintf("sales-%d", i)] = salesStream(10).Example(i)
	}
	for tenant, es := range streams {
		h.publish(tenant, "run", es)
	}
	for tenant, es := range streams {
		h.check(tenant, es)
	}
	h.checkFeed("desk-0", streams["desk-0"])
	h.logf("change feed checked")
}

// changes reads the tenant's change feed, in stream order.
func (h *harness) changes(tenant string) []ChangeMsg {
	h.t.Helper()
	s, err := h.js.Stream(h.ctx, h.cfg.Changes)
	if err != nil {
		h.t.Fatal(err)
	}
	info, err := s.Info(h.ctx, jetstream.WithSubjectFilter(changesSubject(tenant)))
	if err != nil {
		h.t.Fatal(err)
	}
	cons, err := h.js.OrderedConsumer(h.ctx, h.cfg.Changes, jetstream.OrderedConsumerConfig{FilterSubjects: []string{changesSubject(tenant)}})
	if err != nil {
		h.t.Fatal(err)
	}
	var cs []ChangeMsg
	for uint64(len(cs)) < info.State.Subjects[changesSubject(tenant)] {
		mb, err := cons.Fetch(1000, jetstream.FetchMaxWait(time.Second))
		if err != nil {
			h.t.Fatal(err)
		}
		for m := range mb.Messages() {
			var c ChangeMsg
			if err := json.Unmarshal(m.Data(), &c); err != nil {
				h.t.Fatal(err)
			}
			cs = append(cs, c)
		}
		if err := mb.Error(); err != nil && h.ctx.Err() != nil {
			h.t.Fatal(err)
		}
	}
	return cs
}

// feedKey names one subject's objective in one partition.
func feedKey(partition int, c sla.Change) string {
	return fmt.Sprintf("p%d %s/%s %s", partition, c.SubjectType, c.Subject, c.Objective)
}

// byKey groups changes by subject and objective, each group in order.
func byKey(cs []ChangeMsg) map[string][]sla.Change {
	out := map[string][]sla.Change{}
	for _, c := range cs {
		k := feedKey(c.Partition, c.Change)
		out[k] = append(out[k], c.Change)
	}
	return out
}

// fold is each subject's objective's latest state in a feed.
func fold(cs []ChangeMsg) map[string]sla.ItemState {
	out := map[string]sla.ItemState{}
	for _, c := range cs {
		out[feedKey(c.Partition, c.Change)] = c.Change.After
	}
	return out
}

// referenceFeed is the slow reference of a tenant's change feed: one
// evaluator per partition, each fed its partition's events in stream
// order as a worker does (advanced to each event's instant first), then
// advanced to until if it is not zero. It shares no code with the
// workers' batching, restores or publishing.
func (h *harness) referenceFeed(tenant string, es []sla.Event, until time.Time) []ChangeMsg {
	h.t.Helper()
	a, err := h.td.agreementOf(tenant)
	if err != nil {
		h.t.Fatal(err)
	}
	c, err := sla.Compile(a)
	if err != nil {
		h.t.Fatal(err)
	}
	var out []ChangeMsg
	evs := map[int]*sla.Evaluator{}
	get := func(n int) *sla.Evaluator {
		if ev := evs[n]; ev != nil {
			return ev
		}
		ev := c.NewEvaluator()
		ev.SetFeed(func(ch sla.Change) { out = append(out, ChangeMsg{Partition: n, Change: ch}) })
		evs[n] = ev
		return ev
	}
	now := map[int]time.Time{}
	for _, e := range es {
		n := Partition(e.SubjectType, e.Subject, h.cfg.Partitions)
		ev := get(n)
		if e.At.After(now[n]) {
			ev.Advance(e.At)
			now[n] = e.At
		}
		_ = ev.Apply(e)
	}
	if !until.IsZero() {
		for _, ev := range evs {
			ev.Advance(until)
		}
	}
	return out
}

// checkFeed: the tenant's change feed holds, for each subject's objective,
// exactly the changes a reference evaluator per partition hands over, in
// the same order: none lost, none twice (a change published again by a
// worker that went back to its stored state is de-duplicated).
func (h *harness) checkFeed(tenant string, es []sla.Event) {
	h.t.Helper()
	want := byKey(h.referenceFeed(tenant, es, time.Time{}))
	if len(want) == 0 {
		h.t.Fatalf("tenant %s: the reference feed is empty", tenant)
	}
	if d := cmp.Diff(want, byKey(h.changes(tenant))); d != "" {
		h.t.Errorf("tenant %s: change feed differs from the reference (-want +got):\n%s", tenant, d)
	}
}

// TestWorkerCrash: a worker is killed three times mid-stream — before its
// commit wrote anything, with its commit half written, and after its
// commit but before its acknowledgement — its connection closed without a
// drain; a new worker takes its partitions from the bucket each time. The
// report equals a single evaluator's: nothing lost, nothing counted twice.
func TestWorkerCrash(t *testing.T) {
	h := newHarness(t, 2)
	desk := h.td.deskEvents
	sales := salesStream(80).Example(7)
	crashes := []struct {
		stage string
		i     int
	}{{"write", 0}, {"write", 1}, {"ack", 0}}
	dParts, sParts := quarters(desk), quarters(sales)
	rng := rand.New(rand.NewPCG(1, 2))
	victim := h.workers[0]
	for round, cr := range crashes {
		// Crash at the stage of the victim's k-th commit from now.
		k, calls := int64(1+rng.IntN(3)), atomic.Int64{}
		var dead atomic.Bool
		crashed := make(chan struct{})
		victim.mu.Lock()
		victim.hook = func(stage string, _, i int) error {
			if dead.Load() {
				return errStopped
			}
			if stage == cr.stage && i == cr.i && calls.Add(1) == k {
				dead.Store(true)
				close(crashed)
				return errStopped
			}
			return nil
		}
		victim.mu.Unlock()
		h.publish("desk-x", fmt.Sprint(round), dParts[round])
		h.publish("sales-x", fmt.Sprint(round), sParts[round])
		select {
		case <-crashed:
		case <-time.After(20 * time.Second):
			t.Fatalf("round %d: the worker never reached its crash point %s %d", round, cr.stage, cr.i)
		}
		victim.Kill()
		next := h.newWorker()
		h.assign(next, h.workers[1])
		victim = next
	}
	h.publish("desk-x", "last", dParts[3])
	h.publish("sales-x", "last", sParts[3])
	h.check("desk-x", desk)
	h.check("sales-x", sales)
}

// quarters splits a stream in four.
func quarters(es []sla.Event) [4][]sla.Event {
	n := len(es)
	return [4][]sla.Event{es[:n/4], es[n/4 : n/2], es[n/2 : 3*n/4], es[3*n/4:]}
}

// TestNodeRestart: one of the three servers is stopped mid-stream and
// started again later; publishing and evaluating go on through the other
// two. The report equals a single evaluator's.
func TestNodeRestart(t *testing.T) {
	h := newHarness(t, 3)
	desk := thirds(h.td.deskEvents)
	sales := salesStream(80).Example(3)
	ss := thirds(sales)
	h.publish("desk-n", "a", desk[0])
	h.publish("sales-n", "a", ss[0])
	h.c.Stop(1)
	h.publish("desk-n", "b", desk[1])
	h.publish("sales-n", "b", ss[1])
	if err := h.c.Start(1); err != nil {
		t.Fatal(err)
	}
	h.publish("desk-n", "c", desk[2])
	h.publish("sales-n", "c", ss[2])
	h.check("desk-n", h.td.deskEvents)
	h.check("sales-n", sales)
}

// TestStalledConsumer: a partition's consumer that delivers nothing while
// the stream holds its events (here paused for an hour, as a consumer led
// by a server whose copy of the stream is behind delivers nothing) is
// noticed by its worker, which goes back to its stored state and
// re-creates the consumer: the report equals a single evaluator's. It
// fails (WaitCaughtUp times out) without the worker's stall check.
func TestStalledConsumer(t *testing.T) {
	h := newHarness(t, 1)
	desk := thirds(h.td.deskEvents)
	h.publish("desk-s", "a", desk[0])
	h.waitCaughtUp()
	n := Partition(desk[1][0].SubjectType, desk[1][0].Subject, h.cfg.Partitions)
	if _, err := h.js.PauseConsumer(h.ctx, h.cfg.Stream, consumerName(n), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	h.logf("partition %d's consumer paused", n)
	h.publish("desk-s", "b", desk[1])
	h.publish("desk-s", "c", desk[2])
	h.check("desk-s", h.td.deskEvents)
}

// TestRebalance: partitions move from 2 workers to 3 and back to 2 while
// events flow; state goes over through the bucket. The report equals a
// single evaluator's.
func TestRebalance(t *testing.T) {
	h := newHarness(t, 2)
	w1, w2 := h.workers[0], h.workers[1]
	desk := thirds(h.td.deskEvents)
	sales := salesStream(80).Example(5)
	ss := thirds(sales)
	h.publish("desk-r", "a", desk[0])
	h.publish("sales-r", "a", ss[0])
	h.assign(w1, w2, h.newWorker())
	h.publish("desk-r", "b", desk[1])
	h.publish("sales-r", "b", ss[1])
	h.assign(w1, w2)
	h.publish("desk-r", "c", desk[2])
	h.publish("sales-r", "c", ss[2])
	h.check("desk-r", h.td.deskEvents)
	h.check("sales-r", sales)
	for n, w := range h.owners {
		if w != h.workers[n%2] {
			t.Errorf("partition %d owned by %s, want %s", n, w.Name(), h.workers[n%2].Name())
		}
	}
	// A worker that still believes in an older revision of a position
	// (one that lost its partition without noticing) cannot commit.
	kv, err := h.js.KeyValue(h.ctx, h.cfg.Bucket)
	if err != nil {
		t.Fatal(err)
	}
	e, err := kv.Get(h.ctx, posKey(0))
	if err != nil {
		t.Fatal(err)
	}
	var pos posRecord
	if err := json.Unmarshal(e.Value(), &pos); err != nil {
		t.Fatal(err)
	}
	_, err = commit(h.ctx, h.nc, h.cfg.Bucket, nil, 0, pos, e.Revision()-1, nil)
	if !errors.Is(err, errFenced) {
		t.Errorf("commit with a stale revision of partition 0's position: error %v, want errFenced", err)
	}
}

// TestRun runs the command on an existing cluster (-nats): it publishes the
// replay month, prints the merged report and checks it against a single
// evaluator itself (exit status 1 if they differ).
func TestRun(t *testing.T) {
	c, err := StartCluster(3)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Shutdown()
	var out, errOut strings.Builder
	if code := run([]string{"-nats", c.URL(), "-workers", "2"}, &out, &errOut); code != 0 {
		t.Fatalf("run = %d, want 0; stderr:\n%s", code, errOut.String())
	}
	// The replay data holds 1,065 events, one of them a second copy of
	// ACME-1010/52 (grep -o '"id":"[^"]*"' events.jsonl | sort | uniq -d).
	for _, want := range []string{"worker-2 owns partitions [1 3 5 7 9 11]", "input: 1064 applied, 1 duplicates", "the merged report equals a single-process evaluation"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

// TestTimers: with a wall clock (Config.Now) a month after the last
// event, idle workers fire the timers their evaluators' NextChange names
// after the last event (open tickets' clocks breaching, deadlines falling
// due) with Advance, so the change feed, folded key by key, gives every
// subject's objective's state as of that instant: the fold of a reference
// evaluator per partition fed its events and advanced to it. (Only the
// fold is compared: a partition idle between two publishes advances to
// the wall clock before its later events, which then change state as of
// that instant, as they would in production.)
func TestTimers(t *testing.T) {
	now := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	h := newHarnessWith(t, 2, func(c *Config) { c.Now = func() time.Time { return now } })
	events := h.td.deskEvents
	h.publish("desk-clock", "a", events)
	h.waitCaughtUp()
	want := fold(h.referenceFeed("desk-clock", events, now))
	deadline := time.Now().Add(20 * time.Second)
	for {
		got := h.changes("desk-clock")
		d := cmp.Diff(want, fold(got))
		if d == "" {
			// The feed holds changes after the last event: the timers fired.
			n := 0
			for _, c := range got {
				if c.Change.At.After(lastAt(events)) {
					n++
				}
			}
			if n == 0 {
				t.Errorf("no change after the last event (%s): no timer fired", lastAt(events))
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("change feed folded differs from the reference's as of %s (-want +got):\n%s", now, d)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
