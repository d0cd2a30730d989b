package main

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/slaeval/slaeval/sla"
)

// Notification is one change of the evaluator's feed (sla.Change), as
// the backend stores and serves it. Seq is its position in the tenant's
// notifications (GET /tenants/{t}/changes?after=Seq), set when read back.
type Notification struct {
	Seq         int64     `json:"seq,omitempty"`
	Kind        string    `json:"kind"` // an sla.Change* constant: "clockBreached"
	SubjectType string    `json:"subjectType"`
	Subject     string    `json:"subject"`
	Objective   string    `json:"objective"`
	Version     string    `json:"version"`
	At          time.Time `json:"at"`
	Before      ItemState `json:"before"`
	After       ItemState `json:"after"`
}

// ItemState is sla.ItemState with JSON names.
type ItemState struct {
	InScope bool      `json:"inScope"`
	State   string    `json:"state"`
	Phase   string    `json:"phase,omitempty"`
	Cycle   int32     `json:"cycle,omitempty"`
	Warned  int       `json:"warned,omitempty"`
	Due     time.Time `json:"due,omitzero"`
}

func notification(c sla.Change) Notification {
	return Notification{
		Kind: c.Kind, SubjectType: c.SubjectType, Subject: c.Subject,
		Objective: c.Objective, Version: c.Version, At: c.At.UTC(),
		Before: itemState(c.Before), After: itemState(c.After),
	}
}

func itemState(s sla.ItemState) ItemState {
	d := s.Due
	if !d.IsZero() {
		d = d.UTC()
	}
	return ItemState{InScope: s.InScope, State: s.State, Phase: s.Phase, Cycle: s.Cycle, Warned: s.Warned, Due: d}
}

// tenant is one customer of the backend: one evaluator, owned by whoever
// holds mu. Everything here mirrors the database as of the last commit,
// except between an apply and its commit, under mu.
type tenant struct {
	name string

	mu          sync.Mutex
	ev          *sla.Evaluator // nil when the tenant could not be reloaded after a failed commit
	compiled    *sla.Compiled  // ev's, shared with the tenants of the same agreement
	fingerprint string
	idKey       sla.IDKey
	// now is the instant the evaluator has been advanced to: the latest
	// instant of the events it accepted, or of the timers the scheduler
	// fired. It is stored with each commit and handed to Advance on
	// restore, so that timers fired before a restart are not fed again.
	now time.Time
	// last is, per subject, the latest instant of its logged events: an
	// event earlier than that is late and its subject is recomputed.
	last map[subjectKey]time.Time
	// pending collects the feed's changes during one call, under mu.
	pending []Notification
}

// Server is the backend: tenants, their evaluators, the database and the
// scheduler of timers.
type Server struct {
	store *store
	clock func() time.Time

	// beforeCommit, when set (tests), runs inside each transaction just
	// before Commit; an error rolls the transaction back as a failed
	// commit would.
	beforeCommit func(tenant string) error
	// notify, when set, receives each notification after its
	// transaction has committed (a production host would deliver them
	// from the changes table with a cursor instead: see README).
	notify func(tenant string, n Notification)

	wake chan struct{} // a batch committed: the scheduler recomputes its next wake-up

	compiledMu sync.Mutex
	compiled   map[[sha256.Size]byte]*sla.Compiled

	mu      sync.RWMutex
	tenants map[string]*tenant
}

// Config is how Open builds a Server.
type Config struct {
	// Clock is the scheduler's clock; nil: time.Now. Tests pass a fake.
	Clock func() time.Time
	// Notify receives each notification once it is committed; nil: none.
	Notify func(tenant string, n Notification)
}

// Open opens the database at path, creating it when missing, and
// restores every tenant it holds.
func Open(ctx context.Context, path string, cfg Config) (*Server, error) {
	st, err := openStore(path)
	if err != nil {
		return nil, err
	}
	s := &Server{
		store:    st,
		clock:    cfg.Clock,
		notify:   cfg.Notify,
		wake:     make(chan struct{}, 1),
		compiled: make(map[[sha256.Size]byte]*sla.Compiled),
		tenants:  make(map[string]*tenant),
	}
	if s.clock == nil {
		s.clock = time.Now
	}
	rows, err := st.tenantRows(ctx)
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("backend: read tenants: %w", err)
	}
	for _, r := range rows {
		t := &tenant{name: r.name}
		if err := s.load(ctx, t, r); err != nil {
			st.Close()
			return nil, err
		}
		s.tenants[r.name] = t
	}
	return s, nil
}

