package webhook_test

import (
	"fmt"
	"net/http"
	"time"

	"github.com/tablero-project/tablero/webhook"
)

// A receiver checks a delivery before trusting it: the raw body, the
// three headers and the subscription's secret.
func ExampleVerify() {
	secret := "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	body := []byte(`{"type":"forecast.updated","data":{}}`)
	sent := time.Unix(1765000000, 0)
	h := http.Header{}
	webhook.Headers(h, secret, "evt_1", sent, body) // what the server sends
	fmt.Println(h.Get("webhook-signature"))
	fmt.Println(webhook.Verify(secret, h, body, sent.Add(time.Minute)))
	fmt.Println(webhook.Verify(secret, h, []byte(`{"forged":true}`), sent.Add(time.Minute)) != nil)
	// Output:
	// v1,CkDfniobMaNAj6iG8WxGtL6DzemPPxO90lVrKwq1fzI=
	// <nil>
	// true
}
