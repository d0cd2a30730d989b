package sla

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/metric"
	"github.com/slaeval/slaeval/penalty"
)

// periodOutcome is a final period's outcome for penalties: it counts in
// the credit month its period ends in.
type periodOutcome struct {
	end time.Time // end of the objective's period
	out penalty.Outcome
}

// maxPeriods bounds the periods reported per objective (a century of
// months), so no asOf makes a report unbounded.
const maxPeriods = 1200

// objPeriods returns the periods of co under version v up to asOf: those
// starting while v is in force and before asOf, and the one straddling
// v's start unless the version in force at its start has the objective.
func (ev *Evaluator) objPeriods(v *cversion, co *cobj, asOf time.Time) []metric.Period {
	if co.rolling {
		return ev.rollingPeriods(v, co, asOf) // rolling_penalty.go
	}
	var out []metric.Period
	to := asOf
	if !v.to.IsZero() && v.to.Before(to) {
		to = v.to
	}
	for per := range co.grid.Periods(v.from, to) {
		if per.Start.Before(v.from) {
			// The period straddling the version's start belongs to the
			// version in force at its start, when that version has the
			// objective; else (an objective new in v) to v.
			if pv, ok := ev.versionAt(per.Start); ok {
				if _, has := ev.p.versions[pv].byID[co.o.ID]; has && &ev.p.versions[pv] != v {
					continue
				}
			}
		}
		if co.kind == kDeadlinePeriod && per.End.After(asOf) {
			break
		}
		out = append(out, per)
		if len(out) >= maxPeriods {
			break
		}
	}
	return out
}

// termPart returns the part of per within the agreement's term (the
// whole of per when the term has no end and per starts within it).
func (p *program) termPart(per metric.Period) metric.Period {
	if from := p.a.Term.EffectiveFrom; from.After(per.Start) && from.Before(per.End) {
		per.Start = from
	}
	if end := p.end; !end.IsZero() && end.After(per.Start) && end.Before(per.End) {
		per.End = end
	}
	return per
}

// coveredPart returns the part of per within span (a zero bound is open)
// and before asOf, and false when that part is empty.
func coveredPart(per, span metric.Period, asOf time.Time) (metric.Period, bool) {
	if span.Start.After(per.Start) {
		per.Start = span.Start
	}
	if !span.End.IsZero() && span.End.Before(per.End) {
		per.End = span.End
	}
	if asOf.Before(per.End) {
		per.End = asOf
	}
	return per, per.Start.Before(per.End)
}

func pct(d decimal.Decimal, ok bool) *decimal.Decimal {
	if !ok {
		return nil
	}
	return &d
}

