package sla

import (
	"maps"
	"slices"
	"strconv"
)

// CheckWarning is something an agreement shows about itself that is valid but
// almost certainly not what its author meant: a part that can never match
// or that nothing uses. (Not to be confused with [Warning], a clock's
// early warning.) Path is the JSON path of the part, as in [*Error];
// Message says what is wrong and how to fix it.
type CheckWarning struct {
	Path    string
	Message string
}

// String returns "sla: path: message".
func (w CheckWarning) String() string { return "sla: " + w.Path + ": " + w.Message }

// Check returns the warnings about a, separate from its errors
// ([Agreement.Validate]): what the agreement itself shows can never match
// or is unused. It warns about
//   - a calendar, service or exclusion of a version that nothing in the
//     version refers to (a service with pricing counts as used: usage
//     events are charged by it; so does a version's only service, which
//     describes what the version is about);
//   - an attribute test list (a scope, or a condition's where) that no
//     subject or event can pass, such as equals "a" with equals "b", or
//     present with absent, on one attribute; for a condition this means it
//     never matches, for a scope that the objective never applies;
//   - a target of targets whose when value the objective's own scope
//     excludes, so that the target never applies (and, when that is true
//     of every one, the default target is the only one reachable);
//   - a scope on a ratio or a percentile of an objective's durations: those
//     measure every subject of the objective they name, and the scope is
//     not used;
//   - an objective scoped to a subject type for which no condition of the
//     version can start anything (every clock start, deadline anchor or
//     availability event condition that could create such a subject can
//     never match), so no subject of that type ever exists.
//
// Warnings come in document order (a version's calendars by name). Check
// reads a as it is: on an invalid agreement it warns about what it can,
// and it never panics. It returns nil when there is nothing to say.
func (a Agreement) Check() []CheckWarning {
	var c checker
	for vi, ver := range a.Versions {
		c.version(idx("", "versions", vi), ver)
	}
	return c.ws
}

type checker struct{ ws []CheckWarning }

func (c *checker) warn(path, msg string) { c.ws = append(c.ws, CheckWarning{Path: path, Message: msg}) }

func (c *checker) version(path string, ver Version) {
	used := referencedCalendars(ver)
	for _, name := range slices.Sorted(maps.Keys(ver.Calendars)) {
		if !slices.Contains(used, name) {
			c.warn(join(path, "calendars", name), "calendar "+quote(name)+" is not used by any service, objective or exclusion of this version; remove it, or name it in a service's hours or an objective's calendar")
		}
	}
	services := map[string]bool{}
	exclusions := map[string]bool{}
	for _, o := range ver.Objectives {
		services[o.Service] = true
		for _, r := range o.Penalties {
			services[r.Base] = true
		}
		for _, x := range o.Exclusions {
			exclusions[x] = true
		}
	}
	if ver.AtRisk != nil {
		services[ver.AtRisk.Base] = true
	}
	for _, ch := range ver.Chronic {
		services[ch.Base] = true
	}
	for i, s := range ver.Services {
		// A version needs a service: its only one describes it.
		if len(ver.Services) > 1 && s.ID != "" && !services[s.ID] && s.Pricing == nil {
			c.warn(idx(path, "services", i), "service "+quote(s.ID)+" has no pricing and no objective measures it; remove it, or name it in an objective's service")
		}
	}
	for i, x := range ver.Exclusions {
		xp := idx(path, "exclusions", i)
		if x.ID != "" && !exclusions[x.ID] {
			c.warn(xp, "exclusion "+quote(x.ID)+" is not listed in any objective's exclusions, so it excludes nothing; list it where it applies")
		}
		c.conditions(join(xp, "events"), x.Events)
	}
	for i, o := range ver.Objectives {
		c.objective(idx(path, "objectives", i), o)
	}
	c.creatable(path, ver)
}

func (c *checker) objective(path string, o Objective) {
	scope := admitted(o.Scope.Where)
	if a, ok := impossible(scope); ok {
		c.warn(join(path, "scope.where"), "no subject can pass these tests (attribute "+quote(a)+"), so the objective never applies; remove the contradicting tests")
	}
	if o.TargetBy != "" && len(o.Targets) > 0 {
		ad, tested := scope[o.TargetBy]
		reachable := 0
		for i, st := range o.Targets {
			if tested && !ad.admits(st.When) {
				c.warn(idx(path, "targets", i)+".when", "the objective's scope excludes "+quote(o.TargetBy)+" "+quote(st.When)+", so this target never applies")
				continue
			}
			reachable++
		}
		if reachable == 0 && o.Target != nil {
			c.warn(join(path, "targetBy"), "the scope excludes every value in targets, so the default target is the only one that ever applies; remove targetBy and targets, or widen the scope")
		}
	}
	m := o.Metric
	if (m.Ratio != nil && m.Kind == KindRatio) || (m.Percentile != nil && m.Kind == KindPercentile && m.Percentile.Of != "") {
		if o.Scope.Subject != "" || len(o.Scope.Where) > 0 {
			c.warn(join(path, "scope"), "a "+m.Kind+" of another objective measures every subject of that objective, so this scope is not used; scope the objective it names instead")
		}
	}
	for _, cl := range objectiveConditions(o) {
		c.conditions(join(path, cl.path), cl.cs)
	}
}

type condList struct {
	path string
	cs   []Condition
}

