// @ts-check
// The levels table (flip, walls, absolute gamma strike, totals, with the change since the previous chain) and the
// top gamma strikes.
import { nf, f0, f2, px, compact, escapeHtml } from '../format.js';
import { $, state, unitShort, chg } from './common.js';

/** @type {import('./types.js').Panel} */
export const levels = {
  render(s) {
    const up = /** @type {import('./types.js').LevelsUpdate} */ (s.levels);
    const L = up.levels, cur = up.current, prev = up.previous, v = s.view, atc = up.atChainSpot, sym = s.symbol;
    const u = unitShort[v.unit];
    $('levels-tag').textContent = `${v.unitLabel} · ${v.model} · ${v.expiryDescription}`;
    // Which spot the levels are at: the moving spot of the last full recomputation, or the chain's own (as `dealerflow levels`).
    $('levels-spot').innerHTML = atc
      ? `At ${state.simulated ? 'simulated spot' : 'spot'} <b>${px(L.spot)}</b> (last full recomputation). At the chain's spot ${px(sym.chainSpot)}, as <code>dealerflow levels</code> prints: flip ${px(atc.zeroGamma)}, call wall ${px(atc.callWall)}, put wall ${px(atc.putWall)}.`
      : `At the chain's spot <b>${px(L.spot)}</b> (as <code>dealerflow levels</code> prints).`;
    /** @param {'zeroGamma' | 'callWall' | 'putWall' | 'absoluteGammaStrike'} key @param {(x: number | null) => string} fmt */
    const atChain = (key, fmt) => atc && atc[key] != null && atc[key] !== cur[key] ? ` · ${fmt(atc[key])} at chain spot` : '';
    /** @param {number | null | undefined} a @param {number | null | undefined} b @param {(x: number) => string} fmt */
    const d = (a, b, fmt) => prev == null || a == null || b == null ? '<span class="muted">—</span>' : chg(a - b, fmt);
    const rows = [
      ['Zero gamma (flip)', px(L.zeroGamma), 'price' + atChain('zeroGamma', px), d(cur.zeroGamma, prev?.zeroGamma, f2.format)],
      ['Call wall', px(L.callWall), (L.callWallGex ? `${compact(L.callWallGex.value)} ${u}` : '') + atChain('callWall', px), d(cur.callWall, prev?.callWall, f2.format)],
      ['Put wall', px(L.putWall), (L.putWallGex ? `${compact(L.putWallGex.value)} ${u}` : '') + atChain('putWall', px), d(cur.putWall, prev?.putWall, f2.format)],
      ['Abs. gamma strike', px(L.absoluteGammaStrike), (L.absoluteGammaStrikeGex ? `${compact(L.absoluteGammaStrikeGex.value)} ${u}, unsigned` : '') + atChain('absoluteGammaStrike', px), d(cur.absoluteGammaStrike, prev?.absoluteGammaStrike, f2.format)],
      ['Total GEX', compact(L.totalGex.value), `${v.unitLabel} at ${px(L.spot)}`, d(cur.totalGex, prev?.totalGex, compact)],
      ['Dealer delta (DEX)', compact(L.deltaExposure?.value), `shares · ${compact(L.deltaExposureDollars?.value)} $`, d(cur.deltaExposure, prev?.deltaExposure, compact)],
      ['Gamma tilt', L.gammaTilt == null ? '—' : nf(3).format(L.gammaTilt), 'call / put gamma', d(cur.gammaTilt, prev?.gammaTilt, nf(3).format)],
      ['Implied 1-day move', L.impliedMove == null ? '—' : '±' + f2.format(L.impliedMove), L.impliedMovePct == null ? '' : `±${f2.format(L.impliedMovePct)}% · ATM IV ${f2.format(L.atmIv * 100)}%`, d(cur.impliedMove, prev?.impliedMove, f2.format)],
    ];
    body('levels').innerHTML = rows.map(([k, val, unit, c]) =>
      `<tr><td>${k}</td><td class="num">${val}<span class="u">${unit}</span></td><td class="num chg">${c}</td></tr>`).join('');
    const prevTop = prev?.topStrikes || [];
    body('top-strikes').innerHTML = L.topStrikes.map((t) =>
      `<tr><td>${f0.format(t.strike)}${prev && !prevTop.includes(t.strike) ? ' <span class="up" title="new in the top list">new</span>' : ''}</td><td class="num">${compact(t.calls)}</td><td class="num">${compact(t.puts)}</td><td class="num ${t.net >= 0 ? 'up' : 'down'}">${compact(t.net)}</td></tr>`).join('')
      + `<tr><td colspan="4" class="muted" style="font-size:11px">${v.unitLabel} · ${v.model}</td></tr>`;
  },
  clear(s, missing) {
    const v = s.view;
    for (const id of ['levels', 'top-strikes']) body(id).innerHTML = `<tr><td colspan="4" class="muted" data-testid="empty-view">${missing.head} (${escapeHtml(v.expiryDescription)}).</td></tr>`;
    $('levels-spot').textContent = '';
    $('levels-tag').textContent = `${v.unitLabel} · ${v.model} · ${v.expiryDescription}`;
  },
};

const body = (/** @type {string} */ id) => /** @type {HTMLElement} */ ($(id).querySelector('tbody'));
