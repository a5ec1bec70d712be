// @ts-check
// The articles' strategies as stated rules: n, hit rate and mean outcome against their baselines, and the verdict.
import { escapeHtml } from '../format.js';
import { $, withCi, asPct, asDec } from './common.js';

/** @typedef {import('./common.js').ScorecardReport} ScorecardReport @typedef {import('./common.js').Estimate} Estimate @typedef {import('./common.js').Regime} Regime */

/** @param {ScorecardReport} r */
function renderStrategies(r) {
  const body = /** @type {HTMLElement} */ ($('strategies').querySelector('tbody'));
  body.innerHTML = r.strategies.map((s) => `<tr data-testid="strategy-${escapeHtml(s.name)}"><td>${escapeHtml(s.name)}</td><td class="top">${escapeHtml(s.rule)}; hit: ${escapeHtml(s.hit)}; outcome: ${escapeHtml(s.outcome)}</td><td class="num">${s.meanOutcome.n}</td><td class="num">${withCi(s.hitRate, asPct)}</td><td class="num">${withCi(s.baselineHitRate, asPct)}</td><td class="num">${withCi(s.meanOutcome, asDec)}</td><td class="num">${withCi(s.baselineMeanOutcome, asDec)}</td><td>${s.meanOutcome.n === 0 ? '<span class="muted">rule never met</span>' : s.withinNoise ? '<span class="noise" data-testid="noise">within noise</span>' : '<span class="signal">outside noise</span>'}</td></tr>`).join('');
}

/** The panel: render(report, models) and clear(). */
export const strategies = {
  /** @param {ScorecardReport} r @param {Record<string, ScorecardReport | null>} _models */
  render: (r, _models) => renderStrategies(r),
  clear: () => { /** @type {HTMLElement} */ ($('strategies').querySelector('tbody')).innerHTML = '<tr><td colspan="8" class="muted">—</td></tr>'; },
};
