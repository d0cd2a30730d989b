package sla

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/slaeval/slaeval/metric"
)

// SliceAttr is the attribute of a request-count event that names its slice:
// the slice's first instant, RFC 3339.
const SliceAttr = "slice"

// MaxSliceRequests bounds the request counts of one event, and the sum of
// the counts of one slice: larger numbers are rejected with
// ErrBadAttribute, so no sum overflows.
const MaxSliceRequests = 1_000_000_000_000_000 // 10^15

// errorRateObj is the compiled error-rate part of an availability
// objective.
type errorRateObj struct {
	spec     metric.ErrorRateSpec
	requests []metric.Condition
	good     string // attribute of the good count; "" when failed is given
	failed   string // attribute of the failed count; "" when good is given
	total    string
}

// compileErrorRate compiles e, the error rate of availability objective
// co, whose exclusions, cause key and target are already compiled.
func compileErrorRate(co *cobj, av *Availability, e *ErrorRate, calendar, mpath string) error {
	ep := mpath + ".availability.errorRate"
	switch {
	case av.Source != SourceEvents:
		return unsupported(mpath+".availability.source", `error-rate availability reads request-count events: use source "events"`)
	case co.rolling:
		return unsupported(mpath+".period", "error-rate availability over a rolling period is not supported: use a calendar period")
	case calendar != "":
		return unsupported(ep, "error-rate availability is measured 24×7: service hours ("+quote(calendar)+") are not supported")
	}
	slice, ok := e.Slice.Duration()
	if !ok || slice <= 0 {
		return &Error{Path: ep + ".slice", Msg: "a slice is a positive time in hours, minutes or seconds, e.g. PT1M", Err: ErrUnit}
	}
	er := &errorRateObj{requests: conds(e.Requests), good: e.Good, failed: e.Failed, total: e.Total}
	er.spec = metric.ErrorRateSpec{
		Slice: slice, Threshold: e.Threshold, MinRequests: e.MinimumRequests,
		AtThreshold: e.AtThreshold, MinDowntime: co.avail.MinDowntime,
	}
	if e.NoTraffic == SliceExcluded {
		er.spec.NoTraffic = metric.SliceExcluded
	}
	if e.BelowMinimum == SliceExcluded {
		er.spec.BelowMinimum = metric.SliceExcluded
	}
	if e.Formula == FormulaAverageErrorRate {
		er.spec.Formula = metric.FormulaAverageRate
	}
	if _, err := er.spec.Measure(metric.Period{}, nil); err != nil {
		return &Error{Path: ep, Msg: err.Error(), Err: ErrInvalid}
	}
	co.kind, co.er = kErrorRate, er
	return nil
}

// errorRates holds the records of the error-rate objectives, by version,
// objective and period start. The zero value holds none; the evaluator
// keeps one, and its methods take the compiled agreement.
type errorRates struct {
	m map[aggKey]*rateAgg
}

// rateAgg is one objective's records in one period.
type rateAgg struct {
	recs   map[uint64]ErrorRateRecord // by hash of the event ID
	totals map[int64]int64            // slice start (Unix nanoseconds) → its requests so far
	excl   []metric.Exclusion         // the exclusions among recs
}

// ErrorRatePart is what an evaluator holds for one error-rate objective
// (by version and objective index) in one period: a record per event
// applied, keyed by the event's ID, so that merging partials that both
// hold an event counts it once.
type ErrorRatePart struct {
	Version   int               `json:"version"`
	Objective int               `json:"objective"`
	Start     time.Time         `json:"start"` // the period's start
	Records   []ErrorRateRecord `json:"records"`
}

// ErrorRateRecord is one applied event of an error-rate objective: the
// request count of a slice (a count whose cause is excluded carries the
// slice as its exclusion too), or an announced maintenance exclusion.
type ErrorRateRecord struct {
	Event     uint64             `json:"event"` // hash of the event's ID
	Count     *metric.SliceCount `json:"count,omitempty"`
	Exclusion *metric.Exclusion  `json:"exclusion,omitempty"`
}

// errorRateBucket is the period of co in which slice (or, for an
// exclusion, its announcement) falls.
func errorRateBucket(co *cobj, t time.Time) int64 { return co.grid.At(t).Start.UnixNano() }

