package sla

import (
	"slices"
	"time"

	"github.com/slaeval/slaeval/metric"
)

// Counters for Summary.
//
// A report counts every clock cycle and obligation of every subject into
// its objective's periods. Summary does the same without judging every
// subject: the items of a subject that is settled — no clock running, no
// obligation open, no availability — are the same as of every instant
// from its last event on, so they are counted once into counters (by
// objective and period) when the subject settles, and taken out again
// when it changes (an event, a Restore or Merge over it, Forget, Retire,
// Recompute). The other subjects are few at any time (the tickets still
// open) and are judged as a report judges them, as of the summary's
// instant, together with the retired verdicts.
//
// Why the counters equal the walk: a settled subject's items depend on
// its state only, not on the instant they are judged at, once that
// instant is at or after the subject's last event (a stopped or paused
// clock keeps its elapsed time and breach instant; a done obligation is
// met or late by its done instant, which is no later than the event that
// recorded it). Its scope, exclusions and excuses depend on its state
// alone. So the counters stand for the walk as of every instant at or
// after the latest last event of a subject counted (tally.from); before
// that, and for agreements where a period that reads items is rolling
// (its window ends at the summary's instant, so items cannot be put in
// periods ahead of it), Summary walks every subject as Report does.
//
// The counters are kept from the first Summary on (tallyOn), as the timer
// index is kept from the first NextChange: applying events costs nothing
// for them until a host asks for a summary.

// tally is the counters of the settled subjects' items.
type tally struct {
	on    bool
	ok    bool                          // no rolling period reads items: the counters can stand for them
	from  time.Time                     // the latest instant a settled subject's items were judged at
	at    time.Time                     // the instant of the event being applied (beforeSubject)
	open  map[string]int32              // keys of the subjects held that are not counted → length of their type
	cells map[tallyCell]*tallyCounts    // (objective, period) → counts
	obl   map[oblCell]*[3]int64         // (objective, version) → met, missed, pending
	grids map[string][]metric.Grid      // objective ID → the grids of the periods that read its items
	vals  map[string]bool               // objective IDs whose closed items' elapsed times a percentile reads
	sc    reportScratch                 // judging buffers
	last  map[metric.Grid]metric.Period // the period of each grid last found (periodAt)
	// nRetired is how many of the evaluator\'s retired verdicts (a
	// prefix: they are appended) the counters hold.
	nRetired int
}

// tallyCell is one objective's items in one period (Unix ns bounds):
// all of them (seg 0), or those of one value of the attribute split
// ratios split the objective by (item.seg, compliance_split.go).
type tallyCell struct {
	obj        string
	seg        uint8
	start, end int64
}

// oblCell is one objective's items under one version (ObligationReport).
type oblCell struct {
	obj string
	ver int
}

// tallyCounts are the counts of one cell; the maps are multisets.
type tallyCounts struct {
	met, excused, missed, pending, breached int64
	late                                    map[time.Duration]int64 // lateness of each missed item late > 0
	elapsed                                 map[time.Duration]int64 // elapsed time of each closed item (vals only)
}

// itemCounts is what periods and obligations read of the items of one
// objective in one period: the same from the items themselves (a walk)
// and from counters plus the items not counted.
type itemCounts struct {
	met, excused, missed, pending, breached int64
	late                                    []time.Duration // sorted
	elapsed                                 []time.Duration // sorted; closed items only
}

// itemSource gives the items of a report's objectives: items lists them
// (each list sorted by instant); with t, t's counters hold the rest.
type itemSource struct {
	items map[string][]item
	t     *tally
}

// in returns the counts of the items of objective of in per; elapsed
// only with vals.
func (src itemSource) in(of string, per metric.Period, vals bool) itemCounts {
	return src.inSeg(of, 0, per, vals)
}

// inSeg is in for the items of one value of the attribute split ratios
// split the objective by (seg 0: all of them).
func (src itemSource) inSeg(of string, seg uint8, per metric.Period, vals bool) itemCounts {
	var c itemCounts
	for i, list := 0, itemsIn(src.items[of], per); i < len(list); i++ {
		it := &list[i]
		if seg != 0 && it.seg != seg {
			continue
		}
		switch kindOf(it) {
		case tMet:
			c.met++
		case tExcused:
			c.excused++
		case tMissed:
			c.missed++
			if it.late > 0 {
				c.late = append(c.late, it.late)
			}
		default:
			c.pending++
		}
		if it.state == StateBreached {
			c.breached++
		}
		if vals && it.closed {
			c.elapsed = append(c.elapsed, it.elapsed)
		}
	}
	if src.t != nil {
		if x := src.t.cells[tallyCell{of, seg, per.Start.UnixNano(), per.End.UnixNano()}]; x != nil {
			c.met += x.met
			c.excused += x.excused
			c.missed += x.missed
			c.pending += x.pending
			c.breached += x.breached
			c.late = appendMulti(c.late, x.late)
			if vals {
				c.elapsed = appendMulti(c.elapsed, x.elapsed)
			}
		}
	}
	slices.Sort(c.late)
	slices.Sort(c.elapsed)
	return c
}

