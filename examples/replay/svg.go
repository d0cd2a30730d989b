package main

// svg.go draws the report's pictures as inline SVG: attainment per period
// against the target, availability month strips, error budgets and
// histograms of clock times. No script, no external asset; every mark that
// colour distinguishes is also told apart by a pattern, a dash or a word,
// so the pictures read in greyscale print. Output is deterministic: the
// same report gives the same bytes.

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/metric"
	"github.com/slaeval/slaeval/sla"
)

// hatch defines the diagonal hatch pattern used for missed and excluded
// marks; each SVG carries its own definition under a unique id.
func hatch(b *bytes.Buffer, id, class string) {
	fmt.Fprintf(b, "<defs><pattern id=\"%s\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" class=\"%s-bg\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" class=\"%s-line\"/></pattern></defs>\n", id, class, class)
}

func f64(d decimal.Decimal) float64 { v, _ := d.Float64(); return v } // drawing only

// attainmentCharts draws, per objective with per-period attainments, one
// bar per period against the objective's target line.
func attainmentCharts(b *bytes.Buffer, res *result) {
	any := false
	for n, id := range res.objectiveIDs(sla.KindClock, sla.KindDeadline, sla.KindAvailability, sla.KindRatio) {
		var ps []sla.PeriodReport
		for _, p := range res.report.Periods {
			if p.Objective == id && p.Attainment != nil && p.Due.IsZero() {
				ps = append(ps, p)
			}
		}
		if len(ps) == 0 {
			continue
		}
		if !any {
			b.WriteString("<div class=\"charts\">\n")
			any = true
		}
		o := res.objective(ps[0].Version, id)
		target, label := 100.0, "target: every item in time"
		if o.Target != nil && o.Target.AtLeast != nil && isPercent(o.Metric.Kind) {
			target, label = f64(*o.Target.AtLeast), "target "+levelWords(*o.Target, true)
		}
		lo := 100.0
		for _, p := range ps {
			lo = min(lo, f64(*p.Attainment))
		}
		lo = min(lo, target)
		// The axis starts at a round figure below the lowest value, so
		// that 99.7 and 99.9 are told apart; it is labelled.
		floor := 0.0
		for _, f := range []float64{99, 98, 95, 90, 80, 50} {
			if lo >= f+0.5*(100-f)/10 {
				floor = f
				break
			}
		}
		const w, h, left, top, bottom = 520.0, 210.0, 44.0, 22.0, 46.0
		plot := h - top - bottom
		y := func(v float64) float64 { return top + plot*(1-clamp((v-floor)/(100-floor))) }
		bw := min(56.0, (w-left-10)/float64(len(ps)))
		pid := fmt.Sprintf("hatch-att-%d", n)
		fmt.Fprintf(b, "<figure class=\"chart\">\n<figcaption>%s <span class=\"dim\">— dashed line: %s</span></figcaption>\n", esc(res.objName(ps[0].Version, id)), esc(label))
		fmt.Fprintf(b, "<svg viewBox=\"0 0 %.0f %.0f\" width=\"100%%\" role=\"img\" aria-label=\"%s per period against the target\">\n", w, h, esc(res.objName(ps[0].Version, id)))
		hatch(b, pid, "miss")
		for _, t := range []float64{floor, (floor + 100) / 2, 100} {
			fmt.Fprintf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>\n", left, y(t), w-4, y(t))
			fmt.Fprintf(b, "<text x=\"%.1f\" y=\"%.1f\" class=\"axis\" text-anchor=\"end\">%s %%</text>\n", left-4, y(t)+4, trimZeros(fmt.Sprintf("%.1f", t)))
		}
		for i, p := range ps {
			x := left + 6 + bw*float64(i)
			v := f64(*p.Attainment)
			word, _ := verdictWords(p)
			fill := "bar-met"
			switch {
			case !p.Final:
				fill = "bar-open"
			case p.Verdict == sla.VerdictMissed:
				fill = "url(#" + pid + ")"
			case p.Verdict == sla.VerdictExcused:
				fill = "bar-excused"
			}
			attr := "class=\"" + fill + "\""
			if fill[0] == 'u' {
				attr = "fill=\"" + fill + "\" class=\"bar-missed\""
			}
			fmt.Fprintf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" %s><title>%s: %s, %s</title></rect>\n",
				x, y(v), bw-10, y(floor)-y(v), attr, esc(res.month(p.Period.Start, p.Period.End)), esc(percentWords(*p.Attainment)), esc(word))
			fmt.Fprintf(b, "<text x=\"%.1f\" y=\"%.1f\" class=\"val\" text-anchor=\"middle\">%s</text>\n", x+(bw-10)/2, y(v)-3, esc(pct(p.Attainment)))
			fmt.Fprintf(b, "<text x=\"%.1f\" y=\"%.1f\" class=\"axis\" text-anchor=\"middle\">%s</text>\n", x+(bw-10)/2, h-bottom+14, esc(shortPeriod(res, p.Period)))
			short := map[string]string{"met": "met", "missed": "missed", "excused": "excused"}[word]
			if short == "" {
				short = "so far"
			}
			fmt.Fprintf(b, "<text x=\"%.1f\" y=\"%.1f\" class=\"axis%s\" text-anchor=\"middle\">%s</text>\n", x+(bw-10)/2, h-bottom+27, cond(short == "missed", " strong", ""), short)
		}
		fmt.Fprintf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"target\"/>\n", left, y(target), w-4, y(target))
		b.WriteString("</svg>\n</figure>\n")
	}
	if any {
		b.WriteString("</div>\n")
	}
}

