"""Charts for reports as inline SVG (WeasyPrint draws it natively; no image files, no fetches)."""

from markupsafe import Markup, escape

GRID = "#d9dde3"
INK = "#1d2733"
MUTED = "#6b7480"
COMPARE = "#1d2733"


def _clip(text: str, length: int) -> str:
    text = str(text or "")
    return text if len(text) <= length else text[: length - 1] + "…"


def score_colour(value) -> str:
    """Return a colour-blind-safe colour for a 0-100 score: blue, yellow, vermillion
    (Okabe-Ito), grey when there is none. Never the only cue: the value is always printed."""
    if value is None:
        return "#c5cad1"
    if value >= 85:
        return "#0072b2"
    if value >= 70:
        return "#e6a100"
    return "#d55e00"


# An orange-to-blue scale in five bands, light enough for dark text: readable with any
# colour vision, and in print the printed value is there anyway (DESIGN §8 v2).
HEAT_BANDS = [
    {"low": None, "high": 60, "colour": "#f4a259", "label": "< 60"},
    {"low": 60, "high": 70, "colour": "#fbd3a5", "label": "60–70"},
    {"low": 70, "high": 80, "colour": "#f2f2f2", "label": "70–80"},
    {"low": 80, "high": 90, "colour": "#b9d4ea", "label": "80–90"},
    {"low": 90, "high": None, "colour": "#74a9d8", "label": "≥ 90"},
]
NO_SCORE = "#ffffff"


def heat_colour(value) -> str:
    """Return the background of a heat-map cell from its band (white when there is none)."""
    if value is None:
        return NO_SCORE
    for band in HEAT_BANDS:
        if band["high"] is None or value < band["high"]:
            return band["colour"]
    return HEAT_BANDS[-1]["colour"]