// periodReports judges every objective's periods up to asOf; a period
// whose measurement fails is reported not assessed, with the failure in
// errs.
func (ev *Evaluator) periodReports(asOf time.Time, src itemSource, avail map[string][]availSlot) (out []PeriodReport, outs []periodOutcome, errs []ReportError) {
	p := ev.p
	// Each period takes its items by binary search (itemsIn) rather than
	// by a scan of them all: with many periods and many subjects the scan
	// was the report's main cost.
	for _, list := range src.items {
		slices.SortFunc(list, func(a, b item) int { return a.at.Compare(b.at) })
	}
	doneBy := map[string]map[int64]time.Time{} // period-end deadline objective → assignDone
	for vi := range p.versions {
		v := &p.versions[vi]
		var vreports []PeriodReport
		for oi := range v.objs {
			co := &v.objs[oi]
			if co.kind == kDeadlinePeriod && doneBy[co.o.ID] == nil {
				doneBy[co.o.ID] = ev.assignDone(co.o.ID, ev.deadlinePeriods(co.o.ID, asOf), asOf)
			}
			for _, per := range ev.objPeriods(v, co, asOf) {
				if co.split != nil {
					rows, segOuts := ev.splitPeriod(vi, v.label, co, per, asOf, src, vreports) // compliance_split.go
					vreports, outs = append(vreports, rows...), append(outs, segOuts...)
					continue
				}
				fail := func(err error) {
					errs = append(errs, reportError(fmt.Sprintf("periods[%s %s]", co.o.ID, per.Start.Format(time.DateOnly)), err))
				}
				pr := PeriodReport{Objective: co.o.ID, Version: v.label, Period: per, Final: periodFinal(co, per, asOf), Verdict: VerdictNotAssessed}
				oc := penalty.Outcome{Objective: co.o.ID}
				switch co.kind {
				case kClock, kDeadlineEvents, kRatio:
					of := co.o.ID
					if co.kind == kRatio {
						of = co.ratioOf
					}
					r := countsInto(&pr, &oc, src.in(of, per, false))
					pr.Attainment = pct(r.Attainment())
					if co.kind == kRatio {
						judgeRatio(&pr, r, co.ratioSpec)
					} else if r.Met+r.Breached > 0 || pr.Excused > 0 {
						pr.Verdict = VerdictAchieved
						if r.Breached > 0 {
							pr.Verdict = VerdictMissed
						}
					}
				case kDeadlinePeriod:
					anchor := per.End
					pr.Due = co.deadline.Due(anchor)
					js := co.deadline.Judge(anchor, doneBy[co.o.ID][per.Start.UnixNano()], asOf)
					pr.Done = js.Done
					pr.Final = js.State != metric.DeadlinePending
					switch js.State {
					case metric.DeadlineMet:
						pr.Verdict, pr.Met = VerdictAchieved, 1
					case metric.DeadlineMissed:
						pr.Verdict, pr.Missed = VerdictMissed, 1
						oc.Breaches = 1
						late := js.Late
						if co.lateUnitBusiness {
							late = js.LateBusiness
						}
						oc.Late = []penalty.Duration{penalty.Duration(late)}
					default:
						pr.Pending = 1
					}
					a := decimal.NewFromInt(100 * pr.Met)
					pr.Attainment = &a
				case kAvailability:
					var agg metric.Availability
					agg.Period = per
					var failed error
					measured := false
					// Service is owed within the term only: a period
					// straddling its start or end is measured over the
					// part within it.
					in := ev.p.termPart(per)
					slots := avail[co.o.ID]
					for len(slots) > 0 {
						// A subject's consecutive states, one after the
						// other in time, are measured together: a
						// downtime split at an amendment (rehome) is one
						// run, as long as both parts.
						n := 1
						for n < len(slots) && slots[n].owner == slots[0].owner && !slots[n-1].span.End.IsZero() && slots[n-1].span.End.Equal(slots[n].span.Start) {
							n++
						}
						group := slots[:n]
						slots = slots[n:]
						end, ok := coveredPart(in, metric.Period{Start: group[0].span.Start, End: group[n-1].span.End}, asOf)
						if !ok {
							continue
						}
						measured = true
						var down []metric.Downtime
						var excl []metric.Exclusion
						for _, a := range group {
							down = append(down, a.down...)
							if a.open {
								// An open downtime runs to asOf, or is empty
								// when it opened after asOf.
								down = append(down, metric.Downtime{Period: metric.Period{Start: a.openAt, End: later(a.openAt, asOf)}, Cause: a.cause})
							}
							excl = append(excl, a.excl...)
						}
						res, err := co.avail.Measure(end, down, excl)
						if err != nil {
							failed = err
							break
						}
						agg = agg.Merge(res.Availability)
						pr.Counted = append(pr.Counted, res.Counted...)
						pr.Short = append(pr.Short, res.Short...)
						pr.Exclusions = append(pr.Exclusions, res.Applied...)
						pr.LateNotice = append(pr.LateNotice, res.Rejected...)
					}
					if !measured {
						res, err := co.avail.Measure(in, nil, nil)
						failed = err
						agg = res.Availability
					}
					sortSpans(pr.Counted, pr.Short)
					sortExclusions(pr.Exclusions, pr.LateNotice)
					if failed != nil {
						// The measure of part of the period is missing: no
						// verdict rather than a wrong one.
						pr.Counted, pr.Short, pr.Exclusions, pr.LateNotice = nil, nil, nil, nil
						fail(failed)
						vreports = append(vreports, pr)
						continue
					}
					pr.Service, pr.Down, pr.Excluded = agg.Service, agg.Down, agg.Excluded
					pr.Attainment = pct(agg.Attainment())
					switch agg.Judge(*co.levelLeast) {
					case metric.Achieved:
						pr.Verdict = VerdictAchieved
					case metric.Missed:
						pr.Verdict = VerdictMissed
						oc.Breaches = int(agg.Incidents)
					}
				case kErrorRate:
					oc.Breaches = ev.rates.period(ev.p, &pr, vi, oi, per, asOf)
				case kVolume:
					vol := ev.volumeIn(co, per)
					pr.Value = &vol.Total
					pr.Segments = co.volume.Judge(vol)
					pr.Verdict = VerdictAchieved
					att := decimal.NewFromInt(100)
					for _, sr := range pr.Segments {
						if !sr.Met {
							pr.Verdict = VerdictMissed
							oc.Breaches++
							if sr.Target.Bound == metric.AtLeast && sr.Target.Value.Sign() > 0 {
								// Truncated toward zero at metric.Precision, as
								// metric documents for attainments: QuoRem's
								// quotient is exact to the digit, unlike
								// DivRound, which rounds half up first.
								a, _ := sr.Value.Mul(decimal.NewFromInt(100)).QuoRem(sr.Target.Value, metric.Precision)
								if a.LessThan(att) {
									att = a
								}
							}
						}
					}
					if pr.Verdict == VerdictMissed && att.Equal(decimal.NewFromInt(100)) {
						att = decimal.Zero
					}
					pr.Attainment = &att
				case kPercentile:
					var d metric.Distribution
					if co.pctOf != "" {
						// Seconds, exact to the nanosecond (as
						// Distribution.AddDuration), sorted once.
						for _, e := range src.in(co.pctOf, per, true).elapsed {
							d.Values = append(d.Values, decimal.New(int64(e), -9))
						}
					} else {
						d = ev.distIn(co, per)
					}
					verdict, val, err := co.pctSpec.Judge(d)
					if err != nil {
						fail(err)
					}
					if err == nil && verdict != metric.NotAssessed {
						pr.Value = &val
						pr.Verdict = VerdictAchieved
						a := decimal.NewFromInt(100)
						if verdict == metric.Missed {
							pr.Verdict, a = VerdictMissed, decimal.Zero
						}
						pr.Attainment = &a
					}
				}
				if pr.Verdict == VerdictMissed && co.kind != kClock && co.kind != kDeadlineEvents && ev.periodExcused(co, per, src, vreports) {
					pr.Verdict = VerdictExcused
					oc.Excused = true
				}
				vreports = append(vreports, pr)
				if pr.Final && pr.Verdict != VerdictNotAssessed {
					oc.Met = pr.Verdict == VerdictAchieved
					if pr.Attainment != nil {
						oc.Attainment = clamp(*pr.Attainment)
					} else if oc.Met {
						oc.Attainment = decimal.NewFromInt(100)
					}
					outs = append(outs, periodOutcome{end: per.End, out: oc})
				}
			}
		}
		out = append(out, vreports...)
	}
	return out, outs, errs
}

