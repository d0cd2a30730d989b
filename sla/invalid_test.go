package sla

import (
	"cmp"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
)

// problem is one expected problem: its JSON path and sentinel.
type problem struct {
	Path string
	Err  error
}

// invalidCases lists every document in testdata/invalid with exactly the
// problems it must produce (in any order), derived by reading the document
// against the rules in doc.go and validate*.go. schemaRejects says whether
// schema.json alone can see that the document is invalid (reference, zone and
// overlap problems need the whole document, which a schema cannot express).
var invalidCases = []struct {
	file          string
	reason        string
	want          []problem
	schemaRejects bool
}{
	{"unknown-fields", "misspelt and invented field names, at three depths", []problem{
		{"Title", ErrUnknownField}, // field names are case-sensitive
		{"parties[0].contacts[0].phone", ErrUnknownField},
		{"versions[0].objectives[0].targt", ErrUnknownField},
	}, true},
	{"trailing-data", "a second JSON value after the agreement", []problem{
		{"", ErrSyntax},
	}, true},
	{"bad-formats", "values of the wrong JSON type or format", []problem{
		{"parties", ErrType},                                  // an object, not an array
		{"term.effectiveFrom", ErrType},                       // a date, not an RFC 3339 instant
		{"versions[0].objectives[0].target.within", ErrType},  // "4 hours" is not ISO 8601
		{"versions[0].objectives[1].target.atLeast", ErrType}, // 99.9 as a number, not a decimal string
	}, true},
	{"unknown-references", "names of parties, contacts, calendars, services and objectives that do not exist", []problem{
		{"documentOwner.person", ErrUnknownRef},                     // Bob is not a contact of p
		{"versions[0].services[0].hours", ErrUnknownRef},            // no calendar "office"
		{"versions[0].objectives[0].obligor", ErrUnknownRef},        // no party "x"
		{"versions[0].objectives[0].service", ErrUnknownRef},        // no service "nope"
		{"versions[0].objectives[0].calendar", ErrUnknownRef},       // no calendar "office"
		{"versions[0].obligations[0].measuredBy[0]", ErrUnknownRef}, // no objective "missing"
	}, false},
	{"overlapping-versions", "v1 runs to 1 July but v2 starts 1 June; v3 starts with v2", []problem{
		{"versions[1].effectiveFrom", ErrOverlap},
		{"versions[2].effectiveFrom", ErrOverlap},
	}, false},
	{"wrong-units", "time targets whose period does not suit the unit, and a time given for a percentage", []problem{
		{"versions[0].objectives[0].target.within", ErrUnit}, // P3D in business time
		{"versions[0].objectives[1].target.within", ErrUnit}, // PT36H in business days
		{"versions[0].objectives[2].target", ErrUnit},        // availability target given as a time
		{"versions[0].objectives[2].target.atLeast", ErrMissing},
		{"versions[0].objectives[3].target.unit", ErrUnit}, // "hours" is not a unit
	}, true},
	{"percentage-range", "percentages above 100 and below 0", []problem{
		{"versions[0].objectives[1].target.atLeast", ErrRange},                               // 100.5
		{"versions[0].objectives[1].penalties[0].tiers[0].amount.percentOfCharge", ErrRange}, // 150
		{"versions[0].objectives[1].penalties[0].tiers[1].below", ErrRange},                  // -1
	}, true},
	{"unknown-zones", "time zones that do not exist", []problem{
		{"zone", ErrZone},
		{"versions[0].calendars.office.zone", ErrZone},
	}, false},
	{"empty-object", "an empty object lacks every required field", []problem{
		{"id", ErrMissing},
		{"title", ErrMissing},
		{"parties", ErrMissing},
		{"documentOwner.party", ErrMissing},
		{"term.effectiveFrom", ErrMissing},
		{"versions", ErrMissing},
	}, true},
	{"bad-deadlines", "relative deadlines (by) and businessDaysEnd where they do not belong, malformed or mixed with within; duplicate cap ids", []problem{
		{"versions[0].objectives[0].target.by", ErrInvalid},  // 25:00 is not a time of day
		{"versions[0].objectives[1].target", ErrInvalid},     // by together with within and unit
		{"versions[0].objectives[2].target.by", ErrUnit},     // a clock measures elapsed time
		{"versions[0].objectives[3].target.unit", ErrUnit},   // businessDaysEnd on a clock
		{"versions[0].objectives[4].target.within", ErrUnit}, // hours in businessDaysEnd
		{"versions[0].objectives[5].penalties[0].unit", ErrUnit},
		{"versions[0].objectives[5].penalties[0].caps[1].id", ErrDuplicate},
		{"versions[0].caps[0].id", ErrDuplicate},      // cap-a is already a rule's cap
		{"versions[0].objectives[6].target", ErrUnit}, // by on a level target
	}, true},
	{"semantic", "self-excuse, duplicate objective, an objective owed to its own obligor, an obligation measured by another party's objective", []problem{
		{"versions[0].objectives[0].excusedBy[0]", ErrInvalid},
		{"versions[0].objectives[1].id", ErrDuplicate},
		{"versions[0].objectives[1].beneficiary", ErrInvalid},
		{"versions[0].obligations[0].measuredBy[0]", ErrInvalid},
	}, false},
}

func sortProblems(ps []problem) {
	slices.SortFunc(ps, func(a, b problem) int { return cmp.Compare(a.Path, b.Path) })
}

func TestInvalidDocuments(t *testing.T) {
	files, _ := filepath.Glob("testdata/invalid/*.json")
	if len(files) != len(invalidCases) {
		t.Errorf("testdata/invalid has %d files, the table has %d cases", len(files), len(invalidCases))
	}
	for _, tc := range invalidCases {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile("testdata/invalid/" + tc.file + ".json")
			if err != nil {
				t.Fatal(err)
			}
			_, err = Decode(data)
			if err == nil {
				t.Fatalf("Decode(%s) = nil error, want %d problems (%s)", tc.file, len(tc.want), tc.reason)
			}
			var got []problem
			for _, e := range Problems(err) {
				got = append(got, problem{e.Path, e.Err})
				if e.Msg == "" {
					t.Errorf("problem at %q has no message", e.Path)
				}
			}
			want := slices.Clone(tc.want)
			sortProblems(want)
			sortProblems(got)
			if diff := gocmp.Diff(want, got, gocmp.Comparer(func(a, b error) bool { return a == b })); diff != "" {
				t.Errorf("Decode(%s) problems mismatch (-want +got):\n%s\nerror:\n%v", tc.file, diff, err)
			}
			for _, p := range tc.want {
				if !errors.Is(err, p.Err) {
					t.Errorf("errors.Is(err, %v) = false", p.Err)
				}
			}
		})
	}
}
