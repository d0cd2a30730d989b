package main

// view.go turns a result into what a reader looks for first, as sections of
// tables of words (see words.go). The text and HTML renderers lay these out;
// neither computes a figure of its own, so both say the same.

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/metric"
	"github.com/slaeval/slaeval/sla"
)

// cell is one table cell: its words and how they should look.
type cell struct {
	text, tone string
}

func c(text string) cell { return cell{text: text} }

// table is a titled table; rows are already in the order that matters.
type table struct {
	title   string
	head    []string
	num     []bool     // right-aligned columns
	rows    [][]cell   // each as long as head
	details [][]string // per row (may be nil): explanation lines
	foot    []cell     // may be nil
	more    int        // rows left out of the text (all are in the HTML)
	textMax int        // rows the text shows; 0: all
	class   string     // HTML class for the table's layout; "" for none
}

// section is one heading of the report.
type section struct {
	id, title string
	intro     string
	tables    []table
	lines     []string // sentences after the tables
	empty     string   // said when there are no tables and no lines
}

// glance is one key figure at the top of the page.
type glance struct {
	label, value, detail, tone string
}

// view is the whole report in words.
type view struct {
	title    string
	facts    []string
	glances  []glance
	sections []section
}

func (res *result) view() view {
	a, r := res.agreement, res.report
	v := view{title: a.Title}
	asOf := res.long(r.AsOf)
	if res.defaultAs {
		asOf += " (the latest event)"
	}
	var parties []string
	for _, p := range a.Parties {
		parties = append(parties, fmt.Sprintf("%s (%s)", p.Name, p.Role))
	}
	v.facts = []string{
		"Report as of " + asOf + "; times in " + zoneName(a) + ".",
		"Agreement " + a.ID + ", version " + orDash(r.Version) + " in force, between " + strings.Join(parties, ", ") + ".",
		"Agreement file " + res.agreeFile + "; events " + res.eventFile + ".",
	}
	v.glances = res.glances()
	v.sections = []section{
		res.verdictSection(),
		res.breachSection(),
		res.dueSection(),
		res.deliverableSection(),
		res.quotaSection(),
		res.creditSection(),
		res.terminationSection(),
		res.obligationSection(),
		res.inputSection(),
	}
	return v
}

// objName is an objective's name as the agreement gives it (its ID when it
// has none).
func (res *result) objName(version, id string) string {
	o := res.objective(version, id)
	if o.Name != "" {
		return o.Name
	}
	return id
}

func (res *result) owedWords(o sla.Objective) string {
	return res.partyName(o.Obligor) + " to " + res.partyName(o.Beneficiary)
}

// businessUnit: the objective's time target counts open time of a calendar.
func businessUnit(o sla.Objective) bool {
	t := o.Target
	if t == nil && len(o.Targets) > 0 {
		t = &o.Targets[0].Target
	}
	return t != nil && (t.Unit == sla.UnitBusiness || t.Unit == sla.UnitBusinessDays || t.Unit == sla.UnitBusinessDaysEnd)
}

func (res *result) glances() []glance {
	r := res.report
	missed, final := 0, 0
	for _, p := range r.Periods {
		if p.Final && shown(p) {
			final++
			if p.Verdict == sla.VerdictMissed {
				missed++
			}
		}
	}
	counted := 0
	for _, b := range res.breaches() {
		if b.why == "" {
			counted++
		}
	}
	due := res.dueItems()
	next, nextDetail := "nothing running", ""
	if len(due) > 0 && !due[0].due.IsZero() {
		next = res.short(due[0].due)
		nextDetail = due[0].subject + " · " + due[0].left
	}
	in := r.Input
	credit := moneyWords(r.Credit)
	if r.Credit.IsZero() {
		credit = "none"
	}
	return []glance{
		{"Credit owed", credit, "all final months, after caps", cond(r.Credit.Amount.Sign() > 0, toneBad, toneGood)},
		{"Periods missed", fmt.Sprintf("%d of %d", missed, final), "final periods with something to assess", cond(missed > 0, toneBad, toneGood)},
		{"Breaches that count", fmt.Sprint(counted), "late items, not excused or excluded", cond(counted > 0, toneBad, toneGood)},
		{"Due next", next, nextDetail, toneNone},
		{"Events", numberWords(decimal.NewFromInt(in.Total())), numberWords(decimal.NewFromInt(in.Applied)) + " applied · " + numberWords(decimal.NewFromInt(in.Total()-in.Applied)) + " not applied", cond(in.Total() > in.Applied+in.Duplicates, toneWarn, toneNone)},
	}
}

// severity orders verdict rows: what needs attention first.
func severity(p sla.PeriodReport) int {
	switch {
	case p.Final && p.Verdict == sla.VerdictMissed:
		return 0
	case !p.Final && p.Verdict == sla.VerdictMissed:
		return 1
	case !p.Final:
		return 2
	case p.Verdict == sla.VerdictExcused:
		return 3
	case p.Verdict == sla.VerdictAchieved:
		return 4
	}
	return 5
}

