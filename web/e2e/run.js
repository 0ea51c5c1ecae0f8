// Browser tests of the dashboard: a real `tablero serve` on loopback over
// a fresh data directory, driven in Debian's headless Chromium through
// playwright-core. Each check that fails is recorded and the script goes
// on, then exits 1 listing them all.
//
//   node e2e/run.js            (from web/; builds the binary unless TABLERO_BIN is set)
//
// Environment: TABLERO_BIN, a built tablero binary; CHROMIUM, the browser
// (default: chromium on PATH); E2E_OUT, where screenshots go (default
// e2e/out, ignored by git); TABLERO_DOCS_IMG, a directory that also gets
// the few screenshots docs/dashboard.md shows (e.g. ../docs/img).
import { chromium } from "playwright-core";
import { execFileSync, execSync, spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, copyFileSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { createServer as createHTTPServer } from "node:http";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../..");
const flagship = join(repo, "scenarios/us-mexico-2025.yaml");
const out = resolve(process.env.E2E_OUT ?? join(here, "out"));
const docsImg = process.env.TABLERO_DOCS_IMG ? resolve(process.env.TABLERO_DOCS_IMG) : null;
const work = mkdtempSync(join(tmpdir(), "tablero-e2e-"));
mkdirSync(out, { recursive: true });

const failures = [];
let step = "setup";
function check(ok, what) {
  console.log(`${ok ? "ok  " : "FAIL"} [${step}] ${what}`);
  if (!ok) failures.push(`[${step}] ${what}`);
  return ok;
}
const eq = (got, want, what) => check(got === want, `${what}: got ${got}, want ${want}`);

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer().listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => res(p)); });
    s.on("error", rej);
  });
}

