package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
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
	name   string
	cfg    Config
	nc     *nats.Conn
	js     jetstream.JetStream
	stream jetstream.Stream // the events (Config.Stream)
	kv     jetstream.KeyValue
	sub    *nats.Subscription

	mu       sync.Mutex
	parts    map[int]*part
	compiled map[string]*sla.Compiled // compiled agreement per tenant
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
	dseq    uint64 // the consumer's delivery sequence of the last message processed
	// idleSince is when the consumer last delivered, or the partition was
	// last checked for a stall (run's goroutine only).
	idleSince time.Time
	stop      chan struct{} // closed by Release and Kill: no further batch
	kill      chan struct{} // closed by Kill: abandon the batch in hand
	done      chan struct{}
}

// tenantState is one tenant's evaluator in one partition, with its clock
// and the changes its feed handed over since they were last published.
type tenantState struct {
	ev *sla.Evaluator
	// clock is the evaluator's now, kept by the worker because the
	// evaluator does not expose it: before each event the worker advances
	// the evaluator to the event's instant (event time), and with
	// Config.Now an idle partition advances it to the wall clock (tick).
	clock time.Time
	feed  []sla.Change
}

// watch sets the evaluator's feed to collect its changes in ts.feed.
func (ts *tenantState) watch() {
	ts.ev.SetFeed(func(c sla.Change) { ts.feed = append(ts.feed, c) })
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
	w := &Worker{name: name, cfg: cfg, nc: nc, js: js, parts: map[int]*part{}, compiled: map[string]*sla.Compiled{}}
	if err := retry(ctx, func(ctx context.Context) error {
		if w.stream, err = js.Stream(ctx, cfg.Stream); err != nil {
			return err
		}
		w.kv, err = js.KeyValue(ctx, cfg.Bucket)
		return err
	}); err != nil {
		nc.Close()
		return nil, fmt.Errorf("cluster: worker %s: stream %s, bucket %s: %w", name, cfg.Stream, cfg.Bucket, err)
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

// fresh returns a new evaluator of a tenant's agreement for partition n,
// with no feed set. Every evaluator of the deployment hashes event IDs
// with one key (Config.IDKey), so that state moves between workers and
// partials merge. Its origin names the tenant and partition, the same
// for every worker that owns the partition: its partials' sources then
// stay one name across restores and hand-overs (RestoreAggregates adds
// the record's sources to the evaluator's), and the partitions' partials,
// of distinct origins, merge in the reducer.
func (w *Worker) fresh(tenant string, n int) (*tenantState, error) {
	w.mu.Lock()
	c, ok := w.compiled[tenant]
	w.mu.Unlock()
	if !ok {
		a, err := w.cfg.Agreement(tenant)
		if err != nil {
			return nil, fmt.Errorf("cluster: tenant %s: %w", tenant, err)
		}
		if c, err = sla.Compile(a); err != nil {
			return nil, fmt.Errorf("cluster: tenant %s: %w", tenant, err)
		}
		w.mu.Lock()
		w.compiled[tenant] = c
		w.mu.Unlock()
	}
	return newTenantState(c, w.cfg.IDKey, tenant, n)
}

// newTenantState is a tenant's state in partition n, of the compiled
// agreement c, with no feed set.
func newTenantState(c *sla.Compiled, key sla.IDKey, tenant string, n int) (*tenantState, error) {
	ev, err := c.NewEvaluatorWith(sla.Options{IDKey: key, Origin: tenant + "/p" + strconv.Itoa(n)})
	if err != nil {
		return nil, fmt.Errorf("cluster: tenant %s: %w", tenant, err)
	}
	return &tenantState{ev: ev}, nil
}

// restore loads the partition's state and (re)creates its consumer at the
// stored position.
func (pt *part) restore(ctx context.Context) error {
	w := pt.w
	st, err := load(ctx, w.kv, pt.n)
	if err != nil {
		return fmt.Errorf("cluster: partition %d: loading state: %w", pt.n, err)
	}
	tenants, err := st.tenants(func(tenant string) (*tenantState, error) { return w.fresh(tenant, pt.n) })
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
	pt.idleSince = time.Now()
	pt.mu.Unlock()
	return nil
}

// run applies the partition's events until stopped. Whatever goes wrong
// (a fetch, a publish or a commit failing, a server going away, a
// delivery lost) sends it back to the stored state: the evaluators are
// dropped and restored from the bucket, and the consumer re-created just
// after the stored position, before anything else is fetched.
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
		if pt.stale() {
			if err := pt.restore(sctx); err != nil {
				w.logf("%s: partition %d: restoring: %v", w.name, pt.n, err)
				select {
				case <-pt.stop:
					return
				case <-time.After(200 * time.Millisecond):
				}
				continue
			}
		}
		batch, err := pt.fetch()
		switch {
		case err == nil && len(batch) > 0:
			pt.idleSince = time.Now()
			err = pt.process(ctx, batch)
		case err == nil:
			if err = pt.checkStalled(ctx); err == nil && w.cfg.Now != nil {
				err = pt.tick(ctx, w.cfg.Now())
			}
		}
		if err == nil {
			continue
		}
		if errors.Is(err, errStopped) || w.nc.IsClosed() {
			return
		}
		// The stored state is the truth: start again from it.
		w.logf("%s: partition %d: %v; restoring", w.name, pt.n, err)
		pt.discard()
	}
}

