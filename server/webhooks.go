package server

import (
	"crypto/rand"
	"encoding/base32"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/tablero-project/tablero/store"
	"github.com/tablero-project/tablero/webhook"
)

// WebhookRequest subscribes a URL to a scenario's events.
type WebhookRequest struct {
	URL string `json:"url"`
	// Threshold: forecast.updated is sent when some result's probability
	// moved by at least this much, in [0, 1] (0: every update).
	// observation.added and forecast.failed are always sent.
	Threshold float64 `json:"threshold"`
	// Secret is the signing secret, whsec_ and 16 to 64 bytes in base64;
	// omitted, the server makes one and answers it once.
	Secret string `json:"secret,omitempty"`
}

// WebhookView is a subscription as the API shows it. Secret is answered
// only when the server made it, on creation.
type WebhookView struct {
	ID         string       `json:"id"`
	ScenarioID string       `json:"scenario_id"`
	URL        string       `json:"url"`
	Threshold  float64      `json:"threshold"`
	Secret     string       `json:"secret,omitempty"`
	CreatedAt  time.Time    `json:"created_at"`
	CreatedBy  string       `json:"created_by"`
	Links      WebhookLinks `json:"links"`
}

// WebhookLinks are a subscription's resources.
type WebhookLinks struct {
	Self       string `json:"self"`
	Deliveries string `json:"deliveries"`
}

// WebhookList is a scenario's subscriptions, oldest first.
type WebhookList struct {
	Webhooks []WebhookView `json:"webhooks"`
}

func webhookView(h *store.Webhook) WebhookView {
	return WebhookView{ID: h.ID, ScenarioID: h.ScenarioID, URL: h.URL, Threshold: h.Threshold, CreatedAt: h.CreatedAt, CreatedBy: h.CreatedBy,
		Links: WebhookLinks{Self: "/v1/webhooks/" + h.ID, Deliveries: "/v1/webhooks/" + h.ID + "/deliveries"}}
}

func newWebhookID() string {
	var b [10]byte
	rand.Read(b[:])
	return "wh_" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
}

// postWebhook subscribes a URL to a scenario's events.
func (s *Server) postWebhook(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	var req WebhookRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if err := s.followCfg().Policy.CheckURL(req.URL); err != nil {
		return badRequest("invalid-webhook", "%v", err)
	}
	if math.IsNaN(req.Threshold) || req.Threshold < 0 || req.Threshold > 1 {
		return badRequest("invalid-webhook", "threshold %g: must lie in [0, 1]", req.Threshold)
	}
	made := req.Secret == ""
	if made {
		req.Secret = webhook.NewSecret()
	}
	if _, err := webhook.Key(req.Secret); err != nil {
		return badRequest("invalid-webhook", "%v", err)
	}
	h, err := s.st.PutWebhook(r.Context(), &store.Webhook{ID: newWebhookID(), ScenarioID: id, URL: req.URL, Threshold: req.Threshold,
		Secret: req.Secret, CreatedBy: actor(r)})
	if err != nil {
		return err
	}
	s.audit(r, "webhook.create", h.ID, "scenario "+id+" url "+h.URL)
	v := webhookView(h)
	if made {
		v.Secret = h.Secret
	}
	w.Header().Set("Location", v.Links.Self)
	return writeJSON(w, http.StatusCreated, v)
}

func (s *Server) listWebhooks(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if _, err := s.st.GetScenario(r.Context(), id); err != nil {
		return err
	}
	hs, err := s.st.ListWebhooks(r.Context(), id)
	if err != nil {
		return err
	}
	out := WebhookList{Webhooks: []WebhookView{}}
	for _, h := range hs {
		out.Webhooks = append(out.Webhooks, webhookView(h))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) getWebhook(w http.ResponseWriter, r *http.Request) error {
	h, err := s.st.GetWebhook(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, webhookView(h))
}

func (s *Server) deleteWebhook(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	h, err := s.st.GetWebhook(r.Context(), id)
	if err != nil {
		return err
	}
	if err := s.st.DeleteWebhook(r.Context(), id); err != nil {
		return err
	}
	s.audit(r, "webhook.delete", id, "")
	return writeJSON(w, http.StatusOK, webhookView(h))
}

// DeliveryLog is a subscription's newest deliveries (the outbox) and
// attempts (the log), newest first.
type DeliveryLog struct {
	WebhookID  string         `json:"webhook_id"`
	Deliveries []DeliveryView `json:"deliveries"`
	Attempts   []AttemptView  `json:"attempts"`
}

// DeliveryView is one event's delivery to the subscription.
type DeliveryView struct {
	EventID     string               `json:"event_id"`
	Type        string               `json:"type"`
	Status      store.DeliveryStatus `json:"status"` // pending, delivered or failed
	Attempts    int                  `json:"attempts"`
	NextAt      *time.Time           `json:"next_at,omitempty"` // pending: the next attempt
	LastError   string               `json:"last_error,omitempty"`
	CreatedAt   time.Time            `json:"created_at"`
	DeliveredAt *time.Time           `json:"delivered_at,omitempty"`
}

// AttemptView is one logged attempt.
type AttemptView struct {
	EventID    string    `json:"event_id"`
	Attempt    int       `json:"attempt"`
	At         time.Time `json:"at"`
	StatusCode int       `json:"status_code,omitempty"` // absent: no HTTP response
	Error      string    `json:"error,omitempty"`
	DurationMS float64   `json:"duration_ms"`
	Outcome    string    `json:"outcome"` // delivered, retry or failed
}

func (s *Server) listDeliveries(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if _, err := s.st.GetWebhook(r.Context(), id); err != nil {
		return err
	}
	limit, _, err := page(r.URL.Query().Get("limit"), "")
	if err != nil {
		return err
	}
	ds, err := s.st.ListDeliveries(r.Context(), id, limit)
	if err != nil {
		return err
	}
	as, err := s.st.ListAttempts(r.Context(), id, limit)
	if err != nil {
		return err
	}
	out := DeliveryLog{WebhookID: id, Deliveries: []DeliveryView{}, Attempts: []AttemptView{}}
	for _, d := range ds {
		v := DeliveryView{EventID: d.Event.ID, Type: d.Event.Type, Status: d.Status, Attempts: d.Attempts, LastError: d.LastError,
			CreatedAt: d.CreatedAt, DeliveredAt: timePtr(d.DeliveredAt)}
		if d.Status == store.Pending {
			v.NextAt = timePtr(d.NextAt)
		}
		out.Deliveries = append(out.Deliveries, v)
	}
	for _, a := range as {
		outcome := string(a.Outcome)
		if a.Outcome == store.Pending {
			outcome = "retry"
		}
		out.Attempts = append(out.Attempts, AttemptView{EventID: a.EventID, Attempt: a.Attempt, At: a.At, StatusCode: a.StatusCode,
			Error: a.Error, DurationMS: float64(a.Duration.Microseconds()) / 1000, Outcome: outcome})
	}
	return writeJSON(w, http.StatusOK, out)
}
