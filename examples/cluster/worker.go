package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/slaeval/slaeval/sla"
)

// Worker owns a set of partitions: for each, a durable consumer of its
// events, one evaluator per tenant, and the partition's state in the
// bucket. In the demo and the tests workers are goroutines of one process;
// in production each is a process (a pod) with a connection of its own.
// Its methods are safe for concurrent use.
type Worker struct {
	name string
	cfg  Config
	nc   *nats.Conn
	js   jetstream.JetStream
	kv   jetstream.KeyValue
	sub  *nats.Subscription

	mu        sync.Mutex
	parts     map[int]*part
	templates map[string]*sla.Evaluator // compiled agreement per tenant; Empty() gives a partition's evaluator
	// hook, if set, is called at the stages named in commit and process;
	// an error from it stops the worker there (the tests' crash points).
	hook func(stage string, partition, i int) error
	// undecodable counts messages that are not events, or of a tenant
	// without an agreement (they are acknowledged and skipped; the
	// evaluators never see them).
	undecodable int64
	// noCommit skips the commit (for the benchmark of persistence's cost
	// only: nothing is stored).
	noCommit bool
	// committed counts the events committed and the bytes of their commits.
	committedEvents, committedBytes atomic.Int64
}

// part is one partition owned by a worker.
type part struct {
	w       *Worker
	n       int
	mu      sync.Mutex // guards the fields below against the partial requests
	tenants map[string]*tenantState
	pos     posRecord
	posRev  uint64
	cons    jetstream.Consumer
	dseq    uint64        // the consumer's delivery sequence of the last message processed
	stop    chan struct{} // closed by Release and Kill: no further batch
	kill    chan struct{} // closed by Kill: abandon the batch in hand
	done    chan struct{}
}

// tenantState is one tenant's evaluator in one partition, with the clock
// and summary of the change feed.
type tenantState struct {
	ev    *sla.Evaluator
	clock time.Time // the latest event's instant, or the latest timer fired
	sum   summary   // as of clock
}

// opTimeout bounds the requests of one batch (publishing its changes,
// committing, acknowledging).
const opTimeout = 5 * time.Second

// errStopped: the worker was killed or released the partition.
var errStopped = errors.New("cluster: worker stopped")

