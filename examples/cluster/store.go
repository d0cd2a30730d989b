package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nuid"

	"github.com/slaeval/slaeval/sla"
)

// The state bucket holds, per partition N:
//
//	pN.pos                     the stream sequence of the last event applied (posRecord)
//	pN.<tenant>.agg            the tenant's aggregates and clock in N (aggRecord)
//	pN.<tenant>.s.<key>        one subject's snapshot (sla.SubjectSnapshot); key is
//	                           base64url of "type/id"
//
// A worker writes what one batch of events changed — the changed subjects,
// the aggregate records of the tenants it touched and the position — as
// one JetStream atomic batch, so the bucket always holds the state after
// some whole batch, never half of one, and the position always says which.
// The position's write carries the revision the worker last wrote or read
// (Nats-Expected-Last-Subject-Sequence): a worker that lost its partition
// to another (a stalled pod, a network split) cannot overwrite the new
// owner's state.

// posRecord is a partition's position: every event of the partition up to
// stream sequence Seq has taken effect in the stored state, and none after.
type posRecord struct {
	Seq uint64 `json:"seq"`
}

// aggRecord is one tenant's state in a partition apart from its subjects.
type aggRecord struct {
	// Clock is the instant of the latest event applied (the evaluator's
	// "now" in event time; see feed.go) and Next the next timer after it.
	Clock time.Time `json:"clock"`
	// Part holds the aggregates (volumes, distributions, done instants,
	// usage, retired verdicts, input accounting) with no subjects.
	Part sla.Partial `json:"part"`
}

func posKey(p int) string                { return "p" + strconv.Itoa(p) + ".pos" }
func aggKey(p int, tenant string) string { return "p" + strconv.Itoa(p) + "." + tenant + ".agg" }
func subjectKeyName(p int, tenant string, k subjectKey) string {
	return "p" + strconv.Itoa(p) + "." + tenant + ".s." + base64.RawURLEncoding.EncodeToString([]byte(k.typ+"/"+k.id))
}

// dirty returns the subjects an applied event may have changed: its own.
// With the host-integration feature of the library (issue 17, item 2:
// the evaluator tells which subjects changed since the host last asked)
// this becomes that call, which also covers subjects an event changes
// indirectly.
func dirty(e sla.Event) []subjectKey {
	return []subjectKey{{e.SubjectType, e.Subject}}
}

// aggregates returns the evaluator's state apart from its subjects. Today
// the library has no such call: Partial snapshots every subject first and
// this drops them, so its cost grows with the subjects a partition holds
// (one call per tenant per batch, not per event). The library's aggregate
// snapshot (issue 17, item 2) replaces it, and the fingerprint of the
// compiled agreement (issue 14) is then carried in the record and checked
// on restore.
func aggregates(ev *sla.Evaluator) sla.Partial {
	pt := ev.Partial()
	pt.Subjects = nil
	return pt
}

// kvPut is one key and value of a commit.
type kvPut struct {
	key string
	val []byte
}

// pubAck is JetStream's answer to the commit of an atomic batch.
type pubAck struct {
	Stream string `json:"stream"`
	Seq    uint64 `json:"seq"`
	Count  int    `json:"count"`
	Error  *struct {
		Code        int    `json:"code"`
		ErrCode     int    `json:"err_code"`
		Description string `json:"description"`
	} `json:"error"`
}

// errFenced: the position was written by someone else since this worker
// last read or wrote it.
var errFenced = errors.New("cluster: the partition's position changed under this worker (another owner?)")

// errBatchDuplicate: an atomic batch was refused because a message in it
// has a Nats-Msg-Id already stored, so the batch was stored before.
var errBatchDuplicate = errors.New("cluster: the batch was stored before")

// publishBatch publishes msgs as one JetStream atomic batch: the stream
// stores all of them, in order and with consecutive sequences, or none.
// Every message but the last is published without waiting; the last
// carries the commit and its answer says whether the batch was stored.
// hook, if not nil, is called before each message (the tests' crash
// points) and stops the batch, uncommitted, if it returns an error.
func publishBatch(ctx context.Context, nc *nats.Conn, msgs []*nats.Msg, hook func(i int) error) (pubAck, error) {
	id := nuid.Next()
	for i, m := range msgs {
		m.Header.Set("Nats-Batch-Id", id)
		m.Header.Set("Nats-Batch-Sequence", strconv.Itoa(i+1))
		if hook != nil {
			if err := hook(i); err != nil {
				return pubAck{}, err
			}
		}
		if i < len(msgs)-1 {
			if err := nc.PublishMsg(m); err != nil {
				return pubAck{}, err
			}
		}
	}
	last := msgs[len(msgs)-1]
	last.Header.Set("Nats-Batch-Commit", "1")
	resp, err := nc.RequestMsgWithContext(ctx, last)
	if err != nil {
		return pubAck{}, err
	}
	var a pubAck
	if err := json.Unmarshal(resp.Data, &a); err != nil {
		return pubAck{}, fmt.Errorf("answer %q: %w", resp.Data, err)
	}
	if a.Error != nil {
		switch a.Error.ErrCode {
		case 10071, 10164: // wrong last sequence (for the subject)
			return a, errFenced
		case 10201: // the batch contains a duplicate message ID
			return a, errBatchDuplicate
		}
		return a, fmt.Errorf("%s (code %d)", a.Error.Description, a.Error.ErrCode)
	}
	return a, nil
}