// itemsIn returns the items of list, sorted by instant, that per contains
// (at in [per.Start, per.End)).
func itemsIn(list []item, per metric.Period) []item {
	cmpAt := func(it item, t time.Time) int { return it.at.Compare(t) }
	// The positions only: the first item at or after each bound.
	i, _ := slices.BinarySearchFunc(list, per.Start, cmpAt)
	j, _ := slices.BinarySearchFunc(list[i:], per.End, cmpAt)
	return list[i : i+j]
}

// sortSpans sorts each list of periods by start, then end.
func sortSpans(lists ...[]metric.Period) {
	for _, l := range lists {
		slices.SortFunc(l, func(a, b metric.Period) int { return cmp.Or(a.Start.Compare(b.Start), a.End.Compare(b.End)) })
	}
}

// sortExclusions sorts each list of exclusions by start, end and reason.
func sortExclusions(lists ...[]metric.Exclusion) {
	for _, l := range lists {
		slices.SortFunc(l, func(a, b metric.Exclusion) int {
			return cmp.Or(a.Start.Compare(b.Start), a.End.Compare(b.End), strings.Compare(a.Reason, b.Reason))
		})
	}
}

// later is the later of a and b.
func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// deadlinePeriods returns the periods, sorted and distinct, that the
// period-end deadline objective id is reported for up to asOf, over every
// version that has it.
func (ev *Evaluator) deadlinePeriods(id string, asOf time.Time) []metric.Period {
	var pers []metric.Period
	for vi := range ev.p.versions {
		v := &ev.p.versions[vi]
		if oi, ok := v.byID[id]; ok && v.objs[oi].kind == kDeadlinePeriod {
			pers = append(pers, ev.objPeriods(v, &v.objs[oi], asOf)...)
		}
	}
	slices.SortFunc(pers, func(a, b metric.Period) int { return a.Start.Compare(b.Start) })
	return slices.CompactFunc(pers, func(a, b metric.Period) bool { return a.Start.Equal(b.Start) })
}