// stallAfter is how long a partition's consumer may deliver nothing
// before its worker asks the stream whether it holds events past the
// partition's position.
const stallAfter = 2 * time.Second

// checkStalled returns an error, which sends the partition back to its
// stored state and re-creates its consumer, when the consumer has
// delivered nothing for stallAfter while the stream's leader holds events
// of the partition past its position. A consumer can stall so: after a
// server restart its leader may be a server whose copy of the stream is
// still behind (it then sees nothing to deliver), and a consumer paused
// or left without a leader delivers nothing either. The check costs one
// request per idle partition every stallAfter.
func (pt *part) checkStalled(ctx context.Context) error {
	if time.Since(pt.idleSince) < stallAfter {
		return nil
	}
	pt.idleSince = time.Now()
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	m, err := pt.w.stream.GetLastMsgForSubject(ctx, partitionFilter(pt.n))
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return nil // no event yet
	}
	if err != nil {
		// Not a stall: the stream's leader did not answer. The fetches
		// go on; the next check asks again.
		pt.w.logf("%s: partition %d: checking for a stall: %v", pt.w.name, pt.n, err)
		return nil
	}
	pt.mu.Lock()
	pos := pt.pos.Seq
	pt.mu.Unlock()
	if m.Sequence > pos {
		return fmt.Errorf("cluster: partition %d: the consumer delivered nothing for %v while the stream holds its events up to %d, past its position %d", pt.n, stallAfter, m.Sequence, pos)
	}
	return nil
}

// stale reports whether the partition's evaluators were dropped (after an
// error) and must be restored from the bucket.
func (pt *part) stale() bool {
	pt.mu.Lock()
	defer pt.mu.Unlock()
	return pt.tenants == nil
}

// discard drops the partition's evaluators: they may hold events or
// timers whose effect was not committed, so until run restores them the
// partition answers no partial request.
func (pt *part) discard() {
	pt.mu.Lock()
	pt.tenants = nil
	pt.mu.Unlock()
}

