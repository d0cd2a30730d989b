package sla

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/rickb777/period"
)

// cmpOpts compares periods by their ISO 8601 form (period.Period has
// unexported fields and no Equal method); decimals and instants compare with
// their own Equal methods.
var cmpOpts = cmp.Options{
	cmp.Comparer(func(a, b period.Period) bool { return a.String() == b.String() }),
	// An empty list and an absent one mean the same in the agreement's
	// JSON: Encode omits both (FuzzDecode found "objectives": [] coming
	// back as no list at all).
	cmpopts.EquateEmpty(),
}

func TestValidAgreementsRoundTrip(t *testing.T) {
	files, err := filepath.Glob("testdata/agreements/*.json")
	if err != nil || len(files) < 3 {
		t.Fatalf("want at least 3 agreements in testdata/agreements, got %d (%v)", len(files), err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			a, err := Decode(data)
			if err != nil {
				t.Fatalf("Decode(%s) = %v, want no error", f, err)
			}
			enc, err := Encode(a)
			if err != nil {
				t.Fatalf("Encode = %v", err)
			}
			b, err := Decode(enc)
			if err != nil {
				t.Fatalf("Decode(Encode(a)) = %v, want no error\n%s", err, enc)
			}
			if diff := cmp.Diff(a, b, cmpOpts); diff != "" {
				t.Errorf("Decode(Encode(a)) mismatch (-want +got):\n%s", diff)
			}
			enc2, _ := Encode(b)
			if string(enc) != string(enc2) {
				t.Errorf("Encode is not stable:\n%s\n---\n%s", enc, enc2)
			}
		})
	}
}
