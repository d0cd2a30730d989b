package sla

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/slaeval/slaeval/calendar"
)

// boundedTerm is the edit that ends minimal.json's term after a year, so
// that its objectives have 14 periods each (12 months, plus the two that
// periodsOf allows for straddling periods) rather than the report's cap of
// 1,200.
var boundedTerm = []string{`"term": {"effectiveFrom": "2026-01-01T00:00:00Z"}`, `"term": {"effectiveFrom": "2026-01-01T00:00:00Z", "effectiveTo": "2027-01-01T00:00:00Z"}`}

// objectives returns n monthly volume objectives o0 to o(n-1), each on
// calendar cal(i) when cal is not nil.
func objectives(n int, cal func(i int) string) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		if cal != nil {
			// A volume objective takes no calendar: a clock measured on
			// one.
			fmt.Fprintf(&b, `{"id": "o%d", "name": "First reply", "obligor": "p", "beneficiary": "c", "calendar": %q, "metric": {"kind": "clock", "clock": {"preset": "firstReply"}}, "target": {"within": "PT4H", "unit": "business"}}`, i, cal(i))
			continue
		}
		fmt.Fprintf(&b, `{"id": "o%d", "name": "Leads", "obligor": "p", "beneficiary": "c", "metric": {"kind": "volume", "volume": {"events": [{"kind": "lead"}], "aggregate": "count"}}, "target": {"atLeast": "1"}, "period": {"kind": "month"}}`, i)
	}
	return b.String()
}

func withObjectives(list string) []string {
	return []string{`"objectives": [
       {"id": "o", "name": "First reply", "obligor": "p", "beneficiary": "c",
        "metric": {"kind": "clock", "clock": {"preset": "firstReply"}},
        "target": {"within": "PT4H", "unit": "business"}}
     ]`, `"objectives": [` + list + `]`}
}

// versionsJSON is the edit that puts n-1 versions, a month apart from
// 2026-02-01, before minimal.json's version (2026-01-01): n in all.
func versionsJSON(n int) []string {
	var b strings.Builder
	for i := 1; i < n; i++ {
		y, m := 2026+i/12, i%12+1
		fmt.Fprintf(&b, `{"version": "v%d", "effectiveFrom": "%04d-%02d-01T00:00:00Z", "services": [{"id": "s", "name": "Service", "provider": "p"}], "objectives": [%s]},`, i, y, m, objectives(1, nil))
	}
	return []string{`"versions": [`, `"versions": [` + b.String()}
}

// TestLimits: each limit, one past its default, is refused with ErrLimit at
// its path; at the default it is accepted; and a host that lifts it with
// Options accepts what the default refused. Counts are read off the
// documents.
func TestLimits(t *testing.T) {
	cals := func(n int) string { // n distinct calendars c0..c(n-1)
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `"c%d": {"hours": "Mon-Fri 09:%02d-17:00"}`, i, i%60)
		}
		return b.String()
	}
	withCals := func(n int) []string {
		return []string{`"services": [{"id": "s", "name": "Service", "provider": "p"}]`, `"calendars": {` + cals(n) + `}, "services": [{"id": "s", "name": "Service", "provider": "p"}]`}
	}
	edits := func(parts ...[]string) []string {
		var out []string
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	nameOf := func(i int) string { return fmt.Sprintf("c%d", i) }
	tests := []struct {
		name     string
		at, over []string // edits to minimal.json: at the default limit, one past it
		want     problem
		lift     Limits // lifts the limit enough for over
	}{
		{"versions", versionsJSON(DefaultVersions), versionsJSON(DefaultVersions + 1),
			problem{"versions", ErrLimit}, Limits{Versions: DefaultVersions + 1}},
		{"calendars of a version", withCals(DefaultCalendars), withCals(DefaultCalendars + 1),
			problem{"versions[0].calendars", ErrLimit}, Limits{Calendars: 1000}},
		{"objectives of a version", edits(boundedTerm, withObjectives(objectives(DefaultObjectives, nil))),
			edits(boundedTerm, withObjectives(objectives(DefaultObjectives+1, nil))),
			problem{"versions[0].objectives", ErrLimit}, Limits{Objectives: DefaultObjectives + 1}},
		// 16 distinct calendars used by 16 objectives are built; a 17th is
		// one too many (names sort c0, c1, c10, ..., c16, c2, ...: c9 is
		// the 17th).
		{"calendars built", edits(withCals(DefaultCalendarParts), withObjectives(objectives(DefaultCalendarParts, nameOf))),
			edits(withCals(DefaultCalendarParts+1), withObjectives(objectives(DefaultCalendarParts+1, nameOf))),
			problem{"versions[0].calendars.c9", ErrLimit}, Limits{CalendarParts: 100}},
		// An open-ended version reports up to 1,200 periods per objective
		// (with minimal.json's own clock objective replaced):
		// 83 objectives make 99,600, 84 make 100,800.
		{"period results", withObjectives(objectives(83, nil)), withObjectives(objectives(84, nil)),
			problem{"versions[0].objectives", ErrLimit}, Limits{PeriodResults: 200_000}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Decode(minimalWith(t, tc.at...)); err != nil {
				t.Fatalf("Decode at the limit = %v, want no error", err)
			}
			_, err := Decode(minimalWith(t, tc.over...))
			if diff := cmp.Diff([]problem{tc.want}, problemsOf(err), cmpErrors); diff != "" {
				t.Fatalf("Decode one past the limit (-want +got):\n%s\nerror: %v", diff, err)
			}
			if !strings.Contains(err.Error(), "Limits.") {
				t.Errorf("Decode one past the limit = %v, want it to name the limit", err)
			}
			a, err := Options{Limits: tc.lift}.Decode(minimalWith(t, tc.over...))
			if err != nil {
				t.Fatalf("Options{%+v}.Decode = %v, want no error", tc.lift, err)
			}
			if _, err := NewEvaluator(a); !errors.Is(err, ErrLimit) {
				t.Errorf("NewEvaluator (default limits) = %v, want ErrLimit", err)
			}
			if _, err := (Options{Limits: tc.lift}).NewEvaluator(a); err != nil {
				t.Errorf("Options{%+v}.NewEvaluator = %v, want no error", tc.lift, err)
			}
		})
	}
}

