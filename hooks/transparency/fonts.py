"""The site's self-hosted fonts: Noto Sans and Noto Sans Devanagari (DBIM's typeface), subset to WOFF2.

The fonts come from PyPI like any other dependency (``fontpkg-noto-sans``,
``fontpkg-noto-sans-devanagari``: variable TTFs with a width and a weight axis, SIL Open Font
Licence 1.1 with no Reserved Font Name, so subsets may keep the family's name). fontTools cuts
them to the characters the site needs, pins the width axis to normal (wdth=100) and keeps the
weights 400-700 as a variable font: one file per script serves the theme's regular and bold text
(its 300-weight headings render at 400). Measured with fontTools 4.68: Latin 32 KB variable
against 19 KB + 19 KB static 400 and 700 (both are on every page); Devanagari 80 KB against
51 KB + 55 KB; keeping 300 too would cost 11 KB and 31 KB more.

Only the OpenType features that shape text or that the site's CSS asks for are kept
(``_layout_features``: fontTools' default set, which holds every Indic shaping feature, plus
``tnum`` for the tables' figures, without the fraction features): small capitals, old-style
and superior figures and stylistic sets brought 150 extra glyphs into the Latin subset
(33 KB against 23 KB).

Six faces, each downloaded by the browser only when the page has a character in its
``unicode-range``:
- "Noto Sans", core (``LATIN_CORE_RANGES``): Basic Latin and the punctuation and signs the site's
  words and numbers use (– — ‘ ’ “ ” … • © ₹ − ×, the spaces), 12 KB: on every page.
- "Noto Sans", extended: the rest of Latin-1 and General Punctuation (accented names, ¿, ‰ ...),
  13 KB, the same family and design: fetched only by a page that has one of those characters.
- "Noto Sans Devanagari": the Devanagari block only, 70 KB. Digits and punctuation in Hindi text
  come from "Noto Sans", first in the font stack (the same design; keeping them here would add
  10 KB).
- "Noto Sans Devanagari", extended: Vedic Extensions and Devanagari Extended, 10 KB, fetched only
  by a page with one of those marks (none of the site's Hindi uses them).
- "Noto Sans Devanagari Names": only the glyphs of the language names in the header's language
  link (``हिन्दी`` on English pages), at the link's bold weight only (2.5 KB; 3.9 KB with the
  weight axis), so that English pages do not download the whole Devanagari face for one word.

The name table keeps the copyright, the family names, the version and the licence records
(IDs 0-6, 13, 14); the licence files ship beside the fonts (assets/fonts/*-OFL.txt).

Subsetting a face costs seconds (the Devanagari face about 13 s), so ``subset_cached`` keeps each
result in a cache folder keyed by everything the bytes depend on: the source file's SHA-256, the
parameters, and the versions of fontTools and brotli. Output is deterministic (``head.modified``
kept from the source font), so a cached file and a fresh one are the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

WOFF2_SIGNATURE = b"wOF2"
WIDTH = 100  # normal width: the site never uses the condensed widths
WEIGHTS = (400, 700)  # the theme's regular and bold
NAMES_FAMILY = "Noto Sans Devanagari Names"
NAMES_WEIGHT = 700  # .plan-language__link is bold (overrides/assets/stylesheets/plan.css)
NAME_IDS = (0, 1, 2, 3, 4, 5, 6, 13, 14)  # copyright, names, version, licence and its URL


def _layout_features() -> list[str]:
    """fontTools' default features (every script's shaping: ccmp, locl, kern, mark, liga, the Indic
    conjunct and matra features ...) plus tabular figures (plan.css), without the fraction ones."""
    from fontTools import subset

    return sorted({*subset.Options().layout_features, "tnum"} - {"frac", "numr", "dnom"})

# The Latin characters nearly every page has: Basic Latin, no-break space, © ® ° ¶ (Material's
# heading anchors) · ×, the typographic spaces, hyphens, dashes, quotes, bullet, ellipsis, narrow
# no-break space, rupee and minus signs.
LATIN_CORE_RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E), (0x00A0, 0x00A0), (0x00A9, 0x00A9), (0x00AE, 0x00AE), (0x00B0, 0x00B0),
    (0x00B6, 0x00B7), (0x00D7, 0x00D7), (0x2002, 0x200A), (0x2010, 0x2011), (0x2013, 0x2014),
    (0x2018, 0x2019), (0x201C, 0x201D), (0x2022, 0x2022), (0x2026, 0x2026), (0x202F, 0x202F),
    (0x20B9, 0x20B9), (0x2212, 0x2212),
)

# All the Latin the site's fonts cover: Basic Latin, Latin-1, the Latin-1 typographic extras
# (dotless i, OE, modifier accents), General Punctuation (– — ‘ ’ “ ” … • ′ ″ and the spaces),
# euro, rupee, trade mark, minus sign, division slash and the replacement character.
LATIN_RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E), (0x00A0, 0x00FF), (0x0131, 0x0131), (0x0152, 0x0153), (0x02C6, 0x02C6),
    (0x02DA, 0x02DA), (0x02DC, 0x02DC), (0x2000, 0x206F), (0x20AC, 0x20AC), (0x20B9, 0x20B9),
    (0x2122, 0x2122), (0x2212, 0x2212), (0x2215, 0x2215), (0xFFFD, 0xFFFD),
)

# The Devanagari block, Vedic Extensions, Devanagari Extended, the joiners that select conjunct
# forms (ZWNJ, ZWJ) and the dotted circle shapers show under a stray vowel sign. The danda and
# double danda (U+0964-0965) are in the block.
DEVANAGARI_RANGES: tuple[tuple[int, int], ...] = (
    (0x0900, 0x097F), (0x1CD0, 0x1CFF), (0x200C, 0x200D), (0x25CC, 0x25CC), (0xA8E0, 0xA8FF),
)


# Modern Hindi needs only the Devanagari block (with the joiners and the dotted circle); the Vedic
# Extensions and Devanagari Extended (cantillation marks, 10 KB of glyphs) are a face of their own.
DEVANAGARI_CORE_RANGES: tuple[tuple[int, int], ...] = ((0x0900, 0x097F), (0x200C, 0x200D), (0x25CC, 0x25CC))


def in_ranges(codepoint: int, ranges: Iterable[tuple[int, int]]) -> bool:
    return any(start <= codepoint <= end for start, end in ranges)


def codepoints(ranges: Iterable[tuple[int, int]]) -> tuple[int, ...]:
    return tuple(sorted({cp for start, end in ranges for cp in range(start, end + 1)}))


@dataclass(frozen=True)
class FontSource:
    """A variable TTF shipped by a Python package, with its licence."""

    family: str
    package: str  # distribution name on PyPI
    font: Path
    licence: Path

    @property
    def version(self) -> str:
        """The font's own version (fontpkg's metadata.json), else the package's."""
        try:
            return str(json.loads((self.font.parent.parent / "metadata.json").read_text("utf-8"))["version"])
        except (OSError, ValueError, KeyError):
            return metadata.version(self.package)


