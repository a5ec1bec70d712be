// @ts-check
// The gamma profile: GEX against hypothetical spot for all expiries and ex-next-expiry, the regimes shaded between
// zero crossings, the flip marked.
import { f0, px, compact, css } from '../format.js';
import { state, unitShort, chart, base, sub, axisFmt, levelMarks, viewEmpty, clearEmpty } from './common.js';

const ID = 'chart-profile';

/** Spot and flip marks, and the zero line. @param {number | null} spot @param {number | null} flip */
function marks(spot, flip) {
  const m = levelMarks(spot, flip, null, null);
  m.data.push({ name: 'zero', yAxis: 0, lineStyle: { color: css('--muted'), type: 'solid', width: 1 }, label: { show: false } });
  return m;
}

/** @type {import('./types.js').Panel} */
export const profile = {
  render(s) {
    clearEmpty(ID);
    const p = s.profile, v = s.view, t = /** @type {import('./types.js').LevelsUpdate} */ (s.levels).tick;
    const exNext = `Ex-next-expiry${p.nextExpiry ? ' (' + p.nextExpiry + ')' : ''}`;
    const o = base(`Gamma profile · ${s.symbol.symbol}`, sub(v) + ' · GEX vs hypothetical spot');
    o.legend = { bottom: 0, data: ['All expiries', exNext] };
    o.grid.bottom = 66;
    o.tooltip.valueFormatter = (/** @type {number} */ val) => `${compact(val)} ${unitShort[v.unit]}`;
    const pts = p.points;
    const lo = pts[0].spot, hi = pts[pts.length - 1].spot;
    o.xAxis = { type: 'value', name: 'hypothetical spot', nameLocation: 'middle', nameGap: 26, min: Math.floor(lo), max: Math.ceil(hi), axisLabel: { formatter: (/** @type {number} */ q) => f0.format(q), showMinLabel: false, showMaxLabel: false } };
    o.yAxis = { type: 'value', name: unitShort[v.unit], axisLabel: { formatter: axisFmt }, splitLine: { lineStyle: { opacity: 0.3 } } };
    // Shaded regimes: between consecutive zero crossings the sign of the profile is constant.
    const cuts = [lo, ...p.crossings.filter((c) => c > lo && c < hi).sort((a, b) => a - b), hi];
    const areas = [];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const mid = (cuts[i] + cuts[i + 1]) / 2;
      const near = pts.reduce((a, b) => Math.abs(b.spot - mid) < Math.abs(a.spot - mid) ? b : a);
      const long = near.gex >= 0;
      areas.push([{ xAxis: cuts[i], itemStyle: { color: long ? css('--long') : css('--short'), opacity: 0.08 }, name: long ? 'long gamma' : 'short gamma', label: { color: long ? css('--long') : css('--short'), position: 'insideTop', fontSize: 11 } }, { xAxis: cuts[i + 1] }]);
    }
    o.series = [
      { name: 'All expiries', type: 'line', showSymbol: false, lineStyle: { width: 2.5, color: css('--net') }, itemStyle: { color: css('--net') }, data: pts.map((q) => [q.spot, q.gex]), markLine: marks(t.spot, p.zeroGamma), markArea: { silent: true, data: areas } },
      { name: exNext, type: 'line', showSymbol: false, lineStyle: { width: 1.5, type: 'dashed', color: css('--warn') }, itemStyle: { color: css('--warn') }, data: pts.map((q) => [q.spot, q.gexExNextExpiry]) },
    ];
    if (p.zeroGamma != null) o.series.push({ name: 'Flip', type: 'scatter', symbolSize: 11, itemStyle: { color: css('--warn') }, data: [[p.zeroGamma, 0]], tooltip: { valueFormatter: () => px(p.zeroGamma) } });
    chart(ID).setOption(o, true);
  },
  clear(s, missing) { viewEmpty(ID, 'Gamma profile', s, missing); },
  // A tick moves the spot line without redrawing the chart.
  tick(spot, s) {
    if (!state.charts[ID]) return;
    state.charts[ID].setOption({ series: [{ markLine: marks(spot, s.profile.zeroGamma) }] });
  },
};
