"""What an image file is, from its bytes: type, size and dimensions."""

from __future__ import annotations

import struct
import zlib

import pytest

from quiz.content.media import MAX_BYTES, BadImage, inspect


def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0" + b"\0\0\0" * width)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)


def jpeg(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\0\1\1\0\0\1\0\1\0\0"
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\1\x11\0"
    return b"\xff\xd8" + app0 + sof + b"\xff\xd9"


def webp(width: int, height: int) -> bytes:
    vp8x = b"VP8X" + struct.pack("<I", 10) + b"\0\0\0\0"
    vp8x += (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    return b"RIFF" + struct.pack("<I", 4 + len(vp8x)) + b"WEBP" + vp8x


@pytest.mark.parametrize(
    ("name", "data", "kind", "size"),
    [
        ("a.png", png(300, 200), "png", (300, 200)),
        ("a.jpg", jpeg(640, 480), "jpeg", (640, 480)),
        ("a.webp", webp(800, 600), "webp", (800, 600)),
        (
            "a.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80"/>',
            "svg",
            (120, 80),
        ),
        ("b.svg", b'<?xml version="1.0"?>\n<svg viewBox="0 0 240 120"></svg>', "svg", (240, 120)),
    ],
)
def test_type_and_dimensions_come_from_the_bytes(name, data, kind, size):
    image = inspect(name, data)
    assert (image.kind, (image.width, image.height)) == (kind, size)


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("a.png", b"not an image at all", "is not a PNG, JPEG, WebP or SVG"),
        ("a.jpg", png(10, 10), "is a PNG image but its name ends in .jpg"),
        ("a.png", png(10, 10)[:14], "not a readable PNG"),
        ("a.png", png(5000, 10), "5000×10 pixels"),
        ("a.png", b"\x89PNG\r\n\x1a\n" + b"\0" * MAX_BYTES, "more than 500 KB"),
        ("a.svg", b'<svg viewBox="0 0 1 1"><script>alert(1)</script></svg>', "scripts"),
        ("a.svg", b'<svg viewBox="0 0 1 1" onload="x()"></svg>', "event handlers"),
        ("a.svg", b'<svg viewBox="0 0 1 1"><image href="https://x.org/a.png"/></svg>', "links"),
        ("a.svg", b"<svg></svg>", "without a size"),
    ],
)
def test_bad_images_say_what_is_wrong(name, data, words):
    with pytest.raises(BadImage) as raised:
        inspect(name, data)
    assert words in raised.value.message
    assert raised.value.hint
