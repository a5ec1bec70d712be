// @ts-check
// DealerFlow scorecard page: GET /api/{symbol}/scorecard for the chosen model (charts, verdicts, strategies) and for
// every model (the comparison). The figures and "within noise" are defined in docs/scorecard.md.
import { f1, f2, f0, escapeHtml, css, themeName } from './format.js';
import { getJson, symbols, problemText } from './api.js';


/**
 * @typedef {{ value: number | null, n: number, ci95: [number, number] | null }} Estimate
 * @typedef {{ sessions: number, nextDayVol: Estimate, nextDayParkinsonVol: Estimate, next5DayVol: Estimate }} Regime
 * @typedef {{ name: string, rule: string, hit: string, outcome: string, horizonSessions: number, hitRate: Estimate, meanOutcome: Estimate, baselineHitRate: Estimate, baselineMeanOutcome: Estimate, withinNoise: boolean }} Strategy
 * @typedef {{
 *   schema: string, underlying: string, positioning: string, positioningDescription: string, gexUnit: string, prices: string,
 *   from: string, to: string, sessions: number, scored: number, withoutPrices: number,
 *   bootstrap: { seed: number, resamples: number, confidence: number },
 *   callWall: { highHeldRate: Estimate, closeHeldRate: Estimate }, putWall: { lowHeldRate: Estimate, closeHeldRate: Estimate },
 *   regimes: { aboveFlip: Regime, belowFlip: Regime, positiveGex: Regime, negativeGex: Regime, withoutFlip: number },
 *   breaches: Record<string, Record<string, Estimate>>, pinning: Record<string, Estimate>,
 *   incremental: { spearmanGexNextVariance: Estimate, partialSpearmanGivenAtmIv: Estimate, partialSpearmanGivenVix: Estimate, partialSpearmanGivenAtmIvAndVix: Estimate },
 *   strategies: Strategy[] }} ScorecardReport
 */

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
const input = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ ($(id));

/** Read by the browser test. */
const state = {
  /** @type {ScorecardReport | null} */ report: null,
  /** @type {Record<string, ScorecardReport | null>} */ models: {},
  loads: 0,
  /** @type {Record<string, any>} */ charts: {},
  /** @type {string[]} */ verdicts: [],
};
/** @type {any} */ (window).dealerflowScore = state;

const MODELS = ['classic', 'short-all'];

// ---------- within noise (docs/scorecard.md) ----------
/** @param {Estimate} e @param {number} x */
const contains = (e, x) => e.ci95 != null && e.ci95[0] <= x && x <= e.ci95[1];
/**
 * Two figures cannot be told apart when either interval contains the other's value, or when either has no interval.
 * @param {Estimate} a @param {Estimate} b
 */
const apart = (a, b) => a.value != null && b.value != null && a.ci95 != null && b.ci95 != null && !contains(a, b.value) && !contains(b, a.value);

// ---------- formatting ----------
/** @param {Estimate} e */
const pct = (e) => e.value == null ? 'n/a' : `${f1.format(e.value * 100)} %`;
/** @param {Estimate} e @param {(v: number) => string} fmt */
const withCi = (e, fmt) => e.value == null ? '<span class="muted">n/a</span>'
  : `${fmt(e.value)}<span class="ci">${e.ci95 == null ? 'no interval' : `[${fmt(e.ci95[0])}, ${fmt(e.ci95[1])}]`}</span>`;
const asPct = (/** @type {number} */ v) => `${f1.format(v * 100)} %`;
const asDec = (/** @type {number} */ v) => (v > 0 ? '+' : v < 0 ? '−' : '') + f2.format(Math.abs(v) * 100) + ' %';
const asCorr = (/** @type {number} */ v) => (v > 0 ? '+' : v < 0 ? '−' : '') + f2.format(Math.abs(v));

