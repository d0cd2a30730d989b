// Command genholidays writes the calendar package's table of public-holiday
// sets (holidays_gen.go) and its documentation (docs/holidays.md) from the
// lists that github.com/rickar/cal/v2 itself exports, so that every set the
// library offers is offered by name and none is forgotten when it is
// upgraded.
//
// It reads the library's source in the module cache (found with
// `go list -m -f {{.Dir}} github.com/rickar/cal/v2`) with go/parser: every
// exported package-level variable named Holidays or Holidays<SUB> whose value
// is a []*cal.Holiday (a composite literal, or append to one) is a set. The
// package directory is the ISO 3166-1 alpha-2 country code ("fr" → "FR"),
// and the suffix the ISO 3166-2 subdivision ("au".HolidaysNSW → "AU-NSW").
// A variable named Holidays* that is not such a list, or a country code with
// no entry in countryNames, stops the generator with an error, so nothing is
// skipped silently.
//
// Run it with `go generate ./calendar` from the module root. The test in
// this directory regenerates both files and fails when the committed ones
// differ.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

const calModule = "github.com/rickar/cal/v2"

// countryNames are the ISO 3166-1 short names of the countries rickar/cal
// covers, and the name of its one non-country set (ecb).
var countryNames = map[string]string{
	"AR": "Argentina", "AT": "Austria", "AU": "Australia", "BE": "Belgium",
	"BG": "Bulgaria", "BR": "Brazil", "CA": "Canada", "CH": "Switzerland",
	"CZ": "Czechia", "DE": "Germany", "DK": "Denmark",
	"ECB": "European Central Bank (TARGET closing days; not an ISO 3166 code)",
	"ES":  "Spain", "FR": "France", "GB": "United Kingdom", "GR": "Greece",
	"HR": "Croatia", "IE": "Ireland", "IT": "Italy", "JP": "Japan",
	"LT": "Lithuania", "LV": "Latvia", "MW": "Malawi", "NC": "New Caledonia",
	"NL": "Netherlands", "NO": "Norway", "NZ": "New Zealand", "PL": "Poland",
	"RO": "Romania", "RU": "Russian Federation", "SE": "Sweden",
	"SI": "Slovenia", "SK": "Slovakia", "UA": "Ukraine",
	"US": "United States of America (federal holidays)", "ZA": "South Africa",
}

// aliases replace the name a list would get: rickar/cal's gb.Holidays are
// the bank holidays of England and Wales (Scotland and Northern Ireland have
// others), so they are offered as GB-ENG and GB-WLS and not as "GB".
var aliases = map[string][]set{
	"GB": {
		{Name: "GB-ENG", Region: "United Kingdom: England"},
		{Name: "GB-WLS", Region: "United Kingdom: Wales"},
	},
}

// A set is one holiday-set name and the list it stands for.
type set struct {
	Name    string // e.g. "AU-NSW"
	Region  string // e.g. "Australia: New South Wales"
	Pkg     string // rickar/cal package directory, e.g. "au"
	Var     string // exported variable, e.g. "HolidaysNSW"
	Version string // rickar/cal module version
}

func main() {
	goOut := flag.String("go", "holidays_gen.go", "Go file to write")
	mdOut := flag.String("md", "../docs/holidays.md", "markdown table to write")
	flag.Parse()
	dir, version, err := moduleDir()
	if err == nil {
		var goSrc, md []byte
		goSrc, md, err = generate(dir, version)
		if err == nil {
			err = errors.Join(os.WriteFile(*goOut, goSrc, 0o644), os.WriteFile(*mdOut, md, 0o644))
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "genholidays:", err)
		os.Exit(1)
	}
}

// moduleDir finds rickar/cal's source directory and version as the go
// command resolves them for this module.
func moduleDir() (dir, version string, err error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}} {{.Version}}", calModule).Output()
	if err != nil {
		return "", "", fmt.Errorf("go list -m %s: %w", calModule, err)
	}
	f := strings.Fields(string(out))
	if len(f) != 2 || f[0] == "" {
		return "", "", fmt.Errorf("go list -m %s: no source directory (run go mod download): %q", calModule, out)
	}
	return f[0], f[1], nil
}

