// Command replay evaluates a service level agreement over a recorded stream
// of events and prints the compliance report, in the words a support
// manager or a billing clerk uses: the verdict per objective and period with
// its figures, each breach (due, done, how late, and why an excused or
// excluded one carries no penalty), what falls due soonest with the time
// left, deliverables, quotas per segment, each credit with the rule and caps
// that shaped it, chronic failures and termination rights, and the
// accounting of every input event. The HTML page adds pictures as inline
// SVG and prints well; the JSON form is the library's sla.Report. All words
// come from words.go, so the text and the page say the same.
//
// With no flags it replays a month of helpdesk tickets (March 2026, 223
// tickets) under the seed's support desk agreement, embedded in the binary.
// Two more agreements are embedded with their events: -seed saas-credits
// (uptime credits, January to June 2026) and -seed sales-marketing (leads and
// monthly reports, January to April 2026):
//
//	go run ./examples/replay
//	go run ./examples/replay -format html -o report.html
//	go run ./examples/replay -seed saas-credits -format html -o saas.html
//	go run ./examples/replay -agreement my.json -events events.jsonl -asof 2026-04-01T00:00:00+01:00
//	cat events.jsonl | go run ./examples/replay -agreement my.json -events -
//
// Flags:
//
//	-seed name        embedded agreement and events: support-desk (default),
//	                  saas-credits or sales-marketing
//	-agreement path   agreement JSON (default: the seed's agreement)
//	-events path      events, one sla.Event per line (JSON Lines); "-" reads standard input
//	                  (default: the seed's events)
//	-asof instant     RFC 3339 instant of the report (default: the latest event's
//	                  instant); "now" uses the wall clock
//	-format f         text (default), json (the sla.Report JSON) or html (one
//	                  self-contained page with inline SVG)
//	-o path           write the report to path (atomically) instead of standard output
//
// A malformed file stops the run with an error naming the file, the line and
// the field (events.jsonl:17: field "at": ...) and exit status 1; nothing is
// written. Events the evaluator rejects (out of order, unknown subject type,
// ...) are not errors of the file: they are counted in the report's input
// accounting and listed with their line numbers. Unknown flags print the usage
// and exit with status 2.
package main

//go:generate go run ./internal/gen -o data/events.jsonl
//go:generate go run ./internal/gen -seed saas-credits -o data/saas-credits-events.jsonl
//go:generate go run ./internal/gen -seed sales-marketing -o data/sales-marketing-events.jsonl

import (
	"embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
	_ "time/tzdata" // the agreement's zones resolve on machines without a zone database
)

//go:embed data
var data embed.FS

// seed is one of the embedded agreements with its recorded events.
type seed struct {
	name, agreement, events, about string
}

// seeds are the embedded agreements; the first is the default.
var seeds = []seed{
	{"support-desk", "data/support-desk.json", "data/events.jsonl", "a month of helpdesk tickets (March 2026)"},
	{"saas-credits", "data/saas-credits.json", "data/saas-credits-events.jsonl", "half a year of uptime, incidents and invoices (January to June 2026)"},
	{"sales-marketing", "data/sales-marketing.json", "data/sales-marketing-events.jsonl", "leads, follow-ups and friction reports (January to April 2026)"},
}

func seedNamed(name string) (seed, bool) {
	for _, s := range seeds {
		if s.name == name {
			return s, true
		}
	}
	return seed{}, false
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// options are the parsed flags.
type options struct {
	agreement, events, asOf, format, out string
	seed                                 seed
}

// run is the whole command: it returns the exit status (0 ok, 1 bad input or
// failure to write, 2 bad usage).
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("replay", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.agreement, "agreement", "", "agreement `file` (JSON); default: the embedded support desk agreement")
	fs.StringVar(&o.events, "events", "", "events `file` (JSON Lines, one event per line); \"-\" for standard input; default: the embedded month of tickets")
	fs.StringVar(&o.asOf, "asof", "", "report `instant` (RFC 3339); default: the latest event's instant; \"now\" for the wall clock")
	fs.StringVar(&o.format, "format", "text", "output `format`: text, json or html")
	fs.StringVar(&o.out, "o", "", "write the report to `file` instead of standard output")
	seedName := fs.String("seed", seeds[0].name, "embedded `agreement` used when -agreement or -events is not given: support-desk, saas-credits or sales-marketing")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: replay [-seed name] [-agreement file] [-events file|-] [-asof instant|now] [-format text|json|html] [-o file]\n\n")
		fmt.Fprintf(stderr, "Evaluates a service level agreement over a stream of events and prints the report.\nWith no flags it replays the embedded support desk month.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "replay: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return 2
	}
	switch o.format {
	case "text", "json", "html":
	default:
		fmt.Fprintf(stderr, "replay: -format %q: want text, json or html\n", o.format)
		fs.Usage()
		return 2
	}
	s, ok := seedNamed(*seedName)
	if !ok {
		fmt.Fprintf(stderr, "replay: -seed %q: want support-desk, saas-credits or sales-marketing\n", *seedName)
		fs.Usage()
		return 2
	}
	o.seed = s
	var asOf time.Time
	switch o.asOf {
	case "", "now":
	default:
		t, err := time.Parse(time.RFC3339Nano, o.asOf)
		if err != nil {
			fmt.Fprintf(stderr, "replay: -asof %q: want an RFC 3339 instant such as 2026-04-01T00:00:00+01:00, or now\n", o.asOf)
			return 2
		}
		asOf = t
	}

	res, err := evaluate(o, stdin, asOf)
	if err != nil {
		fmt.Fprintln(stderr, "replay:", err)
		return 1
	}
	var out []byte
	switch o.format {
	case "text":
		out = renderText(res)
	case "json":
		out, err = renderJSON(res.report)
	case "html":
		out, err = renderHTML(res)
	}
	if err != nil {
		fmt.Fprintln(stderr, "replay:", err)
		return 1
	}
	if o.out == "" {
		if _, err := stdout.Write(out); err != nil {
			fmt.Fprintln(stderr, "replay:", err)
			return 1
		}
		return 0
	}
	if err := writeAtomic(o.out, out); err != nil {
		fmt.Fprintln(stderr, "replay:", err)
		return 1
	}
	return 0
}

// writeAtomic writes b to a temporary file next to path and renames it over
// path, so that path is either absent, its old content, or all of b.
func writeAtomic(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(name)
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(name)
		return err
	}
	if err := os.Chmod(name, 0o644); err != nil {
		os.Remove(name)
		return err
	}
	if err := os.Rename(name, path); err != nil {
		os.Remove(name)
		return err
	}
	return nil
}
