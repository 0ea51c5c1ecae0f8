package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// keepAlive is how often an idle event stream sends a comment, so that
// proxies keep it open.
const keepAlive = 15 * time.Second

// runEvents streams a run's progress as Server-Sent Events: a "progress"
// event (the run, without result) whenever its status or progress
// changes, then one "done" event with the final state, and the stream
// ends. The store is polled, so the stream follows runs executed by any
// replica.
func (s *Server) runEvents(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	run, err := s.st.GetRun(r.Context(), id)
	if err != nil {
		return err
	}
	rc := http.NewResponseController(w)
	rc.SetWriteDeadline(time.Time{}) // a stream outlives the server's write timeout
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprintf(w, "retry: %d\n\n", 2000)
	var last string
	seq := 0
	poll := time.NewTicker(s.cfg.Poll)
	defer poll.Stop()
	quiet := time.Now()
	for {
		v := runView(run)
		key := fmt.Sprint(v.Status, v.Progress, v.CancelRequested)
		if key != last {
			last, seq = key, seq+1
			event := "progress"
			if run.Status.Done() {
				event = "done"
			}
			if err := sendEvent(w, event, seq, v); err != nil {
				return nil // the client went away
			}
			quiet = time.Now()
			if run.Status.Done() {
				rc.Flush()
				return nil
			}
		} else if time.Since(quiet) > keepAlive {
			fmt.Fprint(w, ": keep-alive\n\n")
			quiet = time.Now()
		}
		if err := rc.Flush(); err != nil {
			return nil
		}
		select {
		case <-r.Context().Done():
			return nil
		case <-poll.C:
		}
		if run, err = s.st.GetRun(r.Context(), id); err != nil {
			sendEvent(w, "error", seq+1, problemOf(err))
			return nil
		}
	}
}

func sendEvent(w http.ResponseWriter, event string, id int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "event: %s\nid: %d\ndata: %s\n\n", event, id, b)
	return err
}