// generate reads the rickar/cal source in dir and returns the Go file and
// the markdown table.
func generate(dir, version string) (goSrc, md []byte, err error) {
	sets, err := findSets(dir, version)
	if err != nil {
		return nil, nil, err
	}
	goSrc, err = writeGo(sets, version)
	if err != nil {
		return nil, nil, err
	}
	return goSrc, writeMarkdown(sets, version), nil
}

var regionRE = regexp.MustCompile(`holidays in (?:the )?(.+?)(?: region)?\.?$`)

// findSets parses every package directory of rickar/cal.
func findSets(dir, version string) ([]set, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var sets []set
	var errs []error
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") || e.Name() == "tests" {
			continue
		}
		pkg := e.Name()
		fset := token.NewFileSet()
		files, err := filepath.Glob(filepath.Join(dir, pkg, "*.go"))
		if err != nil {
			return nil, err
		}
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, file, nil, parser.ParseComments)
			if err != nil {
				return nil, err
			}
			found, err := setsInFile(f, pkg, version)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", filepath.Join(pkg, filepath.Base(file)), err))
			}
			sets = append(sets, found...)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if len(sets) == 0 {
		return nil, fmt.Errorf("no holiday lists found in %s", dir)
	}
	sort.Slice(sets, func(i, j int) bool { return sets[i].Name < sets[j].Name })
	for i := 1; i < len(sets); i++ {
		if sets[i].Name == sets[i-1].Name {
			return nil, fmt.Errorf("two lists named %s (%s.%s and %s.%s)", sets[i].Name, sets[i-1].Pkg, sets[i-1].Var, sets[i].Pkg, sets[i].Var)
		}
	}
	return sets, nil
}

// setsInFile returns the holiday lists declared in one file.
func setsInFile(f *ast.File, pkg, version string) ([]set, error) {
	var out []set
	country := strings.ToUpper(pkg)
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, id := range vs.Names {
				if !id.IsExported() || !strings.HasPrefix(id.Name, "Holidays") {
					continue
				}
				sub := strings.TrimPrefix(id.Name, "Holidays")
				if sub != strings.ToUpper(sub) {
					continue // e.g. a helper such as HolidaysFor; not a list name
				}
				if i >= len(vs.Values) || !isHolidayList(vs.Values[i]) {
					return nil, fmt.Errorf("%s is not a []*cal.Holiday literal; teach genholidays its form", id.Name)
				}
				cname, ok := countryNames[country]
				if !ok {
					return nil, fmt.Errorf("package %s: no country name for code %s; add it to countryNames", pkg, country)
				}
				s := set{Name: country, Region: cname, Pkg: pkg, Var: id.Name, Version: version}
				if sub != "" {
					s.Name += "-" + sub
					s.Region += ": " + subdivision(vs.Doc, sub)
				}
				if al, ok := aliases[s.Name]; ok {
					for _, a := range al {
						a.Pkg, a.Var, a.Version = s.Pkg, s.Var, s.Version
						out = append(out, a)
					}
					continue
				}
				out = append(out, s)
			}
		}
	}
	return out, nil
}

// subdivision reads the subdivision's name from the variable's comment
// ("... holidays in the Canton of Zurich"), or returns its code.
func subdivision(doc *ast.CommentGroup, code string) string {
	if doc == nil {
		return code
	}
	if m := regionRE.FindStringSubmatch(strings.TrimSpace(doc.Text())); m != nil {
		return m[1]
	}
	return code
}

// isHolidayList reports whether e is []*cal.Holiday{...} or
// append([]*cal.Holiday{...}, ...).
func isHolidayList(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.CompositeLit:
		at, ok := e.Type.(*ast.ArrayType)
		if !ok || at.Len != nil {
			return false
		}
		star, ok := at.Elt.(*ast.StarExpr)
		if !ok {
			return false
		}
		sel, ok := star.X.(*ast.SelectorExpr)
		if !ok {
			return false
		}
		x, ok := sel.X.(*ast.Ident)
		return ok && x.Name == "cal" && sel.Sel.Name == "Holiday"
	case *ast.CallExpr:
		fn, ok := e.Fun.(*ast.Ident)
		return ok && fn.Name == "append" && len(e.Args) > 0 && isHolidayList(e.Args[0])
	}
	return false
}

