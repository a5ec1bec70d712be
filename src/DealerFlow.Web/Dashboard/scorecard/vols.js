// @ts-check
// Realised vol after each regime (above/below the flip, positive/negative GEX) as bars with 95 % whiskers (% annualised).
import { f0, f1, css } from '../format.js';
import { barsWithWhiskers, draw, dispose, base, title } from './common.js';

/** @typedef {import('./common.js').ScorecardReport} ScorecardReport @typedef {import('./common.js').Estimate} Estimate @typedef {import('./common.js').Regime} Regime */

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


/** The panel: render(report, models) and clear(). */
export const vols = {
  /** @param {ScorecardReport} r @param {Record<string, ScorecardReport | null>} _models */
  render: (r, _models) => renderVols(r),
  clear: () => dispose('chart-vols'),
};