// Close closes the database. A Server closed this way is as a killed
// process leaves it: whatever committed is on disk, nothing else.
func (s *Server) Close() error { return s.store.Close() }

// compile compiles an agreement, once per distinct agreement: tenants
// that put the same agreement share one *sla.Compiled. The key is the
// SHA-256 of the agreement's canonical JSON (sla.Encode), not its
// fingerprint: the fingerprint leaves out text for people (titles,
// names), which reports show, so two agreements that differ only there
// must not share a Compiled.
func (s *Server) compile(a sla.Agreement) (*sla.Compiled, []byte, error) {
	doc, err := sla.Encode(a)
	if err != nil {
		return nil, nil, err
	}
	key := sha256.Sum256(doc)
	s.compiledMu.Lock()
	defer s.compiledMu.Unlock()
	if c, ok := s.compiled[key]; ok {
		return c, doc, nil
	}
	c, err := sla.Compile(a)
	if err != nil {
		return nil, nil, err
	}
	s.compiled[key] = c
	return c, doc, nil
}

// load builds t's evaluator from its stored row and state: the agreement
// compiled (or shared), a fresh evaluator with the tenant's ID key and
// origin, its aggregate record restored, then every subject snapshot,
// then advanced to the stored now with no feed set (the changes up to
// now were stored before), then the feed set. The caller holds t.mu, or
// t is not yet shared.
func (s *Server) load(ctx context.Context, t *tenant, r tenantRow) error {
	t.ev = nil
	a, err := sla.Decode(r.agreement)
	if err != nil {
		return fmt.Errorf("backend: tenant %q: stored agreement: %w", r.name, err)
	}
	c, _, err := s.compile(a)
	if err != nil {
		return fmt.Errorf("backend: tenant %q: compile the stored agreement: %w", r.name, err)
	}
	ev, err := c.NewEvaluatorWith(sla.Options{IDKey: r.idKey, Origin: "backend/" + r.name})
	if err != nil {
		return fmt.Errorf("backend: tenant %q: %w", r.name, err)
	}
	if fp := ev.Fingerprint(); fp != r.fingerprint {
		return fmt.Errorf("backend: tenant %q: the stored agreement compiles to fingerprint %s, the state was saved under %s: this release of slaeval reads the agreement differently; replay the event log", r.name, fp, r.fingerprint)
	}
	agg, err := s.store.loadState(ctx, r.name, ev.Restore)
	if err != nil {
		return err
	}
	if agg != nil {
		if err := ev.RestoreAggregates(*agg); err != nil {
			return fmt.Errorf("backend: tenant %q: restore the aggregate record: %w", r.name, err)
		}
	}
	last, err := s.store.lastInstants(ctx, r.name)
	if err != nil {
		return err
	}
	ev.Advance(r.now) // no feed yet: moves now only
	t.pending = t.pending[:0]
	ev.SetFeed(func(c sla.Change) { t.pending = append(t.pending, notification(c)) })
	t.ev, t.compiled, t.fingerprint, t.idKey, t.now, t.last = ev, c, r.fingerprint, r.idKey, r.now, last
	return nil
}

// reload rebuilds t from the database after a failed transaction, so
// that the evaluator in memory never holds what the database does not.
// The caller holds t.mu. When even that fails (the database is gone),
// t is left without an evaluator and answers 503 until a restart.
func (s *Server) reload(ctx context.Context, t *tenant, cause error) error {
	r, ok, err := s.store.tenantRow(ctx, t.name)
	if err == nil && !ok {
		err = errors.New("its row is gone")
	}
	if err == nil {
		err = s.load(ctx, t, r)
	}
	if err != nil {
		t.ev = nil
		return fmt.Errorf("%w; and reloading tenant %q from the database failed too: %w", cause, t.name, err)
	}
	return cause
}

// errUnavailable is a tenant whose evaluator could not be rebuilt.
var errUnavailable = errors.New("backend: the tenant's state could not be reloaded from the database after a failed write: restart the backend")

// errNoTenant is a tenant never put.
var errNoTenant = errors.New("backend: no such tenant: PUT its agreement first")

// errConflict is an agreement that would invalidate a tenant's state.
var errConflict = errors.New("backend: conflict")

