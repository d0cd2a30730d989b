package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
)

// outboxPage is how many notifications one send carries at most.
const outboxPage = 500

// Deliver sends the notifications stored since the last delivery to
// dest, tenant by tenant, oldest first, in pages, with send; after each
// page sent it stores dest's cursor (the last sequence number sent), so
// a restart goes on where delivery stopped. The changes table is so an
// outbox: nothing committed is lost, and a page whose cursor was not
// stored (a crash, or send failing after the receiver took it) is sent
// again, so receivers see each notification at least once and drop the
// ones they have by (tenant, seq). On an error Deliver stops and returns
// it; the next call retries from the cursor.
func (s *Server) Deliver(ctx context.Context, dest string, send func(ctx context.Context, tenant string, ns []Notification) error) (sent int, err error) {
	s.mu.RLock()
	names := make([]string, 0, len(s.tenants))
	for name := range s.tenants {
		names = append(names, name)
	}
	s.mu.RUnlock()
	slices.Sort(names)
	for _, name := range names {
		for {
			var cursor int64
			switch err := s.store.db.QueryRowContext(ctx, `SELECT seq FROM cursors WHERE tenant = ? AND dest = ?`, name, dest).Scan(&cursor); {
			case errors.Is(err, sql.ErrNoRows):
			case err != nil:
				return sent, err
			}
			ns, err := s.store.changesAfter(ctx, name, cursor, outboxPage)
			if err != nil || len(ns) == 0 {
				if err != nil {
					return sent, err
				}
				break
			}
			if err := send(ctx, name, ns); err != nil {
				return sent, fmt.Errorf("backend: deliver %d notifications of tenant %q after seq %d to %s: %w", len(ns), name, cursor, dest, err)
			}
			if _, err := s.store.db.ExecContext(ctx, `INSERT INTO cursors (tenant, dest, seq) VALUES (?, ?, ?)
				ON CONFLICT (tenant, dest) DO UPDATE SET seq = excluded.seq`, name, dest, ns[len(ns)-1].Seq); err != nil {
				return sent, err
			}
			sent += len(ns)
		}
	}
	return sent, nil
}

// webhook returns a send function for Deliver that posts each page to
// url as {"tenant": ..., "changes": [...]} and wants a 2xx answer.
func webhook(hc *http.Client, url string) func(ctx context.Context, tenant string, ns []Notification) error {
	return func(ctx context.Context, tenant string, ns []Notification) error {
		body, err := json.Marshal(struct {
			Tenant  string         `json:"tenant"`
			Changes []Notification `json:"changes"`
		}{tenant, ns})
		if err != nil {
			return err
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512)) // for the error only: a short read still names the status
		if resp.StatusCode/100 != 2 {
			return fmt.Errorf("HTTP %d: %s", resp.StatusCode, bytes.TrimSpace(msg))
		}
		return nil
	}
}
