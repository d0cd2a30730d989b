package calendar

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// FuzzParse: Parse never panics; whatever parses prints (String) in a form
// that parses again to the same weekly hours and prints the same.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"Mon-Fri 07:30-22:00",
		"Mon-Fri 09:00-12:00,13:00-17:00; Sat 09:00-13:00",
		"Fri-Mon 22:00-06:00",
		"24/7",
		"mon,wed 9:00-17:00:30",
		"Sun 22:00-06:00; Mon 06:00-10:00",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		c, err := Parse(spec, time.UTC)
		if err != nil {
			return
		}
		s := c.String()
		c2, err := Parse(s, time.UTC)
		if err != nil {
			t.Fatalf("Parse(%q) ok, but its String %q does not parse: %v", spec, s, err)
		}
		if diff := cmp.Diff(c.hours, c2.hours, cmp.AllowUnexported(dayIv{})); diff != "" {
			t.Fatalf("Parse(%q) and Parse(String() = %q) differ (-want +got):\n%s", spec, s, diff)
		}
		if s2 := c2.String(); s2 != s {
			t.Fatalf("String not stable: %q then %q", s, s2)
		}
	})
}
