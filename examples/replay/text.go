package main

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/sla"
)

// listMax bounds each list of subjects in the text report.
const listMax = 12

// renderText is the readable report: one section per question a reader
// asks, tables aligned with tabwriter.
func renderText(res *result) []byte {
	var b bytes.Buffer
	a, r := res.agreement, res.report
	rule := strings.Repeat("─", 78)
	fmt.Fprintf(&b, "%s\n", a.Title)
	fmt.Fprintf(&b, "Agreement %s · version %s in force · zone %s · currency %s\n", a.ID, orDash(r.Version), zoneName(a), orDash(a.Currency))
	asOfNote := ""
	if res.defaultAs {
		asOfNote = " (the latest event)"
	}
	fmt.Fprintf(&b, "Report as of %s%s\n", res.long(r.AsOf), asOfNote)
	fmt.Fprintf(&b, "Agreement file %s · events %s\n", res.agreeFile, res.eventFile)

	section(&b, rule, "OBJECTIVES PER PERIOD")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "OBJECTIVE\tOWED\tPERIOD\tATTAINMENT\tTARGET\tMET\tMISSED\tEXCUSED\tPENDING\tVERDICT")
	hidden := 0
	for _, p := range r.Periods {
		if !shown(p) {
			hidden++
			continue
		}
		obj := res.objective(p.Version, p.Objective)
		verdict := p.Verdict
		if !p.Final {
			verdict += " (so far)"
		}
		fmt.Fprintf(tw, "%s\t%s→%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%s\n", p.Objective, obj.Obligor, obj.Beneficiary,
			res.month(p.Period.Start, p.Period.End), pct(p.Attainment), targetString(obj), p.Met, p.Missed, p.Excused, p.Pending, verdict)
	}
	tw.Flush()
	if hidden > 0 {
		fmt.Fprintf(&b, "(%d periods with nothing to assess are not shown)\n", hidden)
	}
	fmt.Fprintln(&b, "Attainment: share of the period's items (tickets, deadlines) that met their target; excused and pending items are not counted.")

	section(&b, rule, "CLOCKS AND DEADLINES PER SUBJECT")
	sums := res.summaries()
	tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "OBJECTIVE\tSUBJECTS\tMET\tBREACHED\tEXCUSED\tEXCLUDED\tRUNNING\tNOT STARTED")
	for _, s := range sums {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\n", s.objective, s.subjects, s.met, s.breached, s.excused, s.excluded, s.running, s.notStarted)
	}
	tw.Flush()
	fmt.Fprintln(&b, "Breached counts every breach; excused (the other party missed its obligation first) and excluded ones carry no penalty.")
	for _, s := range sums {
		if len(s.breaches) > 0 {
			fmt.Fprintf(&b, "\n%s: breaches (%d)\n", s.objective, len(s.breaches))
			tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "  SUBJECT\tSTARTED\tDUE / BREACHED AT\tELAPSED\tTARGET\tNOTE")
			for i, it := range s.breaches {
				if i == listMax {
					fmt.Fprintf(tw, "  … and %d more\n", len(s.breaches)-listMax)
					break
				}
				fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\n", it.subject, res.short(it.start), res.short(it.at), it.elapsed, it.target, it.note)
			}
			tw.Flush()
		}
		if len(s.open) > 0 {
			fmt.Fprintf(&b, "\n%s: running or pending, by due instant (%d)\n", s.objective, len(s.open))
			tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "  SUBJECT\tSTARTED\tDUE\tELAPSED\tTARGET\tNOTE")
			for i, it := range s.open {
				if i == listMax {
					fmt.Fprintf(tw, "  … and %d more\n", len(s.open)-listMax)
					break
				}
				fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\n", it.subject, res.short(it.start), res.short(it.at), it.elapsed, it.target, it.note)
			}
			tw.Flush()
		}
	}

	section(&b, rule, "OBLIGATIONS PER PARTY")
	tw = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PARTY\tOWED TO\tOBLIGATION\tSTATUS\tMET\tMISSED\tPENDING")
	for _, o := range r.Obligations {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\t%d\n", res.partyName(o.Party), res.partyName(o.Beneficiary), res.obligationText(o), o.Status, o.Met, o.Missed, o.Pending)
	}
	tw.Flush()

	section(&b, rule, "CREDITS")
	any := false
	for _, pp := range r.Penalties {
		if len(pp.Lines) == 0 && len(pp.Bonuses) == 0 && pp.Credit.Sign() == 0 {
			continue
		}
		any = true
		var charges []string
		for _, c := range pp.Charges {
			charges = append(charges, fmt.Sprintf("%s %s", c.Name, c.Amount))
		}
		fmt.Fprintf(&b, "%s (version %s) · charges: %s", res.month(pp.Period.Start, pp.Period.End), pp.Version, strings.Join(charges, ", "))
		if !pp.ClaimBy.IsZero() {
			fmt.Fprintf(&b, " · claim by %s", res.day(pp.ClaimBy))
		}
		fmt.Fprintln(&b)
		for _, l := range pp.Lines {
			fmt.Fprintf(&b, "  %-14s %s\n", l.Amount, l.Source)
			fmt.Fprintf(&b, "  %-14s %s\n", "", l.String())
		}
		for _, l := range pp.Bonuses {
			fmt.Fprintf(&b, "  %-14s bonus %s\n  %-14s %s\n", l.Amount, l.Source, "", l.String())
		}
		fmt.Fprintf(&b, "  %-14s credit for the period", pp.Credit)
		if pp.Bonus.Sign() != 0 {
			fmt.Fprintf(&b, " (bonus %s)", pp.Bonus)
		}
		fmt.Fprintln(&b)
	}
	if !any {
		fmt.Fprintln(&b, "No credits.")
	}
	fmt.Fprintf(&b, "Total credit: %s", moneyOrZero(r.Credit, a.Currency))
	if r.Bonus.Sign() != 0 {
		fmt.Fprintf(&b, " · total bonus %s", r.Bonus)
	}
	fmt.Fprintln(&b)

	section(&b, rule, "TERMINATION")
	if len(r.Terminations) == 0 {
		fmt.Fprintln(&b, "No termination right for cause has arisen.")
	}
	for _, t := range r.Terminations {
		fmt.Fprintf(&b, "Right for cause arose %s: %s on %q, %d failures in %s: %s\n", res.short(t.Arose), t.Chronic, t.Objective, t.Failures, res.month(t.Period.Start, t.Period.End), t.Reason)
	}
	if wc := a.Term.WithoutCause; wc != nil {
		if end, err := a.EarliestTerminationWithoutCause(r.AsOf); err == nil {
			fmt.Fprintf(&b, "Without cause: %s may end it on %s notice; noticed now, it would end %s.\n", res.partyNames(wc.By), wc.Notice, res.long(end))
		}
	}
	if !a.Term.EffectiveTo.IsZero() {
		fmt.Fprintf(&b, "Term: %s to %s", res.day(a.Term.EffectiveFrom), res.day(a.Term.EffectiveTo))
		if rn := a.Term.Renewal; rn != nil {
			auto := "by a new version"
			if rn.Automatic {
				auto = "automatically"
			}
			fmt.Fprintf(&b, ", renewed %s for %s unless notice is given %s ahead", auto, rn.Every, rn.Notice)
		}
		fmt.Fprintln(&b, ".")
	}

	section(&b, rule, "REVIEW")
	if r.Review.NextDue == "" {
		fmt.Fprintln(&b, "The agreement has no review cycle.")
	} else {
		state := "not overdue"
		if r.Review.Overdue {
			state = "OVERDUE"
		}
		fmt.Fprintf(&b, "Next review due %s (%s), every %s, by %s of %s.\n", r.Review.NextDue, state, a.Review.Every, a.Owner.Person, res.partyName(a.Owner.Party))
	}

	section(&b, rule, "INPUT")
	in := r.Input
	fmt.Fprintf(&b, "%d events read, from %s to %s: %d applied, %d duplicate(s), %d rejected.\n",
		res.events, res.short(res.first), res.short(res.last), in.Applied, in.Duplicates, in.Total()-in.Applied-in.Duplicates)
	reasons := make([]string, 0, len(in.Rejected))
	for k := range in.Rejected {
		reasons = append(reasons, k)
	}
	slices.Sort(reasons)
	for _, k := range reasons {
		fmt.Fprintf(&b, "  rejected %s: %d\n", k, in.Rejected[k])
	}
	for i, rj := range res.rejected {
		if i == listMax {
			fmt.Fprintf(&b, "  … and %d more\n", len(res.rejected)-listMax)
			break
		}
		fmt.Fprintf(&b, "  line %d: %v\n", rj.line, rj.err)
	}
	if res.next.IsZero() {
		fmt.Fprintln(&b, "Nothing changes after the report's instant without further events.")
	} else {
		fmt.Fprintf(&b, "Next change without further events: %s.\n", res.long(res.next))
	}
	return b.Bytes()
}

