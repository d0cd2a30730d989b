package sla

import "fmt"

// unevaluated lists, as *Error values wrapping ErrUnsupported, the fields
// of a that the evaluator accepts in the JSON form but could not apply, so
// that NewEvaluator refuses them instead of ignoring them:
//
//   - term.terminationForCause.curePeriod and .notice: the right to
//     terminate arises when a chronic failure named in chronicFailures
//     arises; a cure period after notice would need the notice as an event
//     and a definition of the cure, which the evaluator does not have.
//   - events, a notice or a window on an exclusion that is not a
//     maintenance exclusion: only maintenance is announced; other
//     exclusions are matched by cause.
//   - exclusions on volume, ratio, percentile and period-end deadline
//     objectives, which have no subject whose cause could match, and a
//     calendar on volume, ratio and percentile objectives, which are not
//     measured on one.
//   - a maintenance exclusion with a notice, window or announcement events
//     listed by an objective other than availability: clocks and deadlines
//     match exclusions by the subject's cause only, so the notice and the
//     window would not be checked.
//
// Every other field is evaluated, or is descriptive (names, descriptions,
// contacts, locations, standards, inclusions, approvals, the change note,
// the parties who may terminate, a customer-caused exclusion's party, an
// objective's responsible and recipient contacts): kept in the agreement
// and its JSON, with no effect on any verdict or amount.
func unevaluated(a Agreement) []error {
	var errs []error
	if fc := a.Term.ForCause; fc != nil {
		if !fc.Cure.IsZero() {
			errs = append(errs, unsupported("term.terminationForCause.curePeriod",
				"a cure period is not evaluated: the termination right is reported when the chronic failure arises; remove curePeriod, and let the host apply the cure"))
		}
		if !fc.Notice.IsZero() {
			errs = append(errs, unsupported("term.terminationForCause.notice",
				"a notice period for termination for cause is not evaluated: the termination right is reported when the chronic failure arises; remove notice"))
		}
	}
	for vi, v := range a.Versions {
		maint := map[string]bool{}
		for xi, x := range v.Exclusions {
			if x.Kind != ExcludeMaintenance {
				xp := fmt.Sprintf("versions[%d].exclusions[%d]", vi, xi)
				for _, f := range []struct {
					name string
					set  bool
				}{{"events", len(x.Events) > 0}, {"notice", !x.Notice.IsZero()}, {"window", x.Window != ""}} {
					if f.set {
						errs = append(errs, unsupported(xp+"."+f.name,
							"only a maintenance exclusion has announcements, a notice and a window; a "+x.Kind+" exclusion is matched by its causes, so remove "+f.name))
					}
				}
			}
			if x.Kind == ExcludeMaintenance && (!x.Notice.IsZero() || x.Window != "" || len(x.Events) > 0) {
				maint[x.ID] = true
			}
		}
		for oi, o := range v.Objectives {
			op := fmt.Sprintf("versions[%d].objectives[%d]", vi, oi)
			switch {
			case o.Metric.Kind == "volume" || o.Metric.Kind == "ratio" || o.Metric.Kind == "percentile":
				if o.Calendar != "" {
					errs = append(errs, unsupported(op+".calendar",
						"a "+o.Metric.Kind+" objective is not measured on a calendar (its periods are in the agreement's zone); remove calendar"))
				}
				if len(o.Exclusions) > 0 {
					errs = append(errs, unsupported(op+".exclusions",
						"exclusions apply to clocks, event-anchored deadlines and availability; a "+o.Metric.Kind+" objective does not match causes, so remove exclusions"))
				}
				continue
			case o.Metric.Kind == "deadline" && o.Metric.Deadline != nil && o.Metric.Deadline.Anchor.PeriodEnd != "":
				if len(o.Exclusions) > 0 {
					errs = append(errs, unsupported(op+".exclusions",
						"exclusions apply to clocks, event-anchored deadlines and availability; a deadline after each period's end has no subject whose cause could match, so remove exclusions"))
				}
				continue
			case o.Metric.Kind == "availability":
				continue
			}
			for ei, id := range o.Exclusions {
				if maint[id] {
					errs = append(errs, unsupported(fmt.Sprintf("%s.exclusions[%d]", op, ei),
						"exclusion "+quote(id)+" checks a notice, window or announcement events, which only availability objectives evaluate; a "+o.Metric.Kind+" objective matches exclusions by cause alone: list an exclusion with the same causes and no notice, window or events"))
				}
			}
		}
	}
	return errs
}
