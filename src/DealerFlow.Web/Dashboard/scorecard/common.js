// @ts-check
// What the scorecard page's panels share: the payload's types, "within noise" (docs/scorecard.md), number formats and
// the bars-with-whiskers chart.
import { f1, f2, css } from '../format.js';
import { initChart, chartBase, chartTitle } from '../charts.js';

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
export const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

// ---------- within noise (docs/scorecard.md) ----------
/** @param {Estimate} e @param {number} x */
export const contains = (e, x) => e.ci95 != null && e.ci95[0] <= x && x <= e.ci95[1];
/**
 * Two figures cannot be told apart when either interval contains the other's value, or when either has no interval.
 * @param {Estimate} a @param {Estimate} b
 */
export const apart = (a, b) => a.value != null && b.value != null && a.ci95 != null && b.ci95 != null && !contains(a, b.value) && !contains(b, a.value);

// ---------- formatting ----------
/** @param {Estimate} e */
export const pct = (e) => e.value == null ? 'n/a' : `${f1.format(e.value * 100)} %`;
/** @param {Estimate} e @param {(v: number) => string} fmt */
export const withCi = (e, fmt) => e.value == null ? '<span class="muted">n/a</span>'
  : `${fmt(e.value)}<span class="ci">${e.ci95 == null ? 'no interval' : `[${fmt(e.ci95[0])}, ${fmt(e.ci95[1])}]`}</span>`;
export const asPct = (/** @type {number} */ v) => `${f1.format(v * 100)} %`;
export const asDec = (/** @type {number} */ v) => (v > 0 ? '+' : v < 0 ? '−' : '') + f2.format(Math.abs(v) * 100) + ' %';
export const asCorr = (/** @type {number} */ v) => (v > 0 ? '+' : v < 0 ? '−' : '') + f2.format(Math.abs(v));

// ---------- charts ----------
/** The page's ECharts instances by element id (read by the browser test as window.dealerflowScore.charts). @type {Record<string, any>} */
export const charts = {};

/** Disposes the chart in element <id> (a panel's clear). @param {string} id */
export function dispose(id) { if (charts[id]) { charts[id].dispose(); delete charts[id]; } }

/** ECharts series for bars with 95 % whiskers; values in %. @param {string} name @param {string} color @param {Estimate[]} est @param {number} offset @param {number} width @returns {any[]} the bar series and its whisker series (ECharts options) */
export function barsWithWhiskers(name, color, est, offset, width) {
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
export function draw(id, option) {
  const chart = charts[id] ?? initChart($(id));
  charts[id] = chart;
  chart.setOption(option, true);
}

export const base = () => ({
  ...chartBase(),
  tooltip: { trigger: 'axis', confine: true, axisPointer: { type: 'shadow' } },
});
export const title = chartTitle;
