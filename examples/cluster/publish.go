package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/slaeval/slaeval/sla"
)

// publishChunk is the most events published as one atomic batch.
const publishChunk = 500

// Publish publishes one tenant's events to the stream, in order, each to
// the partition of its subject. Events go in atomic batches of up to 500:
// a batch is stored whole or not at all, so a batch retried after an
// error (a server stopping, a lost answer) can neither reorder a subject's
// events nor store one twice — each event carries a Nats-Msg-Id, and a
// retried batch that was stored after all is refused as a duplicate, which
// Publish takes as success. idPrefix names this run of publishes in those
// IDs (a producer gives its own stable sequence; re-publishing the same
// prefix within the stream's duplicate window is a no-op).
func Publish(ctx context.Context, js jetstream.JetStream, cfg Config, tenant, idPrefix string, events []sla.Event) error {
	if !validTenant(tenant) {
		return fmt.Errorf("cluster: tenant %q: want lower-case letters, digits and '-'", tenant)
	}
	nc := js.Conn()
	for from := 0; from < len(events); from += publishChunk {
		to := min(from+publishChunk, len(events))
		err := retry(ctx, func(ctx context.Context) error {
			msgs := make([]*nats.Msg, 0, to-from)
			for i := from; i < to; i++ {
				m, err := eventMsg(cfg, tenant, idPrefix, i, events[i])
				if err != nil {
					return backoffStop{err}
				}
				msgs = append(msgs, m)
			}
			_, err := publishBatch(ctx, nc, msgs, nil)
			if errors.Is(err, errBatchDuplicate) {
				return nil
			}
			return err
		})
		if err != nil {
			return fmt.Errorf("cluster: publishing events %d to %d: %w", from, to-1, err)
		}
	}
	return nil
}

// eventMsg is the stream message of the i-th event.
func eventMsg(cfg Config, tenant, idPrefix string, i int, e sla.Event) (*nats.Msg, error) {
	if e.SubjectType == "" || strings.ContainsAny(e.SubjectType, ".*> \t\r\n") {
		return nil, fmt.Errorf("cluster: event %d (%s): subject type %q is not a NATS subject token", i, e.ID, e.SubjectType)
	}
	b, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("cluster: event %d (%s): %w", i, e.ID, err)
	}
	m := nats.NewMsg(eventSubject(tenant, Partition(e.SubjectType, e.Subject, cfg.Partitions), e.SubjectType))
	m.Data = b
	m.Header.Set(jetstream.MsgIDHeader, fmt.Sprintf("%s/%s/%d", tenant, idPrefix, i))
	return m, nil
}