func section(b *bytes.Buffer, rule, title string) {
	fmt.Fprintf(b, "\n%s\n%s\n", title, rule)
}

// shown: periods with something to assess.
func shown(p sla.PeriodReport) bool {
	return p.Attainment != nil || p.Value != nil || p.Met+p.Missed+p.Excused+p.Pending > 0
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func zoneName(a sla.Agreement) string {
	if a.Zone == "" {
		return "UTC"
	}
	return a.Zone
}

// pct shows an attainment to two places, rounded half away from zero (for
// display only; the JSON report carries the exact value).
func pct(d *decimal.Decimal) string {
	if d == nil {
		return "—"
	}
	return d.StringFixed(2) + "%"
}

func moneyOrZero(m interface {
	IsZero() bool
	String() string
}, currency string) string {
	if m.IsZero() {
		return strings.TrimSpace(currency + " 0.00")
	}
	return m.String()
}

// fmtDur shows a duration as hours and minutes, e.g. 26h15m.
func fmtDur(d time.Duration) string {
	if d == 0 {
		return "0m"
	}
	sign := ""
	if d < 0 {
		sign, d = "-", -d
	}
	d = d.Round(time.Minute)
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case h == 0:
		return fmt.Sprintf("%s%dm", sign, m)
	case m == 0:
		return fmt.Sprintf("%s%dh", sign, h)
	}
	return fmt.Sprintf("%s%dh%02dm", sign, h, m)
}
