package strictjson

import (
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/rickb777/date/v2"
)

// refDuplicateKeys is a slow reference for DuplicateKeys: it walks the
// tokens of encoding/json's decoder, keeping a set of keys per open object.
func refDuplicateKeys(data []byte) []string {
	dec := json.NewDecoder(strings.NewReader(string(data)))
	type frame struct {
		object bool
		keys   map[string]bool
		key    string // the current key, in an object
		n      int    // the next index, in an array
		expect bool   // in an object: the next string token is a key
	}
	var stack []*frame
	var out []string
	reported := map[string]bool{}
	path := func() string {
		var b strings.Builder
		for _, f := range stack {
			if f.object {
				if b.Len() > 0 {
					b.WriteByte('.')
				}
				b.WriteString(f.key)
			} else {
				b.WriteString("[" + strconv.Itoa(f.n-1) + "]")
			}
		}
		return b.String()
	}
	// value is called when a value starts in the innermost frame.
	value := func() {
		if n := len(stack); n > 0 {
			if f := stack[n-1]; f.object {
				f.expect = true
			} else {
				f.n++
			}
		}
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF || err != nil {
			return out
		}
		top := (*frame)(nil)
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				if top != nil && !top.object {
					top.n++
				}
				stack = append(stack, &frame{object: t == '{', keys: map[string]bool{}, expect: true})
			case '}', ']':
				stack = stack[:len(stack)-1]
				if len(stack) > 0 && stack[len(stack)-1].object {
					stack[len(stack)-1].expect = true
				}
			}
			continue
		case string:
			if top != nil && top.object && top.expect {
				top.key, top.expect = t, false
				if top.keys[t] {
					if p := path(); !reported[p] {
						reported[p] = true
						out = append(out, p)
					}
				}
				top.keys[t] = true
				continue
			}
		}
		value()
	}
}

func FuzzDuplicateKeys(f *testing.F) {
	for _, s := range []string{
		`{"a": 1, "a": 2}`, `{"a": {"b": [1, {"c": 1, "c": 2}]}, "a": 3}`, `[{"x": "}", "x": "]"}]`,
		`{"\u0061": 1, "a": 2}`, `{"k1":1,"k2":1,"k3":1,"k4":1,"k5":1,"k6":1,"k7":1,"k8":1,"k9":1,"k1":2}`, `"s"`, `[]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got := DuplicateKeys(data) // must not panic on any input
		if !json.Valid(data) {
			return
		}
		// Paths of two different objects may coincide (keys with dots or
		// brackets); compare as sets of unique paths.
		want := refDuplicateKeys(data)
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(slices.Compact(got), slices.Compact(want)) {
			t.Errorf("DuplicateKeys(%s) = %q, want %q (token walk)", data, got, want)
		}
	})
}

// FuzzDate: Date accepts exactly the strings that date.ParseISO reads
// without moving them (the date prints back as the input), in the
// YYYY-MM-DD form.
func FuzzDate(f *testing.F) {
	for _, s := range []string{"2026-01-31", "2026-02-30", "2024-02-29", "+10000-01-01", "0000-01-01", "2026-13-01", "20260131", "2026-031"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Date(s)
		if err != nil {
			return
		}
		if d.String() != s {
			t.Errorf("Date(%q) = %v, which prints differently", s, d)
		}
		if p, err := date.ParseISO(s); err != nil || p != d {
			t.Errorf("Date(%q) = %v, date.ParseISO = %v, %v", s, d, p, err)
		}
	})
}
