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

	"github.com/rickb777/date/v2"
)

// DuplicateKeys returns the paths of the keys given more than once in one
// object of the JSON document data, in document order, each once: "a.b"
// for key b of the object at key a, "a[2].b" inside an array. Keys are
// compared after unescaping ("\u0061" is "a"). data must be valid JSON
// (json.Valid); for invalid data the result is unspecified but the call
// neither panics nor loops. It allocates only for objects that hold a
// duplicate or escaped keys, and a map per object of more than 8 keys.
func DuplicateKeys(data []byte) []string {
	s := scanner{data: data}
	s.value("")
	return s.dups
}

type scanner struct {
	data []byte
	i    int
	dups []string
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

// str scans a string starting at its opening quote and returns its raw
// content (between the quotes) and whether it contains escapes.
func (s *scanner) str() (raw []byte, escaped bool) {
	s.i++ // opening quote
	start := s.i
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case '\\':
			escaped = true
			s.i += 2
			continue
		case '"':
			raw = s.data[start:s.i]
			s.i++
			return raw, escaped
		}
		s.i++
	}
	return s.data[start:], escaped
}

func (s *scanner) value(path string) {
	s.ws()
	if s.i >= len(s.data) {
		return
	}
	switch s.data[s.i] {
	case '{':
		s.object(path)
	case '[':
		s.i++
		for n := 0; s.i < len(s.data); n++ {
			s.ws()
			if s.i < len(s.data) && s.data[s.i] == ']' {
				s.i++
				return
			}
			s.value(path + "[" + strconv.Itoa(n) + "]")
			s.ws()
			if s.i < len(s.data) && s.data[s.i] == ',' {
				s.i++
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

func (s *scanner) object(path string) {
	s.i++                    // {
	var small []string       // keys seen, while few
	var many map[string]bool // keys seen, once more than 8
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
		raw, esc := s.str()
		key := string(raw)
		if esc {
			if err := json.Unmarshal(s.data[s.i-len(raw)-2:s.i], &key); err != nil {
				key = string(raw)
			}
		}
		kp := key
		if path != "" {
			kp = path + "." + key
		}
		seen := false
		if many != nil {
			seen = many[key]
			many[key] = true
		} else {
			for _, k := range small {
				seen = seen || k == key
			}
			small = append(small, key)
			if len(small) > 8 {
				many = make(map[string]bool, 16)
				for _, k := range small {
					many[k] = true
				}
			}
		}
		if seen && !reported[key] {
			if reported == nil {
				reported = map[string]bool{}
			}
			reported[key] = true
			s.dups = append(s.dups, kp)
		}
		s.ws()
		if s.i < len(s.data) && s.data[s.i] == ':' {
			s.i++
		}
		s.value(kp)
		s.ws()
		if s.i < len(s.data) && s.data[s.i] == ',' {
			s.i++
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
	return date.New(year, time.Month(m), d), nil
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