// ---------- charts ----------
/** ECharts series for bars with 95 % whiskers; values in %. @param {string} name @param {string} color @param {Estimate[]} est @param {number} offset @param {number} width */
function barsWithWhiskers(name, color, est, offset, width) {
  const bar = {
    name, type: 'bar', barWidth: `${Math.round(width * 100)}%`, barGap: '10%', itemStyle: { color },
    data: est.map((e) => e.value == null ? null : e.value * 100),
    label: { show: true, position: 'insideTop', color: '#fff', fontSize: 11, formatter: (/** @type {any} */ p) => p.value == null ? '' : f1.format(p.value) },
  };
  const whisker = {
    name, type: 'custom', z: 10, silent: true,
    data: est.map((e, i) => e.ci95 == null ? null : [i, e.ci95[0] * 100, e.ci95[1] * 100]),
    renderItem: (/** @type {any} */ params, /** @type {any} */ api) => {
      const i = api.value(0);
      const lo = api.coord([i, api.value(1)]), hi = api.coord([i, api.value(2)]);
      const band = api.size([1, 0])[0];
      const x = lo[0] + offset * band;
      const cap = Math.max(4, band * width * 0.18);
      const style = { stroke: css('--text'), lineWidth: 1.6 };
      return {
        type: 'group', children: [
          { type: 'line', shape: { x1: x, y1: lo[1], x2: x, y2: hi[1] }, style },
          { type: 'line', shape: { x1: x - cap, y1: lo[1], x2: x + cap, y2: lo[1] }, style },
          { type: 'line', shape: { x1: x - cap, y1: hi[1], x2: x + cap, y2: hi[1] }, style },
        ],
      };
    },
  };
  return [bar, whisker];
}

/** @param {string} id @param {any} option */
function draw(id, option) {
  const old = state.charts[id];
  const chart = old ?? echarts.init($(id), themeName(), { renderer: 'canvas' });
  state.charts[id] = chart;
  chart.setOption(option, true);
}

