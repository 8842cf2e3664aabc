"""Images on events, kept in content/media/: what a file really is, by its bytes. Pure functions.

The type is read from the file's first bytes (its "magic number"), never trusted from its name;
the dimensions from the header each format defines (PNG's IHDR chunk, JPEG's start-of-frame
marker, WebP's VP8/VP8L/VP8X chunk, an SVG's width and height or viewBox), so the page can
reserve the image's space before it loads. SVG is text a browser can run code from: scripts,
event handlers, external references and embedded HTML are refused."""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass

MAX_BYTES = 500 * 1024
MAX_SIDE = 4096  # pixels; an SVG's own size, which it scales from
EXTENSIONS = {"png": ("png",), "jpeg": ("jpg", "jpeg"), "webp": ("webp",), "svg": ("svg",)}
MIME = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp", "svg": "image/svg+xml"}


@dataclass(frozen=True)
class Image:
    kind: str  # png, jpeg, webp or svg
    width: int
    height: int

    @property
    def mime(self) -> str:
        return MIME[self.kind]


class BadImage(ValueError):
    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message, self.hint = message, hint


def kind_of(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--")) and b"<svg" in data[:4096].lower():
        return "svg"
    return None


def inspect(name: str, data: bytes) -> Image:
    """The image in `data` (a file called `name`), or BadImage saying what is wrong with it."""
    if len(data) > MAX_BYTES:
        raise BadImage(
            f"is {len(data) // 1024} KB, more than {MAX_BYTES // 1024} KB",
            "save it smaller: at most 1600 pixels wide, JPEG or WebP for photographs",
        )
    kind = kind_of(data)
    if kind is None:
        raise BadImage("is not a PNG, JPEG, WebP or SVG image", "export it in one of those formats")
    extension = name.rsplit(".", 1)[-1].lower()
    if extension not in EXTENSIONS[kind]:
        raise BadImage(
            f"is a {kind.upper()} image but its name ends in .{extension}",
            f"rename it to end in .{EXTENSIONS[kind][0]}",
        )
    try:
        width, height = _SIZES[kind](data)
    except BadImage:
        raise
    except (struct.error, IndexError, ValueError):
        raise BadImage(
            f"is not a readable {kind.upper()} image", "export it again from your editor"
        ) from None
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
        raise BadImage(
            f"is {width}×{height} pixels; each side must be 1 to {MAX_SIDE}",
            "resize it: 1600 pixels wide is plenty for a page",
        )
    return Image(kind, width, height)


def _png(data: bytes) -> tuple[int, int]:
    if data[12:16] != b"IHDR":
        raise ValueError("no IHDR")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _jpeg(data: bytes) -> tuple[int, int]:
    at = 2
    while at < len(data):
        if data[at] != 0xFF:
            raise ValueError("not a marker")
        marker = data[at + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            at += 2
            continue
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # a start of frame
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return width, height
        at += 2 + length
    raise ValueError("no start of frame")


def _webp(data: bytes) -> tuple[int, int]:
    chunk = data[12:16]
    if chunk == b"VP8 ":
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L":
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X":
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    raise ValueError("unknown WebP chunk")


_SVG_TAG = re.compile(rb"<svg\b[^>]*>", re.IGNORECASE | re.DOTALL)
_UNSAFE_SVG = re.compile(
    rb"<script|<foreignobject|<iframe|<embed|<object|\bon[a-z]+\s*=|javascript:|"
    rb"(?:xlink:)?href\s*=\s*[\"'](?!#)|@import|<!entity",
    re.IGNORECASE,
)


def _svg(data: bytes) -> tuple[int, int]:
    if _UNSAFE_SVG.search(data):
        raise BadImage(
            "is an SVG with scripts, event handlers or links to other files",
            "keep only shapes and text; draw everything inside the one file",
        )
    tag = _SVG_TAG.search(data)
    if tag is None:
        raise ValueError("no <svg> element")
    attributes = dict(re.findall(rb'([a-zA-Z:-]+)\s*=\s*["\']([^"\']*)["\']', tag.group(0)))
    width, height = (_length(attributes.get(k, b"")) for k in (b"width", b"height"))
    if not (width and height) and b"viewBox" in attributes:
        parts = attributes[b"viewBox"].replace(b",", b" ").split()
        width, height = round(float(parts[2])), round(float(parts[3]))
    if not (width and height):
        raise BadImage("is an SVG without a size", 'give its <svg> a viewBox="0 0 width height"')
    return width, height


def _length(value: bytes) -> int:
    found = re.fullmatch(rb"\s*(\d+(?:\.\d+)?)\s*(px)?\s*", value)
    return round(float(found.group(1))) if found else 0


_SIZES = {"png": _png, "jpeg": _jpeg, "webp": _webp, "svg": _svg}
