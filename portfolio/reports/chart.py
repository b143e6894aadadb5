"""The chart the committee already uses (tertialrapport april 2019), as inline SVG:
monthly deviation as bars, accumulated deviation this year and last year as lines, and the
forecast as a dashed line to December."""

from html import escape

from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _

# Text sizes in the SVG's own units, chosen so that the printed chart's text is as large as the
# report's own table text (wkhtmltopdf prints the 760-unit chart at about 60 % of the A4 text
# width; the earlier 10 units came out at a hard-to-read 6 pt).
FONT_SIZE, TITLE_SIZE, LEGEND_LINE = 15, 16, 21
WIDTH, HEIGHT = 760, 400
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 58, 26 + 4 * LEGEND_LINE + 8
TITLE_CHARACTERS = 70  # what fits on one line of the chart at TITLE_SIZE


def _title_lines(title: str) -> list[str]:
    """The title on one line, or two when it would run off the chart."""
    if len(title) <= TITLE_CHARACTERS:
        return [title]
    cut = title.rfind(" ", 0, TITLE_CHARACTERS)
    cut = cut if cut > 0 else TITLE_CHARACTERS
    return [title[:cut].rstrip(), title[cut:].strip()]


def months() -> list[str]:
    return [str(MONTHS_3[number]) for number in range(1, 13)]


def legend() -> list[tuple[str, str, bool]]:
    """Colour, label and dash of each series, in the language of the page."""
    return [("#4a7fb8", _("Monthly deviation from budget"), False),
            ("#c0392b", _("Accumulated budget deviation this year"), False),
            ("#6b6b6b", _("Accumulated budget deviation last year"), False),
            ("#c0392b", _("Forecast budget deviation"), True)]


def table_rows(chart: dict) -> list[dict]:
    """The chart's numbers month by month: its text alternative, as a table (WCAG 1.1.1)."""
    bars = chart["monthly_deviation_tkr"]
    this_year = chart["accumulated_deviation_tkr"]
    last_year = chart["accumulated_deviation_last_year_tkr"]
    return [{"month": label,
             "monthly": bars[index] if index < len(bars) else None,
             "accumulated": this_year[index] if index < len(this_year) else None,
             "last_year": last_year[index] if index < len(last_year) else None}
            for index, label in enumerate(months())]


def svg(chart: dict, title: str) -> str:
    bars = chart["monthly_deviation_tkr"]
    this_year = chart["accumulated_deviation_tkr"]
    last_year = chart["accumulated_deviation_last_year_tkr"]
    forecast_end = chart["forecast_deviation_tkr"]
    values = bars + this_year + last_year + [forecast_end, 0]
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.1
    low, high = low - pad, high + pad
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / 12

    def x(month_index):  # centre of month slot
        return LEFT + step * (month_index + 0.5)

    def y(value):
        return TOP + plot_h * (high - value) / (high - low)

    # The SVG is an image named by its title; its numbers are in the table beside it.
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="DejaVu Sans, sans-serif" '
             f'font-size="{FONT_SIZE}" role="img" aria-label="{escape(title)}">',
             *(f'<text x="{LEFT}" y="{18 + line * (TITLE_SIZE + 4)}" font-size="{TITLE_SIZE}" '
               f'font-weight="bold">{escape(text)}</text>'
               for line, text in enumerate(_title_lines(title)))]
    for tick in _ticks(low, high):
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
                     f'stroke="{"#333" if tick == 0 else "#ddd"}" stroke-width="1"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y(tick) + 3:.1f}" text-anchor="end">{tick}</text>')
    for index, value in enumerate(bars):
        top, bottom = sorted((y(value), y(0)))
        parts.append(f'<rect x="{x(index) - step * 0.3:.1f}" y="{top:.1f}" width="{step * 0.6:.1f}" '
                     f'height="{max(bottom - top, 0.5):.1f}" fill="#4a7fb8"/>')
    for index, label in enumerate(months()):
        parts.append(f'<text x="{x(index):.1f}" y="{HEIGHT - BOTTOM + 18}" '
                     f'text-anchor="middle">{escape(label)}</text>')

    def polyline(points, colour, dashed=False):
        if len(points) < 2:
            return
        path = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in points)
        dash = ' stroke-dasharray="6,4"' if dashed else ""
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" '
                     f'stroke-width="2"{dash}/>')

    polyline(list(enumerate(last_year)), "#6b6b6b")
    polyline(list(enumerate(this_year)), "#c0392b")
    if this_year:
        start = len(this_year) - 1
        polyline([(start, this_year[-1]), (11, forecast_end)], "#c0392b", dashed=True)
    # One legend entry a line: at a readable size two columns would run into each other.
    for index, (colour, label, dashed) in enumerate(legend()):
        lx = LEFT
        ly = HEIGHT - BOTTOM + 24 + (index + 1) * LEGEND_LINE
        dash = ' stroke-dasharray="6,4"' if dashed else ""
        parts.append(f'<line x1="{lx}" x2="{lx + 22}" y1="{ly - 3}" y2="{ly - 3}" stroke="{colour}" '
                     f'stroke-width="{6 if index == 0 else 2}"{dash}/>')
        parts.append(f'<text x="{lx + 28}" y="{ly}">{escape(label)} (tkr)</text>')
    parts.append("</svg>")
    return "".join(parts)


def _ticks(low, high, count=5):
    span = high - low
    raw = span / count
    magnitude = 10 ** len(str(int(abs(raw)))) / 10 if raw >= 1 else 1
    step = max(int(round(raw / magnitude)) * magnitude, 1)
    start = int(low // step) * step
    ticks, value = [], start
    while value <= high:
        if value >= low:
            ticks.append(int(value))
        value += step
    if 0 not in ticks and low <= 0 <= high:
        ticks.append(0)
    return sorted(ticks)
