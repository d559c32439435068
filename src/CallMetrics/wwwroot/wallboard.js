// CallMetrics wallboard: plain JavaScript, no build step. Reads the bands from /api/v1/wallboard/config,
// then follows /api/v1/live/stream (Server-Sent Events; the browser reconnects by itself) and falls back to
// polling /api/v1/live when EventSource is missing or keeps failing. Every number shown carries its raw
// value in data-value, so tests (and curious people) can compare it with the API.
'use strict';
(function () {
  const HOUR_MS = 3600 * 1000;
  const SAMPLE_EVERY_MS = 5000;
  const filter = new URLSearchParams(window.location.search);
  const query = ['tenant', 'queue', 'team'].filter(k => filter.get(k)).map(k => k + '=' + encodeURIComponent(filter.get(k))).join('&');
  let config = {
    title: 'CallMetrics wallboard', occupancyGreenFrom: 0.6, occupancyAmberAbove: 0.85, occupancyRedAbove: 0.9,
    serviceLevelGreenFrom: 0.8, serviceLevelAmberFrom: 0.7, staleAfterSeconds: 30, streamIntervalSeconds: 1,
  };
  let last = null;            // the latest answer
  let lastVersion = -1;
  let receivedAt = 0;         // client clock when the latest *new* data arrived
  let ageAtReceipt = null;    // the server's dataAgeSeconds then
  let connected = false;
  let disconnectedSince = Date.now();
  const sparks = new Map();   // key -> [{t, v}] of the last hour

  // ---- formatting ---------------------------------------------------------------------------
  const pct = v => (v === null || v === undefined) ? '–' : Math.round(v * 100) + ' %';
  const secs = v => {
    if (v === null || v === undefined) return '–';
    const s = Math.round(v);
    return s < 60 ? s + ' s' : Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
  };
  const int = v => (v === null || v === undefined) ? '–' : String(v);
  const occupancyBand = v => v === null || v === undefined ? 'none'
    : v > config.occupancyRedAbove ? 'red' : v > config.occupancyAmberAbove ? 'amber' : v >= config.occupancyGreenFrom ? 'green' : 'amber';
  const serviceLevelBand = v => v === null || v === undefined ? 'none'
    : v >= config.serviceLevelGreenFrom ? 'green' : v >= config.serviceLevelAmberFrom ? 'amber' : 'red';

  function el(tag, attrs, children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'text') e.textContent = v; else if (v !== undefined && v !== null) e.setAttribute(k, v);
    }
    (children || []).forEach(c => e.appendChild(c));
    return e;
  }

  function stat(label, field, value, text, band) {
    return el('div', {}, [
      el('div', { class: 'label', text: label }),
      el('div', { class: 'v' + (band ? ' band-' + band : ''), 'data-field': field, 'data-value': value === null || value === undefined ? '' : value, text: text }),
    ]);
  }

  // ---- sparklines (client-side ring buffer of the last hour, inline SVG) ----------------------
  function sample(key, value) {
    if (value === null || value === undefined) return;
    const now = Date.now();
    let ring = sparks.get(key);
    if (!ring) { ring = []; sparks.set(key, ring); }
    if (ring.length && now - ring[ring.length - 1].t < SAMPLE_EVERY_MS) ring[ring.length - 1].v = value;
    else ring.push({ t: now, v: value });
    while (ring.length && now - ring[0].t > HOUR_MS) ring.shift();
  }

  function sparkline(key, title) {
    const ring = sparks.get(key) || [];
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('class', 'spark');
    svg.setAttribute('viewBox', '0 0 100 20');
    svg.setAttribute('preserveAspectRatio', 'none');
    svg.setAttribute('data-points', String(ring.length));
    const t = document.createElementNS('http://www.w3.org/2000/svg', 'title');
    t.textContent = title + ', last hour';
    svg.appendChild(t);
    if (ring.length > 1) {
      const now = Date.now();
      const values = ring.map(p => p.v);
      const lo = Math.min(...values), hi = Math.max(...values), span = hi - lo || 1;
      const points = ring.map(p => (100 - (now - p.t) / HOUR_MS * 100).toFixed(2) + ',' + (19 - (p.v - lo) / span * 18).toFixed(2)).join(' ');
      const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
      line.setAttribute('points', points);
      svg.appendChild(line);
    }
    return svg;
  }

  // ---- rendering ----------------------------------------------------------------------------
  function queueTile(q) {
    const r = q.rolling || {};
    const key = 'queue/' + q.tenant + '/' + q.queue;
    sample(key, q.waiting);
    const band = serviceLevelBand(r.serviceLevel);
    return el('div', { class: 'tile queue band-' + band, 'data-queue': q.queue, 'data-tenant': q.tenant }, [
      el('div', { class: 'tenant', text: q.tenant }),
      el('div', { class: 'name', text: q.queue }),
      el('div', { class: 'main' }, [
        el('div', {}, [el('div', { class: 'label', text: 'waiting' }), el('div', { class: 'big', 'data-field': 'waiting', 'data-value': q.waiting, text: int(q.waiting) })]),
        el('div', {}, [el('div', { class: 'label', text: 'service level ' + (last.rollingWindow || '') }), el('div', { class: 'big band-' + band, 'data-field': 'serviceLevel', 'data-value': r.serviceLevel ?? '', text: pct(r.serviceLevel) })]),
      ]),
      el('div', { class: 'grid' }, [
        stat('longest wait', 'longestWait', q.longestWaitSeconds, secs(q.longestWaitSeconds)),
        stat('ASA', 'asa', r.asaSeconds, secs(r.asaSeconds)),
        stat('AHT', 'aht', r.ahtSeconds, secs(r.ahtSeconds)),
        stat('offered today', 'offeredToday', q.today.offered, int(q.today.offered)),
        stat('answered today', 'answeredToday', q.today.answered, int(q.today.answered)),
        stat('abandoned today', 'abandonedToday', q.today.abandoned, int(q.today.abandoned)),
      ]),
      sparkline(key, 'calls waiting'),
    ]);
  }

  function teamTile(t) {
    const r = t.rolling || {};
    const key = 'team/' + t.tenant + '/' + t.team;
    sample(key, r.occupancy);
    const band = occupancyBand(r.occupancy);
    return el('div', { class: 'tile team band-' + band, 'data-team': t.team, 'data-tenant': t.tenant }, [
      el('div', { class: 'tenant', text: t.tenant }),
      el('div', { class: 'name', text: t.team }),
      el('div', { class: 'main' }, [
        el('div', {}, [el('div', { class: 'label', text: 'occupancy ' + (last.rollingWindow || '') }), el('div', { class: 'big band-' + band, 'data-field': 'occupancy', 'data-value': r.occupancy ?? '', text: pct(r.occupancy) })]),
        el('div', {}, [el('div', { class: 'label', text: 'AHT' }), el('div', { class: 'big', 'data-field': 'aht', 'data-value': r.ahtSeconds ?? '', text: secs(r.ahtSeconds) })]),
      ]),
      el('div', { class: 'grid' }, [
        stat('busy', 'busy', t.agents.busy, int(t.agents.busy)),
        stat('available', 'available', t.agents.available, int(t.agents.available)),
        stat('not ready', 'notReady', t.agents.notReady, int(t.agents.notReady)),
        stat('handled today', 'handledToday', t.today.handled, int(t.today.handled)),
        stat('CSAT', 'csat', r.csat, r.csat === null || r.csat === undefined ? '–' : r.csat.toFixed(1)),
        stat('utilization', 'utilization', r.utilization, pct(r.utilization)),
      ]),
      sparkline(key, 'occupancy'),
    ]);
  }

  function agentCard(a) {
    const what = a.state === 'busy' ? (a.activity || 'busy') : a.state === 'not_ready' ? (a.reason || 'not ready') : a.state;
    return el('div', { class: 'agent ' + a.state, 'data-agent': a.agent, 'data-state': a.state }, [
      el('div', { class: 'id', text: a.agent }),
      el('div', { 'data-field': 'state', text: what.replace('_', ' ') + ' ' + secs(a.inStateSeconds) }),
      el('div', { class: 'muted', 'data-field': 'handledToday', 'data-value': a.handledToday, text: a.handledToday + ' today' }),
    ]);
  }

  function render(data) {
    last = data;
    document.getElementById('queues').replaceChildren(...data.queues.map(queueTile));
    document.getElementById('teams').replaceChildren(...data.teams.map(teamTile));
    document.getElementById('agents').replaceChildren(...data.agents.filter(a => a.state !== 'logged_out').map(agentCard));
    document.getElementById('abandons').replaceChildren(...data.abandons.slice(0, 12).map(a =>
      el('li', { 'data-call': a.call }, [document.createTextNode(a.at.substring(11, 19) + '  ' + a.queue + '  waited ' + secs(a.waitSeconds) + (a['short'] ? ' (short)' : ''))])));
    document.getElementById('event-time').textContent = data.eventTime ? 'event time ' + data.eventTime.substring(0, 19).replace('T', ' ') : '';
    document.getElementById('footer').textContent = 'today ' + (data.today || '–') + ' · rolling ' + (data.rollingWindow || '') + ' at ' + (data.rollingAt ? data.rollingAt.substring(11, 16) : '–') + ' UTC · version ' + data.version;
    document.body.setAttribute('data-version', String(data.version));
  }

  function receive(data) {
    if (data.version !== lastVersion) {
      lastVersion = data.version;
      receivedAt = Date.now();
      ageAtReceipt = data.dataAgeSeconds;
      render(data);
    }
    tick();
  }

  // ---- staleness --------------------------------------------------------------------------
  function ageSeconds() {
    if (ageAtReceipt === null || ageAtReceipt === undefined) return null;
    return ageAtReceipt + (Date.now() - receivedAt) / 1000;
  }

  function tick() {
    const age = ageSeconds();
    const ageEl = document.getElementById('age');
    const stale = (age !== null && age > config.staleAfterSeconds) || (!connected && (Date.now() - disconnectedSince) / 1000 > config.staleAfterSeconds);
    ageEl.textContent = age === null ? 'no data yet' : 'data is ' + Math.max(0, Math.round(age)) + ' s old';
    ageEl.setAttribute('data-value', age === null ? '' : age.toFixed(1));
    ageEl.className = 'pill ' + (age === null ? '' : stale ? 'bad' : age > config.staleAfterSeconds / 2 ? 'warn' : 'ok');
    document.body.classList.toggle('stale', stale);
    document.body.setAttribute('data-stale', String(stale));
    const banner = document.getElementById('stale-banner');
    banner.hidden = !stale;
    document.getElementById('stale-age').textContent = age === null ? 'no data' : 'data is ' + Math.round(age) + ' s old';
    const conn = document.getElementById('connection');
    conn.textContent = connected ? 'live' : 'reconnecting…';
    conn.className = 'pill ' + (connected ? 'ok' : 'bad');
  }

  // ---- transport ----------------------------------------------------------------------------
  function poll() {
    fetch('/api/v1/live' + (query ? '?' + query : ''), { cache: 'no-store' })
      .then(r => r.json()).then(d => { connected = true; receive(d); })
      .catch(() => { if (connected) disconnectedSince = Date.now(); connected = false; })
      .finally(() => setTimeout(poll, Math.max(1000, config.streamIntervalSeconds * 1000)));
  }

  function stream() {
    if (!window.EventSource) { poll(); return; }
    let failures = 0;
    const source = new EventSource('/api/v1/live/stream' + (query ? '?' + query : ''));
    source.onopen = () => { connected = true; failures = 0; tick(); };
    source.onmessage = e => { connected = true; failures = 0; receive(JSON.parse(e.data)); };
    source.onerror = () => {
      if (connected) disconnectedSince = Date.now();
      connected = false;
      tick();
      if (++failures >= 10) { source.close(); poll(); }   // a proxy that breaks SSE: poll instead
    };
  }

  fetch('/api/v1/wallboard/config', { cache: 'no-store' })
    .then(r => r.json()).then(c => { config = Object.assign(config, c); })
    .catch(() => {})
    .finally(() => {
      document.getElementById('title').textContent = config.title;
      document.title = config.title;
      stream();
      setInterval(tick, 1000);
    });
})();
