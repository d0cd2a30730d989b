package sla

import (
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/metric"
	"github.com/slaeval/slaeval/penalty"
)

// Compliance split by an attribute.
//
// A ratio objective with TargetBy ("priority") and Targets ({"when":
// "urgent", "target": {"atLeast": "95"}}) judges the items of its Of
// objective per value of that subject attribute: for each listed value,
// the items of the subjects whose latest value it is (as scope tests read
// subjects), against that value's target and the ratio's minimumCount.
// Subjects with another value, or none, are in no segment. Each value is
// a period row of its own (PeriodReport.By and Segment) and an outcome of
// its own for penalties, named "objective[value]"; each penalty rule of
// the objective applies to every value (as the rule "rule[value]") or,
// with When, to that value only (as the rule itself); earn-back follows
// each value's outcomes. The objective as a whole is also an outcome,
// under its own ID, for pools and chronic clauses (a chronic clause on
// reached caps is refused: the caps are reached per value): missed when a value is missed, excused when none is missed
// and one is excused, at the lowest attainment of its values, with their
// breaches added up.

// maxSegments bounds the values one objective's items are split by (an
// item keeps its value's index in a byte).
const maxSegments = 255

// segKey is how the items of one clock or deadline objective are split
// for the ratio objectives over it: by the subject attribute Attr, into
// Values (an item's seg is its value's index + 1; 0: no listed value). It
// is shared by every version, so indexes never change once given.
type segKey struct {
	attr   string
	values []string
	index  map[string]uint8
}

// add returns the index + 1 of value, adding it.
func (k *segKey) add(value string) (uint8, bool) {
	if i, ok := k.index[value]; ok {
		return i, true
	}
	if len(k.values) >= maxSegments {
		return 0, false
	}
	k.values = append(k.values, value)
	k.index[value] = uint8(len(k.values))
	return uint8(len(k.values)), true
}

// value returns the value of seg; "" for 0.
func (k *segKey) value(seg uint8) string {
	if k == nil || seg == 0 || int(seg) > len(k.values) {
		return ""
	}
	return k.values[seg-1]
}

// seg returns the seg of value: 0 for ""; ok is false for a value k does
// not split by (any value but "" when k is nil).
func (k *segKey) seg(value string) (uint8, bool) {
	if value == "" {
		return 0, true
	}
	if k == nil {
		return 0, false
	}
	s, ok := k.index[value]
	return s, ok
}

// mark sets the seg of items, all of one subject whose attributes are se.
func (k *segKey) mark(items []item, se *metric.Event) {
	v, _ := se.Attr(k.attr) // no value: "", which no segment has (seg 0, in no row)
	seg := k.index[v]
	for i := range items {
		items[i].seg = seg
	}
}

// ratioSplit is a ratio objective split by an attribute: one segment per
// entry of its Targets, in their order.
type ratioSplit struct {
	key  *segKey
	segs []ratioSeg
}

type ratioSeg struct {
	value string
	seg   uint8
	spec  metric.RatioSpec
}

// isSplit reports whether o is a ratio split by an attribute.
func isSplit(o Objective) bool { return o.Metric.Kind == KindRatio && o.TargetBy != "" }

// segObjective names the outcome of one value of a split objective.
func segObjective(id, value string) string { return id + "[" + value + "]" }

// compileSplit compiles the ratio objective co split by its TargetBy.
func (p *program) compileSplit(co *cobj, path string) error {
	o := co.o
	if p.segs == nil {
		p.segs = map[string]*segKey{}
	}
	k := p.segs[co.ratioOf]
	if k == nil {
		k = &segKey{attr: o.TargetBy, index: map[string]uint8{}}
		p.segs[co.ratioOf] = k
	}
	if k.attr != o.TargetBy {
		return unsupported(path+".targetBy", fmt.Sprintf("the items of %q are already split by %q for another ratio; split every ratio over one objective by the same attribute", co.ratioOf, k.attr))
	}
	p.track(o.TargetBy, path+".targetBy")
	sp := &ratioSplit{key: k}
	for i, t := range o.Targets {
		seg, ok := k.add(t.When)
		if !ok {
			return unsupported(fmt.Sprintf("%s.targets[%d]", path, i), fmt.Sprintf("the ratios over %q split it into more than %d values", co.ratioOf, maxSegments))
		}
		// Validation requires an atLeast on each (TestSplitValidation).
		sp.segs = append(sp.segs, ratioSeg{value: t.When, seg: seg, spec: metric.RatioSpec{Target: *t.Target.AtLeast, MinCount: co.ratioSpec.MinCount}})
	}
	co.split = sp
	return nil
}

// splitRatio checks what a ratio split by TargetBy needs beyond any
// objective with targets: each value's own atLeast, and no Target beside
// them (subjects with other values are in no segment).
func (v *validator) splitRatio(path string, o Objective) {
	if !isSplit(o) {
		return
	}
	if o.Target != nil {
		v.add(join(path, "target"), ErrInvalid, "a ratio split by targetBy judges each value against its own target in targets; subjects with other values are not counted: leave target out, or add their values to targets")
	}
	for i, t := range o.Targets {
		if t.Target.AtLeast == nil {
			v.add(join(idx(path, "targets", i), "target.atLeast"), ErrMissing, "the share of "+quote(t.When)+" subjects to meet the target, e.g. \"95\"")
		}
	}
}

