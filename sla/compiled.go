package sla

// Compiled is an agreement validated and compiled into metric and penalty
// values (calendars, clocks, penalty schedules, the tables that route
// events to objectives), ready to evaluate. Compile it once per agreement
// and make an evaluator per tenant, partition or restore from it: the
// evaluators share everything Compiled holds and keep only their own
// state, so a new one costs a few small allocations instead of a compile.
//
// A Compiled is immutable and safe for concurrent use by any number of
// goroutines, each with its own evaluators (an [Evaluator] itself is owned
// by one goroutine). The Agreement it was compiled from must not be
// modified afterwards: Compile keeps it, and [Compiled.Agreement] and
// [Evaluator.Agreement] return it.
//
// The zero Compiled and a nil *Compiled hold no agreement: their
// evaluators are zero Evaluators, which reject every event.
type Compiled struct {
	p *program
}

// Compile validates a and compiles every version, as [NewEvaluator] does,
// and returns the result for any number of evaluators to share. It fails
// as NewEvaluator fails: every problem, each an *Error wrapping an sla
// sentinel (ErrUnsupported for what the evaluator cannot evaluate).
func Compile(a Agreement) (*Compiled, error) {
	p, err := compile(a)
	if err != nil {
		return nil, err
	}
	return p.self, nil
}

// NewEvaluator returns a new evaluator of c's agreement with no state, a
// random ID key and a random origin. It compiles nothing: the evaluator
// shares c's compiled definitions.
func (c *Compiled) NewEvaluator() *Evaluator {
	if c == nil || c.p == nil {
		return &Evaluator{}
	}
	return newEvaluator(c.p)
}

// NewEvaluatorWith is NewEvaluator with the ID key, origin, ID window and
// cycles kept of o (its
// Limits applied when c was compiled and are not read): the form for
// evaluators that exchange state, such as the shards of one tenant. It
// fails with an *Error wrapping ErrInvalid for an origin longer than 128
// bytes or SubjectIDs or KeepCycles out of range, and with ErrNotBuilt
// for the zero or a nil Compiled.
func (c *Compiled) NewEvaluatorWith(o Options) (*Evaluator, error) {
	if c == nil || c.p == nil {
		return nil, notBuilt()
	}
	if err := o.checkIdentity(); err != nil {
		return nil, err
	}
	return c.newEvaluator(o), nil
}

// Agreement returns the agreement c was compiled from (the zero Agreement
// for the zero or a nil Compiled). It must not be modified.
func (c *Compiled) Agreement() Agreement {
	if c == nil || c.p == nil {
		return Agreement{}
	}
	return c.p.a
}

// Compiled returns the compiled agreement ev evaluates, to make more
// evaluators of it with [Compiled.NewEvaluator]: the *Compiled that
// Compile returned when ev was made from one, the same value at every
// call, so a host can key a cache by it; nil for the zero Evaluator.
func (ev *Evaluator) Compiled() *Compiled {
	if ev == nil || ev.p == nil {
		return nil
	}
	return ev.p.self
}
