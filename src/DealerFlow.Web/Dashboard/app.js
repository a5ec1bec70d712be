// @ts-check
// DealerFlow dashboard: one EventSource per selected symbol and view; each panel (live/*.js) draws its part of the
// snapshot with ECharts or a table. The page itself keeps the connection, the header and the symbol list.
import { f2, px, compact, escapeHtml } from './format.js';
import { getJson, problemText, symbolPath } from './api.js';
import { onThemeChange } from './nav.js';
import { $, input, state, signed, unitShort, time, dateTime, chartsMissing } from './live/common.js';
import { levels } from './live/levels.js';
import { alerts, renderAlerts } from './live/alerts.js';
import { strike } from './live/strike.js';
import { profile } from './live/profile.js';
import { expiry } from './live/expiry.js';
import { heatmap } from './live/heatmap.js';
import { history } from './live/history.js';
import { flows } from './live/flows.js';

/** @typedef {import('./live/types.js').Snapshot} Snapshot */
/** @typedef {import('./live/types.js').Tick} Tick */
/** @typedef {import('./live/types.js').SymbolInfo} SymbolInfo */

/**
 * Every panel of the page, each with render(snapshot), clear(snapshot, missing) and optionally tick(spot, snapshot),
 * in the order they draw: a new panel is a new module in live/ and a line here.
 * @type {import('./live/types.js').Panel[]}
 */
const PANELS = [levels, alerts, strike, profile, expiry, heatmap, history, flows];

/** @type {any} */ (window).dealerflow = state; // read by the browser test

// ---------- view settings ----------
function query() {
  const p = new URLSearchParams();
  p.set('unit', input('unit').value);
  p.set('model', input('model').value);
  const e = input('expiry').value;
  p.set('expiry', e === 'days' ? String(Math.max(0, parseInt(input('days').value || '7', 10))) : e);
  return p.toString();
}

// ---------- connection ----------
function connect() {
  if (state.source) state.source.close();
  if (!state.symbol) return;
  setConn('connecting', '');
  const q = query();
  const es = new EventSource(symbolPath(state.symbol, 'stream', q));
  state.source = es;
  const refresh = snapshotFetcher(es, symbolPath(state.symbol, 'snapshot', q));
  /** @param {Event} e */
  const data = (e) => JSON.parse(/** @type {MessageEvent} */ (e).data);
  // A (re)connection starts the tick order again: the server's spot sequence restarts with it.
  es.addEventListener('open', () => { state.tick = null; setLive(); });
  es.addEventListener('error', () => setConn(es.readyState === EventSource.CLOSED ? 'disconnected' : 'reconnecting…', 'down'));
  es.addEventListener('snapshot', (e) => { state.snapshots++; onSnapshot(data(e)); bump(); });
  // A chain update or recomputation pushes only what changed (state and levels); the page fetches the large views.
  es.addEventListener('levels', (e) => { const u = data(e); if (u.levels) onTick(u.levels.tick); refresh(); bump(); });
  es.addEventListener('status', (e) => renderStatus(data(e)));
  es.addEventListener('tick', (e) => { state.ticks++; onTick(data(e)); bump(); });
  es.addEventListener('alert', (e) => onAlert(data(e)));
}
/**
 * The snapshot fetches of one connection (its symbol and view): one at a time, and updates that arrive meanwhile fetch
 * once more afterwards. Each EventSource has its own: a fetch still in flight for a closed connection (the symbol or
 * view just changed) must not hold back the new connection's updates. An answer is drawn only while its connection
 * is the page's.
 * @param {EventSource} es @param {string} path
 * @returns {() => Promise<void>}
 */
function snapshotFetcher(es, path) {
  let fetching = false, again = false;
  return async () => {
    if (fetching) { again = true; return; }
    fetching = true;
    try {
      do {
        again = false;
        const a = await getJson(path);
        if (a.ok && state.source === es) { state.snapshots++; onSnapshot(a.body); }
      } while (again && state.source === es);
    } catch {
      // the server is unreachable: the EventSource reconnects and its first event is a full snapshot
    } finally { fetching = false; }
  };
}
function bump() { state.updates++; document.body.dataset.updates = String(state.updates); }
/** @param {string} text @param {string} cls */
function setConn(text, cls) { $('conn').textContent = text; $('conn-dot').className = 'dot ' + cls; }
// Connected: "live" for spot from the chains, "simulated spot" (no green dot) when the demo's walk moves spot.
function setLive() { if (state.simulated) setConn('connected · simulated spot', 'sim'); else setConn('live', 'live'); }
/** @param {SymbolInfo} sym */
function renderSpotSource(sym) {
  state.simulated = sym.spotSource === 'simulated';
  const el = $('spot-source');
  el.textContent = state.simulated ? '· simulated' : '';
  el.className = 'spot-src' + (state.simulated ? ' sim' : '');
  el.title = state.simulated ? "Demo: a random walk around the chain's spot, not a market price" : '';
  if (state.source && state.source.readyState === EventSource.OPEN) setLive();
}

