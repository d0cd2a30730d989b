package sla

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"math/bits"
)

// Keyed hashing of event IDs.
//
// A subject remembers a 64-bit hash of the ID of every event applied to it
// (idset.go), and the evaluator a hash of each retired subject's type and
// ID (retire.go). The IDs come from outside: a hostile tenant chooses them.
// An unkeyed hash lets anyone compute, offline, an ID whose hash equals
// that of a real event (the real event is then rejected as a duplicate) or
// many IDs that share low bits (each lookup then probes a long run). So
// the hash is SipHash-1-3, a keyed pseudo-random function, under a 128-bit
// key (an IDKey): without the key no one can tell which IDs collide, and
// two distinct IDs of a subject collide with probability 2⁻⁶⁴ whatever
// they are. SipHash-1-3 is what Rust's and Python's hash tables use
// against hash flooding.
//
// Every evaluator has a key: the host's (Options.IDKey) or, by default, a
// random one drawn when it is built. Nothing the evaluator reports depends
// on the key; only the hashes in snapshots and partials do, so the key
// travels with them (see Evaluator.Restore and Evaluator.Merge).

// IDKey is the secret key of the hash an evaluator keeps of event IDs and
// retired subjects. Its JSON and text form is 32 hexadecimal digits. The
// zero IDKey means "none given": an evaluator then draws a random one.
//
// Keep it as private as the state it protects: anyone who knows it can
// choose event IDs that collide with real ones.
type IDKey [16]byte

// IsZero reports whether k is the zero key.
func (k IDKey) IsZero() bool { return k == IDKey{} }

// MarshalText returns k as 32 lower-case hexadecimal digits.
func (k IDKey) MarshalText() ([]byte, error) {
	return hex.AppendEncode(nil, k[:]), nil
}

// UnmarshalText reads 32 hexadecimal digits.
func (k *IDKey) UnmarshalText(b []byte) error {
	var x IDKey
	if hex.DecodedLen(len(b)) != len(x) {
		return fmt.Errorf("sla: an ID key is 32 hexadecimal digits, not %d characters", len(b))
	}
	if _, err := hex.Decode(x[:], b); err != nil {
		return fmt.Errorf("sla: an ID key is 32 hexadecimal digits: %w", err)
	}
	*k = x
	return nil
}

// String returns a short form that does not give the key away: the first
// four digits and an ellipsis.
func (k IDKey) String() string {
	b, _ := k.MarshalText()
	return string(b[:4]) + "…"
}

// randomKey draws a key from crypto/rand (a secret key: it keys the
// hash of untrusted IDs).
func randomKey() IDKey {
	var k IDKey
	rand.Read(k[:]) // crypto/rand.Read never fails (Go 1.24 and later)
	if k.IsZero() {
		k[0] = 1
	}
	return k
}

// idHasher hashes event IDs under one key.
type idHasher struct {
	k0, k1 uint64
	key    IDKey
	fixed  bool // the key was given by the host: never adopted from a snapshot
	held   bool // hashes under the key were restored or merged (see adoptable)
}

func newIDHasher(k IDKey, fixed bool) idHasher {
	return idHasher{key: k, fixed: fixed, k0: le64(string(k[:8])), k1: le64(string(k[8:]))}
}

// hash is SipHash-1-3 of s under the key.
func (h *idHasher) hash(s string) uint64 { return sip13(h.k0, h.k1, s) }

// sip13 is SipHash-1-3 (Aumasson and Bernstein, "SipHash: a fast
// short-input PRF", 2012, with one compression and three finalization
// rounds) of s under the key (k0, k1), as the reference implementation
// computes it with cROUNDS 1 and dROUNDS 3.
func sip13(k0, k1 uint64, s string) uint64 {
	v0 := k0 ^ 0x736f6d6570736575
	v1 := k1 ^ 0x646f72616e646f6d
	v2 := k0 ^ 0x6c7967656e657261
	v3 := k1 ^ 0x7465646279746573
	b := uint64(len(s)) << 56
	for len(s) >= 8 {
		m := le64(s)
		v3 ^= m
		v0, v1, v2, v3 = sipRound(v0, v1, v2, v3)
		v0 ^= m
		s = s[8:]
	}
	m := b | tail(s)
	v3 ^= m
	v0, v1, v2, v3 = sipRound(v0, v1, v2, v3)
	v0 ^= m
	v2 ^= 0xff
	v0, v1, v2, v3 = sipRound(v0, v1, v2, v3)
	v0, v1, v2, v3 = sipRound(v0, v1, v2, v3)
	v0, v1, v2, v3 = sipRound(v0, v1, v2, v3)
	return v0 ^ v1 ^ v2 ^ v3
}

func sipRound(v0, v1, v2, v3 uint64) (uint64, uint64, uint64, uint64) {
	v0 += v1
	v1 = bits.RotateLeft64(v1, 13)
	v1 ^= v0
	v0 = bits.RotateLeft64(v0, 32)
	v2 += v3
	v3 = bits.RotateLeft64(v3, 16)
	v3 ^= v2
	v0 += v3
	v3 = bits.RotateLeft64(v3, 21)
	v3 ^= v0
	v2 += v1
	v1 = bits.RotateLeft64(v1, 17)
	v1 ^= v2
	v2 = bits.RotateLeft64(v2, 32)
	return v0, v1, v2, v3
}

// le64 reads the first 8 bytes of s as a little-endian word.
func le64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// tail returns the bytes of s (shorter than 8) as a little-endian word
// padded with zeros. Two overlapping loads put the shared bytes at the same
// place with the same value, so or-ing them builds the word without a loop.
func tail(s string) uint64 {
	n := len(s)
	switch {
	case n >= 4:
		lo := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24
		k := s[n-4:]
		hi := uint64(k[0]) | uint64(k[1])<<8 | uint64(k[2])<<16 | uint64(k[3])<<24
		return lo | hi<<(8*uint(n-4))
	case n > 0:
		return uint64(s[0]) | uint64(s[n/2])<<(8*uint(n/2)) | uint64(s[n-1])<<(8*uint(n-1))
	}
	return 0
}
