package sla

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// minimalWith returns testdata/agreements/minimal.json with each pair of
// edits applied (old text, new text), failing when one does not apply.
func minimalWith(tb testing.TB, edits ...string) []byte {
	tb.Helper()
	data, err := os.ReadFile("testdata/agreements/minimal.json")
	if err != nil {
		tb.Fatal(err)
	}
	s := string(data)
	for i := 0; i+1 < len(edits); i += 2 {
		if !strings.Contains(s, edits[i]) {
			tb.Fatalf("minimal.json does not contain %q", edits[i])
		}
		s = strings.Replace(s, edits[i], edits[i+1], 1)
	}
	return []byte(s)
}

// withCalendar is the edit that gives minimal.json's version calendars
// (JSON text of the object's members) and makes its service use "c".
func withCalendar(members string) []string {
	return []string{`"services": [{"id": "s", "name": "Service", "provider": "p"}]`,
		`"calendars": {` + members + `}, "services": [{"id": "s", "name": "Service", "provider": "p", "hours": "c"}]`}
}

func problemsOf(err error) []problem {
	var got []problem
	for _, p := range Problems(err) {
		got = append(got, problem{p.Path, p.Err})
	}
	return got
}

var cmpErrors = cmp.Comparer(func(a, b error) bool { return a == b })

// TestDecodeStrictDatesAndKeys: dates that do not exist and keys given
// twice, as a user writing an agreement by hand meets them. Each expected
// path is read off the edit; each message must say what is wrong.
func TestDecodeStrictDatesAndKeys(t *testing.T) {
	tests := []struct {
		name    string
		edits   []string
		want    []problem
		message string // a part of the problem's message
	}{
		{"30 February as a holiday", withCalendar(`"c": {"hours": "Mon-Fri 09:00-17:00", "holidays": ["2026-12-25", "2026-02-30"]}`),
			[]problem{{"versions[0].calendars.c.holidays[1]", ErrType}}, "February 2026 has 28 days"},
		{"29 February 2026 as a holiday", withCalendar(`"c": {"hours": "Mon-Fri 09:00-17:00", "holidays": ["2026-02-29"]}`),
			[]problem{{"versions[0].calendars.c.holidays[0]", ErrType}}, "February 2026 has 28 days"},
		{"31 April as a special day", withCalendar(`"c": {"hours": "Mon-Fri 09:00-17:00", "special": [{"date": "2026-04-31", "hours": "09:00-12:00"}]}`),
			[]problem{{"versions[0].calendars.c.special[0].date", ErrType}}, "April 2026 has 30 days"},
		{"month 13 inside a union part", withCalendar(`"c": {"union": [{"hours": "24/7"}, {"hours": "24/7", "holidays": ["2026-13-01"]}]}`),
			[]problem{{"versions[0].calendars.c.union[1].holidays[0]", ErrType}}, "months are 01 to 12"},
		{"29 February 2027 as the last review", []string{`"documentOwner"`, `"review": {"every": "P1Y", "lastReviewed": "2027-02-29"}, "documentOwner"`},
			[]problem{{"review.lastReviewed", ErrType}}, "February 2027 has 28 days"},
		{"30 February as the term's start", []string{`"term": {"effectiveFrom": "2026-01-01T00:00:00Z"}`, `"term": {"effectiveFrom": "2026-02-30T00:00:00Z"}`},
			[]problem{{"term.effectiveFrom", ErrType}}, "RFC 3339"},
		{"29 February 2024 is a date", withCalendar(`"c": {"hours": "Mon-Fri 09:00-17:00", "holidays": ["2024-02-29"]}`), nil, ""},
		{"title given twice", []string{`"title": "The smallest valid agreement",`, `"title": "A", "title": "B",`},
			[]problem{{"title", ErrDuplicate}}, `key "title" is given twice`},
		{"calendar name given twice (the last would replace the first)", withCalendar(`"c": {"hours": "24/7"}, "c": {"hours": "Mon-Fri 09:00-17:00"}`),
			[]problem{{"versions[0].calendars.c", ErrDuplicate}}, `key "c" is given twice`},
		{"within given twice in a target", []string{`"target": {"within": "PT4H", "unit": "business"}`, `"target": {"within": "PT4H", "unit": "business", "within": "PT8H"}`},
			[]problem{{"versions[0].objectives[0].target.within", ErrDuplicate}}, `key "within"`},
		{"hours given twice in a calendar", withCalendar(`"c": {"hours": "24/7", "zone": "UTC", "hours": "Mon-Fri 09:00-17:00"}`),
			[]problem{{"versions[0].calendars.c.hours", ErrDuplicate}}, `key "hours"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := minimalWith(t, tc.edits...)
			_, err := Decode(doc)
			got := problemsOf(err)
			if diff := cmp.Diff(tc.want, got, cmpErrors); diff != "" {
				t.Fatalf("Decode problems (-want +got):\n%s\nerror: %v", diff, err)
			}
			if tc.message != "" && !strings.Contains(err.Error(), tc.message) {
				t.Errorf("Decode error = %v, want it to say %q", err, tc.message)
			}
		})
	}
}

// TestEventJSONDuplicateKeys: an event with a key given twice is refused,
// naming the key (encoding/json alone would keep the last).
func TestEventJSONDuplicateKeys(t *testing.T) {
	tests := []struct{ name, doc, key string }{
		{"kind twice", `{"id": "e1", "subjectType": "ticket", "subject": "T-1", "kind": "ticket.created", "kind": "ticket.solved", "at": "2026-01-05T09:00:00Z"}`, "kind"},
		{"attribute twice", `{"id": "e1", "subjectType": "ticket", "subject": "T-1", "kind": "ticket.created", "at": "2026-01-05T09:00:00Z", "attrs": {"priority": "low", "priority": "urgent"}}`, "attrs.priority"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var e Event
			err := json.Unmarshal([]byte(tc.doc), &e)
			if !errors.Is(err, ErrType) || !strings.Contains(err.Error(), `"`+tc.key+`"`) {
				t.Errorf("json.Unmarshal(%s) = %v, want ErrType naming %q", tc.doc, err, tc.key)
			}
		})
	}
	var e Event
	ok := `{"id": "e1", "subjectType": "ticket", "subject": "T-1", "kind": "ticket.created", "at": "2026-01-05T09:00:00Z", "attrs": {"priority": "low", "status": "new"}}`
	if err := json.Unmarshal([]byte(ok), &e); err != nil {
		t.Errorf("json.Unmarshal(%s) = %v, want no error", ok, err)
	}
}
