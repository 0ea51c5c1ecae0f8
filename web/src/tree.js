// The game tree, collapsible, drawn with d3: root at the top, each branch
// labelled with its action and probability, members of an information set
// joined by a dashed line as Gambit draws them, zoom and pan.
import { hierarchy, tree as treeLayout } from "d3-hierarchy";
import { select } from "d3-selection";
import { zoom } from "d3-zoom";
import { figure, palette, widthOf } from "./charts.js";
import { infosetLinks, pct } from "./shape.js";

const SVG = "http://www.w3.org/2000/svg";

/**
 * Draws the tree of root (from treeInput), expanded to depth open. Nodes
 * deeper are folded; clicking (or Enter on) a node folds or unfolds it.
 * The figure's data-shown says how many nodes are drawn.
 */
export function treeChart(parent, { root, players, open = 3, rows }) {
  const alt = `The game tree: ${rows.length} nodes; chance moves (grey squares) draw the actors' types, then ${players.join(" and ")} move. ` +
    "Each branch shows its action and its probability under the equilibrium; nodes joined by a dashed line are one information set (the mover cannot tell them apart). " +
    "Folded nodes (with a +) hide their subtree; select one to unfold it.";
  const f = figure(parent, { id: "tree", title: "Game tree with equilibrium probabilities", alt, rows,
    note: "Node size grows with the probability of reaching it." });
  const h = hierarchy(root);
  h.each((d) => { if (d.depth >= open && d.children) { d._children = d.children; d.children = null; } });
  const color = (p) => (p === "chance" ? "#777" : palette[players.indexOf(p) % palette.length]);
  const width = widthOf(parent);
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("class", "tree");
  svg.setAttribute("width", width);
  svg.setAttribute("height", 520);
  svg.setAttribute("viewBox", `0 0 ${width} 520`);
  const g = select(svg).append("g");
  // Ctrl + wheel zooms, so that the wheel alone still scrolls the page.
  select(svg).call(zoom().scaleExtent([0.2, 4]).filter((e) => (e.type !== "wheel" || e.ctrlKey) && !e.button)
    .on("zoom", (e) => g.attr("transform", e.transform)));
  const legend = players.map((p) => `<span class="swatch" style="background:${color(p)}"></span>${p}`).join(" ");
  f.body.before(Object.assign(document.createElement("p"), { className: "legend", innerHTML: `${legend} <span class="swatch sq" style="background:#777"></span>chance · Ctrl + scroll to zoom, drag to pan` }));

  function draw(focus = h) {
    const shown = h.descendants();
    const leaves = shown.filter((d) => !d.children).length;
    const depth = Math.max(...shown.map((d) => d.depth));
    const dx = Math.max(64, (width - 40) / Math.max(leaves, 1)), dy = 90;
    treeLayout().nodeSize([dx, dy])(h);
    const minX = Math.min(...shown.map((d) => d.x));
    g.selectAll("*").remove();
    const off = (d) => d.x - minX + 30;
    // Drawn at its natural size: the figure scrolls, and zooms.
    const height = (depth + 1) * dy + 40, w = Math.max(width, (Math.max(...shown.map((d) => d.x)) - minX) + 80);
    svg.setAttribute("width", w);
    svg.setAttribute("height", height);
    svg.setAttribute("viewBox", `0 0 ${w} ${height}`);
    g.append("g").attr("class", "edges").selectAll("path").data(h.links()).join("path")
      .attr("d", (l) => `M${off(l.source)},${l.source.y + 20}L${off(l.target)},${l.target.y + 20}`)
      .attr("stroke", (l) => color(l.source.data.player)).attr("stroke-width", (l) => 0.8 + 3 * l.target.data.viaProbability).attr("fill", "none");
    // Each branch's label sits above its end: the action, then its probability.
    const lab = g.append("g").attr("class", "edge-labels").selectAll("text").data(h.links()).join("text")
      .attr("x", (l) => off(l.target)).attr("y", (l) => l.target.y + 8).attr("text-anchor", "middle").attr("font-size", 10);
    lab.append("tspan").attr("x", (l) => off(l.target)).attr("dy", "-1.1em").text((l) => l.target.data.via);
    lab.append("tspan").attr("x", (l) => off(l.target)).attr("dy", "1.1em").attr("font-weight", "bold").text((l) => pct(l.target.data.viaProbability));
    g.append("g").attr("class", "infosets").selectAll("path").data(infosetLinks(shown)).join("path")
      .attr("d", (s) => "M" + s.members.map((m) => `${off(m)},${m.y + 20}`).join("L"))
      .attr("stroke", (s) => color(s.player)).attr("stroke-dasharray", "5,4").attr("stroke-width", 1.5).attr("fill", "none")
      .append("title").text((s) => `information set ${s.infoset}`);
    const node = g.append("g").attr("class", "nodes").selectAll("g").data(shown).join("g")
      .attr("transform", (d) => `translate(${off(d)},${d.y + 20})`).attr("data-id", (d) => d.data.id)
      .attr("tabindex", (d) => (d.children || d._children ? 0 : null))
      .attr("role", (d) => (d.children || d._children ? "button" : null))
      .attr("aria-expanded", (d) => (d._children ? "false" : d.children ? "true" : null))
      .attr("aria-label", (d) => label(d))
      .on("click", (e, d) => toggle(d))
      .on("keydown", (e, d) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); toggle(d); } });
    const r = (d) => 3 + 6 * Math.sqrt(d.data.reach);
    node.filter((d) => d.data.player === "chance").append("rect").attr("class", "node")
      .attr("x", (d) => -r(d)).attr("y", (d) => -r(d)).attr("width", (d) => 2 * r(d)).attr("height", (d) => 2 * r(d)).attr("fill", "#777");
    node.filter((d) => d.data.player !== "chance").append("circle").attr("class", "node").attr("r", r)
      .attr("fill", (d) => (d.data.player ? color(d.data.player) : "#fff")).attr("stroke", "#333");
    node.filter((d) => d._children).append("text").attr("class", "fold").attr("dy", 4).attr("text-anchor", "middle").attr("font-size", 11).attr("fill", "#fff").text("+");
    node.filter((d) => !d.children && !d._children).append("text").attr("dy", 18).attr("text-anchor", "middle").attr("font-size", 10)
      .text((d) => [d.data.outcome, d.data.scenario].filter(Boolean).join(" "));
    node.filter((d) => d.data.player && (d.children || d._children)).append("text").attr("dx", 10).attr("dy", 4).attr("font-size", 9).attr("fill", "#444")
      .text((d) => d.data.infoset);
    node.append("title").text(label);
    f.fig.dataset.shown = shown.length;
    f.body.scrollLeft = Math.max(0, off(focus) - f.body.clientWidth / 2); // the root, or the node just unfolded, in view
  }
  function label(d) {
    const n = d.data;
    if (!n.player) return `Outcome ${n.outcome} (scenario ${n.scenario}, result ${n.result}), reached with ${pct(n.reach)}`;
    return `${n.player === "chance" ? "Chance" : n.player} at ${n.infoset_label} (${n.infoset}), reached with ${pct(n.reach)}` + (d._children ? ", folded" : "");
  }
  function toggle(d) {
    if (d.children) { d._children = d.children; d.children = null; } else if (d._children) { d.children = d._children; d._children = null; } else return;
    draw(d);
    svg.querySelector(`.nodes > g[data-id="${d.data.id}"]`)?.focus({ preventScroll: true }); // keep the keyboard's place
  }
  f.show(svg, { interactive: true });
  draw();
  return f;
}