// dropOnError is discard for process and tick, which hold pt.mu: the
// evaluators go before any partial request can read them.
func (pt *part) dropOnError(err *error) {
	if *err != nil {
		pt.tenants = nil
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

// process applies a batch of events, publishes the changes they made,
// commits their effect and then acknowledges them.
func (pt *part) process(ctx context.Context, batch []jetstream.Msg) (err error) {
	w := pt.w
	// A request whose answer is lost (a server stopping) must not hold
	// the partition: past this, the partition goes back to its stored
	// state and tries again.
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	pt.mu.Lock()
	defer pt.mu.Unlock()
	defer pt.dropOnError(&err)
	pos := pt.pos
	touched := map[string]bool{}
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
		ts, err := pt.tenant(tenant)
		if err != nil {
			w.logf("%s: partition %d: event at stream sequence %d skipped: %v", w.name, pt.n, seq, err)
			w.countUndecodable()
			continue
		}
		// Event time: the timers due before the event fire first (the
		// feed hands over their changes), whether or not the evaluator
		// takes the event.
		ts.advance(e.At)
		_ = ts.ev.Apply(e) // a rejected event is counted in the report's Input
		touched[tenant] = true
	}
	last := batch[len(batch)-1]
	if pos.Seq == pt.pos.Seq {
		return last.DoubleAck(ctx)
	}
	if err := pt.save(ctx, touched, pos); err != nil {
		return err
	}
	w.committedEvents.Add(int64(events))
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

// save publishes the changes the touched tenants' evaluators handed over,
// then commits what changed in them (Dirty's subjects and the aggregate
// records) with the position pos, and marks them saved. The changes go
// first: a crash between the two publishes them again after the restart,
// and the change stream's de-duplication stores them once. The caller
// holds pt.mu.
func (pt *part) save(ctx context.Context, touched map[string]bool, pos posRecord) error {
	w := pt.w
	var puts []kvPut
	var feed []*nats.Msg
	for tenant := range touched {
		ts := pt.tenants[tenant]
		for _, c := range ts.feed {
			id, b, err := changeMsgID(tenant, ChangeMsg{Partition: pt.n, Change: c})
			if err != nil {
				return err
			}
			m := nats.NewMsg(changesSubject(tenant))
			m.Data = b
			m.Header.Set(jetstream.MsgIDHeader, id)
			feed = append(feed, m)
		}
		tp, err := ts.puts(pt.n, tenant)
		if err != nil {
			return err
		}
		puts = append(puts, tp...)
	}
	if err := pt.publishFeed(ctx, feed); err != nil {
		return err
	}
	rev := pt.posRev
	if !w.noCommit {
		var err error
		hook := func(i int) error { return w.callHook("write", pt.n, i) }
		if rev, err = commit(ctx, w.nc, w.cfg.Bucket, puts, pt.n, pos, pt.posRev, hook); err != nil {
			return err
		}
	}
	for _, p := range puts {
		w.committedBytes.Add(int64(len(p.key) + len(p.val)))
	}
	for tenant := range touched {
		ts := pt.tenants[tenant]
		ts.feed = ts.feed[:0]
		ts.ev.MarkSaved()
	}
	pt.pos, pt.posRev = pos, rev
	return nil
}

// tick fires the timers due by now while no event arrives: for each
// tenant whose evaluator's NextChange falls at or before now, Advance
// hands the feed what became visible (clocks breached, warnings reached,
// obligations missed, each at its own instant), the changes are
// published and the tenant's clock committed (the position stays). It
// does nothing, cheaply, until a NextChange falls by now.
func (pt *part) tick(ctx context.Context, now time.Time) (err error) {
	pt.mu.Lock()
	defer pt.mu.Unlock()
	defer pt.dropOnError(&err)
	ctx, cancel := context.WithTimeout(ctx, opTimeout)
	defer cancel()
	touched := map[string]bool{}
	for tenant, ts := range pt.tenants {
		if next, ok := ts.ev.NextChange(ts.clock); ok && !next.After(now) {
			ts.advance(now)
			touched[tenant] = true
		}
	}
	if len(touched) == 0 {
		return nil
	}
	return pt.save(ctx, touched, pt.pos)
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

// tenant returns a tenant's state in the partition, creating it on its
// first event.
func (pt *part) tenant(tenant string) (*tenantState, error) {
	if ts, ok := pt.tenants[tenant]; ok {
		return ts, nil
	}
	ts, err := pt.w.fresh(tenant, pt.n)
	if err != nil {
		return nil, err
	}
	ts.watch()
	pt.tenants[tenant] = ts
	return ts, nil
}

// advance moves the tenant's evaluator, and its clock, to t when t is
// later: the feed receives the changes that became visible by then.
func (ts *tenantState) advance(t time.Time) {
	if t.After(ts.clock) {
		ts.ev.Advance(t)
		ts.clock = t
	}
}

// publishFeed publishes the change messages and waits for the stream to
// acknowledge every one.
func (pt *part) publishFeed(ctx context.Context, feed []*nats.Msg) error {
	var acks []jetstream.PubAckFuture
	for _, m := range feed {
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
		if pt.tenants == nil {
			pt.mu.Unlock()
			continue // going back to its stored state
		}
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