// NewWorker connects a worker to the cluster at url. It owns no partition
// until Acquire.
func NewWorker(ctx context.Context, url, name string, cfg Config) (*Worker, error) {
	nc, err := nats.Connect(url, nats.Name(name), nats.MaxReconnects(-1), nats.ReconnectWait(100*time.Millisecond))
	if err != nil {
		return nil, fmt.Errorf("cluster: worker %s: %w", name, err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, err
	}
	w := &Worker{name: name, cfg: cfg, nc: nc, js: js, parts: map[int]*part{}, templates: map[string]*sla.Evaluator{}}
	if err := retry(ctx, func(ctx context.Context) error {
		w.kv, err = js.KeyValue(ctx, cfg.Bucket)
		return err
	}); err != nil {
		nc.Close()
		return nil, fmt.Errorf("cluster: worker %s: bucket %s: %w", name, cfg.Bucket, err)
	}
	w.sub, err = nc.Subscribe("sla.*.partials", w.answerPartials)
	if err != nil {
		nc.Close()
		return nil, err
	}
	return w, nil
}

// Name is the worker's name.
func (w *Worker) Name() string { return w.name }

// Partitions lists the partitions the worker owns, in order.
func (w *Worker) Partitions() []int {
	w.mu.Lock()
	defer w.mu.Unlock()
	var ps []int
	for n := range w.parts {
		ps = append(ps, n)
	}
	sort.Ints(ps)
	return ps
}

// Acquire takes partition n: it restores the partition's evaluators from
// the bucket, positions the partition's durable consumer just after the
// stored position, and starts applying events. The position is the one
// committed with the state, not the consumer's acknowledgement floor:
// JetStream redelivers an unacknowledged message only after its AckWait,
// and after newer ones, so a new owner that trusted the old consumer could
// apply a subject's events out of order.
func (w *Worker) Acquire(ctx context.Context, n int) error {
	w.mu.Lock()
	if _, ok := w.parts[n]; ok {
		w.mu.Unlock()
		return fmt.Errorf("cluster: worker %s already owns partition %d", w.name, n)
	}
	w.mu.Unlock()
	pt := &part{w: w, n: n, stop: make(chan struct{}), kill: make(chan struct{}), done: make(chan struct{})}
	if err := pt.restore(ctx); err != nil {
		return err
	}
	w.mu.Lock()
	w.parts[n] = pt
	w.mu.Unlock()
	go pt.run()
	return nil
}

// Release stops applying partition n's events after the batch in hand,
// whose state is committed first, and forgets the partition.
func (w *Worker) Release(n int) {
	w.mu.Lock()
	pt := w.parts[n]
	delete(w.parts, n)
	w.mu.Unlock()
	if pt != nil {
		close(pt.stop)
		<-pt.done
	}
}

// Close releases every partition and drains the connection.
func (w *Worker) Close() {
	for _, n := range w.Partitions() {
		w.Release(n)
	}
	w.nc.Drain()
}

// Kill stops the worker as a crash would: the connection is closed without
// a drain, nothing more is written or acknowledged, and in-memory state is
// lost. A batch being committed stays uncommitted (JetStream discards an
// atomic batch without its commit).
func (w *Worker) Kill() {
	w.mu.Lock()
	w.hook = func(string, int, int) error { return errStopped }
	parts := w.parts
	w.parts = map[int]*part{}
	w.mu.Unlock()
	for _, pt := range parts {
		close(pt.stop)
		close(pt.kill) // cancels what the partition waits for
	}
	w.nc.Close()
	for _, pt := range parts {
		<-pt.done
	}
}

func (w *Worker) callHook(stage string, n, i int) error {
	w.mu.Lock()
	h := w.hook
	w.mu.Unlock()
	if h == nil {
		return nil
	}
	return h(stage, n, i)
}

// template returns the compiled agreement of a tenant.
func (w *Worker) template(tenant string) (*sla.Evaluator, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if ev, ok := w.templates[tenant]; ok {
		return ev, nil
	}
	a, err := w.cfg.Agreement(tenant)
	if err != nil {
		return nil, fmt.Errorf("cluster: tenant %s: %w", tenant, err)
	}
	// Every evaluator of the deployment hashes event IDs with one key, so
	// state moves between workers and partials merge (Empty keeps it).
	ev, err := sla.Options{IDKey: w.cfg.IDKey}.NewEvaluator(a)
	if err != nil {
		return nil, fmt.Errorf("cluster: tenant %s: %w", tenant, err)
	}
	w.templates[tenant] = ev
	return ev, nil
}

// restore loads the partition's state and (re)creates its consumer at the
// stored position.
func (pt *part) restore(ctx context.Context) error {
	w := pt.w
	st, err := load(ctx, w.kv, pt.n)
	if err != nil {
		return fmt.Errorf("cluster: partition %d: loading state: %w", pt.n, err)
	}
	tenants, err := st.tenants(w.template)
	if err != nil {
		return fmt.Errorf("cluster: partition %d: %w", pt.n, err)
	}
	name := consumerName(pt.n)
	var cons jetstream.Consumer
	err = retry(ctx, func(ctx context.Context) error {
		if err := w.js.DeleteConsumer(ctx, w.cfg.Stream, name); err != nil && !errors.Is(err, jetstream.ErrConsumerNotFound) {
			return err
		}
		c, err := w.js.CreateConsumer(ctx, w.cfg.Stream, jetstream.ConsumerConfig{
			Durable:       name,
			FilterSubject: partitionFilter(pt.n),
			DeliverPolicy: jetstream.DeliverByStartSequencePolicy,
			OptStartSeq:   st.pos.Seq + 1,
			AckPolicy:     jetstream.AckAllPolicy,
			AckWait:       30 * time.Second,
			MaxAckPending: w.cfg.Batch,
		})
		cons = c
		return err
	})
	if err != nil {
		return fmt.Errorf("cluster: partition %d: consumer: %w", pt.n, err)
	}
	pt.mu.Lock()
	pt.tenants, pt.pos, pt.posRev, pt.cons, pt.dseq = tenants, st.pos, st.posRev, cons, 0
	pt.mu.Unlock()
	return nil
}

// run applies the partition's events until stopped.
func (pt *part) run() {
	defer close(pt.done)
	w := pt.w
	// ctx ends with Kill (a batch in hand is abandoned), sctx with
	// Release too (a restore in progress is abandoned).
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sctx, scancel := context.WithCancel(ctx)
	defer scancel()
	go func() {
		select {
		case <-pt.kill:
		case <-pt.done:
		}
		cancel()
	}()
	go func() {
		select {
		case <-pt.stop:
		case <-pt.done:
		}
		scancel()
	}()
	for {
		select {
		case <-pt.stop:
			return
		default:
		}
		if w.nc.IsClosed() {
			return
		}
		batch, err := pt.fetch()
		switch {
		case err == nil && len(batch) > 0:
			err = pt.process(ctx, batch)
		case err == nil && w.cfg.Now != nil:
			err = pt.tick(ctx, w.cfg.Now())
		}
		if err == nil {
			continue
		}
		if errors.Is(err, errStopped) || w.nc.IsClosed() {
			return
		}
		// The stored state is the truth: start again from it.
		w.logf("%s: partition %d: %v; restoring", w.name, pt.n, err)
		if err := pt.restore(sctx); err != nil {
			w.logf("%s: partition %d: restoring: %v", w.name, pt.n, err)
			if sctx.Err() != nil {
				return
			}
			select {
			case <-pt.stop:
				return
			case <-time.After(200 * time.Millisecond):
			}
		}
	}
}

// fetch returns the partition's next events, at most a batch, waiting at
// most FetchWait for the first.
func (pt *part) fetch() ([]jetstream.Msg, error) {
	pt.mu.Lock()
	cons := pt.cons
	pt.mu.Unlock()
	mb, err := cons.Fetch(pt.w.cfg.Batch, jetstream.FetchMaxWait(pt.w.cfg.FetchWait))
	if err != nil {
		return nil, err
	}
	var batch []jetstream.Msg
	for done := false; !done; {
		select {
		case m, ok := <-mb.Messages():
			if !ok {
				done = true
				break
			}
			batch = append(batch, m)
		case <-pt.stop:
			return nil, errStopped
		}
	}
	if err := mb.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) && !errors.Is(err, context.DeadlineExceeded) {
		// Apply what arrived; the error shows again on the next fetch.
		if len(batch) == 0 {
			return nil, err
		}
	}
	return batch, nil
}

