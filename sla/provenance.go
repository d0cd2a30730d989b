package sla

import (
	"crypto/rand"
	"encoding/hex"
	"maps"
	"slices"
)

// Which events a partial holds.
//
// Merge adds a partial's aggregates (volumes, distributions, done
// instants, usage, input counts) to the evaluator's, so a partial merged
// twice, or two partials that hold some of the same events, would count
// those events twice, and nothing in the aggregates shows it. So every
// evaluator has an origin, a name for the events applied to it (random by
// default, or Options.Origin), and every partial carries its sources: the
// origin of the evaluator that made it and the sources of every partial
// merged into that evaluator. Merge refuses, with ErrMismatch, a partial
// that shares a source with the evaluator it is merged into, whatever the
// partial holds: one merged twice, a partial of the evaluator itself, a
// partial of an evaluator that has since merged another one already
// merged, or two partials taken from one evaluator at different times.
//
// Sources grow by one per partial merged (32 bytes each in JSON), so an
// evaluator that is restored from its own partial now and then carries a
// list as long as its history of restores.

// provenance is an evaluator's origin and the sources of the partials
// merged into it.
type provenance struct {
	origin string
	merged map[string]struct{} // never holds origin
}

// maxOrigin is the longest origin a host may give.
const maxOrigin = 128

func newProvenance(origin string) provenance {
	if origin == "" {
		var b [16]byte
		rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24 and later)
		origin = hex.EncodeToString(b[:])
	}
	return provenance{origin: origin}
}

// has reports whether the events of source o are already in the evaluator.
func (p *provenance) has(o string) bool {
	if o == p.origin {
		return true
	}
	_, ok := p.merged[o]
	return ok
}

// sources returns the evaluator's origin and merged sources, sorted.
func (p *provenance) sources() []string {
	out := append(slices.Collect(maps.Keys(p.merged)), p.origin)
	slices.Sort(out)
	return out
}

// add records the sources of a merged partial.
func (p *provenance) add(srcs []string) {
	if p.merged == nil {
		p.merged = map[string]struct{}{}
	}
	for _, o := range srcs {
		if o != p.origin {
			p.merged[o] = struct{}{}
		}
	}
}
