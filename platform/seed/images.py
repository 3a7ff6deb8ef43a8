"""Product pictures of the demo catalog: simple technical illustrations drawn with Pillow.

One drawing per product family (the category leaf: hex bolt, nut, washer, MCB, cable,
...), coloured by the product's material or finish and labelled with its size. The
picture is a pure function of the leaf and the attributes, and the PNG carries no
timestamp, so the same product gets the same bytes on every run (same seed, same
sha256). ``demo.py`` stores them as uploads would be (docs/demo-data.md).
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Mapping
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

SIZE = 800
SCALE = 2  # drawn at twice the size and scaled down: smooth edges without antialiased primitives
CONTENT_TYPE = "image/png"
BACKGROUND = (243, 244, 246)
OUTLINE = (55, 60, 68)
INK = (40, 44, 52)

Colour = tuple[int, int, int]
Attributes = Mapping[str, object]

MATERIAL_COLOURS: dict[str, Colour] = {
    "stainless A2": (196, 202, 208),
    "stainless A4": (214, 220, 226),
    "steel 8.8": (104, 109, 117),
    "steel 10.9": (72, 75, 82),
    "steel 4.6": (146, 150, 156),
    "brass": (214, 178, 72),
    "steel zinc plated": (190, 201, 214),
    "hot-dip galvanised steel": (168, 172, 170),
    "nylon PA6": (236, 232, 218),
    "polyamide": (70, 72, 78),
    "nickel-plated brass": (206, 206, 198),
    "stainless steel": (206, 212, 218),
    "polycarbonate": (236, 238, 240),
    "ABS": (226, 226, 222),
    "sheet steel": (214, 214, 206),
}
FINISH_COLOURS: dict[str, Colour] = {
    "zinc plated": (190, 201, 214),
    "hot-dip galvanised": (168, 172, 170),
    "black oxide": (52, 52, 58),
}
TERMINAL_COLOURS: dict[str, Colour] = {
    "grey": (170, 172, 170),
    "blue": (52, 110, 200),
    "green-yellow": (70, 160, 70),
    "black": (45, 45, 48),
    "red": (200, 50, 45),
}
SHEATH_COLOURS: dict[str, Colour] = {"PVC": (70, 72, 76), "LSZH": (60, 130, 80), "PUR": (232, 128, 40)}
CORE_COLOURS: tuple[Colour, ...] = (
    (139, 90, 43),
    (35, 35, 38),
    (150, 150, 150),
    (45, 100, 200),
    (90, 170, 60),
    (230, 200, 40),
    (200, 60, 50),
)
DEFAULT_METAL = (170, 175, 182)


def shade(colour: Colour, factor: float) -> Colour:
    """Darker (< 1) or lighter (> 1) version of a colour, for faces in light and shadow."""
    if factor <= 1:
        return (int(colour[0] * factor), int(colour[1] * factor), int(colour[2] * factor))
    return (
        int(colour[0] + (255 - colour[0]) * (factor - 1)),
        int(colour[1] + (255 - colour[1]) * (factor - 1)),
        int(colour[2] + (255 - colour[2]) * (factor - 1)),
    )


def material_colour(attributes: Attributes, key: str = "material") -> Colour:
    finish = str(attributes.get("finish", ""))
    material = str(attributes.get(key, ""))
    if finish in FINISH_COLOURS and material.startswith("steel"):
        return FINISH_COLOURS[finish]
    return MATERIAL_COLOURS.get(material, DEFAULT_METAL)


@lru_cache(maxsize=4)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # Pillow's bundled font: the same glyphs on every machine, so the same bytes
    return ImageFont.load_default(size=size)


class Canvas:
    """Coordinates in the 800 x 800 picture; drawn at ``SCALE``."""

    def __init__(self) -> None:
        self.image = Image.new("RGB", (SIZE * SCALE, SIZE * SCALE), BACKGROUND)
        self.draw = ImageDraw.Draw(self.image)

    @staticmethod
    def _s(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
        return [(x * SCALE, y * SCALE) for x, y in points]

    def polygon(self, points: list[tuple[float, float]], fill: Colour, outline: Colour = OUTLINE) -> None:
        self.draw.polygon(self._s(points), fill=fill, outline=outline, width=3 * SCALE)

    def rect(
        self,
        box: tuple[float, float, float, float],
        fill: Colour,
        outline: Colour = OUTLINE,
        radius: float = 0,
    ) -> None:
        scaled = tuple(v * SCALE for v in box)
        self.draw.rounded_rectangle(
            scaled, radius=radius * SCALE, fill=fill, outline=outline, width=3 * SCALE
        )

    def ellipse(
        self, box: tuple[float, float, float, float], fill: Colour | None, outline: Colour = OUTLINE
    ) -> None:
        self.draw.ellipse(tuple(v * SCALE for v in box), fill=fill, outline=outline, width=3 * SCALE)

    def line(self, points: list[tuple[float, float]], colour: Colour = OUTLINE, width: float = 3) -> None:
        self.draw.line(self._s(points), fill=colour, width=int(width * SCALE), joint="curve")

    def text(self, centre: tuple[float, float], text: str, size: int = 44, colour: Colour = INK) -> None:
        x, y = centre
        self.draw.text((x * SCALE, y * SCALE), text, fill=colour, font=_font(size * SCALE), anchor="mm")

    def png(self) -> bytes:
        out = io.BytesIO()
        small = self.image.resize((SIZE, SIZE), Image.Resampling.LANCZOS)
        small.save(out, format="PNG", compress_level=6)  # no tIME chunk: no timestamp
        return out.getvalue()


def hexagon(cx: float, cy: float, r: float, turn: float = 0.0) -> list[tuple[float, float]]:
    return [
        (cx + r * math.cos(math.radians(60 * k + turn)), cy + r * math.sin(math.radians(60 * k + turn)))
        for k in range(6)
    ]


def _ground(c: Canvas, cx: float = 400, width: float = 520, y: float = 610) -> None:
    c.ellipse((cx - width / 2, y - 18, cx + width / 2, y + 18), fill=(226, 228, 232), outline=(226, 228, 232))


def _threads(
    c: Canvas, x0: float, x1: float, top: float, bottom: float, colour: Colour, pitch: float = 16
) -> None:
    x = x0
    while x + pitch / 2 <= x1:
        c.line([(x, bottom), (x + pitch / 2, top)], shade(colour, 0.6), 3)
        x += pitch


def _shaft(c: Canvas, colour: Colour, x0: float, x1: float, half: float, thread_from: float) -> None:
    c.rect((x0, 400 - half, x1, 400 + half), colour, radius=6)
    c.rect((x0 + 2, 400 - half + 4, x1 - 2, 400 - half / 3), shade(colour, 1.25), outline=shade(colour, 1.25))
    _threads(c, thread_from, x1 - 8, 400 - half + 2, 400 + half - 2, colour)


def _half_width(attributes: Attributes) -> float:
    thread = str(attributes.get("thread", "M8"))
    size = float(thread[1:]) if thread[1:].isdigit() else 8.0
    return 30 + size * 1.6


def hex_bolt(c: Canvas, a: Attributes) -> None:
    colour, half = material_colour(a), _half_width(a)
    _ground(c)
    start = 250 if a.get("fully_threaded") else 400
    _shaft(c, colour, 240, 690, half, start)
    head = half + 48
    c.rect((130, 400 - head, 250, 400 + head), colour, radius=4)
    c.rect((130, 400 - head / 3, 250, 400 + head / 3), shade(colour, 1.2))
    c.line([(135, 400 - head / 3), (245, 400 - head / 3)])


def socket_cap_screw(c: Canvas, a: Attributes) -> None:
    colour, half = material_colour(a), _half_width(a)
    _ground(c)
    _shaft(c, colour, 250, 690, half, 420)
    head = half * 1.5
    c.rect((140, 400 - head, 260, 400 + head), colour, radius=18)
    for k in range(1, 8):
        x = 140 + k * 15
        c.line([(x, 400 - head + 8), (x, 400 + head - 8)], shade(colour, 0.7), 2)


def wood_screw(c: Canvas, a: Attributes) -> None:
    colour = MATERIAL_COLOURS.get(str(a.get("material", "")), (214, 200, 120))
    colour = FINISH_COLOURS.get(str(a.get("finish", "")), colour)
    _ground(c)
    half = 22 + float(str(a.get("diameter_mm", 4.0))) * 3
    c.polygon(
        [(220, 400 - half), (640, 400 - half * 0.8), (710, 400), (640, 400 + half * 0.8), (220, 400 + half)],
        colour,
    )
    c.polygon(
        [(150, 400 - half - 55), (220, 400 - half), (220, 400 + half), (150, 400 + half + 55)],
        shade(colour, 1.15),
    )
    x = 240
    while x < 680:
        c.line([(x, 400 + half), (x + 14, 400 - half)], shade(colour, 0.55), 4)
        x += 28


def hex_nut(c: Canvas, a: Attributes, *, nyloc: bool = False) -> None:
    colour = material_colour(a)
    c.polygon(hexagon(400, 390, 230, 30), colour)
    c.polygon(hexagon(400, 390, 200, 30), shade(colour, 1.15), outline=shade(colour, 0.85))
    if nyloc:
        c.ellipse((240, 230, 560, 550), (236, 236, 228), outline=shade(colour, 0.7))
    c.ellipse((290, 280, 510, 500), BACKGROUND)
    for r in range(100, 110, 4):
        c.ellipse((400 - r, 390 - r, 400 + r, 390 + r), None, outline=shade(colour, 0.6))


def washer(c: Canvas, a: Attributes) -> None:
    colour = material_colour(a)
    c.ellipse((150, 140, 650, 640), colour)
    c.ellipse((175, 165, 625, 615), shade(colour, 1.18), outline=shade(colour, 0.9))
    c.ellipse((300, 290, 500, 490), BACKGROUND)


def wedge_anchor(c: Canvas, a: Attributes) -> None:
    colour, half = material_colour(a), _half_width(a) * 0.8
    _ground(c)
    _shaft(c, colour, 150, 660, half, 160)
    c.polygon(
        [(560, 400 - half), (680, 400 - half - 14), (680, 400 + half + 14), (560, 400 + half)],
        shade(colour, 0.8),
    )
    c.rect((610, 400 - half - 22, 640, 400 + half + 22), shade(colour, 1.1), radius=4)
    c.rect((230, 400 - half - 60, 250, 400 + half + 60), shade(colour, 1.1), radius=3)
    c.rect((250, 400 - half - 45, 320, 400 + half + 45), colour, radius=4)


def nylon_plug(c: Canvas, a: Attributes) -> None:
    colour = MATERIAL_COLOURS.get(str(a.get("material", "")), MATERIAL_COLOURS["nylon PA6"])
    if colour != MATERIAL_COLOURS["nylon PA6"]:
        colour = (228, 224, 210)  # plugs are nylon whatever the family's material says
    _ground(c)
    half = 40 + float(str(a.get("diameter_mm", 8))) * 2
    c.polygon(
        [(200, 400 - half), (660, 400 - half * 0.7), (690, 400), (660, 400 + half * 0.7), (200, 400 + half)],
        colour,
    )
    c.rect((150, 400 - half - 30, 205, 400 + half + 30), shade(colour, 0.92), radius=8)
    c.line([(330, 400), (640, 400)], shade(colour, 0.6), 5)
    for x in range(260, 640, 60):
        c.line([(x, 400 - half * 0.9 + (x - 200) * 0.05), (x + 20, 400 - half * 0.6)], shade(colour, 0.7), 4)
        c.line([(x, 400 + half * 0.9 - (x - 200) * 0.05), (x + 20, 400 + half * 0.6)], shade(colour, 0.7), 4)


def _poles(a: Attributes) -> int:
    poles = str(a.get("poles", "1P"))
    return min(4, int(poles[0]) + (1 if "+N" in poles else 0)) if poles[:1].isdigit() else 1


MODULE = 128  # one DIN module's width in the picture (wider than life: room for the label)


def _din_module(c: Canvas, a: Attributes, modules: int, label: str, *, test_button: bool) -> None:
    width = MODULE * modules
    x0 = 400 - width / 2
    c.rect((100, 372, 700, 428), (180, 184, 190), radius=2)  # the DIN rail
    c.rect((x0, 170, x0 + width, 630), (244, 244, 240), radius=14)
    c.rect((x0 + 10, 250, x0 + width - 10, 550), (232, 232, 228), outline=(190, 190, 186), radius=10)
    for k in range(modules):
        cx = x0 + MODULE / 2 + MODULE * k
        c.ellipse((cx - 20, 190, cx + 20, 230), (200, 204, 210))
        c.line([(cx - 12, 210), (cx + 12, 210)], OUTLINE, 4)
        c.ellipse((cx - 20, 570, cx + 20, 610), (200, 204, 210))
        c.line([(cx - 12, 590), (cx + 12, 590)], OUTLINE, 4)
    c.rect((x0 + 22, 300, x0 + width - 22, 360), (60, 64, 72), radius=8)  # toggle (all poles tied)
    for n, line in enumerate(label.split("\n")):
        c.text((400, 440 + 48 * n), line, 40 - 12 * n)
    if test_button:
        c.ellipse((x0 + width - 70, 480, x0 + width - 30, 520), (236, 196, 40))
        c.text((x0 + width - 50, 501), "T", 26)


def _breaker_text(a: Attributes) -> str:
    capacity = a.get("breaking_capacity_ka")
    return (
        f"{a.get('curve', 'C')}\n{_show(capacity)} kA" if capacity is not None else str(a.get("curve", "C"))
    )


def mcb(c: Canvas, a: Attributes) -> None:
    _din_module(c, a, _poles(a), _breaker_text(a), test_button=False)


def rcd(c: Canvas, a: Attributes) -> None:
    modules = 2 if _poles(a) <= 2 else 4
    _din_module(c, a, modules, f"{a.get('sensitivity_ma', 30)} mA", test_button=True)


def terminal_block(c: Canvas, a: Attributes) -> None:
    colour = TERMINAL_COLOURS.get(str(a.get("colour", "")), TERMINAL_COLOURS["grey"])
    c.rect((100, 520, 700, 570), (180, 184, 190), radius=2)
    for k in range(5):
        x = 190 + k * 86
        c.polygon(
            [(x, 560), (x, 330), (x + 20, 250), (x + 60, 250), (x + 80, 330), (x + 80, 560)],
            shade(colour, 1 - 0.04 * k),
        )
        c.ellipse((x + 22, 275, x + 58, 311), (205, 208, 214))
        c.line([(x + 28, 293), (x + 52, 293)], OUTLINE, 4)
        c.rect((x + 18, 380, x + 62, 430), (40, 42, 46), radius=6)  # wire entry


def cable_gland(c: Canvas, a: Attributes) -> None:
    colour = MATERIAL_COLOURS.get(str(a.get("gland_material", "")), MATERIAL_COLOURS["polyamide"])
    _ground(c, width=360, y=640)
    c.rect((300, 470, 500, 620), colour, radius=4)
    for y in range(480, 615, 14):
        c.line([(302, y + 10), (498, y)], shade(colour, 0.6) if colour[0] > 120 else shade(colour, 1.5), 3)
    c.polygon([(220, 470), (580, 470), (560, 400), (240, 400)], shade(colour, 1.1))
    c.polygon([(260, 400), (540, 400), (500, 260), (300, 260)], colour)
    c.rect((330, 190, 470, 262), shade(colour, 0.85), radius=20)
    c.rect((365, 90, 435, 195), (50, 52, 56), radius=10)  # the cable going through


def power_cable(c: Canvas, a: Attributes) -> None:
    sheath = SHEATH_COLOURS.get(str(a.get("sheath", "")), SHEATH_COLOURS["PVC"])
    for k in range(5):
        inset = 60 + k * 26
        c.draw.ellipse(
            tuple(
                v * SCALE
                for v in (120 + inset * 0.3, 260 + inset * 0.3, 620 - inset * 0.3, 560 - inset * 0.3)
            ),
            outline=sheath,
            width=22 * SCALE,
        )
    c.line([(560, 420), (650, 300)], sheath, 44)
    c.ellipse((600, 220, 720, 340), sheath)
    cores = int(str(a.get("cores", 3))) if str(a.get("cores", 3)).isdigit() else 3
    for k in range(cores):
        angle = 2 * math.pi * k / cores
        x, y = 660 + 32 * math.cos(angle), 280 + 32 * math.sin(angle)
        c.ellipse((x - 17, y - 17, x + 17, y + 17), CORE_COLOURS[k % len(CORE_COLOURS)], outline=(30, 30, 30))


def enclosure(c: Canvas, a: Attributes) -> None:
    colour = MATERIAL_COLOURS.get(str(a.get("enclosure_material", "")), MATERIAL_COLOURS["ABS"])
    c.rect((170, 130, 630, 670), shade(colour, 0.92), radius=24)
    c.rect((195, 155, 605, 645), colour, radius=18)
    c.rect((240, 300, 560, 460), (196, 214, 226), outline=shade(colour, 0.6), radius=10)  # window
    for k in range(6):
        x = 256 + k * 50
        c.rect((x, 330, x + 42, 430), (246, 246, 242), outline=(150, 150, 150), radius=4)
        c.rect((x + 10, 365, x + 32, 385), (60, 64, 72), outline=(60, 64, 72), radius=3)
    c.rect((580, 360, 594, 420), shade(colour, 0.7), radius=6)  # the latch


def generic(c: Canvas, a: Attributes) -> None:
    c.rect((220, 220, 580, 580), DEFAULT_METAL, radius=30)


def _nyloc(c: Canvas, a: Attributes) -> None:
    hex_nut(c, a, nyloc=True)


DRAWINGS: dict[str, Callable[[Canvas, Attributes], None]] = {
    "hex-bolts": hex_bolt,
    "socket-cap-screws": socket_cap_screw,
    "wood-screws": wood_screw,
    "hex-nuts": hex_nut,
    "nyloc-nuts": _nyloc,
    "flat-washers": washer,
    "wedge-anchors": wedge_anchor,
    "nylon-plugs": nylon_plug,
    "mcbs": mcb,
    "rcds": rcd,
    "terminal-blocks": terminal_block,
    "cable-glands": cable_gland,
    "power-cables": power_cable,
    "enclosures": enclosure,
}


LABELS: dict[str, tuple[tuple[str, str], ...]] = {
    "hex-bolts": (("thread", "{}"), ("material", "{}")),
    "socket-cap-screws": (("thread", "{}"), ("material", "{}")),
    "wedge-anchors": (("thread", "{}"), ("material", "{}")),
    "wood-screws": (("diameter_mm", "{} mm"), ("drive", "{}")),
    "hex-nuts": (("thread", "{}"), ("material", "{}")),
    "nyloc-nuts": (("thread", "{}"), ("material", "{}")),
    "flat-washers": (("thread", "for {}"), ("material", "{}")),
    "nylon-plugs": (("diameter_mm", "{} mm"), ("material", "{}")),
    "mcbs": (("poles", "{}"), ("curve", "curve {}"), ("rated_current_a", "{} A")),
    "rcds": (("poles", "{}"), ("rcd_type", "type {}"), ("sensitivity_ma", "{} mA")),
    "terminal-blocks": (("connection", "{}"), ("cross_section_mm2", "{} mm2")),
    "cable-glands": (("thread", "{}"), ("ip_rating", "{}")),
    "power-cables": (("cores", "{} cores"), ("sheath", "{}")),
    "enclosures": (("enclosure_material", "{}"), ("ip_rating", "{}")),
}


def label(family: str, a: Attributes) -> str:
    """The size or type printed under the drawing (the attributes it has, in order)."""
    return "  ·  ".join(
        template.format(_show(a[code])) for code, template in LABELS.get(family, ()) if code in a
    )


def _show(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def draw(family: str, attributes: Attributes) -> bytes:
    """The 800 x 800 PNG of a product of ``family`` (a category leaf's slug)."""
    canvas = Canvas()
    DRAWINGS.get(family, generic)(canvas, attributes)
    text = label(family, attributes)
    if text:
        canvas.text((400, 730), text, 40)
    return canvas.png()
