// @ts-check
// The page chrome every dashboard page shares, in one place: the brand, the links to the other pages and the theme
// switch, put into the page's <header class="top" data-page="…">, the footer with the API links, and the empty icon
// (no /favicon.ico request), when a page module imports this one (before the page's own code runs). The theme itself
// is set before the first paint by the inline script in each page's <head>.

/** @typedef {{ page: string, href: string, text: string, testid: string, title: string, sub: string, footer: string }} Page */

/** @type {Page[]} The pages, in the order their links stand in the header. */
export const PAGES = [
  { page: 'dashboard', href: './', text: '◂ Dashboard', testid: 'dashboard-link', title: 'Live dealer gamma levels of one symbol', sub: 'live GEX', footer: 'exposure from open interest under the selected positioning model' },
  { page: 'market', href: 'market.html', text: '▦ Market', testid: 'market-link', title: 'Every underlying: regime, distance to flip, walls', sub: 'market', footer: 'market overview: docs/dashboard.md#market-overview' },
  { page: 'simulate', href: 'simulate.html', text: '▶ Simulator', testid: 'simulator-link', title: 'Run the dealer-hedging market simulator', sub: 'simulator', footer: 'simulator: docs/hedging.md' },
  { page: 'scorecard', href: 'scorecard.html', text: '◎ Scorecard', testid: 'scorecard-link', title: 'Do the levels hold? Stored sessions scored against the next sessions', sub: 'scorecard', footer: 'scorecard: docs/scorecard.md' },
];

/** @type {(() => void)[]} */
const listeners = [];

/** Calls fn after the theme has switched (pages redraw their charts, which take the theme when created). @param {() => void} fn */
export function onThemeChange(fn) { listeners.push(fn); }

/** Switches dark / light, remembers it for every page, and tells the page. */
export function toggleTheme() {
  const next = document.documentElement.dataset.theme === 'light' ? 'dark' : 'light';
  document.documentElement.dataset.theme = next;
  localStorage.setItem('dealerflow.theme', next);
  for (const fn of listeners) fn();
}

/**
 * Puts the brand first and the other pages' links and the theme button last in the page's header, and the footer
 * last in the body.
 * @param {HTMLElement} header
 */
export function renderNav(header) {
  const here = PAGES.find((p) => p.page === header.dataset.page);
  if (!here) throw new Error(`nav.js: <header data-page="${header.dataset.page}"> names no page of ${PAGES.map((p) => p.page).join(', ')}.`);
  const brand = document.createElement('div');
  brand.className = 'brand';
  brand.innerHTML = `<span class="logo">◆</span> DealerFlow <span class="sub">${here.sub}</span>`;
  header.prepend(brand);
  for (const p of PAGES.filter((q) => q !== here)) {
    const a = document.createElement('a');
    a.className = 'ghost navlink';
    a.href = p.href;
    a.dataset.testid = p.testid;
    a.title = p.title;
    a.textContent = p.text;
    header.append(a);
  }
  const theme = document.createElement('button');
  theme.id = 'theme';
  theme.className = 'ghost';
  theme.title = 'Switch dark / light theme';
  theme.dataset.testid = 'theme';
  theme.textContent = '◐ Theme';
  theme.addEventListener('click', toggleTheme);
  header.append(theme);
  const footer = document.createElement('footer');
  footer.innerHTML = `DealerFlow · ${here.footer} · <a href="api/docs">API reference</a> · <a href="openapi/v1.json">OpenAPI</a>`;
  document.body.append(footer);
  const icon = document.createElement('link');
  icon.rel = 'icon';
  icon.href = 'data:,';
  document.head.append(icon);
}

renderNav(/** @type {HTMLElement} */ (document.querySelector('header.top')));