@dataclass(frozen=True)
class Face:
    """One @font-face of the site: a subset of a source font, written to ``file_name``."""

    family: str  # the CSS font-family name
    source: FontSource
    codepoints: tuple[int, ...]
    file_name: str
    weights: tuple[int, int] = WEIGHTS
    width: int = WIDTH


def noto_sources() -> tuple[FontSource, FontSource]:
    """Noto Sans and Noto Sans Devanagari as installed from requirements.lock.

    Raises ImportError (with the packages' names) when they are not installed."""
    import fontpkg_noto_sans
    import fontpkg_noto_sans_devanagari

    latin_root = Path(fontpkg_noto_sans.ROOT)
    devanagari_root = Path(fontpkg_noto_sans_devanagari.ROOT)
    return (
        FontSource("Noto Sans", "fontpkg-noto-sans", latin_root / "files" / "NotoSans[wdth,wght].ttf",
                   latin_root / "LICENSE"),
        FontSource("Noto Sans Devanagari", "fontpkg-noto-sans-devanagari",
                   devanagari_root / "files" / "NotoSansDevanagari[wdth,wght].ttf", devanagari_root / "LICENSE"),
    )


def site_faces(latin: FontSource, devanagari: FontSource, names_text: str) -> list[Face]:
    """The site's faces, in the order of the font stack. ``names_text``: the language names shown
    in the header's language link (from ``extra.languages``); its Devanagari letters make the
    "Names" face, which is left out when there are none."""
    core = codepoints(LATIN_CORE_RANGES)
    extended = tuple(sorted(set(codepoints(LATIN_RANGES)) - set(core) - set(codepoints(FORMAT_CONTROLS))))
    faces = [
        Face("Noto Sans", latin, core, "noto-sans-latin.woff2"),
        Face("Noto Sans", latin, extended, "noto-sans-latin-ext.woff2"),
        Face("Noto Sans Devanagari", devanagari, codepoints(DEVANAGARI_CORE_RANGES), "noto-sans-devanagari.woff2"),
        Face("Noto Sans Devanagari", devanagari,
             tuple(sorted(set(codepoints(DEVANAGARI_RANGES)) - set(codepoints(DEVANAGARI_CORE_RANGES)))),
             "noto-sans-devanagari-ext.woff2"),
    ]
    names = tuple(sorted({ord(ch) for ch in names_text if in_ranges(ord(ch), DEVANAGARI_RANGES)}))
    if names:
        faces.append(Face(NAMES_FAMILY, devanagari, names, "noto-sans-devanagari-names.woff2",
                          weights=(NAMES_WEIGHT, NAMES_WEIGHT)))
    return faces