func alias(pkg string) string { return "cal" + pkg }

// writeGo renders holidays_gen.go.
func writeGo(sets []set, version string) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by genholidays from %s %s; DO NOT EDIT.\n\n", calModule, version)
	b.WriteString("package calendar\n\nimport (\n\t\"github.com/rickar/cal/v2\"\n")
	pkgs := map[string]bool{}
	for _, s := range sets {
		pkgs[s.Pkg] = true
	}
	var names []string
	for p := range pkgs {
		names = append(names, p)
	}
	sort.Strings(names)
	for _, p := range names {
		fmt.Fprintf(&b, "\t%s %q\n", alias(p), calModule+"/"+p)
	}
	b.WriteString(")\n\n")
	b.WriteString("// holidayList returns the rickar/cal list of the named set (the name in\n// upper case).\nfunc holidayList(name string) ([]*cal.Holiday, bool) {\n\tswitch name {\n")
	for _, s := range sets {
		fmt.Fprintf(&b, "\tcase %q:\n\t\treturn %s.%s, true\n", s.Name, alias(s.Pkg), s.Var)
	}
	b.WriteString("\t}\n\treturn nil, false\n}\n\n")
	b.WriteString("// HolidaySetNames lists the names of the public-holiday sets, sorted: every\n")
	fmt.Fprintf(&b, "// list that %s %s offers, by ISO 3166-1 country code\n", calModule, version)
	b.WriteString("// and ISO 3166-2 subdivision (\"FR\", \"AU-NSW\", \"CH-ZH\"). Names are matched\n")
	b.WriteString("// in any case. \"GB-ENG\" and \"GB-WLS\" are both the bank holidays of England\n")
	b.WriteString("// and Wales; \"ECB\" is the European Central Bank's closing days. The\n")
	b.WriteString("// table with each set's region is docs/holidays.md.\n//\n// The sets are:\n//\n")
	line := "//  "
	for i, s := range sets {
		item := " " + s.Name
		if i < len(sets)-1 {
			item += ","
		}
		if len(line)+len(item) > 78 {
			b.WriteString(line + "\n")
			line = "//  "
		}
		line += item
	}
	b.WriteString(line + "\n")
	b.WriteString("func HolidaySetNames() []string {\n\treturn []string{\n")
	for _, s := range sets {
		fmt.Fprintf(&b, "\t\t%q,\n", s.Name)
	}
	b.WriteString("\t}\n}\n")
	return format.Source(b.Bytes())
}

// writeMarkdown renders docs/holidays.md.
func writeMarkdown(sets []set, version string) []byte {
	var b bytes.Buffer
	b.WriteString("<!-- Code generated by genholidays; DO NOT EDIT. Run `go generate ./calendar`. -->\n\n")
	b.WriteString("# Public-holiday sets\n\n")
	fmt.Fprintf(&b, "A calendar's `holidaySets` (JSON) or `calendar.HolidaySets(...)` (Go) name public-holiday sets by ISO 3166 code. "+
		"They are every list that [`%s`](https://pkg.go.dev/%s@%s) %s exports, and close the calendar on each holiday's observed date "+
		"for the years 1990 to 2099. Names are matched in any case.\n\n", calModule, calModule, version, version)
	fmt.Fprintf(&b, "%d sets:\n\n| name | region | rickar/cal list |\n| --- | --- | --- |\n", len(sets))
	for _, s := range sets {
		fmt.Fprintf(&b, "| `%s` | %s | `%s.%s` |\n", s.Name, s.Region, s.Pkg, s.Var)
	}
	b.WriteString("\nrickar/cal has no lists for the provinces of Canada (so no `CA-ON`; `CA` is the national list) " +
		"or for the states of the United States (`US` is the federal holidays). A holiday the library does not know can be given as an explicit date in `holidays`.\n")
	return b.Bytes()
}
