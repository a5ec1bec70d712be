// @ts-check
// DealerFlow market overview: GET /api/market/stream (a `market` event with every row, then `changes` events with the
// rows that changed); a virtualised table that draws only the rows in view, so 5,000 underlyings stay fast.

/**
 * @typedef {{ symbol: string, status: string, spot: number|null, regime: string, zeroGamma: number|null,
 *   flipDistance: number|null, flipDistancePct: number|null, callWall: number|null, callWallDistancePct: number|null,
 *   putWall: number|null, putWallDistancePct: number|null, totalGex: number|null, levelsSpot: number|null,
 *   recomputedAt: string|null, chainAsOf: string|null,
 *   updatedAt: string|null, error: string|null, version: number }} MarketRow
 * @typedef {{ unit: string, unitLabel: string, model: string, modelDescription: string, expiry: string, version: number,
 *   rows: MarketRow[] }} MarketView
 */

import { f2, px, compact, escapeHtml, time, dateTime } from './format.js';
import './nav.js'; // the header's brand, links and theme switch (the table takes its colours from CSS)

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const ROW = 30; // px per row; the viewport draws only the rows it shows, plus OVERSCAN above and below
const OVERSCAN = 8;

const state = {
  /** @type {Map<string, MarketRow>} */ rows: new Map(),
  /** @type {MarketRow[]} */ shown: [],
  /** @type {MarketView|null} */ view: null,
  sort: { key: 'symbol', dir: 1 },
  version: 0, events: 0, changes: 0, drawn: 0,
};
// @ts-ignore: read by the browser test
window.dealerflowMarket = state;

const signed = (/** @type {number|null} */ v, /** @type {string} */ suffix) => v == null ? '—' : (v > 0 ? '+' : v < 0 ? '−' : '') + f2.format(Math.abs(v)) + suffix;
const regimeClass = (/** @type {string} */ r) => r === 'long gamma' ? 'long' : r === 'short gamma' ? 'short' : r === 'flat' ? 'flat' : 'unknown';

/** Columns: key, header, cell HTML, sort value (null sorts last). */
const columns = [
  { key: 'symbol', head: 'Symbol', cell: (/** @type {MarketRow} */ r) => `<b>${escapeHtml(r.symbol)}</b>`, value: (/** @type {MarketRow} */ r) => r.symbol },
  { key: 'status', head: 'Status', cell: (r) => r.status === 'ok' ? 'ok' : `<span class="${r.status === 'error' ? 'down' : 'muted'}" title="${escapeHtml(r.error)}">${escapeHtml(r.status)}</span>`, value: (r) => r.status },
  { key: 'spot', head: 'Spot', num: true, cell: (r) => px(r.spot), value: (r) => r.spot },
  { key: 'regime', head: 'Regime', cell: (r) => `<span class="badge ${regimeClass(r.regime)}">${escapeHtml(r.regime)}</span>`, value: (r) => r.regime },
  { key: 'zeroGamma', head: 'Zero gamma', num: true, cell: (r) => px(r.zeroGamma), value: (r) => r.zeroGamma },
  { key: 'flipDistancePct', head: 'Δ flip %', num: true, cell: (r) => signed(r.flipDistancePct, '%'), value: (r) => r.flipDistancePct },
  { key: 'flipDistance', head: 'Δ flip pts', num: true, cell: (r) => signed(r.flipDistance, ''), value: (r) => r.flipDistance },
  { key: 'callWall', head: 'Call wall', num: true, cell: (r) => px(r.callWall), value: (r) => r.callWall },
  { key: 'callWallDistancePct', head: 'to call %', num: true, cell: (r) => signed(r.callWallDistancePct, '%'), value: (r) => r.callWallDistancePct },
  { key: 'putWall', head: 'Put wall', num: true, cell: (r) => px(r.putWall), value: (r) => r.putWall },
  { key: 'putWallDistancePct', head: 'to put %', num: true, cell: (r) => signed(r.putWallDistancePct, '%'), value: (r) => r.putWallDistancePct },
  { key: 'totalGex', head: 'Total GEX', num: true, cell: (r) => compact(r.totalGex), value: (r) => r.totalGex },
  { key: 'recomputedAt', head: 'Levels at', cell: (r) => `<span title="at spot ${px(r.levelsSpot)}">${time(r.recomputedAt)}</span>`, value: (r) => r.recomputedAt },
  { key: 'chainAsOf', head: 'Chain as of', cell: (r) => dateTime(r.chainAsOf), value: (r) => r.chainAsOf },
  { key: 'updatedAt', head: 'Updated', cell: (r) => time(r.updatedAt), value: (r) => r.updatedAt },
];

function drawHead() {
  const unit = state.view ? ` <span class="u">${escapeHtml(state.view.unitLabel)}</span>` : '';
  $('head').innerHTML = columns.map((c) => {
    const arrow = state.sort.key === c.key ? (state.sort.dir > 0 ? ' ▲' : ' ▼') : '';
    return `<div class="mcell${c.num ? ' num' : ''}" role="columnheader" data-key="${c.key}" data-testid="sort-${c.key}" title="Sort by ${escapeHtml(c.head)}">${escapeHtml(c.head)}${arrow}${c.key === 'totalGex' ? unit : ''}</div>`;
  }).join('');
}

