package main

// view_items.go: the sections about items — breaches, what is due soonest,
// deliverables and quotas.

import (
	"cmp"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/slaeval/slaeval/sla"
)

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

// inScope yields each subject's objectives that are in scope, subjects in
// report order.
func (res *result) inScope() iter.Seq2[sla.SubjectReport, sla.SubjectObjective] {
	return func(yield func(sla.SubjectReport, sla.SubjectObjective) bool) {
		for _, sr := range res.report.Subjects {
			for _, so := range sr.Objectives {
				if so.InScope && !yield(sr, so) {
					return
				}
			}
		}
	}
}

// breaches lists every breached clock cycle and deadline obligation.
func (res *result) breaches() []breach {
	var out []breach
	for sr, so := range res.inScope() {
		for _, cy := range so.Cycles {
			if cy.State != sla.StateBreached {
				continue
			}
			b := breach{objective: so.Objective, version: sr.Version, subject: sr.ID, due: cy.BreachAt, done: cy.End,
				late: cy.Elapsed - cy.Target, business: so.Business, open: cy.End.IsZero()}
			b.why = res.whyNotCounted(sr.Version, cy.ExcusedBy, cy.ExcludedBy, cy.Excluded)
			out = append(out, b)
		}
		for _, d := range so.Deadlines {
			if d.State != sla.StateBreached {
				continue
			}
			b := breach{objective: so.Objective, version: sr.Version, subject: sr.ID, due: d.Due, done: d.Done,
				late: d.Late, open: d.Done.IsZero()}
			b.why = res.whyNotCounted(sr.Version, d.ExcusedBy, d.ExcludedBy, d.Excluded)
			out = append(out, b)
		}

	}
	return out
}

// whyNotCounted says why a breach carries no penalty: excused by the other
// party's earlier miss (named by the report), or excluded by one of the
// objective's exclusions (described). "" when it counts.
func (res *result) whyNotCounted(version string, by *sla.Excuse, exclusions []string, excluded bool) string {
	switch {
	case excluded:
		var ds []string
		for _, id := range exclusions {
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
	case by != nil:
		oo := res.objective(version, by.Objective)
		return fmt.Sprintf("excused: %s missed “%s” first (due %s)", res.partyName(oo.Obligor), res.objName(version, by.Objective), res.short(by.BreachAt))
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
	for sr, so := range res.inScope() {
		name := res.objName(sr.Version, so.Objective)
		if so.State == sla.StateRunning && len(so.Deadlines) == 0 && so.Target > 0 {
			it := dueItem{subject: sr.ID, objective: name, due: so.Due, state: stateWords(so.State, so.Phase)}
			it.left = leftWords(so.Target-so.Elapsed, so.Business)
			if so.Due.IsZero() {
				it.left += " when it resumes"
			}
			out = append(out, it)
		}
		for _, d := range so.Deadlines {
			if d.State == sla.StatePending {
				left := leftWords(d.Remaining, false)
				if so.Business {
					left = leftWords(d.RemainingBusiness, true)
				}
				out = append(out, dueItem{subject: sr.ID, objective: name, due: d.Due, left: left, state: sla.StatePending})
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

// timeLeft says the time from the report's instant to a period-end
// deadline's due instant: business time on the objective's calendar when
// its target counts business time (the report gives only the due
// instant), else wall time.
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
