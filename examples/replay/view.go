package main

// view.go turns a result into what a reader looks for first, as sections of
// tables of words (see words.go). The text and HTML renderers lay these out;
// neither computes a figure of its own, so both say the same.

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/metric"
	"github.com/slaeval/slaeval/penalty"
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
		s := attainmentWords(*p.Attainment, o) + "; " + durationWords(time.Duration(p.Down)) + " down"
		if p.Excluded > 0 {
			s += ", " + durationWords(time.Duration(p.Excluded)) + " excluded"
		}
		return s + " of " + durationWords(time.Duration(p.Service))
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

// breach is one late item.
type breach struct {
	objective, version string
	subject            string
	due, done          time.Time
	late               time.Duration
	business           bool
	open               bool   // not done at the report's instant
	why                string // "" counts; else "excused: ..." or "excluded: ..."
}

// breaches lists every breached clock cycle and deadline obligation.
func (res *result) breaches() []breach {
	var out []breach
	for _, sr := range res.report.Subjects {
		for _, so := range sr.Objectives {
			if !so.InScope {
				continue
			}
			o := res.objective(sr.Version, so.Objective)
			for _, cy := range so.Cycles {
				if cy.State != sla.StateBreached {
					continue
				}
				b := breach{objective: so.Objective, version: sr.Version, subject: sr.ID, due: cy.BreachAt, done: cy.End,
					late: time.Duration(cy.Elapsed - cy.Target), business: businessUnit(o), open: cy.End.IsZero()}
				b.why = res.whyNotCounted(sr, o, cy.Excused, cy.Excluded, cy.BreachAt)
				out = append(out, b)
			}
			for _, d := range so.Deadlines {
				if d.State != sla.StateBreached {
					continue
				}
				b := breach{objective: so.Objective, version: sr.Version, subject: sr.ID, due: d.Due, done: d.Done,
					late: time.Duration(d.Late), open: d.Done.IsZero()}
				b.why = res.whyNotCounted(sr, o, d.Excused, d.Excluded, d.Due)
				out = append(out, b)
			}
		}
	}
	return out
}

// whyNotCounted says why a breach carries no penalty: excused by the other
// party's earlier miss (named), or excluded by one of the objective's
// exclusions (described). "" when it counts.
func (res *result) whyNotCounted(sr sla.SubjectReport, o sla.Objective, excused, excluded bool, at time.Time) string {
	switch {
	case excluded:
		var ds []string
		for _, id := range o.Exclusions {
			for _, ver := range res.agreement.Versions {
				for _, x := range ver.Exclusions {
					if x.ID == id && x.Description != "" && !slices.Contains(ds, x.Description) {
						ds = append(ds, x.Description)
					}
				}
			}
		}
		if len(ds) == 0 {
			return "excluded"
		}
		return "excluded: " + strings.Join(ds, "; ")
	case excused:
		for _, other := range sr.Objectives {
			if !slices.Contains(o.ExcusedBy, other.Objective) {
				continue
			}
			oo := res.objective(sr.Version, other.Objective)
			for _, d := range other.Deadlines {
				if d.State == sla.StateBreached && !d.Due.After(at) {
					return fmt.Sprintf("excused: %s missed “%s” first (due %s)", res.partyName(oo.Obligor), res.objName(sr.Version, other.Objective), res.short(d.Due))
				}
			}
			for _, cy := range other.Cycles {
				if cy.State == sla.StateBreached && !cy.BreachAt.After(at) {
					return fmt.Sprintf("excused: %s missed “%s” first (due %s)", res.partyName(oo.Obligor), res.objName(sr.Version, other.Objective), res.short(cy.BreachAt))
				}
			}
		}
		return "excused"
	}
	return ""
}