async function waitReady(base, proc) {
  for (let i = 0; i < 300; i++) {
    if (proc.exitCode !== null) throw new Error(`tablero serve exited with ${proc.exitCode}`);
    try { if ((await fetch(`${base}/readyz`)).ok) return; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("tablero serve did not become ready");
}

const bin = process.env.TABLERO_BIN ? resolve(process.env.TABLERO_BIN) : join(work, "tablero");
if (!process.env.TABLERO_BIN) execFileSync("go", ["build", "-o", bin, "./cmd/tablero"], { cwd: repo, stdio: "inherit" });
// A loopback GDELT 2.0-style feed serving the project's small export
// fixture, which the server polls into its store at start.
const exportZip = readFileSync(join(repo, "events/testdata/gdelt2.export.CSV.zip"));
const feed = createHTTPServer((req, res) => {
  if (req.url === "/lastupdate.txt") res.end(`${exportZip.length} ${createHash("md5").update(exportZip).digest("hex")} /20250311000000.export.CSV.zip\n`);
  else if (req.url === "/20250311000000.export.CSV.zip") res.end(exportZip);
  else { res.statusCode = 404; res.end(); }
});
await new Promise((r) => feed.listen(0, "127.0.0.1", r));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn(bin, ["serve", "--addr", `127.0.0.1:${port}`, "--data", join(work, "data"),
  "--events-url", `http://127.0.0.1:${feed.address().port}/lastupdate.txt`, "--events-mapping", join(repo, "events/testdata/mapping.yaml")], { stdio: ["ignore", "inherit", "inherit"] });
let browser;
try {
  await waitReady(base, server);
  const executablePath = process.env.CHROMIUM ?? execSync("command -v chromium").toString().trim();
  browser = await chromium.launchPersistentContext(join(work, "profile"), {
    executablePath, headless: true, viewport: { width: 1280, height: 800 },
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // The timeline step posts a bad observation on purpose: its 422 is expected.
  page.on("console", (m) => { if (m.type() === "error" && !/favicon|404 \(Not Found\)|422 \(Unprocessable Entity\)/.test(m.text())) errors.push(m.text()); });
  const ready = () => page.waitForFunction(() => window.__ready === true, null, { timeout: 120_000 });
  const json = (path, init) => page.evaluate(async ([p, i]) => (await fetch(p, i)).json(), [path, init]);
  const shot = async (name, target = page, opts = {}) => {
    const file = join(out, `${name}.png`);
    await target.screenshot({ path: file, ...opts });
    if (docsImg && opts.docs !== false) { mkdirSync(docsImg, { recursive: true }); copyFileSync(file, join(docsImg, `dashboard-${name}.png`)); }
  };

  // The page again at phone width: nothing wider than the screen.
  const phone = async (name) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await ready();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 1, `phone width: the page does not scroll sideways (${overflow}px)`);
    await shot(name, page, { docs: false });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.reload();
    await ready();
  };

  step = "list";
  await page.goto(`${base}/`);
  await ready();
  eq(await page.locator("h1").textContent(), "Scenarios and runs", "heading");
  await page.setInputFiles("#upload-file", flagship);
  await page.click("form.upload button[type=submit]");
  const card = page.locator("article.scenario").first();
  await card.waitFor({ timeout: 30_000 });
  await ready();
  check((await card.locator("h3").textContent()).includes("US–Mexico"), "the uploaded flagship is listed with its title");
  await accessibility(page, "list");

  step = "events";
  await page.goto(`${base}/events?to=2024-01-31`);
  await ready();
  check(await page.locator("p.empty").isVisible(), "events: a range without events shows the empty state");
  eq(await page.locator("main").getAttribute("data-points"), "0", "events: no points in an empty range");
  await page.fill("#ev-from", "2025-03-01");
  await page.fill("#ev-to", "2025-03-15");
  await page.click("form.event-query button[type=submit]");
  await ready();
  await page.locator('[data-chart="events-index"]').waitFor({ timeout: 30_000 });
  const ev = await json("/v1/events/series?source=USA&target=MEX&both=true&from=2025-03-01&to=2025-03-15&spikes=true");
  eq(ev.series.length, 2, "events: the API answers both directed dyads of the ingested fixture");
  check(ev.series.every((s) => s.points.length === 15), "events: the API answers one point per day");
  const evMarks = (chart, mark, tag) => page.locator(`[data-chart="${chart}"] svg g[aria-description="${mark}"] ${tag}`).count();
  eq(await evMarks("events-index", "day", "circle"), 2 * 15, "events: the index chart has one dot per dyad and day");
  eq(await evMarks("events-count", "day", "circle"), 2 * 15, "events: the count chart has one dot per dyad and day");
  eq(await evMarks("events-index", "spike", "circle"), (ev.spikes ?? []).length, "events: one ring per spike the detector reports");
  const props = (await json("/v1/events/proposals")).proposals.filter((p) => p.to >= "2025-03-01" && p.to <= "2025-03-15" && p.events.every((e) => !/^CAN/.test(e.source) && !/^CAN/.test(e.target)));
  check(props.length > 0, `events: the mapping proposed observations from the fixture (${props.length})`);
  eq(await evMarks("events-index", "proposal", "line"), props.length, "events: one rule per proposal between USA and MEX");
  eq(await page.locator("table.proposals tbody tr").count(), props.length, "events: one table row per proposal");
  const evTip = await page.locator('[data-chart="events-index"] g[aria-description="proposal"] title').first().textContent().catch(() => "");
  check(evTip.includes("CAMEO") && evTip.includes(props[0]?.observation?.signpost ?? "?"), `events: hovering a proposal shows its signpost and source events (${evTip.split("\n")[0]})`);
  await accessibility(page, "events");
  await shot("events", page, { fullPage: true });
  await phone("events-phone");

  step = "run";
  await page.goto(`${base}/`);
  await ready();
  await card.locator("input[name=draws]").fill("200");
  await card.locator("input[name=seed]").fill("7");
  await card.locator("input[name=sobol]").check();
  await card.locator("input[name=sobol_n]").fill("64");
  const seen = new Set();
  await page.exposeFunction("__progress", (v) => seen.add(v));
  await page.evaluate(() => {
    const bar = document.querySelector("article.scenario progress");
    new MutationObserver(() => window.__progress(bar.value)).observe(bar, { attributes: true });
    setInterval(() => window.__progress(bar.value), 50);
  });
  await card.locator("button[type=submit]").click();
  const open = card.locator("a.open-run");
  await open.waitFor({ timeout: 300_000 });
  const fractions = [...seen];
  check(fractions.some((f) => f > 0 && f < 1), `the progress bar moved through intermediate values (${fractions.length} seen)`);
  eq(await card.locator("progress").evaluate((b) => b.value), 1, "progress bar at the end");
  check((await card.locator(".status").textContent()).startsWith("succeeded"), "the run succeeded");
  await shot("list", page, { fullPage: false });

  step = "run page";
  await open.click();
  await ready();
  const runID = new URL(page.url()).pathname.split("/")[2];
  await shot("run", page);
  const res = await json(`/v1/runs/${runID}/result`);
  const marks = (chart, mark, el) => page.locator(`[data-chart="${chart}"] svg g[aria-label="${mark}"] ${el}`).count();
  eq(await marks("results", "bar", "rect"), res.results.length, "results: one bar per result");
  eq(await marks("results", "tick", "line"), 2 * res.results.length, "results: two whisker ends per result");
  eq(await marks("scenarios", "bar", "rect"), res.scenarios.length, "scenarios: one bar per scenario");
  eq(await marks("dist-results", "bar", "rect"), res.results.length, "distributions: one box per result");
  eq(await marks("tornado", "bar", "rect"), 2 * res.uncertainty.tornado.length, "tornado: two bars per parameter");
  eq(await marks("sobol", "bar", "rect"), 2 * res.uncertainty.sobol.params.length, "Sobol: two indices per parameter");
  const beliefs = res.behaviour.reduce((n, m) => n + (m.beliefs?.length ?? 0), 0);
  eq(await marks("beliefs", "bar", "rect"), beliefs, "beliefs: one segment per belief");
  eq(await marks("costs", "cell", "rect"), res.costs.actors.length * res.costs.dimensions.length, "costs: one cell per actor-type and dimension");
  const run = await json(`/v1/runs/${runID}?result=false`);
  const analysis = await json("/v1/negotiate", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ scenario: run.scenario_id }) });
  const pareto = analysis.analysis.analyses.find((a) => a.convention === res.negotiation.convention).pareto.length;
  const dots = await page.locator('[data-chart="negotiation"] svg g[aria-label="dot"]').evaluateAll((gs) => gs.map((g) => g.querySelectorAll("circle, path").length));
  eq(dots[0], pareto, "negotiation: one dot per frontier package");
  eq(dots[1], 4, "negotiation: Nash and KS with and without win-sets");
  const fc = await json("/v1/forecast", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ scenario: run.scenario_id, model: "eum" }) });
  eq(await marks("forecast", "line", "path"), fc.table.actors.length, "forecast: one line per stakeholder");
  eq(await page.locator("table.assumptions tbody tr").count(), res.assumptions.length, "assumptions: one row per parameter");
  const ref = page.locator("table.assumptions .ref[data-quote]").first();
  await ref.hover();
  const tip = ref.locator(".tip");
  check(await tip.isVisible(), "hovering a claim shows its quoted passage");
  check((await tip.textContent()).includes(await ref.getAttribute("data-quote")), "the tooltip holds the quote");
  const summary = await page.evaluate(async (id) => { const r = await fetch(`/v1/runs/${id}/summary`); return r.ok ? r.json() : null; }, runID);
  check(summary?.sentences?.length > 0, "GET /v1/runs/{id}/summary answers sentences");
  eq(await page.locator('[data-summary="server"] p').count(), summary?.sentences?.length ?? -1, "the summary shows one paragraph per sentence");

  // The tree: the nodes down to depth 3 are shown; unfolding a node shows its children.
  const tree = await json(`/v1/runs/${runID}/tree`);
  const depth = [];
  for (const n of tree.nodes) depth[n.id] = n.parent < 0 ? 0 : depth[n.parent] + 1;
  const shownWant = depth.filter((d) => d <= 3).length;
  const treeNodes = () => page.locator('[data-chart="tree"] svg.tree .nodes > g').count();
  eq(await treeNodes(), shownWant, "tree: one node per shown node");
  eq(+(await page.locator('[data-chart="tree"]').getAttribute("data-shown")), shownWant, "tree: data-shown");
  const folded = page.locator('[data-chart="tree"] .nodes > g[aria-expanded="false"]').first();
  const label = await folded.getAttribute("aria-label");
  await folded.focus();
  await page.keyboard.press("Enter");
  const after = await treeNodes();
  check(after > shownWant, `tree: unfolding "${label}" shows its children (${shownWant} → ${after})`);
  const sets = await page.locator('[data-chart="tree"] .infosets path').count();
  check(sets > 0, `tree: information sets drawn (${sets})`);
  await accessibility(page, "run");
  for (const id of await page.locator("figure.chart").evaluateAll((fs) => fs.map((f) => f.dataset.chart))) {
    await shot(`chart-${id}`, page.locator(`[data-chart="${id}"]`), { docs: false });
  }
  await shot("tree", page.locator('[data-chart="tree"]'));
  await shot("run-full", page, { fullPage: true, docs: false });
  await phone("phone");
  const link = await page.evaluate(async (id) => { const r = await fetch(`/v1/runs/${id}/report.html`); return [r.status, r.headers.get("Content-Type")]; }, runID);
  check(link[0] === 200 && /^text\/html/.test(link[1] ?? ""), `the run page's HTML report link answers HTML (${link.join(" ")})`);

  const watch = res.value_of_information ?? [];
  const flagDoc = await json(`/v1/scenarios/${encodeURIComponent(run.scenario_id)}?format=json`);
  eq(await page.locator("table.watch tbody tr").count(), watch.length, "signposts to watch: one row per signpost the brief watches");
  eq(watch.length, flagDoc.signposts.length, "the brief watches every signpost of the flagship (none observed yet)");
  eq(await marks("watch", "bar", "rect"), watch.length, "signposts to watch: one bar per signpost");

  step = "timeline";
  await page.goto(`${base}/scenarios/${encodeURIComponent(run.scenario_id)}/timeline`);
  await ready();
  eq(await page.locator("main").getAttribute("data-points"), "0", "no forecast on the timeline before any observation");
  check((await page.locator("a.feed").getAttribute("href")).endsWith("/feed.atom"), "the timeline links to the Atom feed");
  await page.selectOption("#obs-kind", "signpost");
  await page.fill("#obs-target", "no_such_signpost");
  await page.fill("#obs-date", "2025-12-06");
  await page.fill("#obs-source", "https://example.org/joint-statement");
  await page.fill("#obs-draws", "50");
  await page.click("form.add-observation button[type=submit]");
  await page.locator("#obs-problems li").first().waitFor({ timeout: 30_000 });
  check((await page.locator("#obs-problems").textContent()).includes("no_such_signpost"), `a bad observation shows the server's located problem (${await page.locator("#obs-problems").textContent()})`);
  await page.fill("#obs-target", "intel_agreement");
  await page.fill("#obs-note", "intelligence exchange and judicial mechanisms announced");
  await page.click("form.add-observation button[type=submit]");
  await page.locator("#obs-status").filter({ hasText: "added" }).waitFor({ timeout: 300_000 });
  eq(await page.locator("main").getAttribute("data-points"), "2", "the timeline gains a point (the prior and the observation)");
  const tl = await json(`/v1/scenarios/${encodeURIComponent(run.scenario_id)}/timeline`);
  check(tl.entries[0]?.forecast?.max_move > 0, `the observation changes a probability (largest move ${tl.entries[0]?.forecast?.max_move})`);
  eq(await page.locator("table.timeline tbody tr").count(), 1, "one observation row");
  eq(await marks("timeline", "dot", "circle"), 2 * tl.prior.results.length, "timeline: one dot per result and forecast");
  const hover = await page.locator('[data-chart="timeline"] g[aria-label="rule"] title').first().textContent().catch(() => "");
  check(hover.includes("example.org") && hover.includes("judicial"), `hovering the observation shows its source and note (${hover})`);
  await accessibility(page, "timeline");
  await shot("timeline", page, { fullPage: true });
  await phone("timeline-phone");

  step = "evidence";
  const obsRun = tl.entries[0].run_id;
  await page.goto(`${base}/runs/${obsRun}`);
  await ready();
  const er = await json(`/v1/runs/${obsRun}/result`);
  eq(await marks("evidence-results", "bar", "rect"), 2 * er.results.length, "evidence: before and after bars per result");
  eq(await marks("evidence-types", "bar", "rect"), 2 * er.evidence.types.length, "evidence: before and after bars per actor type");
  eq(await page.locator("table.steps tbody tr").count(), er.evidence.steps.length, "what moved: one row per observation");
  eq(await page.locator("table.observations a[href^='https://example.org']").count(), 1, "the observation's source is a link");
  eq(await page.locator("table.watch tbody tr").count(), er.value_of_information.length, "after the evidence: one row per signpost still watched");
  await accessibility(page, "evidence");
  await shot("evidence", page.locator("#evidence"));

  step = "questions";
  const post = (path, body) => json(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  await post("/v1/questions", { id: "ending", scenario_id: run.scenario_id, statement: "How does the crisis stand on 31 March 2026?", criterion: "Statements of both governments", close: "2027-03-31T00:00:00Z" });
  await post("/v1/questions", { id: "open-one", scenario_id: run.scenario_id, statement: "Still open", criterion: "none", close: "2027-06-30T00:00:00Z" });
  await post("/v1/questions/ending/forecasts", { run_id: runID });
  await post("/v1/questions/ending/forecasts", { run_id: obsRun });
  await post("/v1/questions/ending/resolution", { outcome: "R2", note: "joint communiqué" });
  await page.goto(`${base}/questions`);
  await ready();
  eq(await page.locator("table.questions tbody tr").count(), 2, "one row per question");
  check((await page.locator('tr[data-question="ending"]').textContent()).includes("R2"), "the resolved question shows its outcome");
  const sc = await json("/v1/scores?bins=10");
  check(sc.calibration.points.length > 0, `the resolved question is scored (${sc.calibration.points.length} calibration bins)`);
  eq(await marks("calibration", "dot", "circle"), sc.calibration.points.length, "calibration: one dot per non-empty bin");
  await accessibility(page, "questions");
  await shot("questions", page, { fullPage: true });
  await phone("questions-phone");

  step = "what-if";
  await page.goto(`${base}/runs/${runID}/whatif`);
  await ready();
  const now = () => page.locator("table.changes td.now").allTextContents();
  const before = await now();
  eq(await page.locator(".sliders input[type=range]").count(), (await json(`/v1/scenarios/${encodeURIComponent(run.scenario_id)}?format=json`)).parameters.filter((p) => p.range).length, "one slider per parameter with a range");
  await page.locator("#s-rho").evaluate((s) => { s.value = s.max; s.dispatchEvent(new Event("input", { bubbles: true })); });
  await page.waitForFunction(() => document.getElementById("main").dataset.updates === "2", null, { timeout: 120_000 });
  const later = await now();
  check(later.some((v, i) => v !== before[i]), `moving rho changes a probability (${before.join(" ")} → ${later.join(" ")})`);
  check((await page.locator("#whatif-status").textContent()).includes("1 parameter(s) changed"), "the status names the change");
  const spreads = await page.locator("table.changes td.spread").allTextContents();
  check(spreads.length === before.length && spreads.every((s) => /\(\d+%–\d+%\)/.test(s)), `the what-if runs with draws and shows each spread (${spreads.join(" ")})`);
  await accessibility(page, "what-if");
  await shot("whatif", page);
  await phone("whatif-phone");
  await page.click("#save-version");
  await page.locator("#save-status").filter({ hasText: "Stored" }).waitFor({ timeout: 30_000 });
  check(true, "saved as a new scenario version");

  step = "compare";
  await page.goto(`${base}/`);
  await ready();
  await phone("list-phone");
  const picks = page.locator(".pick:not([disabled])");
  check((await picks.count()) >= 2, "two succeeded runs to pick");
  await picks.nth(0).check();
  await picks.nth(1).check();
  await page.click("#compare-selected");
  await ready();
  const [a, b] = new URL(page.url()).pathname.split("/").slice(2);
  const cmp = await json(`/v1/runs/${a}/compare/${b}`);
  eq(await marks("difference", "bar", "rect"), cmp.results.length + cmp.scenarios.length, "one difference bar per probability");
  eq(await page.locator("table.inputs tbody tr").count(), cmp.inputs.length, "one row per differing input");
  await accessibility(page, "compare");
  await shot("compare", page);
  await phone("compare-phone");

  step = "report";
  const report = join(work, "report.html");
  try {
    writeFileSync(report, execFileSync(bin, ["analyze", flagship, "--format", "html"], { cwd: repo, maxBuffer: 64 << 20 }));
    const rp = await browser.newPage();
    const requests = [];
    rp.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url()); });
    await browser.setOffline(true);
    await rp.goto(pathToFileURL(report).href);
    await rp.waitForLoadState("load");
    const svgs = await rp.locator("svg").evaluateAll((ss) => ss.map((s) => s.querySelectorAll("*").length));
    check(svgs.length >= 3 && svgs.every((n) => n > 0), `the report shows its SVG charts (${svgs.length}: ${svgs.join(", ")} elements)`);
    eq(requests.length, 0, `requests leaving the report page (${requests.join(" ")})`);
    await shot("report", rp, { docs: false });
    await browser.setOffline(false);
    await rp.close();
  } catch (e) {
    check(false, `tablero analyze --format html: ${e.message.split("\n")[0]}`);
  }

  step = "console";
  check(errors.length === 0, `no errors in the pages (${errors.join(" | ")})`);
} catch (e) {
  check(false, `stopped: ${e.stack ?? e}`);
} finally {
  await browser?.close().catch(() => {});
  server.kill("SIGTERM");
  feed.close();
  await new Promise((r) => server.once("exit", r).unref?.() ?? setTimeout(r, 2000));
  rmSync(work, { recursive: true, force: true });
}

