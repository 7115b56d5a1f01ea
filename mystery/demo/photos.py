"""Demo photos drawn with Pillow: a café counter, a grocery shelf, a receipt on a table.

Each picture is laid out from a seeded random generator, so no two demo photos look alike
to the perceptual hash (only the one reused on purpose trips `duplicate_photo`).
"""

import io
from datetime import datetime

from PIL import Image, ImageDraw, ImageFont
from PIL.ExifTags import IFD, Base

SIZE = (1200, 900)
# Scenes are drawn a little larger, then framed by cropping, as a hand-held phone would.
CANVAS = (1380, 940)
_FONTS: dict[int, ImageFont.FreeTypeFont] = {}
# Pillow's bundled font has no æ, ø, å, ä or ö; used only when DejaVu Sans is not installed.
_ASCII = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "a", "ö": "o", "é": "e",
                        "Æ": "AE", "Ø": "O", "Å": "A", "Ä": "A", "Ö": "O", "É": "E"})  # fmt: skip


def font(size):
    """Return DejaVu Sans at a size, else Pillow's bundled font."""
    if size not in _FONTS:
        try:
            _FONTS[size] = ImageFont.truetype("DejaVuSans.ttf", size)
        except OSError:
            _FONTS[size] = ImageFont.load_default(size=size)
    return _FONTS[size]


def write(draw, xy, text, size, fill):
    """Draw text, spelling Nordic letters out in ASCII when the font lacks them."""
    face = font(size)
    if "DejaVu" not in (face.getname()[0] or ""):
        text = text.translate(_ASCII)
    draw.text(xy, text, fill=fill, font=face)


def framed(rng, image):
    """Frame the scene as a hand-held phone would: a little off centre."""
    x, y = rng.randint(0, CANVAS[0] - SIZE[0]), rng.randint(0, CANVAS[1] - SIZE[1])
    return image.crop((x, y, x + SIZE[0], y + SIZE[1]))


def hex_rgb(colour):
    """Turn "#6F4E37" into (111, 78, 55)."""
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def shade(rgb, factor):
    """Darken (< 1) or lighten (> 1) a colour."""
    return tuple(max(0, min(255, round(c * factor))) for c in rgb)


def jitter(rng, rgb, spread=25):
    """Vary a colour a little."""
    return tuple(max(0, min(255, c + rng.randint(-spread, spread))) for c in rgb)


def gradient(top, bottom):
    """Return a canvas filled with a vertical gradient."""
    height = CANVAS[1]
    column = Image.new("RGB", (1, height))
    column.putdata(
        [
            tuple(round(a + (b - a) * y / height) for a, b in zip(top, bottom, strict=True))
            for y in range(height)
        ]
    )
    return column.resize(CANVAS, Image.Resampling.NEAREST)


