package main

// view_terms.go: the sections about money and the agreement's terms —
// credits, termination and chronic failures, obligations, input accounting.

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/penalty"
	"github.com/slaeval/slaeval/sla"
)

func (res *result) creditSection() section {
	r := res.report
	s := section{id: "credits", title: "Credits",
		intro: "Each credit line with the rule that gave it and how the amount was reached, caps included.",
		empty: "No credits."}
	rules := false
	for _, v := range res.agreement.Versions {
		rules = rules || v.AtRisk != nil || len(v.Chronic) > 0
		for _, o := range v.Objectives {
			rules = rules || len(o.Penalties) > 0
		}
	}
	if !rules {
		s.intro, s.empty = "", "The agreement sets no credits."
	}
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
			s.lines = append(s.lines, fmt.Sprintf("Without cause: %s may end it on notice of %s; given now, it would end %s.", res.partyNames(wc.By), periodWords(wc.Notice), res.long(end)))
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
	if len(res.warnings) > 0 {
		// What the agreement itself shows can never match or is unused
		// (sla.Agreement.Check): a typo in a kind or a scope shows here on
		// the first run.
		wt := table{title: "Warnings about the agreement", head: []string{"Where", "What"}, num: []bool{false, false}, textMax: 20}
		for _, w := range res.warnings {
			wt.rows = append(wt.rows, []cell{c(w.Path), c(w.Message)})
		}
		s.tables = append(s.tables, wt)
	}
	if res.next.IsZero() {
		s.lines = append(s.lines, "Nothing changes after the report's instant without further events.")
	} else {
		s.lines = append(s.lines, "Next change without further events: "+res.long(res.next)+".")
	}
	return s
}
