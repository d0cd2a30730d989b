package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/slaeval/slaeval/metric"
	"github.com/slaeval/slaeval/sla"
)

// result is everything the renderers need.
type result struct {
	agreement    sla.Agreement
	loc          *time.Location
	report       sla.Report
	agreeFile    string // as named to the user
	eventFile    string
	defaultAs    bool // asOf was taken from the latest event
	events       int  // lines holding an event
	first        time.Time
	last         time.Time
	rejected     []rejection
	phases       map[subjectKey]map[string][]phaseChange // per subject, per clock objective ID
	clockObjs    []string                                // IDs of the clock objectives, agreement order (first version)
	next         time.Time                               // NextChange after the report instant; zero: none
	avail        map[string][]availSample                // per availability objective ID, in time order
	availSkipped bool                                    // too much history to sample: no strips or budgets
	windows      []window                                // announced maintenance windows
	warnings     []sla.CheckWarning                      // what the agreement shows can never match or is unused
}

// availSample is an availability objective's period figures as of one
// instant: the report gives a period's downtime and excluded time only as
// totals, so the month strips and the error budget are drawn from reports
// taken at every downtime event, window edge and period end (between two
// samples downtime grows evenly or not at all).
type availSample struct {
	at             time.Time
	period         metric.Period
	down, excluded time.Duration
	service        time.Duration
}

// window is an announced maintenance window.
type window struct {
	from, to, announced time.Time
}

type subjectKey struct{ typ, id string }

type rejection struct {
	line int
	err  error
}

// phaseChange is the phase a clock entered at an instant.
type phaseChange struct {
	at    time.Time
	phase metric.Phase
}

// evaluate loads the agreement and the events and evaluates them as of asOf
// (zero: the latest event's instant).
func evaluate(o options, stdin io.Reader, asOf time.Time) (*result, error) {
	res := &result{agreeFile: o.agreement, eventFile: o.events}
	var agreeData []byte
	var err error
	if o.agreement == "" {
		res.agreeFile = path.Base(o.seed.agreement) + " (embedded)"
		agreeData, err = data.ReadFile(o.seed.agreement)
	} else {
		agreeData, err = os.ReadFile(o.agreement)
	}
	if err != nil {
		return nil, err
	}
	a, err := sla.Decode(agreeData)
	if err != nil {
		return nil, agreementError(res.agreeFile, err)
	}
	res.agreement = a
	res.warnings = a.Check()
	if res.loc, err = a.Location(); err != nil {
		return nil, fmt.Errorf("%s: %w", res.agreeFile, err)
	}
	ev, err := sla.NewEvaluator(a)
	if err != nil {
		return nil, agreementError(res.agreeFile, err)
	}
	for _, obj := range a.Versions[0].Objectives {
		if obj.Metric.Kind == sla.KindClock {
			res.clockObjs = append(res.clockObjs, obj.ID)
		}
	}

	var r io.Reader
	switch o.events {
	case "":
		res.eventFile = path.Base(o.seed.events) + " (embedded)"
		b, err := data.ReadFile(o.seed.events)
		if err != nil {
			return nil, err
		}
		r = bytes.NewReader(b)
	case "-":
		res.eventFile = "standard input"
		r = stdin
	default:
		f, err := os.Open(o.events)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	events, lines, err := readEvents(res.eventFile, r)
	if err != nil {
		return nil, err
	}
	res.events = len(events)
	res.phases = make(map[subjectKey]map[string][]phaseChange)
	sm := res.newSampler(a)
	for i, e := range events {
		sm.before(ev, e.At)
		if res.first.IsZero() || e.At.Before(res.first) {
			res.first = e.At
		}
		if e.At.After(res.last) {
			res.last = e.At
		}
		if err := ev.Apply(e); err != nil {
			res.rejected = append(res.rejected, rejection{lines[i], err})
			continue
		}
		res.notePhases(ev, e)
		sm.after(ev, e)
	}
	switch {
	case o.asOf == "now":
		asOf = time.Now()
	case asOf.IsZero():
		if len(events) == 0 {
			return nil, fmt.Errorf("%s: no events: give the report's instant with -asof", res.eventFile)
		}
		asOf, res.defaultAs = res.last, true
	}
	sm.before(ev, asOf.Add(1))
	sm.sample(ev, asOf)
	res.report = ev.Report(asOf)
	if t, ok := ev.NextChange(asOf); ok {
		res.next = t
	}
	return res, nil
}

// notePhases records the phase of each clock of e's subject after e, by
// objective ID (a snapshot's clocks are the version's clock objectives, in
// order).
func (res *result) notePhases(ev *sla.Evaluator, e sla.Event) {
	ss, ok := ev.Snapshot(e.SubjectType, e.Subject)
	if !ok || len(ss.Clocks) == 0 || ss.Version < 0 || ss.Version >= len(res.agreement.Versions) {
		return
	}
	var ids []string
	for _, o := range res.agreement.Versions[ss.Version].Objectives {
		if o.Metric.Kind == sla.KindClock {
			ids = append(ids, o.ID)
		}
	}
	if len(ids) != len(ss.Clocks) {
		return
	}
	started := false
	for _, c := range ss.Clocks {
		started = started || c.State.Phase != metric.Idle
	}
	k := subjectKey{e.SubjectType, e.Subject}
	lanes := res.phases[k]
	if lanes == nil {
		if !started {
			return // a subject whose clocks never start (an invoice) has no timeline
		}
		lanes = make(map[string][]phaseChange, len(ids))
		res.phases[k] = lanes
	}
	for i, c := range ss.Clocks {
		l := lanes[ids[i]]
		if n := len(l); (n == 0 && c.State.Phase != metric.Idle) || (n > 0 && l[n-1].phase != c.State.Phase) {
			lanes[ids[i]] = append(l, phaseChange{e.At, c.State.Phase})
		}
	}
}

// agreementError lists every problem of an agreement, one per line, each
// prefixed with the file name and the JSON path of the field.
func agreementError(file string, err error) error {
	ps := sla.Problems(err)
	if len(ps) == 0 {
		return fmt.Errorf("%s: %w", file, err)
	}
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteString("\n")
		}
		path := p.Path
		if path == "" {
			path = "(document)"
		}
		fmt.Fprintf(&b, "%s: %s: %s", file, path, p.Msg)
	}
	return errors.New(b.String())
}

