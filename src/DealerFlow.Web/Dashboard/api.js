// @ts-check
// The dashboard's API client: GET a JSON resource and tell an answer from a problem (RFC 9457 problem details).

/**
 * @typedef {{ title?: string, detail?: string, status?: number, errors?: Record<string, string[]> }} Problem
 * @typedef {{ ok: true, status: number, body: any } | { ok: false, status: number, problem: Problem }} ApiAnswer
 * @typedef {{ symbol: string, status: string }} SymbolInfo
 */

/**
 * GETs a path relative to the page as JSON.
 * @param {string} path
 * @returns {Promise<ApiAnswer>}
 */
export async function getJson(path) {
  const r = await fetch(path, { headers: { accept: 'application/json' } });
  const text = await r.text();
  /** @type {any} */
  let body = null;
  try { body = text === '' ? null : JSON.parse(text); } catch { body = { title: `HTTP ${r.status}`, detail: text.slice(0, 300) }; }
  return r.ok ? { ok: true, status: r.status, body } : { ok: false, status: r.status, problem: body ?? { title: `HTTP ${r.status}` } };
}

/** The symbols the server serves. @returns {Promise<SymbolInfo[]>} */
export async function symbols() {
  const a = await getJson('api/symbols');
  return a.ok ? a.body : [];
}

/** A problem as one line of HTML-free text: its title, detail and field errors. @param {Problem} p */
export const problemText = (p) => [p.title, p.detail, ...Object.entries(p.errors ?? {}).map(([k, v]) => `${k}: ${v.join(' ')}`)].filter(Boolean).join(' — ');
