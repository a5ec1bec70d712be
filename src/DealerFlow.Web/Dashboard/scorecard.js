// @ts-check
// DealerFlow scorecard page: GET /api/{symbol}/scorecard for the chosen model and for every model (the comparison),
// then each panel renders it. The figures and "within noise" are defined in docs/scorecard.md.
import { escapeHtml } from './format.js';
import { getJson, symbols, problemText, symbolPath } from './api.js';
import { onThemeChange } from './nav.js';
import { $, charts } from './scorecard/common.js';
import { holds } from './scorecard/holds.js';
import { vols } from './scorecard/vols.js';
import { summary } from './scorecard/summary.js';
import { strategies } from './scorecard/strategies.js';
import { compare, MODELS } from './scorecard/compare.js';

/** @typedef {import('./scorecard/common.js').ScorecardReport} ScorecardReport */

/** Every panel of the page, each with render(report, models) and clear(), in page order. */
const PANELS = [summary, holds, vols, strategies, compare];

const input = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ ($(id));

/** Read by the browser test. */
const state = {
  /** @type {ScorecardReport | null} */ report: null,
  /** @type {Record<string, ScorecardReport | null>} */ models: {},
  loads: 0,
  charts,
};
/** @type {any} */ (window).dealerflowScore = state;

// ---------- loading ----------
function showError(/** @type {string} */ text) { const b = $('error-banner'); b.textContent = text; b.classList.remove('hidden'); }
function hideError() { $('error-banner').classList.add('hidden'); }

/** @param {string} model */
function url(model) {
  const p = new URLSearchParams({ model });
  if (input('from').value) p.set('from', input('from').value);
  if (input('to').value) p.set('to', input('to').value);
  return symbolPath(input('symbol').value, 'scorecard', p);
}

async function load(/** @type {Event | null} */ e) {
  if (e) e.preventDefault();
  if (!input('symbol').value) { showError('No symbol is served yet.'); return; }
  const status = $('status');
  status.textContent = 'scoring…';
  const chosen = input('model').value;
  const answers = await Promise.all(MODELS.map((m) => getJson(url(m))));
  state.models = {};
  MODELS.forEach((m, i) => { const a = answers[i]; state.models[m] = a.ok ? a.body : null; });
  const mine = answers[MODELS.indexOf(chosen)];
  if (!mine.ok) {
    state.report = null;
    for (const p of PANELS) p.clear();
    showError(problemText(mine.problem));
    status.textContent = `HTTP ${mine.status}`;
    state.loads++;
    return;
  }
  hideError();
  state.report = mine.body;
  render();
  status.textContent = `scored ${mine.body.scored} sessions · model ${chosen}`;
  state.loads++;
}

function render() {
  const r = state.report;
  if (!r) return;
  for (const p of PANELS) p.render(r, state.models);
}

async function start() {
  const list = await symbols();
  const sel = /** @type {HTMLSelectElement} */ ($('symbol'));
  const wanted = new URLSearchParams(location.search).get('symbol') || localStorage.getItem('dealerflow.symbol');
  sel.innerHTML = list.map((s) => `<option value="${escapeHtml(s.symbol)}">${escapeHtml(s.symbol)}</option>`).join('');
  if (list.some((s) => s.symbol === wanted)) sel.value = /** @type {string} */ (wanted);
  await load(null);
}

$('score-form').addEventListener('submit', load);
$('symbol').addEventListener('change', () => { localStorage.setItem('dealerflow.symbol', input('symbol').value); load(null); });
$('model').addEventListener('change', () => load(null));
onThemeChange(() => {
  // Charts take the theme when created: clear the panels, then render them anew.
  for (const p of PANELS) p.clear();
  render();
});
window.addEventListener('resize', () => Object.values(state.charts).forEach((c) => c.resize()));
start().catch((err) => showError(`Cannot reach the server: ${err.message}`));
