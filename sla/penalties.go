package sla

import (
	"slices"
	"time"

	"github.com/slaeval/slaeval/penalty"
)

// obligations summarises each obligation of each version in force by asOf
// from the items and periods of the objectives that measure it.
func (ev *Evaluator) obligations(asOf time.Time, items map[string][]item, periods []PeriodReport) []ObligationReport {
	var out []ObligationReport
	for vi, v := range ev.p.a.Versions {
		cv := &ev.p.versions[vi]
		if cv.from.After(asOf) {
			continue
		}
		for _, ob := range v.Obligations {
			or := ObligationReport{ID: ob.ID, Version: cv.label, Party: ob.Party, Beneficiary: ob.Beneficiary, Status: "notMeasured"}
			if len(ob.MeasuredBy) > 0 {
				for _, id := range ob.MeasuredBy {
					oi, ok := cv.byID[id]
					if !ok {
						continue
					}
					co := &cv.objs[oi]
					if co.kind == kClock || co.kind == kDeadlineEvents {
						// Judged per item (clock cycle, deadline
						// obligation); availability, though kept per
						// subject, is judged per period below.
						for _, it := range items[id] {
							if it.ver != vi {
								continue
							}
							switch {
							case it.state == StateMet || it.state == StateBreached && (it.excused || it.excluded):
								or.Met++
							case it.state == StateBreached:
								or.Missed++
							default:
								or.Pending++
							}
						}
						continue
					}
					for _, pr := range periods {
						if pr.Objective != id || pr.Version != cv.label {
							continue
						}
						switch {
						case !pr.Final:
							or.Pending++
						case pr.Verdict == VerdictAchieved || pr.Verdict == VerdictExcused:
							or.Met++
						case pr.Verdict == VerdictMissed:
							or.Missed++
						}
					}
				}
				switch {
				case or.Missed > 0:
					or.Status = VerdictMissed
				case or.Pending > 0 || or.Met == 0:
					or.Status = StatePending
				default:
					or.Status = StateMet
				}
			}
			out = append(out, or)
		}
	}
	return out
}

// penalties evaluates each version's schedule over the final credit months
// it is in force for, carrying settled history across versions so rolling
// and total caps and chronic clauses see earlier months.
func (ev *Evaluator) penalties(r *Report, asOf time.Time, outs []periodOutcome) {
	p := ev.p
	history := settledHistory(p.a, p.loc)
	r.History = slices.Clone(history)
	cur := penalty.Currency(p.a.Currency)
	total, bonus := penalty.Zero(cur), penalty.Zero(cur)
	any := false
	for vi := range p.versions {
		v := &p.versions[vi]
		if v.schedule == nil {
			continue
		}
		to := asOf
		if !v.to.IsZero() && v.to.Before(to) {
			to = v.to
		}
		var inputs []penalty.PeriodInput
		for per := range p.month.Periods(v.from, to) {
			if per.End.After(asOf) || per.Start.Before(v.from) {
				continue
			}
			if len(inputs) >= maxPeriods {
				break
			}
			in := penalty.PeriodInput{Period: per}
			for _, o := range outs {
				if o.v == vi && o.end.After(per.Start) && !o.end.After(per.End) {
					in.Outcomes = append(in.Outcomes, o.out)
				}
			}
			for _, c := range v.schedule.Charges {
				u := penalty.Usage{Charge: c.Name}
				x, ok := ev.usage[usageKey{c.Name, per.Start.UnixNano()}]
				if c.Kind == penalty.Supplied {
					u.Amount = penalty.Zero(cur)
					if ok {
						u.Amount = penalty.New(x, cur)
					}
				} else if ok {
					u.Units = x
				}
				in.Usage = append(in.Usage, u)
			}
			inputs = append(inputs, in)
		}
		if len(inputs) == 0 {
			continue
		}
		res, err := v.schedule.Evaluate(history, inputs)
		if err != nil {
			// The schedule was validated when compiled; inputs built here
			// are valid by construction. Report nothing rather than guess.
			continue
		}
		any = true
		for i, pr := range res.Periods {
			r.Penalties = append(r.Penalties, PenaltyPeriod{Version: v.label, PeriodResult: pr})
			history = append(history, penalty.Settle(inputs[i], pr))
		}
		total, _ = total.Add(res.Credit)
		bonus, _ = bonus.Add(res.Bonus)
		r.Terminations = append(r.Terminations, res.Terminations...)
	}
	if any {
		r.Credit, r.Bonus = total, bonus
	}
}
