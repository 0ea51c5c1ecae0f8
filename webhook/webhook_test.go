package webhook

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tablero-project/tablero/store"
)

// The test vector of the Standard Webhooks reference libraries.
func TestSignVector(t *testing.T) {
	const secret, id, body = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", `{"test": 2432232314}`
	const ts = 1614265330
	sig, err := Sign(secret, id, ts, []byte(body))
	if err != nil || sig != "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=" {
		t.Fatalf("signature %q, %v", sig, err)
	}
	h := http.Header{}
	if err := Headers(h, secret, id, time.Unix(ts, 0), []byte(body)); err != nil {
		t.Fatal(err)
	}
	now := time.Unix(ts+60, 0)
	if err := Verify(secret, h, []byte(body), now); err != nil {
		t.Fatalf("verify: %v", err)
	}
	other := NewSecret()
	for _, c := range []struct {
		name   string
		secret string
		body   string
		now    time.Time
		edit   func(http.Header)
	}{
		{"tampered body", secret, body + " ", now, nil},
		{"wrong secret", other, body, now, nil},
		{"replayed", secret, body, time.Unix(ts, 0).Add(Tolerance + time.Second), nil},
		{"missing id", secret, body, now, func(h http.Header) { h.Del(HeaderID) }},
		{"other id", secret, body, now, func(h http.Header) { h.Set(HeaderID, "msg_other") }},
		{"v2 only", secret, body, now, func(h http.Header) { h.Set(HeaderSignature, strings.Replace(h.Get(HeaderSignature), "v1,", "v2,", 1)) }},
	} {
		h2 := h.Clone()
		if c.edit != nil {
			c.edit(h2)
		}
		if err := Verify(c.secret, h2, []byte(c.body), c.now); !errors.Is(err, ErrSignature) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	// Several signatures (a rotated key): one match suffices.
	h2 := h.Clone()
	bad, _ := Sign(other, id, ts, []byte(body))
	h2.Set(HeaderSignature, bad+" "+h.Get(HeaderSignature))
	if err := Verify(secret, h2, []byte(body), now); err != nil {
		t.Errorf("rotated: %v", err)
	}
	for _, s := range []string{"MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_!!", "whsec_AAAA"} {
		if _, err := Sign(s, id, ts, nil); err == nil {
			t.Errorf("secret %q accepted", s)
		}
	}
}

func TestBackoff(t *testing.T) {
	b := Backoff{Base: time.Second, Max: 10 * time.Second}
	for _, c := range []struct {
		n    int
		u    float64
		want time.Duration
	}{{1, 0, time.Second}, {2, 0, 2 * time.Second}, {3, 0, 4 * time.Second}, {4, 0, 8 * time.Second},
		{5, 0, 10 * time.Second}, {60, 0, 10 * time.Second}, {3, 0.5, 3 * time.Second}, {1, 0.999, 500500 * time.Microsecond}} {
		if got := b.Delay(c.n, c.u); got != c.want {
			t.Errorf("Delay(%d, %g) = %s, want %s", c.n, c.u, got, c.want)
		}
	}
}

func TestPolicy(t *testing.T) {
	p, err := ParseAllow("127.0.0.0/8, ::1")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		url string
		ok  bool
	}{
		{"http://127.0.0.1:8080/hook", true}, {"http://[::1]/hook", true}, {"https://example.com/hook", true},
		{"http://93.184.216.34/", true}, {"ftp://example.com/", false}, {"file:///etc/passwd", false},
		{"gopher://127.0.0.1/", false}, {"http:///nohost", false}, {"http://user:pw@example.com/", false},
		{"http://10.0.0.1/", false}, {"http://192.168.1.1/", false}, {"http://169.254.169.254/latest/meta-data", false},
		{"http://[fd00::1]/", false}, {"http://0.0.0.0/", false}, {"http://100.64.0.1/", false}, {"/relative", false},
	} {
		if err := p.CheckURL(c.url); (err == nil) != c.ok {
			t.Errorf("%s: %v, want ok=%v", c.url, err, c.ok)
		}
	}
	if (Policy{}).Permits(netip.MustParseAddr("127.0.0.1")) {
		t.Error("the default policy permits loopback")
	}
	if _, err := ParseAllow("10.0.0.0/33"); err == nil {
		t.Error("bad CIDR accepted")
	}
	// The default client refuses to connect to loopback, whatever the URL
	// says.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	if _, err := (Policy{}).Client(time.Second).Get(srv.URL); err == nil || !strings.Contains(err.Error(), "allowlist") {
		t.Errorf("default client reached loopback: %v", err)
	}
	if resp, err := p.Client(time.Second).Get(srv.URL); err != nil {
		t.Errorf("allowlisted loopback: %v", err)
	} else {
		resp.Body.Close()
	}
}

