// Package strictjson holds what the strict JSON readers of slaeval share:
// finding keys given twice in one object (encoding/json silently keeps the
// last) and reading ISO 8601 calendar dates that exist (date.ParseISO
// silently moves 2026-02-30 to 2 March).
package strictjson

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rickb777/date/v2"
)

// DuplicateKeys returns the paths of the keys given more than once in one
// object of the JSON document data, in document order, each once: "a.b"
// for key b of the object at key a, "a[2].b" inside an array. Keys are
// compared after unescaping ("\u0061" is "a"). data must be valid JSON
// (json.Valid); for invalid data the result is unspecified but the call
// neither panics nor loops. Besides its path stack (one allocation) it
// allocates only for keys with escapes, objects of more than 8 keys, and
// the paths it returns.
func DuplicateKeys(data []byte) []string {
	var stack [16]seg
	s := scanner{data: data, stack: stack[:0]}
	s.value()
	return s.dups
}

type scanner struct {
	data  []byte
	i     int
	stack []seg // the path to the value being scanned
	dups  []string
}

// seg is one step of a path: a key, or an index when key is nil.
type seg struct {
	key []byte
	n   int
}

func (s *scanner) path() string {
	var b []byte
	for _, g := range s.stack {
		if g.key == nil {
			b = strconv.AppendInt(append(b, '['), int64(g.n), 10)
			b = append(b, ']')
			continue
		}
		if len(b) > 0 {
			b = append(b, '.')
		}
		b = append(b, g.key...)
	}
	return string(b)
}

func (s *scanner) ws() {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// str scans a string starting at its opening quote and returns its
// content, unescaped.
func (s *scanner) str() []byte {
	start := s.i
	s.i++ // opening quote
	escaped := false
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case '\\':
			escaped = true
			s.i += 2
			continue
		case '"':
			s.i++
			// Unescaped valid UTF-8 is the key as it stands; anything else
			// is decoded as encoding/json decodes it (invalid bytes become
			// U+FFFD), so that two keys it would merge count as one key.
			if raw := s.data[start+1 : s.i-1]; !escaped && utf8.Valid(raw) {
				return raw
			}
			var k string
			if err := json.Unmarshal(s.data[start:s.i], &k); err != nil {
				return s.data[start+1 : s.i-1]
			}
			return []byte(k)
		}
		s.i++
	}
	return s.data[min(start+1, len(s.data)):]
}

func (s *scanner) value() {
	s.ws()
	if s.i >= len(s.data) {
		return
	}
	switch s.data[s.i] {
	case '{':
		s.object()
	case '[':
		s.i++
		for n := 0; s.i < len(s.data); n++ {
			s.ws()
			if s.i < len(s.data) && s.data[s.i] == ']' {
				s.i++
				return
			}
			s.stack = append(s.stack, seg{n: n})
			s.value()
			s.stack = s.stack[:len(s.stack)-1]
			s.ws()
			if s.i < len(s.data) && s.data[s.i] == ',' {
				s.i++
			} else if s.i < len(s.data) && s.data[s.i] != ']' {
				s.i = len(s.data) // not JSON: stop
			}
		}
	case '"':
		s.str()
	default: // number, true, false, null
		for s.i < len(s.data) && !strings.ContainsRune(",]} \t\n\r", rune(s.data[s.i])) {
			s.i++
		}
	}
}

func (s *scanner) object() {
	s.i++                    // {
	var small [8][]byte      // the first keys
	var n int                // keys seen
	var many map[string]bool // all keys seen, once more than 8
	var reported map[string]bool
	for s.i < len(s.data) {
		s.ws()
		if s.i >= len(s.data) {
			return
		}
		if s.data[s.i] == '}' {
			s.i++
			return
		}
		if s.data[s.i] != '"' {
			s.i = len(s.data) // not JSON: stop
			return
		}
		key := s.str()
		seen := false
		switch {
		case n < len(small):
			for _, k := range small[:n] {
				seen = seen || string(k) == string(key)
			}
			small[n] = key
		case many == nil:
			many = make(map[string]bool, 16)
			for _, k := range small {
				many[string(k)] = true
			}
			fallthrough
		default:
			seen = many[string(key)]
			many[string(key)] = true
		}
		n++
		s.stack = append(s.stack, seg{key: key})
		if seen && !reported[string(key)] {
			if reported == nil {
				reported = map[string]bool{}
			}
			reported[string(key)] = true
			s.dups = append(s.dups, s.path())
		}
		s.ws()
		if s.i < len(s.data) && s.data[s.i] == ':' {
			s.i++
		}
		s.value()
		s.stack = s.stack[:len(s.stack)-1]
		s.ws()
		if s.i < len(s.data) && s.data[s.i] == ',' {
			s.i++
		} else if s.i < len(s.data) && s.data[s.i] != '}' {
			s.i = len(s.data) // not JSON: stop
		}
	}
}

// ErrNoSuchDate is returned by Date for a well-formed date that is not in
// the calendar (2026-02-30, 2026-02-29, 2026-13-01).
var ErrNoSuchDate = errors.New("no such date")

// Date parses an ISO 8601 calendar date, YYYY-MM-DD (a year outside 0000
// to 9999 written with a sign and more digits, as date.Date prints it). A
// date that does not exist is an error wrapping ErrNoSuchDate that says
// why; ordinal dates, basic format (20260131) and date-times are syntax
// errors.
func Date(s string) (date.Date, error) {
	abs := strings.TrimLeft(s, "+-")
	if len(s)-len(abs) > 1 {
		return 0, fmt.Errorf("%q is not a date in the form YYYY-MM-DD", s)
	}
	y, md, ok := strings.Cut(abs, "-")
	mo, dd, ok2 := strings.Cut(md, "-")
	signed := len(s) > len(abs)
	if !ok || !ok2 || len(y) < 4 || len(mo) != 2 || len(dd) != 2 || !digits(y) || !digits(mo) || !digits(dd) ||
		len(y) > 4 && !signed {
		return 0, fmt.Errorf("%q is not a date in the form YYYY-MM-DD", s)
	}
	if len(y) > 9 {
		return 0, fmt.Errorf("%q: year out of range", s)
	}
	// All digits and at most 9 of them (checked above): Atoi cannot fail.
	year, _ := strconv.Atoi(y)
	if s[0] == '-' {
		year = -year
	}
	m, _ := strconv.Atoi(mo)
	d, _ := strconv.Atoi(dd)
	if m < 1 || m > 12 {
		return 0, fmt.Errorf("%w: %q has month %02d; months are 01 to 12", ErrNoSuchDate, s, m)
	}
	if n := daysIn(year, m); d < 1 || d > n {
		return 0, fmt.Errorf("%w: %q has day %02d, but %s %d has %d days", ErrNoSuchDate, s, d, monthNames[m-1], year, n)
	}
	out := date.New(year, time.Month(m), d)
	if out.String() != s { // "+0000-01-01", "-0000-01-01", "+2026-01-01"
		return 0, fmt.Errorf("%q is not a date in the form YYYY-MM-DD (a sign only before a year past 9999 or before 0000)", s)
	}
	return out, nil
}

func digits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

var monthNames = [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

// daysIn returns the days in month m (1-12) of the proleptic Gregorian year y.
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
