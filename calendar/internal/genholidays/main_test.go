package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestGeneratedFilesAreCurrent regenerates calendar/holidays_gen.go and
// docs/holidays.md from the rickar/cal version this module requires and
// fails when the committed files differ: run `go generate ./calendar`.
func TestGeneratedFilesAreCurrent(t *testing.T) {
	dir, version, err := moduleDir()
	if err != nil {
		t.Fatal(err)
	}
	goSrc, md, err := generate(dir, version)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		path string
		want []byte
	}{
		{"../../holidays_gen.go", goSrc},
		{"../../../docs/holidays.md", md},
	} {
		got, err := os.ReadFile(f.path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, f.want) {
			t.Errorf("%s is stale: run `go generate ./calendar` and commit the result", f.path)
		}
	}
}

// TestEveryListFound pins lists that must be found, whatever the version:
// if the parser stopped recognising a form of declaration, the table would
// shrink silently. The names are from rickar/cal v2.1.13's source: au has
// only state lists, jp.Holidays is an append(...), gb is aliased.
func TestEveryListFound(t *testing.T) {
	dir, version, err := moduleDir()
	if err != nil {
		t.Fatal(err)
	}
	sets, err := findSets(dir, version)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range sets {
		got[s.Name] = s.Pkg + "." + s.Var
	}
	for name, want := range map[string]string{
		"FR": "fr.Holidays", "JP": "jp.Holidays", "AU-NSW": "au.HolidaysNSW",
		"CH-ZH": "ch.HolidaysZH", "DE-BY": "de.HolidaysBY", "GB-ENG": "gb.Holidays",
		"GB-WLS": "gb.Holidays", "US": "us.Holidays", "CA": "ca.Holidays",
	} {
		if got[name] != want {
			t.Errorf("findSets()[%s] = %q, want %q", name, got[name], want)
		}
	}
	if _, ok := got["GB"]; ok {
		t.Errorf("findSets() has GB, want it aliased to GB-ENG and GB-WLS only")
	}
	for name := range got {
		if strings.ToUpper(name) != name {
			t.Errorf("set name %q is not upper case", name)
		}
	}
}
