package main

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/slaeval/slaeval/sla"
)

// summary is one clock or deadline objective over all subjects.
type summary struct {
	objective                        string
	kind                             string
	subjects                         int
	met, breached, excused, excluded int
	running, notStarted              int
	breaches, open                   []item
}

// item is one subject's clock or one deadline, for the lists.
type item struct {
	subject string
	start   time.Time // clock start, deadline anchor
	at      time.Time // breach instant, or due instant
	elapsed string
	target  string
	note    string
}

// objectiveIDs lists the objectives of every version, each once, in order.
func (res *result) objectiveIDs(kinds ...string) []string {
	var ids []string
	for _, v := range res.agreement.Versions {
		for _, o := range v.Objectives {
			if slices.Contains(kinds, o.Metric.Kind) && !slices.Contains(ids, o.ID) {
				ids = append(ids, o.ID)
			}
		}
	}
	return ids
}

func (res *result) summaries() []summary {
	var out []summary
	for _, id := range res.objectiveIDs(sla.KindClock, sla.KindDeadline) {
		s := summary{objective: id}
		for _, sr := range res.report.Subjects {
			for _, so := range sr.Objectives {
				if so.Objective != id || !so.InScope {
					continue
				}
				s.subjects++
				obj := res.objective(sr.Version, id)
				s.kind = obj.Metric.Kind
				name := sr.ID
				if len(so.Deadlines) > 0 || obj.Metric.Kind == sla.KindDeadline {
					res.addDeadlines(&s, name, so, obj)
					continue
				}
				res.addClock(&s, name, so)
			}
		}
		slices.SortStableFunc(s.breaches, func(a, b item) int { return a.at.Compare(b.at) })
		slices.SortStableFunc(s.open, func(a, b item) int { return cmp.Or(a.at.Compare(b.at), strings.Compare(a.subject, b.subject)) })
		out = append(out, s)
	}
	return out
}

func (res *result) addClock(s *summary, name string, so sla.SubjectObjective) {
	var start time.Time
	if len(so.Cycles) > 0 {
		start = so.Cycles[len(so.Cycles)-1].Start
	}
	it := item{subject: name, start: start, elapsed: fmtDur(time.Duration(so.Elapsed)), target: fmtDur(time.Duration(so.Target))}
	switch so.State {
	case sla.StateMet:
		s.met++
	case sla.StateBreached:
		s.breached++
		it.at = so.BreachAt
		var notes []string
		switch {
		case so.Excused:
			s.excused++
			notes = append(notes, "excused")
		case so.Excluded:
			s.excluded++
			notes = append(notes, "excluded")
		}
		if so.Phase == "stopped" {
			notes = append(notes, fmt.Sprintf("late by %s", fmtDur(time.Duration(so.Elapsed-so.Target))))
		} else {
			notes = append(notes, "still open")
		}
		it.note = strings.Join(notes, ", ")
		s.breaches = append(s.breaches, it)
	case sla.StateRunning:
		s.running++
		it.at = so.Due
		it.note = so.Phase
		if so.Due.IsZero() {
			it.note = "paused, due when resumed"
		}
		s.open = append(s.open, it)
	default:
		s.notStarted++
	}
}

func (res *result) addDeadlines(s *summary, name string, so sla.SubjectObjective, obj sla.Objective) {
	if len(so.Deadlines) == 0 {
		s.notStarted++
		return
	}
	for _, d := range so.Deadlines {
		it := item{subject: name, start: d.Anchor, at: d.Due, target: targetString(obj)}
		if !d.Done.IsZero() {
			it.elapsed = fmtDur(d.Done.Sub(d.Anchor))
		}
		switch d.State {
		case sla.StateMet:
			s.met++
		case sla.StateBreached:
			s.breached++
			var notes []string
			switch {
			case d.Excused:
				s.excused++
				notes = append(notes, "excused")
			case d.Excluded:
				s.excluded++
				notes = append(notes, "excluded")
			}
			if d.Done.IsZero() {
				notes = append(notes, "not done")
			} else {
				notes = append(notes, "done "+res.short(d.Done))
			}
			it.note = strings.Join(notes, ", ")
			s.breaches = append(s.breaches, it)
		default:
			s.running++
			it.note = "pending"
			s.open = append(s.open, it)
		}
	}
}

