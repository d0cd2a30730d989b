package sla

import (
	"errors"
	"fmt"
	"maps"
	"math/bits"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/metric"
)

// Validation of restored state.
//
// Restore and Merge take snapshots and partials from storage the library
// does not control. Before any of it is used, every value is checked
// against what a stream of events can produce: each failure is an *Error
// wrapping ErrCorrupt whose Path is the value's JSON path (prefixed by
// "subjects[i]." in a partial), or ErrMismatch when the value is sound but
// names something the agreement does not have. The checks are of ranges,
// signs, order and counts; a snapshot edited into another state events
// could have produced passes them.

// ts formats an instant for messages.
func ts(t time.Time) string { return t.Format(time.RFC3339Nano) }

// inTerm checks that t lies in the agreement's term, where every event
// applied lies.
func (ev *Evaluator) inTerm(path string, t time.Time) error {
	if t.Before(ev.p.a.Term.EffectiveFrom) {
		return corrupt(path, "%s is before the agreement's term starts (%s): no event applied is", ts(t), ts(ev.p.a.Term.EffectiveFrom))
	}
	if !ev.p.end.IsZero() && !t.Before(ev.p.end) {
		return corrupt(path, "%s is not before the agreement's term ends (%s): no event applied is", ts(t), ts(ev.p.end))
	}
	return nil
}

// checkSubject validates ss, a snapshot whose header (format, fingerprint,
// key) was checked by the caller; snapshots inside a partial, and older
// states, carry no header of their own.
func (ev *Evaluator) checkSubject(path string, ss *SubjectSnapshot, where int) error {
	id := ss.Type + "/" + ss.ID
	switch {
	case where != topLevel && (ss.Format != 0 || ss.Fingerprint != "" || !ss.IDKey.IsZero()):
		return corrupt(path+"format", "a subject inside a partial, or an older state, carries no format, fingerprint or key of its own")
	case ss.Type == "" || ss.ID == "":
		return corrupt(path+"type", "a subject has a type and an ID")
	case !ev.p.anyType && !ev.p.types[ss.Type]:
		return mismatch(path+"type", "no objective of the agreement is scoped to subjects of type %q", ss.Type)
	case ss.Version < 0 || ss.Version >= len(ev.p.versions):
		return mismatch(path+"version", "subject %s: version %d does not exist", id, ss.Version)
	case ss.Last.IsZero():
		return corrupt(path+"last", "subject %s: a subject has had at least one event", id)
	case len(ss.Recent) > maxIDs:
		return corrupt(path+"recent", "subject %s: %d hashes; a subject remembers at most %d", id, len(ss.Recent), maxIDs)
	}
	if err := ev.inTerm(path+"last", ss.Last); err != nil {
		return err
	}
	v := &ev.p.versions[ss.Version]
	if len(ss.Clocks) != v.nClocks || len(ss.Deadlines) != v.nDead || len(ss.Availability) != v.nAvail {
		return mismatch(path, "subject %s: %d clocks, %d deadlines and %d availabilities do not match version %q (%d, %d and %d)", id,
			len(ss.Clocks), len(ss.Deadlines), len(ss.Availability), v.label, v.nClocks, v.nDead, v.nAvail)
	}
	if err := checkHashes(path+"recent", ss.Recent); err != nil {
		return err
	}
	if err := checkAged(path, ss); err != nil {
		return err
	}
	for k := range ss.Attrs {
		if _, ok := ev.p.attrIndex[k]; !ok {
			return mismatch(path+"attrs."+k, "subject %s: attribute %q is not tracked by the agreement", id, k)
		}
	}
	nbits := 0
	for i := range v.objs {
		if v.objs[i].bit >= 0 {
			nbits++
		}
	}
	if b := excludedLen(ss.Excluded, ss.ExcludedMore); b > nbits {
		p := path + "excluded"
		if b > 64 {
			p = fmt.Sprintf("%sexcludedMore[%d]", path, (b-1)/64-1)
		}
		return corrupt(p, "bit %d is set; version %q has %d per-subject objectives", b-1, v.label, nbits)
	}
	for i := range v.objs {
		co := &v.objs[i]
		var err error
		switch co.kind {
		case kClock:
			p, cs := fmt.Sprintf("%sclocks[%d].", path, co.slot), &ss.Clocks[co.slot]
			err = checkClock(p, co.clock, cs, ss.Last)
			if err == nil {
				err = ev.checkFolded(p+"folded", co, cs.Folded, ss.Last)
			}
			if err == nil && len(cs.Prev) > 0 {
				err = ev.inTerm(p+"prev[0].start", cs.Prev[0].Start)
			} else if err == nil && cs.State.Phase != metric.Idle {
				err = ev.inTerm(p+"state.start", cs.State.Start)
			}
		case kDeadlineEvents:
			p, d := fmt.Sprintf("%sdeadlines[%d].", path, co.slot), &ss.Deadlines[co.slot]
			err = checkDeadline(p, d, ss.Last)
			if err == nil && len(d.Prev) > 0 {
				err = ev.inTerm(p+"prev[0].anchor", d.Prev[0].Anchor)
			} else if err == nil && !d.Current.Anchor.IsZero() {
				err = ev.inTerm(p+"current.anchor", d.Current.Anchor)
			}
		case kAvailability:
			p, a := fmt.Sprintf("%savailability[%d].", path, co.slot), &ss.Availability[co.slot]
			err = checkAvailability(p, a, ss.Last)
			if err == nil && a.Open {
				err = ev.inTerm(p+"openAt", a.OpenAt)
			}
		}
		if err != nil {
			return err
		}
	}
	for i, o := range ss.Older {
		p := fmt.Sprintf("%solder[%d].", path, i)
		switch {
		case where == olderState:
			return corrupt(p[:len(p)-1], "an older state has no older states of its own")
		case o.Type != ss.Type || o.ID != ss.ID:
			return corrupt(p+"id", "an older state is of the same subject, %s", id)
		case o.Last.After(ss.Last):
			return corrupt(p+"last", "%s is after the subject's last event %s", ts(o.Last), ts(ss.Last))
		}
	}
	return nil
}

