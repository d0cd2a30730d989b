package main

import (
	"bytes"
	"cmp"
	"fmt"
	"html"
	"slices"
	"strings"
	"time"

	"github.com/slaeval/slaeval/metric"
	"github.com/slaeval/slaeval/sla"
)

// timelineMax caps the subjects drawn as timelines; the page says how many
// were left out.
const timelineMax = 80

var esc = html.EscapeString

// picture is a section of pictures placed after the view's section id.
type picture struct {
	after, id, title string
	draw             func(*bytes.Buffer, *result)
	has              func(*result) bool
}

var pictures = []picture{
	{"verdicts", "attainment", "Attainment per period", attainmentCharts, func(res *result) bool {
		return hasKind(res, sla.KindClock, sla.KindDeadline, sla.KindAvailability, sla.KindRatio)
	}},
	{"verdicts", "availability", "Availability", availabilityPictures, func(res *result) bool { return hasKind(res, sla.KindAvailability) }},
	{"due", "times", "Time taken against the target", clockHistograms, func(res *result) bool { return hasKind(res, sla.KindClock) }},
	{"quotas", "quota-charts", "Quotas against their targets", quotaCharts, func(res *result) bool { return hasKind(res, sla.KindVolume) }},
	{"obligations", "timelines", "Timelines per subject", timelines, func(res *result) bool { return len(res.phases) > 0 }},
}

func hasKind(res *result, kinds ...string) bool { return len(res.objectiveIDs(kinds...)) > 0 }

// renderHTML is one self-contained page: inline CSS and SVG, no scripts,
// no external assets; the same sections and words as the text report, with
// pictures between them.
func renderHTML(res *result) ([]byte, error) {
	var b bytes.Buffer
	v := res.view()
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
	fmt.Fprintf(&b, "<title>%s — report as of %s</title>\n", esc(v.title), esc(res.day(res.report.AsOf)))
	b.WriteString("<style>\n" + css + "</style>\n</head>\n<body>\n<main>\n")
	fmt.Fprintf(&b, "<header>\n<h1>%s</h1>\n", esc(v.title))
	for _, f := range v.facts {
		fmt.Fprintf(&b, "<p class=\"sub\">%s</p>\n", esc(f))
	}
	b.WriteString("</header>\n")

	// Contents: every section and picture, in page order.
	type entry struct{ id, title string }
	var toc []entry
	for _, s := range v.sections {
		if s.id == "" {
			continue
		}
		toc = append(toc, entry{s.id, s.title})
		for _, p := range pictures {
			if p.after == s.id && p.has(res) {
				toc = append(toc, entry{p.id, p.title})
			}
		}
	}
	b.WriteString("<nav aria-label=\"Contents\"><strong>Contents</strong>\n<ol>\n")
	for _, e := range toc {
		fmt.Fprintf(&b, "<li><a href=\"#%s\">%s</a></li>\n", e.id, esc(e.title))
	}
	b.WriteString("</ol>\n</nav>\n")

	b.WriteString("<section class=\"cards\" aria-label=\"At a glance\">\n")
	for _, g := range v.glances {
		fmt.Fprintf(&b, "<div class=\"card %s\"><div class=\"label\">%s</div><div class=\"value\">%s</div><div class=\"dim\">%s</div></div>\n",
			g.tone, esc(g.label), esc(g.value), esc(g.detail))
	}
	b.WriteString("</section>\n")

	for _, s := range v.sections {
		if s.id == "" {
			continue
		}
		fmt.Fprintf(&b, "<section id=\"%s\">\n<h2>%s</h2>\n", s.id, esc(s.title))
		if s.intro != "" {
			fmt.Fprintf(&b, "<p class=\"note\">%s</p>\n", esc(s.intro))
		}
		for _, t := range s.tables {
			htmlTable(&b, t)
		}
		if len(s.tables) == 0 && len(s.lines) == 0 && s.empty != "" {
			fmt.Fprintf(&b, "<p>%s</p>\n", esc(s.empty))
		}
		for _, l := range s.lines {
			fmt.Fprintf(&b, "<p class=\"after\">%s</p>\n", esc(l))
		}
		b.WriteString("</section>\n")
		for _, p := range pictures {
			if p.after == s.id && p.has(res) {
				fmt.Fprintf(&b, "<section id=\"%s\" class=\"pictures\">\n<h2>%s</h2>\n", p.id, esc(p.title))
				p.draw(&b, res)
				b.WriteString("</section>\n")
			}
		}
	}
	fmt.Fprintf(&b, "<footer>slaeval replay · agreement %s · events %s · %d events</footer>\n", esc(res.agreeFile), esc(res.eventFile), res.events)
	b.WriteString("</main>\n</body>\n</html>\n")
	return b.Bytes(), nil
}

