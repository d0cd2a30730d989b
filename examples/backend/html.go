package main

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"time"

	"github.com/slaeval/slaeval/sla"
)

// reportPage is the report for people: the periods with their verdicts,
// the credits, the subjects with a breached objective, the input
// accounting and any errors. The JSON form (GET .../report) is the
// whole report; examples/replay renders one in full.
var reportPage = template.Must(template.New("report").Funcs(template.FuncMap{
	"when": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02 15:04 UTC")
	},
	"month": func(t time.Time) string { return t.UTC().Format("2006-01-02") },
}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Tenant}}: {{.R.Agreement}}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}.breached,.missed{color:#b00}</style></head>
<body>
<h1>{{.Tenant}}: {{.R.Agreement}}</h1>
<p>As of {{when .R.AsOf}}, version {{.R.Version}}. Credit: <b>{{.R.Credit.Amount.StringFixed 2}} {{.R.Credit.Currency}}</b>.
Events: {{.R.Input.Applied}} applied, {{.R.Input.IgnoredTotal}} ignored, {{.R.Input.Duplicates}} duplicates.</p>
{{with .R.Errors}}<h2>Errors</h2><ul>{{range .}}<li>{{.Path}}: {{.Msg}}</li>{{end}}</ul>{{end}}
<h2>Periods</h2>
<table><tr><th>objective</th><th>from</th><th>to</th><th>final</th><th>verdict</th><th>met</th><th>missed</th><th>attainment %</th></tr>
{{range .R.Periods}}<tr><td>{{.Objective}}</td><td>{{month .Period.Start}}</td><td>{{month .Period.End}}</td><td>{{.Final}}</td><td class="{{.Verdict}}">{{.Verdict}}</td><td>{{.Met}}</td><td>{{.Missed}}</td><td>{{with .Attainment}}{{.StringFixed 2}}{{end}}</td></tr>
{{end}}</table>
<h2>Breaches ({{len .Breaches}})</h2>
<table><tr><th>subject</th><th>objective</th><th>due</th><th>breached at</th><th>excused</th><th>excluded</th></tr>
{{range .Breaches}}<tr><td>{{.Type}} {{.ID}}</td><td>{{.Objective}}</td><td>{{when .Due}}</td><td>{{when .BreachAt}}</td><td>{{.Excused}}</td><td>{{.Excluded}}</td></tr>
{{end}}</table>
</body></html>
`))

// breach is one breached objective of one subject, for the page.
type breach struct {
	Type, ID, Objective string
	Due, BreachAt       time.Time
	Excused, Excluded   bool
}

func breaches(r sla.Report) []breach {
	var out []breach
	for _, s := range r.Subjects {
		for _, o := range s.Objectives {
			if o.State == sla.StateBreached {
				out = append(out, breach{s.Type, s.ID, o.Objective, o.Due, o.BreachAt, o.Excused, o.Excluded})
			}
		}
	}
	return slices.Clip(out)
}

func (s *Server) getReportHTML(w http.ResponseWriter, r *http.Request) {
	at, err := s.asOf(r)
	if err != nil {
		writeError(w, err)
		return
	}
	var rep sla.Report
	var name string
	if err := s.withTenant(r, func(t *tenant) error { name, rep = t.name, t.ev.Report(at); return nil }); err != nil {
		writeError(w, err)
		return
	}
	var page bytes.Buffer
	if err := reportPage.Execute(&page, struct {
		Tenant   string
		R        sla.Report
		Breaches []breach
	}{name, rep, breaches(rep)}); err != nil {
		writeError(w, fmt.Errorf("backend: render the report: %w", err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(page.Bytes())
}