// process applies a batch of events, commits their effect and then
// acknowledges them.
func (pt *part) process(ctx context.Context, batch []jetstream.Msg) error {
	w := pt.w
	// A request whose answer is lost (a server stopping) must not hold
	// the partition: past this, the partition goes back to its stored
	// state and tries again.
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	pt.mu.Lock()
	defer pt.mu.Unlock()
	pos := pt.pos
	touched := map[string]map[subjectKey]bool{}
	var feed []changeMsg
	events := 0
	for _, m := range batch {
		meta, err := m.Metadata()
		if err != nil {
			return err
		}
		// A delivery the client dropped (one that arrived after a fetch
		// gave up waiting) must not be acknowledged by a later one
		// (AckAll): a gap in the delivery sequence sends the partition
		// back to its stored state.
		if meta.Sequence.Consumer != pt.dseq+1 {
			return fmt.Errorf("cluster: partition %d: delivery %d after %d: a delivery was lost", pt.n, meta.Sequence.Consumer, pt.dseq)
		}
		pt.dseq++
		seq := meta.Sequence.Stream
		if seq <= pos.Seq {
			continue // redelivered: its effect is in the stored state already
		}
		pos.Seq = seq
		events++
		tenant, err := parseEventSubject(m.Subject())
		if err != nil {
			w.countUndecodable()
			continue
		}
		var e sla.Event
		if err := json.Unmarshal(m.Data(), &e); err != nil {
			w.countUndecodable()
			continue
		}
		ts, err := pt.tenant(tenant, e.At)
		if err != nil {
			w.logf("%s: partition %d: event at stream sequence %d skipped: %v", w.name, pt.n, seq, err)
			w.countUndecodable()
			continue
		}
		for _, c := range ts.advance(e.At, pt.n) {
			feed = append(feed, changeMsg{tenant, c})
		}
		_ = ts.ev.Apply(e) // a rejected event is counted in the report's Input
		if e.At.After(ts.clock) {
			ts.clock = e.At
		}
		if touched[tenant] == nil {
			touched[tenant] = map[subjectKey]bool{}
		}
		for _, k := range dirty(e) {
			touched[tenant][k] = true
		}
	}
	last := batch[len(batch)-1]
	if pos.Seq == pt.pos.Seq {
		return last.DoubleAck(ctx)
	}
	var puts []kvPut
	for tenant, keys := range touched {
		ts := pt.tenants[tenant]
		s := summarize(ts.ev.Report(ts.clock))
		for _, c := range changes(ts.sum, s, ts.clock, pt.n) {
			feed = append(feed, changeMsg{tenant, c})
		}
		ts.sum = s
		tp, err := ts.puts(pt.n, tenant, keys)
		if err != nil {
			return err
		}
		puts = append(puts, tp...)
	}
	if err := pt.publishFeed(ctx, feed); err != nil {
		return err
	}
	hook := func(i int) error { return w.callHook("write", pt.n, i) }
	rev := pt.posRev
	if !w.noCommit {
		var err error
		if rev, err = commit(ctx, w.nc, w.cfg.Bucket, puts, pt.n, pos, pt.posRev, hook); err != nil {
			return err
		}
	}
	for _, p := range puts {
		w.committedBytes.Add(int64(len(p.key) + len(p.val)))
	}
	w.committedEvents.Add(int64(events))
	pt.pos, pt.posRev = pos, rev
	if err := w.callHook("ack", pt.n, 0); err != nil {
		return err
	}
	// An acknowledgement lost here is harmless: the next owner starts at
	// the stored position, and this one skips what it has applied.
	if err := last.DoubleAck(ctx); err != nil {
		w.logf("%s: partition %d: acknowledging: %v", w.name, pt.n, err)
	}
	return nil
}