func cond(c bool, a, b string) string {
	if c {
		return a
	}
	return b
}

// htmlTable writes one table of the view; a table with explanations gets
// each row's steps as a numbered list in the row below it.
func htmlTable(b *bytes.Buffer, t table) {
	if t.class != "" {
		fmt.Fprintf(b, "<table class=\"%s\">\n", t.class)
	} else {
		b.WriteString("<table>\n")
	}
	if t.title != "" {
		fmt.Fprintf(b, "<caption>%s</caption>\n", esc(t.title))
	}
	numeric := func(i int) string {
		if i < len(t.num) && t.num[i] {
			return " class=\"num\""
		}
		return ""
	}
	b.WriteString("<thead><tr>")
	for i, h := range t.head {
		fmt.Fprintf(b, "<th scope=\"col\"%s>%s</th>", numeric(i), esc(h))
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	for r, row := range t.rows {
		b.WriteString("<tr>")
		for i, c := range row {
			attr := numeric(i)
			if attr == "" && len([]rune(c.text)) <= 24 {
				attr = " class=\"nw\"" // short cells (dates, durations, IDs) do not break
			}
			fmt.Fprintf(b, "<td%s>%s</td>", attr, cellHTML(c))
		}
		b.WriteString("</tr>\n")
		if t.details != nil && len(t.details[r]) > 0 {
			fmt.Fprintf(b, "<tr class=\"steps\"><td colspan=\"%d\"><ol>", len(t.head))
			for _, s := range t.details[r] {
				fmt.Fprintf(b, "<li>%s</li>", esc(s))
			}
			b.WriteString("</ol></td></tr>\n")
		}
	}
	if t.more > 0 {
		fmt.Fprintf(b, "<tr><td colspan=\"%d\" class=\"dim\">… and %d more not listed</td></tr>\n", len(t.head), t.more)
	}
	b.WriteString("</tbody>\n")
	if t.foot != nil {
		b.WriteString("<tfoot><tr>")
		for i, c := range t.foot {
			fmt.Fprintf(b, "<td%s>%s</td>", numeric(i), cellHTML(c))
		}
		b.WriteString("</tr></tfoot>\n")
	}
	b.WriteString("</table>\n")
}

// cellHTML shows a toned cell as a badge: the word is the signal, the
// colour and a mark repeat it.
func cellHTML(c cell) string {
	if c.tone == toneNone {
		return esc(c.text)
	}
	mark := map[string]string{toneGood: "✓ ", toneBad: "✗ ", toneWarn: "● "}[c.tone]
	return fmt.Sprintf("<span class=\"badge %s\">%s%s</span>", c.tone, mark, esc(c.text))
}

// stretch is a span of one clock in one phase.
type stretch struct {
	from, to time.Time
	class    string // running, paused, breached
}

// stretches derives a clock's running, paused and breached spans from the
// phases recorded after each event and the breach instants of the report:
// running time after the breach instant is drawn as breached.
func stretches(changes []phaseChange, breach, asOf time.Time) []stretch {
	var out []stretch
	for i, c := range changes {
		if c.phase != metric.Running && c.phase != metric.Paused {
			continue
		}
		end := asOf
		if i+1 < len(changes) {
			end = changes[i+1].at
		}
		if !end.After(c.at) {
			continue
		}
		if c.phase == metric.Paused {
			out = append(out, stretch{c.at, end, "paused"})
			continue
		}
		switch {
		case breach.IsZero() || !breach.Before(end):
			out = append(out, stretch{c.at, end, "running"})
		case !breach.After(c.at):
			out = append(out, stretch{c.at, end, "breached"})
		default:
			out = append(out, stretch{c.at, breach, "running"}, stretch{breach, end, "breached"})
		}
	}
	return out
}

// row is one subject's timeline.
type row struct {
	key      subjectKey
	sr       *sla.SubjectReport
	start    time.Time
	interest int // 0 breached, 1 running, 2 other
}

func timelines(b *bytes.Buffer, res *result) {
	r := res.report
	var rows []row
	for i := range r.Subjects {
		s := &r.Subjects[i]
		k := subjectKey{s.Type, s.ID}
		lanes := res.phases[k]
		if len(lanes) == 0 {
			continue
		}
		rw := row{key: k, sr: s, interest: 2}
		for _, l := range lanes {
			if len(l) > 0 && (rw.start.IsZero() || l[0].at.Before(rw.start)) {
				rw.start = l[0].at
			}
		}
		for _, so := range s.Objectives {
			switch so.State {
			case sla.StateBreached:
				rw.interest = 0
			case sla.StateRunning:
				rw.interest = min(rw.interest, 1)
			}
		}
		rows = append(rows, rw)
	}
	if len(rows) == 0 {
		b.WriteString("<p>No subject has a clock.</p>\n")
		return
	}
	total := len(rows)
	if len(rows) > timelineMax {
		// Every breached and running subject (up to the cap), then others
		// spread evenly over the whole span.
		slices.SortStableFunc(rows, func(x, y row) int { return cmp.Or(cmp.Compare(x.interest, y.interest), x.start.Compare(y.start)) })
		keep := 0
		for keep < len(rows) && keep < timelineMax && rows[keep].interest < 2 {
			keep++
		}
		others := rows[keep:]
		chosen := rows[:keep:keep]
		if room := timelineMax - keep; room > 0 {
			for i := range room {
				chosen = append(chosen, others[i*len(others)/room])
			}
		}
		rows = chosen
	}
	slices.SortStableFunc(rows, func(x, y row) int { return cmp.Or(x.start.Compare(y.start), strings.Compare(x.key.id, y.key.id)) })
	from := rows[0].start
	to := r.AsOf
	for _, rw := range rows {
		if rw.start.Before(from) {
			from = rw.start
		}
	}
	from = time.Date(from.In(res.loc).Year(), from.In(res.loc).Month(), from.In(res.loc).Day(), 0, 0, 0, 0, res.loc)
	if !to.After(from) {
		to = from.Add(24 * time.Hour)
	}

	var names []string
	for _, id := range res.clockObjs {
		names = append(names, res.objName("", id))
	}
	fmt.Fprintf(b, "<p class=\"note\">Each subject's clocks from its first event to the report's instant: <span class=\"key running\"></span> running (solid) <span class=\"key paused\"></span> paused (light, outlined) <span class=\"key breached\"></span> past its target (hatched). Thin lane: %s; thick lane: %s. Shaded columns are weekends.",
		esc(strings.Join(names[:max(0, len(names)-1)], "; ")), esc(lastOr(names)))
	if total > len(rows) {
		fmt.Fprintf(b, " Showing %d of %d subjects: every breached or running one, and others spread over the span; %d omitted.", len(rows), total, total-len(rows))
	}
	b.WriteString("</p>\n")

	const (
		w, left, right, rowH, top = 1100.0, 110.0, 10.0, 15.0, 44.0
	)
	plot := w - left - right
	h := top + rowH*float64(len(rows)) + 8
	span := to.Sub(from).Seconds()
	x := func(t time.Time) float64 { return left + plot*clamp(t.Sub(from).Seconds()/span) }
	fmt.Fprintf(b, "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" width=\"100%%\" role=\"img\" aria-label=\"Clock timelines\">\n", w, h)
	hatch(b, "hatch-breached", "miss")
	// Days: weekends shaded, Mondays labelled.
	for d := from; d.Before(to); d = time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, res.loc) {
		next := time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, res.loc)
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			fmt.Fprintf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"weekend\"/>\n", x(d), top-4, x(next)-x(d), h-top)
		}
		if d.Weekday() == time.Monday || d.Equal(from) {
			fmt.Fprintf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>\n", x(d), top-8, x(d), h)
			fmt.Fprintf(b, "<text x=\"%.1f\" y=\"%.1f\" class=\"axis\">%s</text>\n", x(d)+3, top-12, d.Format("Mon 2 Jan"))
		}
	}
	fmt.Fprintf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"asof\"/>\n", x(to), top-8, x(to), h)
	fmt.Fprintf(b, "<text x=\"%.1f\" y=\"%.1f\" class=\"axis strong\" text-anchor=\"end\">as of %s</text>\n", x(to), top-28, esc(to.In(res.loc).Format("2 Jan 15:04")))
	for i, rw := range rows {
		y := top + rowH*float64(i)
		fmt.Fprintf(b, "<text x=\"0\" y=\"%.1f\" class=\"small%s\">%s</text>\n", y+10, cond(rw.interest == 0, " strong", ""), esc(rw.key.id))
		lanes := res.phases[rw.key]
		for li, id := range res.clockObjs {
			changes, ok := lanes[id]
			if !ok {
				continue
			}
			var breach time.Time
			var tip string
			for _, so := range rw.sr.Objectives {
				if so.Objective != id {
					continue
				}
				for _, c := range so.Cycles {
					if !c.BreachAt.IsZero() && (breach.IsZero() || c.BreachAt.Before(breach)) {
						breach = c.BreachAt
					}
				}
				tip = fmt.Sprintf("%s, %s: %s, %s of %s", rw.key.id, res.objName(rw.sr.Version, id), stateWords(so.State, so.Phase), hoursWords(so.Elapsed), hoursWords(so.Target))
				if so.Excused {
					tip += " (excused)"
				}
			}
			thick := li == len(res.clockObjs)-1
			ly, lh := y+2, 3.0
			if thick {
				ly, lh = y+6, 6.0
			}
			for _, s := range stretches(changes, breach, to) {
				wd := max(x(s.to)-x(s.from), 0.8)
				attr := "class=\"" + s.class + "\""
				if s.class == "breached" {
					attr = "fill=\"url(#hatch-breached)\" class=\"breached\""
				}
				fmt.Fprintf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" %s><title>%s</title></rect>\n", x(s.from), ly, wd, lh, attr, esc(tip))
			}
		}
	}
	b.WriteString("</svg>\n")
}

