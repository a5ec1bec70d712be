// @ts-check
// Net GEX by strike × time over this session (the history's heatmap: every expiry, so it draws without the view's levels).
import { f0, compact, css } from '../format.js';
import { unitShort, signed, time, chart, base } from './common.js';

/** @param {import('./types.js').Snapshot} s */
function render(s) {
  const h = s.history.heatmap, v = s.history.view;
  const o = base(`Net GEX by strike × time · ${s.symbol.symbol}`, `${v.unitLabel} · model ${v.model} · ${v.expiryDescription} · this session (wall-clock time), strikes within ±5% of spot`);
  o.tooltip = { position: 'top', confine: true, formatter: (/** @type {{ value: number[] }} */ q) => `${time(h.times[q.value[0]])} · strike ${f0.format(h.strikes[q.value[1]])}<br>${compact(q.value[2])} ${unitShort[v.unit]}` };
  o.grid = { left: 64, right: 80, top: 64, bottom: 40 };
  /** @type {number[][]} */
  const data = [];
  let maxAbs = 0;
  h.cells.forEach((col, xi) => col.forEach((val, yi) => { if (val != null) { data.push([xi, yi, val]); maxAbs = Math.max(maxAbs, Math.abs(val)); } }));
  o.xAxis = { type: 'category', data: h.times.map(time), axisLabel: { fontSize: 10 }, splitArea: { show: false } };
  o.yAxis = { type: 'category', data: h.strikes.map((k) => f0.format(k)), axisLabel: { fontSize: 10, interval: Math.max(0, Math.ceil(h.strikes.length / 14) - 1) } };
  // The colour scale names its ends in the unit (the handles show the value under them); symmetric, 0 in the middle.
  const u = unitShort[v.unit], top = maxAbs || 1;
  o.grid.right = 104;
  o.visualMap = { min: -top, max: top, calculable: false, orient: 'vertical', right: 4, top: 'middle', itemHeight: 150, itemWidth: 14,
    text: [`${signed(top, compact)} ${u}`, `${signed(-top, compact)} ${u}`],
    textStyle: { color: css('--muted'), fontSize: 11 }, inRange: { color: [css('--short'), css('--panel-2'), css('--long')] } };
  o.series = [{ name: 'Net GEX', type: 'heatmap', data, progressive: 0 }];
  chart('chart-heatmap').setOption(o, true);
}

/** @type {import('./types.js').Panel} */
export const heatmap = { render, clear: render };
