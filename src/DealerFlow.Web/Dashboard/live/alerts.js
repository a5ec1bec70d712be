// @ts-check
// The session's alerts (level crossings), newest first; they do not depend on the view's levels.
import { escapeHtml } from '../format.js';
import { $, time } from './common.js';

/** @param {import('./types.js').Alert[] | null | undefined} list */
export function renderAlerts(list) {
  const ul = $('alerts');
  if (!list || list.length === 0) { ul.innerHTML = '<li class="muted">No crossing yet this session.</li>'; return; }
  ul.innerHTML = list.slice().reverse().map((a) => `<li><time>${time(a.at)}</time>${escapeHtml(a.message)}</li>`).join('');
}

/** @type {import('./types.js').Panel} */
export const alerts = {
  render(s) { renderAlerts(s.alerts); },
  clear(s) { renderAlerts(s.alerts); },
};