func clamp(d decimal.Decimal) decimal.Decimal {
	if d.Sign() < 0 {
		return decimal.Zero
	}
	if h := decimal.NewFromInt(100); d.GreaterThan(h) {
		return h
	}
	return d
}

// periodExcused reports whether an objective in co's ExcusedBy was missed
// in the same period: an item of it breached in per, or its own period
// report for a period overlapping per missed.
func (ev *Evaluator) periodExcused(co *cobj, per metric.Period, src itemSource, done []PeriodReport) bool {
	for _, id := range co.o.ExcusedBy {
		if src.in(id, per, false).breached > 0 {
			return true
		}
		for _, pr := range done {
			if pr.Objective == id && pr.Verdict == VerdictMissed && pr.Period.Start.Before(per.End) && per.Start.Before(pr.Period.End) {
				return true
			}
		}
	}
	return false
}

// bucketsOf returns, per version, the index of the objective whose
// event aggregates (ev.vols, ev.dists) count in co's periods: the
// objective with co's ID, when it buckets its events as co does (day
// buckets of rolling periods, or the same calendar grid); -1 when the
// version has none. A period counts the events that fall in it whichever
// version was in force when they came (doc.go), as error-rate counts do.
func (ev *Evaluator) bucketsOf(co *cobj) []int {
	out := make([]int, len(ev.p.versions))
	for vi := range ev.p.versions {
		v := &ev.p.versions[vi]
		out[vi] = -1
		if oi, ok := v.byID[co.o.ID]; ok {
			if o := &v.objs[oi]; o.kind == co.kind && o.rolling == co.rolling && (co.rolling || o.grid == co.grid) {
				out[vi] = oi
			}
		}
	}
	return out
}

// volumeIn is the volume of co's events in per.
func (ev *Evaluator) volumeIn(co *cobj, per metric.Period) metric.Volume {
	vol := metric.Volume{Period: per}
	same := ev.bucketsOf(co)
	for k, x := range ev.vols {
		if same[k.v] == k.o && per.Contains(time.Unix(0, k.start)) {
			vol = vol.Merge(*x)
		}
	}
	vol.Period = per
	return vol
}

