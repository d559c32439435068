#!/usr/bin/env python3
"""Draws the scaling plot of docs/PERFORMANCE.md from the JSON of `--scaling`, as SVG (standard library only).

usage: plot-scaling.py SCALING.json OUT.svg   (then: rsvg-convert OUT.svg -o OUT.png)
"""
import json
import math
import sys

SERIES = [
    ("engine_events_per_s", "engine (default: 24 h dedupe retention)", "#1f77b4", ""),
    ("engine_retention_1m_events_per_s", "engine, --retention 1m --dedupe-horizon 1m", "#2ca02c", ""),
    ("naive_events_per_s", "naive dictionary re-aggregation", "#d62728", "6,4"),
]
# Per CPU-second figures (when the JSON has them) move less with other load on a shared machine.
UNIT = "events/s (one core)"


def use_cpu_figures(points):
    global SERIES, UNIT
    if all(k.replace("_events_per_s", "_events_per_cpu_s") in p for p in points for k, *_ in SERIES):
        SERIES = [(k.replace("_events_per_s", "_events_per_cpu_s"), label, color, dash) for k, label, color, dash in SERIES]
        UNIT = "events per CPU-second (one thread)"
W, H = 1040, 470
PANEL_W, PANEL_H = 400, 300
TOP, LEFT = 60, 90


def panel(out, x0, points, xkey, xlabel, logx, title, ymax):
    xs = [p[xkey] for p in points]
    fx = (lambda v: math.log10(v)) if logx else (lambda v: v)
    lo, hi = fx(min(xs)), fx(max(xs))
    pad = (hi - lo) * 0.04
    lo, hi = lo - pad, hi + pad
    span = (hi - lo) or 1

    def px(v):
        return x0 + (fx(v) - lo) / span * PANEL_W

    def py(v):
        return TOP + PANEL_H - v / ymax * PANEL_H

    out.append(f'<text x="{x0 + PANEL_W / 2}" y="{TOP - 22}" text-anchor="middle" font-size="15" font-weight="bold">{title}</text>')
    out.append(f'<rect x="{x0}" y="{TOP}" width="{PANEL_W}" height="{PANEL_H}" fill="none" stroke="#444"/>')
    step = nice_step(ymax)
    v = 0.0
    while v <= ymax + 1e-9:
        y = py(v)
        out.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x0 + PANEL_W}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{x0 - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{v / 1e6:g}M</text>')
        v += step
    for x in xs:
        out.append(f'<line x1="{px(x):.1f}" y1="{TOP + PANEL_H}" x2="{px(x):.1f}" y2="{TOP + PANEL_H + 5}" stroke="#444"/>')
        label = f"{x // 1000}k" if x >= 1000 else f"{x:g}"
        out.append(f'<text x="{px(x):.1f}" y="{TOP + PANEL_H + 18}" text-anchor="middle" font-size="11">{label}</text>')
    out.append(f'<text x="{x0 + PANEL_W / 2}" y="{TOP + PANEL_H + 36}" text-anchor="middle" font-size="12">{xlabel}</text>')
    out.append(f'<text x="{x0 - 55}" y="{TOP + PANEL_H / 2}" text-anchor="middle" font-size="12" transform="rotate(-90 {x0 - 55} {TOP + PANEL_H / 2})">{UNIT}</text>')
    if ymax >= 20e6:
        y20 = py(20e6)
        out.append(f'<line x1="{x0}" y1="{y20:.1f}" x2="{x0 + PANEL_W}" y2="{y20:.1f}" stroke="#000" stroke-dasharray="8,3"/>')
        out.append(f'<text x="{x0 + 4}" y="{y20 + 13:.1f}" font-size="10">target 20M events/s</text>')
    # the flatness target: within 30% of the best point of the default engine
    best = max(p[SERIES[0][0]] for p in points)
    y = py(best * 0.7)
    out.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x0 + PANEL_W}" y2="{y:.1f}" stroke="#1f77b4" stroke-dasharray="2,3"/>')
    out.append(f'<text x="{x0 + PANEL_W - 4}" y="{y + 12:.1f}" text-anchor="end" font-size="10" fill="#1f77b4">70% of best (flatness target)</text>')
    for key, _, color, dash in SERIES:
        pts = [(px(p[xkey]), py(p[key])) for p in points if key in p]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
        out.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2" stroke-dasharray="{dash}"/>')
        for x, y in pts:
            out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{color}"/>')


def nice_step(ymax):
    raw = ymax / 5
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def main():
    data = json.load(open(sys.argv[1]))
    by_agents, by_calls = data["by_agents"], data["by_events_per_call"]
    use_cpu_figures(by_agents + by_calls)
    ymax = max(20e6, max(p[k] for p in by_agents + by_calls for k, *_ in SERIES if k in p)) * 1.05
    step = nice_step(ymax)
    ymax = math.ceil(ymax / step) * step
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="DejaVu Sans, sans-serif">',
           f'<rect width="{W}" height="{H}" fill="white"/>']
    panel(out, LEFT, by_agents, "agents", "logged-in agents (log scale), 12 events per call", True, "Core throughput vs agents", ymax)
    panel(out, LEFT + PANEL_W + 100, by_calls, "events_per_call", "events per call (measured), 10k agents", False, "Core throughput vs events per call", ymax)
    ly = H - 40
    lx = LEFT
    for _, label, color, dash in SERIES:
        out.append(f'<line x1="{lx}" y1="{ly}" x2="{lx + 30}" y2="{ly}" stroke="{color}" stroke-width="2" stroke-dasharray="{dash}"/>')
        out.append(f'<text x="{lx + 36}" y="{ly + 4}" font-size="12">{label}</text>')
        lx += 330
    out.append("</svg>")
    with open(sys.argv[2], "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