func clamp(f float64) float64 { return max(0, min(1, f)) }

func lastOr(s []string) string {
	if len(s) == 0 {
		return "—"
	}
	return s[len(s)-1]
}

const css = `
:root { --fg:#111827; --dim:#4b5563; --line:#d1d5db; --bg:#f8fafc; --good:#166534; --bad:#b91c1c; --warn:#92400e;
  --run:#2563eb; --pause:#d97706; --breach:#dc2626; --win:#1d4ed8; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--fg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 28px 32px 40px; }
header h1 { margin: 0 0 4px; font-size: 24px; }
.sub { margin: 2px 0; color: var(--dim); }
nav { margin: 12px 0 0; font-size: 13px; }
nav ol { display:flex; flex-wrap:wrap; gap:4px 18px; margin:4px 0 0; padding:0; list-style:none; counter-reset: toc; }
nav li { counter-increment: toc; } nav li::before { content: counter(toc) ". "; color: var(--dim); }
a { color: #1d4ed8; }
h2 { font-size: 17px; margin: 0 0 8px; }
h3 { font-size: 14px; margin: 18px 0 4px; }
section { background:#fff; border:1px solid var(--line); border-radius:8px; padding:16px 18px; margin-top:18px; }
.cards { display:grid; grid-template-columns: repeat(5, 1fr); gap:12px; background:none; border:none; padding:0; }
.card { background:#fff; border:1px solid var(--line); border-radius:8px; padding:12px 14px; border-top:4px solid #9ca3af; }
.card.good { border-top-color: var(--good); } .card.bad { border-top-color: var(--bad); } .card.warn { border-top-color: var(--warn); }
.card .label { color: var(--dim); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card .value { font-size: 20px; font-weight: 650; margin: 2px 0; }
.dim { color: var(--dim); font-size: 12px; }
.note { color: var(--dim); margin: 0 0 10px; }
.after { color: var(--fg); margin: 10px 0 0; }
table { width:100%; border-collapse: collapse; margin: 6px 0 14px; }
caption { text-align:left; font-weight:600; padding: 6px 0; caption-side: top; }
th, td { text-align:left; padding:5px 8px; border-bottom:1px solid var(--line); vertical-align: top; }
th { font-size:12px; color:var(--dim); font-weight:600; text-transform: uppercase; letter-spacing:.03em; }
td.nw { white-space: nowrap; }
table.periods th:nth-child(1) { width: 22%; } table.periods th:nth-child(2) { width: 22%; }
td.num, th.num { text-align:right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tfoot td { font-weight:650; border-bottom:none; }
tr.steps td { border-bottom:1px solid var(--line); padding-top:0; color: var(--dim); font-size: 12.5px; }
tr.steps ol { margin: 0; padding-left: 22px; }
.badge { display:inline-block; padding:0 7px; border-radius:10px; font-size:12px; font-weight:650; border:1px solid currentColor; white-space: nowrap; }
.badge.good { background:#f0fdf4; color:var(--good); } .badge.bad { background:#fef2f2; color:var(--bad); }
.badge.warn { background:#fffbeb; color:var(--warn); }
.charts { display:grid; grid-template-columns: 1fr 1fr; gap: 8px 24px; }
figure.chart { margin: 0; } figcaption { font-weight: 600; font-size: 13px; margin: 6px 0 2px; }
svg.chart, figure svg { display:block; font-family: inherit; }
svg .grid { stroke:#e5e7eb; stroke-width:1; } svg .zero { stroke: var(--fg); stroke-width: 1.5; }
svg .axis { fill: var(--dim); font-size: 11px; } svg .axis.strong { fill: var(--fg); font-weight: 650; }
svg .label { fill: var(--fg); font-size: 13px; } svg .label.strong { font-weight: 700; }
svg .val { fill: var(--fg); font-size: 11px; font-weight: 600; }
svg .small { fill: var(--fg); font-size: 11px; } svg .small.strong { font-weight: 700; fill: var(--bad); }
svg .track { fill:#f3f4f6; }
svg .bar-met { fill: #4d7c0f; } svg .bar-missed { stroke: var(--bad); stroke-width: 1.5; }
svg .bar-open { fill: #cbd5e1; stroke: #64748b; stroke-dasharray: 3 2; } svg .bar-excused { fill: #9ca3af; }
svg .miss-bg { fill: #fecaca; } svg .miss-line { stroke: var(--bad); stroke-width: 3; }
svg .excl-bg { fill: #f3f4f6; } svg .excl-line { stroke: #6b7280; stroke-width: 2; }
svg .excl { stroke: #6b7280; stroke-width: 1; }
svg .down { fill: var(--bad); }
svg .win { fill: none; stroke: var(--win); stroke-width: 1.5; stroke-dasharray: 3 2; }
svg .target { stroke: var(--fg); stroke-width: 2; stroke-dasharray: 6 3; }
svg .budget { fill: none; stroke-width: 2; }
svg .b0 { stroke:#1d4ed8; } svg .b1 { stroke:#b91c1c; } svg .b2 { stroke:#15803d; } svg .b3 { stroke:#7c3aed; } svg .b4 { stroke:#c2410c; } svg .b5 { stroke:#0f766e; }
svg .weekend { fill: #e5e7eb; }
svg .asof { stroke: var(--fg); stroke-width: 1; stroke-dasharray: 2 2; }
svg .running { fill: var(--run); } svg .paused { fill: #fde68a; stroke: var(--pause); stroke-width: .8; } svg .breached { stroke: var(--bad); stroke-width: .6; }
.key { display:inline-block; width:14px; height:9px; border-radius:2px; margin:0 3px 0 8px; vertical-align: middle; border:1px solid #6b7280; }
.key.running { background: var(--run); } .key.paused { background: #fde68a; border-color: var(--pause); }
.key.breached { background: repeating-linear-gradient(45deg, var(--bad) 0 2px, #fecaca 2px 5px); }
.key.down { background: var(--bad); } .key.excl { background: repeating-linear-gradient(45deg, #6b7280 0 2px, #f3f4f6 2px 5px); }
.key.win { background: none; border: 1.5px dashed var(--win); }
footer { color: var(--dim); font-size: 12px; margin-top: 18px; }
@media (max-width: 800px) { .cards { grid-template-columns: 1fr 1fr; } .charts { grid-template-columns: 1fr; } }
@media print {
  body { background: #fff; font-size: 11px; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  section { border: none; padding: 0; margin-top: 14px; break-inside: auto; }
  h2, h3, caption { break-after: avoid; } figure, svg { break-inside: avoid; }
  tr { break-inside: avoid; }
  .card { border: 1px solid #999; }
  .cards { grid-template-columns: repeat(5, 1fr); } .charts { grid-template-columns: 1fr 1fr; }
  a { color: inherit; text-decoration: none; }
}
`