// asCorrupt turns an error of metric.Clock.CheckState or CheckResult into
// an *Error under path.
func asCorrupt(path string, err error) error {
	var me *metric.Error
	if errors.As(err, &me) && me.Err != nil {
		msg, _ := strings.CutPrefix(me.Err.Error(), metric.ErrBadState.Error()+": ")
		return corrupt(path+me.Where, "%s", msg)
	}
	return corrupt(path, "%v", err)
}

func checkClock(path string, c *metric.Clock, cs *ClockSnapshot, last time.Time) error {
	if err := c.CheckState(cs.State); err != nil {
		return asCorrupt(path+"state.", err)
	}
	if cs.State.Last.After(last) {
		return corrupt(path+"state.last", "%s is after the subject's last event %s", ts(cs.State.Last), ts(last))
	}
	for i, r := range cs.Prev {
		p := fmt.Sprintf("%sprev[%d].", path, i)
		if err := c.CheckResult(r); err != nil {
			return asCorrupt(p, err)
		}
		switch {
		case r.Cycle >= cs.State.Cycles:
			return corrupt(p+"cycle", "closed cycle %d is not before the current cycle %d", r.Cycle, cs.State.Cycles)
		case i > 0 && cs.Prev[i-1].Cycle >= r.Cycle:
			return corrupt(p+"cycle", "closed cycles are in increasing order of their number, each once")
		case i > 0 && r.Start.Before(cs.Prev[i-1].End):
			return corrupt(p+"start", "%s is before the end of the cycle before it", ts(r.Start))
		case r.End.After(cs.State.Start):
			return corrupt(p+"end", "%s is after the start of the current cycle %s", ts(r.End), ts(cs.State.Start))
		}
	}
	return nil
}