// commit writes puts and then the position as one atomic batch, on the
// condition that the position's last revision is still rev (0: never
// written). It returns the position's new revision.
func commit(ctx context.Context, nc *nats.Conn, bucket string, puts []kvPut, p int, pos posRecord, rev uint64, hook func(i int) error) (uint64, error) {
	pb, err := json.Marshal(pos)
	if err != nil {
		return 0, err
	}
	puts = append(puts, kvPut{posKey(p), pb})
	msgs := make([]*nats.Msg, len(puts))
	for i, kp := range puts {
		msgs[i] = nats.NewMsg("$KV." + bucket + "." + kp.key)
		msgs[i].Data = kp.val
	}
	msgs[len(msgs)-1].Header.Set(jetstream.ExpectedLastSubjSeqHeader, strconv.FormatUint(rev, 10))
	a, err := publishBatch(ctx, nc, msgs, hook)
	if err != nil {
		return 0, fmt.Errorf("cluster: commit of partition %d: %w", p, err)
	}
	return a.Seq, nil
}

// stored is what the bucket holds for one partition.
type stored struct {
	pos    posRecord
	posRev uint64
	aggs   map[string]aggRecord
	subs   map[string][]sla.SubjectSnapshot // by tenant
}

func newStored() stored {
	return stored{aggs: map[string]aggRecord{}, subs: map[string][]sla.SubjectSnapshot{}}
}

// add takes one key of partition p and its value.
func (st *stored) add(p int, key string, val []byte, rev uint64) error {
	rest, ok := strings.CutPrefix(key, "p"+strconv.Itoa(p)+".")
	if !ok {
		return fmt.Errorf("cluster: key %s: not of partition %d", key, p)
	}
	switch {
	case rest == "pos":
		st.posRev = rev
		return json.Unmarshal(val, &st.pos)
	case strings.HasSuffix(rest, ".agg"):
		var a aggRecord
		if err := json.Unmarshal(val, &a); err != nil {
			return fmt.Errorf("cluster: %s: %w", key, err)
		}
		st.aggs[strings.TrimSuffix(rest, ".agg")] = a
	case strings.Contains(rest, ".s."):
		tenant := rest[:strings.Index(rest, ".s.")]
		var ss sla.SubjectSnapshot
		if err := json.Unmarshal(val, &ss); err != nil {
			return fmt.Errorf("cluster: %s: %w", key, err)
		}
		st.subs[tenant] = append(st.subs[tenant], ss)
	default:
		return fmt.Errorf("cluster: key %s: not a key of this layout", key)
	}
	return nil
}

// load reads a partition's state from the bucket.
func load(ctx context.Context, kv jetstream.KeyValue, p int) (stored, error) {
	st := newStored()
	w, err := kv.Watch(ctx, "p"+strconv.Itoa(p)+".>", jetstream.IgnoreDeletes())
	if err != nil {
		return st, err
	}
	defer w.Stop()
	for {
		var e jetstream.KeyValueEntry
		select {
		case e = <-w.Updates():
		case <-ctx.Done():
			return st, ctx.Err()
		}
		if e == nil {
			return st, nil // every current value has been seen
		}
		if err := st.add(p, e.Key(), e.Value(), e.Revision()); err != nil {
			return st, err
		}
	}
}

// tenants rebuilds the evaluators of a partition's stored state; template
// gives a tenant's compiled agreement.
func (st stored) tenants(template func(tenant string) (*sla.Evaluator, error)) (map[string]*tenantState, error) {
	out := map[string]*tenantState{}
	for tenant := range st.subs {
		if _, ok := st.aggs[tenant]; !ok {
			return nil, fmt.Errorf("cluster: tenant %s has subjects but no aggregate record", tenant)
		}
	}
	for tenant, agg := range st.aggs {
		tmpl, err := template(tenant)
		if err != nil {
			return nil, err
		}
		// The aggregates first, then each subject as it was snapshotted
		// (a snapshot carries the format, fingerprint and key that Restore
		// checks; subjects inside a partial carry none).
		ev := tmpl.Empty()
		if err := ev.Merge(agg.Part); err != nil {
			return nil, fmt.Errorf("cluster: tenant %s: restoring aggregates: %w", tenant, err)
		}
		for _, ss := range st.subs[tenant] {
			if err := ev.Restore(ss); err != nil {
				return nil, fmt.Errorf("cluster: tenant %s: restoring subject %s/%s: %w", tenant, ss.Type, ss.ID, err)
			}
		}
		out[tenant] = &tenantState{ev: ev, clock: agg.Clock, sum: summarize(ev.Report(agg.Clock))}
	}
	return out, nil
}

// puts are the keys and values that record a tenant's changed subjects and
// its aggregates in partition p.
func (ts *tenantState) puts(p int, tenant string, keys map[subjectKey]bool) ([]kvPut, error) {
	var puts []kvPut
	for k := range keys {
		ss, ok := ts.ev.Snapshot(k.typ, k.id)
		if !ok {
			continue // an event that created nothing (rejected)
		}
		b, err := json.Marshal(ss)
		if err != nil {
			return nil, err
		}
		puts = append(puts, kvPut{subjectKeyName(p, tenant, k), b})
	}
	b, err := json.Marshal(aggRecord{Clock: ts.clock, Part: aggregates(ts.ev)})
	if err != nil {
		return nil, err
	}
	return append(puts, kvPut{aggKey(p, tenant), b}), nil
}
