package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/slaeval/slaeval/sla"
)

// fakeClock is a clock that moves only when told: the demo and the tests
// drive the scheduler with it.
type fakeClock struct{ ns atomic.Int64 }

func newFakeClock(t time.Time) *fakeClock {
	c := new(fakeClock)
	c.Set(t)
	return c
}

func (c *fakeClock) Now() time.Time  { return time.Unix(0, c.ns.Load()).UTC() }
func (c *fakeClock) Set(t time.Time) { c.ns.Store(t.UnixNano()) }

// client speaks the backend's HTTP API, as a producer of events and a
// reader of reports would.
type client struct {
	base string // "http://127.0.0.1:port"
	hc   *http.Client
}

// apiError is an answer with a status other than the one expected.
type apiError struct {
	Status int
	Msg    string
}

func (e *apiError) Error() string { return fmt.Sprintf("HTTP %d: %s", e.Status, e.Msg) }

// do sends body (nil: none) and decodes the JSON answer into out when the
// status is want.
func (c *client) do(ctx context.Context, method, path string, body []byte, want int, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != want {
		var e struct{ Error string }
		if json.Unmarshal(b, &e) != nil || e.Error == "" {
			e.Error = strings.TrimSpace(string(b)) // the mux's own 404 and 405 are plain text
		}
		return &apiError{Status: resp.StatusCode, Msg: e.Error}
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(b, out)
}

func (c *client) putAgreement(ctx context.Context, tenant string, doc []byte) (PutResult, error) {
	var res PutResult
	err := c.do(ctx, http.MethodPut, "/tenants/"+url.PathEscape(tenant)+"/agreement", doc, http.StatusCreated, &res)
	return res, err
}

// postEvents posts a batch as JSON Lines.
func (c *client) postEvents(ctx context.Context, tenant string, events []sla.Event) (BatchResult, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for _, e := range events {
		if err := enc.Encode(e); err != nil {
			return BatchResult{}, err
		}
	}
	var res BatchResult
	err := c.do(ctx, http.MethodPost, "/tenants/"+url.PathEscape(tenant)+"/events", buf.Bytes(), http.StatusOK, &res)
	return res, err
}

func (c *client) report(ctx context.Context, tenant string, asOf time.Time) (sla.Report, error) {
	var rep sla.Report
	err := c.do(ctx, http.MethodGet, "/tenants/"+url.PathEscape(tenant)+"/report?asOf="+url.QueryEscape(asOf.Format(time.RFC3339Nano)), nil, http.StatusOK, &rep)
	return rep, err
}

// changes reads every notification of a tenant, page by page.
func (c *client) changes(ctx context.Context, tenant string) ([]Notification, error) {
	var all []Notification
	after := int64(0)
	for {
		var page struct {
			Changes []Notification
			Next    int64
		}
		if err := c.do(ctx, http.MethodGet, fmt.Sprintf("/tenants/%s/changes?after=%d", url.PathEscape(tenant), after), nil, http.StatusOK, &page); err != nil {
			return nil, err
		}
		if len(page.Changes) == 0 {
			return all, nil
		}
		all = append(all, page.Changes...)
		after = page.Next
	}
}
