package sla

import (
	"errors"
	"testing"
)

// TestUnknownEnum pins the two messages of an enumeration check; the wanted
// texts are the ones the validator wrote by hand at each site before the
// check was shared.
func TestUnknownEnum(t *testing.T) {
	for _, tc := range []struct {
		name, article, what, value string
		allowed                    []string
		sentinel                   error
		want                       string
	}{
		{"role missing", "a", "role", "", []string{"provider", "customer", "internal"}, ErrMissing,
			"a role is required: provider, customer or internal"},
		{"role unknown", "a", "role", "vendor", []string{"provider", "customer", "internal"}, ErrInvalid,
			`role "vendor" is not one of provider, customer, internal`},
		{"operator missing", "an", "operator", "", []string{"equals", "in", "notIn", "present", "absent"}, ErrMissing,
			"an operator is required: equals, in, notIn, present or absent"},
		{"two choices", "an", "aggregate", "avg", []string{"count", "sum"}, ErrInvalid,
			`aggregate "avg" is not one of count, sum`},
	} {
		var v validator
		v.unknownEnum("x.y", tc.article, tc.what, tc.value, tc.allowed...)
		ps := Problems(v.p.err())
		if len(ps) != 1 {
			t.Fatalf("%s: %d problems, want 1", tc.name, len(ps))
		}
		if p := ps[0]; p.Path != "x.y" || p.Msg != tc.want || !errors.Is(p, tc.sentinel) {
			t.Errorf("%s: got %q at %q (%v), want %q at x.y (%v)", tc.name, p.Msg, p.Path, p.Err, tc.want, tc.sentinel)
		}
	}
}
