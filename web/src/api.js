// The /v1 API as the pages use it.

/** An API error with the problem document's detail. */
export class APIError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** GET (or another method with a JSON body) and decode JSON. */
export async function api(path, { method = "GET", body, type = "application/json" } = {}) {
  const init = { method, headers: { Accept: "application/json" } };
  if (body !== undefined) {
    init.body = typeof body === "string" ? body : JSON.stringify(body);
    init.headers["Content-Type"] = type;
  }
  const res = await fetch(path, init);
  const text = await res.text();
  let doc;
  try { doc = text ? JSON.parse(text) : null; } catch { doc = { detail: text }; }
  if (!res.ok) throw new APIError(res.status, doc);
  return doc;
}

/** Like api, but answers null for a 404 (an endpoint this server lacks). */
export async function optional(path, opts) {
  try { return await api(path, opts); } catch (e) { if (e.status === 404) return null; throw e; }
}

/**
 * Follows a run's Server-Sent Events until its done event; onProgress gets
 * every run view. Resolves with the final view.
 */
export function follow(run, onProgress) {
  return new Promise((resolve, reject) => {
    if (["succeeded", "failed", "cancelled"].includes(run.status)) { onProgress?.(run); resolve(run); return; }
    const es = new EventSource(run.links?.events ?? `/v1/runs/${run.id}/events`);
    const on = (end) => (e) => {
      const v = JSON.parse(e.data);
      onProgress?.(v);
      if (end) { es.close(); resolve(v); }
    };
    es.addEventListener("progress", on(false));
    es.addEventListener("done", on(true));
    es.addEventListener("error", (e) => {
      if (e.data) { es.close(); reject(new APIError(500, JSON.parse(e.data))); }
    });
  });
}

/** Submits a run and resolves with its succeeded view (following its events). */
export async function runToEnd(scenario, options, onProgress) {
  const run = await api("/v1/runs", { method: "POST", body: { scenario, options } });
  const end = await follow(run, onProgress);
  if (end.status !== "succeeded") throw new Error(`run ${end.id} ${end.status}: ${end.error ?? ""}`);
  return end;
}