func (res *result) breachSection() section {
	s := section{id: "breaches", title: "Breaches",
		intro: "Every item done late or still overdue, per objective: those that count first, the latest first among them; excused and excluded ones carry no penalty and say why.",
		empty: "No breaches."}
	all := res.breaches()
	for _, id := range res.objectiveIDs(sla.KindClock, sla.KindDeadline) {
		var bs []breach
		for _, b := range all {
			if b.objective == id {
				bs = append(bs, b)
			}
		}
		if len(bs) == 0 {
			continue
		}
		slices.SortStableFunc(bs, func(x, y breach) int {
			return cmp.Or(cmp.Compare(b2i(x.why != ""), b2i(y.why != "")), cmp.Compare(y.late, x.late), x.due.Compare(y.due), strings.Compare(x.subject, y.subject))
		})
		o := res.objective(bs[0].version, id)
		counted := 0
		for _, b := range bs {
			if b.why == "" {
				counted++
			}
		}
		t := table{title: fmt.Sprintf("%s — %s of %s count (owed by %s; target: within %s)", res.objName(bs[0].version, id), plural(counted, "breach", "breaches"), fmt.Sprint(len(bs)), res.owedWords(o), strings.TrimPrefix(targetWords(o), "within ")),
			head: []string{"Subject", "Due", "Done", "Late", "Penalty"}, textMax: 20}
		for _, b := range bs {
			done := res.short(b.done)
			late := lateWords(b.late, b.business)
			if b.open {
				done = "not yet"
				late += " so far"
			}
			counts := cell{"counts", toneBad}
			if b.why != "" {
				counts = cell{b.why, toneNone}
			}
			t.rows = append(t.rows, []cell{c(b.subject), c(res.short(b.due)), c(done), c(late), counts})
		}
		s.tables = append(s.tables, t)
	}
	return s
}

// dueItem is a running clock or a pending deadline.
type dueItem struct {
	subject, objective string
	due                time.Time // zero while paused
	left               string
	state              string
}

func (res *result) dueItems() []dueItem {
	var out []dueItem
	for _, sr := range res.report.Subjects {
		for _, so := range sr.Objectives {
			if !so.InScope {
				continue
			}
			o := res.objective(sr.Version, so.Objective)
			name := res.objName(sr.Version, so.Objective)
			if so.State == sla.StateRunning && len(so.Deadlines) == 0 && so.Target > 0 {
				left := time.Duration(so.Target - so.Elapsed)
				it := dueItem{subject: sr.ID, objective: name, due: so.Due, state: stateWords(so.State, so.Phase)}
				it.left = leftWords(left, businessUnit(o))
				if so.Due.IsZero() {
					it.left += " when it resumes"
				}
				out = append(out, it)
			}
			for _, d := range so.Deadlines {
				if d.State == sla.StatePending {
					out = append(out, dueItem{subject: sr.ID, objective: name, due: d.Due, left: res.timeLeft(sr.Version, o, d.Due), state: "pending"})
				}
			}
		}
	}
	for _, p := range res.report.Periods {
		if !p.Due.IsZero() && p.Done.IsZero() && !p.Final {
			out = append(out, dueItem{subject: res.month(p.Period.Start, p.Period.End), objective: res.objName(p.Version, p.Objective), due: p.Due, left: res.timeLeft(p.Version, res.objective(p.Version, p.Objective), p.Due), state: "pending"})
		}
	}
	slices.SortStableFunc(out, func(x, y dueItem) int {
		return cmp.Or(cmp.Compare(b2i(x.due.IsZero()), b2i(y.due.IsZero())), x.due.Compare(y.due), strings.Compare(x.subject, y.subject))
	})
	return out
}

// timeLeft says the time from the report's instant to a deadline's due
// instant: business time on the objective's calendar when its target
// counts business time (the report gives only the due instant), else wall
// time.
func (res *result) timeLeft(version string, o sla.Objective, due time.Time) string {
	asOf := res.report.AsOf
	if businessUnit(o) {
		v := res.version(version)
		if spec, ok := v.Calendars[v.CalendarOf(o)]; ok {
			if cal, err := spec.Build(); err == nil {
				return leftWords(cal.Between(asOf, due), true)
			}
		}
	}
	return leftWords(due.Sub(asOf), false)
}

