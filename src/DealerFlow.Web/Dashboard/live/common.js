// @ts-check
// What the live dashboard's panels share: the page state, element lookup, formatting, empty-chart notes and the
// ECharts plumbing (one place: every panel module imports it from here).
import { f0, px, compact, css, escapeHtml } from '../format.js';
export { time, dateTime } from '../format.js';
import { chartsMissing, initChart, chartBase, chartTitle } from '../charts.js';

/** @typedef {import('./types.js').Snapshot} Snapshot */

/** An element of the page by id (the page defines every id the modules ask for). @returns {HTMLElement} */
export const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
/** A form control of the page by id. @returns {HTMLInputElement} */
export const input = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (document.getElementById(id));

/** The page's state; read by the browser tests as window.dealerflow. */
export const state = {
  /** @type {string | null} */ symbol: null,
  /** @type {EventSource | null} */ source: null,
  /** @type {Snapshot | null} */ snapshot: null,
  /** @type {import('./types.js').Tick | null} */ tick: null,
  updates: 0, ticks: 0, snapshots: 0,
  /** @type {number | null} */ lastSpot: null,
  simulated: false,
  /** @type {Record<string, any>} */ charts: {},
  /** @type {import('./types.js').Flows | null} */ flows: null,
  /** @type {string | null} */ flowsKey: null,
  flowsLoads: 0,
  /** Failed fetches of the current flows key in a row (the retry waits 2, 4, 8 ... 30 s). */ flowsFailures: 0,
};

// ---------- formatting ----------
/** A signed number: +, − or ± before the formatted magnitude; an em dash for no value. */
export const signed = (/** @type {number | null | undefined} */ v, /** @type {(x: number) => string} */ fmt) =>
  v == null || !isFinite(v) ? '—' : (v > 0 ? '+' : v < 0 ? '−' : '±') + fmt(Math.abs(v));
/** @type {Record<string, string>} */
export const unitShort = { 'usd-per-1pct': '$/1%', 'usd-per-point': '$/pt', 'shares-per-usd': 'sh/$' };
// A chain's instant in its own zone (the offset it was stored with): yyyy-MM-dd, and HH:mm when asked.
export const offsetMinutes = (/** @type {string | null | undefined} */ iso) => { const m = /([+-])(\d{2}):(\d{2})$/.exec(iso || ''); return m ? (m[1] === '-' ? -1 : 1) * (parseInt(m[2], 10) * 60 + parseInt(m[3], 10)) : 0; };
export const zoned = (/** @type {number} */ ms, /** @type {number} */ offset, /** @type {boolean} */ withTime = false) => { const t = new Date(ms + offset * 60000).toISOString(); return withTime ? `${t.slice(0, 10)} ${t.slice(11, 16)}` : t.slice(0, 10); };
export const localDate = (/** @type {number} */ ms) => { const d = new Date(ms); return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`; };
/** "Simulated spot" when the demo's walk moves spot, else "Spot". */
export const spotWord = () => state.simulated ? 'Simulated spot' : 'Spot';
/** The view in one line: unit, model and expiry filter. @param {import('./types.js').View} v */
export const sub = (v) => `${v.unitLabel} · model ${v.model} · ${v.expiryDescription}`;
export const axisFmt = (/** @type {number} */ x) => compact(x);
/** A change: green up, red down, "unch." when it rounds to nothing. */
export function chg(/** @type {number} */ x, /** @type {(x: number) => string} */ fmt) {
  if (Math.abs(x) < 1e-9 || fmt(Math.abs(x)) === fmt(0)) return '<span class="muted">unch.</span>';
  return `<span class="${x > 0 ? 'up' : 'down'}">${signed(x, fmt)}</span>`;
}

// ---------- empty charts ----------
/** A chart with nothing to draw: a note over its card instead of an empty or stale chart. */
export function setEmpty(/** @type {string} */ id, /** @type {string} */ html) {
  const host = /** @type {HTMLElement} */ ($(id).parentElement);
  let n = /** @type {HTMLElement | null} */ (host.querySelector(':scope > .empty-note'));
  if (!n) { n = document.createElement('div'); n.className = 'empty-note'; n.dataset.testid = 'empty-' + id; host.appendChild(n); }
  n.innerHTML = html;
  n.classList.remove('hidden');
  // Disposed, not cleared: a cleared chart still paints its theme's background as a dark box under the note.
  if (state.charts[id]) { state.charts[id].dispose(); delete state.charts[id]; }
}
export function clearEmpty(/** @type {string} */ id) { const n = $(id).parentElement?.querySelector(':scope > .empty-note'); if (n) n.classList.add('hidden'); }
/**
 * A view chart when the view has no levels: its title, the symbol and why (no chain yet, or no contract in the filter).
 * @param {string} id @param {string} title @param {Snapshot} s @param {import('./types.js').Missing} missing
 */
export function viewEmpty(id, title, s, missing) {
  setEmpty(id, `<b>${title} · ${escapeHtml(s.symbol.symbol)}</b><span>${missing.head}</span><span>${escapeHtml(missing.why)}</span>`);
}

// ---------- charts ----------
// Built without Node.js, ECharts is absent: the numbers still update and the page says why the charts do not.
export { chartsMissing };
/** The chart in element id, created on first use. @returns {any} */
export function chart(/** @type {string} */ id) {
  if (chartsMissing) return initChart($(id));
  if (!state.charts[id]) state.charts[id] = initChart($(id));
  return state.charts[id];
}
/** The options every chart starts from: title and subtitle, grid, axis tooltip, no animation. @returns {any} */
export function base(/** @type {string} */ title, /** @type {string} */ subtitle) {
  return {
    ...chartBase(),
    title: chartTitle(title, subtitle),
    grid: { left: 64, right: 24, top: 64, bottom: 48 },
    tooltip: { trigger: 'axis', confine: true },
  };
}
/** Vertical lines at spot, the flip and the walls (any may be null). */
export function levelMarks(/** @type {number | null} */ spot, /** @type {number | null} */ flip, /** @type {number | null} */ callWall, /** @type {number | null} */ putWall) {
  const m = [];
  if (spot != null) m.push({ name: 'Spot', xAxis: spot, lineStyle: { color: css('--accent'), width: 2, type: 'solid' }, label: { formatter: `${spotWord()} ${px(spot)}`, color: css('--accent') } });
  if (flip != null) m.push({ name: 'Flip', xAxis: flip, lineStyle: { color: css('--warn'), type: 'dashed', width: 2 }, label: { formatter: `Flip ${px(flip)}`, color: css('--warn'), position: 'insideEndTop' } });
  if (callWall != null) m.push({ name: 'Call wall', xAxis: callWall, lineStyle: { color: css('--call'), type: 'dotted', width: 2 }, label: { formatter: `Call wall ${f0.format(callWall)}`, color: css('--call'), position: 'insideEndBottom' } });
  if (putWall != null) m.push({ name: 'Put wall', xAxis: putWall, lineStyle: { color: css('--put'), type: 'dotted', width: 2 }, label: { formatter: `Put wall ${f0.format(putWall)}`, color: css('--put'), position: 'insideEndBottom' } });
  return { symbol: 'none', silent: true, label: { fontSize: 11 }, data: /** @type {any[]} */ (m) };
}