const base = () => ({
  backgroundColor: 'transparent', animation: false,
  textStyle: { fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif' },
  tooltip: { trigger: 'axis', confine: true, axisPointer: { type: 'shadow' } },
});
/** @param {string} text @param {string} sub */
const title = (text, sub) => ({ text, subtext: sub, left: 4, top: 0, textStyle: { fontSize: 14, color: css('--text') }, subtextStyle: { fontSize: 11, color: css('--muted') } });

/** @param {ScorecardReport} r */
function renderHolds(r) {
  const rates = [['Call wall\nnext high ≤ wall', r.callWall.highHeldRate], ['Call wall\nnext close ≤ wall', r.callWall.closeHeldRate], ['Put wall\nnext low ≥ wall', r.putWall.lowHeldRate], ['Put wall\nnext close ≥ wall', r.putWall.closeHeldRate]];
  const est = rates.map((x) => /** @type {Estimate} */ (x[1]));
  const color = [css('--call'), css('--call'), css('--put'), css('--put')];
  const [bar, whisker] = barsWithWhiskers('held', css('--call'), est, 0, 0.55);
  bar.data = est.map((e, i) => e.value == null ? null : { value: e.value * 100, itemStyle: { color: color[i] } });
  draw('chart-holds', {
    ...base(),
    title: title(`Wall hold rates · ${r.underlying} · model ${r.positioning}`, `${r.scored} scored sessions ${r.from} to ${r.to} · bars with 95 % bootstrap intervals`),
    grid: { left: 64, right: 16, top: 64, bottom: 72 },
    tooltip: { trigger: 'item', confine: true, formatter: (/** @type {any} */ p) => `${String(rates[p.dataIndex][0]).replace('\n', ': ')}: ${pct(est[p.dataIndex])} (n ${est[p.dataIndex].n})` },
    xAxis: { type: 'category', data: rates.map((x, i) => `${x[0]}\nn ${est[i].n}`), axisLabel: { interval: 0, fontSize: 11, lineHeight: 15, color: css('--text') } },
    yAxis: { type: 'value', min: 0, max: 100, name: 'held, % of scored sessions', nameLocation: 'middle', nameGap: 40, axisLabel: { formatter: (/** @type {number} */ v) => `${f0.format(v)} %` }, splitLine: { lineStyle: { opacity: 0.3 } } },
    series: [bar, whisker],
  });
}

/** @param {ScorecardReport} r */
function renderVols(r) {
  const g = r.regimes;
  const regimes = [['Above flip', g.aboveFlip], ['Below flip', g.belowFlip], ['Positive GEX', g.positiveGex], ['Negative GEX', g.negativeGex]];
  const series = [['next-day close-to-close', 'nextDayVol', css('--net')], ['next-day Parkinson (high-low)', 'nextDayParkinsonVol', css('--warn')], ['next 5 days close-to-close', 'next5DayVol', '#b083f0']];
  const width = 0.26;
  const all = series.flatMap(([name, key, color], s) => barsWithWhiskers(name, color, regimes.map((x) => /** @type {any} */ (x[1])[key]), (s - 1) * (width + 0.02), width));
  const top = Math.max(1, ...regimes.flatMap((x) => series.map(([, key]) => { const e = /** @type {any} */ (x[1])[key]; return e.ci95 ? e.ci95[1] * 100 : (e.value ?? 0) * 100; })));
  const step = top > 40 ? 10 : 5;
  draw('chart-vols', {
    ...base(),
    title: title(`Realised vol after each regime · model ${r.positioning}`, `annualised, not demeaned · no flip: ${g.withoutFlip} sessions · whiskers: 95 % intervals`),
    legend: { top: 40, textStyle: { color: css('--text'), fontSize: 11 }, data: series.map((x) => x[0]) },
    grid: { left: 64, right: 16, top: 78, bottom: 64 },
    tooltip: { trigger: 'axis', confine: true, axisPointer: { type: 'shadow' }, valueFormatter: (/** @type {number | null} */ v) => v == null ? 'n/a' : `${f1.format(v)} %` },
    xAxis: { type: 'category', data: regimes.map((x) => `${x[0]}\n${/** @type {Regime} */ (x[1]).sessions} sessions`), axisLabel: { interval: 0, fontSize: 11, lineHeight: 15, color: css('--text') } },
    yAxis: { type: 'value', min: 0, max: Math.ceil((top * 1.15) / step) * step, interval: step, name: 'realised vol, % annualised', nameLocation: 'middle', nameGap: 40, axisLabel: { formatter: (/** @type {number} */ v) => `${f0.format(v)} %` }, splitLine: { lineStyle: { opacity: 0.3 } } },
    series: all,
  });
}

// ---------- verdicts and tables ----------
/**
 * Plain sentences: each regime pair and each correlation, within noise or not.
 * @param {ScorecardReport} r
 * @returns {string[]}
 */
function verdicts(r) {
  const out = [];
  const g = r.regimes;
  for (const [a, b, an, bn] of /** @type {[Regime, Regime, string, string][]} */ ([[g.aboveFlip, g.belowFlip, 'above the flip', 'below the flip'], [g.positiveGex, g.negativeGex, 'positive GEX', 'negative GEX']])) {
    const e = a.nextDayVol, f = b.nextDayVol;
    if (e.value == null || f.value == null) { out.push(`Next-day vol ${an} vs ${bn}: no comparison (${a.sessions} vs ${b.sessions} sessions).`); continue; }
    out.push(`Next-day vol ${an} ${pct(e)} (n ${e.n}) vs ${bn} ${pct(f)} (n ${f.n}): ${apart(e, f) ? 'SIGNAL — the intervals exclude each other\'s value.' : 'WITHIN NOISE — an interval contains the other value, or one has no interval.'}`);
  }
  const c = r.incremental.spearmanGexNextVariance, p = r.incremental.partialSpearmanGivenAtmIv;
  for (const [e, what] of /** @type {[Estimate, string][]} */ ([[c, 'Rank correlation of GEX with next-day variance'], [p, 'The same given ATM IV']])) {
    if (e.value == null) continue;
    out.push(`${what}: ${asCorr(e.value)} (n ${e.n}): ${e.ci95 != null && !contains(e, 0) ? 'SIGNAL — its interval excludes 0.' : 'WITHIN NOISE — its interval contains 0, or there is none.'}`);
  }
  const s = r.strategies.filter((x) => x.meanOutcome.n > 0);
  out.push(s.length === 0 ? 'No strategy rule was met on these sessions.' : `Strategies: ${s.filter((x) => x.withinNoise).length} of ${s.length} with sessions are within noise.`);
  return out;
}

/** @param {string} text */
const marked = (text) => escapeHtml(text).replace(/WITHIN NOISE/g, '<span class="noise" data-testid="noise">within noise</span>').replace(/SIGNAL/g, '<span class="signal">outside noise</span>');

/** @param {ScorecardReport} r */
function renderTables(r) {
  state.verdicts = verdicts(r);
  $('verdicts').innerHTML = state.verdicts.map((v) => `<li>${marked(v)}</li>`).join('');
  $('summary').textContent = `${r.underlying}: ${r.sessions} stored sessions ${r.from} to ${r.to}, ${r.scored} scored against ${r.prices} (${r.withoutPrices} without the next session's prices). Positioning ${r.positioning}: ${r.positioningDescription}; GEX in ${r.gexUnit}. ${r.bootstrap.resamples} bootstrap resamples, seed ${r.bootstrap.seed}.${r.scored < 100 ? ` ${r.scored} sessions decide nothing: every interval is wide.` : ''}`;
  $('summary-tag').textContent = `model ${r.positioning}`;
  const body = /** @type {HTMLElement} */ ($('strategies').querySelector('tbody'));
  body.innerHTML = r.strategies.map((s) => `<tr data-testid="strategy-${escapeHtml(s.name)}"><td>${escapeHtml(s.name)}</td><td class="top">${escapeHtml(s.rule)}; hit: ${escapeHtml(s.hit)}; outcome: ${escapeHtml(s.outcome)}</td><td class="num">${s.meanOutcome.n}</td><td class="num">${withCi(s.hitRate, asPct)}</td><td class="num">${withCi(s.baselineHitRate, asPct)}</td><td class="num">${withCi(s.meanOutcome, asDec)}</td><td class="num">${withCi(s.baselineMeanOutcome, asDec)}</td><td>${s.meanOutcome.n === 0 ? '<span class="muted">rule never met</span>' : s.withinNoise ? '<span class="noise" data-testid="noise">within noise</span>' : '<span class="signal">outside noise</span>'}</td></tr>`).join('');
}

/** @type {[string, (r: ScorecardReport) => Estimate, (v: number) => string][]} */
const COMPARED = [
  ['Call wall: next high held', (r) => r.callWall.highHeldRate, asPct],
  ['Call wall: next close held', (r) => r.callWall.closeHeldRate, asPct],
  ['Put wall: next low held', (r) => r.putWall.lowHeldRate, asPct],
  ['Put wall: next close held', (r) => r.putWall.closeHeldRate, asPct],
  ['Next-day vol above flip', (r) => r.regimes.aboveFlip.nextDayVol, asPct],
  ['Next-day vol below flip', (r) => r.regimes.belowFlip.nextDayVol, asPct],
  ['Next-day vol, positive GEX', (r) => r.regimes.positiveGex.nextDayVol, asPct],
  ['Next-day vol, negative GEX', (r) => r.regimes.negativeGex.nextDayVol, asPct],
  ['Spearman GEX vs next-day variance', (r) => r.incremental.spearmanGexNextVariance, asCorr],
  ['… partial given ATM IV', (r) => r.incremental.partialSpearmanGivenAtmIv, asCorr],
];

function renderCompare() {
  const models = MODELS.filter((m) => state.models[m]);
  const table = $('compare');
  if (models.length === 0) { /** @type {HTMLElement} */ (table.querySelector('tbody')).innerHTML = '<tr><td class="muted">No model is stored for these sessions.</td></tr>'; return; }
  const missing = MODELS.filter((m) => !state.models[m]);
  $('compare-tag').textContent = `the same sessions and prices under each stored positioning model${missing.length ? ` · not stored: ${missing.join(', ')}` : ''}`;
  /** @type {HTMLElement} */ (table.querySelector('thead')).innerHTML = `<tr><th>Figure</th>${models.map((m) => `<th class="num">${escapeHtml(m)}</th>`).join('')}${models.length === 2 ? '<th>Between models</th>' : ''}</tr>`;
  /** @type {HTMLElement} */ (table.querySelector('tbody')).innerHTML = COMPARED.map(([name, pick, fmt]) => {
    const est = models.map((m) => pick(/** @type {ScorecardReport} */ (state.models[m])));
    const between = models.length !== 2 ? '' : `<td>${est[0].value == null || est[1].value == null ? '<span class="muted">no comparison</span>' : apart(est[0], est[1]) ? '<span class="signal">outside noise</span>' : '<span class="noise" data-testid="noise">within noise</span>'}</td>`;
    return `<tr><td>${escapeHtml(name)}</td>${est.map((e) => `<td class="num">${withCi(e, fmt)}<span class="ci">n ${e.n}</span></td>`).join('')}${between}</tr>`;
  }).join('');
}

// ---------- loading ----------
function showError(/** @type {string} */ text) { const b = $('error-banner'); b.textContent = text; b.classList.remove('hidden'); }
function hideError() { $('error-banner').classList.add('hidden'); }

/** @param {string} model */
function url(model) {
  const p = new URLSearchParams({ model });
  if (input('from').value) p.set('from', input('from').value);
  if (input('to').value) p.set('to', input('to').value);
  return `api/${encodeURIComponent(input('symbol').value)}/scorecard?${p}`;
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
  renderHolds(r);
  renderVols(r);
  renderTables(r);
  renderCompare();
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
$('theme').addEventListener('click', () => {
  const next = document.documentElement.dataset.theme === 'light' ? 'dark' : 'light';
  document.documentElement.dataset.theme = next;
  localStorage.setItem('dealerflow.theme', next);
  for (const c of Object.values(state.charts)) c.dispose();
  state.charts = {};
  render();
});
window.addEventListener('resize', () => Object.values(state.charts).forEach((c) => c.resize()));
start().catch((err) => showError(`Cannot reach the server: ${err.message}`));