func (res *result) dueSection() section {
	s := section{id: "due", title: "Due soonest",
		intro: "Clocks still running and deadlines not yet due, the soonest first; time left is business time where the target counts business time. Paused clocks come last: they have no due instant until they resume.",
		empty: "Nothing is running or pending."}
	items := res.dueItems()
	if len(items) == 0 {
		return s
	}
	t := table{head: []string{"Subject", "Objective", "Due", "Time left", "Now"}, textMax: 12}
	for _, it := range items {
		due := res.short(it.due)
		if it.due.IsZero() {
			due = "when resumed"
		}
		t.rows = append(t.rows, []cell{c(it.subject), c(it.objective), c(due), c(it.left), c(it.state)})
	}
	s.tables = append(s.tables, t)
	return s
}

func (res *result) deliverableSection() section {
	s := section{id: "deliverables", title: "Deliverables",
		intro: "Things owed once per period, such as a monthly report: the period each covers, when it was due and when it was done."}
	t := table{head: []string{"Deliverable", "Covers", "Due", "Done", "Verdict"}}
	for _, p := range res.report.Periods {
		if p.Due.IsZero() {
			continue
		}
		o := res.objective(p.Version, p.Objective)
		w, tone := verdictWords(p)
		done := res.short(p.Done)
		switch {
		case p.Done.IsZero() && p.Final:
			done = "not done"
			w += ", " + lateWords(res.report.AsOf.Sub(p.Due), false) + " so far"
		case p.Done.IsZero():
			done = "not yet"
		case p.Done.After(p.Due):
			w += ", " + lateWords(p.Done.Sub(p.Due), false)
		}
		name := res.objName(p.Version, p.Objective)
		if o.Responsible != "" || o.Recipient != "" {
			name += " (" + strings.Trim(o.Responsible+" to "+o.Recipient, " to") + ")"
		}
		t.rows = append(t.rows, []cell{c(name), c(res.month(p.Period.Start, p.Period.End)), c(res.short(p.Due)), c(done), {w, tone}})
	}
	if len(t.rows) == 0 {
		return section{}
	}
	s.tables = append(s.tables, t)
	return s
}

func (res *result) quotaSection() section {
	s := section{id: "quotas", title: "Quotas per segment",
		intro: "Counts per period against their targets, segment by segment, the latest period first."}
	for _, id := range res.objectiveIDs(sla.KindVolume) {
		var t table
		for _, p := range slices.Backward(res.report.Periods) {
			if p.Objective != id || len(p.Segments) == 0 {
				continue
			}
			if t.head == nil {
				o := res.objective(p.Version, id)
				t = table{title: res.objName(p.Version, id) + " — owed by " + res.owedWords(o),
					head: []string{"Period", "Segment", "Count", "Target", "Result"}, num: []bool{false, false, true, false, false}, class: "periods"}
			}
			for _, sg := range p.Segments {
				name := sg.Target.Segment
				if name == "" {
					name = "total"
				}
				r, tone := quotaResult(sg), toneGood
				if !sg.Met {
					tone = toneBad
				}
				if !p.Final {
					r, tone = r+" so far", toneNone
				}
				t.rows = append(t.rows, []cell{c(res.month(p.Period.Start, p.Period.End)), c(name), c(numberWords(sg.Value)), c(boundWords(sg.Target)), {r, tone}})
			}
		}
		if t.head != nil {
			s.tables = append(s.tables, t)
		}
	}
	if len(s.tables) == 0 {
		return section{}
	}
	return s
}