// shortPeriod names a period on an axis: "Mar" for a month, "Q1" for a
// quarter, else its first day.
func shortPeriod(res *result, p metric.Period) string {
	s, e := p.Start.In(res.loc), p.End.In(res.loc)
	if s.Day() == 1 && e.Equal(time.Date(s.Year(), s.Month()+1, 1, 0, 0, 0, 0, res.loc)) {
		return s.Format("Jan")
	}
	if s.Day() == 1 && e.Equal(time.Date(s.Year(), s.Month()+3, 1, 0, 0, 0, 0, res.loc)) && (s.Month()-1)%3 == 0 {
		return fmt.Sprintf("Q%d", (s.Month()-1)/3+1)
	}
	return s.Format("2 Jan")
}

// span is a stretch of an availability month: counted downtime or
// excluded time, derived from consecutive samples.
type span struct {
	from, to time.Time
	excluded bool
}

// availSpans derives the counted and excluded stretches of one period from
// its samples: where the downtime (or excluded time) grew between two
// samples, it grew by that much just before the later one.
func availSpans(ss []availSample) []span {
	var out []span
	for i := 1; i < len(ss); i++ {
		if d := ss[i].down - ss[i-1].down; d > 0 {
			out = append(out, span{ss[i].at.Add(-d), ss[i].at, false})
		}
		if d := ss[i].excluded - ss[i-1].excluded; d > 0 {
			out = append(out, span{ss[i].at.Add(-d), ss[i].at, true})
		}
	}
	return out
}

// samplesOf returns the samples of one objective's period, starting with a
// zero sample at the period's start.
func samplesOf(all []availSample, p metric.Period) []availSample {
	out := []availSample{{at: p.Start, period: p}}
	for _, s := range all {
		if s.period.Start.Equal(p.Start) && s.period.End.Equal(p.End) {
			out = append(out, s)
		}
	}
	return out
}

