// DealerFlow dashboard: one EventSource per selected symbol and view; ECharts for the charts.
import { nf, f2, f0, px, compact, css, escapeHtml, themeName } from './format.js';

(() => {
  const $ = (id) => document.getElementById(id);
  const state = { symbol: null, source: null, snapshot: null, tick: null, updates: 0, ticks: 0, snapshots: 0, lastSpot: null, charts: {} };
  window.dealerflow = state; // read by the browser test

  // ---------- formatting ----------
  const signed = (v, fmt) => v == null || !isFinite(v) ? '—' : (v > 0 ? '+' : v < 0 ? '−' : '±') + fmt(Math.abs(v));
  const unitShort = { 'usd-per-1pct': '$/1%', 'usd-per-point': '$/pt', 'shares-per-usd': 'sh/$' };
  const time = (iso) => iso ? new Date(iso).toLocaleTimeString('en-GB', { hour12: false }) : '—';
  const dateTime = (iso) => {
    if (!iso) return '—';
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
    return m ? `${m[1]} ${m[2]} ${iso.slice(-6)}` : iso;
  };
  // A chain's instant in its own zone (the offset it was stored with): yyyy-MM-dd, and HH:mm when asked.
  const offsetMinutes = (iso) => { const m = /([+-])(\d{2}):(\d{2})$/.exec(iso || ''); return m ? (m[1] === '-' ? -1 : 1) * (parseInt(m[2], 10) * 60 + parseInt(m[3], 10)) : 0; };
  const zoned = (ms, offset, withTime) => { const t = new Date(ms + offset * 60000).toISOString(); return withTime ? `${t.slice(0, 10)} ${t.slice(11, 16)}` : t.slice(0, 10); };
  const localDate = (ms) => { const d = new Date(ms); return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`; };

  // ---------- view settings ----------
  function query() {
    const p = new URLSearchParams();
    p.set('unit', $('unit').value);
    p.set('model', $('model').value);
    const e = $('expiry').value;
    p.set('expiry', e === 'days' ? String(Math.max(0, parseInt($('days').value || '7', 10))) : e);
    return p.toString();
  }

  // ---------- connection ----------
  function connect() {
    if (state.source) state.source.close();
    if (!state.symbol) return;
    setConn('connecting', '');
    const es = new EventSource(`api/${encodeURIComponent(state.symbol)}/stream?${query()}`);
    state.source = es;
    es.addEventListener('open', () => setLive());
    es.addEventListener('error', () => setConn(es.readyState === EventSource.CLOSED ? 'disconnected' : 'reconnecting…', 'down'));
    es.addEventListener('snapshot', (e) => { state.snapshots++; onSnapshot(JSON.parse(e.data)); bump(); });
    // A chain update or recomputation pushes only what changed (state and levels); the page fetches the large views.
    es.addEventListener('levels', (e) => { const u = JSON.parse(e.data); if (u.levels) onTick(u.levels.tick); refresh(es); bump(); });
    es.addEventListener('status', (e) => renderStatus(JSON.parse(e.data)));
    es.addEventListener('tick', (e) => { state.ticks++; onTick(JSON.parse(e.data)); bump(); });
    es.addEventListener('alert', (e) => onAlert(JSON.parse(e.data), true));
  }
  // One snapshot fetch at a time per connection; updates that arrive meanwhile fetch once more afterwards.
  let fetching = false, again = false;
  async function refresh(es) {
    if (fetching) { again = true; return; }
    fetching = true;
    try {
      do {
        again = false;
        const r = await fetch(`api/${encodeURIComponent(state.symbol)}/snapshot?${query()}`);
        if (r.ok && state.source === es) { state.snapshots++; onSnapshot(await r.json()); }
      } while (again && state.source === es);
    } catch {
      // the server is unreachable: the EventSource reconnects and its first event is a full snapshot
    } finally { fetching = false; }
  }
  function bump() { state.updates++; document.body.dataset.updates = String(state.updates); }
  function setConn(text, cls) { $('conn').textContent = text; $('conn-dot').className = 'dot ' + cls; }
  // Connected: "live" for spot from the chains, "simulated spot" (no green dot) when the demo's walk moves spot.
  function setLive() { if (state.simulated) setConn('connected · simulated spot', 'sim'); else setConn('live', 'live'); }
  function renderSpotSource(sym) {
    state.simulated = sym.spotSource === 'simulated';
    const el = $('spot-source');
    el.textContent = state.simulated ? '· simulated' : '';
    el.className = 'spot-src' + (state.simulated ? ' sim' : '');
    el.title = state.simulated ? "Demo: a random walk around the chain's spot, not a market price" : '';
    if (state.source && state.source.readyState === EventSource.OPEN) setLive();
  }
  const spotWord = () => state.simulated ? 'Simulated spot' : 'Spot';
  // A chart with nothing to draw: a note over its card instead of an empty or stale chart.
  function setEmpty(id, html) {
    const host = $(id).parentElement;
    let n = host.querySelector(':scope > .empty-note');
    if (!n) { n = document.createElement('div'); n.className = 'empty-note'; n.dataset.testid = 'empty-' + id; host.appendChild(n); }
    n.innerHTML = html;
    n.classList.remove('hidden');
    // Disposed, not cleared: a cleared chart still paints its theme's background as a dark box under the note.
    if (state.charts[id]) { state.charts[id].dispose(); delete state.charts[id]; }
  }
  function clearEmpty(id) { const n = $(id).parentElement.querySelector(':scope > .empty-note'); if (n) n.classList.add('hidden'); }
  const viewCharts = { 'chart-strike': 'GEX by strike', 'chart-profile': 'Gamma profile', 'chart-expiry': 'GEX by expiry', 'chart-delta': 'Dealer delta profile D(S)' };

  async function loadSymbols() {
    const r = await fetch('api/symbols');
    const list = await r.json();
    const sel = $('symbol');
    const current = state.symbol || new URLSearchParams(location.search).get('symbol') || localStorage.getItem('dealerflow.symbol');
    sel.innerHTML = '';
    for (const s of list) {
      const o = document.createElement('option');
      o.value = s.symbol;
      o.textContent = s.status === 'error' ? `${s.symbol} ⚠` : s.symbol;
      sel.appendChild(o);
    }
    if (list.length === 0) { setConn('no symbols yet', 'down'); setTimeout(loadSymbols, 2000); return; }
    state.symbol = list.some((s) => s.symbol === current) ? current : list[0].symbol;
    sel.value = state.symbol;
    connect();
  }

  // ---------- header and table ----------
  const regimeClass = { 'long gamma': 'long', 'short gamma': 'short', flat: 'flat', unknown: 'unknown' };

  function onTick(t) {
    state.tick = t;
    const prev = state.lastSpot;
    $('spot').textContent = px(t.spot);
    const mv = $('spot-move');
    if (prev != null && t.spot !== prev) { mv.textContent = signed(t.spot - prev, (x) => f2.format(x)); mv.className = 'move ' + (t.spot > prev ? 'up' : 'down'); }
    state.lastSpot = t.spot;
    // The four regimes of the server's one assembler, each its own colour; anything else shows as unknown.
    const badge = $('regime');
    const regime = regimeClass[t.regime] ? t.regime : 'unknown';
    badge.textContent = regime;
    badge.className = 'badge ' + regimeClass[regime];
    $('flip-distance').textContent = t.distanceToFlip == null ? 'no flip in range' : `${signed(t.distanceToFlip, (x) => f2.format(x))} (${signed(t.distanceToFlipPct, (x) => f2.format(x))}%) ${t.distanceToFlip >= 0 ? 'above' : 'below'}`;
    $('gex-spot').textContent = `${compact(t.netGex)} ${unitShort[t.unit] || t.unit}`;
    $('updated').textContent = time(t.at);
    setSpotMarks(t.spot);
  }

  function onSnapshot(s) {
    state.snapshot = s;
    renderSpotSource(s.symbol);
    renderStatus(s.symbol);
    renderStore(s.history && s.history.store);
    const v = s.view;
    $('view-label').textContent = `${v.unitLabel} · model ${v.model} · ${v.expiryDescription}`;
    // The feed's own mark (issue 16): real time, delayed 15 min or end of day; nothing when the source does not say.
    $('asof').textContent = dateTime(s.symbol.asOf) + (s.symbol.timeliness ? ` · ${s.symbol.timeliness}` : '');
    if (!s.levels) {
      // Nothing to draw for this view (no chain yet, or an expiry filter with no contracts, e.g. 0DTE after the close):
      // a note on each view chart, not the error banner (that is for source errors). Spot, alerts and the history
      // charts (every expiry) stay.
      const noChain = s.symbol.chainVersion === 0;
      const head = noChain ? 'Waiting for a chain' : 'No contracts in this filter';
      const why = escapeHtml(s.viewError || '');
      for (const [id, title] of Object.entries(viewCharts)) setEmpty(id, `<b>${title} · ${escapeHtml(s.symbol.symbol)}</b><span>${head}</span><span>${why}</span>`);
      for (const id of ['levels', 'top-strikes']) $(id).querySelector('tbody').innerHTML = `<tr><td colspan="4" class="muted" data-testid="empty-view">${head} (${escapeHtml(v.expiryDescription)}).</td></tr>`;
      $('levels-spot').textContent = '';
      $('levels-tag').textContent = `${v.unitLabel} · ${v.model} · ${v.expiryDescription}`;
      $('spot').textContent = px(s.symbol.spot);
      for (const id of ['flip-distance', 'gex-spot']) $(id).textContent = '—';
      $('regime').textContent = '—';
      $('regime').className = 'badge';
      state.tick = null;
      clearFlows(`${head} (${v.expiryDescription}).`);
      renderAlerts(s.alerts);
      renderHeatmap(s);
      renderHistory(s);
      return;
    }
    for (const id of Object.keys(viewCharts)) clearEmpty(id);
    onTick(s.levels.tick);
    renderLevels(s);
    renderAlerts(s.alerts);
    renderStrikeChart(s);
    renderProfileChart(s);
    renderExpiryChart(s);
    renderHeatmap(s);
    renderHistory(s);
    loadFlows(s);
  }

  // The snapshot store: its state in the header, its error (the server keeps serving the session's history) in a banner.
  function renderStore(st) {
    if (!st) return;
    const el = $('store');
    el.textContent = st.state === 'ok' ? `ok · ${st.written} written` : st.state === 'disabled' ? 'off (session only)' : st.state;
    el.title = st.location || '';
    el.className = st.state === 'error' ? 'down' : '';
    const b = $('store-banner');
    if (st.state === 'error') {
      b.innerHTML = `<strong>Store error</strong> at ${time(st.errorAt)} — ${escapeHtml(String(st.error || '').replace(/\.+$/, ''))}. The levels-over-time chart shows this session only.`;
      b.classList.remove('hidden');
    } else {
      b.classList.add('hidden');
    }
  }

  function renderStatus(sym) {
    if (sym.status === 'error') {
      const reason = String(sym.error || '').replace(/\.+$/, '');
      showError(`<strong>${escapeHtml(sym.symbol)}: source error</strong> at ${time(sym.errorAt)} — ${escapeHtml(reason)}. ${sym.chainVersion > 0 ? `Showing the last good data (chain as of ${dateTime(sym.asOf)}).` : 'No good data has arrived yet.'}`);
    } else {
      $('error-banner').classList.add('hidden');
    }
    const opt = [...$('symbol').options].find((o) => o.value === sym.symbol);
    if (opt) opt.textContent = sym.status === 'error' ? `${sym.symbol} ⚠` : sym.symbol;
    document.body.dataset.status = sym.status;
  }
  function showError(html) { const b = $('error-banner'); b.innerHTML = html; b.classList.remove('hidden'); }

  function renderLevels(s) {
    const L = s.levels.levels, cur = s.levels.current, prev = s.levels.previous, v = s.view, atc = s.levels.atChainSpot, sym = s.symbol;
    const u = unitShort[v.unit];
    $('levels-tag').textContent = `${v.unitLabel} · ${v.model} · ${v.expiryDescription}`;
    // Which spot the levels are at: the moving spot of the last full recomputation, or the chain's own (as `dealerflow levels`).
    $('levels-spot').innerHTML = atc
      ? `At ${state.simulated ? 'simulated spot' : 'spot'} <b>${px(L.spot)}</b> (last full recomputation). At the chain's spot ${px(sym.chainSpot)}, as <code>dealerflow levels</code> prints: flip ${px(atc.zeroGamma)}, call wall ${px(atc.callWall)}, put wall ${px(atc.putWall)}.`
      : `At the chain's spot <b>${px(L.spot)}</b> (as <code>dealerflow levels</code> prints).`;
    const atChain = (key, fmt) => atc && atc[key] != null && atc[key] !== cur[key] ? ` · ${fmt(atc[key])} at chain spot` : '';
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
    $('levels').querySelector('tbody').innerHTML = rows.map(([k, val, unit, c]) =>
      `<tr><td>${k}</td><td class="num">${val}<span class="u">${unit}</span></td><td class="num chg">${c}</td></tr>`).join('');
    const prevTop = prev?.topStrikes || [];
    $('top-strikes').querySelector('tbody').innerHTML = L.topStrikes.map((t) =>
      `<tr><td>${f0.format(t.strike)}${prev && !prevTop.includes(t.strike) ? ' <span class="up" title="new in the top list">new</span>' : ''}</td><td class="num">${compact(t.calls)}</td><td class="num">${compact(t.puts)}</td><td class="num ${t.net >= 0 ? 'up' : 'down'}">${compact(t.net)}</td></tr>`).join('')
      + `<tr><td colspan="4" class="muted" style="font-size:11px">${v.unitLabel} · ${v.model}</td></tr>`;
  }
  function chg(x, fmt) {
    if (Math.abs(x) < 1e-9 || fmt(Math.abs(x)) === fmt(0)) return '<span class="muted">unch.</span>';
    return `<span class="${x > 0 ? 'up' : 'down'}">${signed(x, fmt)}</span>`;
  }

  function renderAlerts(list) {
    const ul = $('alerts');
    if (!list || list.length === 0) { ul.innerHTML = '<li class="muted">No crossing yet this session.</li>'; return; }
    ul.innerHTML = list.slice().reverse().map((a) => `<li><time>${time(a.at)}</time>${escapeHtml(a.message)}</li>`).join('');
  }
  function onAlert(a, toast) {
    if (state.snapshot) { state.snapshot.alerts = [...(state.snapshot.alerts || []), a]; renderAlerts(state.snapshot.alerts); }
    if (toast) {
      const t = document.createElement('div');
      t.className = 'toast';
      t.textContent = '⚑ ' + a.message;
      $('toasts').appendChild(t);
      setTimeout(() => t.remove(), 6000);
    }
  }

  // ---------- charts ----------
  // Built without Node.js, ECharts is absent: the numbers still update and the page says why the charts do not.
  const chartsMissing = typeof window.echarts === 'undefined';
  const noChart = { setOption() {}, resize() {}, dispose() {}, clear() {} };
  if (chartsMissing) {
    const b = $('error-banner');
    b.textContent = 'Charts unavailable: ECharts was not restored when DealerFlow was built (install Node.js and npm, then rebuild). Levels and alerts still update.';
    b.classList.remove('hidden');
  }
  function chart(id) {
    if (chartsMissing) return noChart;
    if (!state.charts[id]) {
      state.charts[id] = echarts.init($(id), themeName(), { renderer: 'canvas' });
    }
    return state.charts[id];
  }
  function base(title, subtitle) {
    return {
      backgroundColor: 'transparent',
      textStyle: { fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif' },
      title: { text: title, subtext: subtitle, left: 4, top: 0, textStyle: { fontSize: 14, color: css('--text') }, subtextStyle: { fontSize: 11, color: css('--muted') } },
      grid: { left: 64, right: 24, top: 64, bottom: 48 },
      tooltip: { trigger: 'axis', confine: true },
      animation: false,
    };
  }
  const sub = (v) => `${v.unitLabel} · model ${v.model} · ${v.expiryDescription}`;
  const axisFmt = (x) => compact(x);

  function levelMarks(spot, flip, callWall, putWall) {
    const m = [];
    if (spot != null) m.push({ name: 'Spot', xAxis: spot, lineStyle: { color: css('--accent'), width: 2, type: 'solid' }, label: { formatter: `${spotWord()} ${px(spot)}`, color: css('--accent') } });
    if (flip != null) m.push({ name: 'Flip', xAxis: flip, lineStyle: { color: css('--warn'), type: 'dashed', width: 2 }, label: { formatter: `Flip ${px(flip)}`, color: css('--warn'), position: 'insideEndTop' } });
    if (callWall != null) m.push({ name: 'Call wall', xAxis: callWall, lineStyle: { color: css('--call'), type: 'dotted', width: 2 }, label: { formatter: `Call wall ${f0.format(callWall)}`, color: css('--call'), position: 'insideEndBottom' } });
    if (putWall != null) m.push({ name: 'Put wall', xAxis: putWall, lineStyle: { color: css('--put'), type: 'dotted', width: 2 }, label: { formatter: `Put wall ${f0.format(putWall)}`, color: css('--put'), position: 'insideEndBottom' } });
    return { symbol: 'none', silent: true, label: { fontSize: 11 }, data: m };
  }

  function renderStrikeChart(s) {
    const x = s.exposure, v = s.view, t = s.levels.tick;
    const span = x.spot * 0.05;
    const o = base(`GEX by strike · ${s.symbol.symbol}`, sub(v) + ' · calls, puts and net per strike');
    o.legend = { top: 4, right: 10, data: ['Calls', 'Puts', 'Net'] };
    o.tooltip.valueFormatter = (val) => `${compact(val)} ${unitShort[v.unit]}`;
    o.xAxis = { type: 'value', name: 'strike', nameLocation: 'middle', nameGap: 26, scale: true, min: Math.floor(x.spot - span), max: Math.ceil(x.spot + span), axisLabel: { formatter: (q) => f0.format(q), showMinLabel: false, showMaxLabel: false } };
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
    chart('chart-strike').setOption(o, true);
  }

  function renderProfileChart(s) {
    const p = s.profile, v = s.view, t = s.levels.tick;
    const o = base(`Gamma profile · ${s.symbol.symbol}`, sub(v) + ' · GEX vs hypothetical spot');
    o.legend = { bottom: 0, data: ['All expiries', `Ex-next-expiry${p.nextExpiry ? ' (' + p.nextExpiry + ')' : ''}`] };
    o.grid.bottom = 66;
    o.tooltip.valueFormatter = (val) => `${compact(val)} ${unitShort[v.unit]}`;
    const pts = p.points;
    const lo = pts[0].spot, hi = pts[pts.length - 1].spot;
    o.xAxis = { type: 'value', name: 'hypothetical spot', nameLocation: 'middle', nameGap: 26, min: Math.floor(lo), max: Math.ceil(hi), axisLabel: { formatter: (q) => f0.format(q), showMinLabel: false, showMaxLabel: false } };
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
    const marks = levelMarks(t.spot, p.zeroGamma, null, null);
    marks.data.push({ name: 'zero', yAxis: 0, lineStyle: { color: css('--muted'), type: 'solid', width: 1 }, label: { show: false } });
    o.series = [
      { name: 'All expiries', type: 'line', showSymbol: false, lineStyle: { width: 2.5, color: css('--net') }, itemStyle: { color: css('--net') }, data: pts.map((q) => [q.spot, q.gex]), markLine: marks, markArea: { silent: true, data: areas } },
      { name: `Ex-next-expiry${p.nextExpiry ? ' (' + p.nextExpiry + ')' : ''}`, type: 'line', showSymbol: false, lineStyle: { width: 1.5, type: 'dashed', color: css('--warn') }, itemStyle: { color: css('--warn') }, data: pts.map((q) => [q.spot, q.gexExNextExpiry]) },
    ];
    if (p.zeroGamma != null) o.series.push({ name: 'Flip', type: 'scatter', symbolSize: 11, itemStyle: { color: css('--warn') }, data: [[p.zeroGamma, 0]], tooltip: { valueFormatter: () => px(p.zeroGamma) } });
    chart('chart-profile').setOption(o, true);
  }

  function setSpotMarks(spot) {
    // A tick moves the spot line without redrawing the charts.
    const s = state.snapshot;
    if (!s || !s.levels || !state.charts['chart-profile'] || !state.charts['chart-strike']) return;
    const t = state.tick;
    state.charts['chart-strike'].setOption({ series: [{}, {}, { markLine: levelMarks(spot, t.zeroGamma, s.exposure.callWall, s.exposure.putWall) }] });
    const marks = levelMarks(spot, s.profile.zeroGamma, null, null);
    marks.data.push({ name: 'zero', yAxis: 0, lineStyle: { color: css('--muted'), type: 'solid', width: 1 }, label: { show: false } });
    state.charts['chart-profile'].setOption({ series: [{ markLine: marks }] });
  }

  function renderExpiryChart(s) {
    const x = s.exposure, v = s.view;
    const rows = x.byExpiry.slice(0, 24);
    const o = base(`GEX by expiry · ${s.symbol.symbol}`, sub(v) + ` · ${x.byExpiry.length} expiries, first ${rows.length} shown`);
    o.legend = { bottom: 0, data: ['Calls', 'Puts', 'Net'] };
    o.tooltip.valueFormatter = (val) => `${compact(val)} ${unitShort[v.unit]}`;
    o.grid.bottom = 84;
    o.xAxis = { type: 'category', data: rows.map((r) => `${r.expiry.slice(5)}${r.settlement === 'Am' || r.settlement === 'AM' ? ' AM' : ''}`), axisLabel: { rotate: 45, fontSize: 10 } };
    o.yAxis = { type: 'value', name: unitShort[v.unit], axisLabel: { formatter: axisFmt }, splitLine: { lineStyle: { opacity: 0.3 } } };
    o.series = [
      { name: 'Calls', type: 'bar', stack: 'side', itemStyle: { color: css('--call'), opacity: 0.55 }, data: rows.map((r) => r.calls) },
      { name: 'Puts', type: 'bar', stack: 'side', itemStyle: { color: css('--put'), opacity: 0.55 }, data: rows.map((r) => r.puts) },
      { name: 'Net', type: 'line', symbolSize: 5, itemStyle: { color: css('--net') }, data: rows.map((r) => r.net) },
    ];
    chart('chart-expiry').setOption(o, true);
  }

  function renderHeatmap(s) {
    const h = s.history.heatmap, v = s.history.view;
    const o = base(`Net GEX by strike × time · ${s.symbol.symbol}`, `${v.unitLabel} · model ${v.model} · ${v.expiryDescription} · this session (wall-clock time), strikes within ±5% of spot`);
    o.tooltip = { position: 'top', confine: true, formatter: (q) => `${time(h.times[q.value[0]])} · strike ${f0.format(h.strikes[q.value[1]])}<br>${compact(q.value[2])} ${unitShort[v.unit]}` };
    o.grid = { left: 64, right: 80, top: 64, bottom: 40 };
    const data = [];
    let maxAbs = 0;
    h.cells.forEach((col, xi) => col.forEach((val, yi) => { if (val != null) { data.push([xi, yi, val]); maxAbs = Math.max(maxAbs, Math.abs(val)); } }));
    o.xAxis = { type: 'category', data: h.times.map(time), axisLabel: { fontSize: 10 }, splitArea: { show: false } };
    o.yAxis = { type: 'category', data: h.strikes.map((k) => f0.format(k)), axisLabel: { fontSize: 10, interval: Math.max(0, Math.ceil(h.strikes.length / 14) - 1) } };
    // The colour scale names its ends in the unit (the handles show the value under them); symmetric, 0 in the middle.
    const u = unitShort[v.unit], top = maxAbs || 1;
    o.grid.right = 104;
    o.visualMap = { min: -top, max: top, calculable: false, orient: 'vertical', right: 4, top: 'middle', itemHeight: 150, itemWidth: 14,
      text: [`${signed(top, compact)} ${u}`, `${signed(-top, compact)} ${u}`],
      textStyle: { color: css('--muted'), fontSize: 11 }, inRange: { color: [css('--short'), css('--panel-2'), css('--long')] } };
    o.series = [{ name: 'Net GEX', type: 'heatmap', data, progressive: 0 }];
    chart('chart-heatmap').setOption(o, true);
  }

  // Levels over time, one chart per source so each has a real time scale: stored snapshots at their chain's instant
  // (dates, in the chain's zone) and this session's recomputations at wall-clock time (minutes).
  function historySeries(pts, spotName, symbols) {
    const line = (name, key, color, dashed) => ({
      name, type: 'line', step: key === 'spot' ? false : 'end', showSymbol: symbols, symbolSize: 5, connectNulls: false,
      lineStyle: { width: key === 'spot' ? 2.5 : 1.5, type: dashed ? 'dashed' : 'solid', color }, itemStyle: { color },
      data: pts.map((q) => [Date.parse(q.at), q[key]]),
    });
    return [
      line(spotName, 'spot', css('--accent')),
      line('Zero gamma', 'zeroGamma', css('--warn'), true),
      line('Call wall', 'callWall', css('--call')),
      line('Put wall', 'putWall', css('--put')),
      line('Abs. gamma', 'absoluteGammaStrike', css('--muted'), true),
    ];
  }
  function historyBase(title, subtitle, spotName) {
    const o = base(title, subtitle);
    o.legend = { bottom: 0, data: [spotName, 'Zero gamma', 'Call wall', 'Put wall', 'Abs. gamma'] };
    o.grid.bottom = 56;
    o.yAxis = { type: 'value', scale: true, name: 'price', axisLabel: { formatter: (q) => f0.format(q) }, splitLine: { lineStyle: { opacity: 0.3 } } };
    o.tooltip.valueFormatter = (val) => px(val);
    return o;
  }
  function renderHistory(s) {
    renderStored(s);
    renderSession(s);
  }
  function renderStored(s) {
    const id = 'chart-stored', sym = s.symbol.symbol, v = s.history.view, st = s.history.store;
    const pts = s.history.points.filter((q) => q.source === 'store');
    if (pts.length === 0) {
      const why = st && st.state === 'disabled' ? 'The store is off (--no-store): only this session is shown.'
        : st && st.state === 'error' ? 'The store cannot be read (see the banner).' : `No snapshot of ${escapeHtml(sym)} is stored yet: chains are stored as they arrive, or with dealerflow ingest.`;
      setEmpty(id, `<b>Levels over time · stored snapshots · ${escapeHtml(sym)}</b><span>${why}</span>`);
      return;
    }
    clearEmpty(id);
    const t0 = Date.parse(pts[0].at), t1 = Date.parse(pts[pts.length - 1].at), off = offsetMinutes(pts[pts.length - 1].at);
    const pad = Math.max((t1 - t0) * 0.03, 12 * 36e5);
    const withTime = t1 - t0 < 3 * 864e5;
    const zone = `UTC${off < 0 ? '−' : '+'}${String(Math.floor(Math.abs(off) / 60)).padStart(2, '0')}:${String(Math.abs(off) % 60).padStart(2, '0')}`;
    const o = historyBase(`Levels over time · stored snapshots · ${sym}`,
      `price levels at each chain's time and spot · model ${v.model} · ${v.expiryDescription} · ${pts.length} snapshot${pts.length === 1 ? '' : 's'}, ${zoned(t0, off)} to ${zoned(t1, off)}`, 'Spot');
    o.xAxis = { type: 'time', min: t0 - pad, max: t1 + pad, name: `chain time (${zone})`, nameLocation: 'middle', nameGap: 26,
      axisLabel: { fontSize: 10, hideOverlap: true, formatter: (ms) => zoned(ms, off, withTime) } };
    o.grid.bottom = 64;
    o.tooltip.axisPointer = { label: { formatter: (p) => zoned(p.value, off, true) } };
    o.series = historySeries(pts, 'Spot', true);
    chart(id).setOption(o, true);
  }
  function renderSession(s) {
    const id = 'chart-session', sym = s.symbol.symbol, v = s.history.view;
    const pts = s.history.points.filter((q) => q.source !== 'store');
    if (pts.length === 0) {
      setEmpty(id, `<b>Levels over time · this session · ${escapeHtml(sym)}</b><span>No recomputation yet this session.</span>`);
      return;
    }
    clearEmpty(id);
    const t0 = Date.parse(pts[0].at), t1 = Date.parse(pts[pts.length - 1].at);
    const pad = Math.max((t1 - t0) * 0.03, 30e3);
    const spotName = state.simulated ? 'Simulated spot' : 'Spot';
    const o = historyBase(`Levels over time · this session · ${sym}`,
      `at the moving spot · model ${v.model} · ${v.expiryDescription} · ${localDate(t0)}, wall-clock time`, spotName);
    o.xAxis = { type: 'time', min: t0 - pad, max: t1 + pad, axisLabel: { fontSize: 10, hideOverlap: true, formatter: '{HH}:{mm}:{ss}' } };
    o.series = historySeries(pts, spotName, pts.length < 40);
    chart(id).setOption(o, true);
  }

  // ---------- hedging panel: dealer flows to each level, fetched once per chain (not per tick) ----------
  function clearFlows(text) {
    state.flows = null;
    state.flowsKey = null;
    $('flows').querySelector('tbody').innerHTML = `<tr><td colspan="7" class="muted">${escapeHtml(text)}</td></tr>`;
    $('flows-delta').textContent = '—';
    $('flows-tag').textContent = '';
    if (state.charts['chart-delta']) state.charts['chart-delta'].clear();
  }
  function loadFlows(s) {
    const v = s.view;
    const key = `${s.symbol.symbol}|${s.symbol.chainVersion}|${v.model}|${v.expiry}`;
    if (key === state.flowsKey) { if (state.flows) renderFlows(state.flows); return; }
    state.flowsKey = key;
    // Forget the previous symbol's or chain's flows at once: a snapshot arriving before this fetch answers must not redraw them.
    state.flows = null;
    $('flows').querySelector('tbody').innerHTML = '<tr><td colspan="7" class="muted">Computing the flows for this chain…</td></tr>';
    const p = new URLSearchParams({ model: v.model, expiry: v.expiry });
    fetch(`api/${encodeURIComponent(s.symbol.symbol)}/flows?${p}`)
      .then((r) => r.ok ? r.json() : r.json().then((e) => Promise.reject(new Error(e.detail || e.title || r.status))))
      .then((f) => {
        if (state.flowsKey !== key) return; // a newer chain or view was asked for meanwhile
        state.flows = f;
        state.flowsLoads = (state.flowsLoads || 0) + 1;
        renderFlows(f);
      })
      .catch((e) => { if (state.flowsKey === key) { clearFlows('Flows unavailable: ' + e.message); state.flowsKey = key; } });
  }
  function renderFlows(f) {
    $('flows-tag').textContent = `${f.symbol.symbol} · shares and usd · model ${f.model} · ${f.expiryDescription} · chain as of ${dateTime(f.asOf)}`;
    $('flows-delta').innerHTML = `Dealer option delta at ${state.simulated ? 'simulated spot' : 'spot'} ${px(f.spot)}: <b>${signed(f.dealerDeltaAtSpot, compact)} shares</b> (${signed(f.dealerDeltaAtSpotDollars, compact)} $); their hedge holds the opposite. Positioning: ${escapeHtml(f.modelDescription)}.`;
    const rows = f.flows.map((x) => {
      if (x.to == null) return `<tr><td>${escapeHtml(x.label)}</td><td class="num">—</td><td></td><td class="num">—</td><td class="num">—</td><td class="muted" colspan="2">${escapeHtml(x.note || '')}</td></tr>`;
      const top = x.topExpiries.map((e) => `${e.expiry.slice(5)}${String(e.settlement).toUpperCase() === 'AM' ? ' AM' : ''} ${signed(e.shares, compact)}`).join(', ');
      const cls = x.direction === 'none' ? '' : x.dampening ? 'damp' : 'amp';
      return `<tr><td>${escapeHtml(x.label)}</td><td class="num">${px(x.to)}</td><td class="num">${signed(x.movePct, (q) => f2.format(q) + '%')}</td>`
        + `<td class="num">${signed(x.shares, compact)}<span class="u">shares</span></td><td class="num">${signed(x.dollars, compact)}<span class="u">$</span></td>`
        + `<td class="dir ${cls}">${escapeHtml(x.direction)}</td><td class="top">${escapeHtml(top)}</td></tr>`;
    });
    $('flows').querySelector('tbody').innerHTML = rows.join('');
    const pts = f.deltaProfile;
    const o = base(`Dealer delta profile D(S) · ${f.symbol.symbol}`, `shares · model ${f.model} · ${f.expiryDescription} · dealers trade −ΔD as spot moves`);
    o.tooltip.valueFormatter = (val) => `${compact(val)} shares`;
    o.xAxis = { type: 'value', name: 'hypothetical spot', nameLocation: 'middle', nameGap: 26, min: Math.floor(pts[0].spot), max: Math.ceil(pts[pts.length - 1].spot), axisLabel: { formatter: (q) => f0.format(q), showMinLabel: false, showMaxLabel: false } };
    o.yAxis = { type: 'value', name: 'shares', scale: true, axisLabel: { formatter: axisFmt }, splitLine: { lineStyle: { opacity: 0.3 } } };
    o.series = [
      { name: 'D(S)', type: 'line', showSymbol: false, lineStyle: { width: 2.5, color: css('--net') }, itemStyle: { color: css('--net') }, data: pts.map((q) => [q.spot, q.dealerDeltaShares]), markLine: levelMarks(f.spot, f.zeroGamma, f.callWall, f.putWall) },
      { name: 'Spot', type: 'scatter', symbolSize: 10, itemStyle: { color: css('--accent') }, data: [[f.spot, f.dealerDeltaAtSpot]] },
    ];
    chart('chart-delta').setOption(o, true);
  }

  function rebuildCharts() {
    for (const c of Object.values(state.charts)) c.dispose();
    state.charts = {};
    if (state.snapshot) onSnapshot(state.snapshot);
  }

  // ---------- wiring ----------
  $('symbol').addEventListener('change', (e) => { state.symbol = e.target.value; localStorage.setItem('dealerflow.symbol', state.symbol); state.lastSpot = null; $('spot-move').textContent = ''; connect(); });
  for (const id of ['unit', 'model', 'days']) $(id).addEventListener('change', connect);
  $('expiry').addEventListener('change', () => { $('days-wrap').classList.toggle('hidden', $('expiry').value !== 'days'); connect(); });
  $('theme').addEventListener('click', () => {
    const next = document.documentElement.dataset.theme === 'light' ? 'dark' : 'light';
    document.documentElement.dataset.theme = next;
    localStorage.setItem('dealerflow.theme', next);
    rebuildCharts();
  });
  window.addEventListener('resize', () => Object.values(state.charts).forEach((c) => c.resize()));
  setInterval(() => fetch('api/symbols').then((r) => r.json()).then((list) => {
    const sel = $('symbol');
    for (const s of list) {
      let o = [...sel.options].find((x) => x.value === s.symbol);
      if (!o) { o = document.createElement('option'); o.value = s.symbol; sel.appendChild(o); }
      o.textContent = s.status === 'error' ? `${s.symbol} ⚠` : s.symbol;
    }
  }).catch(() => {}), 10000);
  loadSymbols().catch((e) => setConn('cannot reach the server: ' + e.message, 'down'));
})();
