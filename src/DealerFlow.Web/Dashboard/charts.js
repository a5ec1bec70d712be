// @ts-check
// ECharts for the pages that draw charts, in one place: the library loaded once (lib/echarts.min.js, which the build
// copies from npm) before any module that imports this one runs, charts created in the page's theme, and the options
// every chart starts from. Built without Node.js, ECharts is absent: chartsMissing is true, initChart gives a chart
// that draws nothing, and the page says why.
import { css, themeName } from './format.js';

/** True when lib/echarts.min.js could not be loaded. */
export const chartsMissing = !(await new Promise((resolve) => {
  const s = document.createElement('script');
  s.src = 'lib/echarts.min.js';
  s.onload = () => resolve(true);
  s.onerror = () => resolve(false);
  document.head.append(s);
}));

const noChart = { setOption() {}, resize() {}, dispose() {}, clear() {}, getOption() { return {}; } };

/** A chart in element el, in the page's theme (charts take the theme when created). @param {HTMLElement} el @returns {any} */
export const initChart = (el) => chartsMissing ? noChart : echarts.init(el, themeName(), { renderer: 'canvas' });

/** The options every chart starts from: transparent background, the page's font, no animation. @returns {any} */
export const chartBase = () => ({
  backgroundColor: 'transparent', animation: false,
  textStyle: { fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif' },
});

/** A chart's title and subtitle in the page's colours. @param {string} text @param {string} subtext */
export const chartTitle = (text, subtext) => ({ text, subtext, left: 4, top: 0, textStyle: { fontSize: 14, color: css('--text') }, subtextStyle: { fontSize: 11, color: css('--muted') } });
