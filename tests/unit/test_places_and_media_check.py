"""`content check` on places' coordinates and events' images: each problem at its file:line."""

from __future__ import annotations

import pytest

from quiz.content import check_content
from tests.unit.test_media import png

CITY = "- id: kyiv\n  name: Kyiv\n  kind: city\n  in: ukraine\n"
UKRAINE = "- id: ukraine\n  name: Ukraine\n  kind: country\n"


@pytest.mark.parametrize(
    ("coordinates", "offset", "words"),
    [
        ("", 4, "is missing for the city `kyiv`"),  # at the entry's `- id:` line
        ("  coordinates: [50.45]\n", 8, "must be two numbers"),
        ('  coordinates: ["50.45", "30.52"]\n', 8, "not text"),
        ("  coordinates: [150.45, 30.52]\n", 8, "latitude 150.45 is not between -90 and 90"),
        ("  coordinates: [50.45, 230.52]\n", 8, "longitude 230.52"),
        ("  coordinates: fifty\n", 8, "must be two numbers"),
    ],
)
def test_a_bad_or_missing_coordinate_is_reported_at_its_line(
    content_dir, coordinates, offset, words
):
    places = content_dir / "places.yaml"
    before = places.read_text()
    places.write_text(before + UKRAINE + CITY + coordinates, encoding="utf-8")
    content, problems = check_content(content_dir)
    assert content is None
    found = [p for p in problems if p.path.endswith("places.yaml") and p.field == "coordinates"]
    assert len(found) == 1, "\n".join(map(str, problems))
    assert found[0].line == len(before.splitlines()) + offset
    assert words in found[0].message and "[latitude, longitude]" in found[0].message + found[0].hint
    assert str(found[0]).startswith(f"{found[0].path}:{found[0].line}: coordinates: ")


EVENT = "events/2024-06-19-treaty-signed.md"


def with_media(content_dir, block: str) -> None:
    path = content_dir / EVENT
    text = path.read_text()
    start = text.index("media:\n")
    end = text.index("---\n", start)
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")


GOOD = (
    "  - file: {file}\n    alt: A diagram\n    credit: Project contributors\n"
    "    licence: CC BY 4.0\n"
)


@pytest.mark.parametrize(
    ("file", "data", "block", "field", "words"),
    [
        ("x.png", None, GOOD, "media[0].file", "`x.png` is not in media/"),
        ("x.png", b"hello", GOOD, "media[0].file", "is not a PNG, JPEG, WebP or SVG"),
        ("x.jpg", png(4, 4), GOOD, "media[0].file", "is a PNG image but its name ends in .jpg"),
        ("x.png", png(4, 4) + b"\0" * 600_000, GOOD, "media[0].file", "more than 500 KB"),
        ("x.svg", b"<svg viewBox='0 0 9 9'><script/></svg>", GOOD, "media[0].file", "scripts"),
        ("../site.yaml", None, GOOD, "media[0].file", "name of a file in content/media/"),
        ("x.png", png(4, 4), GOOD.replace("    alt: A diagram\n", ""), "media[0].alt", "missing"),
        ("x.png", png(4, 4), GOOD.replace("A diagram", '""'), "media[0].alt", "is empty"),
    ],
)
def test_a_bad_image_is_reported_at_its_line(content_dir, file, data, block, field, words):
    if data is not None:
        (content_dir / "media" / file).write_bytes(data)
    with_media(content_dir, "media:\n" + block.format(file=file))
    content, problems = check_content(content_dir)
    assert content is None
    mine = [p for p in problems if p.path.endswith(EVENT) and p.field == field]
    assert mine and words in mine[0].message, "\n".join(map(str, problems))
    lines = (content_dir / EVENT).read_text().splitlines()
    at = {"media[0].file": "  - file:", "media[0].alt": "    alt:"}[field]
    expected = next((i for i, t in enumerate(lines, 1) if t.startswith(at)), None)
    assert mine[0].line == (expected or lines.index("  - file: x.png") + 1)


def test_an_image_counts_in_the_content_version(content_dir):
    before, _ = check_content(content_dir)
    (content_dir / "media" / "two-capitals.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"/>'
    )
    after, _ = check_content(content_dir)
    assert before and after and before.version != after.version
    assert after.events_by_id["treaty-signed"].media_sizes == {"two-capitals.svg": (10, 10)}
    assert "media/two-capitals.svg" in after.files  # kept with the last good content


def test_a_french_file_with_more_images_than_the_english_is_an_error(content_dir):
    path = content_dir / "events" / "2024-06-19-treaty-signed.fr.md"
    path.write_text(path.read_text().replace("media:\n", "media:\n  - alt: En trop\n"))
    content, problems = check_content(content_dir)
    assert content is None
    assert any(p.field == "media" and "has 2 items" in p.message for p in problems)