// check validates the request-count or exclusion event e for
// error-rate objective oi of version vi before anything is changed, and
// rejects it as a duplicate when the objective already holds its ID. It is
// called from Evaluator.check.
func (rs *errorRates) check(ev *Evaluator, e *Event, me *metric.Event, vi, oi int) error {
	k, rec, ok, err := place(ev, e, me, vi, oi)
	if err != nil || !ok {
		return err
	}
	ag := rs.m[k]
	if ag == nil {
		return nil
	}
	if _, dup := ag.recs[rec.Event]; dup {
		return reject(e, ErrDuplicateEvent, "")
	}
	if c := rec.Count; c != nil {
		if ag.totals[c.Start.UnixNano()] > MaxSliceRequests-c.Total {
			return reject(e, ErrBadAttribute, fmt.Sprintf("the slice's requests would exceed %d", int64(MaxSliceRequests)))
		}
	}
	return nil
}

// apply records e for error-rate objective oi of version vi; e has
// passed check. It is called from Evaluator.applyEventLevel.
func (rs *errorRates) apply(ev *Evaluator, e *Event, me *metric.Event, vi, oi int) {
	if k, rec, ok, err := place(ev, e, me, vi, oi); err == nil && ok {
		rs.put(k, rec)
	}
}

// place parses e for error-rate objective oi of version vi (the version
// in force at e's instant) and says where its record goes: a count goes to
// the version whose period report covers its slice — the version in
// force at the start of the slice's period, or, when none is, at the
// slice — and that version's objective of the same ID, whose slices it is
// checked against; an exclusion stays with oi and vi (measure reads the
// exclusions of every version's objective of that ID). ok is false when e
// does not concern the objective.
func place(ev *Evaluator, e *Event, me *metric.Event, vi, oi int) (k aggKey, rec ErrorRateRecord, ok bool, err error) {
	p := ev.p
	co := &p.versions[vi].objs[oi]
	if !whereHolds(co.where, me) {
		return k, rec, false, nil
	}
	if rec, ok, err = errorRateRecord(ev.subjects.idh.hash(e.ID), e, me, co); err != nil || !ok {
		return k, rec, ok, err
	}
	if rec.Count == nil {
		return aggKey{vi, oi, errorRateBucket(co, e.At)}, rec, true, nil
	}
	at := rec.Count.Start
	hv, found := ev.versionAt(co.grid.At(at).Start)
	if !found {
		hv, found = ev.versionAt(at)
	}
	if !found {
		return k, rec, false, reject(e, ErrBadAttribute, fmt.Sprintf(`"slice" %s is outside every version of the agreement`, at.Format(time.RFC3339)))
	}
	if hv != vi {
		ho, has := p.versions[hv].byID[co.o.ID]
		if !has || p.versions[hv].objs[ho].kind != kErrorRate {
			return k, rec, false, reject(e, ErrBadAttribute, fmt.Sprintf(`"slice" %s falls in version %s, where objective %s does not measure error rates`, at.Format(time.RFC3339), p.versions[hv].label, co.o.ID))
		}
		vi, oi, co = hv, ho, &p.versions[hv].objs[ho]
		if rec, ok, err = errorRateRecord(ev.subjects.idh.hash(e.ID), e, me, co); err != nil || !ok {
			return k, rec, ok, err
		}
	}
	return aggKey{vi, oi, errorRateBucket(co, rec.Count.Start)}, rec, true, nil
}

// put records r under k.
func (rs *errorRates) put(k aggKey, r ErrorRateRecord) {
	if rs.m == nil {
		rs.m = map[aggKey]*rateAgg{}
	}
	ag := rs.m[k]
	if ag == nil {
		ag = &rateAgg{recs: map[uint64]ErrorRateRecord{}, totals: map[int64]int64{}}
		rs.m[k] = ag
	}
	if _, ok := ag.recs[r.Event]; ok {
		return // held already (the same record: merge checks)
	}
	ag.recs[r.Event] = r
	if r.Count != nil {
		ag.totals[r.Count.Start.UnixNano()] += r.Count.Total
	}
	if r.Exclusion != nil {
		ag.excl = append(ag.excl, *r.Exclusion)
	}
}