// tick fires the timers due before now while no event arrives: the
// changes go to the feed and the tenants' clocks to the bucket (the
// position stays). It does nothing, cheaply, until a NextChange falls
// before now.
func (pt *part) tick(ctx context.Context, now time.Time) error {
	w := pt.w
	pt.mu.Lock()
	defer pt.mu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	var feed []changeMsg
	var puts []kvPut
	for tenant, ts := range pt.tenants {
		cs := ts.advance(now, pt.n)
		if len(cs) == 0 {
			continue
		}
		for _, c := range cs {
			feed = append(feed, changeMsg{tenant, c})
		}
		tp, err := ts.puts(pt.n, tenant, nil)
		if err != nil {
			return err
		}
		puts = append(puts, tp...)
	}
	if len(puts) == 0 {
		return nil
	}
	if err := pt.publishFeed(ctx, feed); err != nil {
		return err
	}
	rev, err := commit(ctx, w.nc, w.cfg.Bucket, puts, pt.n, pt.pos, pt.posRev, func(i int) error { return w.callHook("write", pt.n, i) })
	if err != nil {
		return err
	}
	pt.posRev = rev
	return nil
}

func (w *Worker) logf(format string, args ...any) {
	if w.cfg.Logf != nil {
		w.cfg.Logf(format, args...)
	}
}