func checkOccurrence(path string, o Occurrence, last time.Time) error {
	switch {
	case !o.Done.IsZero() && o.Anchor.IsZero():
		return corrupt(path+"done", "an obligation done but never anchored")
	case o.Done.Before(o.Anchor) && !o.Done.IsZero():
		return corrupt(path+"done", "%s is before the anchor %s", ts(o.Done), ts(o.Anchor))
	case o.Anchor.After(last):
		return corrupt(path+"anchor", "%s is after the subject's last event %s", ts(o.Anchor), ts(last))
	case o.Done.After(last):
		return corrupt(path+"done", "%s is after the subject's last event %s", ts(o.Done), ts(last))
	}
	return nil
}

func checkDeadline(path string, d *DeadlineSnapshot, last time.Time) error {
	if err := checkOccurrence(path+"current.", d.Current, last); err != nil {
		return err
	}
	for i, o := range d.Prev {
		p := fmt.Sprintf("%sprev[%d].", path, i)
		if err := checkOccurrence(p, o, last); err != nil {
			return err
		}
		switch {
		case o.Anchor.IsZero() || o.Done.IsZero():
			return corrupt(p+"done", "an earlier obligation was anchored and done before the next one was anchored")
		case i > 0 && o.Anchor.Before(d.Prev[i-1].Done):
			return corrupt(p+"anchor", "%s is before the earlier obligation was done", ts(o.Anchor))
		case o.Done.After(d.Current.Anchor):
			return corrupt(p+"done", "%s is after the current obligation's anchor", ts(o.Done))
		}
	}
	return nil
}

func checkPeriod(path string, p metric.Period) error {
	if p.End.Before(p.Start) {
		return corrupt(path+"end", "%s is before the start %s", ts(p.End), ts(p.Start))
	}
	return nil
}

func checkAvailability(path string, a *AvailabilitySnapshot, last time.Time) error {
	switch {
	case a.Open && a.OpenAt.IsZero():
		return corrupt(path+"openAt", "an open downtime has a start")
	case a.Open && a.OpenAt.After(last):
		return corrupt(path+"openAt", "%s is after the subject's last event %s", ts(a.OpenAt), ts(last))
	case !a.Open && (a.Cause != "" || a.Announced != ""):
		return corrupt(path+"open", "cause and announced belong to an open downtime")
	}
	if a.Announced != "" {
		if _, err := time.Parse(time.RFC3339Nano, a.Announced); err != nil {
			return corrupt(path+"announced", "%q is not an RFC 3339 instant", a.Announced)
		}
	}
	for i, d := range a.Down {
		if err := checkPeriod(fmt.Sprintf("%sdown[%d].", path, i), d.Period); err != nil {
			return err
		}
	}
	for i, x := range a.Exclusions {
		if err := checkPeriod(fmt.Sprintf("%sexclusions[%d].", path, i), x.Period); err != nil {
			return err
		}
	}
	return nil
}

// aggObjective checks that (v, o) names an objective of kind kind and
// that start is the start of one of its periods (days, when rolling).
func (ev *Evaluator) aggObjective(path string, v, o, kind int, start time.Time) error {
	if v < 0 || v >= len(ev.p.versions) || o < 0 || o >= len(ev.p.versions[v].objs) || ev.p.versions[v].objs[o].kind != kind {
		what := map[int]string{kVolume: "volume", kPercentile: "percentile"}[kind]
		return mismatch(path+"objective", "objective %d of version %d is no %s objective", o, v, what)
	}
	if b := ev.bucket(&ev.p.versions[v].objs[o], start); b != start.UnixNano() {
		return corrupt(path+"start", "%s is not the start of one of the objective's periods (that is %s)", ts(start), ts(time.Unix(0, b).In(ev.p.loc)))
	}
	return ev.periodInTerm(path+"start", start)
}

// periodInTerm checks that a period (at most a year long) starting at
// start may hold an instant of the term.
func (ev *Evaluator) periodInTerm(path string, start time.Time) error {
	from := ev.p.a.Term.EffectiveFrom
	if start.Before(from.AddDate(-1, 0, 0)) {
		return corrupt(path, "%s is more than a year before the agreement's term starts (%s): no period of an event applied begins so early", ts(start), ts(from))
	}
	if !ev.p.end.IsZero() && !start.Before(ev.p.end) {
		return corrupt(path, "%s is not before the agreement's term ends (%s): no event applied is", ts(start), ts(ev.p.end))
	}
	return nil
}

