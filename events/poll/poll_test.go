package poll

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/md5"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tablero-project/tablero/events"
	"github.com/tablero-project/tablero/internal/peertest"
)

// memIngester is an in-memory Ingester.
type memIngester struct {
	mu    sync.Mutex
	files map[string]IngestedFile
	cells []events.Cell
}

func (m *memIngester) Seen(_ context.Context, url string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.files[url]
	return ok, nil
}

func (m *memIngester) Ingest(_ context.Context, f IngestedFile, cells []events.Cell) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.files[f.URL]; ok {
		return false, nil
	}
	m.files[f.URL] = f
	m.cells = append(m.cells, cells...)
	return true, nil
}

// feed is a loopback GDELT 2.0 server: lastupdate.txt lists its files.
type feed struct {
	mu    sync.Mutex
	files map[string][]byte // path → body
	list  []string          // paths listed, in order
	md5   map[string]string // listed MD5 overrides
	size  map[string]int64  // listed size overrides
	slow  time.Duration
}

func (f *feed) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r.URL.Path == "/lastupdate.txt" {
		for _, p := range f.list {
			sum := fmt.Sprintf("%x", md5.Sum(f.files[p]))
			if s, ok := f.md5[p]; ok {
				sum = s
			}
			size := int64(len(f.files[p]))
			if s, ok := f.size[p]; ok {
				size = s
			}
			fmt.Fprintf(w, "%d %s %s\n", size, sum, p)
		}
		fmt.Fprintf(w, "123 0123456789abcdef0123456789abcdef /gdeltv2/x.gkg.csv.zip\n") // not an export: ignored
		return
	}
	body, ok := f.files[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	if f.slow > 0 {
		f.mu.Unlock()
		time.Sleep(f.slow)
		f.mu.Lock()
	}
	w.Write(body)
}

func zipped(t testing.TB, name string, data []byte) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func newFeed(t *testing.T) (*feed, *httptest.Server) {
	data, err := os.ReadFile("../testdata/gdelt2.export.CSV.zip")
	if err != nil {
		t.Fatal(err)
	}
	f := &feed{files: map[string][]byte{"/gdeltv2/20250311000000.export.CSV.zip": data}, md5: map[string]string{}, size: map[string]int64{}}
	f.list = []string{"/gdeltv2/20250311000000.export.CSV.zip"}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

func TestPoller(t *testing.T) {
	f, srv := newFeed(t)
	m, err := events.ReadMapping("../testdata/mapping.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ing := &memIngester{files: map[string]IngestedFile{}}
	var got []events.Proposal
	p := &Poller{URL: srv.URL + "/lastupdate.txt", Client: srv.Client(), Ingester: ing, Mappings: []*events.Mapping{m},
		Sinks: []Sink{SinkFunc(func(_ context.Context, ps []events.Proposal) error { got = append(got, ps...); return nil })}}
	ctx := context.Background()
	res, err := p.Poll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Listed != 1 || len(res.Ingested) != 1 || res.Events != 6 || res.Bad != 0 || res.Proposals != 2 {
		t.Errorf("first poll %+v", res)
	}
	if len(ing.cells) == 0 || len(got) != 2 || got[0].Observation.Signpost != "us_strike" {
		t.Errorf("cells %d, proposals %+v", len(ing.cells), got)
	}
	// Nothing new: nothing downloaded, nothing proposed again.
	if res, err := p.Poll(ctx); err != nil || res.Skipped != 1 || len(res.Ingested) != 0 || res.Proposals != 0 {
		t.Errorf("second poll %+v %v", res, err)
	}
	// A new export adds to the same series and proposals are not repeated.
	data, _ := os.ReadFile("../testdata/gdelt2.export.CSV")
	rows := strings.Split(strings.TrimSpace(string(data)), "\r\n")
	more := strings.ReplaceAll(rows[0], "3001\t", "3201\t") + "\n" + strings.ReplaceAll(rows[1], "3002\t", "3202\t") + "\n"
	f.mu.Lock()
	f.files["/gdeltv2/20250311001500.export.CSV.zip"] = zipped(t, "20250311001500.export.CSV", []byte(more))
	f.list = []string{"/gdeltv2/20250311001500.export.CSV.zip"}
	f.mu.Unlock()
	res, err = p.Poll(ctx)
	if err != nil || len(res.Ingested) != 1 || res.Events != 2 || res.Proposals != 0 {
		t.Errorf("third poll %+v %v (the two new strikes fall in the window already proposed)", res, err)
	}
	series := events.SeriesOfCells(ing.cells, events.Daily, 0, 0)
	for _, s := range series {
		if s.Dyad == (events.Dyad{Source: "USA", Target: "MEX"}) && s.Points[0].Events != 4 {
			t.Errorf("USA→MEX on 2025-03-10: %d events over both files, want 4", s.Points[0].Events)
		}
	}
}

func TestPollerRefuses(t *testing.T) {
	const path = "/gdeltv2/20250311000000.export.CSV.zip"
	for _, tc := range []struct {
		name  string
		setup func(f *feed, p *Poller)
		want  string
	}{
		{"wrong md5", func(f *feed, p *Poller) { f.md5[path] = strings.Repeat("0", 32) }, "MD5"},
		{"wrong size", func(f *feed, p *Poller) { f.size[path] = 10 }, "bytes downloaded"},
		{"too large", func(f *feed, p *Poller) { p.MaxBytes = 100 }, "more than the limit"},
		{"missing", func(f *feed, p *Poller) { delete(f.files, path) }, "404"},
		{"timeout", func(f *feed, p *Poller) { f.slow = 2 * time.Second; p.Client.Timeout = 100 * time.Millisecond }, "Timeout"},
		{"bad list", func(f *feed, p *Poller) { f.list = []string{"ftp://x/y.export.CSV.zip"} }, "want an http(s) URL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, srv := newFeed(t)
			ing := &memIngester{files: map[string]IngestedFile{}}
			c := *srv.Client()
			p := &Poller{URL: srv.URL + "/lastupdate.txt", Client: &c, Ingester: ing}
			tc.setup(f, p)
			_, err := p.Poll(context.Background())
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q", err, tc.want)
			}
			if len(ing.files) != 0 {
				t.Errorf("ingested %v", ing.files)
			}
		})
	}
}