// availabilityPictures draws, per availability objective, a strip per
// month with counted outages, excluded time and announced maintenance
// windows, and the error budget remaining over each month.
func availabilityPictures(b *bytes.Buffer, res *result) {
	if res.availSkipped {
		b.WriteString("<p class=\"note\">The history is too long to draw the month strips and error budgets here (each is drawn from a report taken at every downtime event); the verdict tables give each month's figures.</p>\n")
		return
	}
	for n, id := range res.objectiveIDs(sla.KindAvailability) {
		var ps []sla.PeriodReport
		for _, p := range res.report.Periods {
			if p.Objective == id && p.Attainment != nil {
				ps = append(ps, p)
			}
		}
		if len(ps) == 0 {
			continue
		}
		o := res.objective(ps[0].Version, id)
		fmt.Fprintf(b, "<h3>%s: month by month</h3>\n", esc(res.objName(ps[0].Version, id)))
		b.WriteString("<p class=\"note\">Each row is a month, day by day. <span class=\"key down\"></span> counted downtime (solid) · <span class=\"key excl\"></span> excluded time (hatched) · <span class=\"key win\"></span> announced maintenance window (outlined). Short outages are drawn at least 2 px wide so they stay visible.</p>\n")
		const w, left, right, rowH, top = 1000.0, 115.0, 240.0, 34.0, 22.0
		plot := w - left - right
		h := top + rowH*float64(len(ps)) + 6
		pid := fmt.Sprintf("hatch-excl-%d", n)
		fmt.Fprintf(b, "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" width=\"100%%\" role=\"img\" aria-label=\"Availability month strips\">\n", w, h)
		hatch(b, pid, "excl")
		for _, d := range []int{1, 8, 15, 22, 29} {
			x := left + plot*float64(d-1)/31
			fmt.Fprintf(b, "<text x=\"%.1f\" y=\"%.1f\" class=\"axis\">%d</text>\n", x+2, top-8, d)
		}
		for i, p := range ps {
			y := top + rowH*float64(i)
			span := p.Period.End.Sub(p.Period.Start).Seconds()
			x := func(t time.Time) float64 {
				return left + plot*clamp(t.Sub(p.Period.Start).Seconds()/span)*float64(p.Period.End.In(res.loc).AddDate(0, 0, -1).Day())/31
			}
			fmt.Fprintf(b, "<text x=\"0\" y=\"%.1f\" class=\"label\">%s</text>\n", y+17, esc(res.month(p.Period.Start, p.Period.End)))
			fmt.Fprintf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"18\" class=\"track\"/>\n", left, y+4, x(p.Period.End)-left)
			for d := p.Period.Start; d.Before(p.Period.End); d = d.AddDate(0, 0, 1) {
				if wd := d.In(res.loc).Weekday(); wd == time.Saturday || wd == time.Sunday {
					fmt.Fprintf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"18\" class=\"weekend\"/>\n", x(d), y+4, x(d.AddDate(0, 0, 1))-x(d))
				}
			}
			for _, wd := range res.windows {
				if wd.to.After(p.Period.Start) && wd.from.Before(p.Period.End) {
					fmt.Fprintf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"24\" class=\"win\"><title>maintenance window %s to %s, announced %s</title></rect>\n",
						x(wd.from)-1, y+1, max(x(wd.to)-x(wd.from), 2)+2, esc(res.short(wd.from)), esc(res.short(wd.to)), esc(res.short(wd.announced)))
				}
			}
			for _, s := range availSpans(samplesOf(res.avail[id], p.Period)) {
				what, attr := "counted downtime", "class=\"down\""
				if s.excluded {
					what, attr = "excluded", "fill=\"url(#"+pid+")\" class=\"excl\""
				}
				fmt.Fprintf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"18\" %s><title>%s to %s: %s, %s</title></rect>\n",
					x(s.from), y+4, max(x(s.to)-x(s.from), 2), attr, esc(res.short(s.from)), esc(res.short(s.to)), esc(durationWords(s.to.Sub(s.from))), what)
			}
			word, _ := verdictWords(p)
			fmt.Fprintf(b, "<text x=\"%.1f\" y=\"%.1f\" class=\"label%s\">%s · %s</text>\n", left+plot+10, y+17, cond(p.Final && p.Verdict == sla.VerdictMissed, " strong", ""), esc(percentAgainst(*p.Attainment, levelOf(o))), esc(word))
		}
		b.WriteString("</svg>\n")
		budgetChart(b, res, id, o, ps)
	}
}

func levelOf(o sla.Objective) decimal.Decimal {
	if o.Target != nil && o.Target.AtLeast != nil {
		return *o.Target.AtLeast
	}
	return decimal.NewFromInt(100)
}