// distIn is the distribution of co's values in per.
func (ev *Evaluator) distIn(co *cobj, per metric.Period) metric.Distribution {
	var vals []decimal.Decimal
	same := ev.bucketsOf(co)
	for k, x := range ev.dists {
		if same[k.v] == k.o && per.Contains(time.Unix(0, k.start)) {
			vals = append(vals, x.Values...)
		}
	}
	return metric.Distribution{Period: per, Values: sortedValues(vals)}
}

// sortedValues sorts vals ascending, in place, and returns it: the
// evaluator keeps a distribution's values in arrival order and sorts them
// once when a report or a partial reads them.
func sortedValues(vals []decimal.Decimal) []decimal.Decimal {
	slices.SortFunc(vals, func(a, b decimal.Decimal) int { return a.Cmp(b) })
	return vals
}

// coveredPeriod returns the period of grid g that the AttrPeriod value s
// names, in g's zone: "2026-02-14" for days, "2026-W07" for ISO weeks,
// "2026-02" for months, "2026-Q1" for quarters, "2026" for years.
func coveredPeriod(g metric.Grid, s string) (metric.Period, error) {
	digits := func(x string) (int, bool) {
		if x == "" {
			return 0, false
		}
		for i := 0; i < len(x); i++ {
			if x[i] < '0' || x[i] > '9' {
				return 0, false
			}
		}
		n, err := strconv.Atoi(x)
		return n, err == nil
	}
	loc := g.Location()
	noon := func(y int, m time.Month, d int) metric.Period {
		return g.At(time.Date(y, m, d, 12, 0, 0, 0, loc))
	}
	bad := func(form string) (metric.Period, error) {
		return metric.Period{}, fmt.Errorf("attribute %q = %q does not name a %s: write it like %s", AttrPeriod, s, g.Grain(), form)
	}
	var y int
	var ok bool
	if len(s) >= 4 {
		y, ok = digits(s[:4])
	}
	switch g.Grain() {
	case metric.Year:
		if len(s) != 4 || !ok {
			return bad(`"2026"`)
		}
		return noon(y, time.January, 1), nil
	case metric.Quarter:
		if len(s) != 7 || !ok || s[4:6] != "-Q" || s[6] < '1' || s[6] > '4' {
			return bad(`"2026-Q1"`)
		}
		return noon(y, time.Month(3*int(s[6]-'1')+1), 1), nil
	case metric.Month:
		m, mok := 0, false
		if len(s) == 7 && s[4] == '-' {
			m, mok = digits(s[5:])
		}
		if !ok || !mok || m < 1 || m > 12 {
			return bad(`"2026-02"`)
		}
		return noon(y, time.Month(m), 1), nil
	case metric.Week:
		w, wok := 0, false
		if len(s) == 8 && s[4:6] == "-W" {
			w, wok = digits(s[6:])
		}
		if !ok || !wok || w < 1 || w > 53 {
			return bad(`"2026-W07"`)
		}
		// 4 January is in week 1; its week's Monday starts week 1.
		jan4 := time.Date(y, time.January, 4, 12, 0, 0, 0, loc)
		mon := jan4.AddDate(0, 0, -(int(jan4.Weekday())+6)%7+7*(w-1))
		if gy, gw := mon.ISOWeek(); gy != y || gw != w {
			return bad(`"2026-W07" (a week the year has)`)
		}
		return noon(mon.Year(), mon.Month(), mon.Day()), nil
	case metric.Day:
		d, err := time.ParseInLocation(time.DateOnly, s, loc)
		if err != nil || d.Format(time.DateOnly) != s {
			return bad(`"2026-02-14" (a date that exists)`)
		}
		return noon(d.Year(), d.Month(), d.Day()), nil
	}
	return metric.Period{}, fmt.Errorf("attribute %q: the objective's period has no name form", AttrPeriod)
}

