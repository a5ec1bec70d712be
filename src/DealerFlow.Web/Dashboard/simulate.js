// @ts-check
// DealerFlow simulator page: POST /api/{symbol}/simulate, then the sample paths (ECharts) and the statistics.
import { f2, f1, f0, px, compact, css, escapeHtml } from './format.js';
import { initChart, chartBase, chartTitle } from './charts.js';
import { getJson, postJson, problemText, symbolPath } from './api.js';
import { onThemeChange } from './nav.js';

/**
 * The JSON of POST api/{symbol}/simulate (SimulateView in Api/HedgingApi.cs, SimulationResult in Core/Simulation).
 * A statistic is an Estimate: { value, n, low, high }, a 95 % interval over the paths; low/high are null when there
 * is no interval. Shares of paths are fractions (0.25 = 25 %); realized vols are annualised fractions.
 * @typedef {{ value: number, n: number, low: number | null, high: number | null }} Estimate
 * @typedef {{ paths: number, withDealers: Estimate | null, noDealers: Estimate | null, dealerEffect: Estimate | null }} VolStat
 * @typedef {{ programDollars: number, wall: number | null, breakProbability: Estimate | null, touchProbability: Estimate | null,
 *   breakProbabilityNoDealers: Estimate | null, dealerEffectOnBreak: Estimate | null }} ProgramRun
 * @typedef {{ paths: number, steps: number, seed: number, impact: string, band: { kind: string, value: number }, programSizes: number[] }} Settings
 * @typedef {{ settings: Settings, spot: number, flip: number | null, callWall: number | null, putWall: number | null,
 *   horizonYears: number, feedbackRatio: number, pinStrike: number | null, pinDistancePoints: number,
 *   pinFrequency: Estimate | null, pinFrequencyNoDealers: Estimate | null, dealerEffectOnPinning: Estimate | null,
 *   aboveFlip: VolStat, belowFlip: VolStat, all: VolStat, meanRehedges: Estimate, meanDealerShares: Estimate,
 *   programs: ProgramRun[], sampleTimesHours: number[], samplePaths: number[][] }} SimulationResult
 * @typedef {{ symbol: { symbol: string }, model: string, modelDescription: string, expiryDescription: string, asOf: string,
 *   description: string, result: SimulationResult, elapsedMs: number }} SimulateView
 */

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const input = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (document.getElementById(id));

const state = {
  running: false, runs: 0, symbols: 0,
  /** @type {SimulateView | null} */ result: null,
  /** @type {any} */ chart: null,
};
/** @type {any} */ (window).dealerflowSim = state; // read by the browser test

/** A share of paths in % with its interval. @param {Estimate | null} e */
const pct = (e) => e == null ? 'n/a' : f2.format(e.value * 100) + '%' + (e.low == null || e.high == null ? '' : `<span class="ci">(${f1.format(e.low * 100)}–${f1.format(e.high * 100)})</span>`);
/** A difference of shares in percentage points, signed. @param {number} v */
const pts = (v) => (v > 0 ? '+' : v < 0 ? '−' : '') + f2.format(Math.abs(v) * 100);
/** A paired dealer effect in points with its interval, and "within noise" when the interval holds 0. @param {Estimate | null} e */
const effect = (e) => e == null ? 'n/a'
  : `${pts(e.value)} pts` + (e.low == null || e.high == null ? '' : `<span class="ci">[${pts(e.low)}, ${pts(e.high)}]</span>${e.low === 0 && e.high === 0 ? '<span class="ci">none</span>' : e.low <= 0 && e.high >= 0 ? '<span class="ci" data-testid="noise">within noise</span>' : ''}`);
/** A mean with its ± half-interval. @param {Estimate} e @param {Intl.NumberFormat} f */
const mean = (e, f) => e.low == null || e.high == null ? f.format(e.value) : `${f.format(e.value)}<span class="ci">±${f.format((e.high - e.low) / 2)}</span>`;
/** @param {string} html */
function showError(html) { const b = $('error-banner'); b.innerHTML = html; b.classList.remove('hidden'); }
function hideError() { $('error-banner').classList.add('hidden'); }

async function loadSymbols() {
  const a = await getJson('api/symbols');
  if (!a.ok) throw new Error(problemText(a.problem));
  /** @type {{ symbol: string }[]} */
  const list = a.body;
  const sel = /** @type {HTMLSelectElement} */ ($('symbol'));
  const wanted = new URLSearchParams(location.search).get('symbol') || localStorage.getItem('dealerflow.symbol');
  sel.innerHTML = list.map((s) => `<option value="${escapeHtml(s.symbol)}">${escapeHtml(s.symbol)}</option>`).join('');
  if (list.some((s) => s.symbol === wanted)) sel.value = /** @type {string} */ (wanted);
  state.symbols = list.length;
}

