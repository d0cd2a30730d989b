package main

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/slaeval/slaeval/sla"
)

// Change is one visible change of a subject's objective in a tenant's
// report: a key naming it ("subject ticket/T-1 first-reply"), its state
// before and after ("" when absent), and the instant at which the worker
// saw it. Workers publish only subjects' changes: a period's verdict, an
// obligation's status and credits are tenant-wide, known only after the
// reducer merges every partition (a host notifies of those by comparing
// successive merged reports).
type Change struct {
	Partition int       `json:"partition"`
	Key       string    `json:"key"`
	Before    string    `json:"before,omitempty"`
	After     string    `json:"after,omitempty"`
	At        time.Time `json:"at"`
}

// summary is the part of a report that the change feed watches, by key.
type summary map[string]string

// summarize reduces a report to its summary: each subject's objective
// state and phase, and whether it is excused or excluded.
func summarize(r sla.Report) summary {
	s := summary{}
	for _, sr := range r.Subjects {
		for _, o := range sr.Objectives {
			v := o.State
			if o.Phase != "" {
				v += " " + o.Phase
			}
			if o.Excused {
				v += " excused"
			}
			if o.Excluded {
				v += " excluded"
			}
			s["subject "+sr.Type+"/"+sr.ID+" "+o.Objective] = v
		}
	}
	return s
}

// changes lists what differs between two summaries, by key. It stands in
// for the library's change feed (issue 17, item 1: Apply and NextChange
// yield the changes themselves, with the objective and the instant each
// happened, without building two reports); until then the feed is as fine
// as the instants the worker compares at — each timer, and the end of each
// batch of events.
func changes(before, after summary, at time.Time, partition int) []Change {
	var cs []Change
	for k, a := range after {
		if b := before[k]; b != a {
			cs = append(cs, Change{Partition: partition, Key: k, Before: b, After: a, At: at})
		}
	}
	for k, b := range before {
		if _, ok := after[k]; !ok {
			cs = append(cs, Change{Partition: partition, Key: k, Before: b, At: at})
		}
	}
	slices.SortFunc(cs, func(a, b Change) int { return cmp.Compare(a.Key, b.Key) })
	return cs
}

// changeID names a change for the change stream's de-duplication: the
// same change published again after a worker's restart is stored once.
func changeID(tenant string, c Change) string {
	return strings.Join([]string{tenant, c.Key, c.Before, c.After, c.At.UTC().Format(time.RFC3339Nano)}, "|")
}
