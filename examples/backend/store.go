package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver: pure Go, no cgo

	"github.com/slaeval/slaeval/sla"
)

// schema is the whole database. Every row belongs to a tenant; a batch of
// events writes, in one transaction, its events, the subjects it changed,
// the tenant's aggregate record and position, and the notifications.
const schema = `
CREATE TABLE IF NOT EXISTS tenants (
	tenant      TEXT PRIMARY KEY,
	agreement   BLOB NOT NULL,    -- the agreement's JSON as put
	fingerprint TEXT NOT NULL,    -- Evaluator.Fingerprint of its compiled form
	idkey       BLOB NOT NULL,    -- the evaluator's sla.IDKey: as secret as the state
	now         TEXT NOT NULL     -- the evaluator's now (instantLayout): events and timers are fed up to it
);
CREATE TABLE IF NOT EXISTS aggregates (
	tenant TEXT PRIMARY KEY,
	record BLOB NOT NULL          -- Evaluator.Aggregates as JSON
);
CREATE TABLE IF NOT EXISTS subjects (
	tenant   TEXT NOT NULL,
	type     TEXT NOT NULL,
	id       TEXT NOT NULL,
	snapshot BLOB NOT NULL,       -- Evaluator.Snapshot as JSON
	PRIMARY KEY (tenant, type, id)
);
CREATE TABLE IF NOT EXISTS events (
	seq     INTEGER PRIMARY KEY AUTOINCREMENT,
	tenant  TEXT NOT NULL,
	type    TEXT NOT NULL,
	subject TEXT NOT NULL,
	id      TEXT NOT NULL,
	at      TEXT NOT NULL,        -- instantLayout, so that text order is time order
	body    BLOB NOT NULL,        -- the event's JSON
	UNIQUE (tenant, type, subject, id)
);
CREATE TABLE IF NOT EXISTS changes (
	seq     INTEGER PRIMARY KEY AUTOINCREMENT,
	tenant  TEXT NOT NULL,
	body    BLOB NOT NULL         -- a Notification as JSON
);
CREATE INDEX IF NOT EXISTS changes_by_tenant ON changes (tenant, seq);
CREATE TABLE IF NOT EXISTS cursors (
	tenant TEXT NOT NULL,
	dest   TEXT NOT NULL,         -- a destination of notifications (a webhook URL)
	seq    INTEGER NOT NULL,      -- the last change delivered there
	PRIMARY KEY (tenant, dest)
);
`

// store is the SQLite database of the backend. It holds one connection:
// SQLite has one writer at a time anyway, and a single connection makes
// every statement outside a transaction wait for the one in progress
// instead of failing with SQLITE_BUSY.
type store struct {
	db *sql.DB
}

// openStore opens (creating it when missing) the database file at path,
// in WAL mode with full synchronisation: a commit is on disk when Commit
// returns, and a transaction cut off by a crash is rolled back when the
// file is next opened.
func openStore(path string) (*store, error) {
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() +
		"?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(5000)&_pragma=foreign_keys(ON)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("backend: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("backend: create the schema in %s: %w", path, err)
	}
	return &store{db: db}, nil
}

func (s *store) Close() error { return s.db.Close() }

// tenantRow is a tenant as stored.
type tenantRow struct {
	name        string
	agreement   []byte
	fingerprint string
	idKey       sla.IDKey
	now         time.Time
}

// tenantRows returns every tenant, by name.
func (s *store) tenantRows(ctx context.Context) ([]tenantRow, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT tenant, agreement, fingerprint, idkey, now FROM tenants ORDER BY tenant`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []tenantRow
	for rows.Next() {
		var r tenantRow
		var key []byte
		var now string
		if err := rows.Scan(&r.name, &r.agreement, &r.fingerprint, &key, &now); err != nil {
			return nil, err
		}
		var err error
		if r.now, err = parseInstant(now); err != nil {
			return nil, err
		}
		if len(key) != len(r.idKey) {
			return nil, fmt.Errorf("backend: tenant %q: ID key of %d bytes, want %d", r.name, len(key), len(r.idKey))
		}
		copy(r.idKey[:], key)
		out = append(out, r)
	}
	return out, rows.Err()
}

// tenantRow returns one tenant, and false when there is none.
func (s *store) tenantRow(ctx context.Context, name string) (tenantRow, bool, error) {
	rows, err := s.tenantRows(ctx)
	if err != nil {
		return tenantRow{}, false, err
	}
	for _, r := range rows {
		if r.name == name {
			return r, true, nil
		}
	}
	return tenantRow{}, false, nil
}

// putTenant stores a new tenant, or the agreement of one (the caller has
// checked that its fingerprint did not change, so its state stays valid).
func (s *store) putTenant(ctx context.Context, r tenantRow) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO tenants (tenant, agreement, fingerprint, idkey, now) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (tenant) DO UPDATE SET agreement = excluded.agreement`,
		r.name, r.agreement, r.fingerprint, r.idKey[:], instant(r.now))
	return err
}

