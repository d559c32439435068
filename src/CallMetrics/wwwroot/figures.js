// What each tile shows: one entry per figure, grouped by the window it covers. A column reads its row's window
// object of the API (rolling, today), or, with from: 'kpis', that window of the entity's kpis (p90 handle time,
// first-contact resolution, repeat calls); windows: [...] leaves the cell of any other row empty (FCR has no
// rolling figure). A new figure is one more entry here; the tiles, their labels and the layout follow by themselves.
'use strict';
import { pct, secs, int, score } from './format.js';

/** The windows a figure can cover: its key in the API, and how its label reads. */
export const WINDOWS = {
  now: { label: () => 'now' },
  rolling: { label: rollingLabel => rollingLabel },
  today: { label: () => 'today' },
};

/**
 * A queue tile: the figures now (head), then a table whose rows are the windows (last N min, today) and whose
 * columns are the figures, so the same figure over both windows sits in one column.
 */
export const QUEUE = {
  now: [
    { field: 'waiting', label: 'waiting', format: int, big: true, value: q => q.waiting },
    { field: 'longestWaitSeconds', label: 'longest wait', format: secs, value: q => q.longestWaitSeconds },
  ],
  rows: [
    { window: 'rolling', figures: q => q.rolling },
    { window: 'today', figures: q => q.today },
  ],
  columns: [
    { field: 'serviceLevel', label: 'service level', format: pct, band: 'serviceLevel' },
    { field: 'asaSeconds', label: 'ASA', format: secs },
    { field: 'ahtSeconds', label: 'AHT', format: secs },
    { field: 'handleP90Seconds', label: 'p90 handle', format: secs, from: 'kpis' },
    { field: 'offered', label: 'offered', format: int },
    { field: 'abandoned', label: 'abandoned', format: int },
    { field: 'fcrRate', label: 'FCR', format: pct, from: 'kpis', windows: ['today'] },
    { field: 'repeatCalls', label: 'repeats', format: int, from: 'kpis', windows: ['today'] },
  ],
  // The tile's colour and its sparkline: the rolling service level.
  band: { field: 'serviceLevel', band: 'serviceLevel' },
  spark: { field: 'serviceLevel', label: 'service level', guide: config => config.serviceLevelGreenFrom },
};

/** A team tile, laid out as a queue tile. */
export const TEAM = {
  now: [
    { field: 'busy', label: 'busy', format: int, value: t => t.agents.busy },
    { field: 'available', label: 'available', format: int, value: t => t.agents.available },
    { field: 'notReady', label: 'not ready', format: int, value: t => t.agents.notReady },
  ],
  rows: [
    { window: 'rolling', figures: t => t.rolling },
    { window: 'today', figures: t => t.today },
  ],
  columns: [
    { field: 'occupancy', label: 'occupancy', format: pct, band: 'occupancy' },
    { field: 'utilization', label: 'utilization', format: pct },
    { field: 'ahtSeconds', label: 'AHT', format: secs },
    { field: 'handleP90Seconds', label: 'p90 handle', format: secs, from: 'kpis' },
    { field: 'handled', label: 'handled', format: int },
    { field: 'csat', label: 'CSAT', format: score },
    { field: 'surveys', label: 'surveys', format: int },
    { field: 'fcrRate', label: 'FCR', format: pct, from: 'kpis', windows: ['today'] },
    { field: 'repeatCalls', label: 'repeats', format: int, from: 'kpis', windows: ['today'] },
  ],
  band: { field: 'occupancy', band: 'occupancy' },
  spark: { field: 'occupancy', label: 'occupancy', guide: config => config.occupancyGreenFrom },
};