/** The symbols the server serves, as options of the picker (⚠ for a source in error). @returns {Promise<{ symbol: string, status: string }[]>} */
async function symbolList() {
  const a = await getJson('api/symbols');
  if (!a.ok) throw new Error(problemText(a.problem));
  return a.body;
}
/** @param {HTMLSelectElement} sel @param {{ symbol: string, status: string }} s */
function option(sel, s) {
  let o = [...sel.options].find((x) => x.value === s.symbol);
  if (!o) { o = document.createElement('option'); o.value = s.symbol; sel.appendChild(o); }
  o.textContent = s.status === 'error' ? `${s.symbol} ⚠` : s.symbol;
}
async function loadSymbols() {
  const list = await symbolList();
  const sel = /** @type {HTMLSelectElement} */ ($('symbol'));
  const current = state.symbol || new URLSearchParams(location.search).get('symbol') || localStorage.getItem('dealerflow.symbol');
  sel.innerHTML = '';
  for (const s of list) option(sel, s);
  if (list.length === 0) { setConn('no symbols yet', 'down'); setTimeout(loadSymbols, 2000); return; }
  state.symbol = list.some((s) => s.symbol === current) ? /** @type {string} */ (current) : list[0].symbol;
  sel.value = state.symbol;
  connect();
}

// ---------- header ----------
/** @type {Record<string, string>} */
const regimeClass = { 'long gamma': 'long', 'short gamma': 'short', flat: 'flat', unknown: 'unknown' };

/** @param {Tick} t */
function onTick(t) {
  // An older tick than the one shown (a snapshot fetched before a streamed tick arrived) leaves the header as it is.
  if (state.tick && state.tick.symbol === t.symbol && t.sequence < state.tick.sequence) return;
  state.tick = t;
  const prev = state.lastSpot;
  $('spot').textContent = px(t.spot);
  const mv = $('spot-move');
  if (prev != null && t.spot !== prev) { mv.textContent = signed(t.spot - prev, (x) => f2.format(x)); mv.className = 'move ' + (t.spot > prev ? 'up' : 'down'); }
  state.lastSpot = t.spot;
  // The four regimes of the server's one assembler, each its own colour; anything else shows as unknown.
  const badge = $('regime');
  const regime = regimeClass[t.regime] ? t.regime : 'unknown';
  badge.textContent = regime;
  badge.className = 'badge ' + regimeClass[regime];
  $('flip-distance').textContent = t.distanceToFlip == null ? 'no flip in range' : `${signed(t.distanceToFlip, (x) => f2.format(x))} (${signed(t.distanceToFlipPct, (x) => f2.format(x))}%) ${t.distanceToFlip >= 0 ? 'above' : 'below'}`;
  $('gex-spot').textContent = `${compact(t.netGex)} ${unitShort[t.unit] || t.unit}`;
  $('updated').textContent = time(t.at);
  // A tick moves the spot marks of the charts drawn from the current snapshot, without redrawing them.
  const s = state.snapshot;
  if (s && s.levels) for (const p of PANELS) p.tick?.(t.spot, s);
}

/** @param {Snapshot} s */
function onSnapshot(s) {
  state.snapshot = s;
  renderSpotSource(s.symbol);
  renderStatus(s.symbol);
  renderStore(s.history && s.history.store);
  const v = s.view;
  $('view-label').textContent = `${v.unitLabel} · model ${v.model} · ${v.expiryDescription}`;
  // The feed's own mark (issue 16): real time, delayed 15 min or end of day; nothing when the source does not say.
  $('asof').textContent = dateTime(s.symbol.asOf) + (s.symbol.timeliness ? ` · ${s.symbol.timeliness}` : '');
  if (!s.levels) {
    // Nothing to draw for this view (no chain yet, or an expiry filter with no contracts, e.g. 0DTE after the close):
    // each view panel says so, not the error banner (that is for source errors). Spot, alerts and the history
    // charts (every expiry) stay.
    const missing = { head: s.symbol.chainVersion === 0 ? 'Waiting for a chain' : 'No contracts in this filter', why: s.viewError || '' };
    $('spot').textContent = px(s.symbol.spot);
    for (const id of ['flip-distance', 'gex-spot']) $(id).textContent = '—';
    $('regime').textContent = '—';
    $('regime').className = 'badge';
    state.tick = null;
    for (const p of PANELS) p.clear(s, missing);
    return;
  }
  for (const p of PANELS) p.render(s);
  // The panels drawn, their spot marks go to the newest spot: the snapshot's, or a tick that arrived while it was fetched.
  onTick(s.levels.tick);
  const t = /** @type {Tick} */ (state.tick);
  if (t !== s.levels.tick) for (const p of PANELS) p.tick?.(t.spot, s);
}