console.log(`screenshots in ${out}`);
if (failures.length) {
  console.log(`\n${failures.length} check(s) failed:\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
console.log("all browser checks passed");

/** Landmarks, labelled controls and a text alternative on every chart. */
async function accessibility(page, where) {
  const a = await page.evaluate(() => {
    const named = (e) => e.getAttribute("aria-label") || e.getAttribute("aria-labelledby") || (e.id && document.querySelector(`label[for="${CSS.escape(e.id)}"]`)) || e.closest("label") ||
      ((e.tagName === "BUTTON") && e.textContent.trim());
    const controls = [...document.querySelectorAll("input, select, textarea, button")].filter((e) => e.type !== "hidden");
    const charts = [...document.querySelectorAll("figure.chart")];
    return {
      landmarks: ["header", "nav", "main", "footer"].filter((t) => document.querySelector(t)).length,
      unlabelled: controls.filter((e) => !named(e)).map((e) => e.outerHTML.slice(0, 80)),
      charts: charts.length,
      bare: charts.filter((f) => {
        const svg = f.querySelector("svg");
        const cap = f.querySelector("figcaption");
        return !svg || !["img", "group"].includes(svg.getAttribute("role")) || !svg.getAttribute("aria-label") || !cap?.textContent.trim() ||
          document.getElementById(svg.getAttribute("aria-describedby"))?.textContent.trim() !== cap.textContent.trim() ||
          f.querySelectorAll(".downloads a[download]").length !== 2;
      }).map((f) => f.dataset.chart),
      h1: document.querySelectorAll("h1").length,
    };
  });
  eq(a.landmarks, 4, `${where}: banner, navigation, main and contentinfo landmarks`);
  eq(a.h1, 1, `${where}: one h1`);
  check(a.unlabelled.length === 0, `${where}: every control labelled (${a.unlabelled.join(" | ")})`);
  check(a.bare.length === 0, `${where}: all ${a.charts} charts have a text alternative and data links (${a.bare.join(", ")})`);
}
