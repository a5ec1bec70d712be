// @ts-check
// GEX by expiry: calls, puts and net of the first 24 expiries.
import { compact, css } from '../format.js';
import { unitShort, chart, base, sub, axisFmt, viewEmpty, clearEmpty } from './common.js';

const ID = 'chart-expiry';

/** @type {import('./types.js').Panel} */
export const expiry = {
  render(s) {
    clearEmpty(ID);
    const x = s.exposure, v = s.view;
    const rows = x.byExpiry.slice(0, 24);
    const o = base(`GEX by expiry · ${s.symbol.symbol}`, sub(v) + ` · ${x.byExpiry.length} expiries, first ${rows.length} shown`);
    o.legend = { bottom: 0, data: ['Calls', 'Puts', 'Net'] };
    o.tooltip.valueFormatter = (/** @type {number} */ val) => `${compact(val)} ${unitShort[v.unit]}`;
    o.grid.bottom = 84;
    o.xAxis = { type: 'category', data: rows.map((r) => `${r.expiry.slice(5)}${r.settlement === 'Am' || r.settlement === 'AM' ? ' AM' : ''}`), axisLabel: { rotate: 45, fontSize: 10 } };
    o.yAxis = { type: 'value', name: unitShort[v.unit], axisLabel: { formatter: axisFmt }, splitLine: { lineStyle: { opacity: 0.3 } } };
    o.series = [
      { name: 'Calls', type: 'bar', stack: 'side', itemStyle: { color: css('--call'), opacity: 0.55 }, data: rows.map((r) => r.calls) },
      { name: 'Puts', type: 'bar', stack: 'side', itemStyle: { color: css('--put'), opacity: 0.55 }, data: rows.map((r) => r.puts) },
      { name: 'Net', type: 'line', symbolSize: 5, itemStyle: { color: css('--net') }, data: rows.map((r) => r.net) },
    ];
    chart(ID).setOption(o, true);
  },
  clear(s, missing) { viewEmpty(ID, 'GEX by expiry', s, missing); },
};
