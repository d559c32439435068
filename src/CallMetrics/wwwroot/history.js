// The points behind the sparklines: the rolling figures of each queue and team at every step instant of the
// last hour. Loaded from /api/v1/live/history at start (so the lines are full at once), then extended from the
// live pictures: a picture's "rolling" is the point at its rollingAt. A jump of more than one step (pictures
// the page did not see) asks for the history again.
'use strict';
import { tagMillis, rollingLabel } from './format.js';

export const queueKey = q => 'queue/' + q.tenant + '/' + q.queue;
export const teamKey = t => 'team/' + t.tenant + '/' + t.team;

export function createHistory() {
  let stepMs = 60e3;
  let spanMs = 36e5;
  let spanTag = '1h';
  let toMs = null;
  const series = new Map();

  function add(key, t, figures) {
    let points = series.get(key);
    if (!points) { points = []; series.set(key, points); }
    if (points.length && points[points.length - 1].t >= t) return;
    points.push({ t, figures });
  }

  function trim() {
    for (const [key, points] of series) {
      while (points.length && points[0].t <= toMs - spanMs) points.shift();
      if (!points.length) series.delete(key);
    }
  }

  return {
    /** Replaces everything with an answer of /api/v1/live/history. */
    load(h) {
      series.clear();
      stepMs = tagMillis(h.step) || stepMs;
      spanMs = tagMillis(h.span) || spanMs;
      spanTag = h.span || spanTag;
      toMs = h.to ? Date.parse(h.to) : null;
      for (const q of h.queues) for (const p of q.points) add(queueKey(q), Date.parse(p.at), p.figures);
      for (const t of h.teams) for (const p of t.points) add(teamKey(t), Date.parse(p.at), p.figures);
    },

    /** Adds a live picture's rolling figures; true when steps were missed and the history should be read again. */
    observe(picture) {
      if (!picture.rollingAt) return false;
      const at = Date.parse(picture.rollingAt);
      if (toMs !== null && at <= toMs) return false;
      const missed = toMs !== null && at - toMs > stepMs;
      for (const q of picture.queues) if (q.rolling) add(queueKey(q), at, q.rolling);
      for (const t of picture.teams) if (t.rolling) add(teamKey(t), at, t.rolling);
      toMs = at;
      trim();
      return missed;
    },

    points: key => series.get(key) || [],
    to: () => toMs === null ? 0 : toMs,
    stepMillis: () => stepMs,
    spanMillis: () => spanMs,
    spanLabel: () => rollingLabel(spanTag),
  };
}