// checkAggregates validates a partial's aggregates, usage and accounting.
func (ev *Evaluator) checkAggregates(pt *Partial) error {
	for i, vp := range pt.Volumes {
		path := fmt.Sprintf("volumes[%d].", i)
		if i > 0 && compareAgg(pt.Volumes[i-1].Version, pt.Volumes[i-1].Objective, pt.Volumes[i-1].Start, vp.Version, vp.Objective, vp.Start) >= 0 {
			return corrupt(path+"start", "volumes are in increasing order of version, objective and start, each once")
		}
		if err := ev.aggObjective(path, vp.Version, vp.Objective, kVolume, vp.Start); err != nil {
			return err
		}
		co := &ev.p.versions[vp.Version].objs[vp.Objective]
		if err := checkVolume(path+"volume.", vp.Volume, co.o.TargetBy != "", !co.sum); err != nil {
			return err
		}
	}
	for i, dp := range pt.Distributions {
		path := fmt.Sprintf("distributions[%d].", i)
		if i > 0 && compareAgg(pt.Distributions[i-1].Version, pt.Distributions[i-1].Objective, pt.Distributions[i-1].Start, dp.Version, dp.Objective, dp.Start) >= 0 {
			return corrupt(path+"start", "distributions are in increasing order of version, objective and start, each once")
		}
		if err := ev.aggObjective(path, dp.Version, dp.Objective, kPercentile, dp.Start); err != nil {
			return err
		}
		vs := dp.Distribution.Values
		if len(vs) == 0 {
			return corrupt(path+"distribution.values", "a distribution holds at least one value")
		}
		for j := 1; j < len(vs); j++ {
			if vs[j].LessThan(vs[j-1]) {
				return corrupt(fmt.Sprintf("%sdistribution.values[%d]", path, j), "%s is less than the value before it: values are sorted ascending", vs[j])
			}
		}
	}
	for i, d := range pt.Done {
		path := fmt.Sprintf("done[%d].", i)
		if i > 0 && pt.Done[i-1].Objective >= d.Objective {
			return corrupt(path+"objective", "done lists are in increasing order of objective, each once")
		}
		if !ev.periodDeadline(d.Objective) {
			return mismatch(path+"objective", "the agreement has no deadline objective %q anchored at a period's end", d.Objective)
		}
		for j, t := range d.At {
			p := fmt.Sprintf("%sat[%d]", path, j)
			if j > 0 && t.Before(d.At[j-1]) {
				return corrupt(p, "done instants are in increasing order")
			}
			if err := ev.inTerm(p, t); err != nil {
				return err
			}
		}
	}
	for i, u := range pt.Usage {
		path := fmt.Sprintf("usage[%d].", i)
		switch {
		case i > 0 && compareUsage(pt.Usage[i-1], u) >= 0:
			return corrupt(path+"month", "usage is in increasing order of service and month, each once")
		case !ev.p.month.At(u.Month).Start.Equal(u.Month):
			return corrupt(path+"month", "%s is not the first instant of a month in the agreement's zone", ts(u.Month))
		}
		if err := ev.periodInTerm(path+"month", u.Month); err != nil {
			return err
		}
		if u.Value.Sign() < 0 {
			return corrupt(path+"value", "%s is negative", u.Value)
		}
		if x, ok := ev.usage[usageKey{u.Service, u.Month.UnixNano()}]; ok && !x.Equal(u.Value) {
			return mismatch(path+"value", "usage of service %q in %s differs between partials (%s and %s)", u.Service, u.Month.Format("2006-01"), x, u.Value)
		}
	}
	in := pt.Input
	switch {
	case in.Applied < 0:
		return corrupt("input.applied", "%d is negative", in.Applied)
	case in.Duplicates < 0:
		return corrupt("input.duplicates", "%d is negative", in.Duplicates)
	}
	for r, n := range in.Rejected {
		if r == "" || n < 0 {
			return corrupt("input.rejected."+r, "a reason is named and its count is not negative")
		}
	}
	return nil
}