func (res *result) creditSection() section {
	r := res.report
	s := section{id: "credits", title: "Credits",
		intro: "Each credit line with the rule that gave it and how the amount was reached, caps included.",
		empty: "No credits."}
	for _, pp := range r.Penalties {
		if len(pp.Lines) == 0 && len(pp.Bonuses) == 0 && pp.Credit.Amount.Sign() == 0 {
			continue
		}
		var charges []string
		for _, ch := range pp.Charges {
			charges = append(charges, ch.Name+" "+moneyWords(ch.Amount))
		}
		title := res.month(pp.Period.Start, pp.Period.End) + " — charges " + strings.Join(charges, ", ")
		if !pp.ClaimBy.IsZero() {
			title += "; claim by " + res.day(pp.ClaimBy)
		}
		t := table{title: title, head: []string{"Rule", "On objective", "Amount"}, num: []bool{false, false, true}}
		for _, l := range append(slices.Clip(pp.Lines), pp.Bonuses...) {
			rule := ruleWords(l)
			t.rows = append(t.rows, []cell{c(rule), c(res.objName(pp.Version, l.Objective)), c(moneyWords(l.Amount))})
			t.details = append(t.details, res.lineSteps(pp.Version, l))
		}
		t.foot = []cell{c("Credit for " + res.month(pp.Period.Start, pp.Period.End)), c(""), c(moneyWords(pp.Credit))}
		if pp.Bonus.Amount.Sign() != 0 {
			t.foot[1] = c("bonus " + moneyWords(pp.Bonus))
		}
		s.tables = append(s.tables, t)
	}
	if r.Penalties != nil || len(s.tables) > 0 {
		total := "Total credit " + moneyWords(r.Credit) + "."
		if r.Credit.IsZero() {
			total = "Total credit: none."
		}
		if r.Bonus.Amount.Sign() != 0 {
			total += " Total bonus " + moneyWords(r.Bonus) + "."
		}
		s.lines = append(s.lines, total)
	}
	return s
}

// ruleWords names the rule a line came from as the agreement names it.
func ruleWords(l penalty.Line) string {
	switch l.Kind {
	case penalty.PoolLine:
		return "at-risk pool"
	case penalty.ChronicLine:
		return l.Source + " (chronic failure)"
	case penalty.BonusLine:
		return l.Source + " (bonus)"
	}
	return l.Source
}

func (res *result) terminationSection() section {
	r, a := res.report, res.agreement
	s := section{id: "termination", title: "Termination and chronic failures"}
	t := table{head: []string{"Clause", "Rule", "Failures in the latest window", "Right to terminate"}, num: []bool{false, false, true, false}}
	seen := map[string]bool{}
	for _, v := range a.Versions {
		for _, cr := range v.Chronic {
			if seen[cr.ID] {
				continue
			}
			seen[cr.ID] = true
			n, window := res.chronicCount(cr)
			right := "none so far"
			tone := toneGood
			for _, tm := range r.Terminations {
				if tm.Chronic == cr.ID {
					right, tone = "arose "+res.short(tm.Arose)+" ("+plural(tm.Failures, "failure", "failures")+" to "+res.month(tm.Period.Start, tm.Period.End)+")", toneBad
				}
			}
			unit := "missed periods"
			if cr.CountBreaches {
				unit = "periods with breaches"
			}
			rule := fmt.Sprintf("“%s” missed in %d of any %d consecutive periods", res.objName(v.Version, cr.Objective), cr.Missed, cr.OfAny)
			t.rows = append(t.rows, []cell{c(cr.ID), c(rule), c(fmt.Sprintf("%d of %d (%s, last %s)", n, cr.Missed, unit, plural(window, "period", "periods"))), {right, tone}})
		}
	}
	if len(t.rows) > 0 {
		s.tables = append(s.tables, t)
	}
	if len(r.Terminations) == 0 {
		s.lines = append(s.lines, "No right to terminate for cause has arisen.")
	}
	for _, tm := range r.Terminations {
		s.lines = append(s.lines, fmt.Sprintf("A right to terminate for cause arose %s under %s: %s.", res.short(tm.Arose), tm.Chronic, tm.Reason))
	}
	if wc := a.Term.WithoutCause; wc != nil {
		if end, err := a.EarliestTerminationWithoutCause(r.AsOf); err == nil {
			s.lines = append(s.lines, fmt.Sprintf("Without cause: %s may end it on %s notice; given now, it would end %s.", res.partyNames(wc.By), periodWords(wc.Notice), res.long(end)))
		}
	}
	if !a.Term.EffectiveTo.IsZero() {
		line := fmt.Sprintf("Term: %s to %s", res.day(a.Term.EffectiveFrom), res.day(a.Term.EffectiveTo))
		if rn := a.Term.Renewal; rn != nil {
			how := "by a new version"
			if rn.Automatic {
				how = "automatically"
			}
			line += fmt.Sprintf(", renewed %s for %s unless notice is given %s ahead", how, periodWords(rn.Every), periodWords(rn.Notice))
		}
		s.lines = append(s.lines, line+".")
	}
	if r.Review.NextDue != "" {
		state := "not overdue"
		if r.Review.Overdue {
			state = "overdue"
		}
		s.lines = append(s.lines, fmt.Sprintf("Next review due %s (%s), every %s, by %s of %s.", r.Review.NextDue, state, periodWords(a.Review.Every), a.Owner.Person, res.partyName(a.Owner.Party)))
	}
	return s
}

