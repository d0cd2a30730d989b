package sla

import "fmt"

// Options configure an evaluator beyond its agreement. The zero Options
// are the defaults.
type Options struct {
	// IDKey keys the hash of event IDs that the evaluator keeps to tell
	// duplicates (see IDKey). Zero: a random key drawn for the evaluator,
	// which a fresh evaluator replaces by the key of the first snapshot or
	// partial restored or merged into it. Hosts whose evaluators exchange
	// state (partials of several shards merged into one, snapshots restored
	// in another process after events have been applied there) give them
	// all the same key, kept as secret as their state.
	IDKey IDKey
	// Origin names the events applied to this evaluator in the partials
	// it gives (Partial.Sources), so that Merge refuses to count them
	// twice. Empty: a random name. A host that gives one must give every
	// evaluator a different one (a shard and a generation, "eu-3/2026-12-03"):
	// partials of two evaluators of one origin never merge, and an
	// evaluator refuses a partial holding its own origin. At most 128
	// bytes.
	Origin string
}

// NewEvaluatorWith is NewEvaluator with options. Besides NewEvaluator's
// errors it fails with an *Error wrapping ErrInvalid for an origin longer
// than 128 bytes.
func NewEvaluatorWith(a Agreement, o Options) (*Evaluator, error) {
	if len(o.Origin) > maxOrigin {
		return nil, &Error{Path: "Options.Origin", Msg: fmt.Sprintf("%d bytes; an origin is at most %d", len(o.Origin), maxOrigin), Err: ErrInvalid}
	}
	ev, err := NewEvaluator(a)
	if err != nil {
		return nil, err
	}
	if !o.IDKey.IsZero() {
		ev.subjects.idh = newIDHasher(o.IDKey, true)
	}
	ev.subjects.prov = newProvenance(o.Origin)
	return ev, nil
}
