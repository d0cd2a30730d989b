package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/slaeval/slaeval/sla"
)

// Config is the layout shared by publishers, workers and the reducer. Its
// zero value is not usable: start from DefaultConfig.
type Config struct {
	// Partitions is P: events are spread over P partitions by a stable hash
	// of their subject key (see Partition). P is fixed for the life of the
	// stream and the state bucket, since both name partitions; choose it
	// well above the largest number of workers you expect (12 lets 1, 2,
	// 3, 4, 6 or 12 workers share the load evenly). Changing it means
	// stopping the workers and re-keying: replay the stream into a new
	// stream and bucket with the new P (events keep their order per
	// subject, so the new evaluators come out the same).
	Partitions int
	// Stream holds the events, with subjects sla.<tenant>.<partition>.<subject type>.
	Stream string
	// Changes holds the change feed published to sla.<tenant>.changes.
	Changes string
	// Bucket is the key-value bucket of the workers' state.
	Bucket string
	// Replicas of the stream, the change stream and the bucket (1 to 5,
	// at most the number of servers).
	Replicas int
	// Batch is the most events a worker applies between two commits of
	// its state (at most 998: a commit is one atomic batch of at most
	// 1,000 messages holding the changed subjects, the aggregates and the
	// position).
	Batch int
	// FetchWait is how long a worker waits for a partition's next events
	// before it looks at its stop signal again.
	FetchWait time.Duration
	// IDKey is the key every evaluator of the deployment hashes event IDs
	// with (sla.Options.IDKey): the partitions' state moves between
	// workers and the reducer merges their partials, which needs one key.
	// Keep it as secret as the state; DefaultConfig draws a random one.
	IDKey sla.IDKey
	// Agreement gives a tenant's agreement; workers call it once per
	// tenant.
	Agreement func(tenant string) (sla.Agreement, error)
	// Now, if not nil, is the wall clock of the timers: while a partition
	// has no events, its worker advances each evaluator whose NextChange
	// has come to Now() (see part.tick), so the feed hands over the
	// breaches and missed obligations due by then. Nil: timers fire in
	// event time only, as the events' instants pass them (a replay).
	Now func() time.Time
	// Logf, if not nil, is told why a worker went back to a partition's
	// stored state (a lost delivery, a failed commit, a server away).
	Logf func(format string, args ...any)
}

// DefaultConfig is the layout of `go run .` with agreements from get.
func DefaultConfig(get func(tenant string) (sla.Agreement, error)) Config {
	return Config{
		Partitions: 12,
		Stream:     "SLA_EVENTS",
		Changes:    "SLA_CHANGES",
		Bucket:     "sla-state",
		Replicas:   3,
		Batch:      200,
		FetchWait:  100 * time.Millisecond,
		Agreement:  get,
		IDKey:      randomIDKey(),
	}
}

// randomIDKey draws a key for event-ID hashes from crypto/rand.
func randomIDKey() sla.IDKey {
	var k sla.IDKey
	rand.Read(k[:]) // crypto/rand.Read never fails (Go 1.24 and later)
	return k
}

// Partition is the partition of a subject: FNV-1a of "type/id" modulo p.
// It depends on nothing but the key and p, so every publisher agrees, and
// every event of a subject lands in one partition in publish order. An
// event that only feeds aggregates (usage of a service, a lead counted in
// a volume) is routed the same way, by its own subject key.
func Partition(typ, id string, p int) int {
	h := fnv.New64a()
	h.Write([]byte(typ))
	h.Write([]byte{'/'})
	h.Write([]byte(id))
	return int(h.Sum64() % uint64(p))
}

