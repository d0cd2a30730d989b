package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/slaeval/slaeval/sla"
)

// loadData reads the support desk agreement and its month of events from
// dir (by default the replay example's data, ../replay/data, read at run
// time: a nested module cannot embed files outside its directory).
func loadData(dir string) (sla.Agreement, []sla.Event, error) {
	b, err := os.ReadFile(filepath.Join(dir, "support-desk.json"))
	if err != nil {
		return sla.Agreement{}, nil, fmt.Errorf("%w (run from examples/cluster, or give -data)", err)
	}
	a, err := sla.Decode(b)
	if err != nil {
		return sla.Agreement{}, nil, fmt.Errorf("support-desk.json: %w", err)
	}
	name := filepath.Join(dir, "events.jsonl")
	b, err = os.ReadFile(name)
	if err != nil {
		return sla.Agreement{}, nil, err
	}
	events, err := readEvents(name, b)
	return a, events, err
}

// readEvents decodes JSON Lines, one sla.Event a line; blank lines are
// skipped.
func readEvents(name string, b []byte) ([]sla.Event, error) {
	var events []sla.Event
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var e sla.Event
		if err := json.Unmarshal(line, &e); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, n, err)
		}
		events = append(events, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return events, nil
}