// objective finds an objective by version label and ID (zero if unknown).
func (res *result) objective(version, id string) sla.Objective {
	for _, v := range res.agreement.Versions {
		if v.Version == version || version == "" {
			if o, ok := v.Objective(id); ok {
				return o
			}
		}
	}
	return sla.Objective{ID: id}
}

func (res *result) partyName(id string) string {
	if p, ok := res.agreement.Party(id); ok {
		return p.Name
	}
	return id
}

func (res *result) partyNames(ids []string) string {
	var names []string
	for _, id := range ids {
		names = append(names, res.partyName(id))
	}
	return strings.Join(names, " or ")
}

func (res *result) obligationText(o sla.ObligationReport) string {
	for _, v := range res.agreement.Versions {
		if v.Version != o.Version {
			continue
		}
		for _, ob := range v.Obligations {
			if ob.ID == o.ID {
				return ob.Description
			}
		}
	}
	return o.ID
}

// targetString describes an objective's target, e.g. "≤ 5 business days
// (urgent 1, high 3)" or "≥ 99.9%".
func targetString(o sla.Objective) string {
	var b strings.Builder
	if o.Target != nil {
		b.WriteString(oneTarget(*o.Target))
	}
	if len(o.Targets) > 0 {
		var parts []string
		for _, t := range o.Targets {
			short := strings.TrimPrefix(oneTarget(t.Target), "≤ ")
			short = strings.TrimSuffix(strings.TrimSuffix(short, " business days"), " business day")
			parts = append(parts, t.When+" "+short)
		}
		if b.Len() > 0 {
			b.WriteString(" (")
			b.WriteString(strings.Join(parts, ", "))
			b.WriteString(")")
		} else {
			b.WriteString(strings.Join(parts, ", "))
		}
	}
	if b.Len() == 0 {
		return "—"
	}
	return b.String()
}

func oneTarget(t sla.Target) string {
	switch {
	case t.AtLeast != nil && t.AtMost != nil:
		return fmt.Sprintf("%s–%s", t.AtLeast, t.AtMost)
	case t.AtLeast != nil:
		return "≥ " + t.AtLeast.String()
	case t.AtMost != nil:
		return "≤ " + t.AtMost.String()
	}
	p := t.Within
	switch t.Unit {
	case sla.UnitBusiness:
		h := p.Hours()
		if p.Minutes() != 0 {
			return fmt.Sprintf("≤ %dh%02dm business", h, p.Minutes())
		}
		return fmt.Sprintf("≤ %d business hours", h)
	case sla.UnitBusinessDays:
		d := p.DaysIncWeeks()
		if d == 1 {
			return "≤ 1 business day"
		}
		return fmt.Sprintf("≤ %d business days", d)
	}
	if p.DaysIncWeeks() != 0 && p.Hours() == 0 && p.Minutes() == 0 && p.Months() == 0 && p.Years() == 0 {
		return fmt.Sprintf("≤ %d days", p.DaysIncWeeks())
	}
	return "≤ " + p.String()
}

// Instants are shown in the agreement's zone.
func (res *result) long(t time.Time) string {
	return t.In(res.loc).Format("Mon 2 Jan 2006 15:04:05 MST")
}
func (res *result) short(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(res.loc).Format("Mon 02 Jan 15:04 MST")
}
func (res *result) day(t time.Time) string { return t.In(res.loc).Format("2 Jan 2006") }

// month names a period: "Mar 2026" for a calendar month, else its dates.
func (res *result) month(start, end time.Time) string {
	s, e := start.In(res.loc), end.In(res.loc)
	if s.Day() == 1 && s.Hour() == 0 && s.Minute() == 0 && e.Equal(time.Date(s.Year(), s.Month()+1, 1, 0, 0, 0, 0, res.loc)) {
		return s.Format("Jan 2006")
	}
	return s.Format("2 Jan 2006") + " – " + e.Format("2 Jan 2006")
}
