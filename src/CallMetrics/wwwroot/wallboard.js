// CallMetrics wallboard: plain JavaScript modules, no build step. Reads the bands from /api/v1/wallboard/config
// and the sparklines' last hour from /api/v1/live/history, then follows /api/v1/live/stream (Server-Sent Events;
// the browser reconnects by itself) and falls back to polling /api/v1/live when EventSource is missing or keeps
// failing. Every number shown carries its raw value in data-value, so tests (and curious people) can compare it
// with the API.
'use strict';
import { bands, clock, rollingLabel } from './format.js';
import { QUEUE, TEAM } from './figures.js';
import { createHistory, queueKey, teamKey } from './history.js';
import { createLayout } from './layout.js';
import { tile, agentCard, abandonLine } from './tiles.js';
import { alertStrips } from './alerts.js';

// How often the firing alerts are asked for (they change at step instants, a minute apart by default).
const ALERTS_EVERY_MS = 5000;

// The filters, and the token of a kiosk screen that cannot send headers, go on to every request of the API.
const filter = new URLSearchParams(window.location.search);
const query = ['tenant', 'queue', 'team', 'access_token'].filter(k => filter.get(k)).map(k => k + '=' + encodeURIComponent(filter.get(k))).join('&');
const withQuery = path => path + (query ? '?' + query : '');
const $ = id => document.getElementById(id);

let config = {
  title: 'CallMetrics wallboard', occupancyGreenFrom: 0.6, occupancyAmberAbove: 0.85, occupancyRedAbove: 0.9,
  serviceLevelGreenFrom: 0.8, serviceLevelAmberFrom: 0.7, staleAfterSeconds: 30, streamIntervalSeconds: 1, rotateEverySeconds: 10,
};
let last = null;            // the latest answer
let lastVersion = -1;
let receivedAt = 0;         // client clock when the latest *new* data arrived
let ageAtReceipt = null;    // the server's dataAgeSeconds then
let connected = false;
let disconnectedSince = Date.now();
let historyLoading = null;
let alertsText = null;      // the latest /api/v1/alerts answer, to redraw only on a change
const history = createHistory();
const layout = createLayout($('board'), $('probe'));

const section = id => ({ id, box: $(id + '-section'), heading: $(id + '-section').querySelector('h2'), grid: $(id), pageLabel: $(id + '-section').querySelector('.page') });
const sections = [section('queues'), section('teams'), Object.assign(section('agents'), { flexBox: document.querySelector('.lower'), keepWhenEmpty: 0.15 })];

// ---- rendering ----------------------------------------------------------------------------------------------
function render() {
  const data = last;
  if (!data) return;
  const rolling = rollingLabel(data.rollingWindow);
  const ctx = {
    rollingLabel: rolling,
    config,
    bands: bands(config),
    history,
    multiTenant: new Set(data.queues.map(q => q.tenant).concat(data.teams.map(t => t.tenant))).size > 1,
  };
  sections[0].nodes = data.queues.map(q => tile('queue', q, QUEUE, queueKey(q), ctx));
  sections[1].nodes = data.teams.map(t => tile('team', t, TEAM, teamKey(t), ctx));
  sections[2].nodes = data.agents.filter(a => a.state !== 'logged_out').map(agentCard);
  layout.place(sections);
  document.documentElement.setAttribute('data-scale', String(layout.scale()));

  // As many recent abandons as the panel holds, newest first.
  const list = $('abandons');
  list.replaceChildren(...data.abandons.map(abandonLine));
  const bottom = list.getBoundingClientRect().bottom;
  while (list.lastElementChild && list.lastElementChild.getBoundingClientRect().bottom > bottom) list.lastElementChild.remove();

  $('legend-now').textContent = data.eventTime ? clock(data.eventTime, true) + ' UTC' : '–';
  $('legend-rolling-label').textContent = rolling;
  $('legend-rolling').textContent = data.rollingAt ? 'to ' + clock(data.rollingAt) + ' UTC' : '–';
  $('legend-today').textContent = (data.today || '–') + ' UTC';
  document.body.setAttribute('data-version', String(data.version));
}

function receive(data) {
  if (data.version !== lastVersion) {
    lastVersion = data.version;
    receivedAt = Date.now();
    ageAtReceipt = data.dataAgeSeconds;
    last = data;
    if (history.observe(data)) loadHistory();
    render();
  }
  tick();
}