func (res *result) verdictSection() section {
	s := section{id: "verdicts", title: "Verdict per objective and period",
		intro: "Each objective over each period: met, missed, excused, or pending while the period runs. Objectives with a missed period first; the latest period first in each.",
		empty: "No period has anything to assess yet."}
	type group struct {
		id    string
		worst int
		ps    []sla.PeriodReport
	}
	var groups []group
	hidden := 0
	for _, id := range res.objectiveIDs(sla.KindClock, sla.KindDeadline, sla.KindAvailability, sla.KindRatio, sla.KindVolume, sla.KindPercentile) {
		g := group{id: id, worst: 6}
		for _, p := range res.report.Periods {
			if p.Objective != id {
				continue
			}
			if !shown(p) {
				hidden++
				continue
			}
			g.ps = append(g.ps, p)
			g.worst = min(g.worst, severity(p))
		}
		if len(g.ps) > 0 {
			slices.SortStableFunc(g.ps, func(x, y sla.PeriodReport) int { return y.Period.Start.Compare(x.Period.Start) })
			groups = append(groups, g)
		}
	}
	slices.SortStableFunc(groups, func(x, y group) int { return cmp.Compare(x.worst, y.worst) })
	for _, g := range groups {
		o := res.objective(g.ps[0].Version, g.id)
		t := table{title: fmt.Sprintf("%s — owed by %s; target %s", res.objName(g.ps[0].Version, g.id), res.owedWords(o), targetWords(o)),
			head: []string{"Period", "Verdict", "Result"}, class: "periods"}
		for _, p := range g.ps {
			w, tone := verdictWords(p)
			t.rows = append(t.rows, []cell{c(res.month(p.Period.Start, p.Period.End)), {w, tone}, c(res.resultWords(p, o))})
		}
		s.tables = append(s.tables, t)
	}
	if hidden > 0 {
		s.lines = append(s.lines, fmt.Sprintf("%s with nothing to assess not shown.", plural(hidden, "period", "periods")))
	}
	return s
}

// resultWords says a period's figures in the objective's own terms.
func (res *result) resultWords(p sla.PeriodReport, o sla.Objective) string {
	switch o.Metric.Kind {
	case sla.KindAvailability:
		if p.Attainment == nil {
			return "no service time"
		}
		s := attainmentWords(*p.Attainment, o) + "; " + durationWords(p.Down) + " down"
		if p.Excluded > 0 {
			s += ", " + durationWords(p.Excluded) + " excluded"
		}
		return s + " of " + durationWords(p.Service)
	case sla.KindVolume:
		var parts []string
		for _, sg := range p.Segments {
			parts = append(parts, segmentWords(sg))
		}
		total := "0"
		if p.Value != nil {
			total = numberWords(*p.Value)
		}
		if len(parts) == 0 {
			return "total " + total
		}
		return strings.Join(parts, "; ") + cond(len(p.Segments) > 1 || p.Segments[0].Target.Segment != "", "; total "+total, "")
	case sla.KindPercentile:
		if p.Value == nil {
			return "too few values"
		}
		rank := ""
		if o.Metric.Percentile != nil {
			rank = "p" + o.Metric.Percentile.Rank.String() + " = "
		}
		return rank + numberWords(*p.Value)
	case sla.KindRatio:
		s := ""
		if p.Attainment != nil {
			s = attainmentWords(*p.Attainment, o) + "; "
		}
		return s + itemCounts(p)
	}
	if !p.Due.IsZero() { // a deliverable after the period's end
		if p.Done.IsZero() {
			return "due " + res.short(p.Due) + ", not done"
		}
		return "due " + res.short(p.Due) + ", done " + res.short(p.Done)
	}
	return itemCounts(p)
}

func itemCounts(p sla.PeriodReport) string {
	judged := p.Met + p.Missed
	s := "nothing judged yet"
	if judged > 0 {
		s = fmt.Sprintf("%d of %d in time", p.Met, judged)
		if p.Attainment != nil {
			s += " (" + percentWords(*p.Attainment) + ")"
		}
	}
	if p.Excused > 0 {
		s += fmt.Sprintf(", %d excused", p.Excused)
	}
	if p.Pending > 0 {
		s += fmt.Sprintf(", %d pending", p.Pending)
	}
	return s
}

// segmentWords says one segment's count against its target: "A: 47 of
// ≥ 50, 3 short".
func segmentWords(sg metric.VolumeResult) string {
	name := sg.Target.Segment
	if name == "" {
		name = "total"
	}
	return fmt.Sprintf("%s: %s (target %s), %s", name, numberWords(sg.Value), boundWords(sg.Target), quotaResult(sg))
}

func boundWords(t metric.VolumeTarget) string {
	if t.Bound == metric.AtMost {
		return "≤ " + numberWords(t.Value)
	}
	return "≥ " + numberWords(t.Value)
}

func quotaResult(sg metric.VolumeResult) string {
	switch {
	case sg.Met:
		return "met"
	case sg.Target.Bound == metric.AtMost:
		return numberWords(sg.Shortfall) + " over"
	}
	return numberWords(sg.Shortfall) + " short"
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
