"""Cost-against-risk chart geometry: axes fitted to the data, and every candidate a marker no other hides.

Markers are placed best-ranked first at their true position; one that would touch a placed marker
moves to the nearest free spot and keeps a leader line to where it belongs. Numbers go beside the
markers where they fit. The shapes say the verdict without colour (print, black and white)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Iterator, Sequence

WIDTH, PAD_L, PAD_R, PAD_T, PAD_B = 720, 52, 14, 14, 44
SIDE_W, SIDE_GAP = 54, 12  # columns for free offerings (left) and unknown costs (right)
GAP = 1.0  # clear space between two markers
LABEL_H, DIGIT_W = 10.0, 5.6  # a label's box at the chart's label font size
LABEL_ALL_UP_TO, LABEL_TOP = 250, 50  # above that many points only the best-ranked and the frontier get numbers
#: Fill, stroke and stroke width per verdict, as SVG attributes (PDF engines ignore CSS inside SVG).
MARKER_STYLES = {
    "low": ("#17703a", "#ffffff", 1.2),
    "medium": ("#8a5a00", "#ffffff", 1.2),
    "high": ("#b4400b", "#ffffff", 1.2),
    "prohibited": ("none", "#8e1b1b", 2.4),
}


@dataclass(frozen=True)
class Point:
    """A candidate to plot: what the layout needs to know of it."""

    ref: str  # the number printed in the ranking table ('12', or 'P3' for a prohibited candidate)
    id: str
    anchor: str
    verdict: str
    cost: float | None
    risk: float
    pareto: bool
    priority: int  # placement order: 0 is placed first and never moves
    title: str


@dataclass(frozen=True)
class Label:
    """A marker's number: its text position and the box it occupies."""

    x: float
    y: float
    box: tuple[float, float, float, float]
    line: tuple[float, float, float, float] | None = None  # from the marker to a number set further out


@dataclass(frozen=True)
class Marker:
    """A placed marker: where it is drawn, where it belongs, and its shape."""

    point: Point
    x: float
    y: float
    tx: float  # true position
    ty: float
    r: float
    path: str
    label: Label | None

    @property
    def style(self) -> tuple[str, str, float]:
        """Fill, stroke and stroke width of its shape."""
        return MARKER_STYLES.get(self.point.verdict, MARKER_STYLES["low"])

    @property
    def moved(self) -> bool:
        """True when the marker was moved off its true position (a leader line shows where it belongs)."""
        return math.hypot(self.x - self.tx, self.y - self.ty) > self.r * 0.5


@dataclass
class Chart:
    """Everything the template draws."""

    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    r: float
    xticks: list[dict[str, object]] = field(default_factory=list)
    yticks: list[dict[str, object]] = field(default_factory=list)
    columns: list[dict[str, object]] = field(default_factory=list)  # side columns: free, unknown cost
    markers: list[Marker] = field(default_factory=list)
    frontier: str = ""
    unlabelled: int = 0
    unlabelled_refs: list[str] = field(default_factory=list)  # named in the caption when there are few
    numbered_top: int | None = None  # a large chart numbers only this many best-ranked markers (and the frontier)
    moved: int = 0


def shape(verdict: str, x: float, y: float, r: float) -> str:
    """SVG path of a verdict's marker, inside a circle of radius r: circle, square, triangle or cross."""
    if verdict == "medium":
        h = r * 0.7
        return f"M{x - h:.1f},{y - h:.1f}h{2 * h:.1f}v{2 * h:.1f}h{-2 * h:.1f}z"
    if verdict == "high":
        return f"M{x:.1f},{y - r:.1f}L{x + r * 0.866:.1f},{y + r * 0.5:.1f}L{x - r * 0.866:.1f},{y + r * 0.5:.1f}z"
    if verdict == "prohibited":
        d = r * 0.62
        return f"M{x - d:.1f},{y - d:.1f}L{x + d:.1f},{y + d:.1f}M{x - d:.1f},{y + d:.1f}L{x + d:.1f},{y - d:.1f}"
    return f"M{x - r:.1f},{y:.1f}a{r:g},{r:g} 0 1,0 {2 * r:g},0a{r:g},{r:g} 0 1,0 {-2 * r:g},0z"


