package webhook

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/tablero-project/tablero/store"
)

// Outbox is what a Dispatcher needs of the store.
type Outbox interface {
	ClaimDeliveries(ctx context.Context, worker string, n int, lease time.Duration) ([]*store.Delivery, error)
	RecordAttempt(ctx context.Context, worker string, a *store.Attempt) error
}

// Backoff is the retry schedule: after the n-th failed attempt the next
// one waits Base·2ⁿ⁻¹, capped at Max, of which a random part (up to half)
// is taken off (jitter), so that receivers recovering from an outage are
// not hit by every retry at once.
type Backoff struct {
	Base, Max time.Duration
}

// Delay returns the wait after the n-th failed attempt (n ≥ 1), jittered
// by u in [0, 1): the full delay for u = 0, half of it as u nears 1.
func (b Backoff) Delay(n int, u float64) time.Duration {
	d := b.Base
	for i := 1; i < n && d < b.Max; i++ {
		d *= 2
	}
	d = min(d, b.Max)
	return d - time.Duration(u*float64(d)/2)
}

// Dispatcher delivers the outbox's due deliveries. Zero fields take the
// defaults in brackets.
type Dispatcher struct {
	Outbox Outbox
	Client *http.Client  // [Policy{}.Client(Timeout): public addresses only]
	Worker string        // this dispatcher's name in leases [random]
	Batch  int           // deliveries claimed at once [16]
	Lease  time.Duration // how long a claimed delivery is held [1m]
	// Timeout bounds one POST [10s].
	Timeout time.Duration
	Backoff Backoff // [5s, 1h]
	// Attempts is the most attempts of one delivery before it is marked
	// failed [10].
	Attempts int
	Poll     time.Duration // how often the outbox is read when idle [1s]
	Logger   *slog.Logger  // [slog.Default()]
	Now      func() time.Time

	once   sync.Once
	wake   chan struct{}
	jitter func() float64
}

func (d *Dispatcher) init() {
	d.once.Do(func() {
		if d.Timeout <= 0 {
			d.Timeout = 10 * time.Second
		}
		if d.Client == nil {
			d.Client = Policy{}.Client(d.Timeout)
		}
		if d.Worker == "" {
			d.Worker = fmt.Sprintf("webhook-%08x", rand.Uint32())
		}
		if d.Batch <= 0 {
			d.Batch = 16
		}
		if d.Lease <= 0 {
			d.Lease = time.Minute
		}
		if d.Backoff.Base <= 0 {
			d.Backoff.Base = 5 * time.Second
		}
		if d.Backoff.Max < d.Backoff.Base {
			d.Backoff.Max = max(time.Hour, d.Backoff.Base)
		}
		if d.Attempts <= 0 {
			d.Attempts = 10
		}
		if d.Poll <= 0 {
			d.Poll = time.Second
		}
		if d.Logger == nil {
			d.Logger = slog.Default()
		}
		if d.Now == nil {
			d.Now = time.Now
		}
		d.wake = make(chan struct{}, 1)
		d.jitter = rand.Float64
	})
}

// Notify wakes the dispatcher: a delivery was queued.
func (d *Dispatcher) Notify() {
	d.init()
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// Run delivers until ctx ends, reading the outbox every Poll or when
// notified; it returns ctx's error.
func (d *Dispatcher) Run(ctx context.Context) error {
	d.init()
	t := time.NewTicker(d.Poll)
	defer t.Stop()
	for {
		for {
			n, err := d.Once(ctx)
			if err != nil && ctx.Err() == nil {
				d.Logger.Warn("webhook deliveries", "err", err)
			}
			if n < d.Batch || err != nil {
				break
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		case <-d.wake:
		}
	}
}

// Once claims one batch of due deliveries, posts them concurrently and
// records each attempt; it returns how many it claimed.
func (d *Dispatcher) Once(ctx context.Context) (int, error) {
	d.init()
	ds, err := d.Outbox.ClaimDeliveries(ctx, d.Worker, d.Batch, d.Lease)
	if err != nil {
		return 0, err
	}
	var wg sync.WaitGroup
	errs := make([]error, len(ds))
	for i, dl := range ds {
		wg.Go(func() { errs[i] = d.deliver(ctx, dl) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return len(ds), err
		}
	}
	return len(ds), nil
}

// deliver posts one delivery and records the attempt.
func (d *Dispatcher) deliver(ctx context.Context, dl *store.Delivery) error {
	start := d.Now()
	code, err := d.post(ctx, dl, start)
	a := &store.Attempt{DeliveryID: dl.ID, StatusCode: code, Duration: time.Since(start), Outcome: store.Delivered}
	if err != nil {
		if ctx.Err() != nil {
			return nil // shutting down: the lease runs out and the delivery is retried
		}
		a.Error = err.Error()
		a.Outcome = store.Pending
		a.NextAt = d.Now().Add(d.Backoff.Delay(dl.Attempts, d.jitter()))
		if dl.Attempts >= d.Attempts {
			a.Outcome = store.GaveUp
		}
	}
	if err := d.Outbox.RecordAttempt(context.WithoutCancel(ctx), d.Worker, a); err != nil {
		return err
	}
	d.Logger.Debug("webhook delivery", "event", dl.Event.ID, "webhook", dl.WebhookID, "attempt", dl.Attempts, "status", code, "outcome", a.Outcome, "err", a.Error)
	return nil
}

// post sends the delivery; a response other than 2xx is an error.
func (d *Dispatcher) post(ctx context.Context, dl *store.Delivery, at time.Time) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, dl.URL, bytes.NewReader(dl.Event.Body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "tablero-webhooks/1")
	if err := Headers(req.Header, dl.Secret, dl.Event.ID, at, dl.Event.Body); err != nil {
		return 0, err
	}
	resp, err := d.Client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	return resp.StatusCode, nil
}