// budgetChart draws the error budget remaining over each month: the
// downtime the target allows, (service − excluded) × (100 − target) %,
// less the counted downtime so far, as a share of the month's budget. A
// line below zero is a missed month; the axis stops at −100 % (twice the
// budget spent) and a line beyond it is labelled with its figure.
func budgetChart(b *bytes.Buffer, res *result, id string, o sla.Objective, ps []sla.PeriodReport) {
	level := f64(levelOf(o))
	if level >= 100 {
		return
	}
	type curve struct {
		p      sla.PeriodReport
		budget float64 // minutes
		pts    [][2]float64
		left   float64 // minutes at the last point
	}
	var cs []curve
	for _, p := range ps {
		// A month still running is drawn against the budget of the whole
		// month (24×7 service time assumed for the part not yet seen).
		service := p.Period.End.Sub(p.Period.Start)
		if p.Final {
			service = p.Service
		}
		ss := samplesOf(res.avail[id], p.Period)
		budget := (service - ss[len(ss)-1].excluded).Minutes() * (100 - level) / 100
		if budget <= 0 {
			continue
		}
		cu := curve{p: p, budget: budget}
		for _, s := range ss {
			cu.pts = append(cu.pts, [2]float64{s.at.Sub(p.Period.Start).Hours() / 24, 100 * (budget - s.down.Minutes()) / budget})
		}
		if p.Final {
			cu.pts = append(cu.pts, [2]float64{p.Period.End.Sub(p.Period.Start).Hours() / 24, cu.pts[len(cu.pts)-1][1]})
		}
		cu.left = budget - ss[len(ss)-1].down.Minutes()
		cs = append(cs, cu)
	}
	if len(cs) == 0 {
		return
	}
	const w, h, left, right, top, bottom, lo, hi = 1000.0, 250.0, 60.0, 230.0, 14.0, 30.0, -100.0, 100.0
	plot, ph := w-left-right, h-top-bottom
	x := func(d float64) float64 { return left + plot*d/31 }
	y := func(v float64) float64 { return top + ph*(hi-max(lo, min(hi, v)))/(hi-lo) }
	fmt.Fprintf(b, "<h3>%s: error budget</h3>\n", esc(res.objName(ps[0].Version, id)))
	fmt.Fprintf(b, "<p class=\"note\">The downtime a month may have and still meet %s is its budget: (service − excluded time) × (100 − %s) %%. Each line is one month's budget left as its days pass, labelled at its end; below the zero line the month is missed.</p>\n", esc(levelWords(*o.Target, true)), esc(trimZeros(fmt.Sprint(level))))
	fmt.Fprintf(b, "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" width=\"100%%\" role=\"img\" aria-label=\"Error budget left per month\">\n", w, h)
	for _, v := range []float64{lo, -50, 0, 50, hi} {
		fmt.Fprintf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"%s\"/>\n", left, y(v), left+plot, y(v), cond(v == 0, "zero", "grid"))
		fmt.Fprintf(b, "<text x=\"%.1f\" y=\"%.1f\" class=\"axis\" text-anchor=\"end\">%.0f %%</text>\n", left-4, y(v)+4, v)
	}
	fmt.Fprintf(b, "<text x=\"%.1f\" y=\"%.1f\" class=\"axis strong\">missed below this line</text>\n", left+4, y(0)+13)
	for _, d := range []int{1, 8, 15, 22, 29} {
		fmt.Fprintf(b, "<text x=\"%.1f\" y=\"%.1f\" class=\"axis\">day %d</text>\n", x(float64(d-1)), h-10, d)
	}
	dashes := []string{"", "6 3", "2 3", "8 3 2 3", "1 2", "10 4"}
	type label struct {
		y    float64
		text string
	}
	var labels []label
	for i, cu := range cs {
		var pts []string
		for _, pt := range cu.pts {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(pt[0]), y(pt[1])))
		}
		word, _ := verdictWords(cu.p)
		fmt.Fprintf(b, "<polyline points=\"%s\" class=\"budget b%d\" stroke-dasharray=\"%s\"><title>%s: %s</title></polyline>\n",
			joinPts(pts), i%6, dashes[i%len(dashes)], esc(res.month(cu.p.Period.Start, cu.p.Period.End)), esc(word))
		end := cu.pts[len(cu.pts)-1]
		text := shortPeriod(res, cu.p.Period) + ": " + budgetWords(cu.left)
		if end[1] < lo {
			text += " (off the scale)"
		}
		labels = append(labels, label{y(end[1]) + 4, text})
	}
	// Labels at the right edge, in the order of their lines, pushed apart
	// so none overlaps the one above.
	slices.SortStableFunc(labels, func(p, q label) int { return cmp.Compare(p.y, q.y) })
	for i := range labels {
		if i > 0 && labels[i].y < labels[i-1].y+13 {
			labels[i].y = labels[i-1].y + 13
		}
	}
	for i := len(labels) - 1; i >= 0; i-- {
		if bottomY := h - 4 - 13*float64(len(labels)-1-i); labels[i].y > bottomY {
			labels[i].y = bottomY
		}
	}
	for i := range labels {
		fmt.Fprintf(b, "<text x=\"%.1f\" y=\"%.1f\" class=\"small\">%s</text>\n", left+plot+8, labels[i].y, esc(labels[i].text))
	}
	b.WriteString("</svg>\n")
}

