// Package slaeval is the root of an embeddable library that evaluates
// service level agreements.
//
// The work is done by its packages, each of which can be read alone:
//
//   - [github.com/slaeval/slaeval/calendar]: business-hour calendars in a time
//     zone, with holidays and special days; business time between two instants
//     and the instant a business duration after another.
//   - [github.com/slaeval/slaeval/metric]: what is measured (elapsed-time
//     clocks, availability, volumes, ratios, percentiles, deadlines) over
//     calendar and rolling periods.
//   - [github.com/slaeval/slaeval/penalty]: what a shortfall costs (tiered
//     credits, per-breach amounts, caps, at-risk pools, chronic failure), in
//     exact decimal money.
//   - [github.com/slaeval/slaeval/sla]: the agreement as data and the
//     evaluator that turns a stream of events into a compliance report.
//
// slaeval does no I/O of its own: no files, no network, no goroutines, no
// logging and no reading of the wall clock. The same inputs always give the
// same result.
package slaeval