def cafe_counter(rng, brand_colour, title, fullness=1.0):
    """Draw a café counter: menu board, espresso machine, pastry display, lamps."""
    width, height = CANVAS
    wall = jitter(
        rng, rng.choice([(226, 214, 196), (205, 222, 214), (238, 226, 210), (84, 96, 92)])
    )
    image = gradient(shade(wall, 1.1), shade(wall, 0.75))
    draw = ImageDraw.Draw(image)
    counter_top = rng.randint(430, 600)
    floor = jitter(rng, (120, 92, 70), 30)
    draw.polygon(
        [(0, height), (width, height), (width, counter_top + 120), (0, counter_top + 80)],
        fill=floor,
    )
    # A window with daylight, and a plant, somewhere on the wall.
    wx, ww = rng.randint(0, width - 300), rng.randint(180, 380)
    wy = rng.randint(20, 140)
    wh = max(80, counter_top - wy - rng.randint(40, 160))
    draw.rectangle((wx, wy, wx + ww, wy + wh), fill=jitter(rng, (214, 234, 248), 12))
    for i in range(1, rng.randint(2, 4)):
        draw.line((wx + ww * i // 3, wy, wx + ww * i // 3, wy + wh), fill=(250, 250, 250), width=8)
    gx = rng.randint(0, width - 120)
    for _ in range(rng.randint(3, 6)):
        r = rng.randint(30, 60)
        cx, cy = gx + rng.randint(0, 80), counter_top - rng.randint(40, 150)
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=jitter(rng, (62, 120, 60), 25))
    # Menu board on the wall, left or right.
    board_w, board_x = (
        rng.randint(300, 420),
        rng.choice([rng.randint(30, 160), rng.randint(620, 800)]),
    )
    board_y = rng.randint(40, 120)
    board_h = min(counter_top - board_y - 60, rng.randint(220, 300))
    draw.rectangle((board_x, board_y, board_x + board_w, board_y + board_h), fill=(38, 40, 42))
    items = rng.sample(
        ["Espresso 32", "Cortado 38", "Cappuccino 42", "Caffè latte 45", "Flat white 44",
         "Chai latte 46", "Kanelsnegl 32", "Croissant 28", "Te 30", "Kakao 40"],
        5,
    )  # fmt: skip
    for i, item in enumerate(items):
        write(draw, (board_x + 20, board_y + 20 + i * 40), item, 26, (235, 235, 225))
    # Pendant lamps.
    for _ in range(rng.randint(2, 4)):
        x, drop = rng.randint(80, width - 80), rng.randint(60, 180)
        draw.line((x, 0, x, drop), fill=(40, 40, 40), width=3)
        lamp = jitter(rng, (230, 180, 90), 20)
        draw.pieslice((x - 45, drop - 35, x + 45, drop + 35), 180, 360, fill=lamp)
    # Counter with the brand colour along its front.
    brand = hex_rgb(brand_colour)
    wood = jitter(rng, (150, 108, 72), 25)
    draw.rectangle((0, counter_top, width, counter_top + 26), fill=shade(wood, 1.2))
    draw.rectangle((0, counter_top + 26, width, counter_top + 190), fill=wood)
    draw.rectangle((0, counter_top + 80, width, counter_top + 130), fill=brand)
    write(draw, (rng.randint(40, 600), counter_top + 88), title.upper(), 34, "white")
    # Espresso machine.
    mx = rng.randint(40, width - 420)
    draw.rounded_rectangle((mx, counter_top - 190, mx + 330, counter_top), 18, fill=(182, 186, 190))
    for i in range(rng.randint(2, 3)):
        cx = mx + 70 + i * 95
        draw.ellipse((cx - 28, counter_top - 120, cx + 28, counter_top - 64), fill=(60, 60, 64))
    # Pastry display: glass case with rows of pastries, fewer when stock is low.
    px = rng.choice([x for x in (60, 420, 760) if abs(x - mx) > 340] or [760])
    draw.rectangle(
        (px, counter_top - 170, px + 380, counter_top),
        fill=(214, 232, 236),
        outline=(90, 90, 90),
        width=4,
    )
    for row in range(3):
        for col in range(6):
            if rng.random() > fullness:
                continue
            x = px + 20 + col * 60
            y = counter_top - 150 + row * 52
            draw.ellipse((x, y, x + 46, y + 34), fill=jitter(rng, (196, 134, 64), 35))
    # Cups on the counter.
    for _ in range(rng.randint(1, 4)):
        x = rng.randint(20, width - 60)
        draw.rectangle(
            (x, counter_top - 50, x + 40, counter_top), fill=jitter(rng, (240, 240, 236), 10)
        )
    return framed(rng, image)


def grocery_shelf(rng, brand_colour, title, section, fullness=1.0):
    """Draw a grocery aisle: hanging sign, shelves with products and gaps, price tags."""
    width, height = CANVAS
    image = gradient(jitter(rng, (236, 238, 240), 12), jitter(rng, (200, 204, 208), 12))
    draw = ImageDraw.Draw(image)
    floor_top = rng.randint(720, 800)
    draw.rectangle((0, floor_top, width, height), fill=jitter(rng, (170, 170, 160), 20))
    for _ in range(rng.randint(1, 3)):  # ceiling lights
        x = rng.randint(0, width - 300)
        draw.rectangle((x, 8, x + 300, 26), fill=(255, 252, 235))
    brand = hex_rgb(brand_colour)
    sign_x = rng.randint(60, width - 460)
    draw.rectangle((sign_x, 50, sign_x + 400, 120), fill=brand)
    write(draw, (sign_x + 20, 62), section, 38, "white")
    shelf_left, shelf_right = rng.randint(0, 120), rng.randint(width - 120, width)
    top, shelves = rng.randint(150, 230), rng.randint(4, 5)
    step = (floor_top - top) // shelves
    draw.rectangle((shelf_left, top, shelf_right, floor_top), fill=jitter(rng, (90, 96, 104), 15))
    palette = [(200, 40, 40), (240, 180, 30), (60, 140, 60), (230, 120, 40), (120, 60, 140),
               (250, 250, 245), (40, 90, 170), (150, 200, 70)]  # fmt: skip
    for s in range(shelves):
        base = top + (s + 1) * step
        x = shelf_left + 10
        while x < shelf_right - 40:
            w = rng.randint(28, 90)
            if rng.random() < fullness:
                h = rng.randint(step // 3, step - 18)
                colour = jitter(rng, rng.choice(palette), 20)
                draw.rectangle((x, base - h, min(x + w, shelf_right - 10), base - 12), fill=colour)
            x += w + rng.randint(2, 8)
        draw.rectangle((shelf_left, base - 12, shelf_right, base), fill=(230, 230, 225))
        for t in range(rng.randint(3, 6)):
            tx = shelf_left + 30 + t * rng.randint(150, 220)
            if tx < shelf_right - 90:
                draw.rectangle((tx, base - 12, tx + 70, base + 10), fill=(255, 230, 60))
                write(draw, (tx + 6, base - 10), f"{rng.randint(9, 89)},90", 16, "black")
    write(draw, (rng.randint(200, 640), floor_top + 30), title, 30, (60, 60, 60))
    return framed(rng, image)


def receipt(rng, title, lines, moment):
    """Draw a till receipt lying on a table, slightly turned."""
    width, height = SIZE
    table = jitter(
        rng, rng.choice([(112, 78, 52), (60, 62, 66), (180, 150, 110), (30, 70, 60)]), 20
    )
    image = Image.new("RGB", SIZE, table)
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randint(4, 9)):  # grain or tiles
        y = rng.randint(0, height)
        draw.line(
            (0, y, width, y + rng.randint(-40, 40)),
            fill=shade(table, 0.85),
            width=rng.randint(3, 12),
        )
    for _ in range(rng.randint(1, 2)):  # a cup or a phone beside it
        x, y = rng.randint(0, width - 260), rng.randint(0, height - 260)
        if rng.random() < 0.5:
            draw.ellipse((x, y, x + 220, y + 220), fill=jitter(rng, (235, 235, 230), 15))
            draw.ellipse((x + 40, y + 40, x + 180, y + 180), fill=(90, 60, 40))
        else:
            draw.rounded_rectangle((x, y, x + 150, y + 290), 20, fill=(25, 25, 30))
    paper = Image.new("RGB", (380, 720), (250, 250, 246))
    pen = ImageDraw.Draw(paper)
    write(pen, (30, 30), title, 26, "black")
    write(pen, (30, 70), moment.strftime("%Y-%m-%d %H:%M"), 20, (60, 60, 60))
    for i, (item, price) in enumerate(lines):
        write(pen, (30, 130 + i * 34), item, 20, "black")
        write(pen, (280, 130 + i * 34), price, 20, "black")
    total = sum(float(price.replace(",", ".")) for _, price in lines)
    write(pen, (30, 150 + len(lines) * 34), f"TOTAL {total:.2f}".replace(".", ","), 24, "black")
    angle = rng.uniform(-28, 28)
    turned = paper.rotate(angle, expand=True)
    mask = Image.new("L", paper.size, 255).rotate(angle, expand=True)
    image.paste(
        turned,
        (
            rng.randint(40, width - turned.width - 40),
            rng.randint(0, max(0, height - turned.height)),
        ),
        mask,
    )
    return image


def to_jpeg(image, taken_at: datetime, quality=82):
    """Encode as a JPEG whose EXIF says when (local time and offset) and with what it was taken."""
    exif = Image.Exif()
    exif[Base.Make] = "Mystery"
    exif[Base.Model] = "Demo phone"
    stamp = taken_at.strftime("%Y:%m:%d %H:%M:%S")
    offset = taken_at.strftime("%z")
    exif[Base.DateTime] = stamp
    sub = exif.get_ifd(IFD.Exif)
    sub[Base.DateTimeOriginal] = stamp
    sub[Base.OffsetTimeOriginal] = f"{offset[:3]}:{offset[3:]}"
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, exif=exif)
    return out.getvalue()
