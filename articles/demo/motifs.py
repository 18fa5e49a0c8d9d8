"""The demo illustrations' motifs: each draws one kind of scene from a palette and a seed."""

import math

from PIL import Image, ImageDraw, ImageFilter

from .shapes import disc, fill_below, glow, gradient, mix, ridge


def _hills(size, p, rng, river=False):
    w, h = size
    image = gradient(size, p["sky"])
    sun = (rng.uniform(0.55, 0.85) * w, rng.uniform(0.18, 0.32) * h)
    sun_r = h * rng.uniform(0.07, 0.09)
    glow(image, sun, sun_r * 3.2, p["sun"], 0.55)
    draw = ImageDraw.Draw(image)
    disc(draw, sun, sun_r, p["sun"])

    ridges = []
    for i, color in enumerate(p["land"]):
        points = ridge(rng, w, h * (0.42 + 0.08 * i), h * (0.07 - 0.008 * i))
        fill_below(draw, points, color, h)
        ridges.append(points)

    if river:
        _river(draw, w, h, ridges[2], p["water"], rng)
    return image


def _river(draw, w, h, near_ridge, colors, rng):
    """A ribbon of water winding from the near hill down to the bottom edge, widening."""
    start_x = rng.uniform(0.3, 0.45) * w
    step = near_ridge[1][0] - near_ridge[0][0]
    start_y = near_ridge[min(int(start_x // step), len(near_ridge) - 1)][1] + h * 0.02
    sway, phase = w * rng.uniform(0.06, 0.1), rng.uniform(0, math.pi)
    left, right, center = [], [], []
    for i in range(41):
        t = i / 40
        y = start_y + (h - start_y + h * 0.02) * t
        x = start_x + sway * math.sin(phase + t * 3.2) + t * t * w * 0.12
        half = w * (0.004 + 0.11 * t**1.6)
        left.append((x - half, y))
        right.append((x + half, y))
        center.append((x, y, half))
    draw.polygon(left + right[::-1], fill=colors[0])
    # Light on the water: a few broken streaks along the current.
    for k in range(7):
        offset = rng.uniform(-0.6, 0.6)
        first = rng.randint(4, 24)
        run = [(x + offset * half, y) for x, y, half in center[first : first + rng.randint(5, 14)]]
        if len(run) > 1:
            draw.line(run, fill=colors[1], width=max(2, int(h * 0.004 * (1 + k % 3))))


def _skyline(size, p, rng, windows=False, lights=False, birds=False, gables=False):
    w, h = size
    image = gradient(size, p["sky"])
    moon = (rng.uniform(0.15, 0.8) * w, rng.uniform(0.14, 0.26) * h)
    moon_r = h * rng.uniform(0.05, 0.07)
    glow(image, moon, moon_r * 3, p["sun"], 0.35)
    draw = ImageDraw.Draw(image, "RGBA")
    disc(draw, moon, moon_r, p["sun"])

    layers = p["land"]
    for i, color in enumerate(layers):
        top = h * (0.5 + 0.09 * i)
        x = -rng.uniform(0, w * 0.05)
        while x < w:
            bw = w * rng.uniform(0.05, 0.11)
            bh = h * rng.uniform(0.05, 0.22) * (1.0 - 0.12 * i)
            y = top - bh
            draw.rectangle((x, y, x + bw, h), fill=color)
            if gables and rng.random() < 0.6:
                draw.polygon([(x, y), (x + bw / 2, y - bw * 0.35), (x + bw, y)], fill=color)
            elif rng.random() < 0.3:
                draw.rectangle((x + bw * 0.2, y - bh * 0.12, x + bw * 0.35, y), fill=color)
            if windows and i >= len(layers) - 2:
                _windows(draw, (x, y, x + bw, h), p["light"], rng, lit=0.35 if lights else 0.5)
            x += bw + (0 if rng.random() < 0.7 else w * rng.uniform(0.005, 0.02))

    if lights:
        _market(draw, w, h, p, rng)
    if birds:
        for _ in range(rng.randint(7, 11)):
            _swift(
                draw,
                (rng.uniform(0.08, 0.92) * w, rng.uniform(0.1, 0.42) * h),
                h * rng.uniform(0.018, 0.04),
                rng.uniform(-0.5, 0.5),
                p["bird"],
            )
    return image


def _windows(draw, box, colors, rng, lit):
    x0, y0, x1, y1 = box
    size = (x1 - x0) / 7
    y = y0 + size * 1.2
    while y < y1 - size * 2:
        x = x0 + size
        while x < x1 - size * 1.5:
            if rng.random() < lit:
                draw.rectangle((x, y, x + size, y + size * 1.3), fill=rng.choice(colors))
            x += size * 2
        y += size * 2.4


def _market(draw, w, h, p, rng):
    """Strings of lights sagging across the scene and a row of striped awnings below."""
    for k in range(3):
        x0, x1 = -w * 0.05, w * 1.05
        y0 = h * rng.uniform(0.3, 0.45)
        y1 = h * rng.uniform(0.3, 0.45)
        sag = h * rng.uniform(0.08, 0.16)
        points = []
        for i in range(61):
            t = i / 60
            points.append((x0 + (x1 - x0) * t, y0 + (y1 - y0) * t + sag * 4 * t * (1 - t)))
        draw.line(points, fill=(20, 20, 30, 160), width=max(2, h // 500))
        for i, (x, y) in enumerate(points[1 + k % 2 :: 2]):
            color = p["light"][(i + k) % len(p["light"])]
            r = h * 0.011
            disc(draw, (x, y + r), r * 2.6, (*color, 50))
            disc(draw, (x, y + r), r, color)

    top, bottom = h * 0.74, h * 0.8
    x = -rng.uniform(0, w * 0.04)
    while x < w:
        sw = w * rng.uniform(0.09, 0.13)
        colors = [p["awning"][-1], rng.choice(p["awning"][:-1])]
        draw.rectangle((x + sw * 0.04, bottom, x + sw * 0.96, h), fill=(60, 40, 50, 255))
        draw.rectangle((x + sw * 0.1, bottom + h * 0.03, x + sw * 0.9, h), fill=(255, 214, 140))
        bands = 6
        for b in range(bands):
            bx = x + sw * b / bands
            draw.polygon(
                [(x + sw / 2, top), (bx, bottom), (bx + sw / bands, bottom)],
                fill=colors[b % 2],
            )
            draw.pieslice(
                (bx, bottom - sw / bands / 2, bx + sw / bands, bottom + sw / bands / 2),
                0,
                180,
                fill=colors[b % 2],
            )
        x += sw + w * 0.015


def _swift(draw, center, size, angle, color):
    shape = [
        (-1.0, -0.35), (-0.55, -0.12), (-0.18, -0.06), (-0.08, -0.14), (0.08, -0.14),
        (0.18, -0.06), (0.55, -0.12), (1.0, -0.35), (0.5, -0.02), (0.14, 0.08),
        (0.1, 0.42), (0.0, 0.24), (-0.1, 0.42), (-0.14, 0.08), (-0.5, -0.02),
    ]  # fmt: skip
    cos, sin = math.cos(angle), math.sin(angle)
    cx, cy = center
    draw.polygon(
        [(cx + size * (x * cos - y * sin), cy + size * (x * sin + y * cos)) for x, y in shape],
        fill=color,
    )


def _gears(size, p, rng):
    w, h = size
    image = gradient(size, p["bg"])
    draw = ImageDraw.Draw(image, "RGBA")
    for _ in range(5):
        r = h * rng.uniform(0.15, 0.4)
        disc(draw, (rng.uniform(0, w), rng.uniform(0, h)), r, (*rng.choice(p["circle"]), 150))

    r1 = h * rng.uniform(0.26, 0.3)
    c1 = (w * rng.uniform(0.36, 0.44), h * rng.uniform(0.5, 0.58))
    r2 = r1 * rng.uniform(0.55, 0.65)
    a2 = rng.uniform(-0.9, -0.4)
    d2 = (r1 + r2) * 0.93
    c2 = (c1[0] + d2 * math.cos(a2), c1[1] + d2 * math.sin(a2))
    r3 = r1 * rng.uniform(0.4, 0.5)
    a3 = rng.uniform(0.3, 0.8)
    d3 = (r2 + r3) * 0.93
    c3 = (c2[0] + d3 * math.cos(a3) * 1.0, c2[1] + d3 * math.sin(a3))
    colors = rng.sample(p["gear"], 3)
    for (center, radius), color in zip(((c1, r1), (c2, r2), (c3, r3)), colors, strict=True):
        _gear(draw, center, radius, color, rng.uniform(0, math.pi), p["bg"][0])

    # A dotted orbit and a few loose washers.
    cx, cy, orbit = c1[0], c1[1], r1 * 1.55
    for i in range(48):
        a = i / 48 * 2 * math.pi
        disc(draw, (cx + orbit * math.cos(a), cy + orbit * math.sin(a)), h * 0.004, p["ink"])
    row_y = h * rng.uniform(0.78, 0.86)
    for k in range(4):
        center = (w * (0.72 + 0.06 * k), row_y)
        r = h * (0.045 - 0.006 * k)
        disc(draw, center, r, p["ink"])
        disc(draw, center, r * 0.45, p["bg"][1])
    return image


def _gear(draw, center, radius, color, rotation, hole_color):
    teeth = max(8, round(radius / 28))
    inner = radius * 0.84
    points = []
    for i in range(teeth * 4):
        a = rotation + i / (teeth * 4) * 2 * math.pi
        r = radius if i % 4 in (1, 2) else inner
        points.append((center[0] + r * math.cos(a), center[1] + r * math.sin(a)))
    draw.polygon(points, fill=color)
    disc(draw, center, radius * 0.28, hole_color)
    for k in range(6):
        a = rotation + k / 6 * 2 * math.pi
        spot = (center[0] + radius * 0.56 * math.cos(a), center[1] + radius * 0.56 * math.sin(a))
        disc(draw, spot, radius * 0.08, hole_color)


def _dots(size, p, rng):
    w, h = size
    image = gradient(size, p["bg"])
    draw = ImageDraw.Draw(image)
    blobs = [
        (rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.15, 0.3) * w, rng.uniform(0.6, 1.0))
        for _ in range(4)
    ]
    spacing = w / 20
    rows = int(h / spacing) + 1
    for row in range(rows):
        for col in range(21):
            x = spacing * (col + 0.5 + (0.5 if row % 2 else 0) - 0.25)
            y = spacing * (row + 0.5)
            v = max(
                s * math.exp(-((x - bx) ** 2 + (y - by) ** 2) / (2 * r * r))
                for bx, by, r, s in blobs
            )
            v = min(1.0, v + rng.uniform(-0.06, 0.06))
            if v < 0.08:
                continue
            color = p["dot"][min(len(p["dot"]) - 1, int((1 - v) * len(p["dot"])))]
            disc(draw, (x, y), spacing * 0.47 * v, color)
    return image


def _signal(size, p, rng, mast=False, bridge=False):
    w, h = size
    image = gradient(size, p["bg"])
    draw = ImageDraw.Draw(image, "RGBA")
    origin = (w * rng.uniform(0.3, 0.4), h * (0.62 if bridge else 0.7))
    ring_w = h * 0.028
    for i in range(1, 30):
        r = i * h * 0.075
        color = p["ring"][i % len(p["ring"])]
        alpha = max(40, 255 - i * 12)
        box = (origin[0] - r, origin[1] - r, origin[0] + r, origin[1] + r)
        draw.arc(box, 180, 360, fill=(*color, alpha), width=round(ring_w * (1 - i / 40)))

    if mast:
        x, y = origin
        base = h * 0.98
        draw.polygon([(x, y), (x - h * 0.09, base), (x + h * 0.09, base)], fill=p["ink"])
        for k in range(1, 6):
            yy = y + (base - y) * k / 6
            half = h * 0.09 * k / 6
            draw.line([(x - half, yy), (x + half, yy)], fill=p["ring"][2], width=3)
        disc(draw, origin, h * 0.022, p["ring"][0])
        draw.rectangle((0, h * 0.96, w, h), fill=p["ink"])
    if bridge:
        top = origin[1] - h * 0.02
        for i, color in enumerate(p["water"]):
            base = h * (0.72 + 0.07 * i)
            fill_below(draw, ridge(rng, w, base, h * 0.012, step=12), color, h)
        deck = (0, top - h * 0.07, w, top)
        draw.rectangle(deck, fill=p["ink"])
        for cx in (origin[0] - w * 0.36, origin[0], origin[0] + w * 0.36):
            span = w * 0.15
            draw.rectangle((cx - span - w * 0.03, top, cx - span, h), fill=p["ink"])
            draw.rectangle((cx + span, top, cx + span + w * 0.03, h), fill=p["ink"])
            draw.pieslice((cx - span, top - h * 0.12, cx + span, top + h * 0.12), 0, 180, p["ink"])
        device = (origin[0] - h * 0.022, top + h * 0.005, origin[0] + h * 0.022, top + h * 0.05)
        draw.rounded_rectangle(device, radius=h * 0.008, fill=p["ring"][1])
    return image


def _seabed(size, p, rng):
    w, h = size
    image = gradient(size, p["water"])
    light = Image.new("L", (w // 8, h // 8), 0)
    ldraw = ImageDraw.Draw(light)
    for _ in range(6):
        x = rng.uniform(-0.1, 1.0) * w / 8
        spread = rng.uniform(0.04, 0.1) * w / 8
        lean = rng.uniform(0.05, 0.2) * w / 8
        ldraw.polygon(
            [(x, 0), (x + spread * 0.4, 0), (x + lean + spread, h / 8), (x + lean, h / 8)],
            fill=rng.randint(30, 60),
        )
    light = light.filter(ImageFilter.GaussianBlur(3)).resize(size, Image.Resampling.BILINEAR)
    image.paste(p["light"], (0, 0, w, h), light)

    draw = ImageDraw.Draw(image, "RGBA")
    for _ in range(14):
        x, y, r = rng.uniform(0, w), rng.uniform(0, h * 0.6), h * rng.uniform(0.004, 0.012)
        draw.ellipse((x - r, y - r, x + r, y + r), outline=(*p["light"], 150), width=3)
    for _ in range(rng.randint(3, 5)):
        _fish(draw, (rng.uniform(0.1, 0.9) * w, rng.uniform(0.2, 0.45) * h), h * 0.03, rng)

    sand_top = h * 0.86
    for layer in range(2):
        for _ in range(70 if layer else 55):
            x = rng.uniform(-0.02, 1.02) * w
            blade_h = h * rng.uniform(0.25, 0.55) * (0.8 if layer == 0 else 1.0)
            lean = rng.uniform(-0.12, 0.12) * blade_h
            phase = rng.uniform(0, math.pi)
            base_y = sand_top + h * rng.uniform(0.0, 0.06)
            points = [
                (x + lean * t * t + math.sin(phase + t * 3) * h * 0.015, base_y - blade_h * t)
                for t in (i / 10 for i in range(11))
            ]
            color = rng.choice(p["grass"])
            if layer == 0:
                color = mix(color, p["water"][2], 0.45)
            draw.line(
                points, fill=color, width=round(h * rng.uniform(0.008, 0.014)), joint="curve"
            )
        if layer == 0:
            fill_below(draw, ridge(rng, w, sand_top + h * 0.04, h * 0.02), p["sand"], h)
    return image


def _fish(draw, center, size, rng):
    x, y = center
    direction = rng.choice((-1, 1))
    color = (230, 246, 240, 170)
    draw.ellipse((x - size, y - size * 0.35, x + size, y + size * 0.35), fill=color)
    tail_x = x - direction * size
    draw.polygon(
        [
            (tail_x, y),
            (tail_x - direction * size * 0.6, y - size * 0.35),
            (tail_x - direction * size * 0.6, y + size * 0.35),
        ],
        fill=color,
    )


def _bars(size, p, rng):
    w, h = size
    image = gradient(size, p["bg"])
    draw = ImageDraw.Draw(image, "RGBA")
    sun = (w * rng.uniform(0.7, 0.85), h * rng.uniform(0.22, 0.3))
    disc(draw, sun, h * 0.16, (*p["sun"], 120))
    disc(draw, sun, h * 0.09, (*p["sun"], 255))

    baseline = h * 0.84
    count = rng.randint(9, 12)
    left, right = w * 0.08, w * 0.92
    slot = (right - left) / count
    line_w = max(3, round(h * 0.004))
    cut_bars = set(rng.sample(range(count), 4))
    for i in range(count):
        x0 = left + slot * i + slot * 0.14
        x1 = left + slot * (i + 1) - slot * 0.14
        full = h * rng.uniform(0.22, 0.62)
        cut = full * rng.uniform(0.2, 0.4) if i in cut_bars else 0
        color = p["bar"][i % len(p["bar"])]
        draw.rectangle((x0, baseline - full + cut, x1, baseline), fill=color)
        if cut:
            y0, y1 = baseline - full, baseline - full + cut
            dash = h * 0.018
            for edge in ((x0, y0, x0, y1), (x1, y0, x1, y1)):
                y = y0
                while y < y1:
                    draw.line((edge[0], y, edge[0], min(y + dash, y1)), fill=color, width=line_w)
                    y += dash * 2
            x = x0
            while x < x1:
                draw.line((x, y0, min(x + dash, x1), y0), fill=color, width=line_w)
                x += dash * 2
    draw.rectangle((w * 0.05, baseline, w * 0.95, baseline + line_w * 2), fill=p["ink"])
    return image


def _crossing(size, p, rng):
    w, h = size
    image = gradient(size, p["bg"])
    draw = ImageDraw.Draw(image, "RGBA")
    # Pavements above and below, with a kerb line.
    for y0, y1 in ((0, h * 0.16), (h * 0.84, h)):
        draw.rectangle((0, y0, w, y1), fill=p["kerb"][1])
        step = h * 0.08
        for x in range(0, w, round(step * 1.5)):
            draw.line((x, y0, x, y1), fill=(*p["kerb"][0], 255), width=2)
    draw.rectangle((0, h * 0.16, w, h * 0.175), fill=p["kerb"][0])
    draw.rectangle((0, h * 0.825, w, h * 0.84), fill=p["kerb"][0])

    stripe_w = w * 0.045
    x0 = w * 0.22
    while x0 < w * 0.78:
        draw.rectangle((x0, h * 0.22, x0 + stripe_w, h * 0.78), fill=p["stripe"])
        x0 += stripe_w * 2

    # People seen from above: small groups crossing, a grown-up and a child or two.
    for _ in range(rng.randint(6, 8)):
        gx, gy = rng.uniform(0.08, 0.92) * w, rng.uniform(0.2, 0.8) * h
        for k in range(rng.randint(1, 3)):
            r = h * (0.035 if k == 0 else rng.uniform(0.022, 0.028))
            center = (gx + k * h * 0.07, gy + rng.uniform(-0.03, 0.03) * h)
            shadow = (center[0] + r * 0.35, center[1] + r * 0.35)
            disc(draw, shadow, r, (20, 20, 25, 70))
            disc(draw, center, r, rng.choice(p["dot"]))
    return image


def _beam(size, p, rng):
    w, h = size
    image = gradient(size, p["bg"])
    window = (w * rng.uniform(0.06, 0.1), h * rng.uniform(0.2, 0.28))
    spread_top, spread_bottom = h * rng.uniform(0.02, 0.08), h * rng.uniform(0.62, 0.7)

    factor = 8
    mask = Image.new("L", (w // factor, h // factor), 0)
    mdraw = ImageDraw.Draw(mask)
    wx, wy = window[0] / factor, window[1] / factor
    for k, alpha in enumerate((40, 45, 55)):
        shrink = k * h * 0.05 / factor
        mdraw.polygon(
            [
                (wx, wy - 1),
                (w / factor, spread_top / factor + shrink),
                (w / factor, spread_bottom / factor - shrink),
                (wx, wy + 1),
            ],
            fill=alpha * (k + 1),
        )
    mask = mask.filter(ImageFilter.GaussianBlur(4)).resize(size, Image.Resampling.BILINEAR)
    image.paste(p["beam"], (0, 0, w, h), mask.point(lambda v: v * 170 // 255))

    draw = ImageDraw.Draw(image, "RGBA")
    glow(image, window, h * 0.06, p["beam"], 0.9)
    draw.rectangle(
        (
            window[0] - h * 0.015,
            window[1] - h * 0.012,
            window[0] + h * 0.012,
            window[1] + h * 0.012,
        ),
        fill=p["beam"],
    )
    for _ in range(120):
        t = rng.uniform(0.05, 1.0)
        x = window[0] + (w - window[0]) * t
        y = window[1] + (rng.uniform(spread_top, spread_bottom) - window[1]) * t
        disc(draw, (x, y), h * rng.uniform(0.0015, 0.004), (*p["beam"], rng.randint(60, 160)))

    # Rows of seats, back rows smaller and darker, with a few heads.
    for row in range(4):
        scale = 0.7 + row * 0.12
        seat_w, seat_h = h * 0.11 * scale, h * 0.12 * scale
        y = h * (0.7 + row * 0.085)
        color = p["seat"][min(row, len(p["seat"]) - 1)]
        x = -rng.uniform(0, seat_w)
        while x < w:
            if rng.random() < 0.3 and row < 3:
                head_r = seat_w * 0.28
                disc(draw, (x + seat_w / 2, y - head_r * 0.6), head_r, p["head"])
            draw.rounded_rectangle(
                (x + seat_w * 0.06, y, x + seat_w * 0.94, y + seat_h), seat_w * 0.25, fill=color
            )
            x += seat_w
    return image


def _waves(size, p, rng, wall=False):
    w, h = size
    image = gradient(size, p["sky"])
    draw = ImageDraw.Draw(image, "RGBA")
    for _ in range(9):
        cx, cy = rng.uniform(-0.1, 1.1) * w, rng.uniform(0.05, 0.35) * h
        rx, ry = w * rng.uniform(0.12, 0.25), h * rng.uniform(0.03, 0.06)
        draw.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), fill=(*p["cloud"], 45))

    horizon = h * 0.5
    for i, color in enumerate(p["sea"]):
        base = horizon + h * 0.1 * i
        amp = h * (0.008 + 0.012 * i)
        points = ridge(rng, w, base, amp, step=10)
        chop = [
            (x, y - abs(math.sin(x / (w * (0.012 + 0.006 * i)) + i)) * amp * 1.2)
            for x, y in points
        ]
        fill_below(draw, chop, color, h)
        draw.line(chop, fill=(*p["foam"], 90 + 25 * i), width=max(2, round(h * 0.002 * (i + 1))))

    if wall:
        end = w * rng.uniform(0.36, 0.44)
        top = h * 0.46
        draw.rectangle((0, top, end, h), fill=p["wall"][1])
        draw.rectangle((0, top - h * 0.04, end - w * 0.01, top), fill=p["wall"][0])
        block_h, block_w = h * 0.06, w * 0.05
        row = 0
        y = top
        while y < h:
            offset = block_w / 2 if row % 2 else 0
            draw.line((0, y, end, y), fill=p["wall"][2], width=3)
            x = offset
            while x < end:
                draw.line((x, y, x, y + block_h), fill=p["wall"][2], width=3)
                x += block_w
            y += block_h
            row += 1
        # A missing block near the end, and spray where the sea hits.
        draw.rectangle(
            (end - block_w * 1.4, top + block_h, end - block_w * 0.5, top + block_h * 2),
            fill=p["wall"][2],
        )
        for _ in range(30):
            sx = end + rng.uniform(-0.02, 0.08) * w
            sy = top + rng.uniform(-0.1, 0.25) * h
            disc(draw, (sx, sy), h * rng.uniform(0.006, 0.03), (*p["foam"], rng.randint(60, 160)))
        fill_below(draw, ridge(rng, w, h * 0.9, h * 0.02, step=10), (*p["sea"][-1], 235), h)
    return image


def _fields(size, p, rng):
    w, h = size
    image = gradient(size, p["sky"])
    sun = (w * rng.uniform(0.15, 0.35), h * rng.uniform(0.2, 0.3))
    glow(image, sun, h * 0.22, p["sun"], 0.5)
    draw = ImageDraw.Draw(image)
    disc(draw, sun, h * 0.07, p["sun"])
    for i, color in enumerate(p["land"]):
        fill_below(draw, ridge(rng, w, h * (0.4 + 0.07 * i), h * 0.05), color, h)

    draw.rectangle((0, h * 0.52, w, h), fill=p["path"])
    y = h * 0.54
    row_h = h * 0.1
    gap = h * 0.018
    while y < h:
        x = -rng.uniform(0, w * 0.05)
        while x < w:
            pw = w * rng.uniform(0.12, 0.24)
            color = rng.choice(p["plot"])
            draw.rectangle((x, y, x + pw - gap, y + row_h), fill=color)
            stripe = mix(color, p["ink"], 0.3)
            n = int(pw / (h * 0.03))
            for k in range(1, n):
                sx = x + (pw - gap) * k / n
                draw.line((sx, y + row_h * 0.1, sx, y + row_h * 0.9), fill=stripe, width=4)
            if rng.random() < 0.25:
                _canes(draw, (x + pw * 0.5, y + row_h * 0.9), row_h * 1.1, p["ink"])
            x += pw
        y += row_h + gap
        row_h *= 1.35
    shed_x, shed_y = w * rng.uniform(0.6, 0.8), h * 0.62
    shed_w = w * 0.08
    draw.rectangle((shed_x, shed_y, shed_x + shed_w, shed_y + shed_w * 0.7), fill=p["ink"])
    draw.polygon(
        [
            (shed_x - shed_w * 0.08, shed_y),
            (shed_x + shed_w / 2, shed_y - shed_w * 0.3),
            (shed_x + shed_w * 1.08, shed_y),
        ],
        fill=mix(p["ink"], p["plot"][1], 0.5),
    )
    draw.rectangle(
        (
            shed_x + shed_w * 0.38,
            shed_y + shed_w * 0.25,
            shed_x + shed_w * 0.62,
            shed_y + shed_w * 0.7,
        ),
        fill=p["plot"][3],
    )
    return image


def _canes(draw, base, height, color):
    x, y = base
    for k in range(3):
        dx = (k - 1) * height * 0.35
        draw.line(
            (x + dx - height * 0.12, y, x + dx + height * 0.12, y - height), fill=color, width=4
        )
        draw.line(
            (x + dx + height * 0.12, y, x + dx - height * 0.12, y - height), fill=color, width=4
        )


MOTIFS = {
    "hills": _hills,
    "skyline": _skyline,
    "gears": _gears,
    "dots": _dots,
    "signal": _signal,
    "seabed": _seabed,
    "bars": _bars,
    "crossing": _crossing,
    "beam": _beam,
    "waves": _waves,
    "fields": _fields,
}