// errorRateMatches reports whether e feeds error-rate objective co (so it
// needs no subject of its own). It is called from Evaluator.eventLevel.
func errorRateMatches(co *cobj, me *metric.Event) bool {
	return matchAny(co.er.requests, me) || matchAny(co.exclEvents, me)
}

// errorRateRecord parses e, whose ID hashes to h (the evaluator's keyed
// hash), into the record it makes for co; ok is false
// when e matches neither co's request-count nor its exclusion events.
func errorRateRecord(h uint64, e *Event, me *metric.Event, co *cobj) (ErrorRateRecord, bool, error) {
	er := co.er
	rec := ErrorRateRecord{Event: h}
	switch {
	case matchAny(er.requests, me):
		c, err := parseSliceCount(e, co)
		if err != nil {
			return rec, false, err
		}
		rec.Count = &c
		cause, _ := e.Attr(co.causeKey) // none: "", which no exclusion's causes list
		sp := metric.Period{Start: c.Start, End: c.Start.Add(er.spec.Slice)}
		switch {
		case cause == "":
		case slices.Contains(co.avail.ExcludedCauses, cause):
			rec.Exclusion = &metric.Exclusion{Period: sp, Reason: cause}
		case slices.Contains(co.maint, cause):
			// Maintenance announced with the count itself: its
			// "announced" attribute says when (check validated it).
			x := metric.Exclusion{Period: sp, Reason: metric.ReasonMaintenance}
			if a, ok := e.Attr("announced"); ok {
				if x.Announced, err = time.Parse(time.RFC3339Nano, a); err != nil {
					return rec, false, reject(e, ErrBadAttribute, fmt.Sprintf(`"announced" %q must be an RFC 3339 instant`, a))
				}
			}
			co.windowCheck(&x)
			rec.Exclusion = &x
		}
		return rec, true, nil
	case matchAny(co.exclEvents, me):
		sp, err := parseSpan(e)
		if err != nil {
			return rec, false, err
		}
		x := metric.Exclusion{Period: sp, Reason: metric.ReasonMaintenance, Announced: e.At}
		co.windowCheck(&x)
		rec.Exclusion = &x
		return rec, true, nil
	}
	return rec, false, nil
}

// windowCheck makes a maintenance exclusion outside the agreed window
// count as never announced, as for interval availability.
func (co *cobj) windowCheck(x *metric.Exclusion) {
	if co.exclWindow != nil && co.exclWindow.Between(x.Start, x.End) != x.End.Sub(x.Start) {
		x.Announced = time.Time{}
	}
}

// parseSliceCount reads the slice and counts of a request-count event.
func parseSliceCount(e *Event, co *cobj) (metric.SliceCount, error) {
	er := co.er
	s, ok := e.Attr(SliceAttr)
	if !ok {
		return metric.SliceCount{}, reject(e, ErrBadAttribute, `a request count needs a "slice" attribute: the slice's first instant, RFC 3339`)
	}
	at, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return metric.SliceCount{}, reject(e, ErrBadAttribute, fmt.Sprintf(`"slice" %q must be an RFC 3339 instant`, s))
	}
	per := co.grid.At(at)
	if at.Sub(per.Start)%er.spec.Slice != 0 || at.Add(er.spec.Slice).After(per.End) {
		return metric.SliceCount{}, reject(e, ErrBadAttribute, fmt.Sprintf(`"slice" %s is not the start of a %v slice of the period from %s`, s, er.spec.Slice, per.Start.Format(time.RFC3339)))
	}
	if at.After(e.At) {
		return metric.SliceCount{}, reject(e, ErrBadAttribute, fmt.Sprintf(`"slice" %s begins after the event: counts are reported once a slice has begun`, s))
	}
	num := func(key string) (int64, error) {
		v, ok := e.Attr(key)
		if !ok {
			return 0, reject(e, ErrBadAttribute, fmt.Sprintf("a request count needs the %q attribute (a whole number)", key))
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 || n > MaxSliceRequests {
			return 0, reject(e, ErrBadAttribute, fmt.Sprintf("%q is %q: a request count is a whole number from 0 to %d", key, v, int64(MaxSliceRequests)))
		}
		return n, nil
	}
	c := metric.SliceCount{Start: at}
	if c.Total, err = num(er.total); err != nil {
		return c, err
	}
	if er.failed != "" {
		c.Failed, err = num(er.failed)
	} else {
		var good int64
		good, err = num(er.good)
		c.Failed = c.Total - good
	}
	if err != nil {
		return c, err
	}
	if c.Failed < 0 || c.Failed > c.Total {
		return c, reject(e, ErrBadAttribute, "more failed (or good) requests than the total")
	}
	return c, nil
}