/** The request body from the form (an empty field is left to the server's default). */
function body() {
  const num = (/** @type {string} */ id) => { const v = input(id).value.trim(); return v === '' ? undefined : Number(v); };
  /** @type {Record<string, unknown>} */
  const b = { model: input('model').value, paths: num('paths'), steps: num('steps'), seed: num('seed'), impact: num('impact'), noiseVol: num('noiseVol'), band: num('band'), samples: 12 };
  const programs = input('programs').value.trim();
  if (programs !== '') b.programs = programs.split(',').map((x) => Number(x.trim()) * 1e9);
  return b;
}

/** @param {Event} e */
async function run(e) {
  e.preventDefault();
  if (state.running) return;
  const symbol = input('symbol').value;
  if (!symbol) { showError('No symbol is served yet.'); return; }
  hideError();
  state.running = true;
  const button = /** @type {HTMLButtonElement} */ ($('run'));
  button.disabled = true;
  const started = performance.now();
  const status = $('status');
  status.classList.add('running');
  const timer = setInterval(() => { status.textContent = `running… ${f1.format((performance.now() - started) / 1000)} s`; }, 200);
  status.textContent = 'running…';
  try {
    const a = await postJson(symbolPath(symbol, 'simulate'), body());
    if (!a.ok) {
      const j = a.problem;
      const fields = j.errors ? Object.entries(j.errors).map(([k, v]) => `<b>${escapeHtml(k)}</b>: ${escapeHtml(v.join(' '))}`).join('; ') : escapeHtml(j.detail || '');
      showError(`<strong>${escapeHtml(j.title || 'Simulation failed')}</strong> ${fields}`);
      status.textContent = 'failed';
      return;
    }
    /** @type {SimulateView} */
    const j = a.body;
    state.result = j;
    state.runs++;
    render(j);
    status.textContent = `done in ${f1.format(j.elapsedMs / 1000)} s · ${j.result.settings.paths} paths × ${1 + j.result.programs.length} runs · seed ${j.result.settings.seed}`;
  } catch (err) {
    showError(`<strong>Cannot reach the server</strong> ${escapeHtml(/** @type {Error} */ (err).message)}`);
    status.textContent = 'failed';
  } finally {
    clearInterval(timer);
    status.classList.remove('running');
    state.running = false;
    button.disabled = false;
  }
}

