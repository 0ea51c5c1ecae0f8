package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tablero-project/tablero/internal/testdb"
)

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// tableroBinary builds the command once per test binary.
func tableroBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "tablero-bin")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "tablero")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// serveProc is a `tablero serve` process.
type serveProc struct {
	t    *testing.T
	cmd  *exec.Cmd
	url  string
	logs *bytes.Buffer
	exit chan error
}

var listening = regexp.MustCompile(`serving on (http://[0-9.:]+)`)

func startServer(t *testing.T, args ...string) *serveProc {
	t.Helper()
	cmd := exec.Command(tableroBinary(t), append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &serveProc{t: t, cmd: cmd, logs: &bytes.Buffer{}, exit: make(chan error, 1)}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			s.logs.WriteString(line + "\n")
			if m := listening.FindStringSubmatch(line); m != nil {
				found <- m[1]
			}
		}
		s.exit <- cmd.Wait()
	}()
	select {
	case s.url = <-found:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("tablero serve did not start:\n%s", s.logs)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	return s
}

func (s *serveProc) post(path, ctype string, body []byte, out any) int {
	s.t.Helper()
	resp, err := http.Post(s.url+path, ctype, bytes.NewReader(body))
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			s.t.Fatalf("POST %s: %v: %s", path, err, b)
		}
	}
	return resp.StatusCode
}

func (s *serveProc) get(path string) []byte {
	s.t.Helper()
	resp, err := http.Get(s.url + path)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return b
}

type runDoc struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	Error  string `json:"error"`
}

func (s *serveProc) run(id string) runDoc {
	var r runDoc
	json.Unmarshal(s.get("/v1/runs/"+id+"?result=false"), &r)
	return r
}

// waitFor polls run id until cond holds.
func (s *serveProc) waitFor(id string, cond func(runDoc) bool) runDoc {
	s.t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		if r := s.run(id); cond(r) {
			return r
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("run %s: %+v after 90 s\n%s", id, s.run(id), s.logs)
	return runDoc{}
}

func (s *serveProc) submit(scenarioID string, draws int, seed int) runDoc {
	s.t.Helper()
	body := fmt.Sprintf(`{"scenario": %q, "options": {"draws": %d, "seed": %d}}`, scenarioID, draws, seed)
	var r runDoc
	if code := s.post("/v1/runs", "application/json", []byte(body), &r); code != 202 {
		s.t.Fatalf("submit: %d", code)
	}
	return r
}

// A server killed with SIGKILL while runs are queued and running, then
// restarted on the same data: completed runs are intact, interrupted runs
// failed with a reason, nothing stuck as running.
func TestServeCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills server processes")
	}
	for _, b := range testdb.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			dsn := b.DSN(t)
			store := []string{"--data", filepath.Dir(strings.TrimPrefix(dsn, "sqlite:"))}
			if b.Name == "postgres" {
				store = []string{"--db", dsn, "--stale", "2s"}
			}
			s := startServer(t, append(store, "--workers", "2")...)
			src, _ := os.ReadFile("../../scenarios/us-mexico-2025.yaml")
			var sc struct{ ID string }
			if code := s.post("/v1/scenarios", "application/yaml", src, &sc); code != 201 {
				t.Fatalf("POST scenario: %d", code)
			}
			done := s.submit(sc.ID, 100, 1)
			s.waitFor(done.ID, func(r runDoc) bool { return r.Status == "succeeded" })
			result := s.get("/v1/runs/" + done.ID + "/result")
			long := []runDoc{s.submit(sc.ID, 400000, 2), s.submit(sc.ID, 400000, 3), s.submit(sc.ID, 400000, 4)}
			for _, r := range long[:2] {
				s.waitFor(r.ID, func(r runDoc) bool { return r.Status == "running" })
			}
			if r := s.run(long[2].ID); r.Status != "queued" {
				t.Fatalf("third run %s, want queued", r.Status)
			}
			if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			<-s.exit

			s = startServer(t, store...)
			if got := s.get("/v1/runs/" + done.ID + "/result"); !bytes.Equal(got, result) {
				t.Fatal("a completed run's result changed across the crash")
			}
			for _, r := range long[:2] {
				end := s.waitFor(r.ID, func(r runDoc) bool { return r.Status != "running" })
				if end.Status != "failed" || !strings.Contains(end.Error, "interrupted") {
					t.Errorf("interrupted run %s: %s %q, want failed with the reason", r.ID, end.Status, end.Error)
				}
			}
			// The queued run was not lost: the restarted server takes it.
			s.waitFor(long[2].ID, func(r runDoc) bool { return r.Status == "running" })
			req, _ := http.NewRequest("DELETE", s.url+"/v1/runs/"+long[2].ID, nil)
			if resp, err := http.DefaultClient.Do(req); err != nil {
				t.Fatal(err)
			} else {
				resp.Body.Close()
			}
			s.waitFor(long[2].ID, func(r runDoc) bool { return r.Status == "cancelled" })
			var list struct {
				Runs []runDoc `json:"runs"`
			}
			json.Unmarshal(s.get("/v1/runs?status=running"), &list)
			if len(list.Runs) != 0 {
				t.Fatalf("runs still running: %+v", list.Runs)
			}
		})
	}
}

// SIGTERM stops accepting, records the running run as interrupted by the
// shutdown, and exits cleanly.
func TestServeGracefulShutdown(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and stops server processes")
	}
	dir := t.TempDir()
	s := startServer(t, "--data", dir, "--shutdown-timeout", "1s")
	src, _ := os.ReadFile("../../scenarios/us-mexico-2025.yaml")
	var sc struct{ ID string }
	s.post("/v1/scenarios", "application/yaml", src, &sc)
	r := s.submit(sc.ID, 400000, 5)
	s.waitFor(r.ID, func(r runDoc) bool { return r.Status == "running" })
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.exit:
		if err != nil {
			t.Fatalf("exit: %v\n%s", err, s.logs)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("no exit after SIGTERM\n%s", s.logs)
	}
	s = startServer(t, "--data", dir)
	if end := s.run(r.ID); end.Status != "failed" || !strings.Contains(end.Error, "shutdown") {
		t.Fatalf("run after shutdown: %+v", end)
	}
}

func TestServeRefusesOpenAddressWithoutToken(t *testing.T) {
	t.Setenv("TABLERO_TOKEN", "")
	_, err := run(t, "serve", "--addr", "0.0.0.0:0", "--data", t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "without a token") {
		t.Fatalf("serve on 0.0.0.0 without a token: %v", err)
	}
}
