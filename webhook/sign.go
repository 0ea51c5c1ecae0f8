// Package webhook delivers events to subscribers' URLs the Standard
// Webhooks way (https://www.standardwebhooks.com): each delivery is a POST
// of a JSON body with the headers webhook-id (the event's id, the same on
// every retry, for receivers to deduplicate), webhook-timestamp (Unix
// seconds) and webhook-signature ("v1," and the base64 HMAC-SHA256 of
// "id.timestamp.body" keyed by the subscription's secret, whsec_ and the
// key in base64).
//
// A Dispatcher takes due deliveries from a persistent outbox (the store),
// posts them, and retries failures with exponential backoff and jitter, so
// that no delivery is lost across a restart: a delivery is marked
// delivered only after its receiver answered 2xx. Delivery is at least
// once; receivers deduplicate by webhook-id.
//
// Webhook URLs are chosen by API clients, so posting to them is a
// server-side request forgery risk: a Policy refuses non-http(s) URLs and,
// unless allowlisted, every private, loopback, link-local or otherwise
// non-public address, checked when connecting (after DNS resolution), not
// only when the URL is registered.
package webhook

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The Standard Webhooks headers.
const (
	HeaderID        = "webhook-id"
	HeaderTimestamp = "webhook-timestamp"
	HeaderSignature = "webhook-signature"
)

// SecretPrefix begins every secret; the rest is the HMAC key in base64.
const SecretPrefix = "whsec_"

// Tolerance is how far a delivery's timestamp may be from the receiver's
// clock in Verify, against replays.
const Tolerance = 5 * time.Minute

// ErrSignature is wrapped by Verify's errors.
var ErrSignature = errors.New("webhook signature")

// NewSecret returns a fresh secret: whsec_ and 32 random bytes in base64.
func NewSecret() string {
	var b [32]byte
	rand.Read(b[:])
	return SecretPrefix + base64.StdEncoding.EncodeToString(b[:])
}

// Key returns the HMAC key of a secret, checking its form.
func Key(secret string) ([]byte, error) {
	b64, ok := strings.CutPrefix(secret, SecretPrefix)
	if !ok {
		return nil, fmt.Errorf("secret: must begin with %s", SecretPrefix)
	}
	key, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, fmt.Errorf("secret: after %s: not base64: %v", SecretPrefix, err)
	}
	if len(key) < 16 || len(key) > 64 {
		return nil, fmt.Errorf("secret: the key is %d bytes; it must have 16 to 64", len(key))
	}
	return key, nil
}

// Sign returns the webhook-signature value of a delivery: "v1," and the
// base64 HMAC-SHA256 of id.timestamp.body.
func Sign(secret, id string, ts int64, body []byte) (string, error) {
	key, err := Key(secret)
	if err != nil {
		return "", err
	}
	return "v1," + base64.StdEncoding.EncodeToString(mac(key, id, ts, body)), nil
}

func mac(key []byte, id string, ts int64, body []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(id))
	m.Write([]byte{'.'})
	m.Write([]byte(strconv.FormatInt(ts, 10)))
	m.Write([]byte{'.'})
	m.Write(body)
	return m.Sum(nil)
}

// Headers sets the Standard Webhooks headers of a delivery on h.
func Headers(h http.Header, secret, id string, ts time.Time, body []byte) error {
	sig, err := Sign(secret, id, ts.Unix(), body)
	if err != nil {
		return err
	}
	h.Set(HeaderID, id)
	h.Set(HeaderTimestamp, strconv.FormatInt(ts.Unix(), 10))
	h.Set(HeaderSignature, sig)
	return nil
}

// Verify checks a received delivery, as a receiver does: the three
// headers present, the timestamp within Tolerance of now, and one of the
// space-separated v1 signatures matching (compared in constant time).
func Verify(secret string, h http.Header, body []byte, now time.Time) error {
	key, err := Key(secret)
	if err != nil {
		return err
	}
	id, tsText, sigs := h.Get(HeaderID), h.Get(HeaderTimestamp), h.Get(HeaderSignature)
	if id == "" || tsText == "" || sigs == "" {
		return fmt.Errorf("%w: missing %s, %s or %s header", ErrSignature, HeaderID, HeaderTimestamp, HeaderSignature)
	}
	ts, err := strconv.ParseInt(tsText, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: %s %q: not Unix seconds", ErrSignature, HeaderTimestamp, tsText)
	}
	if d := now.Sub(time.Unix(ts, 0)); d > Tolerance || d < -Tolerance {
		return fmt.Errorf("%w: timestamp %d is %s from now", ErrSignature, ts, d.Round(time.Second))
	}
	want := mac(key, id, ts, body)
	for _, s := range strings.Fields(sigs) {
		v, b64, ok := strings.Cut(s, ",")
		if !ok || v != "v1" {
			continue
		}
		got, err := base64.StdEncoding.DecodeString(b64)
		if err == nil && hmac.Equal(got, want) {
			return nil
		}
	}
	return fmt.Errorf("%w: no v1 signature matches", ErrSignature)
}