// resetTenant replaces a tenant and drops everything stored for it.
func (s *store) resetTenant(ctx context.Context, r tenantRow) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, table := range []string{"tenants", "aggregates", "subjects", "events", "changes", "cursors"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE tenant = ?`, r.name); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO tenants (tenant, agreement, fingerprint, idkey, now) VALUES (?, ?, ?, ?, ?)`,
		r.name, r.agreement, r.fingerprint, r.idKey[:], instant(r.now)); err != nil {
		return err
	}
	return tx.Commit()
}

// loadState reads a tenant's saved state: its aggregate record (nil when
// none was saved yet) and each subject's snapshot, in key order.
func (s *store) loadState(ctx context.Context, tenant string, subject func(sla.SubjectSnapshot) error) (*sla.Aggregates, error) {
	var agg *sla.Aggregates
	var rec []byte
	switch err := s.db.QueryRowContext(ctx, `SELECT record FROM aggregates WHERE tenant = ?`, tenant).Scan(&rec); {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, err
	default:
		agg = new(sla.Aggregates)
		if err := json.Unmarshal(rec, agg); err != nil {
			return nil, fmt.Errorf("backend: tenant %q: aggregate record: %w", tenant, err)
		}
	}
	rows, err := s.db.QueryContext(ctx, `SELECT type, id, snapshot FROM subjects WHERE tenant = ? ORDER BY type, id`, tenant)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var typ, id string
		var b []byte
		if err := rows.Scan(&typ, &id, &b); err != nil {
			return nil, err
		}
		var ss sla.SubjectSnapshot
		if err := json.Unmarshal(b, &ss); err != nil {
			return nil, fmt.Errorf("backend: tenant %q: subject %s %s: %w", tenant, typ, id, err)
		}
		if err := subject(ss); err != nil {
			return nil, fmt.Errorf("backend: tenant %q: restore subject %s %s: %w", tenant, typ, id, err)
		}
	}
	return agg, rows.Err()
}

// subjectKey names one subject of a tenant.
type subjectKey struct{ typ, id string }