// periodDeadline reports whether some version has a deadline objective
// with ID id anchored at a period's end.
func (ev *Evaluator) periodDeadline(id string) bool {
	for vi := range ev.p.versions {
		if i, ok := ev.p.versions[vi].byID[id]; ok && ev.p.versions[vi].objs[i].kind == kDeadlinePeriod {
			return true
		}
	}
	return false
}

// checkVolume validates a volume: segments only when the objective counts
// by segment, none negative, whole numbers for counts, and a total that is
// their sum.
func checkVolume(path string, v metric.Volume, segmented, count bool) error {
	sum := decimal.Zero
	for _, k := range slices.Sorted(maps.Keys(v.Segments)) {
		x := v.Segments[k]
		switch {
		case k != "" && !segmented:
			return corrupt(path+"segments."+k, "the objective counts no segments")
		case x.Sign() < 0:
			return corrupt(path+"segments."+k, "%s is negative", x)
		case count && !x.IsInteger():
			return corrupt(path+"segments."+k, "%s is not a whole number of events", x)
		}
		sum = sum.Add(x)
	}
	if !sum.Equal(v.Total) {
		return corrupt(path+"total", "%s is not the sum %s of the segments", v.Total, sum)
	}
	return nil
}

// excludedLen is the number of the highest bit set in the set of
// excluded objectives w, more (SubjectSnapshot.Excluded, ExcludedMore),
// plus one; 0 when none is.
func excludedLen(w uint64, more []uint64) int {
	for k := len(more) - 1; k >= 0; k-- {
		if more[k] != 0 {
			return 64*(k+1) + bits.Len64(more[k])
		}
	}
	return bits.Len64(w)
}

// checkHashes checks a list of event ID hashes: non-zero, in increasing
// order, each once.
func checkHashes(path string, hs []uint64) error {
	for i, h := range hs {
		if h == 0 || i > 0 && hs[i-1] >= h {
			return corrupt(fmt.Sprintf("%s[%d]", path, i), "the hashes are non-zero and in increasing order, each once")
		}
	}
	return nil
}

// checkAged checks the aged generation of a subject's event IDs and its
// marks: the hashes as Recent's and none in both, marks in order no later
// than the subject's last event, and an aged generation exactly when it
// has a mark.
func checkAged(path string, ss *SubjectSnapshot) error {
	if err := checkHashes(path+"aged", ss.Aged); err != nil {
		return err
	}
	switch {
	case len(ss.Aged) > maxIDs:
		return corrupt(path+"aged", "%d hashes; a subject remembers at most %d", len(ss.Aged), maxIDs)
	case (len(ss.Aged) > 0) != !ss.AgedUntil.IsZero():
		return corrupt(path+"agedUntil", "an aged generation of IDs and its instant come together")
	case ss.AgedUntil.After(ss.Last):
		return corrupt(path+"agedUntil", "%s is after the subject's last event %s", ss.AgedUntil.Format(time.RFC3339Nano), ss.Last.Format(time.RFC3339Nano))
	case ss.IDsReleased.After(ss.AgedUntil):
		return corrupt(path+"idsReleased", "%s is after agedUntil %s (or there is no aged generation)", ss.IDsReleased.Format(time.RFC3339Nano), ss.AgedUntil.Format(time.RFC3339Nano))
	}
	for i, j := 0, 0; i < len(ss.Recent) && j < len(ss.Aged); {
		switch {
		case ss.Recent[i] < ss.Aged[j]:
			i++
		case ss.Recent[i] > ss.Aged[j]:
			j++
		default:
			return corrupt(fmt.Sprintf("%saged[%d]", path, j), "the hash is in recent too: the generations are disjoint")
		}
	}
	return nil
}