// penaltyWhen checks a penalty rule's When: a value of its split ratio.
func (v *validator) penaltyWhen(path string, r PenaltyRule, o Objective) {
	if r.When == "" {
		return
	}
	if !isSplit(o) {
		v.add(join(path, "when"), ErrInvalid, "when names a value of a ratio split by targetBy; this objective is not one")
		return
	}
	for _, t := range o.Targets {
		if t.When == r.When {
			return
		}
	}
	v.add(join(path, "when"), ErrUnknownRef, quote(r.When)+" is not one of the values in the objective's targets")
}

// splitRules returns the penalty rules that rule r, compiled as pr, gives
// on objective o: pr itself on an objective that is not split; on a split
// ratio one rule per value (named "rule[value]"), or for the value When
// names only (named as the rule), each on that value's outcome and, for a
// step rule, from that value's target.
func splitRules(o Objective, r PenaltyRule, pr penalty.Rule) []penalty.Rule {
	if !isSplit(o) {
		return []penalty.Rule{pr}
	}
	var out []penalty.Rule
	for _, t := range o.Targets {
		if r.When != "" && t.When != r.When {
			continue
		}
		x := pr
		x.Caps = slices.Clone(pr.Caps)
		x.Objective = segObjective(o.ID, t.When)
		if r.When == "" {
			x.Name = segObjective(r.ID, t.When)
		}
		if x.Kind == penalty.Stepped && t.Target.AtLeast != nil {
			x.Step.Target = *t.Target.AtLeast
		}
		out = append(out, x)
	}
	return out
}

// ruleNames returns the names the credits of rule r of objective o are
// settled under: its ID, or on a split ratio without When, "ID[value]"
// for each value.
func ruleNames(o Objective, r PenaltyRule) []string {
	if !isSplit(o) || r.When != "" {
		return []string{r.ID}
	}
	var out []string
	for _, t := range o.Targets {
		out = append(out, segObjective(r.ID, t.When))
	}
	return out
}

// countsInto puts the counts c of a period's items in the period row pr
// and the outcome oc, and returns them as a ratio.
func countsInto(pr *PeriodReport, oc *penalty.Outcome, c itemCounts) metric.Ratio {
	pr.Met, pr.Excused, pr.Missed, pr.Pending = c.met, c.excused, c.missed, c.pending
	oc.Breaches = int(c.missed)
	for _, l := range c.late {
		oc.Late = append(oc.Late, penalty.Duration(l))
	}
	return metric.Ratio{Met: c.met, Breached: c.missed, Pending: c.pending}
}

// judgeRatio sets pr's attainment and verdict from r under spec.
func judgeRatio(pr *PeriodReport, r metric.Ratio, spec metric.RatioSpec) {
	pr.Attainment = pct(r.Attainment())
	switch spec.Judge(r) {
	case metric.Achieved:
		pr.Verdict = VerdictAchieved
	case metric.Missed:
		pr.Verdict = VerdictMissed
	}
}

// splitPeriod reports the split ratio co of version vi (labelled label) in
// period per as of asOf: one row per value, and the outcomes of the final
// ones, each value's and the objective's. done holds the version's rows
// reported so far (for ExcusedBy).
func (ev *Evaluator) splitPeriod(vi int, label string, co *cobj, per metric.Period, asOf time.Time, src itemSource, done []PeriodReport) ([]PeriodReport, []periodOutcome) {
	final := periodFinal(co, per, asOf)
	var rows []PeriodReport
	var outs []periodOutcome
	whole := penalty.Outcome{Objective: co.o.ID, Met: true, Attainment: decimal.NewFromInt(100)}
	assessed, missed, excused := false, false, false
	for _, sg := range co.split.segs {
		pr := PeriodReport{Objective: co.o.ID, Version: label, Period: per, Final: final, Verdict: VerdictNotAssessed, By: co.o.TargetBy, Segment: sg.value}
		oc := penalty.Outcome{Objective: segObjective(co.o.ID, sg.value)}
		judgeRatio(&pr, countsInto(&pr, &oc, src.inSeg(co.ratioOf, sg.seg, per, false)), sg.spec)
		if pr.Verdict == VerdictMissed && ev.periodExcused(co, per, src, done) {
			pr.Verdict, oc.Excused = VerdictExcused, true
		}
		rows = append(rows, pr)
		if !final || pr.Verdict == VerdictNotAssessed {
			continue
		}
		oc.Met = pr.Verdict == VerdictAchieved
		if pr.Attainment != nil {
			oc.Attainment = clamp(*pr.Attainment)
		}
		outs = append(outs, periodOutcome{end: per.End, out: oc})
		assessed = true
		missed = missed || pr.Verdict == VerdictMissed
		excused = excused || pr.Verdict == VerdictExcused
		if oc.Attainment.LessThan(whole.Attainment) {
			whole.Attainment = oc.Attainment
		}
		whole.Breaches += oc.Breaches
		whole.Late = append(whole.Late, oc.Late...)
	}
	if assessed {
		whole.Met = !missed && !excused
		whole.Excused = !missed && excused
		outs = append(outs, periodOutcome{end: per.End, out: whole})
	}
	return rows, outs
}