// lastInstants returns, per subject, the latest instant of its logged
// events: an event earlier than that is late (see tenant.apply).
func (s *store) lastInstants(ctx context.Context, tenant string) (map[subjectKey]time.Time, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT type, subject, MAX(at) FROM events WHERE tenant = ? GROUP BY type, subject`, tenant)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	last := make(map[subjectKey]time.Time)
	for rows.Next() {
		var k subjectKey
		var at string
		if err := rows.Scan(&k.typ, &k.id, &at); err != nil {
			return nil, err
		}
		t, err := parseInstant(at)
		if err != nil {
			return nil, err
		}
		last[k] = t
	}
	return last, rows.Err()
}

// history returns the logged events of one subject, in the order they
// were logged (Recompute sorts them by instant).
func history(ctx context.Context, tx *sql.Tx, tenant string, k subjectKey) ([]sla.Event, error) {
	rows, err := tx.QueryContext(ctx, `SELECT body FROM events WHERE tenant = ? AND type = ? AND subject = ? ORDER BY seq`, tenant, k.typ, k.id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []sla.Event
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return nil, err
		}
		var e sla.Event
		if err := json.Unmarshal(b, &e); err != nil {
			return nil, fmt.Errorf("backend: tenant %q: logged event of %s %s: %w", tenant, k.typ, k.id, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// logEvents appends events to the tenant's event log. An event logged
// before (an ignored event sent again: the evaluator keeps no ID of an
// ignored event) is not logged twice.
func logEvents(ctx context.Context, tx *sql.Tx, tenant string, events []sla.Event) error {
	if len(events) == 0 {
		return nil
	}
	st, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO events (tenant, type, subject, id, at, body) VALUES (?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer st.Close()
	for _, e := range events {
		b, err := json.Marshal(e)
		if err != nil {
			return err
		}
		if _, err := st.ExecContext(ctx, tenant, e.SubjectType, e.Subject, e.ID, instant(e.At), b); err != nil {
			return err
		}
	}
	return nil
}

// saveState writes what the evaluator changed since its last MarkSaved:
// the snapshot of each subject Dirty yields (or deletes the subject's
// row when Snapshot finds none: it was retired), the aggregate record
// and the tenant's now. The caller calls MarkSaved once the transaction
// has committed.
func saveState(ctx context.Context, tx *sql.Tx, tenant string, ev *sla.Evaluator, now time.Time) (subjects int, err error) {
	put, err := tx.PrepareContext(ctx, `INSERT INTO subjects (tenant, type, id, snapshot) VALUES (?, ?, ?, ?)
		ON CONFLICT (tenant, type, id) DO UPDATE SET snapshot = excluded.snapshot`)
	if err != nil {
		return 0, err
	}
	defer put.Close()
	for typ, id := range ev.Dirty() {
		ss, ok := ev.Snapshot(typ, id)
		if !ok {
			if _, err := tx.ExecContext(ctx, `DELETE FROM subjects WHERE tenant = ? AND type = ? AND id = ?`, tenant, typ, id); err != nil {
				return subjects, err
			}
			subjects++
			continue
		}
		b, err := json.Marshal(ss)
		if err != nil {
			return subjects, err
		}
		if _, err := put.ExecContext(ctx, tenant, typ, id, b); err != nil {
			return subjects, err
		}
		subjects++
	}
	rec, err := json.Marshal(ev.Aggregates())
	if err != nil {
		return subjects, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO aggregates (tenant, record) VALUES (?, ?)
		ON CONFLICT (tenant) DO UPDATE SET record = excluded.record`, tenant, rec); err != nil {
		return subjects, err
	}
	return subjects, setNow(ctx, tx, tenant, now)
}

// setNow records the instant the tenant's evaluator was advanced to.
func setNow(ctx context.Context, tx *sql.Tx, tenant string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE tenants SET now = ? WHERE tenant = ?`, instant(now), tenant)
	return err
}

// logChanges appends notifications.
func logChanges(ctx context.Context, tx *sql.Tx, tenant string, ns []Notification) error {
	if len(ns) == 0 {
		return nil
	}
	st, err := tx.PrepareContext(ctx, `INSERT INTO changes (tenant, body) VALUES (?, ?)`)
	if err != nil {
		return err
	}
	defer st.Close()
	for _, n := range ns {
		b, err := json.Marshal(n)
		if err != nil {
			return err
		}
		if _, err := st.ExecContext(ctx, tenant, b); err != nil {
			return err
		}
	}
	return nil
}

// changesAfter returns up to limit notifications of a tenant with a
// sequence number above after, with their numbers.
func (s *store) changesAfter(ctx context.Context, tenant string, after int64, limit int) ([]Notification, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT seq, body FROM changes WHERE tenant = ? AND seq > ? ORDER BY seq LIMIT ?`, tenant, after, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Notification
	for rows.Next() {
		var seq int64
		var b []byte
		if err := rows.Scan(&seq, &b); err != nil {
			return nil, err
		}
		var n Notification
		if err := json.Unmarshal(b, &n); err != nil {
			return nil, err
		}
		n.Seq = seq
		out = append(out, n)
	}
	return out, rows.Err()
}

// instantLayout stores instants as fixed-width UTC text, which sorts as
// the instants do (MAX(at) in lastInstants) for the four-digit years
// that RFC 3339, and so the JSON of events, allows. Unix nanoseconds
// would not do: they end in 2262, and an agreement that renews
// automatically accepts events after that.
const instantLayout = "2006-01-02T15:04:05.000000000Z"

func instant(t time.Time) string { return t.UTC().Format(instantLayout) }

func parseInstant(s string) (time.Time, error) {
	t, err := time.Parse(instantLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("backend: stored instant %q: %w", s, err)
	}
	return t, nil
}
