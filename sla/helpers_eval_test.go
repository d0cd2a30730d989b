package sla

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/rickb777/period"
	"github.com/shopspring/decimal"

	"github.com/slaeval/slaeval/metric"
)

func loadSeed(t testing.TB, name string) Agreement {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "agreements", name))
	if err != nil {
		t.Fatal(err)
	}
	a, err := Decode(b)
	if err != nil {
		t.Fatalf("Decode(%s): %v", name, err)
	}
	return a
}

func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	x, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// ev builds an event: attrs alternate key, value.
func evt(id, typ, subj, kind, at string, attrs ...string) Event {
	e := Event{ID: id, SubjectType: typ, Subject: subj, Kind: kind}
	x, err := time.Parse(time.RFC3339, at)
	if err != nil {
		panic(err)
	}
	e.At = x
	for i := 0; i+1 < len(attrs); i += 2 {
		e.Attrs = append(e.Attrs, metric.Attr{Key: attrs[i], Value: attrs[i+1]})
	}
	return e
}

func withValue(e Event, v string) Event {
	e.Value, e.HasValue = decimal.RequireFromString(v), true
	return e
}

func findSubject(r Report, typ, id, obj string) (SubjectObjective, bool) {
	for _, s := range r.Subjects {
		if s.Type == typ && s.ID == id {
			for _, o := range s.Objectives {
				if o.Objective == obj {
					return o, true
				}
			}
		}
	}
	return SubjectObjective{}, false
}

func findPeriods(r Report, obj string) []PeriodReport {
	var out []PeriodReport
	for _, p := range r.Periods {
		if p.Objective == obj {
			out = append(out, p)
		}
	}
	return out
}

func seq(es []Event) func(func(Event) bool) { return slices.Values(es) }

const (
	minute = time.Minute
	hour   = time.Hour
)

func mustPeriod(s string) period.Period { return period.MustParse(s) }

// latest returns the later of t and the latest instant of es.
func latest(es []Event, t time.Time) time.Time {
	for _, e := range es {
		if e.At.After(t) {
			t = e.At
		}
	}
	return t
}
