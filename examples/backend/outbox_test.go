package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestWebhookDelivery delivers the stored notifications to a webhook
// receiver that fails its first request and, once, loses the answer to
// one it took. Every notification stored must reach it, in order; the
// page whose answer was lost comes twice (at least once), and dropping
// what it has by seq leaves exactly the stored notifications. A restart
// goes on from the stored cursor.
func TestWebhookDelivery(t *testing.T) {
	doc, events := replayData(t)
	var mu sync.Mutex
	var received []Notification
	requests := 0
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		requests++
		if requests == 1 {
			http.Error(w, "not yet", http.StatusInternalServerError)
			return
		}
		var page struct {
			Tenant  string
			Changes []Notification
		}
		if err := json.NewDecoder(r.Body).Decode(&page); err != nil || page.Tenant != "acme" {
			http.Error(w, "bad page", http.StatusBadRequest)
			return
		}
		received = append(received, page.Changes...)
	}))
	defer recv.Close()
	send := webhook(recv.Client(), recv.URL)
	loseOne := true
	lossy := func(ctx context.Context, tenant string, ns []Notification) error {
		if err := send(ctx, tenant, ns); err != nil {
			return err
		}
		if loseOne {
			loseOne = false
			return context.DeadlineExceeded // taken, but the answer did not come back
		}
		return nil
	}

	path := filepath.Join(t.TempDir(), "b.db")
	clock := newFakeClock(events[0].At)
	in := start(t, path, clock)
	mustPut(t, in.c, "acme", doc)
	mustPost(t, in.c, "acme", events[:600])
	ctx := context.Background()
	if n, err := in.srv.Deliver(ctx, recv.URL, lossy); err == nil || n != 0 {
		t.Fatalf("Deliver to a receiver answering 500 = %d, %v; want 0 and an error", n, err)
	}
	if _, err := in.srv.Deliver(ctx, recv.URL, lossy); err == nil {
		t.Fatal("Deliver with the answer lost: no error")
	}
	if _, err := in.srv.Deliver(ctx, recv.URL, lossy); err != nil {
		t.Fatal(err)
	}
	in.stop()
	in = start(t, path, clock)
	mustPost(t, in.c, "acme", events[600:])
	clock.Set(endOfMarch)
	if _, _, err := in.srv.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := in.srv.Deliver(ctx, recv.URL, lossy); err != nil {
		t.Fatal(err)
	}
	if n, err := in.srv.Deliver(ctx, recv.URL, lossy); err != nil || n != 0 {
		t.Errorf("Deliver with nothing new = %d, %v; want 0, nil", n, err)
	}

	stored := mustChanges(t, in.c, "acme")
	mu.Lock()
	defer mu.Unlock()
	var deduped []Notification
	seen := make(map[int64]bool)
	for _, n := range received {
		if !seen[n.Seq] {
			seen[n.Seq] = true
			deduped = append(deduped, n)
		}
	}
	if len(received)-len(deduped) == 0 {
		t.Error("the page whose answer was lost was not sent again")
	}
	if d := cmp.Diff(stored, deduped); d != "" {
		t.Errorf("notifications received, each once by seq (-stored +received):\n%s", d)
	}
}