// period judges error-rate objective oi of version vi over per
// as of asOf into pr, and returns the breaches for penalties (the counted
// downtime runs of a missed period). It is called from periodReports.
func (rs *errorRates) period(p *program, pr *PeriodReport, vi, oi int, per metric.Period, asOf time.Time) (breaches int) {
	co := &p.versions[vi].objs[oi]
	m, err := rs.measure(p, co, vi, oi, per, asOf)
	if err != nil {
		return 0 // not reached: records are checked when applied or merged
	}
	pr.Service, pr.Down = m.Service, m.Down
	pr.Excluded = m.Availability().Excluded
	pr.Attainment = pct(m.Attainment(co.er.spec.Formula))
	switch m.Judge(co.er.spec.Formula, *co.levelLeast) {
	case metric.Achieved:
		pr.Verdict = VerdictAchieved
	case metric.Missed:
		pr.Verdict = VerdictMissed
		return int(m.Incidents)
	}
	return 0
}

// measure measures objective oi of version vi over the part of per within
// the term, up to the last whole slice before asOf: the counts of per's
// records, and those exclusions, held by any version's objective of the
// same ID, that the availability exclusion rule applies (a maintenance
// window announced too late is not).
func (rs *errorRates) measure(p *program, co *cobj, vi, oi int, per metric.Period, asOf time.Time) (metric.ErrorRate, error) {
	end := p.termPart(per) // service is owed within the term only
	if end.End.After(asOf) {
		end.End = asOf
	}
	if end.End.Before(end.Start) {
		end.End = end.Start
	}
	sl := co.er.spec.Slice
	end.End = end.Start.Add(end.Duration() / sl * sl)
	var counts []metric.SliceCount
	var excl []metric.Exclusion
	for k, ag := range rs.m {
		if p.versions[k.v].objs[k.o].o.ID != co.o.ID {
			continue
		}
		excl = append(excl, ag.excl...)
		if k.v != vi || k.o != oi || k.start != per.Start.UnixNano() {
			continue
		}
		for _, r := range ag.recs {
			if r.Count != nil && r.Count.Start.Before(end.End) {
				counts = append(counts, *r.Count)
			}
		}
	}
	res, err := co.avail.Measure(end, nil, excl)
	if err != nil {
		return metric.ErrorRate{}, err
	}
	spans := make([]metric.Period, len(res.Applied))
	for i, x := range res.Applied {
		spans[i] = x.Period
	}
	m, err := co.er.spec.MeasureExcluding(end, counts, spans)
	m.Period = per
	return m, err
}

// parts returns the records of every error-rate objective, in
// order, for Partial.
func (rs *errorRates) parts(loc *time.Location) []ErrorRatePart {
	var out []ErrorRatePart
	for k, ag := range rs.m {
		rs := slices.SortedFunc(maps.Values(ag.recs), func(a, b ErrorRateRecord) int { return cmp.Compare(a.Event, b.Event) })
		out = append(out, ErrorRatePart{Version: k.v, Objective: k.o, Start: time.Unix(0, k.start).In(loc), Records: rs})
	}
	slices.SortFunc(out, func(a, b ErrorRatePart) int {
		return cmp.Or(cmp.Compare(a.Version, b.Version), cmp.Compare(a.Objective, b.Objective), a.Start.Compare(b.Start))
	})
	return out
}