// objectiveConditions lists o's conditions with their paths below o.
func objectiveConditions(o Objective) []condList {
	m := o.Metric
	var out []condList
	if k := m.Clock; k != nil {
		out = append(out, condList{"metric.clock.start", k.Start}, condList{"metric.clock.stop", k.Stop},
			condList{"metric.clock.pause", k.Pause}, condList{"metric.clock.resume", k.Resume}, condList{"metric.clock.reset", k.Reset})
	}
	if av := m.Availability; av != nil {
		out = append(out, condList{"metric.availability.down", av.Down}, condList{"metric.availability.up", av.Up},
			condList{"metric.availability.downtime", av.Downtime})
		if av.ErrorRate != nil {
			out = append(out, condList{"metric.availability.errorRate.requests", av.ErrorRate.Requests})
		}
	}
	if vo := m.Volume; vo != nil {
		out = append(out, condList{"metric.volume.events", vo.Events})
	}
	if p := m.Percentile; p != nil {
		out = append(out, condList{"metric.percentile.values", p.Values})
	}
	if d := m.Deadline; d != nil {
		out = append(out, condList{"metric.deadline.after.events", d.Anchor.Events}, condList{"metric.deadline.done", d.Done})
	}
	return out
}

func (c *checker) conditions(path string, cs []Condition) {
	for i, cd := range cs {
		if a, ok := impossible(admitted(cd.Where)); ok {
			c.warn(join(path+"["+strconv.Itoa(i)+"]", "where"), "no event can pass these tests (attribute "+quote(a)+"), so the condition never matches; remove the contradicting tests")
		}
	}
}

// creatable warns about objectives scoped to a subject type for which some
// objective needs per-subject state but no condition that could create
// such a subject can match.
func (c *checker) creatable(path string, ver Version) {
	starts := map[string]bool{} // subject type ("": unscoped) → some objective of it can start a subject
	for _, p := range ver.Objectives {
		for _, cs := range creating(p, ver) {
			for _, cd := range cs {
				if _, never := impossible(admitted(cd.Where)); !never {
					starts[p.Scope.Subject] = true
				}
			}
		}
	}
	for i, o := range ver.Objectives {
		if t := o.Scope.Subject; t != "" && perSubject(o) && !starts[t] && !starts[""] {
			c.warn(idx(path, "objectives", i)+".scope.subject", "no condition of this version can start a subject of type "+quote(t)+" (every start, anchor or down condition for it can never match), so the objective never has a subject")
		}
	}
}

// perSubject reports whether o keeps state per subject, started by events.
func perSubject(o Objective) bool {
	switch o.Metric.Kind {
	case KindClock, KindAvailability:
		return true
	case KindDeadline:
		return o.Metric.Deadline != nil && len(o.Metric.Deadline.Anchor.Events) > 0
	}
	return false
}

// creating returns the condition lists of o whose match creates a subject
// (as the evaluator's creates does): clock starts (a preset's own start
// has no attribute tests, so it always can), deadline anchors, and
// availability's down and downtime events and the events of the
// maintenance exclusions it lists.
func creating(o Objective, ver Version) [][]Condition {
	m := o.Metric
	switch {
	case m.Kind == KindClock && m.Clock != nil:
		if m.Clock.Preset != "" && len(m.Clock.Start) == 0 {
			return [][]Condition{{{}}}
		}
		return [][]Condition{m.Clock.Start}
	case m.Kind == KindDeadline && m.Deadline != nil:
		return [][]Condition{m.Deadline.Anchor.Events}
	case m.Kind == KindAvailability && m.Availability != nil:
		out := [][]Condition{m.Availability.Down, m.Availability.Downtime}
		for _, x := range ver.Exclusions {
			if x.Kind == ExcludeMaintenance && slices.Contains(o.Exclusions, x.ID) {
				out = append(out, x.Events)
			}
		}
		return out
	}
	return nil
}

// admission is what one attribute may be after a list of tests: absent
// (when absentOK), or present with a value in values (when finite) or not
// in values (when not finite). Sets are maps, so that long value lists
// cost linear time.
type admission struct {
	absentOK bool
	finite   bool
	values   map[string]bool
}

func (a admission) admits(v string) bool { return a.values[v] == a.finite }

// admitted applies the tests ts, attribute by attribute.
func admitted(ts []AttrTest) map[string]admission {
	out := map[string]admission{}
	for _, t := range ts {
		a, ok := out[t.Attr]
		if !ok {
			a = admission{absentOK: true, values: map[string]bool{}}
		}
		switch t.Op {
		case OpEquals, OpIn: // present, with one of t.Values
			keep := map[string]bool{}
			for _, v := range t.Values {
				if a.admits(v) {
					keep[v] = true
				}
			}
			a = admission{finite: true, values: keep}
		case OpNotIn: // absent, or none of t.Values
			for _, v := range t.Values {
				if a.finite {
					delete(a.values, v)
				} else {
					a.values[v] = true
				}
			}
		case OpPresent:
			a.absentOK = false
		case OpAbsent:
			a.finite, a.values = true, map[string]bool{}
		default:
			continue // an unknown operator: Validate reports it
		}
		out[t.Attr] = a
	}
	return out
}

// impossible returns an attribute that no value (and not its absence) can
// satisfy, the first in name order, if there is one.
func impossible(m map[string]admission) (string, bool) {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if a := m[k]; !a.absentOK && a.finite && len(a.values) == 0 {
			return k, true
		}
	}
	return "", false
}
