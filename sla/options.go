package sla

import "fmt"

// checkIdentity checks the evaluator's identity that o gives, and its
// ID window and cycles kept.
func (o Options) checkIdentity() error {
	if len(o.Origin) > maxOrigin {
		return &Error{Path: "Options.Origin", Msg: fmt.Sprintf("%d bytes; an origin is at most %d", len(o.Origin), maxOrigin), Err: ErrInvalid}
	}
	return o.checkConfig()
}

// newEvaluator returns an evaluator of c with o's ID key and origin, which
// checkIdentity accepted.
func (c *Compiled) newEvaluator(o Options) *Evaluator {
	ev := newEvaluator(c.p)
	if !o.IDKey.IsZero() {
		ev.subjects.idh = newIDHasher(o.IDKey, true)
	}
	ev.subjects.prov = newProvenance(o.Origin)
	ev.cfg = evConfig{idWindow: o.SubjectIDs, keep: o.KeepCycles}
	return ev
}