// TestLimitDocumentBytes: a document larger than Limits.DocumentBytes is
// refused before it is parsed.
func TestLimitDocumentBytes(t *testing.T) {
	doc := minimalWith(t)
	_, err := Options{Limits: Limits{DocumentBytes: len(doc) - 1}}.Decode(doc)
	if diff := cmp.Diff([]problem{{"", ErrLimit}}, problemsOf(err), cmpErrors); diff != "" {
		t.Errorf("Decode of %d bytes with a limit of %d (-want +got):\n%s", len(doc), len(doc)-1, diff)
	}
	if _, err := (Options{Limits: Limits{DocumentBytes: len(doc)}}).Decode(doc); err != nil {
		t.Errorf("Decode of %d bytes with a limit of %d = %v", len(doc), len(doc), err)
	}
	big := append(minimalWith(t), make([]byte, DefaultDocumentBytes)...) // trailing spaces: zero bytes are not JSON, so fill
	for i := len(big) - DefaultDocumentBytes; i < len(big); i++ {
		big[i] = ' '
	}
	if _, err := Decode(big); !errors.Is(err, ErrLimit) {
		t.Errorf("Decode of %d bytes = %v, want ErrLimit", len(big), err)
	}
}

// TestCalendarLimitsInAgreements: the calendar package's limits reach the
// agreement as ErrLimit at the field's path.
func TestCalendarLimitsInAgreements(t *testing.T) {
	dates := func(n int) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "%q", isoDay(i))
		}
		return b.String()
	}
	tests := []struct {
		name, cal string
		want      problem
	}{
		{"holidays", `"c": {"hours": "24/7", "holidays": [` + dates(calendar.MaxHolidays+1) + `]}`, problem{"versions[0].calendars.c.holidays", ErrLimit}},
		{"special days", manySpecialDays(calendar.MaxSpecialDays+1, ""), problem{"versions[0].calendars.c0.special", ErrLimit}},
		{"intervals a day", `"c": {"hours": "Mon ` + strings.Repeat("00:00-00:01,", calendar.MaxDayIntervals) + `23:00-23:30"}`, problem{"versions[0].calendars.c.hours", ErrLimit}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode(minimalWith(t, `"services": [{"id": "s", "name": "Service", "provider": "p"}]`, `"calendars": {`+tc.cal+`}, "services": [{"id": "s", "name": "Service", "provider": "p"}]`))
			if diff := cmp.Diff([]problem{tc.want}, problemsOf(err), cmpErrors); diff != "" {
				t.Errorf("Decode (-want +got):\n%s\nerror: %v", diff, err)
			}
		})
	}
}

