// @ts-check
// The summary line and the plain verdicts: which comparisons are within noise (docs/scorecard.md).
import { escapeHtml } from '../format.js';
import { $, contains, apart, pct, asCorr } from './common.js';

/** @typedef {import('./common.js').ScorecardReport} ScorecardReport @typedef {import('./common.js').Estimate} Estimate @typedef {import('./common.js').Regime} Regime */

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
function renderSummary(r) {
  $('verdicts').innerHTML = verdicts(r).map((v) => `<li>${marked(v)}</li>`).join('');
  $('summary').textContent = `${r.underlying}: ${r.sessions} stored sessions ${r.from} to ${r.to}, ${r.scored} scored against ${r.prices} (${r.withoutPrices} without the next session's prices). Positioning ${r.positioning}: ${r.positioningDescription}; GEX in ${r.gexUnit}. ${r.bootstrap.resamples} bootstrap resamples, seed ${r.bootstrap.seed}.${r.scored < 100 ? ` ${r.scored} sessions decide nothing: every interval is wide.` : ''}`;
  $('summary-tag').textContent = `model ${r.positioning}`;
}

function clearSummary() {
  $('verdicts').innerHTML = '';
  $('summary').textContent = '—';
  $('summary-tag').textContent = '';
}

/** The panel: render(report, models) and clear(). */
export const summary = {
  /** @param {ScorecardReport} r @param {Record<string, ScorecardReport | null>} _models */
  render: (r, _models) => renderSummary(r),
  clear: () => clearSummary(),
};