# Invisible format controls (zero-width space and joiners, direction marks, word joiner): never a
# reason to download the extended Latin face; ZWNJ and ZWJ belong with the Devanagari text they shape.
FORMAT_CONTROLS: tuple[tuple[int, int], ...] = ((0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F))

# Languages written in Devanagari: their pages' text needs the whole Devanagari face.
DEVANAGARI_LANGUAGES = frozenset({"hi", "mr", "ne", "sa", "kok", "mai", "doi", "brx"})


def preloaded_files(language: str, names_text: str) -> list[str]:
    """The font files a page in ``language`` needs for its first screen, to be fetched together
    with the stylesheets (``<link rel="preload">``) rather than after them: the text of a page
    first drawn in a fallback font and redrawn in Noto moves (layout shift, 0.16 on the Hindi
    home page in Lighthouse). The core Latin face, and the Devanagari face on a Devanagari page,
    else the language names' face when the header shows one."""
    files = ["noto-sans-latin.woff2"]
    if language in DEVANAGARI_LANGUAGES:
        files.append("noto-sans-devanagari.woff2")
    elif any(in_ranges(ord(ch), DEVANAGARI_RANGES) for ch in names_text):
        files.append("noto-sans-devanagari-names.woff2")
    return files


# --- subsetting --------------------------------------------------------------------------------------


def subset_woff2(font: Path, unicodes: Iterable[int], *, width: int = WIDTH,
                 weights: tuple[int, int] = WEIGHTS) -> bytes:
    """The glyphs of ``unicodes`` (with every OpenType feature that shapes them) from a variable
    TTF with a width and weight axis, the width pinned and the weights limited, as WOFF2 bytes.
    Same input, same bytes: the timestamp in ``head`` is the source font's own."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    # Subset first, then instance: far quicker on the small font, and instancing first trips over
    # glyphs fontTools' lazy loading has not read yet.
    ttfont = TTFont(str(font), recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = _layout_features()
    options.name_IDs = list(NAME_IDS)
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=list(unicodes))
    subsetter.subset(ttfont)
    limits = {"wdth": width, "wght": weights if weights[0] != weights[1] else weights[0]}
    ttfont = instancer.instantiateVariableFont(ttfont, limits)
    ttfont.flavor = "woff2"
    output = io.BytesIO()
    ttfont.save(output)
    return output.getvalue()


def cache_key(face: Face) -> str:
    """Everything the subset's bytes depend on, as a file name."""
    import brotli
    import fontTools

    digest = hashlib.sha256(face.source.font.read_bytes()).hexdigest()
    parameters = {
        "source": digest, "codepoints": list(face.codepoints), "width": face.width, "weights": list(face.weights),
        "fonttools": fontTools.version, "brotli": getattr(brotli, "version", getattr(brotli, "__version__", "")),
        "features": _layout_features(), "name_ids": list(NAME_IDS),
        "recipe": 2,  # bump when subset_woff2 changes what it produces
    }
    blob = json.dumps(parameters, sort_keys=True).encode("utf-8")
    return f"{Path(face.file_name).stem}-{hashlib.sha256(blob).hexdigest()[:24]}.woff2"


