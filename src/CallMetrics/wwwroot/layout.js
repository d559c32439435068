// Fits the board to the screen it hangs on: every tile, card and heading inside the viewport, no scrolling.
// One scale s for all tiles (type and tiles are sized in u = min(1vh, 0.5625vw) times s): the largest s, up to
// S_MAX, at which every section's tiles fit in rows that share the height. Tiles are measured as they are (at
// s = 1, content-sized), so a figure added to figures.js widens them without a change here. Below S_MIN the
// type would be too small to read across a room: sections then show as many tiles as fit at S_MIN and turn
// pages (rotate) instead.
'use strict';

export const S_MIN = 0.7;
export const S_MAX = 1.6;
const S_FLOOR = 0.2; // a screen too small for one row of each section at S_MIN still gets something

export function createLayout(main, probe) {
  let fitted = null;
  let slack = 1.04; // room for a number that grows a digit before the next fit; grows if that was not enough
  const pages = new Map(); // section id -> page shown

  // The tiles' own size at s = 1 (the probe sets --s: 1 for what is in it), the largest of the section.
  function measure(nodes) {
    probe.replaceChildren(...nodes.map(n => { const c = n.cloneNode(true); c.classList.add('measuring'); return c; }));
    let w = 0, h = 0;
    for (const c of probe.children) {
      const r = c.getBoundingClientRect();
      w = Math.max(w, r.width);
      h = Math.max(h, r.height);
    }
    probe.replaceChildren();
    return { w: w * slack, h: h * slack };
  }

  const px = (e, property) => parseFloat(getComputedStyle(e)[property]) || 0;

  // Rows and columns of each section at scale s, and the height they need; null when a tile is wider than its
  // section (unless forced to one column).
  function plan(parts, s, rowCaps, force) {
    let height = px(main, 'rowGap') * (parts.length - 1);
    const out = [];
    for (const p of parts) {
      let cols = Math.min(p.n, Math.floor((p.width + p.gap) / (p.tile.w * s + p.gap)));
      if (cols < 1) {
        if (!force) return null;
        cols = 1;
      }
      const rows = Math.min(Math.ceil(p.n / cols), rowCaps ? rowCaps.get(p.id) : Infinity);
      const grid = rows * p.tile.h * s + (rows - 1) * p.gap;
      out.push({ id: p.id, cols, rows, grid, capacity: cols * rows });
      height += p.heading + grid;
    }
    return { height, sections: out };
  }

  function fit(sections, key) {
    const parts = sections.filter(s => s.nodes.length).map(s => ({
      id: s.id,
      n: s.nodes.length,
      tile: measure(s.nodes),
      width: s.grid.clientWidth,
      gap: px(s.grid, 'rowGap'),
      heading: s.heading.offsetHeight,
    }));
    // A section with no tiles that shares its box with another panel (the agents, beside the abandons) keeps a share.
    const kept = sections.filter(s => !s.nodes.length && s.keepWhenEmpty).reduce((sum, s) => sum + s.keepWhenEmpty, 0);
    const room = main.clientHeight * (1 - kept);
    const fits = s => { const p = plan(parts, s); return p !== null && p.height <= room; };
    let s;
    let rowCaps = null;
    let force = false;
    if (fits(S_MAX)) {
      s = S_MAX;
    } else if (fits(S_MIN)) {
      let lo = S_MIN, hi = S_MAX;
      for (let i = 0; i < 24; i++) { const mid = (lo + hi) / 2; if (fits(mid)) lo = mid; else hi = mid; }
      s = lo;
    } else {
      // More than fits: the sections that need the most height give up rows, and turn pages.
      s = S_MIN;
      while (s > S_FLOOR && plan(parts, s) === null) s = Math.max(S_FLOOR, s * 0.9); // a tile wider than the screen
      force = plan(parts, s) === null;
      rowCaps = new Map(plan(parts, s, null, force).sections.map(p => [p.id, p.rows]));
      for (;;) {
        const p = plan(parts, s, rowCaps, force);
        if (p.height <= room || s <= S_FLOOR) break;
        const tallest = p.sections.filter(x => x.rows > 1).sort((a, b) => b.grid - a.grid)[0];
        if (tallest) rowCaps.set(tallest.id, tallest.rows - 1);
        else s = Math.max(S_FLOOR, s * 0.9); // one row each is still too tall (a tiny screen)
      }
    }
    const result = plan(parts, s, rowCaps, force);
    fitted = { key, s, sections: new Map(result.sections.map(p => [p.id, p])) };
    root().style.setProperty('--s', s.toFixed(4));
    for (const sec of sections) {
      const p = fitted.sections.get(sec.id);
      // Sections share the height in proportion to what they need; the rest of the screen stretches the tiles.
      const grow = p ? sec.heading.offsetHeight + p.grid : sec.keepWhenEmpty ? main.clientHeight * sec.keepWhenEmpty : 0;
      (sec.flexBox || sec.box).style.flex = grow ? grow.toFixed(1) + ' 1 0px' : '';
      if (p) {
        sec.grid.style.setProperty('--cols', String(p.cols));
        sec.grid.style.setProperty('--rows', String(p.rows));
      }
    }
  }

  function show(sec) {
    const p = fitted.sections.get(sec.id);
    sec.box.hidden = !p;
    if (!p) { sec.grid.replaceChildren(); return; }
    const count = Math.ceil(sec.nodes.length / p.capacity);
    const page = (pages.get(sec.id) || 0) % count;
    pages.set(sec.id, page);
    sec.grid.replaceChildren(...sec.nodes.slice(page * p.capacity, (page + 1) * p.capacity));
    sec.box.setAttribute('data-pages', String(count));
    sec.box.setAttribute('data-page', String(page + 1));
    sec.pageLabel.hidden = count < 2;
    sec.pageLabel.textContent = 'page ' + (page + 1) + ' of ' + count;
  }

  const overflowing = sections => sections.some(sec => Array.from(sec.grid.children).some(t =>
    t.scrollWidth > t.clientWidth + 1 || t.scrollHeight > t.clientHeight + 1));

  const root = () => document.documentElement;

  return {
    /**
     * Puts the current page of each section on the screen; fits again when the counts or the screen changed,
     * or when a tile's content no longer fits (a number grew). sections: [{ id, nodes, box, flexBox?, keepWhenEmpty?,
     * heading, grid, pageLabel }]: box is hidden when empty, flexBox (box by default) gets the section's share of
     * the height, keepWhenEmpty is the share of the height it keeps with no tiles (for what shares flexBox with it).
     */
    place(sections) {
      for (const sec of sections) sec.box.hidden = sec.nodes.length === 0;
      const key = sections.map(s => s.id + ':' + s.nodes.length).join(',') + '@' + main.clientWidth + 'x' + main.clientHeight;
      if (!fitted || fitted.key !== key) fit(sections, key);
      sections.forEach(show);
      if (overflowing(sections)) {
        slack = Math.min(1.5, slack * 1.05);
        fit(sections, key);
        sections.forEach(show);
      }
    },

    /** Turns every section that has more than one page to its next page (the caller then places again). */
    turn() {
      for (const [id, page] of pages) pages.set(id, page + 1);
    },

    /** Forget the fit (the screen or what is above the board changed). */
    invalidate() { fitted = null; },

    scale: () => (fitted ? fitted.s : null),
  };
}