/** Filters and sorts every row into state.shown; the viewport then draws the visible slice. */
function apply() {
  const text = /** @type {HTMLInputElement} */ ($('text')).value.trim().toUpperCase();
  const regime = /** @type {HTMLSelectElement} */ ($('regime')).value;
  const status = /** @type {HTMLSelectElement} */ ($('status')).value;
  const nearText = /** @type {HTMLInputElement} */ ($('near')).value;
  const near = nearText === '' ? null : Number(nearText);
  const col = columns.find((c) => c.key === state.sort.key) ?? columns[0];
  const dir = state.sort.dir;
  state.shown = [...state.rows.values()].filter((r) =>
    (text === '' || r.symbol.includes(text)) && (regime === '' || r.regime === regime) && (status === '' || r.status === status)
    && (near == null || !(near >= 0) || (r.flipDistancePct != null && Math.abs(r.flipDistancePct) <= near)));
  state.shown.sort((a, b) => {
    const x = col.value(a), y = col.value(b);
    if (x == null || y == null) return x == null && y == null ? a.symbol.localeCompare(b.symbol) : x == null ? 1 : -1;
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return c !== 0 ? c * dir : a.symbol.localeCompare(b.symbol);
  });
  const all = [...state.rows.values()];
  $('count').textContent = all.length.toLocaleString('en-US');
  $('shown').textContent = state.shown.length.toLocaleString('en-US');
  $('split').textContent = `${all.filter((r) => r.regime === 'long gamma').length.toLocaleString('en-US')} / ${all.filter((r) => r.regime === 'short gamma').length.toLocaleString('en-US')}`;
  /** @type {HTMLElement} */ ($('spacer')).style.height = `${state.shown.length * ROW}px`;
  draw();
}

let frame = 0;
function draw() {
  if (frame) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    const vp = $('viewport');
    const first = Math.max(0, Math.floor(vp.scrollTop / ROW) - OVERSCAN);
    const last = Math.min(state.shown.length, Math.ceil((vp.scrollTop + vp.clientHeight) / ROW) + OVERSCAN);
    const rows = $('rows');
    rows.style.transform = `translateY(${first * ROW}px)`;
    rows.innerHTML = state.shown.slice(first, last).map((r) =>
      `<a class="mrow" role="row" href="./?symbol=${encodeURIComponent(r.symbol)}" data-symbol="${escapeHtml(r.symbol)}" data-testid="row" title="Open ${escapeHtml(r.symbol)}'s dashboard">${columns.map((c) => `<div class="mcell${c.num ? ' num' : ''}" role="cell">${c.cell(r)}</div>`).join('')}</a>`).join('')
      || `<div class="mrow empty-row" data-testid="no-rows">${state.rows.size === 0 ? 'No underlying is served yet.' : 'No underlying matches the filters.'}</div>`;
    state.drawn = rows.children.length;
  });
}

/** @param {MarketView} view @param {boolean} whole */
function merge(view, whole) {
  if (whole) state.rows.clear();
  for (const r of view.rows) state.rows.set(r.symbol, r);
  state.view = view;
  state.version = view.version;
  $('view').textContent = `GEX in ${view.unitLabel} · ${view.model} model (${view.modelDescription}) · ${view.expiry}`;
  $('updated').textContent = time(new Date().toISOString());
  drawHead();
  apply();
}

function setConn(/** @type {string} */ text, /** @type {string} */ cls) {
  $('conn').textContent = text;
  $('conn-dot').className = `dot ${cls}`;
}

function connect() {
  const es = new EventSource('api/market/stream');
  es.addEventListener('open', () => setConn('live', 'live'));
  es.addEventListener('error', () => setConn('reconnecting', 'down'));
  es.addEventListener('market', (e) => { state.events++; merge(JSON.parse(/** @type {MessageEvent} */ (e).data), true); });
  es.addEventListener('changes', (e) => { state.events++; state.changes++; merge(JSON.parse(/** @type {MessageEvent} */ (e).data), false); });
}

$('head').addEventListener('click', (e) => {
  const cell = /** @type {HTMLElement|null} */ (/** @type {HTMLElement} */ (e.target).closest('[data-key]'));
  if (!cell) return;
  const key = /** @type {string} */ (cell.dataset.key);
  state.sort = { key, dir: state.sort.key === key ? -state.sort.dir : key === 'symbol' ? 1 : -1 };
  drawHead();
  apply();
});
for (const id of ['text', 'regime', 'near', 'status']) $(id).addEventListener('input', apply);
$('filters').addEventListener('submit', (e) => e.preventDefault());
$('viewport').addEventListener('scroll', draw, { passive: true });
window.addEventListener('resize', draw);
drawHead();
connect();
