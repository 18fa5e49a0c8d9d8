"""Drawing primitives shared by the demo illustrations: gradients, ridges, glows, grain."""

import math

from PIL import Image, ImageChops, ImageDraw, ImageFilter

Color = tuple[int, int, int]


def mix(a: Color, b: Color, t: float) -> Color:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def gradient(size, stops: list[Color]) -> Image.Image:
    """A vertical gradient through evenly spaced colour stops, top to bottom."""
    steps = 256
    colors = []
    for i in range(steps):
        t = i / (steps - 1) * (len(stops) - 1)
        k = min(int(t), len(stops) - 2)
        colors.append(mix(stops[k], stops[k + 1], t - k))
    strip = Image.new("RGB", (1, steps))
    strip.putdata(colors)
    return strip.resize(size, Image.Resampling.BILINEAR)


def ridge(rng, width, base, amplitude, step=16):
    """Points of a gently rolling line across the width."""
    waves = [
        (
            amplitude * rng.uniform(0.5, 1.0) / (i + 1),
            rng.uniform(0.8, 1.6) * (i + 1) * 2 * math.pi / width,
            rng.uniform(0, 2 * math.pi),
        )
        for i in range(3)
    ]
    return [
        (x, base + sum(a * math.sin(f * x + p) for a, f, p in waves))
        for x in range(0, width + step, step)
    ]


def fill_below(draw, points, color, bottom):
    draw.polygon([*points, (points[-1][0], bottom), (points[0][0], bottom)], fill=color)


def glow(image, center, radius, color, strength=0.6):
    """A soft halo: a disc blurred at low resolution and laid over the image."""
    factor = 8
    small = Image.new("L", (image.width // factor, image.height // factor), 0)
    cx, cy, r = center[0] / factor, center[1] / factor, radius / factor
    ImageDraw.Draw(small).ellipse((cx - r, cy - r, cx + r, cy + r), fill=round(255 * strength))
    mask = small.filter(ImageFilter.GaussianBlur(r * 0.5)).resize(
        image.size, Image.Resampling.BILINEAR
    )
    image.paste(color, (0, 0, *image.size), mask)


def disc(draw, center, radius, color):
    x, y = center
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=color)


def add_grain(image, rng, amount=10):
    noise = Image.frombytes("L", image.size, rng.randbytes(image.width * image.height))
    noise = noise.point(lambda v: v * amount // 255)
    return ImageChops.add(image, Image.merge("RGB", (noise, noise, noise)), offset=-amount // 2)


# --- Motifs --------------------------------------------------------------------------------
