// @ts-check
// GEX by strike: calls, puts and net per strike within ±5 % of spot, with spot, flip and wall marks.
import { f0, compact, css } from '../format.js';
import { state, unitShort, chart, base, sub, axisFmt, levelMarks, viewEmpty, clearEmpty } from './common.js';

const ID = 'chart-strike';

/** @type {import('./types.js').Panel} */
export const strike = {
  render(s) {
    clearEmpty(ID);
    const x = s.exposure, v = s.view, t = /** @type {import('./types.js').LevelsUpdate} */ (s.levels).tick;
    const span = x.spot * 0.05;
    const o = base(`GEX by strike · ${s.symbol.symbol}`, sub(v) + ' · calls, puts and net per strike');
    o.legend = { top: 4, right: 10, data: ['Calls', 'Puts', 'Net'] };
    o.tooltip.valueFormatter = (/** @type {number} */ val) => `${compact(val)} ${unitShort[v.unit]}`;
    o.xAxis = { type: 'value', name: 'strike', nameLocation: 'middle', nameGap: 26, scale: true, min: Math.floor(x.spot - span), max: Math.ceil(x.spot + span), axisLabel: { formatter: (/** @type {number} */ q) => f0.format(q), showMinLabel: false, showMaxLabel: false } };
    o.yAxis = { type: 'value', name: unitShort[v.unit], axisLabel: { formatter: axisFmt }, splitLine: { lineStyle: { opacity: 0.3 } } };
    o.dataZoom = [{ type: 'inside', xAxisIndex: 0, filterMode: 'none' }];
    const pts = x.byStrike.filter((r) => r.strike >= x.spot - span * 1.2 && r.strike <= x.spot + span * 1.2);
    const width = Math.max(2, Math.min(18, 900 / Math.max(pts.length, 1) / 2.2));
    o.series = [
      { name: 'Calls', type: 'bar', stack: 'side', barWidth: width, itemStyle: { color: css('--call'), opacity: 0.55 }, data: pts.map((r) => [r.strike, r.calls]) },
      { name: 'Puts', type: 'bar', stack: 'side', barWidth: width, itemStyle: { color: css('--put'), opacity: 0.55 }, data: pts.map((r) => [r.strike, r.puts]) },
      { name: 'Net', type: 'bar', barWidth: Math.max(1.5, width * 0.45), barGap: '-100%', itemStyle: { color: css('--net') }, data: pts.map((r) => [r.strike, r.net]),
        markLine: levelMarks(t.spot, t.zeroGamma, x.callWall, x.putWall) },
    ];
    chart(ID).setOption(o, true);
  },
  clear(s, missing) { viewEmpty(ID, 'GEX by strike', s, missing); },
  // A tick moves the spot line without redrawing the chart.
  tick(spot, s) {
    const t = state.tick;
    if (!t || !state.charts[ID]) return;
    state.charts[ID].setOption({ series: [{}, {}, { markLine: levelMarks(spot, t.zeroGamma, s.exposure.callWall, s.exposure.putWall) }] });
  },
};
