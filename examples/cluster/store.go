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
//	pN.<tenant>.agg            the tenant's aggregate record and clock in N (aggRecord)
//	pN.<tenant>.s.<key>        one subject's snapshot (sla.SubjectSnapshot); key is
//	                           base64url of "type/id"
//
// A worker writes what one batch of events changed — the subjects the
// evaluators' Dirty yields (a snapshot, or a deletion for a subject no
// longer held), the aggregate records of the tenants it touched and the
// position — as
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

// aggRecord is one tenant's state in a partition apart from its subjects:
// the evaluator's aggregate record (sla.Evaluator.Aggregates, which
// carries the format, the agreement's fingerprint and the ID key that
// RestoreAggregates checks) and the worker's clock.
type aggRecord struct {
	// Clock is the evaluator's now: the latest event's instant, or the
	// latest instant a timer moved it to (see tenantState). The changes
	// up to it have been published; a restored evaluator is advanced to
	// it before its feed is set, so that they are not handed over again.
	Clock      time.Time      `json:"clock"`
	Aggregates sla.Aggregates `json:"aggregates"`
}

func posKey(p int) string                { return "p" + strconv.Itoa(p) + ".pos" }
func aggKey(p int, tenant string) string { return "p" + strconv.Itoa(p) + "." + tenant + ".agg" }
func subjectKeyName(p int, tenant, typ, id string) string {
	return "p" + strconv.Itoa(p) + "." + tenant + ".s." + base64.RawURLEncoding.EncodeToString([]byte(typ+"/"+id))
}

// kvPut is one key of a commit: its new value, or its deletion.
type kvPut struct {
	key string
	val []byte
	del bool // a subject the evaluator no longer holds (retired)
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
	puts = append(puts, kvPut{key: posKey(p), val: pb})
	msgs := make([]*nats.Msg, len(puts))
	for i, kp := range puts {
		msgs[i] = nats.NewMsg("$KV." + bucket + "." + kp.key)
		msgs[i].Data = kp.val
		if kp.del {
			msgs[i].Header.Set("KV-Operation", "DEL") // what KeyValue.Delete sends
		}
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

// load reads a partition's state from the bucket. A watch that delivers
// nothing for opTimeout is given up (after a server restart its consumer
// can sit on a server that no longer answers): the caller tries again.
func load(ctx context.Context, kv jetstream.KeyValue, p int) (stored, error) {
	st := newStored()
	w, err := kv.Watch(ctx, "p"+strconv.Itoa(p)+".>", jetstream.IgnoreDeletes())
	if err != nil {
		return st, err
	}
	defer w.Stop()
	idle := time.NewTimer(opTimeout)
	defer idle.Stop()
	for {
		var e jetstream.KeyValueEntry
		select {
		case e = <-w.Updates():
			idle.Reset(opTimeout)
		case <-idle.C:
			return st, fmt.Errorf("the watch of the bucket delivered nothing for %v", opTimeout)
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

// tenants rebuilds the evaluators of a partition's stored state, in the
// order the library documents for state saved incrementally: into a fresh
// evaluator of the tenant's agreement (fresh; its feed not set yet), the
// aggregate record with RestoreAggregates and every saved subject with
// Restore (either order would do: each replaces what it restores), then
// Advance to the stored clock, so that the feed, set last, hands over no
// change that was published before the save. A record of another
// agreement, format or ID key is refused (sla.ErrMismatch), as is an
// impossible value (sla.ErrCorrupt, with its JSON path): the partition
// then does not start.
func (st stored) tenants(fresh func(tenant string) (*tenantState, error)) (map[string]*tenantState, error) {
	out := map[string]*tenantState{}
	for tenant := range st.subs {
		if _, ok := st.aggs[tenant]; !ok {
			return nil, fmt.Errorf("cluster: tenant %s has subjects but no aggregate record", tenant)
		}
	}
	for tenant, rec := range st.aggs {
		ts, err := fresh(tenant)
		if err != nil {
			return nil, err
		}
		if err := ts.ev.RestoreAggregates(rec.Aggregates); err != nil {
			return nil, fmt.Errorf("cluster: tenant %s: restoring aggregates: %w", tenant, err)
		}
		for _, ss := range st.subs[tenant] {
			if err := ts.ev.Restore(ss); err != nil {
				return nil, fmt.Errorf("cluster: tenant %s: restoring subject %s/%s: %w", tenant, ss.Type, ss.ID, err)
			}
		}
		ts.ev.Advance(rec.Clock)
		ts.clock = rec.Clock
		ts.watch()
		out[tenant] = ts
	}
	return out, nil
}

// puts are the keys and values that record what changed in a tenant's
// evaluator in partition p since its last MarkSaved: each subject Dirty
// yields, as its Snapshot or, when the evaluator no longer holds it, a
// deletion; then the aggregate record. The caller calls MarkSaved once
// they are committed.
func (ts *tenantState) puts(p int, tenant string) ([]kvPut, error) {
	var puts []kvPut
	for typ, id := range ts.ev.Dirty() {
		key := subjectKeyName(p, tenant, typ, id)
		ss, ok := ts.ev.Snapshot(typ, id)
		if !ok {
			puts = append(puts, kvPut{key: key, del: true})
			continue
		}
		b, err := json.Marshal(ss)
		if err != nil {
			return nil, err
		}
		puts = append(puts, kvPut{key: key, val: b})
	}
	b, err := json.Marshal(aggRecord{Clock: ts.clock, Aggregates: ts.ev.Aggregates()})
	if err != nil {
		return nil, err
	}
	return append(puts, kvPut{key: aggKey(p, tenant), val: b}), nil
}