// appendMulti appends each value of the multiset m as often as it counts.
func appendMulti(out []time.Duration, m map[time.Duration]int64) []time.Duration {
	for d, n := range m {
		for range n {
			out = append(out, d)
		}
	}
	return out
}

// byVersion returns the counts of the items of objective of under
// version vi, as ObligationReport counts them.
func (src itemSource) byVersion(of string, vi int) (met, missed, pending int64) {
	for i := range src.items[of] {
		it := &src.items[of][i]
		if it.ver != vi {
			continue
		}
		switch kindOf(it) {
		case tMet, tExcused:
			met++
		case tMissed:
			missed++
		default:
			pending++
		}
	}
	if src.t != nil {
		if x := src.t.obl[oblCell{of, vi}]; x != nil {
			met, missed, pending = met+x[0], missed+x[1], pending+x[2]
		}
	}
	return met, missed, pending
}

// Kinds of items, as periods count them.
const (
	tPending = iota
	tMet
	tExcused // breached, and excused or excluded
	tMissed
)

func kindOf(it *item) int {
	switch {
	case it.state == StateMet:
		return tMet
	case it.state == StateBreached && (it.excused || it.excluded):
		return tExcused
	case it.state == StateBreached:
		return tMissed
	}
	return tPending
}

// tallyOn starts keeping the counters, from every subject held.
func (ev *Evaluator) tallyOn() {
	t := &ev.sum
	if t.on {
		return
	}
	t.on, t.ok = true, true
	t.open = map[string]int32{}
	t.cells = map[tallyCell]*tallyCounts{}
	t.obl = map[oblCell]*[3]int64{}
	t.grids = map[string][]metric.Grid{}
	t.vals = map[string]bool{}
	reads := func(of string, co *cobj) {
		if co.rolling {
			t.ok = false
			return
		}
		if !slices.Contains(t.grids[of], co.grid) {
			t.grids[of] = append(t.grids[of], co.grid)
		}
	}
	// Every period that reads items (periodReports): a clock's or
	// deadline's own, a ratio's, a percentile's of clock times, and those
	// of objectives excused by a miss among them.
	for vi := range ev.p.versions {
		v := &ev.p.versions[vi]
		for oi := range v.objs {
			co := &v.objs[oi]
			switch co.kind {
			case kClock, kDeadlineEvents:
				reads(co.o.ID, co)
			case kRatio:
				reads(co.ratioOf, co)
			case kPercentile:
				if co.pctOf != "" {
					reads(co.pctOf, co)
					t.vals[co.pctOf] = true
				}
			}
			if co.kind != kClock && co.kind != kDeadlineEvents {
				for _, id := range co.o.ExcusedBy {
					reads(id, co)
				}
			}
		}
	}
	for s := range ev.subjects.all() {
		ev.tallyAdd(s, s.lastAt())
	}
	ev.tallyRetired()
}

// tallyRetired counts the retired verdicts appended since the counters
// last took them (Retire, Merge). A retired verdict is final: it is the
// same as of every instant.
func (ev *Evaluator) tallyRetired() {
	t := &ev.sum
	if !t.on {
		return
	}
	for ; t.nRetired < len(ev.retired); t.nRetired++ {
		it := ev.retired[t.nRetired].item()
		t.count(&it, 1)
	}
}

// tallyRetiredDrop takes out of the counters the retired verdicts that
// drop matches (all with nil) before they are deleted from ev.retired
// in order (Recompute) or replaced (RestoreAggregates).
func (ev *Evaluator) tallyRetiredDrop(drop func(*retired) bool) {
	t := &ev.sum
	if !t.on {
		return
	}
	n := 0
	for i := range ev.retired[:t.nRetired] {
		if drop == nil || drop(&ev.retired[i]) {
			it := ev.retired[i].item()
			t.count(&it, -1)
			n++
		}
	}
	t.nRetired -= n
}

// settled reports whether s's items are the same as of every instant from
// its last event on: no clock running, no obligation open, under each of
// its versions, and no availability (whose open downtime runs on); and
// no clock paused (see below).
func settled(s *subject) bool {
	one := func(st *subject) bool {
		if len(st.avSlots()) > 0 || mayHaveTimers(st) {
			return false
		}
		for _, o := range st.lay.clock {
			// A paused clock's items are fixed too, but a pause is
			// mostly short (waiting on the customer): counting the
			// subject and taking it out again at the resume would cost
			// two judgements for nothing.
			if o >= 0 && clockPhase(st.st[o:]) == metric.Paused {
				return false
			}
		}
		for _, po := range st.prevOccs() {
			if !po.o.Anchor.IsZero() && po.o.Done.IsZero() {
				return false
			}
		}
		return true
	}
	for _, st := range s.olderStates() {
		if !one(st) {
			return false
		}
	}
	return one(s)
}