// receiver is a loopback webhook receiver that verifies signatures and
// fails the first fails attempts of every event.
type receiver struct {
	t      *testing.T
	secret string
	fails  int
	hang   chan struct{} // when set, attempt hangAt of an event blocks until it is closed
	hangAt int
	hung   chan struct{}

	mu       sync.Mutex
	attempts map[string]int // by webhook-id
	accepted map[string]int
	bodies   map[string]string
}

func newReceiver(t *testing.T, secret string, fails int) (*receiver, *httptest.Server) {
	r := &receiver{t: t, secret: secret, fails: fails, attempts: map[string]int{}, accepted: map[string]int{}, bodies: map[string]string{}}
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	return r, srv
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	if err := Verify(r.secret, req.Header, body, time.Now()); err != nil {
		r.t.Errorf("receiver: %v", err)
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	id := req.Header.Get(HeaderID)
	r.mu.Lock()
	r.attempts[id]++
	n := r.attempts[id]
	r.mu.Unlock()
	if r.hang != nil && n == r.hangAt {
		close(r.hung)
		select {
		case <-r.hang:
		case <-req.Context().Done():
		}
		http.Error(w, "restarting", http.StatusServiceUnavailable)
		return
	}
	if n <= r.fails {
		http.Error(w, "not now", http.StatusInternalServerError)
		return
	}
	r.mu.Lock()
	r.accepted[id]++
	r.bodies[id] = string(body)
	r.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func (r *receiver) counts(id string) (attempts, accepted int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.attempts[id], r.accepted[id]
}

// subscribe stores a scenario with a webhook to url and queues events
// for it, returning their ids.
func subscribe(t testing.TB, st store.Store, url, secret string, events int) []string {
	t.Helper()
	ctx := context.Background()
	canonical := []byte(`{"id":"crisis"}`)
	sum := sha256.Sum256(canonical)
	sc, _, err := st.PutScenario(ctx, &store.Scenario{ID: "sha256:" + hex.EncodeToString(sum[:]), Name: "crisis", Canonical: canonical, Source: canonical, Format: "json"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.PutWebhook(ctx, &store.Webhook{ID: "wh_" + strconv.Itoa(events), ScenarioID: sc.ID, URL: url, Secret: secret}); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := range events {
		id := fmt.Sprintf("evt_%d", i)
		ev := &store.Event{ID: id, Type: "observation.added", Body: []byte(fmt.Sprintf(`{"type":"observation.added","data":{"n":%d}}`, i))}
		o := &store.Observation{ScenarioID: sc.ID, ID: fmt.Sprintf("obs-%d", i), Body: []byte(`{}`)}
		if _, _, err := st.AddObservation(ctx, o, &store.Run{ID: store.NewRunID(), ScenarioID: sc.ID, Hash: id}, ev, 0); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

func loopbackPolicy(t testing.TB) Policy {
	p, err := ParseAllow("127.0.0.0/8")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// A receiver that fails twice, then succeeds, gets each event exactly
// once, after three attempts; the log records all three.
func TestRetriesDeliverOnce(t *testing.T) {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	secret := NewSecret()
	rcv, srv := newReceiver(t, secret, 2)
	ids := subscribe(t, st, srv.URL+"/hook", secret, 3)
	d := &Dispatcher{Outbox: st, Client: loopbackPolicy(t).Client(5 * time.Second), Backoff: Backoff{Base: time.Millisecond, Max: 4 * time.Millisecond}}
	ctx := context.Background()
	deadline := time.Now().Add(30 * time.Second)
	for {
		delivered := 0
		for _, id := range ids {
			if _, ok := rcv.counts(id); ok > 0 {
				delivered++
			}
		}
		if delivered == len(ids) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not delivered: %v", rcv.attempts)
		}
		if _, err := d.Once(ctx); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Millisecond)
	}
	// Nothing is left to deliver, however often the outbox is read.
	time.Sleep(10 * time.Millisecond)
	for range 3 {
		if n, err := d.Once(ctx); err != nil || n != 0 {
			t.Fatalf("after delivery: claimed %d, %v", n, err)
		}
	}
	for i, id := range ids {
		attempts, accepted := rcv.counts(id)
		if attempts != 3 || accepted != 1 {
			t.Errorf("%s: %d attempts, accepted %d times; want 3 and exactly 1", id, attempts, accepted)
		}
		if want := fmt.Sprintf(`{"type":"observation.added","data":{"n":%d}}`, i); rcv.bodies[id] != want {
			t.Errorf("%s: body %s", id, rcv.bodies[id])
		}
	}
	log, err := st.ListAttempts(ctx, "wh_3", 0)
	if err != nil || len(log) != 9 {
		t.Fatalf("log of %d attempts, %v", len(log), err)
	}
	for _, a := range log {
		want := store.Pending
		if a.Attempt == 3 {
			want = store.Delivered
		}
		if a.Outcome != want || (a.Attempt < 3 && a.StatusCode != 500) {
			t.Errorf("attempt %+v", a)
		}
	}
}

// A delivery that fails for good is given up after Attempts attempts.
func TestGiveUp(t *testing.T) {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "t.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	secret := NewSecret()
	rcv, srv := newReceiver(t, secret, 1000)
	ids := subscribe(t, st, srv.URL, secret, 1)
	d := &Dispatcher{Outbox: st, Client: loopbackPolicy(t).Client(5 * time.Second), Backoff: Backoff{Base: time.Millisecond, Max: time.Millisecond}, Attempts: 3}
	for range 200 {
		d.Once(context.Background())
		time.Sleep(time.Millisecond)
	}
	if n, _ := rcv.counts(ids[0]); n != 3 {
		t.Errorf("%d attempts, want 3", n)
	}
	ds, _ := st.ListDeliveries(context.Background(), "wh_1", 0)
	if len(ds) != 1 || ds[0].Status != store.GaveUp || ds[0].LastError != "HTTP 500" {
		t.Errorf("deliveries %+v", ds)
	}
}

// A dispatcher stopped in the middle of a retry (its store closed, as by a
// crash: the attempt is never recorded) leaves the delivery in the
// outbox; a new dispatcher on the reopened store delivers it, once.
func TestDeliversAfterRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.db")
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	secret := NewSecret()
	rcv, srv := newReceiver(t, secret, 1)
	rcv.hang, rcv.hangAt, rcv.hung = make(chan struct{}), 2, make(chan struct{})
	ids := subscribe(t, st, srv.URL, secret, 1)
	lease := 300 * time.Millisecond
	policy := loopbackPolicy(t)
	ctx, stop := context.WithCancel(context.Background())
	d := &Dispatcher{Outbox: st, Client: policy.Client(5 * time.Second), Backoff: Backoff{Base: time.Millisecond, Max: time.Millisecond},
		Lease: lease, Poll: 5 * time.Millisecond}
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	select {
	case <-rcv.hung: // attempt 1 failed, attempt 2 is in flight
	case <-time.After(30 * time.Second):
		t.Fatal("no retry")
	}
	stop()
	<-done
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	close(rcv.hang)

	st, err = store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ds, _ := st.ListDeliveries(context.Background(), "wh_1", 0)
	if len(ds) != 1 || ds[0].Status != store.Pending || ds[0].Attempts != 2 {
		t.Fatalf("outbox after the crash: %+v", ds)
	}
	d2 := &Dispatcher{Outbox: st, Client: policy.Client(5 * time.Second), Lease: lease}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, ok := rcv.counts(ids[0]); ok > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("not delivered after the restart")
		}
		if _, err := d2.Once(context.Background()); err != nil {
			t.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if attempts, accepted := rcv.counts(ids[0]); attempts != 3 || accepted != 1 {
		t.Errorf("%d attempts, accepted %d; want 3 and 1", attempts, accepted)
	}
	log, _ := st.ListAttempts(context.Background(), "wh_1", 0)
	if len(log) != 2 || log[0].Attempt != 3 || log[0].Outcome != store.Delivered || log[1].Attempt != 1 {
		t.Errorf("log %+v", log)
	}
}
