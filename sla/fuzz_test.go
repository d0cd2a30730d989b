package sla

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzDecode: Decode never panics; every problem it reports is an *Error
// with a sentinel; an accepted document re-encodes, decodes again to an
// equal agreement, and encodes to the same bytes.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"id": "x"} {}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := Decode(data)
		if err != nil {
			ps := Problems(err)
			if len(ps) == 0 {
				t.Fatalf("Decode error %v holds no *Error", err)
			}
			for _, p := range ps {
				if p.Err == nil || !errors.Is(err, p.Err) {
					t.Fatalf("problem %v has no sentinel", p)
				}
			}
			return
		}
		enc, err := Encode(a)
		if err != nil {
			t.Fatalf("Encode(Decode(data)) = %v", err)
		}
		b, err := Decode(enc)
		if err != nil {
			t.Fatalf("Decode(Encode(a)) = %v\n%s", err, enc)
		}
		if diff := cmp.Diff(a, b, cmpOpts); diff != "" {
			t.Fatalf("Decode(Encode(a)) mismatch (-want +got):\n%s", diff)
		}
		enc2, err := Encode(b)
		if err != nil || string(enc2) != string(enc) {
			t.Fatalf("Encode not stable: %v\n%s\n---\n%s", err, enc, enc2)
		}
	})
}
