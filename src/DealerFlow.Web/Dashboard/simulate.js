// DealerFlow simulator page: POST /api/{symbol}/simulate, then the sample paths (ECharts) and the statistics.
import { f2, f1, f0, px, compact, css, escapeHtml, themeName } from './format.js';

(() => {
  const $ = (id) => document.getElementById(id);
  const state = { running: false, runs: 0, result: null, chart: null };
  window.dealerflowSim = state; // read by the browser test

  // A statistic is { value, n, low, high } (95 % interval over the paths); low/high are null when there is no interval.
  const pct = (e) => e == null ? 'n/a' : f2.format(e.value * 100) + '%' + (e.low == null ? '' : `<span class="ci">(${f1.format(e.low * 100)}–${f1.format(e.high * 100)})</span>`);
  const pts = (v) => (v > 0 ? '+' : v < 0 ? '−' : '') + f2.format(Math.abs(v) * 100);
  const effect = (e) => e == null ? 'n/a'
    : `${pts(e.value)} pts` + (e.low == null ? '' : `<span class="ci">[${pts(e.low)}, ${pts(e.high)}]</span>${e.low === 0 && e.high === 0 ? '<span class="ci">none</span>' : e.low <= 0 && e.high >= 0 ? '<span class="ci" data-testid="noise">within noise</span>' : ''}`);
  const mean = (e, f) => e.low == null ? f.format(e.value) : `${f.format(e.value)}<span class="ci">±${f.format((e.high - e.low) / 2)}</span>`;
  function showError(html) { const b = $('error-banner'); b.innerHTML = html; b.classList.remove('hidden'); }
  function hideError() { $('error-banner').classList.add('hidden'); }

  async function loadSymbols() {
    const list = await (await fetch('api/symbols')).json();
    const sel = $('symbol');
    const wanted = new URLSearchParams(location.search).get('symbol') || localStorage.getItem('dealerflow.symbol');
    sel.innerHTML = list.map((s) => `<option value="${escapeHtml(s.symbol)}">${escapeHtml(s.symbol)}</option>`).join('');
    if (list.some((s) => s.symbol === wanted)) sel.value = wanted;
    state.symbols = list.length;
  }

  function body() {
    const num = (id) => { const v = $(id).value.trim(); return v === '' ? undefined : Number(v); };
    const b = { model: $('model').value, paths: num('paths'), steps: num('steps'), seed: num('seed'), impact: num('impact'), noiseVol: num('noiseVol'), band: num('band'), samples: 12 };
    const programs = $('programs').value.trim();
    if (programs !== '') b.programs = programs.split(',').map((x) => Number(x.trim()) * 1e9);
    return b;
  }

  async function run(e) {
    e.preventDefault();
    if (state.running) return;
    const symbol = $('symbol').value;
    if (!symbol) { showError('No symbol is served yet.'); return; }
    hideError();
    state.running = true;
    $('run').disabled = true;
    const started = performance.now();
    const status = $('status');
    status.classList.add('running');
    const timer = setInterval(() => { status.textContent = `running… ${f1.format((performance.now() - started) / 1000)} s`; }, 200);
    status.textContent = 'running…';
    try {
      const r = await fetch(`api/${encodeURIComponent(symbol)}/simulate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body()) });
      const j = await r.json();
      if (!r.ok) {
        const fields = j.errors ? Object.entries(j.errors).map(([k, v]) => `<b>${escapeHtml(k)}</b>: ${escapeHtml(v.join(' '))}`).join('; ') : escapeHtml(j.detail || '');
        showError(`<strong>${escapeHtml(j.title || 'Simulation failed')}</strong> ${fields}`);
        status.textContent = 'failed';
        return;
      }
      state.result = j;
      state.runs++;
      render(j);
      status.textContent = `done in ${f1.format(j.elapsedMs / 1000)} s · ${j.result.settings.paths} paths × ${1 + j.result.programs.length} runs · seed ${j.result.settings.seed}`;
    } catch (err) {
      showError(`<strong>Cannot reach the server</strong> ${escapeHtml(err.message)}`);
      status.textContent = 'failed';
    } finally {
      clearInterval(timer);
      status.classList.remove('running');
      state.running = false;
      $('run').disabled = false;
    }
  }

  function render(j) {
    const r = j.result, s = r.settings;
    // Sample paths with flip, walls and the pin strike.
    if (!state.chart) state.chart = echarts.init($('chart-paths'), themeName(), { renderer: 'canvas' });
    const marks = [];
    const mark = (name, y, color, type, position) => { if (y != null) marks.push({ name, yAxis: y, lineStyle: { color, type, width: 2 }, label: { formatter: `${name} ${px(y)}`, color, position } }); };
    mark('Flip', r.flip, css('--warn'), 'dashed', 'insideEndTop');
    mark('Call wall', r.callWall, css('--call'), 'dotted', 'insideEndTop');
    mark('Put wall', r.putWall, css('--put'), 'dotted', 'insideEndTop');
    mark('Pin strike', r.pinStrike, css('--accent'), 'solid', 'insideStartBottom');
    const times = r.sampleTimesHours;
    const all = r.samplePaths.flat();
    const lo = Math.min(...all, r.putWall ?? Infinity, r.flip ?? Infinity), hi = Math.max(...all, r.callWall ?? -Infinity, r.flip ?? -Infinity);
    const palette = [css('--net'), css('--call'), css('--put'), css('--warn'), css('--accent'), css('--muted')];
    state.chart.setOption({
      backgroundColor: 'transparent',
      animation: false,
      textStyle: { fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif' },
      title: { text: `Sample paths · ${j.symbol.symbol} · seed ${s.seed}`, subtext: `${r.samplePaths.length} of ${s.paths} paths (run without program) · ${f1.format(r.horizonYears * 365 * 24)} h in ${s.steps} steps · model ${j.model} · chain as of ${j.asOf.slice(0, 16).replace('T', ' ')}`, left: 4, top: 0, textStyle: { fontSize: 14, color: css('--text') }, subtextStyle: { fontSize: 11, color: css('--muted') } },
      grid: { left: 70, right: 24, top: 64, bottom: 44 },
      tooltip: { trigger: 'axis', confine: true, valueFormatter: (v) => px(v) },
      xAxis: { type: 'value', name: 'hours', nameLocation: 'middle', nameGap: 26, min: 0, max: times[times.length - 1], axisLabel: { formatter: (q) => f0.format(q) } },
      yAxis: { type: 'value', name: 'price', min: Math.floor(lo - (hi - lo) * 0.03), max: Math.ceil(hi + (hi - lo) * 0.03), axisLabel: { formatter: (q) => f0.format(q), showMinLabel: false, showMaxLabel: false }, splitLine: { lineStyle: { opacity: 0.3 } } },
      series: r.samplePaths.map((p, i) => ({
        name: `path ${i + 1}`, type: 'line', showSymbol: false, sampling: 'lttb', lineStyle: { width: 1.2, opacity: 0.8, color: palette[i % palette.length] },
        data: p.map((v, k) => [times[k], v]), markLine: i === 0 ? { symbol: 'none', silent: true, label: { fontSize: 11 }, data: marks } : undefined,
      })),
    }, true);

    // Statistics.
    $('stats-tag').textContent = `annualised realized vol · ${s.paths} paths · seed ${s.seed}`;
    const row = (name, a, b, d, detail) => `<tr><td>${name}</td><td class="num">${a}</td><td class="num">${b}</td><td class="num">${d}</td><td class="top">${detail}</td></tr>`;
    $('stats').querySelector('tbody').innerHTML = [
      row('Realized vol, start above flip', pct(r.aboveFlip.withDealers), pct(r.aboveFlip.noDealers), effect(r.aboveFlip.dealerEffect), `${r.aboveFlip.paths} paths; flip ${px(r.flip)}`),
      row('Realized vol, start below flip', pct(r.belowFlip.withDealers), pct(r.belowFlip.noDealers), effect(r.belowFlip.dealerEffect), `${r.belowFlip.paths} paths`),
      row('Realized vol, all paths', pct(r.all.withDealers), pct(r.all.noDealers), effect(r.all.dealerEffect), 'same random draws'),
      row('Pinning frequency', pct(r.pinFrequency), pct(r.pinFrequencyNoDealers), effect(r.dealerEffectOnPinning), `ends within ${f2.format(r.pinDistancePoints)} of ${px(r.pinStrike)}`),
      row('Re-hedges per path', mean(r.meanRehedges, f1), '', '', `${compact(r.meanDealerShares.value)} shares traded per path`),
      row('Feedback ratio at start', (r.feedbackRatio >= 0 ? '+' : '') + f2.format(r.feedbackRatio), '', '', r.feedbackRatio >= 0 ? 'dampening (long gamma)' : 'amplifying (short gamma)'),
    ].join('');
    $('programs-table').querySelector('tbody').innerHTML = r.programs.length === 0
      ? '<tr><td colspan="6" class="muted">No program run (no call wall above spot, or no impact).</td></tr>'
      : r.programs.map((p) => `<tr><td class="num">${p.programDollars >= 0 ? '+' : '−'}${compact(Math.abs(p.programDollars))}</td><td class="num">${px(p.wall)}</td><td class="num">${pct(p.breakProbability)}</td><td class="num">${pct(p.touchProbability)}</td><td class="num">${pct(p.breakProbabilityNoDealers)}</td><td class="num">${effect(p.dealerEffectOnBreak)}</td></tr>`).join('');
    $('params').textContent = `${j.symbol.symbol} · ${j.modelDescription} · ${j.expiryDescription} · ${j.description} · impact model ${s.impact}, band ${s.band.kind} ${compact(s.band.value)}, programs ${s.programSizes.map((x) => compact(x)).join(', ') || 'none'}`;
  }

  $('sim-form').addEventListener('submit', run);
  $('symbol').addEventListener('change', () => localStorage.setItem('dealerflow.symbol', $('symbol').value));
  $('theme').addEventListener('click', () => {
    const next = document.documentElement.dataset.theme === 'light' ? 'dark' : 'light';
    document.documentElement.dataset.theme = next;
    localStorage.setItem('dealerflow.theme', next);
    if (state.chart) { state.chart.dispose(); state.chart = null; }
    if (state.result) render(state.result);
  });
  window.addEventListener('resize', () => state.chart && state.chart.resize());
  loadSymbols().catch((e) => showError(`<strong>Cannot reach the server</strong> ${escapeHtml(e.message)}`));
})();