func budgetWords(m float64) string {
	d := time.Duration(m * float64(time.Minute))
	if d < 0 {
		return hoursWords(-d) + " over"
	}
	return hoursWords(d) + " left"
}

func joinPts(p []string) string {
	var b bytes.Buffer
	for i, s := range p {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s)
	}
	return b.String()
}

// clockHistograms draws, per clock objective, how long its finished
// cycles took against the target: in hours when every cycle had the same
// target, else as a share of each cycle's own target.
func clockHistograms(b *bytes.Buffer, res *result) {
	for n, id := range res.objectiveIDs(sla.KindClock) {
		type obs struct{ elapsed, target time.Duration }
		var xs []obs
		var version string
		for sr, so := range res.inScope() {
			if so.Objective != id {
				continue
			}
			version = sr.Version
			for _, cy := range so.Cycles {
				if !cy.End.IsZero() && cy.Target > 0 {
					xs = append(xs, obs{cy.Elapsed, cy.Target})
				}
			}
		}
		if len(xs) == 0 {
			continue
		}
		same := true
		for _, o := range xs {
			same = same && o.target == xs[0].target
		}
		const bins = 16 // eight per target, up to twice the target, then one for the rest
		counts := make([]int, bins+1)
		late := 0
		for _, o := range xs {
			i := int(float64(o.elapsed) / float64(o.target) * bins / 2)
			if o.elapsed > o.target {
				late++
				i = max(i, bins/2) // a cycle just over the target lies right of the line
			}
			counts[min(i, bins)]++
		}
		peak := slices.Max(counts)
		o := res.objective(version, id)
		noun := "items"
		if o.Scope.Subject != "" {
			noun = o.Scope.Subject + "s"
		}
		unit := "business time"
		if !businessUnit(o) {
			unit = "time"
		}
		fmt.Fprintf(b, "<h3>%s</h3>\n", esc(res.objName(version, id)))
		if same {
			fmt.Fprintf(b, "<p class=\"note\">%d finished %s by %s taken; the dashed line is the target, %s. %d took longer (hatched bars).</p>\n", len(xs), noun, unit, esc(hoursWords(xs[0].target)), late)
		} else {
			fmt.Fprintf(b, "<p class=\"note\">%d finished %s by %s taken as a share of each one's own target (%s); the dashed line is 100 %%. %d took longer (hatched bars).</p>\n", len(xs), noun, unit, esc(targetWords(o)), late)
		}
		const w, h, left, top, bottom = 1000.0, 200.0, 40.0, 18.0, 34.0
		plot, ph := w-left-10, h-top-bottom
		bw := plot / (bins + 1)
		pid := fmt.Sprintf("hatch-late-%d", n)
		fmt.Fprintf(b, "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" width=\"100%%\" role=\"img\" aria-label=\"Histogram of %s\">\n", w, h, esc(res.objName(version, id)))
		hatch(b, pid, "miss")
		for i, n := range counts {
			x := left + bw*float64(i)
			bh := ph * float64(n) / float64(peak)
			attr := "class=\"bar-met\""
			if i >= bins/2 {
				attr = "fill=\"url(#" + pid + ")\" class=\"bar-missed\""
			}
			if n > 0 {
				fmt.Fprintf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" %s/>\n", x+2, top+ph-bh, bw-4, bh, attr)
				fmt.Fprintf(b, "<text x=\"%.1f\" y=\"%.1f\" class=\"val\" text-anchor=\"middle\">%d</text>\n", x+bw/2, top+ph-bh-3, n)
			}
			if i%2 == 0 {
				lbl := ""
				switch {
				case i == bins:
					lbl = "more"
				case same:
					lbl = hoursWords(time.Duration(float64(xs[0].target) * float64(i) * 2 / bins).Round(time.Minute))
				default:
					lbl = fmt.Sprintf("%d %%", i*200/bins)
				}
				fmt.Fprintf(b, "<text x=\"%.1f\" y=\"%.1f\" class=\"axis\">%s</text>\n", x, h-bottom+14, esc(lbl))
			}
		}
		tx := left + bw*bins/2
		fmt.Fprintf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"target\"/>\n", tx, top-6, tx, top+ph)
		fmt.Fprintf(b, "<text x=\"%.1f\" y=\"%.1f\" class=\"axis strong\">target</text>\n", tx+4, top+4)
		fmt.Fprintf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>\n", left, top+ph, w-10, top+ph)
		b.WriteString("</svg>\n")
	}
}

