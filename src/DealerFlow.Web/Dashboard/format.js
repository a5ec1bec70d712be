// @ts-check
// Number and text formatting shared by the dashboard's pages (one copy: app.js and simulate.js had their own).

/** @param {number} d digits after the point */
export const nf = (d) => new Intl.NumberFormat('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
export const f2 = nf(2), f1 = nf(1), f0 = nf(0);

/** A price, or an em dash for no value. @param {number | null | undefined} v */
export const px = (v) => v == null ? '—' : f2.format(v);

/** A large number with k / mn / bn / tn. @param {number | null | undefined} v */
export function compact(v) {
  if (v == null || !isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a >= 1e12) return f2.format(v / 1e12) + ' tn';
  if (a >= 1e9) return f2.format(v / 1e9) + ' bn';
  if (a >= 1e6) return f2.format(v / 1e6) + ' mn';
  if (a >= 1e3) return f1.format(v / 1e3) + ' k';
  return f2.format(v);
}

/** Text safe to put in HTML. @param {unknown} t */
export const escapeHtml = (t) => String(t ?? '').replace(/[&<>"']/g, (c) => (/** @type {Record<string, string>} */ ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }))[c]);

/** A CSS custom property of the page's theme. @param {string} name */
export const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

/** The ECharts theme name of the page's theme. */
export const themeName = () => document.documentElement.dataset.theme === 'light' ? null : 'dark';

/** A clock time in the browser's zone (when the page last heard something): HH:mm:ss; an em dash for no value. */
export const time = (/** @type {string | null | undefined} */ iso) => iso ? new Date(iso).toLocaleTimeString('en-GB', { hour12: false }) : '—';
/** A chain's instant as it was stamped, in the chain's own zone: yyyy-MM-dd HH:mm and the offset (+hh:mm). */
export const dateTime = (/** @type {string | null | undefined} */ iso) => {
  if (!iso) return '—';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} ${iso.slice(-6)}` : iso;
};
