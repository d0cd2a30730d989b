package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/slaeval/slaeval/sla"
)

// Publish publishes one tenant's events to the stream, in order, each to
// the partition of its subject. Each publish waits for the stream's
// acknowledgement and is retried (with the same Nats-Msg-Id, so it is
// stored once) until ctx ends: the order of a subject's events in the
// stream is the order given, which the evaluators need. idPrefix names
// this batch of publishes for de-duplication (a producer gives its own
// stable sequence; re-publishing the same prefix and index is a no-op
// within the stream's duplicate window).
func Publish(ctx context.Context, js jetstream.JetStream, cfg Config, tenant, idPrefix string, events []sla.Event) error {
	if !validTenant(tenant) {
		return fmt.Errorf("cluster: tenant %q: want lower-case letters, digits and '-'", tenant)
	}
	for i, e := range events {
		if e.SubjectType == "" || strings.ContainsAny(e.SubjectType, ".*> \t\r\n") {
			return fmt.Errorf("cluster: event %d (%s): subject type %q is not a NATS subject token", i, e.ID, e.SubjectType)
		}
		b, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("cluster: event %d (%s): %w", i, e.ID, err)
		}
		m := nats.NewMsg(eventSubject(tenant, Partition(e.SubjectType, e.Subject, cfg.Partitions), e.SubjectType))
		m.Data = b
		m.Header.Set(jetstream.MsgIDHeader, fmt.Sprintf("%s/%s/%d", tenant, idPrefix, i))
		if err := retry(ctx, func(ctx context.Context) error {
			_, err := js.PublishMsg(ctx, m)
			return err
		}); err != nil {
			return fmt.Errorf("cluster: publishing event %d (%s): %w", i, e.ID, err)
		}
	}
	return nil
}