def nice_steps(lo: float, hi: float) -> list[float]:
    """1-2-5 values from just below lo to just above hi (both positive)."""
    out: list[float] = []
    exp = math.floor(math.log10(lo))
    while True:
        for m in (1, 2, 5):
            v = m * 10.0**exp
            if v > hi * 1.0000001:
                below = [s for s in out if s <= lo]
                return out[len(below) - 1 :] + [v] if below else out + [v]
            out.append(v)
        exp += 1


def _log_axis(costs: Sequence[float]) -> tuple[float, float, list[float]]:
    lo, hi = min(costs), max(costs)
    steps = nice_steps(lo / 1.1, hi * 1.1)
    dlo, dhi = steps[0], steps[-1]
    ticks = steps if len(steps) <= 9 else [s for s in steps if math.log10(s).is_integer()] or [dlo, dhi]
    return dlo, dhi, ticks


def _risk_axis(risks: Sequence[float]) -> tuple[float, list[float]]:
    top = next((t for t in (10, 20, 30, 40, 50, 60, 80, 100) if t >= max(risks, default=0) + 4), 100)
    step = 5 if top <= 20 else 10 if top <= 60 else 20
    return float(top), [float(v) for v in range(0, top + 1, step)]


class Occupancy:
    """Circles and boxes already drawn, in a grid so a free spot is found without testing them all."""

    def __init__(self, cell: float) -> None:
        self.cell = cell
        self.grid: dict[tuple[int, int], list[tuple[str, tuple[float, ...]]]] = {}

    def _cells(self, x0: float, y0: float, x1: float, y1: float) -> Iterator[tuple[int, int]]:
        for i in range(int(x0 // self.cell), int(x1 // self.cell) + 1):
            for j in range(int(y0 // self.cell), int(y1 // self.cell) + 1):
                yield i, j

    def add(self, kind: str, geom: tuple[float, ...]) -> None:
        """Record a circle (x, y, r) or a box (x0, y0, x1, y1)."""
        box = (geom[0] - geom[2], geom[1] - geom[2], geom[0] + geom[2], geom[1] + geom[2]) if kind == "c" else geom
        for key in self._cells(*box):
            self.grid.setdefault(key, []).append((kind, geom))

    def free(self, kind: str, geom: tuple[float, ...], gap: float = 0.0) -> bool:
        """True when the circle or box touches nothing recorded (with `gap` to spare)."""
        box = (geom[0] - geom[2], geom[1] - geom[2], geom[0] + geom[2], geom[1] + geom[2]) if kind == "c" else geom
        for key in self._cells(box[0] - gap, box[1] - gap, box[2] + gap, box[3] + gap):
            for other_kind, other in self.grid.get(key, ()):
                if _touch(kind, geom, other_kind, other, gap):
                    return False
        return True


def _touch(ka: str, a: tuple[float, ...], kb: str, b: tuple[float, ...], gap: float) -> bool:
    if ka == "c" and kb == "c":
        return math.hypot(a[0] - b[0], a[1] - b[1]) < a[2] + b[2] + gap
    if ka == "b" and kb == "b":
        return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap
    circle, box = (a, b) if ka == "c" else (b, a)
    nx, ny = min(max(circle[0], box[0]), box[2]), min(max(circle[1], box[1]), box[3])
    return math.hypot(circle[0] - nx, circle[1] - ny) < circle[2] + gap


def _spiral(step: float, limit: float) -> Iterator[tuple[float, float]]:
    """Offsets from the origin outwards, ring by ring, ending at radius `limit`."""
    yield 0.0, 0.0
    ring = 1
    while ring * step <= limit:
        radius = ring * step
        count = max(8, int(2 * math.pi * radius / step))
        for k in range(count):
            angle = 2 * math.pi * k / count
            yield radius * math.cos(angle), radius * math.sin(angle)
        ring += 1


def marker_radius(n: int) -> float:
    """Smaller markers for larger sets, so all fit."""
    return 7.0 if n <= 80 else 5.0 if n <= 250 else 4.0 if n <= 500 else 3.2


def layout(points: Sequence[Point]) -> Chart:
    """Place every point: axes fitted to the data, no marker touching another, numbers where they fit."""
    n = len(points)
    r = marker_radius(n)
    height = 380 if n <= 100 else 480 if n <= 400 else 580
    chart = Chart(WIDTH, height, PAD_L, WIDTH - PAD_R, PAD_T, height - PAD_B, r)
    if not points:
        return chart
    free = [p for p in points if p.cost is not None and p.cost <= 0]
    unknown = [p for p in points if p.cost is None]
    priced = [p for p in points if p.cost is not None and p.cost > 0]
    left, right = PAD_L, WIDTH - PAD_R
    if free:
        chart.columns.append({"x0": left, "x1": left + SIDE_W, "label": "free", "note": "price 0"})
        left += SIDE_W + SIDE_GAP
    if unknown:
        chart.columns.append({"x0": right - SIDE_W, "x1": right, "label": "cost", "note": "not projected"})
        right -= SIDE_W + SIDE_GAP
    chart.left, chart.right = left, right
    top, bottom = chart.top, chart.bottom
    ytop, yvals = _risk_axis([p.risk for p in points])

    def y_of(risk: float) -> float:
        return bottom - (bottom - top - 2 * r) * min(risk, ytop) / ytop - r

    chart.yticks = [{"y": round(y_of(v), 1), "label": f"{v:g}"} for v in yvals]
    x_of = {}
    if priced:
        dlo, dhi, ticks = _log_axis([p.cost for p in priced if p.cost])
        span = math.log10(dhi) - math.log10(dlo)

        def x_cost(cost: float) -> float:
            return left + r + (right - left - 2 * r) * (math.log10(cost) - math.log10(dlo)) / span

        chart.xticks = [{"x": round(x_cost(t), 1), "label": _tick_money(t)} for t in ticks]
        x_of = {p.id: x_cost(p.cost) for p in priced if p.cost}
    column_of = {p.id: "free" for p in free} | {p.id: "cost" for p in unknown}
    spans = {str(c["label"]): (float(c["x0"]), float(c["x1"])) for c in chart.columns}  # type: ignore[arg-type]
    bounds = {}
    for p in points:
        x0, x1 = spans[column_of[p.id]] if p.id in column_of else (left, right)
        if p.id in column_of:
            x_of[p.id] = (x0 + x1) / 2
        bounds[p.id] = (x0 + r + GAP, top + r + GAP, x1 - r - GAP, bottom - r - GAP)
    occupied = Occupancy(cell=max(2 * r + GAP, 12.0))
    placed: list[tuple[Point, float, float, float, float]] = []
    limit = math.hypot(WIDTH, height)
    for p in sorted(points, key=lambda q: (q.priority, q.id)):
        tx, ty = x_of[p.id], y_of(p.risk)
        bx0, by0, bx1, by1 = bounds[p.id]
        cx, cy = min(max(tx, bx0), bx1), min(max(ty, by0), by1)
        spot = (cx, cy)  # kept only if the whole chart is full, which marker_radius prevents
        for dx, dy in _spiral(r * 0.75, limit):
            x, y = cx + dx, cy + dy
            if bx0 <= x <= bx1 and by0 <= y <= by1 and occupied.free("c", (x, y, r), GAP):
                spot = (x, y)
                break
        occupied.add("c", (spot[0], spot[1], r))
        if p.id in column_of:
            tx = spot[0]  # a side column has no cost scale: only the risk is a true position
        placed.append((p, round(spot[0], 1), round(spot[1], 1), round(tx, 1), round(ty, 1)))
    for p, x, y, tx, ty in placed:
        label = _place_label(p, x, y, r, occupied, (PAD_L, top, WIDTH - PAD_R, bottom), n)
        chart.markers.append(Marker(p, x, y, tx, ty, r, shape(p.verdict, x, y, r), label))
    chart.markers.sort(key=lambda m: (m.point.verdict == "prohibited", m.point.priority))
    front = sorted((m for m in chart.markers if m.point.pareto and m.point.cost), key=lambda m: (m.tx, -m.ty))
    chart.frontier = " ".join(f"{m.tx},{m.ty}" for m in front)
    if n > LABEL_ALL_UP_TO:
        chart.numbered_top = LABEL_TOP
    eligible = [m for m in chart.markers if n <= LABEL_ALL_UP_TO or m.point.pareto or m.point.priority < LABEL_TOP]
    missing = [m.point for m in sorted(eligible, key=lambda m: m.point.priority) if m.label is None]
    chart.unlabelled = len(missing)
    chart.unlabelled_refs = [f"{q.ref} ({q.id})" for q in missing] if len(missing) <= 10 else []
    chart.moved = sum(1 for m in chart.markers if m.moved)
    return chart


def _label_spots(x: float, y: float, r: float, w: float, h: float) -> Iterator[tuple[float, float, bool]]:
    """Centres for a number: the four sides and corners first, then rings further out (drawn with a line)."""
    d = r + 1.5
    for cx, cy in ((x + d + w / 2, y), (x - d - w / 2, y), (x, y - d - h / 2), (x, y + d + h / 2),
                   (x + d + w / 2 - 2, y - d), (x + d + w / 2 - 2, y + d), (x - d - w / 2 + 2, y - d), (x - d - w / 2 + 2, y + d)):
        yield cx, cy, False
    for dist in (r + 9, r + 16, r + 24, r + 34):
        for k in range(16):
            angle = 2 * math.pi * k / 16
            yield x + math.cos(angle) * (dist + w / 2), y + math.sin(angle) * (dist + h / 2), True


def _place_label(p: Point, x: float, y: float, r: float, occupied: Occupancy, area: tuple[float, float, float, float], n: int) -> Label | None:
    """A number beside its marker, on the first spot where it touches no marker and no other number."""
    if n > LABEL_ALL_UP_TO and not (p.pareto or p.priority < LABEL_TOP):
        return None
    w, h = DIGIT_W * len(p.ref) + 2, LABEL_H
    for cx, cy, far in _label_spots(x, y, r, w, h):
        box = (round(cx - w / 2, 1), round(cy - h / 2, 1), round(cx + w / 2, 1), round(cy + h / 2, 1))
        if box[0] < area[0] or box[2] > area[2] or box[1] < area[1] or box[3] > area[3]:
            continue
        if occupied.free("b", box, 0.5):
            occupied.add("b", box)
            line = None
            if far:  # a thin line from the marker's edge to the number's box
                ex, ey = min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3])
                dist = math.hypot(ex - x, ey - y) or 1.0
                line = (round(x + (ex - x) * r / dist, 1), round(y + (ey - y) * r / dist, 1), round(ex, 1), round(ey, 1))
            return Label(round(cx, 1), round(cy, 1), box, line)
    return None


def _tick_money(value: float) -> str:
    if value >= 1000:
        return f"${value / 1000:g}k"
    return f"${value:g}"


def overlaps(markers: Sequence[Marker]) -> list[tuple[str, str]]:
    """Pairs of candidates whose markers or numbers touch: empty for a chart that hides nothing."""
    found = []
    shapes: list[tuple[str, tuple[float, ...], str]] = [("c", (m.x, m.y, m.r), m.point.id) for m in markers]
    shapes += [("b", m.label.box, m.point.id + "#label") for m in markers if m.label]
    for i, (ka, a, ida) in enumerate(shapes):
        for kb, b, idb in shapes[i + 1 :]:
            if ida.split("#")[0] == idb.split("#")[0]:
                continue  # a marker and its own number
            if _touch(ka, a, kb, b, 0.0):
                found.append((ida, idb))
    return found
