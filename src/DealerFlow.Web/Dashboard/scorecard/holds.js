// @ts-check
// The wall hold rates as bars with 95 % interval whiskers (% of scored sessions).
import { f0, css } from '../format.js';
import { barsWithWhiskers, draw, dispose, base, title, pct } from './common.js';

/** @typedef {import('./common.js').ScorecardReport} ScorecardReport @typedef {import('./common.js').Estimate} Estimate @typedef {import('./common.js').Regime} Regime */

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


/** The panel: render(report, models) and clear(). */
export const holds = {
  /** @param {ScorecardReport} r @param {Record<string, ScorecardReport | null>} _models */
  render: (r, _models) => renderHolds(r),
  clear: () => dispose('chart-holds'),
};
