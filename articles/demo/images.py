"""Original abstract lead images for the demo articles, drawn with Pillow.

A picture is drawn from a seed and a hint. The hint chooses the motif and the colours, so an
article's alt text can describe what its picture shows; the seed varies the details (where the
sun sits, how the hills roll). The same seed and hint give the same bytes on every run.

Shapes are drawn at twice the final size and scaled down, which smooths their edges; a faint
grain on top keeps the gradients from banding in the JPEG.
"""

import io
import random

from .motifs import MOTIFS
from .shapes import add_grain

SUPERSAMPLE = 2
JPEG_QUALITY = 85

Color = tuple[int, int, int]


def _rgb(value: str) -> Color:
    value = value.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def _palette(**groups) -> dict:
    return {
        key: [_rgb(v) for v in value] if isinstance(value, list) else _rgb(value)
        for key, value in groups.items()
    }


PALETTES = {
    "meadow": _palette(
        sky=["#c9dfe8", "#e6ece0", "#f6ecd2"],
        sun="#f7d58e",
        land=["#c3d3ba", "#9dbb9f", "#6f9a7c", "#46745d", "#2a5444"],
        water=["#4f86a8", "#8fbdd4"],
    ),
    "dusk": _palette(
        sky=["#27325a", "#6d4f7e", "#c97a7f", "#f3b07c"],
        sun="#ffe0ad",
        land=["#8a6582", "#5d4468", "#352a4c", "#1f1a33"],
        light=["#ffd27a", "#ffe7b0", "#f7b267"],
    ),
    "night": _palette(
        sky=["#0b1229", "#18244a", "#2f3566"],
        sun="#f2e6c4",
        land=["#2d3866", "#1c2448", "#10162f"],
        light=["#ffcf6b", "#ff9a6b", "#fff0b8", "#9be3d0", "#f7a1c4"],
        awning=["#d9643a", "#f2b441", "#2f8f86", "#c44b6e", "#f4eee0"],
    ),
    "workshop": _palette(
        bg=["#f4e8d0", "#ecd5ad"],
        circle=["#f0c987", "#e7b98f", "#f6dcb0"],
        gear=["#d9643a", "#2f7f7a", "#264060", "#f2b441"],
        ink="#2b2a33",
    ),
    "heat": _palette(
        bg=["#f7c27a", "#ec7d4a", "#c9413f", "#9e2b3c"],
        dot=["#1f5a43", "#2f7350", "#4f9160", "#86b57c"],
    ),
    "broadcast": _palette(
        bg=["#1b2740", "#2b3f63", "#3e5680"],
        ring=["#f2b441", "#e76f51", "#f4e9d8", "#2a9d8f"],
        ink="#0f1628",
    ),
    "river": _palette(
        bg=["#10293b", "#1c4a5a", "#2f7a78"],
        ring=["#9fe0c8", "#f2e3a0", "#5fb3b3", "#d8f3e6"],
        water=["#0c2433", "#15394b", "#1f5063", "#2c6a76"],
        ink="#0a1a24",
    ),
    "lagoon": _palette(
        water=["#8fd3c9", "#3c9aa0", "#17596c", "#0a2c3c"],
        grass=["#2f7a55", "#4f9a5f", "#7dbb6a", "#1f5a44", "#3f8a4f"],
        sand="#c9b88f",
        light="#eafcf4",
    ),
    "civic": _palette(
        bg=["#f6f1e6", "#efe6d3"],
        bar=["#264060", "#d9643a", "#2f7f7a", "#f2b441", "#8a9bb0"],
        sun="#f2b441",
        ink="#1e2a3a",
    ),
    "street": _palette(
        bg=["#62676f", "#52575f"],
        kerb=["#9a9c9a", "#b9b8b1"],
        stripe="#f1f0e9",
        dot=["#f2b441", "#e76f51", "#2a9d8f", "#f4a3b4", "#8ecae6", "#ffffff"],
    ),
    "summer-evening": _palette(
        sky=["#8fb8df", "#cfd9e6", "#f6d8b6", "#f3ae7f"],
        sun="#fff1cc",
        land=["#c99a86", "#9b6763", "#6a4350", "#40283a"],
        light=["#ffd890"],
        bird="#2a2130",
    ),
    "cinema": _palette(
        bg=["#0f0c1b", "#1d1630", "#2a1d33"],
        beam="#fff1cf",
        seat=["#4a1e30", "#6a2438", "#8a2d40"],
        head="#120d18",
    ),
    "storm": _palette(
        sky=["#56687a", "#8d9eab", "#cfcbbd"],
        cloud="#eeeae0",
        sea=["#7d99a6", "#5a7e90", "#3e6277", "#284a5e", "#18344a"],
        wall=["#6b645b", "#4f4a44", "#3a3632"],
        foam="#f1f3ee",
    ),
    "garden": _palette(
        sky=["#cfe2ec", "#eef0e0", "#f8e9c8"],
        sun="#f5c86e",
        land=["#b8ccb0", "#93b191"],
        plot=["#5f8f4f", "#8a6a4a", "#7fae5a", "#a3804f", "#4d7a45", "#c2a36b"],
        path="#e3d3b0",
        ink="#3f3428",
    ),
}

# hint: (motif, palette, options)
HINTS = {
    "river": ("hills", "meadow", {"river": True}),
    "bus-evening": ("skyline", "dusk", {"windows": True}),
    "workshop": ("gears", "workshop", {}),
    "canopy-heat": ("dots", "heat", {}),
    "radio": ("signal", "broadcast", {"mast": True}),
    "night-market": ("skyline", "night", {"windows": True, "lights": True}),
    "seagrass": ("seabed", "lagoon", {}),
    "budget": ("bars", "civic", {}),
    "school-street": ("crossing", "street", {}),
    "river-sensors": ("signal", "river", {"bridge": True}),
    "swifts": ("skyline", "summer-evening", {"birds": True, "gables": True}),
    "cinema": ("beam", "cinema", {}),
    "harbour": ("waves", "storm", {"wall": True}),
    "allotments": ("fields", "garden", {}),
}


def draw_lead_image(seed: str, palette_hint: str, width: int = 1600, height: int = 900) -> bytes:
    """Draw an abstract illustration and return it as JPEG bytes.

    `palette_hint` is one of HINTS; an unknown hint gets a motif chosen from the seed.
    """
    rng = random.Random(f"{seed}|{palette_hint}")
    if palette_hint in HINTS:
        motif, palette_name, options = HINTS[palette_hint]
    else:
        motif, palette_name, options = HINTS[rng.choice(sorted(HINTS))]
    palette = PALETTES[palette_name]

    size = (width * SUPERSAMPLE, height * SUPERSAMPLE)
    image = MOTIFS[motif](size, palette, rng, **options)
    image = image.reduce(SUPERSAMPLE) if SUPERSAMPLE > 1 else image
    image = add_grain(image, rng)

    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()