// The snapshot store: its state in the header, its error (the server keeps serving the session's history) in a banner.
/** @param {import('./live/types.js').StoreState | null | undefined} st */
function renderStore(st) {
  if (!st) return;
  const el = $('store');
  el.textContent = st.state === 'ok' ? (st.writes ? `ok · ${st.written} written` : 'ok · read only') : st.state === 'disabled' ? 'off (session only)' : st.state;
  el.title = (st.location || '') + (st.writes ? '' : ' (this server only reads the history; the cluster writes it)');
  el.className = st.state === 'error' ? 'down' : '';
  const b = $('store-banner');
  if (st.state === 'error') {
    b.innerHTML = `<strong>Store error</strong> at ${time(st.errorAt)} — ${escapeHtml(String(st.error || '').replace(/\.+$/, ''))}. The levels-over-time chart shows this session only.`;
    b.classList.remove('hidden');
  } else {
    b.classList.add('hidden');
  }
}

/** @param {SymbolInfo} sym */
function renderStatus(sym) {
  if (sym.status === 'error') {
    const reason = String(sym.error || '').replace(/\.+$/, '');
    showError(`<strong>${escapeHtml(sym.symbol)}: source error</strong> at ${time(sym.errorAt)} — ${escapeHtml(reason)}. ${sym.chainVersion > 0 ? `Showing the last good data (chain as of ${dateTime(sym.asOf)}).` : 'No good data has arrived yet.'}`);
  } else {
    $('error-banner').classList.add('hidden');
  }
  const opt = [...(/** @type {HTMLSelectElement} */ ($('symbol'))).options].find((o) => o.value === sym.symbol);
  if (opt) opt.textContent = sym.status === 'error' ? `${sym.symbol} ⚠` : sym.symbol;
  document.body.dataset.status = sym.status;
}
/** @param {string} html */
function showError(html) { const b = $('error-banner'); b.innerHTML = html; b.classList.remove('hidden'); }

// ---------- alerts: pushed one at a time, shown in the list and as a toast ----------
/** @param {import('./live/types.js').Alert} a */
function onAlert(a) {
  if (state.snapshot) { state.snapshot.alerts = [...(state.snapshot.alerts || []), a]; renderAlerts(state.snapshot.alerts); }
  const t = document.createElement('div');
  t.className = 'toast';
  t.textContent = '⚑ ' + a.message;
  $('toasts').appendChild(t);
  setTimeout(() => t.remove(), 6000);
}

// Built without Node.js, ECharts is absent: the numbers still update and the page says why the charts do not.
if (chartsMissing) {
  const b = $('error-banner');
  b.textContent = 'Charts unavailable: ECharts was not restored when DealerFlow was built (install Node.js and npm, then rebuild). Levels and alerts still update.';
  b.classList.remove('hidden');
}

// ---------- wiring ----------
$('symbol').addEventListener('change', (e) => {
  state.symbol = /** @type {HTMLSelectElement} */ (e.target).value;
  localStorage.setItem('dealerflow.symbol', state.symbol);
  state.lastSpot = null;
  $('spot-move').textContent = '';
  connect();
});
for (const id of ['unit', 'model', 'days']) $(id).addEventListener('change', connect);
$('expiry').addEventListener('change', () => { $('days-wrap').classList.toggle('hidden', input('expiry').value !== 'days'); connect(); });
// Charts take the theme when created: dispose them and draw the current snapshot anew.
onThemeChange(() => {
  for (const c of Object.values(state.charts)) c.dispose();
  state.charts = {};
  if (state.snapshot) onSnapshot(state.snapshot);
});
window.addEventListener('resize', () => Object.values(state.charts).forEach((c) => c.resize()));
setInterval(() => symbolList().then((list) => {
  const sel = /** @type {HTMLSelectElement} */ ($('symbol'));
  for (const s of list) option(sel, s);
}).catch(() => {}), 10000);
loadSymbols().catch((e) => setConn('cannot reach the server: ' + e.message, 'down'));