/** @param {SimulateView} j */
function render(j) {
  const r = j.result, s = r.settings;
  // Sample paths with flip, walls and the pin strike.
  if (!state.chart) state.chart = initChart($('chart-paths'));
  /** @type {object[]} */
  const marks = [];
  /** @param {string} name @param {number | null} y @param {string} color @param {string} type @param {string} position */
  const mark = (name, y, color, type, position) => { if (y != null) marks.push({ name, yAxis: y, lineStyle: { color, type, width: 2 }, label: { formatter: `${name} ${px(y)}`, color, position } }); };
  mark('Flip', r.flip, css('--warn'), 'dashed', 'insideEndTop');
  mark('Call wall', r.callWall, css('--call'), 'dotted', 'insideEndTop');
  mark('Put wall', r.putWall, css('--put'), 'dotted', 'insideEndTop');
  mark('Pin strike', r.pinStrike, css('--accent'), 'solid', 'insideStartBottom');
  const times = r.sampleTimesHours;
  const all = r.samplePaths.flat();
  const lo = Math.min(...all, r.putWall ?? Infinity, r.flip ?? Infinity), hi = Math.max(...all, r.callWall ?? -Infinity, r.flip ?? -Infinity);
  const palette = [css('--net'), css('--call'), css('--put'), css('--warn'), css('--accent'), css('--muted')];
  state.chart.setOption({
    ...chartBase(),
    title: chartTitle(`Sample paths · ${j.symbol.symbol} · seed ${s.seed}`, `${r.samplePaths.length} of ${s.paths} paths (run without program) · ${f1.format(r.horizonYears * 365 * 24)} h in ${s.steps} steps · model ${j.model} · chain as of ${j.asOf.slice(0, 16).replace('T', ' ')}`),
    grid: { left: 70, right: 24, top: 64, bottom: 44 },
    tooltip: { trigger: 'axis', confine: true, valueFormatter: (/** @type {number} */ v) => px(v) },
    xAxis: { type: 'value', name: 'hours', nameLocation: 'middle', nameGap: 26, min: 0, max: times[times.length - 1], axisLabel: { formatter: (/** @type {number} */ q) => f0.format(q) } },
    yAxis: { type: 'value', name: 'price', min: Math.floor(lo - (hi - lo) * 0.03), max: Math.ceil(hi + (hi - lo) * 0.03), axisLabel: { formatter: (/** @type {number} */ q) => f0.format(q), showMinLabel: false, showMaxLabel: false }, splitLine: { lineStyle: { opacity: 0.3 } } },
    series: r.samplePaths.map((p, i) => ({
      name: `path ${i + 1}`, type: 'line', showSymbol: false, sampling: 'lttb', lineStyle: { width: 1.2, opacity: 0.8, color: palette[i % palette.length] },
      data: p.map((v, k) => [times[k], v]), markLine: i === 0 ? { symbol: 'none', silent: true, label: { fontSize: 11 }, data: marks } : undefined,
    })),
  }, true);

  // Statistics.
  $('stats-tag').textContent = `annualised realized vol · ${s.paths} paths · seed ${s.seed}`;
  /** @param {string} name @param {string} a @param {string} b @param {string} d @param {string} detail */
  const row = (name, a, b, d, detail) => `<tr><td>${name}</td><td class="num">${a}</td><td class="num">${b}</td><td class="num">${d}</td><td class="top">${detail}</td></tr>`;
  tbody('stats').innerHTML = [
    row('Realized vol, start above flip', pct(r.aboveFlip.withDealers), pct(r.aboveFlip.noDealers), effect(r.aboveFlip.dealerEffect), `${r.aboveFlip.paths} paths; flip ${px(r.flip)}`),
    row('Realized vol, start below flip', pct(r.belowFlip.withDealers), pct(r.belowFlip.noDealers), effect(r.belowFlip.dealerEffect), `${r.belowFlip.paths} paths`),
    row('Realized vol, all paths', pct(r.all.withDealers), pct(r.all.noDealers), effect(r.all.dealerEffect), 'same random draws'),
    row('Pinning frequency', pct(r.pinFrequency), pct(r.pinFrequencyNoDealers), effect(r.dealerEffectOnPinning), `ends within ${f2.format(r.pinDistancePoints)} of ${px(r.pinStrike)}`),
    row('Re-hedges per path', mean(r.meanRehedges, f1), '', '', `${compact(r.meanDealerShares.value)} shares traded per path`),
    row('Feedback ratio at start', (r.feedbackRatio >= 0 ? '+' : '') + f2.format(r.feedbackRatio), '', '', r.feedbackRatio >= 0 ? 'dampening (long gamma)' : 'amplifying (short gamma)'),
  ].join('');
  tbody('programs-table').innerHTML = r.programs.length === 0
    ? '<tr><td colspan="6" class="muted">No program run (no call wall above spot, or no impact).</td></tr>'
    : r.programs.map((p) => `<tr><td class="num">${p.programDollars >= 0 ? '+' : '−'}${compact(Math.abs(p.programDollars))}</td><td class="num">${px(p.wall)}</td><td class="num">${pct(p.breakProbability)}</td><td class="num">${pct(p.touchProbability)}</td><td class="num">${pct(p.breakProbabilityNoDealers)}</td><td class="num">${effect(p.dealerEffectOnBreak)}</td></tr>`).join('');
  $('params').textContent = `${j.symbol.symbol} · ${j.modelDescription} · ${j.expiryDescription} · ${j.description} · impact model ${s.impact}, band ${s.band.kind} ${compact(s.band.value)}, programs ${s.programSizes.map((x) => compact(x)).join(', ') || 'none'}`;
}
const tbody = (/** @type {string} */ id) => /** @type {HTMLElement} */ ($(id).querySelector('tbody'));

$('sim-form').addEventListener('submit', run);
$('symbol').addEventListener('change', () => localStorage.setItem('dealerflow.symbol', input('symbol').value));
// Charts take the theme when created: dispose the chart and draw the last result anew.
onThemeChange(() => {
  if (state.chart) { state.chart.dispose(); state.chart = null; }
  if (state.result) render(state.result);
});
window.addEventListener('resize', () => state.chart && state.chart.resize());
loadSymbols().catch((e) => showError(`<strong>Cannot reach the server</strong> ${escapeHtml(e.message)}`));