// TestPollerPeerSample serves the real GDELT 2.0 sample export, zipped,
// from a loopback server.
func TestPollerPeerSample(t *testing.T) {
	sample := peertest.Need(t, "../../../shared/peers/events/gdelt-samples/gdelt2.20191024143000.export.CSV")
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	f, srv := newFeed(t)
	f.files = map[string][]byte{"/gdeltv2/20191024143000.export.CSV.zip": zipped(t, "20191024143000.export.CSV", data)}
	f.list = []string{"/gdeltv2/20191024143000.export.CSV.zip"}
	ing := &memIngester{files: map[string]IngestedFile{}}
	p := &Poller{URL: srv.URL + "/lastupdate.txt", Client: srv.Client(), Ingester: ing}
	res, err := p.Poll(context.Background())
	if err != nil || res.Events != 2111 || res.Bad != 0 {
		t.Fatalf("%+v %v", res, err)
	}
	var n int
	for _, c := range ing.cells {
		n += c.Events
	}
	a := events.NewAggregator(events.Daily, 0)
	if _, err := events.ScanFile(context.Background(), sample, events.Options{}, func(e *events.Event) error { a.Add(e); return nil }); err != nil {
		t.Fatal(err)
	}
	if int64(n) != a.Events-a.Undyadic {
		t.Errorf("stored %d dyadic events, the file has %d", n, a.Events-a.Undyadic)
	}
}

func TestPollerRun(t *testing.T) {
	_, srv := newFeed(t)
	ing := &memIngester{files: map[string]IngestedFile{}}
	p := &Poller{URL: srv.URL + "/lastupdate.txt", Client: srv.Client(), Ingester: ing, Every: 10 * time.Millisecond}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { p.Run(ctx); close(done) }()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if seen, _ := ing.Seen(ctx, srv.URL+"/gdeltv2/20250311000000.export.CSV.zip"); seen {
			break
		}
	}
	cancel()
	<-done
	if len(ing.files) != 1 {
		t.Errorf("Run ingested %d files", len(ing.files))
	}
}