// chronicCount counts the final periods of the clause's objective that
// failed among the latest OfAny final periods (the window the clause looks
// at now), and the number of periods in that window. The report gives the
// rights that arose but not the running count; this derives it from the
// period verdicts.
func (res *result) chronicCount(cr sla.ChronicRule) (int, int) {
	var fails []bool
	for _, p := range res.report.Periods {
		if p.Objective == cr.Objective && p.Final {
			fails = append(fails, p.Verdict == sla.VerdictMissed)
		}
	}
	if len(fails) > cr.OfAny {
		fails = fails[len(fails)-cr.OfAny:]
	}
	n := 0
	for _, f := range fails {
		if f {
			n++
		}
	}
	return n, len(fails)
}

func (res *result) obligationSection() section {
	r := res.report
	s := section{id: "obligations", title: "Obligations of each party",
		intro: "What each party owes, judged from the objectives that measure it; missed first.", empty: "The agreement lists no obligations."}
	obs := slices.Clone(r.Obligations)
	rank := map[string]int{sla.VerdictMissed: 0, sla.StatePending: 1, sla.StateMet: 2}
	slices.SortStableFunc(obs, func(x, y sla.ObligationReport) int {
		rx, okx := rank[x.Status]
		ry, oky := rank[y.Status]
		if !okx {
			rx = 3
		}
		if !oky {
			ry = 3
		}
		return cmp.Compare(rx, ry)
	})
	t := table{head: []string{"Party", "Owed to", "Obligation", "Status", "Met", "Missed", "Pending"}, num: []bool{false, false, false, false, true, true, true}}
	for _, o := range obs {
		w, tone := statusWords(o.Status)
		t.rows = append(t.rows, []cell{c(res.partyName(o.Party)), c(res.partyName(o.Beneficiary)), c(res.obligationText(o)), {w, tone}, c(fmt.Sprint(o.Met)), c(fmt.Sprint(o.Missed)), c(fmt.Sprint(o.Pending))})
	}
	if len(t.rows) > 0 {
		s.tables = append(s.tables, t)
	}
	return s
}

func (res *result) inputSection() section {
	s := section{id: "input", title: "Input accounting",
		intro: fmt.Sprintf("%s read from %s, %s to %s. Every event is applied, skipped as a duplicate, ignored or rejected, and counted here.",
			plural(res.events, "event", "events"), res.eventFile, res.short(res.first), res.short(res.last))}
	t := table{head: []string{"Events", "Count"}, num: []bool{false, true}, textMax: 0}
	for _, row := range accountingRows(res.report.Input) {
		t.rows = append(t.rows, []cell{c(row.words), c(numberWords(decimal.NewFromInt(row.n)))})
	}
	t.foot = []cell{c("total"), c(numberWords(decimal.NewFromInt(res.report.Input.Total())))}
	s.tables = append(s.tables, t)
	if len(res.rejected) > 0 {
		rt := table{title: "Rejected events", head: []string{"Line", "Why"}, num: []bool{true, false}, textMax: 12}
		for _, rj := range res.rejected {
			rt.rows = append(rt.rows, []cell{c(fmt.Sprint(rj.line)), c(rj.err.Error())})
		}
		if len(rt.rows) > 200 {
			rt.more = len(rt.rows) - 200
			rt.rows = rt.rows[:200]
		}
		s.tables = append(s.tables, rt)
	}
	if res.next.IsZero() {
		s.lines = append(s.lines, "Nothing changes after the report's instant without further events.")
	} else {
		s.lines = append(s.lines, "Next change without further events: "+res.long(res.next)+".")
	}
	return s
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
