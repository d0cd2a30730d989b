package main

import (
	"context"
	"encoding/json"
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

// WaitCaughtUp waits until every partition's consumer has delivered and
// had acknowledged every event in the stream, that is until every event
// published so far has taken effect in the stored state and in the
// workers' evaluators.
func WaitCaughtUp(ctx context.Context, js jetstream.JetStream, cfg Config) error {
	for n := 0; n < cfg.Partitions; n++ {
		var info *jetstream.ConsumerInfo
		var lastErr error
		for {
			c, err := js.Consumer(ctx, cfg.Stream, consumerName(n))
			lastErr = err
			if err == nil {
				if info, err = c.Info(ctx); err == nil && info.NumPending == 0 && info.NumAckPending == 0 {
					break
				}
			}
			select {
			case <-ctx.Done():
				if info != nil {
					return fmt.Errorf("cluster: partition %d not caught up (%d pending, %d awaiting acknowledgement, delivered up to %d, acknowledged up to %d): %w",
						n, info.NumPending, info.NumAckPending, info.Delivered.Stream, info.AckFloor.Stream, ctx.Err())
				}
				return fmt.Errorf("cluster: partition %d not caught up (consumer: %v): %w", n, lastErr, ctx.Err())
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
	return nil
}

// Reduce asks the workers for a tenant's partial results, one per
// partition, and merges them (sla.Merge) into the evaluator a single
// process fed the tenant's whole stream would hold. It asks again every
// second until every partition has answered or ctx ends (a partition
// being handed over answers once its new owner has restored it).
func Reduce(ctx context.Context, nc *nats.Conn, cfg Config, tenant string, a sla.Agreement) (*sla.Evaluator, error) {
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
