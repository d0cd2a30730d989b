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

func posKey(p int) string               { return "p" + strconv.Itoa(p) + ".pos" }
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

// commit writes puts and then the position as one atomic batch, on the
// condition that the position's last revision is still rev (0: never
// written). It returns the position's new revision.
func commit(ctx context.Context, nc *nats.Conn, bucket string, puts []kvPut, p int, pos posRecord, rev uint64, hook func(stage string, i int) error) (uint64, error) {
	pb, err := json.Marshal(pos)
	if err != nil {
		return 0, err
	}
	puts = append(puts, kvPut{posKey(p), pb})
	id := nuid.Next()
	for i, kp := range puts {
		m := nats.NewMsg("$KV." + bucket + "." + kp.key)
		m.Data = kp.val
		m.Header.Set("Nats-Batch-Id", id)
		m.Header.Set("Nats-Batch-Sequence", strconv.Itoa(i+1))
		if hook != nil {
			if err := hook("write", i); err != nil {
				return 0, err
			}
		}
		if i < len(puts)-1 {
			if err := nc.PublishMsg(m); err != nil {
				return 0, err
			}
			continue
		}
		m.Header.Set("Nats-Batch-Commit", "1")
		m.Header.Set(jetstream.ExpectedLastSubjSeqHeader, strconv.FormatUint(rev, 10))
		resp, err := nc.RequestMsgWithContext(ctx, m)
		if err != nil {
			return 0, fmt.Errorf("cluster: commit of partition %d: %w", p, err)
		}
		var a pubAck
		if err := json.Unmarshal(resp.Data, &a); err != nil {
			return 0, fmt.Errorf("cluster: commit of partition %d: answer %q: %w", p, resp.Data, err)
		}
		if a.Error != nil {
			if a.Error.ErrCode == 10071 { // JSStreamWrongLastSequenceErr
				return 0, errFenced
			}
			return 0, fmt.Errorf("cluster: commit of partition %d: %s (code %d)", p, a.Error.Description, a.Error.ErrCode)
		}
		return a.Seq, nil
	}
	panic("unreachable")
}

// stored is what the bucket holds for one partition.
type stored struct {
	pos    posRecord
	posRev uint64
	aggs   map[string]aggRecord
	subs   map[string][]sla.SubjectSnapshot // by tenant
}

// load reads a partition's state from the bucket.
func load(ctx context.Context, kv jetstream.KeyValue, p int) (stored, error) {
	st := stored{aggs: map[string]aggRecord{}, subs: map[string][]sla.SubjectSnapshot{}}
	w, err := kv.Watch(ctx, "p"+strconv.Itoa(p)+".>", jetstream.IgnoreDeletes())
	if err != nil {
		return st, err
	}
	defer w.Stop()
	prefix := "p" + strconv.Itoa(p) + "."
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
		rest := strings.TrimPrefix(e.Key(), prefix)
		switch {
		case rest == "pos":
			if err := json.Unmarshal(e.Value(), &st.pos); err != nil {
				return st, fmt.Errorf("cluster: %s: %w", e.Key(), err)
			}
			st.posRev = e.Revision()
		case strings.HasSuffix(rest, ".agg"):
			var a aggRecord
			if err := json.Unmarshal(e.Value(), &a); err != nil {
				return st, fmt.Errorf("cluster: %s: %w", e.Key(), err)
			}
			st.aggs[strings.TrimSuffix(rest, ".agg")] = a
		case strings.Contains(rest, ".s."):
			tenant := rest[:strings.Index(rest, ".s.")]
			var ss sla.SubjectSnapshot
			if err := json.Unmarshal(e.Value(), &ss); err != nil {
				return st, fmt.Errorf("cluster: %s: %w", e.Key(), err)
			}
			st.subs[tenant] = append(st.subs[tenant], ss)
		default:
			return st, fmt.Errorf("cluster: key %s: not a key of this layout", e.Key())
		}
	}
}