func (s *Server) tenant(name string) (*tenant, error) {
	s.mu.RLock()
	t, ok := s.tenants[name]
	s.mu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("%w (tenant %q)", errNoTenant, name)
	}
	return t, nil
}

// PutResult is the answer to putting an agreement.
type PutResult struct {
	Tenant      string   `json:"tenant"`
	Fingerprint string   `json:"fingerprint"`
	Created     bool     `json:"created"`
	Warnings    []string `json:"warnings,omitempty"` // sla.Agreement.Check
}

// PutAgreement sets a tenant's agreement: it creates the tenant, or
// replaces the agreement of one that has received no event yet, or of
// one whose state the new agreement keeps valid (the same fingerprint:
// only text for people changed). Any other change is errConflict: the
// stored state belongs to the old agreement.
func (s *Server) PutAgreement(ctx context.Context, name string, a sla.Agreement) (PutResult, error) {
	ctx = context.WithoutCancel(ctx) // as in PostEvents
	c, doc, err := s.compile(a)
	if err != nil {
		return PutResult{}, err
	}
	fp := c.NewEvaluator().Fingerprint()
	res := PutResult{Tenant: name, Fingerprint: fp}
	for _, w := range a.Check() {
		res.Warnings = append(res.Warnings, w.String())
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tenants[name]
	if !ok {
		var key sla.IDKey
		rand.Read(key[:]) // never fails (crypto/rand's documented contract)
		r := tenantRow{name: name, agreement: doc, fingerprint: fp, idKey: key}
		// reset, not put: rows of a tenant whose creation failed
		// halfway are dropped.
		if err := s.store.resetTenant(ctx, r); err != nil {
			return res, err
		}
		t = &tenant{name: name}
		if err := s.load(ctx, t, r); err != nil {
			return res, err
		}
		s.tenants[name] = t
		res.Created = true
		return res, nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.ev == nil {
		return res, errUnavailable
	}
	if fp != t.fingerprint {
		if t.ev.Aggregates().Input.Total() > 0 {
			return res, fmt.Errorf("%w: tenant %q holds the state of %d events under agreement %s, which this agreement (%s) would not read: put it under a new tenant, or replay the tenant's event log into one", errConflict, name, t.ev.Aggregates().Input.Total(), t.fingerprint, fp)
		}
		// Nothing received yet: start afresh under the new agreement.
		r := tenantRow{name: name, agreement: doc, fingerprint: fp, idKey: t.idKey}
		if err := s.store.resetTenant(ctx, r); err != nil {
			return res, err
		}
		return res, s.load(ctx, t, r)
	}
	r, _, err := s.store.tenantRow(ctx, name)
	if err != nil {
		return res, err
	}
	r.agreement = doc
	if err := s.store.putTenant(ctx, r); err != nil {
		return res, err
	}
	return res, s.load(ctx, t, r)
}

// BatchResult is the answer to a batch of events.
type BatchResult struct {
	Received int `json:"received"`
	// Accepted counts the events applied or ignored (sla.Report.Input
	// tells them apart), late ones recomputed into place included.
	Accepted int `json:"accepted"`
	// Recomputed counts the events that arrived late for their subject
	// and were put in their place by sla.Evaluator.Recompute.
	Recomputed int `json:"recomputed,omitempty"`
	// Rejected lists every event not accepted, duplicates included.
	Rejected []Rejected `json:"rejected,omitempty"`
	// Saved counts the subject records written (or deleted).
	Saved int `json:"saved"`
	// Changes counts the notifications stored.
	Changes int `json:"changes"`
}

// Rejected is one event of a batch that was not accepted.
type Rejected struct {
	Index  int    `json:"index"` // from 0, in the batch as posted
	ID     string `json:"id"`
	Reason string `json:"reason,omitempty"` // an sla.Reason* constant, when the evaluator gave one
	Error  string `json:"error"`
}

// PostEvents applies a batch of events to a tenant and stores the
// result in one transaction: the events accepted (the log from which
// late events are recomputed), the subjects the batch changed, the
// aggregate record, the tenant's now and the notifications. The
// evaluator is told MarkSaved only after the commit; when the
// transaction fails the tenant is rebuilt from the database and the
// error says the batch was not stored (send it again).
//
// An event is late when its subject has a logged event with a later
// instant (webhooks are reordered): the evaluator either rejected it
// (ErrOutOfOrder; ErrRetired for a retired subject) or, when the earlier
// events of its subject had been ignored, applied it. Either way the
// subject is recomputed from its logged history and the batch's events
// (sla.Evaluator.Recompute), once per subject per batch.
func (s *Server) PostEvents(ctx context.Context, name string, events []sla.Event) (BatchResult, error) {
	t, err := s.tenant(name)
	if err != nil {
		return BatchResult{}, err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.ev == nil {
		return BatchResult{}, errUnavailable
	}
	// Once the batch is applied in memory, it is stored (or the tenant
	// rebuilt) whether or not the client is still there: a request
	// context cancelled halfway must not leave the evaluator ahead of
	// the database, nor make the rebuild fail.
	res, err := s.apply(context.WithoutCancel(ctx), t, events)
	if err == nil {
		select {
		case s.wake <- struct{}{}:
		default:
		}
	}
	return res, err
}

func (s *Server) apply(ctx context.Context, t *tenant, events []sla.Event) (BatchResult, error) {
	res := BatchResult{Received: len(events)}
	t.pending = t.pending[:0]
	rejected := make(map[int]error)
	late := make(map[int]bool) // rejected as late: applied by Recompute, or rejected by it
	for _, r := range t.ev.ApplyBatch(events) {
		if errors.Is(r.Err, sla.ErrOutOfOrder) || errors.Is(r.Err, sla.ErrRetired) {
			late[r.Index] = true
		} else {
			rejected[r.Index] = r.Err
		}
	}

	// The subjects to recompute, with their events of this batch (the
	// accepted and the late, in the order posted), and the new now.
	now := t.now
	latest := make(map[subjectKey]time.Time) // the subject's latest instant so far
	batch := make(map[subjectKey][]int)
	redo := make(map[subjectKey]bool)
	for i, e := range events {
		if rejected[i] != nil {
			continue
		}
		k := subjectKey{e.SubjectType, e.Subject}
		prev, ok := latest[k]
		if !ok {
			prev, ok = t.last[k]
		}
		if late[i] || ok && e.At.Before(prev) {
			redo[k] = true
		} else {
			latest[k] = e.At
			now = maxTime(now, e.At)
		}
		batch[k] = append(batch[k], i)
	}

	tx, err := s.store.db.BeginTx(ctx, nil)
	if err != nil {
		return res, s.reload(ctx, t, fmt.Errorf("backend: begin: %w", err))
	}
	fail := func(err error) (BatchResult, error) {
		tx.Rollback()
		return BatchResult{Received: len(events)}, s.reload(ctx, t, fmt.Errorf("backend: tenant %q: the batch was not stored, and nothing of it applied: send it again (%w)", t.name, err))
	}

	keys := slices.SortedFunc(maps.Keys(redo), func(a, b subjectKey) int {
		return cmp.Or(cmp.Compare(a.typ, b.typ), cmp.Compare(a.id, b.id))
	})
	for _, k := range keys {
		idx := batch[k]
		hist, err := history(ctx, tx, t.name, k)
		if err != nil {
			return fail(err)
		}
		logged := len(hist)
		for _, i := range idx {
			hist = append(hist, events[i])
		}
		rej, err := t.ev.Recompute(k.typ, k.id, hist)
		if err != nil {
			// Refused, nothing changed (ErrNotRecomputable says why):
			// the late events the evaluator rejected stay rejected, with
			// the refusal as their error; those it applied stay applied
			// as delivered. The usual case is a usage event, which has
			// no per-subject state and whose order does not matter.
			for _, i := range idx {
				if late[i] {
					rejected[i] = err
				}
			}
			continue
		}
		for _, r := range rej {
			if r.Index >= logged {
				rejected[idx[r.Index-logged]] = r.Err
			}
		}
		for _, i := range idx {
			if late[i] && rejected[i] == nil {
				res.Recomputed++
			}
		}
	}
	// Timers up to the batch's latest instant, after the recomputes so
	// that a late reply that met a clock fires no breach. The evaluator
	// advanced itself to the instants of the events it applied; this
	// also covers those it ignored, so that now is known exactly.
	t.ev.Advance(now)

	accepted := make([]sla.Event, 0, len(events))
	for i, e := range events {
		if err := rejected[i]; err != nil {
			res.Rejected = append(res.Rejected, rejection(i, e, err))
			continue
		}
		accepted = append(accepted, e)
	}
	res.Accepted = len(accepted)
	if err := logEvents(ctx, tx, t.name, accepted); err != nil {
		return fail(err)
	}
	if res.Saved, err = saveState(ctx, tx, t.name, t.ev, now); err != nil {
		return fail(err)
	}
	if err := logChanges(ctx, tx, t.name, t.pending); err != nil {
		return fail(err)
	}
	if err := s.commit(tx, t.name); err != nil {
		return fail(err)
	}
	t.ev.MarkSaved()
	t.now = now
	for _, e := range accepted {
		k := subjectKey{e.SubjectType, e.Subject}
		if e.At.After(t.last[k]) {
			t.last[k] = e.At
		}
	}
	res.Changes = len(t.pending)
	s.deliver(t)
	return res, nil
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func rejection(i int, e sla.Event, err error) Rejected {
	r := Rejected{Index: i, ID: e.ID, Error: err.Error()}
	if ee, ok := errors.AsType[*sla.EventError](err); ok {
		r.Reason = ee.Reason
	}
	return r
}

// commit runs the test hook, then commits.
func (s *Server) commit(tx *sql.Tx, tenant string) error {
	if s.beforeCommit != nil {
		if err := s.beforeCommit(tenant); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// deliver hands the committed notifications to Config.Notify.
func (s *Server) deliver(t *tenant) {
	if s.notify == nil {
		return
	}
	for _, n := range t.pending {
		s.notify(t.name, n)
	}
}

// Tick fires the timers due by the clock's now: for each tenant it asks
// NextChange and calls Advance at each instant due, in order, and stores
// the changes the feed hands over with the tenant's new now, in one
// transaction per tenant. It returns the earliest instant at which a
// tenant's report changes next, for the caller to wake up then (Run).
func (s *Server) Tick(ctx context.Context) (next time.Time, ok bool, err error) {
	at := s.clock()
	s.mu.RLock()
	ts := slices.Collect(maps.Values(s.tenants))
	s.mu.RUnlock()
	slices.SortFunc(ts, func(a, b *tenant) int { return cmp.Compare(a.name, b.name) })
	var errs []error
	for _, t := range ts {
		n, has, err := s.tick(ctx, t, at)
		if err != nil {
			errs = append(errs, err)
		}
		if has && (!ok || n.Before(next)) {
			next, ok = n, true
		}
	}
	return next, ok, errors.Join(errs...)
}

// maxSteps bounds the timers one tick fires per tenant (the rest wait
// for the next tick, which comes at once: they are due).
const maxSteps = 10_000

func (s *Server) tick(ctx context.Context, t *tenant, at time.Time) (time.Time, bool, error) {
	ctx = context.WithoutCancel(ctx) // as in PostEvents
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.ev == nil {
		return time.Time{}, false, errUnavailable
	}
	t.pending = t.pending[:0]
	now := t.now
	for range maxSteps {
		n, ok := t.ev.NextChange(now)
		if !ok || n.After(at) {
			break
		}
		t.ev.Advance(n)
		now = n
	}
	if now.Equal(t.now) {
		next, ok := t.ev.NextChange(now)
		return next, ok, nil
	}
	tx, err := s.store.db.BeginTx(ctx, nil)
	if err == nil {
		err = logChanges(ctx, tx, t.name, t.pending)
		if err == nil {
			err = setNow(ctx, tx, t.name, now)
		}
		if err == nil {
			err = s.commit(tx, t.name)
		}
		if err != nil {
			tx.Rollback()
		}
	}
	if err != nil {
		return time.Time{}, false, s.reload(ctx, t, fmt.Errorf("backend: tenant %q: timers: %w", t.name, err))
	}
	t.now = now
	s.deliver(t)
	next, ok := t.ev.NextChange(now)
	return next, ok, nil
}

// Run fires timers until ctx is done: it ticks, then sleeps until the
// earliest next change (at most a minute, in case the clock jumps), or
// until a batch is committed (a new ticket may be due sooner).
func (s *Server) Run(ctx context.Context, logf func(format string, args ...any)) error {
	for {
		next, ok, err := s.Tick(ctx)
		if err != nil {
			logf("backend: scheduler: %v", err)
		}
		wait := time.Minute
		if ok {
			wait = min(wait, max(next.Sub(s.clock()), 0))
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case <-s.wake:
			timer.Stop()
		case <-timer.C:
		}
	}
}
