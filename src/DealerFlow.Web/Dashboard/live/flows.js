// @ts-check
// The hedging panel: dealer flows to each level (GET api/{symbol}/flows), fetched once per chain, model and expiry
// filter (not per tick), and the dealer delta profile D(S).
import { f0, f2, px, compact, css, escapeHtml } from '../format.js';
import { getJson, symbolPath } from '../api.js';
import { $, state, signed, dateTime, chart, base, axisFmt, levelMarks, viewEmpty, clearEmpty } from './common.js';

/** @typedef {import('./types.js').Flows} Flows */

const ID = 'chart-delta';
const tbody = () => /** @type {HTMLElement} */ ($('flows').querySelector('tbody'));

/** No flows to show: the reason in the table. @param {string} text */
function clearFlows(text) {
  state.flows = null;
  state.flowsKey = null;
  tbody().innerHTML = `<tr><td colspan="7" class="muted">${escapeHtml(text)}</td></tr>`;
  $('flows-delta').textContent = '—';
  $('flows-tag').textContent = '';
  if (state.charts[ID]) state.charts[ID].clear();
}

/** @param {import('./types.js').Snapshot} s */
function loadFlows(s) {
  const v = s.view;
  const key = `${s.symbol.symbol}|${s.symbol.chainVersion}|${v.model}|${v.expiry}`;
  if (key === state.flowsKey) { if (state.flows) renderFlows(state.flows); return; }
  // Forget the previous symbol's or chain's flows at once: a snapshot arriving before this fetch answers must not redraw
  // them. Another symbol's chart, tag and dealer delta go too (a new chain of the same symbol keeps them until it answers).
  const sameSymbol = state.flowsKey?.startsWith(`${s.symbol.symbol}|`);
  const computing = 'Computing the flows for this chain…';
  if (sameSymbol) {
    state.flows = null;
    tbody().innerHTML = `<tr><td colspan="7" class="muted">${computing}</td></tr>`;
  } else {
    clearFlows(computing);
  }
  state.flowsKey = key;
  state.flowsFailures = 0;
  fetchFlows(s, key);
}

/** Fetches the flows of `key`; a failure (server busy, network) is asked again while the view stays the same, waiting
 * 2, 4, 8 ... 30 s: a quiet market can hold one chain for hours, and the panel must not say "unavailable" all that time.
 * @param {import('./types.js').Snapshot} s @param {string} key */
function fetchFlows(s, key) {
  const v = s.view;
  const p = new URLSearchParams({ model: v.model, expiry: v.expiry });
  getJson(symbolPath(s.symbol.symbol, 'flows', p))
    .then((a) => {
      if (!a.ok) throw new Error(a.problem.detail || a.problem.title || String(a.status));
      if (state.flowsKey !== key) return; // a newer chain or view was asked for meanwhile
      state.flows = a.body;
      state.flowsLoads++;
      renderFlows(a.body);
    })
    .catch((e) => {
      if (state.flowsKey !== key) return;
      const wait = Math.min(30, 2 ** ++state.flowsFailures);
      clearFlows(`Flows unavailable: ${e.message} (trying again in ${wait} s)`);
      state.flowsKey = key;
      setTimeout(() => { if (state.flowsKey === key && !state.flows) fetchFlows(s, key); }, wait * 1000);
    });
}

/** @param {Flows} f */
function renderFlows(f) {
  $('flows-tag').textContent = `${f.symbol.symbol} · shares and usd · model ${f.model} · ${f.expiryDescription} · chain as of ${dateTime(f.asOf)}`;
  $('flows-delta').innerHTML = `Dealer option delta at ${state.simulated ? 'simulated spot' : 'spot'} ${px(f.spot)}: <b>${signed(f.dealerDeltaAtSpot, compact)} shares</b> (${signed(f.dealerDeltaAtSpotDollars, compact)} $); their hedge holds the opposite. Positioning: ${escapeHtml(f.modelDescription)}.`;
  const rows = f.flows.map((x) => {
    if (x.to == null) return `<tr><td>${escapeHtml(x.label)}</td><td class="num">—</td><td></td><td class="num">—</td><td class="num">—</td><td class="muted" colspan="2">${escapeHtml(x.note || '')}</td></tr>`;
    const top = x.topExpiries.map((e) => `${e.expiry.slice(5)}${String(e.settlement).toUpperCase() === 'AM' ? ' AM' : ''} ${signed(e.shares, compact)}`).join(', ');
    const cls = x.direction === 'none' ? '' : x.dampening ? 'damp' : 'amp';
    return `<tr><td>${escapeHtml(x.label)}</td><td class="num">${px(x.to)}</td><td class="num">${signed(x.movePct, (q) => f2.format(q) + '%')}</td>`
      + `<td class="num">${signed(x.shares, compact)}<span class="u">shares</span></td><td class="num">${signed(x.dollars, compact)}<span class="u">$</span></td>`
      + `<td class="dir ${cls}">${escapeHtml(x.direction)}</td><td class="top">${escapeHtml(top)}</td></tr>`;
  });
  tbody().innerHTML = rows.join('');
  const pts = f.deltaProfile;
  const o = base(`Dealer delta profile D(S) · ${f.symbol.symbol}`, `shares · model ${f.model} · ${f.expiryDescription} · dealers trade −ΔD as spot moves`);
  o.tooltip.valueFormatter = (/** @type {number} */ val) => `${compact(val)} shares`;
  o.xAxis = { type: 'value', name: 'hypothetical spot', nameLocation: 'middle', nameGap: 26, min: Math.floor(pts[0].spot), max: Math.ceil(pts[pts.length - 1].spot), axisLabel: { formatter: (/** @type {number} */ q) => f0.format(q), showMinLabel: false, showMaxLabel: false } };
  o.yAxis = { type: 'value', name: 'shares', scale: true, axisLabel: { formatter: axisFmt }, splitLine: { lineStyle: { opacity: 0.3 } } };
  o.series = [
    { name: 'D(S)', type: 'line', showSymbol: false, lineStyle: { width: 2.5, color: css('--net') }, itemStyle: { color: css('--net') }, data: pts.map((q) => [q.spot, q.dealerDeltaShares]), markLine: levelMarks(f.spot, f.zeroGamma, f.callWall, f.putWall) },
    { name: 'Spot', type: 'scatter', symbolSize: 10, itemStyle: { color: css('--accent') }, data: [[f.spot, f.dealerDeltaAtSpot]] },
  ];
  chart(ID).setOption(o, true);
}

/** @type {import('./types.js').Panel} */
export const flows = {
  render(s) { clearEmpty(ID); loadFlows(s); },
  clear(s, missing) {
    viewEmpty(ID, 'Dealer delta profile D(S)', s, missing);
    clearFlows(`${missing.head} (${s.view.expiryDescription}).`);
  },
};
