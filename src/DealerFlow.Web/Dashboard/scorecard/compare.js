// @ts-check
// The model comparison: the same figures under each stored positioning model, and whether they differ beyond noise.
import { escapeHtml } from '../format.js';
import { $, apart, withCi, asPct, asCorr } from './common.js';

/** The positioning models the page asks for. */
export const MODELS = ['classic', 'short-all'];

/** @typedef {import('./common.js').ScorecardReport} ScorecardReport @typedef {import('./common.js').Estimate} Estimate @typedef {import('./common.js').Regime} Regime */

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

/** @param {Record<string, ScorecardReport | null>} byModel */
function renderCompare(byModel) {
  const models = MODELS.filter((m) => byModel[m]);
  const table = $('compare');
  if (models.length === 0) { /** @type {HTMLElement} */ (table.querySelector('tbody')).innerHTML = '<tr><td class="muted">No model is stored for these sessions.</td></tr>'; return; }
  const missing = MODELS.filter((m) => !byModel[m]);
  $('compare-tag').textContent = `the same sessions and prices under each stored positioning model${missing.length ? ` · not stored: ${missing.join(', ')}` : ''}`;
  /** @type {HTMLElement} */ (table.querySelector('thead')).innerHTML = `<tr><th>Figure</th>${models.map((m) => `<th class="num">${escapeHtml(m)}</th>`).join('')}${models.length === 2 ? '<th>Between models</th>' : ''}</tr>`;
  /** @type {HTMLElement} */ (table.querySelector('tbody')).innerHTML = COMPARED.map(([name, pick, fmt]) => {
    const est = models.map((m) => pick(/** @type {ScorecardReport} */ (byModel[m])));
    const between = models.length !== 2 ? '' : `<td>${est[0].value == null || est[1].value == null ? '<span class="muted">no comparison</span>' : apart(est[0], est[1]) ? '<span class="signal">outside noise</span>' : '<span class="noise" data-testid="noise">within noise</span>'}</td>`;
    return `<tr><td>${escapeHtml(name)}</td>${est.map((e) => `<td class="num">${withCi(e, fmt)}<span class="ci">n ${e.n}</span></td>`).join('')}${between}</tr>`;
  }).join('');
}


/** The panel: render(report, models) and clear(). */
export const compare = {
  /** @param {ScorecardReport} _r @param {Record<string, ScorecardReport | null>} models */
  render: (_r, models) => renderCompare(models),
  clear: () => { /** @type {HTMLElement} */ ($('compare').querySelector('thead')).innerHTML = ''; /** @type {HTMLElement} */ ($('compare').querySelector('tbody')).innerHTML = '<tr><td class="muted">—</td></tr>'; },
};
