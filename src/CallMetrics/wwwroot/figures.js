// What each tile shows: one entry per figure, grouped by the window it covers. A figure that comes later
// (p90 handle time beside AHT, waiting-now figures, first-contact resolution today) is one more entry here
// once /api/v1/live carries it; the tiles, their labels and the layout follow by themselves.
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
    { field: 'offered', label: 'offered', format: int },
    { field: 'abandoned', label: 'abandoned', format: int },
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
    { field: 'handled', label: 'handled', format: int },
    { field: 'csat', label: 'CSAT', format: score },
    { field: 'surveys', label: 'surveys', format: int },
  ],
  band: { field: 'occupancy', band: 'occupancy' },
  spark: { field: 'occupancy', label: 'occupancy', guide: config => config.occupancyGreenFrom },
};
