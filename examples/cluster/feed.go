package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"

	"github.com/slaeval/slaeval/sla"
)

// ChangeMsg is one message of a tenant's change feed, on
// sla.<tenant>.changes (stream Config.Changes): one change of one
// subject's objective, as the partition's evaluator handed it to its feed
// (sla.Evaluator.SetFeed) — on an event applied, or on Advance when a
// timer fell due (a clock breached, a warning reached, an obligation
// missed) — with the instant it became visible. The changes of one
// subject come from one partition, in order. Period verdicts, obligations
// and credits are tenant-wide and not in the feed: they come from the
// reducer's merged report.
type ChangeMsg struct {
	Partition int        `json:"partition"`
	Change    sla.Change `json:"change"`
}

// changeMsgID names a change for the change stream's de-duplication
// (Nats-Msg-Id): a worker that goes back to its stored state applies the
// same events again and its evaluator hands over the same changes, which
// the stream then stores once. A change is identified by everything in
// it: the same subject's objective cannot change twice from one state to
// another at one instant.
func changeMsgID(tenant string, m ChangeMsg) (string, []byte, error) {
	b, err := json.Marshal(m)
	if err != nil {
		return "", nil, err
	}
	h := sha256.New()
	h.Write([]byte(tenant + "/" + strconv.Itoa(m.Partition) + "/"))
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil)[:16]), b, nil
}
