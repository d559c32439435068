// How the wallboard writes numbers and window names, and which colour band a ratio is in. Pure functions.
'use strict';

const missing = v => v === null || v === undefined;

/** A ratio as a rounded percentage, "82 %"; "–" when there is none (0/0). */
export const pct = v => missing(v) ? '–' : Math.round(v * 100) + ' %';

/** Seconds as "48 s" under a minute, then "m:ss", then "h:mm:ss". */
export function secs(v) {
  if (missing(v)) return '–';
  const s = Math.round(v);
  if (s < 60) return s + ' s';
  const two = n => String(n).padStart(2, '0');
  return s < 3600 ? Math.floor(s / 60) + ':' + two(s % 60) : Math.floor(s / 3600) + ':' + two(Math.floor(s / 60) % 60) + ':' + two(s % 60);
}

/** A count. */
export const int = v => missing(v) ? '–' : String(v);

/** A mean score (CSAT 1–5) to two decimals, as METRICS.md computes it. */
export const score = v => missing(v) ? '–' : v.toFixed(2);

/** A window length tag of the API ("15m", "1h", "90s") in milliseconds; null when unknown. */
export function tagMillis(tag) {
  const m = /^(\d+)([smhd])$/.exec(tag || '');
  return m ? Number(m[1]) * { s: 1e3, m: 6e4, h: 36e5, d: 864e5 }[m[2]] : null;
}

/** The label of the rolling window: "last 15 min", "last 1 h" (from the API's tag, never a fixed 15). */
export function rollingLabel(tag) {
  const m = /^(\d+)([smhd])$/.exec(tag || '');
  return m ? 'last ' + m[1] + ' ' + { s: 's', m: 'min', h: 'h', d: 'd' }[m[2]] : 'rolling';
}

/** HH:MM:SS (or HH:MM) of an RFC 3339 UTC instant. */
export const clock = (instant, seconds) => instant ? instant.substring(11, seconds ? 19 : 16) : '–';

/** Colour bands of the ratios, from /api/v1/wallboard/config. */
export function bands(config) {
  return {
    occupancy: v => missing(v) ? 'none'
      : v > config.occupancyRedAbove ? 'red' : v > config.occupancyAmberAbove ? 'amber' : v >= config.occupancyGreenFrom ? 'green' : 'amber',
    serviceLevel: v => missing(v) ? 'none'
      : v >= config.serviceLevelGreenFrom ? 'green' : v >= config.serviceLevelAmberFrom ? 'amber' : 'red',
  };
}
