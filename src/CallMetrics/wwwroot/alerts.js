// The alerts banner: a strip per firing alert of GET /api/v1/alerts (rule id, tags, value, since when), oldest first,
// above the board. At most MAX_STRIPS strips show, then one "+N more" strip, so a storm of alerts cannot push the
// tiles off the screen; /api/v1/alerts has them all.
'use strict';
import { el } from './tiles.js';
import { clock } from './format.js';

export const MAX_STRIPS = 3;

const number = v => v === null || v === undefined ? '' : String(Math.round(v * 100) / 100);

/** One firing alert. */
export function alertStrip(a) {
  const tags = Object.entries(a.tags || {}).map(([k, v]) => k + '=' + v).join(' · ');
  return el('div', {
    class: 'alert',
    role: 'alert',
    'data-rule': a.rule,
    'data-tags': JSON.stringify(a.tags || {}),
    'data-value': a.value === undefined || a.value === null ? '' : a.value,
    'data-since': a.at,
  }, [
    el('span', { class: 'mark', text: 'ALERT' }),
    el('span', { class: 'rule', text: a.rule }),
    el('span', { class: 'tags', text: tags }),
    a.value === undefined || a.value === null ? null : el('span', { class: 'value', text: number(a.value) }),
    el('span', { class: 'since', text: 'since ' + clock(a.at) + ' UTC' }),
  ]);
}

/** The strips of <alerts>: the first MAX_STRIPS, then "+N more firing". */
export function alertStrips(alerts) {
  const strips = alerts.slice(0, MAX_STRIPS).map(alertStrip);
  if (alerts.length > MAX_STRIPS) {
    strips.push(el('div', { class: 'alert more', 'data-more': alerts.length - MAX_STRIPS, text: '+' + (alerts.length - MAX_STRIPS) + ' more firing' }));
  }
  return strips;
}