// validTenant reports whether t can be a subject token and key token:
// lower-case letters, digits and '-'.
func validTenant(t string) bool {
	if t == "" {
		return false
	}
	for _, r := range t {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// eventSubject is the stream subject of an event. The subject type is a
// token of its own for filtering and monitoring; it must be a valid NATS
// token (no dots, spaces or wildcards).
func eventSubject(tenant string, partition int, subjectType string) string {
	return "sla." + tenant + "." + strconv.Itoa(partition) + "." + subjectType
}

// partitionFilter is the consumer filter of one partition, over all tenants.
func partitionFilter(partition int) string {
	return "sla.*." + strconv.Itoa(partition) + ".>"
}

// parseEventSubject returns the tenant of an event subject.
func parseEventSubject(subj string) (tenant string, err error) {
	parts := strings.SplitN(subj, ".", 4)
	if len(parts) != 4 || parts[0] != "sla" {
		return "", fmt.Errorf("cluster: subject %q is not sla.<tenant>.<partition>.<type>", subj)
	}
	return parts[1], nil
}

// changesSubject is where a tenant's change feed goes.
func changesSubject(tenant string) string { return "sla." + tenant + ".changes" }

// partialsSubject is where the reducer asks for a tenant's partial results
// (core NATS request, outside every stream).
func partialsSubject(tenant string) string { return "sla." + tenant + ".partials" }

// consumerName is the durable consumer of a partition.
func consumerName(partition int) string { return "part-" + strconv.Itoa(partition) }

// Setup creates the event stream, the change stream and the state bucket
// if they do not exist (with this config; an existing one is left as it
// is). It retries while the cluster has no JetStream meta leader yet, up
// to ctx's deadline.
func Setup(ctx context.Context, js jetstream.JetStream, cfg Config) error {
	if cfg.Partitions < 1 || cfg.Batch < 1 || cfg.Batch > 998 {
		return fmt.Errorf("cluster: config: %d partitions, batch %d: want at least one partition and a batch of 1 to 998", cfg.Partitions, cfg.Batch)
	}
	err := retry(ctx, func(ctx context.Context) error {
		_, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
			Name:     cfg.Stream,
			Subjects: []string{"sla.*.*.>"},
			Storage:  jetstream.FileStorage,
			Replicas: cfg.Replicas,
			// Publishers set Nats-Msg-Id, so a publish retried after a
			// lost acknowledgement is stored once, and publish in atomic
			// batches, so a retry cannot reorder events.
			Duplicates:         2 * time.Minute,
			AllowAtomicPublish: true,
		})
		return err
	})
	if err != nil {
		return fmt.Errorf("cluster: stream %s: %w", cfg.Stream, err)
	}
	err = retry(ctx, func(ctx context.Context) error {
		_, err := js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
			Name:       cfg.Changes,
			Subjects:   []string{"sla.*.changes"},
			Storage:    jetstream.FileStorage,
			Replicas:   cfg.Replicas,
			Duplicates: 2 * time.Minute,
		})
		return err
	})
	if err != nil {
		return fmt.Errorf("cluster: stream %s: %w", cfg.Changes, err)
	}
	return retry(ctx, func(ctx context.Context) error {
		if _, err := js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
			Bucket:   cfg.Bucket,
			Replicas: cfg.Replicas,
			Storage:  jetstream.FileStorage,
		}); err != nil {
			return fmt.Errorf("cluster: bucket %s: %w", cfg.Bucket, err)
		}
		// A commit writes the changed subjects, the aggregates and the
		// position of a partition as one atomic batch.
		s, err := js.Stream(ctx, "KV_"+cfg.Bucket)
		if err != nil {
			return err
		}
		sc := s.CachedInfo().Config
		if sc.AllowAtomicPublish {
			return nil
		}
		sc.AllowAtomicPublish = true
		if _, err := js.UpdateStream(ctx, sc); err != nil {
			return fmt.Errorf("cluster: bucket %s: allowing atomic batches: %w", cfg.Bucket, err)
		}
		return nil
	})
}

// retry calls f with a short timeout until it succeeds, returns a
// backoffStop, or ctx ends: the first JetStream calls on a new cluster
// fail until a meta leader is elected, and calls during a server's restart
// until leaders move.
func retry(ctx context.Context, f func(context.Context) error) error {
	for {
		cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		err := f(cctx)
		cancel()
		if err == nil {
			return nil
		}
		var stop backoffStop
		if errors.As(err, &stop) {
			return stop.err
		}
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// backoffStop is an error retry does not retry.
type backoffStop struct{ err error }

func (b backoffStop) Error() string { return b.err.Error() }