// maxLine bounds one event line.
const maxLine = 1 << 20

// readEvents reads JSON Lines: blank lines are skipped; any other line must
// be one event. It returns the events and their line numbers (which
// sla.DecodeEvents does not give for the events it decodes).
func readEvents(name string, r io.Reader) ([]sla.Event, []int, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), maxLine)
	var events []sla.Event
	var lines []int
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		// The library's decoder: fields it does not define are ignored,
		// and its errors name the field.
		var e sla.Event
		if err := e.UnmarshalJSON(line); err != nil {
			return nil, nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		events = append(events, e)
		lines = append(lines, n)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, nil, fmt.Errorf("%s:%d: line longer than %d bytes", name, n+1, maxLine)
		}
		return nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	return events, lines, nil
}

// sampler takes the availability samples while the events are applied.
type sampler struct {
	res    *result
	kinds  map[string]bool // event kinds that move downtime or announce a window
	marks  []time.Time     // instants still to sample: window edges, period ends
	objs   []string        // availability objective IDs
	months map[string]bool // period ends already queued, by objective and instant
	work   int             // subjects reported on so far, summed over samples
}

// sampleWork bounds the sampling: each sample is a whole report, so a long
// history of many subjects stops being sampled (and the pictures say so)
// rather than taking minutes.
const sampleWork = 2_000_000

func (res *result) newSampler(a sla.Agreement) *sampler {
	sm := &sampler{res: res, kinds: map[string]bool{}, months: map[string]bool{}}
	for _, v := range a.Versions {
		for _, o := range v.Objectives {
			av := o.Metric.Availability
			if o.Metric.Kind != sla.KindAvailability || av == nil {
				continue
			}
			if !slices.Contains(sm.objs, o.ID) {
				sm.objs = append(sm.objs, o.ID)
			}
			for _, cs := range [][]sla.Condition{av.Down, av.Up, av.Downtime} {
				for _, c := range cs {
					sm.kinds[c.Kind] = true
				}
			}
		}
		for _, x := range v.Exclusions {
			for _, c := range x.Events {
				sm.kinds["announce:"+c.Kind] = true
			}
		}
	}
	if len(sm.objs) > 0 {
		res.avail = map[string][]availSample{}
	}
	return sm
}

// before samples the queued instants before t.
func (sm *sampler) before(ev *sla.Evaluator, t time.Time) {
	if len(sm.objs) == 0 {
		return
	}
	slices.SortFunc(sm.marks, func(x, y time.Time) int { return x.Compare(y) })
	for len(sm.marks) > 0 && sm.marks[0].Before(t) {
		sm.sample(ev, sm.marks[0])
		sm.marks = sm.marks[1:]
	}
}

// after samples after an event that moves downtime, and queues the edges of
// an announced window.
func (sm *sampler) after(ev *sla.Evaluator, e sla.Event) {
	if len(sm.objs) == 0 {
		return
	}
	if sm.kinds["announce:"+e.Kind] {
		from, _ := e.Attr("start")
		to, _ := e.Attr("end")
		f, err1 := time.Parse(time.RFC3339, from)
		u, err2 := time.Parse(time.RFC3339, to)
		if err1 == nil && err2 == nil && u.After(f) {
			sm.res.windows = append(sm.res.windows, window{f, u, e.At})
			sm.marks = append(sm.marks, f, u)
		}
	}
	if sm.kinds[e.Kind] {
		sm.sample(ev, e.At)
	}
}

// sample records each availability objective's period containing t (or
// ending at t) as of t, and queues that period's end.
func (sm *sampler) sample(ev *sla.Evaluator, t time.Time) {
	if len(sm.objs) == 0 {
		return
	}
	r := ev.Report(t)
	sm.work += len(r.Subjects) + 1
	if sm.work > sampleWork {
		sm.objs, sm.res.avail, sm.res.availSkipped = nil, nil, true
		return
	}
	for _, p := range r.Periods {
		if !slices.Contains(sm.objs, p.Objective) || t.Before(p.Period.Start) || t.After(p.Period.End) {
			continue
		}
		l := sm.res.avail[p.Objective]
		if n := len(l); n > 0 && l[n-1].at.Equal(t) && l[n-1].period.Start.Equal(p.Period.Start) {
			l = l[:n-1]
		}
		sm.res.avail[p.Objective] = append(l, availSample{at: t, period: p.Period, down: p.Down, excluded: p.Excluded, service: p.Service})
		if k := p.Objective + p.Period.End.String(); !sm.months[k] {
			sm.months[k] = true
			sm.marks = append(sm.marks, p.Period.End)
		}
	}
}