// tallyAdd counts s, judged as of at (its last event), when it is
// settled, and holds it among the open subjects otherwise.
func (ev *Evaluator) tallyAdd(s *subject, at time.Time) {
	t := &ev.sum
	if !settled(s) {
		t.open[s.key] = s.tlen
		return
	}
	delete(t.open, s.key)
	if last := s.lastAt(); at.Before(last) {
		at = last
	}
	if at.After(t.from) {
		t.from = at
	}
	ev.tallySubject(s, at, 1)
}

// tallyDrop takes s out of the counters, or out of the open subjects.
func (ev *Evaluator) tallyDrop(s *subject) {
	t := &ev.sum
	if _, open := t.open[s.key]; open {
		delete(t.open, s.key)
		return
	}
	if s.last == noInstant && len(s.olderStates()) == 0 {
		return // a subject just made: nothing of it was counted
	}
	ev.tallySubject(s, s.lastAt(), -1)
}

// tallyBefore is called before an event at 'at' changes s (beforeSubject):
// s is taken out of the counters, if they hold it, and held open.
func (ev *Evaluator) tallyBefore(s *subject, at time.Time) {
	t := &ev.sum
	if !t.on {
		return
	}
	t.at = at
	if _, open := t.open[s.key]; open {
		return // most events: one lookup, nothing to move
	}
	ev.tallyDrop(s)
	t.open[s.key] = s.tlen
}

// tallyAfter is called once the event has changed s (afterSubject): s is
// counted if it settled, and stays open otherwise.
func (ev *Evaluator) tallyAfter(s *subject) {
	if !ev.sum.on || !settled(s) {
		return // held open by tallyBefore
	}
	ev.tallyAdd(s, ev.sum.at)
}

// tallySubject adds (sign 1) or takes out (-1) the items of s in scope,
// under each of its versions, judged as of at.
func (ev *Evaluator) tallySubject(s *subject, at time.Time, sign int64) {
	ev.sum.sc.owner = s
	for _, st := range s.olderStates() {
		ev.tallyState(st, at, sign)
	}
	ev.tallyState(s, at, sign)
	ev.sum.sc.owner = nil // keep no subject alive
}

func (ev *Evaluator) tallyState(st *subject, at time.Time, sign int64) {
	t := &ev.sum
	sc := &t.sc
	ev.subjectReportWith(sc, st, at, nil, nil, false)
	for _, rf := range sc.refs {
		for i := rf.from; i < rf.to; i++ {
			t.count(&sc.mine[i], sign)
		}
	}
}

// count adds (sign 1) or takes out (-1) one item.
func (t *tally) count(it *item, sign int64) {
	k := kindOf(it)
	oc := t.obl[oblCell{it.obj, it.ver}]
	if oc == nil {
		oc = new([3]int64)
		t.obl[oblCell{it.obj, it.ver}] = oc
	}
	switch k {
	case tMet, tExcused:
		oc[0] += sign
	case tMissed:
		oc[1] += sign
	default:
		oc[2] += sign
	}
	grids := t.grids[it.obj]
	for gi, g := range grids {
		per := t.periodAt(g, it.at)
		// Two grids may give the same period (one objective under two
		// versions): count the item once in it.
		dup := false
		for _, h := range grids[:gi] {
			if q := t.periodAt(h, it.at); q.Start.Equal(per.Start) && q.End.Equal(per.End) {
				dup = true
				break
			}
		}
		if dup {
			continue
		}
		t.countIn(tallyCell{it.obj, 0, per.Start.UnixNano(), per.End.UnixNano()}, it, k, sign)
		if it.seg != 0 {
			t.countIn(tallyCell{it.obj, it.seg, per.Start.UnixNano(), per.End.UnixNano()}, it, k, sign)
		}
	}
}

// countIn adds (sign 1) or takes out (-1) the item it, of kind k, in the
// cell key.
func (t *tally) countIn(key tallyCell, it *item, k int, sign int64) {
	c := t.cells[key]
	if c == nil {
		c = &tallyCounts{}
		t.cells[key] = c
	}
	switch k {
	case tMet:
		c.met += sign
	case tExcused:
		c.excused += sign
	case tMissed:
		c.missed += sign
		if it.late > 0 {
			c.late = addMulti(c.late, it.late, sign)
		}
	default:
		c.pending += sign
	}
	if it.state == StateBreached {
		c.breached += sign
	}
	if it.closed && t.vals[it.obj] {
		c.elapsed = addMulti(c.elapsed, it.elapsed, sign)
	}
}

// addMulti adds n to the count of d in the multiset m.
func addMulti(m map[time.Duration]int64, d time.Duration, n int64) map[time.Duration]int64 {
	if m == nil {
		m = map[time.Duration]int64{}
	}
	if m[d] += n; m[d] == 0 {
		delete(m, d)
	}
	return m
}

// periodAt is g.At(at), from the period of g last found when it holds at:
// the items counted one after another mostly fall in one period, and
// finding a calendar period in a zone is most of what counting one costs.
func (t *tally) periodAt(g metric.Grid, at time.Time) metric.Period {
	if p, ok := t.last[g]; ok && p.Contains(at) {
		return p
	}
	p := g.At(at)
	if t.last == nil {
		t.last = map[metric.Grid]metric.Period{}
	}
	t.last[g] = p
	return p
}
