// The wallboard's building blocks as DOM: queue and team tiles, agent cards, abandon lines, sparklines.
// Every number carries its raw API value in data-value, its field in data-field and its window in data-window;
// its window is named by the first .win-label of the closest .win around it.
'use strict';
import { WINDOWS } from './figures.js';
import { secs, clock } from './format.js';

const SVG = 'http://www.w3.org/2000/svg';

export function el(tag, attrs, children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'text') e.textContent = v;
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v);
  }
  for (const c of children || []) if (c) e.appendChild(c);
  return e;
}

function value(field, window, raw, text, band) {
  return el('span', {
    class: 'v' + (band ? ' band-' + band : ''),
    'data-field': field,
    'data-window': window,
    'data-value': raw === null || raw === undefined ? '' : raw,
    text,
  });
}

function windowLabel(window, ctx) {
  return el('span', { class: 'win-label', text: WINDOWS[window].label(ctx.rollingLabel) });
}

/** A queue or team tile. def: QUEUE or TEAM of figures.js; key: the entity's history key. */
export function tile(kind, entity, def, key, ctx) {
  const name = kind === 'queue' ? entity.queue : entity.team;
  const bandFigures = def.rows.find(r => r.window === 'rolling').figures(entity);
  const band = ctx.bands[def.band.band](bandFigures ? bandFigures[def.band.field] : null);
  const now = el('div', { class: 'win now', 'data-window': 'now' }, [
    windowLabel('now', ctx),
    ...def.now.map(f => el('span', { class: 'fig' + (f.big ? ' big' : '') }, [
      el('span', { class: 'label', text: f.label }),
      value(f.field, 'now', f.value(entity), f.format(f.value(entity))),
    ])),
  ]);
  const table = el('div', { class: 'table', style: '--cols: ' + def.columns.length }, [
    el('span', { class: 'corner' }),
    ...def.columns.map(c => el('span', { class: 'col-label', text: c.label })),
    ...def.rows.map(r => {
      const figures = r.figures(entity);
      return el('div', { class: 'win row', 'data-window': r.window }, [
        windowLabel(r.window, ctx),
        ...def.columns.map(c => {
          if (c.windows && !c.windows.includes(r.window)) return el('span', { class: 'blank' });
          const source = c.from === 'kpis' ? (entity.kpis ? entity.kpis[r.window] : null) : figures;
          const raw = source ? source[c.field] : null;
          return value(c.field, r.window, raw, c.format(raw), c.band ? ctx.bands[c.band](raw) : null);
        }),
      ]);
    }),
  ]);
  return el('article', {
    class: 'tile ' + kind + ' band-' + band,
    ['data-' + kind]: name,
    'data-tenant': entity.tenant,
  }, [
    el('div', { class: 'head' }, [
      el('div', { class: 'title' }, [
        el('span', { class: 'name', text: name }),
        ctx.multiTenant ? el('span', { class: 'tenant', text: entity.tenant }) : null,
      ]),
      now,
    ]),
    table,
    sparkRow(ctx.history.points(key), def.spark, ctx),
  ]);
}

/** An agent card: the activity and the time in it now, and the legs handled today. */
export function agentCard(a) {
  const what = a.state === 'busy' ? (a.activity || 'busy') : a.state === 'not_ready' ? (a.reason || 'not ready') : a.state;
  return el('article', {
    class: 'agent ' + a.state + (a.state === 'busy' && a.activity ? ' ' + a.activity : ''),
    'data-agent': a.agent,
    'data-tenant': a.tenant,
    'data-state': a.state,
  }, [
    el('div', { class: 'line' }, [
      el('span', { class: 'id', text: a.agent }),
      el('span', { class: 'win today', 'data-window': 'today' }, [
        value('handledToday', 'today', a.handledToday, String(a.handledToday)),
        el('span', { class: 'win-label', text: 'today' }),
      ]),
    ]),
    el('div', { class: 'line' }, [
      el('span', { class: 'what', text: what.replace('_', ' ') }),
      value('inActivitySeconds', 'now', a.inActivitySeconds, secs(a.inActivitySeconds)),
    ]),
  ]);
}

/** One recent abandon. */
export function abandonLine(a) {
  return el('li', { 'data-call': a.call }, [
    el('span', { class: 'at', text: clock(a.at, true) }),
    el('span', { class: 'queue', text: a.queue }),
    el('span', { class: 'waited', text: 'waited ' + secs(a.waitSeconds) + (a['short'] ? ' (short)' : '') }),
  ]);
}

/**
 * The sparkline of one rolling ratio over the history span (0–100 % high, event time across); a step with no
 * point (nothing happened in the window) breaks the line.
 */
function sparkRow(points, spark, ctx) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'spark');
  svg.setAttribute('viewBox', '0 0 100 20');
  svg.setAttribute('preserveAspectRatio', 'none');
  const shown = points.filter(p => p.figures[spark.field] !== null && p.figures[spark.field] !== undefined);
  svg.setAttribute('data-points', String(shown.length));
  svg.setAttribute('data-spark', spark.field);
  svg.setAttribute('data-last', shown.length ? String(shown[shown.length - 1].figures[spark.field]) : '');
  const y = v => (19 - Math.min(1, Math.max(0, v)) * 18).toFixed(2);
  if (spark.guide) {
    // Where the green band starts, dashed.
    const guide = document.createElementNS(SVG, 'line');
    guide.setAttribute('class', 'guide');
    guide.setAttribute('x1', '0'); guide.setAttribute('x2', '100');
    guide.setAttribute('y1', y(spark.guide(ctx.config))); guide.setAttribute('y2', y(spark.guide(ctx.config)));
    svg.appendChild(guide);
  }
  const to = ctx.history.to();
  let run = [];
  const flush = () => {
    if (run.length > 1) {
      const line = document.createElementNS(SVG, 'polyline');
      line.setAttribute('points', run.join(' '));
      svg.appendChild(line);
    } else if (run.length === 1) {
      const dot = document.createElementNS(SVG, 'circle');
      const [x, y] = run[0].split(',');
      dot.setAttribute('cx', x); dot.setAttribute('cy', y); dot.setAttribute('r', '0.8');
      svg.appendChild(dot);
    }
    run = [];
  };
  let previous = null;
  for (const p of points) {
    const v = p.figures[spark.field];
    if (v === null || v === undefined || (previous !== null && p.t - previous > ctx.history.stepMillis() * 1.5)) flush();
    if (v !== null && v !== undefined) {
      const x = 100 - (to - p.t) / ctx.history.spanMillis() * 100;
      run.push(x.toFixed(2) + ',' + y(v));
    }
    previous = p.t;
  }
  flush();
  return el('div', { class: 'spark-row' }, [
    svg,
    el('span', { class: 'spark-label', text: spark.label + ', ' + ctx.history.spanLabel() }),
  ]);
}
