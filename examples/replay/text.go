package main

import (
	"bytes"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/sla"
)

// renderText is the readable report: the sections of the view, one table
// each, aligned with tabwriter, in the same words as the HTML page.
func renderText(res *result) []byte {
	var b bytes.Buffer
	v := res.view()
	fmt.Fprintf(&b, "%s\n", v.title)
	for _, f := range v.facts {
		b.WriteString(wrap(f, 78, ""))
	}
	heading(&b, "AT A GLANCE")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, g := range v.glances {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", g.label, g.value, g.detail)
	}
	tw.Flush()
	for _, s := range v.sections {
		if s.id == "" {
			continue
		}
		heading(&b, strings.ToUpper(s.title))
		if s.intro != "" {
			b.WriteString(wrap(s.intro, 78, ""))
		}
		for _, t := range s.tables {
			textTable(&b, t)
		}
		if len(s.tables) == 0 && len(s.lines) == 0 && s.empty != "" {
			fmt.Fprintln(&b, s.empty)
		}
		if len(s.lines) > 0 && (len(s.tables) > 0 || s.intro != "") {
			b.WriteString("\n")
		}
		for _, l := range s.lines {
			b.WriteString(wrap(l, 78, ""))
		}
	}
	return b.Bytes()
}

func heading(b *bytes.Buffer, title string) {
	fmt.Fprintf(b, "\n%s\n%s\n", title, strings.Repeat("─", 78))
}

// textTable writes one table: a title, the header and the rows (at most
// textMax), or for a table with explanations each row followed by its
// steps.
func textTable(b *bytes.Buffer, t table) {
	b.WriteString("\n")
	if t.title != "" {
		b.WriteString(wrap(t.title, 78, ""))
	}
	rows := t.rows
	more := t.more
	if t.textMax > 0 && len(rows) > t.textMax {
		more += len(rows) - t.textMax
		rows = rows[:t.textMax]
	}
	if t.details != nil {
		for i, row := range rows {
			var cells []string
			for _, c := range row[:len(row)-1] {
				cells = append(cells, c.text)
			}
			fmt.Fprintf(b, "  %-16s %s\n", row[len(row)-1].text, strings.Join(cells, " · "))
			for _, s := range t.details[i] {
				b.WriteString(wrap("→ "+s, 78, strings.Repeat(" ", 21)))
			}
		}
		if t.foot != nil {
			fmt.Fprintf(b, "  %-16s %s\n", t.foot[len(t.foot)-1].text, t.foot[0].text)
		}
		return
	}
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	line := func(cells []cell) {
		var parts []string
		for _, c := range cells {
			parts = append(parts, c.text)
		}
		fmt.Fprintf(tw, "  %s\n", strings.Join(parts, "\t"))
	}
	var head []cell
	for _, h := range t.head {
		head = append(head, c(strings.ToUpper(h)))
	}
	line(head)
	for _, row := range rows {
		line(row)
	}
	if t.foot != nil {
		line(t.foot)
	}
	tw.Flush()
	if more > 0 {
		fmt.Fprintf(b, "  … and %d more (the HTML page lists them all)\n", more)
	}
}

// wrap breaks s into lines of at most width runes at spaces. Every line
// starts with indent, and lines after the first two spaces more. A word
// longer than the width stays whole.
func wrap(s string, width int, indent string) string {
	var b strings.Builder
	line, n := indent, 0 // n: words on the line
	for _, w := range strings.Fields(s) {
		if n > 0 && len([]rune(line))+1+len([]rune(w)) > width {
			b.WriteString(line + "\n")
			line, n = indent+"  ", 0
		}
		if n > 0 {
			line += " "
		}
		line += w
		n++
	}
	b.WriteString(line + "\n")
	return b.String()
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

// pct shows an attainment for a chart label.
func pct(d *decimal.Decimal) string {
	if d == nil {
		return "—"
	}
	return percentWords(*d)
}
