package sla

import (
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// TestSubjectTable: a subjectTable behaves as a Go map from (type, ID) to
// subject under random inserts, replacements and removals, and after each
// step every subject it holds is found from the slot its hash names (the
// backward shift of remove leaves no subject behind a gap). IDs are drawn
// from a small alphabet, so that many share a type or an ID, and up to a
// few hundred subjects make the table grow and its runs wrap around.
func TestSubjectTable(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		tab := newSubjectTable()
		model := map[[2]string]*subject{}
		typ := rapid.SampledFrom([]string{"ticket", "ticker", "service", "t", "ticket/x"})
		id := rapid.StringMatching(`[ab/]{0,3}|[a-z0-9]{1,6}`)
		for range rapid.IntRange(0, 400).Draw(t, "steps") {
			ty, i := typ.Draw(t, "type"), id.Draw(t, "id")
			k := [2]string{ty, i}
			switch op := rapid.IntRange(0, 9).Draw(t, "op"); {
			case op < 6: // a new subject, or a replacement (a rehome, a restore)
				s := &subject{key: ty + "/" + i, tlen: int32(len(ty))}
				if model[k] == nil && op < 4 {
					tab.insert(tab.hash(i), s)
				} else {
					tab.set(s)
				}
				model[k] = s
			default:
				tab.remove(ty, i)
				delete(model, k)
			}
			if got := tab.get(ty, i); got != model[k] {
				t.Fatalf("get(%q, %q) = %p, want %p", ty, i, got, model[k])
			}
			if tab.len() != len(model) {
				t.Fatalf("len = %d, want %d", tab.len(), len(model))
			}
		}
		for k, s := range model {
			if got := tab.get(k[0], k[1]); got != s {
				t.Fatalf("get(%q, %q) = %p, want %p", k[0], k[1], got, s)
			}
		}
		var all, want []string
		for s := range tab.all() {
			all = append(all, s.key+"|"+s.typ())
		}
		for _, s := range model {
			want = append(want, s.key+"|"+s.typ())
		}
		slices.Sort(all)
		slices.Sort(want)
		if !slices.Equal(all, want) {
			t.Fatalf("all yields %q, want %q", all, want)
		}
	})
}

// TestSubjectIs: a subject is its type and ID, and not another split of
// the same key ("a/b" + "c" against "a" + "b/c").
func TestSubjectIs(t *testing.T) {
	s := &subject{key: "a/b/c", tlen: 3}
	for _, c := range []struct {
		typ, id string
		want    bool
	}{
		{"a/b", "c", true},
		{"a", "b/c", false},
		{"a/b", "d", false},
		{"a/x", "c", false},
		{"a/b", "cc", false},
		{"", "a/b/c", false},
	} {
		if got := s.is(c.typ, c.id); got != c.want {
			t.Errorf("%q.is(%q, %q) = %v, want %v", s.key, c.typ, c.id, got, c.want)
		}
	}
	if !strings.HasPrefix(s.key, s.typ()) || s.id() != "c" {
		t.Errorf("typ, id = %q, %q", s.typ(), s.id())
	}
}

// TestSubjectTableEmpty: a new table holds nothing, and removing from it
// changes nothing.
func TestSubjectTableEmpty(t *testing.T) {
	tab := newSubjectTable()
	tab.remove("ticket", "T1")
	if tab.get("ticket", "T1") != nil || tab.len() != 0 {
		t.Error("an empty table holds a subject")
	}
	for range tab.all() {
		t.Error("all yields from an empty table")
	}
}