function loadHistory() {
  if (historyLoading) return historyLoading;
  historyLoading = fetch(withQuery('/api/v1/live/history'), { cache: 'no-store' })
    .then(r => r.json())
    .then(h => { history.load(h); if (last) history.observe(last); render(); })
    .catch(() => {})
    .finally(() => { historyLoading = null; });
  return historyLoading;
}

// ---- alerts: a strip per firing alert above the board ------------------------------------------------------
function pollAlerts() {
  fetch(withQuery('/api/v1/alerts'), { cache: 'no-store' })
    .then(r => r.ok ? r.text() : Promise.reject(new Error(String(r.status))))
    .then(text => {
      if (text === alertsText) return;
      alertsText = text;
      const alerts = JSON.parse(text).alerts || [];
      const box = $('alerts');
      box.replaceChildren(...alertStrips(alerts));
      box.hidden = alerts.length === 0;
      box.setAttribute('data-firing', String(alerts.length));
      layout.invalidate(); // the strips take height from the board
      render();
    })
    .catch(() => {})
    .finally(() => setTimeout(pollAlerts, ALERTS_EVERY_MS));
}

// ---- staleness ----------------------------------------------------------------------------------------------
function ageSeconds() {
  if (ageAtReceipt === null || ageAtReceipt === undefined) return null;
  return ageAtReceipt + (Date.now() - receivedAt) / 1000;
}

function tick() {
  const age = ageSeconds();
  const ageEl = $('age');
  const stale = (age !== null && age > config.staleAfterSeconds) || (!connected && (Date.now() - disconnectedSince) / 1000 > config.staleAfterSeconds);
  ageEl.textContent = age === null ? 'no data yet' : 'data is ' + Math.max(0, Math.round(age)) + ' s old';
  ageEl.setAttribute('data-value', age === null ? '' : age.toFixed(1));
  ageEl.className = 'pill ' + (age === null ? '' : stale ? 'bad' : age > config.staleAfterSeconds / 2 ? 'warn' : 'ok');
  document.body.classList.toggle('stale', stale);
  document.body.setAttribute('data-stale', String(stale));
  const banner = $('stale-banner');
  if (banner.hidden === stale) {
    banner.hidden = !stale;
    layout.invalidate(); // the banner takes height from the board
    render();
  }
  $('stale-age').textContent = age === null ? 'no data' : 'data is ' + Math.round(age) + ' s old';
  const conn = $('connection');
  conn.textContent = connected ? 'live' : 'reconnecting…';
  conn.className = 'pill ' + (connected ? 'ok' : 'bad');
}

// ---- transport ----------------------------------------------------------------------------------------------
function poll() {
  fetch(withQuery('/api/v1/live'), { cache: 'no-store' })
    .then(r => r.json()).then(d => { connected = true; receive(d); })
    .catch(() => { if (connected) disconnectedSince = Date.now(); connected = false; })
    .finally(() => setTimeout(poll, Math.max(1000, config.streamIntervalSeconds * 1000)));
}

function stream() {
  if (!window.EventSource) { poll(); return; }
  let failures = 0;
  const source = new EventSource(withQuery('/api/v1/live/stream'));
  source.onopen = () => { connected = true; failures = 0; tick(); };
  source.onmessage = e => { connected = true; failures = 0; receive(JSON.parse(e.data)); };
  source.onerror = () => {
    if (connected) disconnectedSince = Date.now();
    connected = false;
    tick();
    if (++failures >= 10) { source.close(); poll(); }   // a proxy that breaks SSE: poll instead
  };
}

new ResizeObserver(() => { layout.invalidate(); render(); }).observe($('board'));

fetch(withQuery('/api/v1/wallboard/config'), { cache: 'no-store' })
  .then(r => r.json()).then(c => { config = Object.assign(config, c); })
  .catch(() => {})
  .finally(() => {
    $('title').textContent = config.title;
    document.title = config.title;
    loadHistory().finally(stream);
    pollAlerts();
    setInterval(tick, 1000);
    // Sections with more tiles than fit show the next page now and then.
    setInterval(() => { layout.turn(); render(); }, Math.max(1, config.rotateEverySeconds) * 1000);
  });
