package sla

import (
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/metric"
	"github.com/slaeval/slaeval/penalty"
)

// periodOutcome is a final period's outcome for penalties.
type periodOutcome struct {
	v   int
	end time.Time // end of the objective's period
	out penalty.Outcome
}

// maxPeriods bounds the periods reported per objective (a century of
// months), so no asOf makes a report unbounded.
const maxPeriods = 1200

// objPeriods returns the periods of co under version v up to asOf: those
// starting while v is in force and before asOf.
func (ev *Evaluator) objPeriods(v *cversion, co *cobj, asOf time.Time) []metric.Period {
	if co.rolling {
		end := asOf
		if !v.to.IsZero() && v.to.Before(end) {
			end = v.to
		}
		if !end.After(v.from) {
			return nil
		}
		return []metric.Period{co.window.Ending(end)}
	}
	var out []metric.Period
	to := asOf
	if !v.to.IsZero() && v.to.Before(to) {
		to = v.to
	}
	for per := range co.grid.Periods(v.from, to) {
		if per.Start.Before(v.from) && co.kind != kDeadlinePeriod {
			// The period straddling the version's start belongs to the
			// version in force at its start, if any.
			if _, ok := ev.versionAt(per.Start); ok {
				continue
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

func pct(d decimal.Decimal, ok bool) *decimal.Decimal {
	if !ok {
		return nil
	}
	return &d
}

func (ev *Evaluator) periodReports(asOf time.Time, items map[string][]item, avail map[[2]int][]*avSlot) ([]PeriodReport, []periodOutcome) {
	var out []PeriodReport
	var outs []periodOutcome
	p := ev.p
	for vi := range p.versions {
		v := &p.versions[vi]
		var vreports []PeriodReport
		for oi := range v.objs {
			co := &v.objs[oi]
			var doneIdx int
			for _, per := range ev.objPeriods(v, co, asOf) {
				pr := PeriodReport{Objective: co.o.ID, Version: v.label, Period: per, Final: !per.End.After(asOf) && !co.rolling, Verdict: VerdictNotAssessed}
				oc := penalty.Outcome{Objective: co.o.ID}
				switch co.kind {
				case kClock, kDeadlineEvents, kRatio:
					of := co.o.ID
					if co.kind == kRatio {
						of = co.ratioOf
					}
					var r metric.Ratio
					for _, it := range items[of] {
						if !per.Contains(it.at) {
							continue
						}
						switch {
						case it.state == StateMet:
							pr.Met++
							r.Met++
						case it.state == StateBreached && (it.excused || it.excluded):
							pr.Excused++
						case it.state == StateBreached:
							pr.Missed++
							r.Breached++
							oc.Breaches++
							if it.late > 0 {
								oc.Late = append(oc.Late, penalty.Duration(it.late))
							}
						default:
							pr.Pending++
							r.Pending++
						}
					}
					pr.Attainment = pct(r.Attainment())
					if co.kind == kRatio {
						switch co.ratioSpec.Judge(r) {
						case metric.Achieved:
							pr.Verdict = VerdictAchieved
						case metric.Missed:
							pr.Verdict = VerdictMissed
						}
					} else if r.Met+r.Breached > 0 || pr.Excused > 0 {
						pr.Verdict = VerdictAchieved
						if r.Breached > 0 {
							pr.Verdict = VerdictMissed
						}
					}
				case kDeadlinePeriod:
					anchor := per.End
					pr.Due = co.deadline.Due(anchor)
					ds := ev.done[co.o.ID]
					for doneIdx < len(ds) && ds[doneIdx].Before(anchor) {
						doneIdx++
					}
					var done time.Time
					if doneIdx < len(ds) {
						done = ds[doneIdx]
						doneIdx++
					}
					js := co.deadline.Judge(anchor, done, asOf)
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
					slots := avail[[2]int{vi, oi}]
					if len(slots) == 0 {
						res, err := co.avail.Measure(per, nil, nil)
						if err == nil {
							agg = res.Availability
						}
					}
					for _, a := range slots {
						down := a.down
						if a.open {
							down = append(slices.Clip(down), metric.Downtime{Period: metric.Period{Start: a.openAt, End: asOf}, Cause: a.cause})
						}
						end := per
						if end.End.After(asOf) {
							end.End = asOf
						}
						res, err := co.avail.Measure(end, down, a.excl)
						if err == nil {
							agg = agg.Merge(res.Availability)
						}
					}
					pr.Service, pr.Down, pr.Excluded = penalty.Duration(agg.Service), penalty.Duration(agg.Down), penalty.Duration(agg.Excluded)
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
					vol := ev.volumeIn(vi, oi, co, per)
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
						for _, it := range items[co.pctOf] {
							if it.closed && per.Contains(it.at) {
								d.AddDuration(it.elapsed)
							}
						}
					} else {
						d = ev.distIn(vi, oi, co, per)
					}
					verdict, val, err := co.pctSpec.Judge(d)
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
				if pr.Verdict == VerdictMissed && co.kind != kClock && co.kind != kDeadlineEvents && ev.periodExcused(co, per, items, vreports) {
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
					outs = append(outs, periodOutcome{v: vi, end: per.End, out: oc})
				}
			}
		}
		out = append(out, vreports...)
	}
	return out, outs
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
func (ev *Evaluator) periodExcused(co *cobj, per metric.Period, items map[string][]item, done []PeriodReport) bool {
	for _, id := range co.o.ExcusedBy {
		for _, it := range items[id] {
			if it.state == StateBreached && per.Contains(it.at) {
				return true
			}
		}
		for _, pr := range done {
			if pr.Objective == id && pr.Verdict == VerdictMissed && pr.Period.Start.Before(per.End) && per.Start.Before(pr.Period.End) {
				return true
			}
		}
	}
	return false
}

func (ev *Evaluator) volumeIn(vi, oi int, co *cobj, per metric.Period) metric.Volume {
	vol := metric.Volume{Period: per}
	for k, x := range ev.vols {
		if k.v == vi && k.o == oi && per.Contains(time.Unix(0, k.start)) {
			vol = vol.Merge(*x)
		}
	}
	vol.Period = per
	return vol
}

func (ev *Evaluator) distIn(vi, oi int, co *cobj, per metric.Period) metric.Distribution {
	d := metric.Distribution{Period: per}
	for k, x := range ev.dists {
		if k.v == vi && k.o == oi && per.Contains(time.Unix(0, k.start)) {
			d = d.Merge(*x)
		}
	}
	d.Period = per
	return d
}
