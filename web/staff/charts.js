// Inline SVG charts, no library: bars with intervals, compared bars, a stacked bar, a line.
// Every chart is an <svg role="img"> with a <title>; the numbers are also in a table beside it.

import { h, svg } from "../js/dom.js";
import { formatNumber } from "../js/i18n.js";

const fmt = (v) => (v === null || v === undefined ? "–" : formatNumber(v, { maximumFractionDigits: 1 }));

function frame(title, width, height, ...children) {
  // On a phone the chart scales down to the screen's width (its viewBox keeps the proportions).
  return h(
    "div",
    { class: "chart-wrap" },
    svg(
      "svg",
      { class: "chart", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": title, preserveAspectRatio: "xMinYMin meet" },
      svg("title", null, title),
      ...children,
    ),
  );
}

function truncate(text, max) {
  const s = String(text ?? "");
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/**
 * Horizontal bars on a 0–100 scale: rows [{label, value, low, high, compare, warn}].
 * `compare` draws a marker (the client average); low/high draw the interval whisker.
 */
export function barChart(title, rows, { max = 100, unit = "", compareLabel = null } = {}) {
  const labelW = 200;
  const plotW = 300;
  const rowH = 26;
  const width = labelW + plotW + 60;
  const height = rows.length * rowH + 28;
  const x = (v) => labelW + (Math.max(0, Math.min(max, v)) / max) * plotW;
  const parts = [];
  for (const tick of [0, 25, 50, 75, 100].map((p) => (p / 100) * max)) {
    parts.push(svg("line", { x1: x(tick), x2: x(tick), y1: 4, y2: height - 20, class: "grid" }));
    parts.push(svg("text", { x: x(tick), y: height - 6, class: "tick", "text-anchor": "middle" }, fmt(tick)));
  }
  rows.forEach((row, i) => {
    const y = 6 + i * rowH;
    parts.push(svg("text", { x: labelW - 6, y: y + 14, class: "label", "text-anchor": "end" }, truncate(row.label, 26)));
    if (row.value !== null && row.value !== undefined) {
      parts.push(svg("rect", { x: labelW, y: y + 3, width: Math.max(1, x(row.value) - labelW), height: rowH - 10, class: `bar${row.warn ? " warn" : ""}` }));
      parts.push(svg("text", { x: x(Math.max(row.value, row.high ?? 0)) + 4, y: y + 14, class: "value" }, `${fmt(row.value)}${unit}`));
    }
    if (row.low !== null && row.low !== undefined && row.high !== null && row.high !== undefined) {
      const cy = y + rowH / 2 - 2;
      parts.push(svg("line", { x1: x(row.low), x2: x(row.high), y1: cy, y2: cy, class: "whisker" }));
      parts.push(svg("line", { x1: x(row.low), x2: x(row.low), y1: cy - 5, y2: cy + 5, class: "whisker" }));
      parts.push(svg("line", { x1: x(row.high), x2: x(row.high), y1: cy - 5, y2: cy + 5, class: "whisker" }));
    }
    if (row.compare !== null && row.compare !== undefined) {
      parts.push(
        svg("rect", { x: x(row.compare) - 1.5, y: y + 1, width: 3, height: rowH - 6, class: "compare" }, svg("title", null, `${compareLabel || ""} ${fmt(row.compare)}`)),
      );
    }
  });
  return frame(title, width, height, ...parts);
}

/** One stacked bar of groups [{label, value, cls}] (NPS detractors / passives / promoters). */
export function stackedBar(title, groups) {
  const width = 480;
  const height = 56;
  const total = groups.reduce((sum, g) => sum + g.value, 0) || 1;
  let at = 0;
  const parts = [];
  for (const g of groups) {
    const w = (g.value / total) * width;
    if (w > 0) {
      parts.push(svg("rect", { x: at, y: 0, width: w, height: 30, class: `seg ${g.cls}` }));
      if (w > 40) parts.push(svg("text", { x: at + w / 2, y: 20, class: "seg-text", "text-anchor": "middle" }, String(g.value)));
    }
    at += w;
  }
  let lx = 0;
  for (const g of groups) {
    parts.push(svg("rect", { x: lx, y: 40, width: 12, height: 12, class: `seg ${g.cls}` }));
    parts.push(svg("text", { x: lx + 16, y: 51, class: "legend" }, `${g.label} (${g.value})`));
    lx += 160;
  }
  return frame(title, width, height, ...parts);
}

/** A line over points [{label, value}] on a 0–100 scale (the trend over waves). */
export function lineChart(title, points) {
  const width = 480;
  const height = 200;
  const left = 36;
  const bottom = 30;
  const plotW = width - left - 60;
  const plotH = height - bottom - 10;
  const step = points.length > 1 ? plotW / (points.length - 1) : 0;
  const x = (i) => left + (points.length > 1 ? i * step : plotW / 2);
  const y = (v) => 10 + plotH - (Math.max(0, Math.min(100, v)) / 100) * plotH;
  const parts = [];
  for (const tick of [0, 50, 100]) {
    parts.push(svg("line", { x1: left, x2: width - 10, y1: y(tick), y2: y(tick), class: "grid" }));
    parts.push(svg("text", { x: left - 6, y: y(tick) + 4, class: "tick", "text-anchor": "end" }, String(tick)));
  }
  const known = points.map((p, i) => [p, i]).filter(([p]) => p.value !== null && p.value !== undefined);
  if (known.length > 1) {
    parts.push(svg("polyline", { points: known.map(([p, i]) => `${x(i)},${y(p.value)}`).join(" "), class: "line" }));
  }
  for (const [p, i] of known) {
    parts.push(svg("circle", { cx: x(i), cy: y(p.value), r: 4.5, class: "dot" }));
    parts.push(svg("text", { x: x(i), y: y(p.value) - 9, class: "value", "text-anchor": "middle" }, fmt(p.value)));
  }
  points.forEach((p, i) => parts.push(svg("text", { x: x(i), y: height - 8, class: "tick", "text-anchor": "middle" }, truncate(p.label, 14))));
  return frame(title, width, height, ...parts);
}