def bins(values) -> list[dict]:
    """Count 0-100 scores in ten bins of ten points (100 goes in the last)."""
    counts = [0] * 10
    for value in values:
        if value is not None:
            counts[min(9, max(0, int(value // 10)))] += 1
    return [{"low": i * 10, "high": i * 10 + 10, "count": c} for i, c in enumerate(counts)]


def hbar_chart(
    rows,
    fmt,
    *,
    colour,
    label="label",
    value="value",
    compare="compare",
    compare_label=None,
    width=680,
    label_width=230,
):
    """Draw horizontal 0-100 % bars, one per row, with an optional comparison tick.

    rows: dicts holding a label, a value (0-100 or None) and optionally a comparison value,
    under the given keys; compare_label: (legend of the bar, legend of the tick).
    """
    label_key, value_key, compare_key = label, value, compare
    row_height, bar_height, top = 26, 14, 22
    plot_x, plot_w = label_width, width - label_width - 72
    height = top + row_height * len(rows) + (22 if compare_label else 4)
    parts = [
        f'<svg class="chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'xmlns="http://www.w3.org/2000/svg" font-family="Report Sans" font-size="12" role="img">'
    ]
    grid_bottom = height - 20 if compare_label else height - 2
    for tick in range(0, 101, 25):
        x = plot_x + plot_w * tick / 100
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{grid_bottom}" '
            f'stroke="{GRID}" stroke-width="0.6"/>'
            f'<text x="{x:.1f}" y="{top - 7}" text-anchor="middle" fill="{MUTED}" font-size="12">'
            f"{tick}</text>"
        )
    for index, row in enumerate(rows):
        y = top + index * row_height + (row_height - bar_height) / 2
        value, compare = row.get(value_key), row.get(compare_key)
        parts.append(
            f'<text x="{plot_x - 6}" y="{y + bar_height - 2:.1f}" text-anchor="end" fill="{INK}">'
            f"{escape(_clip(row.get(label_key), 32))}</text>"
        )
        parts.append(
            f'<rect x="{plot_x}" y="{y:.1f}" width="{plot_w}" height="{bar_height}" '
            'fill="#eef0f3"/>'
        )
        if value is not None:
            bar = plot_w * max(0.0, min(100.0, value)) / 100
            parts.append(
                f'<rect x="{plot_x}" y="{y:.1f}" width="{bar:.1f}" height="{bar_height}" '
                f'fill="{colour}"/>'
            )
        if compare is not None:
            x = plot_x + plot_w * max(0.0, min(100.0, compare)) / 100
            parts.append(
                f'<line x1="{x:.1f}" y1="{y - 3:.1f}" x2="{x:.1f}" y2="{y + bar_height + 3:.1f}" '
                f'stroke="{COMPARE}" stroke-width="2"/>'
            )
        parts.append(
            f'<text x="{plot_x + plot_w + 6}" y="{y + bar_height - 2:.1f}" fill="{INK}" '
            f'font-weight="bold">{escape(fmt.pct(value))}</text>'
        )
    if compare_label:
        y = height - 6
        parts.append(
            f'<rect x="{plot_x}" y="{y - 10}" width="12" height="10" fill="{colour}"/>'
            f'<text x="{plot_x + 16}" y="{y}" fill="{INK}" font-size="12">'
            f"{escape(_clip(compare_label[0], 26))}</text>"
            f'<line x1="{plot_x + 210}" y1="{y - 12}" x2="{plot_x + 210}" y2="{y + 1}" '
            f'stroke="{COMPARE}" stroke-width="2"/>'
            f'<text x="{plot_x + 216}" y="{y}" fill="{INK}" font-size="12">'
            f"{escape(compare_label[1])}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def histogram(values, fmt, *, colour, axis_label="", width=680, height=200) -> Markup:
    """Draw the distribution of 0-100 scores in ten bins of ten points."""
    counts = [b["count"] for b in bins(values)]
    left, bottom, top = 34, 38, 18
    plot_w, plot_h = width - left - 8, height - bottom - top
    peak = max(counts) or 1
    step = plot_w / 10
    parts = [
        f'<svg class="chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'xmlns="http://www.w3.org/2000/svg" font-family="Report Sans" font-size="12" role="img">'
    ]
    for tick in sorted({0, peak // 2, peak}):
        y = top + plot_h * (1 - tick / peak)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{GRID}" '
            f'stroke-width="0.6"/><text x="{left - 4}" y="{y + 3:.1f}" text-anchor="end" '
            f'fill="{MUTED}">{escape(fmt.num(tick, 0))}</text>'
        )
    for index, count in enumerate(counts):
        x = left + index * step
        bar_h = plot_h * count / peak
        fill = score_colour(index * 10 + 5) if colour is None else colour
        parts.append(
            f'<rect x="{x + 3:.1f}" y="{top + plot_h - bar_h:.1f}" width="{step - 6:.1f}" '
            f'height="{bar_h:.1f}" fill="{fill}"/>'
        )
        if count:
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{top + plot_h - bar_h - 3:.1f}" '
                f'text-anchor="middle" fill="{INK}" font-weight="bold">{count}</text>'
            )
        parts.append(
            f'<text x="{x + step / 2:.1f}" y="{top + plot_h + 14:.1f}" text-anchor="middle" '
            f'fill="{MUTED}">{index * 10}–{index * 10 + 10}</text>'
        )
    if axis_label:
        parts.append(
            f'<text x="{left + plot_w / 2:.1f}" y="{height - 4}" text-anchor="middle" '
            f'fill="{MUTED}">{escape(axis_label)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def interval_bar(mean, low, high, *, colour, width=150, height=12) -> Markup:
    """Draw a score on a 0-100 track with its 95 % interval as a whisker."""
    parts = [
        f'<svg class="interval" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'xmlns="http://www.w3.org/2000/svg">'
        f'<rect x="0" y="{height / 2 - 3}" width="{width}" height="6" fill="#eef0f3"/>'
    ]
    if mean is not None:
        parts.append(
            f'<rect x="0" y="{height / 2 - 3}" width="{width * min(100, max(0, mean)) / 100:.1f}" '
            f'height="6" fill="{colour}"/>'
        )
    if low is not None and high is not None:
        x1, x2 = width * low / 100, width * high / 100
        mid = height / 2
        parts.append(
            f'<line x1="{x1:.1f}" y1="{mid}" x2="{x2:.1f}" y2="{mid}" stroke="{INK}" '
            f'stroke-width="1"/><line x1="{x1:.1f}" y1="1" x2="{x1:.1f}" y2="{height - 1}" '
            f'stroke="{INK}" stroke-width="1"/><line x1="{x2:.1f}" y1="1" x2="{x2:.1f}" '
            f'y2="{height - 1}" stroke="{INK}" stroke-width="1"/>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def trend_chart(points, fmt, *, colour, width=680, height=150) -> Markup:
    """Draw a score per wave (0-100 %) as a line with labelled points, oldest left."""
    left, right, top, bottom = 40, 20, 22, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    parts = [
        f'<svg class="chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'xmlns="http://www.w3.org/2000/svg" font-family="Report Sans" font-size="12" role="img">'
    ]
    for tick in (0, 50, 100):
        y = top + plot_h * (1 - tick / 100)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{GRID}" '
            f'stroke-width="0.6"/><text x="{left - 5}" y="{y + 4:.1f}" text-anchor="end" '
            f'fill="{MUTED}">{tick}</text>'
        )
    step = plot_w / max(1, len(points))
    xy = []
    for index, point in enumerate(points):
        x = left + step * (index + 0.5)
        parts.append(
            f'<text x="{x:.1f}" y="{top + plot_h + 18:.1f}" text-anchor="middle" fill="{INK}">'
            f"{escape(_clip(point.get('name'), 16))}</text>"
        )
        if point.get("mean") is not None:
            y = top + plot_h * (1 - max(0.0, min(100.0, point["mean"])) / 100)
            xy.append((x, y))
            parts.append(
                f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle" fill="{INK}" '
                f'font-weight="bold">{escape(fmt.pct(point["mean"]))}</text>'
            )
    if len(xy) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
    for x, y in xy:
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>')
    parts.append("</svg>")
    return Markup("".join(parts))