// Skipped is the number of messages the worker acknowledged without
// applying them: not an event, or of a tenant whose agreement it could not
// get (Config.Logf says which).
func (w *Worker) Skipped() int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.undecodable
}

func (w *Worker) countUndecodable() {
	w.mu.Lock()
	w.undecodable++
	w.mu.Unlock()
}

// tenant returns a tenant's state in the partition, creating it (clock at
// the first event's instant) on its first event.
func (pt *part) tenant(tenant string, at time.Time) (*tenantState, error) {
	if ts, ok := pt.tenants[tenant]; ok {
		return ts, nil
	}
	tmpl, err := pt.w.template(tenant)
	if err != nil {
		return nil, err
	}
	ev := tmpl.Empty()
	ts := &tenantState{ev: ev, clock: at, sum: summarize(ev.Report(at))}
	pt.tenants[tenant] = ts
	return ts, nil
}

// advance fires the timers due before instant to: at each instant the
// evaluator's NextChange names, it compares the summary with the last one
// and moves the clock there. Events move the clock (event time); with
// Config.Now, an idle partition's worker also moves it to the wall clock
// (tick).
func (ts *tenantState) advance(to time.Time, partition int) []Change {
	var cs []Change
	for {
		next, ok := ts.ev.NextChange(ts.clock)
		if !ok || !next.Before(to) {
			return cs
		}
		s := summarize(ts.ev.Report(next))
		cs = append(cs, changes(ts.sum, s, next, partition)...)
		ts.sum, ts.clock = s, next
	}
}

// changeMsg is one change of one tenant.
type changeMsg struct {
	tenant string
	c      Change
}

// publishFeed publishes changes to their tenants' change subjects before
// the state that produced them is committed: a crash between the two
// publishes them again after the restart, and the change stream's
// de-duplication (by changeID) stores them once.
func (pt *part) publishFeed(ctx context.Context, feed []changeMsg) error {
	var acks []jetstream.PubAckFuture
	for _, cm := range feed {
		b, err := json.Marshal(cm.c)
		if err != nil {
			return err
		}
		m := nats.NewMsg(changesSubject(cm.tenant))
		m.Data = b
		sum := sha256.Sum256([]byte(changeID(cm.tenant, cm.c)))
		m.Header.Set(jetstream.MsgIDHeader, hex.EncodeToString(sum[:16]))
		f, err := pt.w.js.PublishMsgAsync(m)
		if err != nil {
			return err
		}
		acks = append(acks, f)
	}
	for _, f := range acks {
		select {
		case <-f.Ok():
		case err := <-f.Err():
			return err
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// partialReply is a worker's answer for one partition to a partial request.
type partialReply struct {
	Partition int          `json:"partition"`
	Seq       uint64       `json:"seq"` // the stored position
	Worker    string       `json:"worker"`
	Partial   *sla.Partial `json:"partial,omitempty"` // nil: the tenant has no state here
}

// answerPartials answers a reducer's request with one message per owned
// partition.
func (w *Worker) answerPartials(m *nats.Msg) {
	tenant, ok := tenantOfPartials(m.Subject)
	if !ok || m.Reply == "" {
		return
	}
	w.mu.Lock()
	parts := make([]*part, 0, len(w.parts))
	for _, pt := range w.parts {
		parts = append(parts, pt)
	}
	w.mu.Unlock()
	for _, pt := range parts {
		pt.mu.Lock()
		r := partialReply{Partition: pt.n, Seq: pt.pos.Seq, Worker: w.name}
		if ts, ok := pt.tenants[tenant]; ok {
			p := ts.ev.Partial()
			r.Partial = &p
		}
		pt.mu.Unlock()
		b, err := json.Marshal(r)
		if err != nil {
			continue
		}
		_ = w.nc.Publish(m.Reply, b)
	}
}