// checkParts validates the error-rate records of a partial before Merge
// applies any of it, as Apply validates events: each names an error-rate
// objective and the start of one of its periods, holds a count or an
// exclusion that Apply could have made, and no slice's requests add up
// beyond MaxSliceRequests. An event ID held by ev with a different record
// is ErrMismatch (a record held alike counts once).
func (rs *errorRates) checkParts(p *program, parts []ErrorRatePart) error {
	added := map[aggKey]map[int64]int64{} // slice totals the partial adds
	for i, pt := range parts {
		path := fmt.Sprintf("errorRates[%d]", i)
		v, o := pt.Version, pt.Objective
		if v < 0 || v >= len(p.versions) || o < 0 || o >= len(p.versions[v].objs) || p.versions[v].objs[o].kind != kErrorRate {
			return corrupt(path, "objective %d of version %d is no error-rate objective", o, v)
		}
		co := &p.versions[v].objs[o]
		per := co.grid.At(pt.Start)
		if !per.Start.Equal(pt.Start) {
			return corrupt(path+".start", "%s is not the start of a period of objective %s", pt.Start.Format(time.RFC3339), co.o.ID)
		}
		k := aggKey{v, o, per.Start.UnixNano()}
		for j, r := range pt.Records {
			rpath := fmt.Sprintf("%s.records[%d]", path, j)
			if err := validRecord(rpath, co, per, r); err != nil {
				return err
			}
			var old ErrorRateRecord
			held := false
			if ag := rs.m[k]; ag != nil {
				old, held = ag.recs[r.Event]
			}
			if held && !sameRecord(old, r) {
				return mismatch(rpath, "event %x of objective %s holds different counts here and in the evaluator", r.Event, co.o.ID)
			}
			if c := r.Count; c != nil && !held {
				if added[k] == nil {
					added[k] = map[int64]int64{}
				}
				start := c.Start.UnixNano()
				var have int64
				if ag := rs.m[k]; ag != nil {
					have = ag.totals[start]
				}
				if have+added[k][start] > MaxSliceRequests-c.Total {
					return corrupt(rpath, "the requests of slice %s add up beyond %d", c.Start.Format(time.RFC3339), int64(MaxSliceRequests))
				}
				added[k][start] += c.Total
			}
		}
	}
	return nil
}

// merge adds the records of parts, which checkParts accepted; a record held
// already (the same event) counts once. It is called from Evaluator.merge.
func (rs *errorRates) merge(parts []ErrorRatePart) {
	for _, pt := range parts {
		k := aggKey{pt.Version, pt.Objective, pt.Start.UnixNano()}
		for _, r := range pt.Records {
			if ag := rs.m[k]; ag != nil {
				if _, held := ag.recs[r.Event]; held {
					continue
				}
			}
			rs.put(k, r)
		}
	}
}

// validRecord checks a restored record as Apply checks an event.
func validRecord(path string, co *cobj, per metric.Period, r ErrorRateRecord) error {
	if r.Count == nil && r.Exclusion == nil {
		return corrupt(path, "record %x of objective %s holds neither a count nor an exclusion", r.Event, co.o.ID)
	}
	if c := r.Count; c != nil {
		sl := co.er.spec.Slice
		if c.Total < 0 || c.Total > MaxSliceRequests || c.Failed < 0 || c.Failed > c.Total ||
			c.Start.Before(per.Start) || c.Start.Add(sl).After(per.End) || c.Start.Sub(per.Start)%sl != 0 {
			return corrupt(path+".count", "record %x of objective %s holds a count Apply could not have made", r.Event, co.o.ID)
		}
	}
	if x := r.Exclusion; x != nil && x.End.Before(x.Start) {
		return corrupt(path+".exclusion", "record %x of objective %s holds an exclusion that ends before it starts", r.Event, co.o.ID)
	}
	return nil
}

func sameRecord(a, b ErrorRateRecord) bool {
	eqC := (a.Count == nil) == (b.Count == nil) && (a.Count == nil || (a.Count.Start.Equal(b.Count.Start) && a.Count.Total == b.Count.Total && a.Count.Failed == b.Count.Failed))
	eqX := (a.Exclusion == nil) == (b.Exclusion == nil) && (a.Exclusion == nil || (a.Exclusion.Start.Equal(b.Exclusion.Start) && a.Exclusion.End.Equal(b.Exclusion.End) && a.Exclusion.Reason == b.Exclusion.Reason && a.Exclusion.Announced.Equal(b.Exclusion.Announced)))
	return eqC && eqX
}
