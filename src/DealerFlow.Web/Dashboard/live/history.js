// @ts-check
// Levels over time, one chart per source so each has a real time scale: stored snapshots at their chain's instant
// (dates, in the chain's zone) and this session's recomputations at wall-clock time (minutes). Both are over every
// expiry, so they draw without the view's levels.
import { f0, px, css, escapeHtml } from '../format.js';
import { chart, base, setEmpty, clearEmpty, offsetMinutes, zoned, localDate, spotWord } from './common.js';

/** @typedef {import('./types.js').HistoryPoint} HistoryPoint */

/** @param {HistoryPoint[]} pts @param {string} spotName @param {boolean} symbols @returns {any[]} */
function historySeries(pts, spotName, symbols) {
  /** @param {string} name @param {'spot' | 'zeroGamma' | 'callWall' | 'putWall' | 'absoluteGammaStrike'} key @param {string} color @param {boolean} [dashed] */
  const line = (name, key, color, dashed) => ({
    name, type: 'line', step: key === 'spot' ? false : 'end', showSymbol: symbols, symbolSize: 5, connectNulls: false,
    lineStyle: { width: key === 'spot' ? 2.5 : 1.5, type: dashed ? 'dashed' : 'solid', color }, itemStyle: { color },
    data: pts.map((q) => [Date.parse(q.at), q[key]]),
  });
  return [
    line(spotName, 'spot', css('--accent')),
    line('Zero gamma', 'zeroGamma', css('--warn'), true),
    line('Call wall', 'callWall', css('--call')),
    line('Put wall', 'putWall', css('--put')),
    line('Abs. gamma', 'absoluteGammaStrike', css('--muted'), true),
  ];
}

/** @param {string} title @param {string} subtitle @param {string} spotName */
function historyBase(title, subtitle, spotName) {
  const o = base(title, subtitle);
  o.legend = { bottom: 0, data: [spotName, 'Zero gamma', 'Call wall', 'Put wall', 'Abs. gamma'] };
  o.grid.bottom = 56;
  o.yAxis = { type: 'value', scale: true, name: 'price', axisLabel: { formatter: (/** @type {number} */ q) => f0.format(q) }, splitLine: { lineStyle: { opacity: 0.3 } } };
  o.tooltip.valueFormatter = (/** @type {number} */ val) => px(val);
  return o;
}

/** @param {import('./types.js').Snapshot} s */
function renderStored(s) {
  const id = 'chart-stored', sym = s.symbol.symbol, v = s.history.view, st = s.history.store;
  const pts = s.history.points.filter((q) => q.source === 'store');
  if (pts.length === 0) {
    const why = st && st.state === 'disabled' ? 'The store is off (--no-store): only this session is shown.'
      : st && st.state === 'error' ? 'The store cannot be read (see the banner).' : `No snapshot of ${escapeHtml(sym)} is stored yet: chains are stored as they arrive, or with dealerflow ingest.`;
    setEmpty(id, `<b>Levels over time · stored snapshots · ${escapeHtml(sym)}</b><span>${why}</span>`);
    return;
  }
  clearEmpty(id);
  const t0 = Date.parse(pts[0].at), t1 = Date.parse(pts[pts.length - 1].at), off = offsetMinutes(pts[pts.length - 1].at);
  const pad = Math.max((t1 - t0) * 0.03, 12 * 36e5);
  const withTime = t1 - t0 < 3 * 864e5;
  const zone = `UTC${off < 0 ? '−' : '+'}${String(Math.floor(Math.abs(off) / 60)).padStart(2, '0')}:${String(Math.abs(off) % 60).padStart(2, '0')}`;
  const o = historyBase(`Levels over time · stored snapshots · ${sym}`,
    `price levels at each chain's time and spot · model ${v.model} · ${v.expiryDescription} · ${pts.length} snapshot${pts.length === 1 ? '' : 's'}, ${zoned(t0, off)} to ${zoned(t1, off)}`, 'Spot');
  o.xAxis = { type: 'time', min: t0 - pad, max: t1 + pad, name: `chain time (${zone})`, nameLocation: 'middle', nameGap: 26,
    axisLabel: { fontSize: 10, hideOverlap: true, formatter: (/** @type {number} */ ms) => zoned(ms, off, withTime) } };
  o.grid.bottom = 64;
  o.tooltip.axisPointer = { label: { formatter: (/** @type {{ value: number }} */ p) => zoned(p.value, off, true) } };
  o.series = historySeries(pts, 'Spot', true);
  chart(id).setOption(o, true);
}

/** @param {import('./types.js').Snapshot} s */
function renderSession(s) {
  const id = 'chart-session', sym = s.symbol.symbol, v = s.history.view;
  const pts = s.history.points.filter((q) => q.source !== 'store');
  if (pts.length === 0) {
    setEmpty(id, `<b>Levels over time · this session · ${escapeHtml(sym)}</b><span>No recomputation yet this session.</span>`);
    return;
  }
  clearEmpty(id);
  const t0 = Date.parse(pts[0].at), t1 = Date.parse(pts[pts.length - 1].at);
  const pad = Math.max((t1 - t0) * 0.03, 30e3);
  const spotName = spotWord();
  const o = historyBase(`Levels over time · this session · ${sym}`,
    `at the moving spot · model ${v.model} · ${v.expiryDescription} · ${localDate(t0)}, wall-clock time`, spotName);
  o.xAxis = { type: 'time', min: t0 - pad, max: t1 + pad, axisLabel: { fontSize: 10, hideOverlap: true, formatter: '{HH}:{mm}:{ss}' } };
  o.series = historySeries(pts, spotName, pts.length < 40);
  chart(id).setOption(o, true);
}

/** @param {import('./types.js').Snapshot} s */
function render(s) {
  renderStored(s);
  renderSession(s);
}

/** @type {import('./types.js').Panel} */
export const history = { render, clear: render };