// quotaCharts draws, per volume objective, each period's count per segment
// as a bar with its target as a dashed tick across it.
func quotaCharts(b *bytes.Buffer, res *result) {
	for n, id := range res.objectiveIDs(sla.KindVolume) {
		var ps []sla.PeriodReport
		for _, p := range res.report.Periods {
			if p.Objective == id && len(p.Segments) > 0 {
				ps = append(ps, p)
			}
		}
		if len(ps) == 0 {
			continue
		}
		top := 0.0
		for _, p := range ps {
			for _, sg := range p.Segments {
				top = max(top, f64(sg.Value), f64(sg.Target.Value))
			}
		}
		top *= 1.15
		segs := len(ps[0].Segments)
		const w, h, left, topM, bottom = 1000.0, 230.0, 40.0, 16.0, 44.0
		ph := h - topM - bottom
		group := (w - left - 10) / float64(len(ps))
		bw := min(60.0, (group-16)/float64(segs))
		y := func(v float64) float64 { return topM + ph*(1-v/top) }
		pid := fmt.Sprintf("hatch-quota-%d", n)
		fmt.Fprintf(b, "<h3>%s</h3>\n<p class=\"note\">Each bar is one segment's count in the period; the dashed tick across it is its target. Hatched bars fell short; light bars are periods still running.</p>\n", esc(res.objName(ps[0].Version, id)))
		fmt.Fprintf(b, "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" width=\"100%%\" role=\"img\" aria-label=\"Quota counts per segment\">\n", w, h)
		hatch(b, pid, "miss")
		fmt.Fprintf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>\n", left, y(0), w-10, y(0))
		for i, p := range ps {
			gx := left + group*float64(i) + 8
			for j, sg := range p.Segments {
				x := gx + bw*float64(j)
				v := f64(sg.Value)
				attr := "class=\"bar-met\""
				switch {
				case !p.Final:
					attr = "class=\"bar-open\""
				case !sg.Met:
					attr = "fill=\"url(#" + pid + ")\" class=\"bar-missed\""
				}
				name := sg.Target.Segment
				if name == "" {
					name = "total"
				}
				fmt.Fprintf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" %s><title>%s %s: %s</title></rect>\n",
					x+2, y(v), bw-4, y(0)-y(v), attr, esc(res.month(p.Period.Start, p.Period.End)), esc(name), esc(segmentWords(sg)))
				fmt.Fprintf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"target\"/>\n", x, y(f64(sg.Target.Value)), x+bw, y(f64(sg.Target.Value)))
				fmt.Fprintf(b, "<text x=\"%.1f\" y=\"%.1f\" class=\"val\" text-anchor=\"middle\">%s</text>\n", x+bw/2, y(max(v, f64(sg.Target.Value)))-4, esc(numberWords(sg.Value)))
				fmt.Fprintf(b, "<text x=\"%.1f\" y=\"%.1f\" class=\"axis\" text-anchor=\"middle\">%s</text>\n", x+bw/2, h-bottom+13, esc(name))
			}
			word := "met"
			for _, sg := range p.Segments {
				if !sg.Met {
					word = "short"
				}
			}
			if !p.Final {
				word = "so far"
			}
			fmt.Fprintf(b, "<text x=\"%.1f\" y=\"%.1f\" class=\"axis%s\" text-anchor=\"middle\">%s · %s</text>\n", gx+bw*float64(segs)/2, h-bottom+29, cond(word == "short", " strong", ""), esc(shortPeriod(res, p.Period)), word)
		}
		b.WriteString("</svg>\n")
	}
}
