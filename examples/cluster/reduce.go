package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/slaeval/slaeval/sla"
)

// tenantOfPartials returns the tenant of a partial request's subject.
func tenantOfPartials(subj string) (string, bool) {
	parts := strings.Split(subj, ".")
	if len(parts) != 3 || parts[0] != "sla" || parts[2] != "partials" {
		return "", false
	}
	return parts[1], true
}

// WaitCaughtUp waits until every event published before the call has
// taken effect in the stored state, and returns, per partition, the
// stream sequence of its last event then (0: none yet), for Reduce.
//
// It compares two things the cluster agrees on: the sequence of each
// partition's last event, which the stream's leader answers (a publish is
// acknowledged only once a majority stored it), and the position each
// partition's owner committed to the bucket. It does not read the
// partitions' consumers: a consumer's leader may sit on a server whose
// copy of the stream is still catching up after a restart, and it then
// reports nothing pending, and nothing awaiting acknowledgement, for
// events it has not delivered yet.
func WaitCaughtUp(ctx context.Context, js jetstream.JetStream, cfg Config) ([]uint64, error) {
	last, err := lastEvents(ctx, js, cfg)
	if err != nil {
		return nil, err
	}
	var kv jetstream.KeyValue
	if err := retry(ctx, func(ctx context.Context) (err error) {
		kv, err = js.KeyValue(ctx, cfg.Bucket)
		return err
	}); err != nil {
		return nil, fmt.Errorf("cluster: waiting for the workers: %w", err)
	}
	for n, want := range last {
		var pos posRecord
		err := retry(ctx, func(ctx context.Context) error {
			e, err := kv.Get(ctx, posKey(n))
			switch {
			case errors.Is(err, jetstream.ErrKeyNotFound):
				pos = posRecord{}
			case err != nil:
				return err
			default:
				if err := json.Unmarshal(e.Value(), &pos); err != nil {
					return backoffStop{fmt.Errorf("%s: %w", posKey(n), err)}
				}
			}
			if pos.Seq < want {
				return errBehind
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("cluster: partition %d not caught up (stored position %d, last event %d): %w", n, pos.Seq, want, err)
		}
	}
	return last, nil
}

// lastEvents returns, per partition, the stream sequence of its last
// event (0: none), as the stream's leader answers.
func lastEvents(ctx context.Context, js jetstream.JetStream, cfg Config) ([]uint64, error) {
	var s jetstream.Stream
	if err := retry(ctx, func(ctx context.Context) (err error) {
		s, err = js.Stream(ctx, cfg.Stream)
		return err
	}); err != nil {
		return nil, fmt.Errorf("cluster: stream %s: %w", cfg.Stream, err)
	}
	last := make([]uint64, cfg.Partitions)
	for n := range last {
		err := retry(ctx, func(ctx context.Context) error {
			m, err := s.GetLastMsgForSubject(ctx, partitionFilter(n))
			if errors.Is(err, jetstream.ErrMsgNotFound) {
				return nil
			}
			if err == nil {
				last[n] = m.Sequence
			}
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("cluster: partition %d: last event: %w", n, err)
		}
	}
	return last, nil
}

// errBehind: a partition's stored position is before its last event.
var errBehind = errors.New("behind")

// Reduce asks the workers for a tenant's partial results, one per
// partition, and merges them (sla.Merge) into the evaluator a single
// process fed the tenant's whole stream would hold. It asks again every
// second until every partition has answered or ctx ends (a partition
// being handed over, or going back to its stored state after an error,
// answers once its owner has restored it). An answer counts only if its
// position is at least atLeast[n] (WaitCaughtUp's result; nil: any), so
// the report holds every event published before WaitCaughtUp was called.
func Reduce(ctx context.Context, nc *nats.Conn, cfg Config, tenant string, a sla.Agreement, atLeast []uint64) (*sla.Evaluator, error) {
	inbox := nats.NewInbox()
	sub, err := nc.SubscribeSync(inbox)
	if err != nil {
		return nil, err
	}
	defer sub.Unsubscribe()
	got := map[int]partialReply{}
	for len(got) < cfg.Partitions {
		if err := nc.PublishRequest(partialsSubject(tenant), inbox, nil); err != nil {
			return nil, err
		}
		deadline := time.Now().Add(time.Second)
		for len(got) < cfg.Partitions && time.Now().Before(deadline) {
			wctx, cancel := context.WithDeadline(ctx, deadline)
			m, err := sub.NextMsgWithContext(wctx)
			cancel()
			if err != nil {
				if ctx.Err() != nil {
					return nil, fmt.Errorf("cluster: reducing %s: %d of %d partitions answered: %w", tenant, len(got), cfg.Partitions, ctx.Err())
				}
				break
			}
			var r partialReply
			if err := json.Unmarshal(m.Data, &r); err != nil {
				return nil, fmt.Errorf("cluster: reducing %s: %w", tenant, err)
			}
			if r.Partition < 0 || r.Partition >= cfg.Partitions || r.Partition < len(atLeast) && r.Seq < atLeast[r.Partition] {
				continue // not this layout's, or not caught up yet
			}
			// During a handover two owners may answer: the later
			// position is the newer state.
			if old, ok := got[r.Partition]; !ok || r.Seq > old.Seq {
				got[r.Partition] = r
			}
		}
	}
	var parts []sla.Partial
	for n := 0; n < cfg.Partitions; n++ {
		if p := got[n].Partial; p != nil {
			parts = append(parts, *p)
		}
	}
	ev, err := sla.Options{IDKey: cfg.IDKey}.NewEvaluator(a)
	if err != nil {
		return nil, err
	}
	if err := ev.Merge(parts...); err != nil {
		return nil, err
	}
	return ev, nil
}

// Assign moves partitions so that partition n belongs to
// workers[n % len(workers)], releasing each moving partition from its
// owner (which commits its state) before the new owner acquires it (and
// restores that state from the bucket). owners maps each partition to its
// current worker and is updated. In production the assignment is a value
// in a key-value bucket that every pod watches, with a lease per
// partition; here it is a function call.
func Assign(ctx context.Context, owners map[int]*Worker, workers []*Worker, partitions int) error {
	for n := range partitions {
		want := workers[n%len(workers)]
		if cur := owners[n]; cur != want {
			if cur != nil {
				cur.Release(n)
			}
			if err := want.Acquire(ctx, n); err != nil {
				return err
			}
			owners[n] = want
		}
	}
	return nil
}