def subset_cached(face: Face, cache_dir: Path | None) -> bytes:
    """``subset_woff2`` for the face, read from ``cache_dir`` when computed before. A cache that
    cannot be written (read-only folder) only costs time."""
    path = cache_dir / cache_key(face) if cache_dir is not None else None
    if path is not None and path.is_file():
        data = path.read_bytes()
        if data.startswith(WOFF2_SIGNATURE):
            return data
    data = subset_woff2(face.source.font, face.codepoints, width=face.width, weights=face.weights)
    if path is not None:
        _write_atomically(path, data)
    return data


def _write_atomically(path: Path, data: bytes) -> None:
    # A crash or a parallel build never leaves a half-written file under the final name.
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".woff2")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except OSError:
        pass


def cmap_of(woff2: bytes) -> set[int]:
    """The code points a WOFF2 font maps to glyphs."""
    from fontTools.ttLib import TTFont

    return set(TTFont(io.BytesIO(woff2)).getBestCmap())


# --- CSS ---------------------------------------------------------------------------------------------


def unicode_range(points: Iterable[int]) -> str:
    """CSS ``unicode-range`` for a set of code points, consecutive ones merged: ``U+0020-007E, U+00A0``."""
    spans: list[list[int]] = []
    for point in sorted(set(points)):
        if spans and point == spans[-1][1] + 1:
            spans[-1][1] = point
        else:
            spans.append([point, point])
    return ", ".join(f"U+{start:04X}" if start == end else f"U+{start:04X}-{end:04X}" for start, end in spans)


@dataclass(frozen=True)
class BuiltFace:
    face: Face
    woff2: bytes

    @property
    def covered(self) -> set[int]:
        return cmap_of(self.woff2)


def fonts_css(faces: Sequence[BuiltFace], *, names_selector: str, licence_files: Sequence[str]) -> str:
    """The @font-face rules (``font-display: swap``, each face limited by ``unicode-range`` to the
    characters it has), the theme's text font stack (Material reads ``--md-text-font``), and the
    language link's stack with the small names face instead of the whole Devanagari face."""
    credits = "; ".join(f"{built.face.source.family} {built.face.source.version}"
                        for built in _unique_sources(faces))
    lines = [
        f"/* {credits}: SIL Open Font License 1.1 ({', '.join(licence_files)}).",
        "   Subset by hooks/transparency/fonts.py; generated, do not edit. */",
    ]
    for built in faces:
        face = built.face
        lines += [
            "@font-face {",
            f'  font-family: "{face.family}";',
            "  font-style: normal;",
            f"  font-weight: {face.weights[0]} {face.weights[1]};",
            f"  font-stretch: {face.width}%;",
            "  font-display: swap;",
            f'  src: url("{face.file_name}") format("woff2");',
            f"  unicode-range: {unicode_range(built.covered)};",
            "}",
        ]
    families = list(dict.fromkeys(built.face.family for built in faces))  # a family may have several faces
    text_stack = [f for f in families if f != NAMES_FAMILY]
    lines.append(":root { --md-text-font: " + _stack(text_stack) + "; }")
    if NAMES_FAMILY in families:
        names_stack = [families[0], NAMES_FAMILY]
        lines.append(f"{names_selector} {{ font-family: {_stack(names_stack)}; }}")
    return "\n".join(lines) + "\n"


def _stack(families: Sequence[str]) -> str:
    return ", ".join([*(f'"{family}"' for family in families), "system-ui", "sans-serif"])


def _unique_sources(faces: Sequence[BuiltFace]) -> list[BuiltFace]:
    seen: dict[str, BuiltFace] = {}
    for built in faces:
        seen.setdefault(built.face.source.package, built)
    return list(seen.values())