// addDone records a done event of the period-end deadline objective co:
// under the period it names (the earliest such event counts), or among
// the events naming none. check has parsed its AttrPeriod.
func (ev *Evaluator) addDone(co *cobj, e *Event) {
	id := co.o.ID
	if s, ok := e.Attr(AttrPeriod); ok {
		// check parsed it before anything changed
		// (TestIgnoredErrorsCannotHappen).
		per, _ := coveredPeriod(co.grid, s)
		m := ev.doneFor[id]
		if m == nil {
			m = map[int64]time.Time{}
			ev.doneFor[id] = m
		}
		k := per.Start.UnixNano()
		if t, ok := m[k]; !ok || e.At.Before(t) {
			m[k] = e.At
		}
		return
	}
	// Appended in arrival order (O(1)); doneTimes sorts when read, so
	// done events out of order cost no insertion each.
	ev.done[id] = append(ev.done[id], e.At)
}

// doneTimes returns the instants of the done events of objective id that
// name no period, sorted: ev.done's own slice when it is in order (events
// arrive in time order as a rule), else a sorted copy.
func (ev *Evaluator) doneTimes(id string) []time.Time {
	ts := ev.done[id]
	cmpTime := func(a, b time.Time) int { return a.Compare(b) }
	if slices.IsSortedFunc(ts, cmpTime) {
		return ts
	}
	return slices.SortedFunc(slices.Values(ts), cmpTime)
}

// assignDone returns the done instant of each period (by start, Unix ns)
// of the period-end deadline objective id among pers (sorted, distinct),
// counting only done events at or before asOf. A period named by done
// events is done by the earliest of them. Then each event naming no
// period, in time order, covers the latest period that has ended by its
// instant and is not yet done; one that finds none covers nothing. So a
// period whose deliverable never came stays missed and does not take a
// later period's: nothing cascades.
func (ev *Evaluator) assignDone(id string, pers []metric.Period, asOf time.Time) map[int64]time.Time {
	out := map[int64]time.Time{}
	for k, t := range ev.doneFor[id] {
		if !t.After(asOf) {
			out[k] = t
		}
	}
	for _, t := range ev.doneTimes(id) {
		if t.After(asOf) {
			break
		}
		// The periods ended by t are pers[:n].
		n, _ := slices.BinarySearchFunc(pers, t, func(p metric.Period, t time.Time) int {
			if p.End.After(t) {
				return 1
			}
			return -1
		})
		for i := n - 1; i >= 0; i-- {
			k := pers[i].Start.UnixNano()
			if _, done := out[k]; !done {
				out[k] = t
				break
			}
		}
	}
	return out
}

// NamedDone is the earliest done event naming one period (by its start)
// of a period-end deadline objective.
type NamedDone struct {
	Period time.Time `json:"period"`
	At     time.Time `json:"at"`
}

// doneParts returns the done events of period-end deadline objectives in
// their persisted form, by objective, each list in order.
func (ev *Evaluator) doneParts() []DonePart {
	ids := map[string]bool{}
	for id := range ev.done {
		ids[id] = true
	}
	for id := range ev.doneFor {
		ids[id] = true
	}
	var out []DonePart
	for _, id := range slices.Sorted(maps.Keys(ids)) {
		d := DonePart{Objective: id, At: slices.Clone(ev.doneTimes(id))}
		for k, t := range ev.doneFor[id] {
			d.Named = append(d.Named, NamedDone{Period: time.Unix(0, k).In(ev.p.loc), At: t})
		}
		slices.SortFunc(d.Named, func(a, b NamedDone) int { return a.Period.Compare(b.Period) })
		out = append(out, d)
	}
	return out
}

// mergeNamed adds d's named done events: the earliest for a period wins.
func (ev *Evaluator) mergeNamed(d DonePart) {
	for _, n := range d.Named {
		m := ev.doneFor[d.Objective]
		if m == nil {
			m = map[int64]time.Time{}
			ev.doneFor[d.Objective] = m
		}
		k := n.Period.UnixNano()
		if t, ok := m[k]; !ok || n.At.Before(t) {
			m[k] = n.At
		}
	}
}
