// @ts-check
// The dashboard's API client: GET or POST JSON and tell an answer from a problem (RFC 9457 problem details); the
// paths of a symbol's resources. Every page reads the server through here (the live stream is an EventSource on
// symbolPath(symbol, 'stream', query)).

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
  return answer(await fetch(path, { headers: { accept: 'application/json' } }));
}

/**
 * POSTs a JSON body to a path relative to the page.
 * @param {string} path
 * @param {unknown} body
 * @returns {Promise<ApiAnswer>}
 */
export async function postJson(path, body) {
  return answer(await fetch(path, { method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/json' }, body: JSON.stringify(body) }));
}

/** The answer or the problem of a response. @param {Response} r @returns {Promise<ApiAnswer>} */
async function answer(r) {
  const text = await r.text();
  /** @type {any} */
  let body = null;
  try { body = text === '' ? null : JSON.parse(text); } catch { body = { title: `HTTP ${r.status}`, detail: text.slice(0, 300) }; }
  return r.ok ? { ok: true, status: r.status, body } : { ok: false, status: r.status, problem: body ?? { title: `HTTP ${r.status}` } };
}

/**
 * The path of one of a symbol's resources, e.g. api/SPX/snapshot?unit=1pct.
 * @param {string} symbol @param {string} resource @param {string | URLSearchParams} [query]
 */
export const symbolPath = (symbol, resource, query) => {
  const q = String(query ?? '');
  return `api/${encodeURIComponent(symbol)}/${resource}${q === '' ? '' : '?' + q}`;
};

/** The symbols the server serves. @returns {Promise<SymbolInfo[]>} */
export async function symbols() {
  const a = await getJson('api/symbols');
  return a.ok ? a.body : [];
}

/** A problem as one line of HTML-free text: its title, detail and field errors. @param {Problem} p */
export const problemText = (p) => [p.title, p.detail, ...Object.entries(p.errors ?? {}).map(([k, v]) => `${k}: ${v.join(' ')}`)].filter(Boolean).join(' — ');