// allocated returns the bytes allocated by fn.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestHostileAgreements: the agreements of issue 16 that took tens of
// seconds and gigabytes are refused with ErrLimit, or (within the limits)
// validated without building a calendar per item, at a bounded
// allocation. The bounds are about three times what the code allocates
// today (26, 20, 18, 1.5, 1.5, 2.5 and 0.6 MiB) and far below what it
// allocated before (in parentheses, from issue 16 and
// BenchmarkDecodeNewEvaluator on the code before).
func TestHostileAgreements(t *testing.T) {
	if testing.Short() {
		t.Skip("builds large documents")
	}
	const MiB = 1 << 20
	tests := []struct {
		name   string
		doc    []byte
		want   []problem
		budget uint64 // bytes Decode and NewEvaluator may allocate together
	}{
		{"10,000 special days, one bad (before: 6.3 GB)", hostileDoc(t, manySpecialDays(10000, "09:00-25:00")),
			[]problem{{"versions[0].calendars.c0.special", ErrLimit}}, 80 * MiB},
		{"40,000 holidays, one bad (before: 12.6 GB)", hostileDoc(t, manyHolidays(40000, "0000-01-01")),
			[]problem{{"versions[0].calendars.c0.holidays", ErrLimit}}, 64 * MiB},
		{"5,000 unused calendars (before: 5.3 GB)", hostileDoc(t, manyCalendars(5000)),
			[]problem{{"versions[0].calendars", ErrLimit}}, 64 * MiB},
		// Within the limits: the bad item is found directly.
		{"500 special days, one bad", hostileDoc(t, manySpecialDays(calendar.MaxSpecialDays, "09:00-25:00")),
			[]problem{{"versions[0].calendars.c0.special[499].hours", ErrInvalid}}, 8 * MiB},
		{"500 special days, two on one date", bytes.Replace(hostileDoc(t, manySpecialDays(calendar.MaxSpecialDays, "")), []byte(`"date": "`+isoDay(calendar.MaxSpecialDays-1)+`"`), []byte(`"date": "2027-01-01"`), 1),
			[]problem{{"versions[0].calendars.c0.special[499].date", ErrDuplicate}}, 8 * MiB},
		{"10,000 holidays, one that does not exist", hostileDoc(t, manyHolidays(calendar.MaxHolidays, "2026-02-30")),
			[]problem{{"versions[0].calendars.c0.holidays[9999]", ErrType}}, 8 * MiB},
		// One calendar of this kind allocates about 0.4 MiB to build: all 64
		// would pass 25 MiB.
		{"64 calendars, one used", hostileDoc(t, manyCalendars(DefaultCalendars)), nil, 4 * MiB},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var err1, err2 error
			n := allocated(func() {
				var a Agreement
				a, err1 = Decode(tc.doc)
				_, err2 = NewEvaluator(a)
			})
			if diff := cmp.Diff(tc.want, problemsOf(err1), cmpErrors); diff != "" {
				t.Errorf("Decode (-want +got):\n%s\nerror: %v", diff, err1)
			}
			if (tc.want == nil) != (err2 == nil) {
				t.Errorf("NewEvaluator = %v, want an error: %v", err2, tc.want != nil)
			}
			t.Logf("Decode and NewEvaluator allocated %.1f MiB", float64(n)/MiB)
			if n > tc.budget {
				t.Errorf("Decode and NewEvaluator allocated %d MiB, want at most %d MiB", n/MiB, tc.budget/MiB)
			}
		})
	}
}

// TestCalendarsBuiltOnce: a calendar that several versions repeat is built
// once, and one nothing refers to is not built.
func TestCalendarsBuiltOnce(t *testing.T) {
	spec := `"calendars": {"office": {"hours": "Mon-Fri 09:00-17:00", "zone": "Europe/London"}, "unused": {"hours": "24/7"}},
     "services": [{"id": "s", "name": "Service", "provider": "p", "hours": "office"}]`
	doc := minimalWith(t, `"services": [{"id": "s", "name": "Service", "provider": "p"}]`, spec)
	a, err := Decode(doc)
	if err != nil {
		t.Fatal(err)
	}
	a.Versions[0].Objectives[0].Calendar = "office"
	v2 := a.Versions[0]
	v2.Version = "2"
	v2.EffectiveFrom = v2.EffectiveFrom.AddDate(0, 6, 0)
	a.Versions = append(a.Versions, v2)
	p, err := compile(a)
	if err != nil {
		t.Fatal(err)
	}
	c1, c2 := p.versions[0].objs[0].cal, p.versions[1].objs[0].cal
	if c1 == nil || c1 != c2 {
		t.Errorf("the versions' calendars are %p and %p, want one calendar built once", c1, c2)
	}
}

// TestSchemaCalendarLimits: schema.json states the calendar package's
// limits, so that an editor shows them.
func TestSchemaCalendarLimits(t *testing.T) {
	var s struct {
		Defs struct {
			Calendar struct {
				Properties map[string]struct {
					MaxItems int `json:"maxItems"`
				} `json:"properties"`
			} `json:"calendar"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(Schema(), &s); err != nil {
		t.Fatal(err)
	}
	for field, want := range map[string]int{"holidays": calendar.MaxHolidays, "holidaySets": calendar.MaxHolidaySets, "special": calendar.MaxSpecialDays} {
		if got := s.Defs.Calendar.Properties[field].MaxItems; got != want {
			t.Errorf("schema.json calendar %s maxItems = %d, want %d", field, got, want)
		}
	}
}
