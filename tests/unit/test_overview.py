"""The overview's geometry: a lane per thread, marks at their dates that never overlap, the eras
as bands and an axis that names months and years, for the whole story, a year or an era."""

from __future__ import annotations

import itertools

import pytest

from quiz.content.loader import load_content
from quiz.content.overview import MARK, in_window, overview, window_for, windows, wrap
from tests.support.fixtures import FIXTURE_CONTENT, SHIPPED_CONTENT


@pytest.fixture(scope="module")
def shipped():
    return load_content(SHIPPED_CONTENT)


def test_windows_are_everything_then_each_year_then_each_era(shipped):
    found = windows(shipped)
    assert [w.zoom for w in found[:5]] == ["", "2022", "2023", "2024", "2025"]
    assert [w.kind for w in found] == ["all"] + ["year"] * 4 + ["era"] * len(shipped.site.eras)
    assert window_for(shipped, "battlefield").label.startswith("Oct 2024")
    assert window_for(shipped, "1999") is None


def test_every_event_gets_one_mark_in_its_threads_lane_and_none_overlap(shipped):
    drawn = overview(shipped, shipped.events, window_for(shipped, ""))
    assert drawn.count == len(shipped.events)
    assert [lane.category for lane in drawn.lanes] == [c.id for c in shipped.site.categories]
    for lane in drawn.lanes:
        assert {mark.event.category for mark in lane.marks} == {lane.category}
        assert sum(lane.counts) == len(lane.marks)
        for a, b in itertools.combinations(lane.marks, 2):
            apart = abs(a.x - b.x) >= MARK or abs(a.y - b.y) >= MARK
            assert apart, (a.event.id, b.event.id)
        assert all(lane.y < mark.y and mark.y + MARK <= lane.y + lane.height for mark in lane.marks)
    assert all(
        mark.x >= 0 and mark.x + MARK <= drawn.width for lane in drawn.lanes for mark in lane.marks
    )


def test_marks_follow_time(shipped):
    drawn = overview(shipped, shipped.events, window_for(shipped, ""))
    marks = sorted((m for lane in drawn.lanes for m in lane.marks), key=lambda m: m.cx)
    days = [m.event.date.first_day for m in marks]
    # a mark moves at most a mark's width to stay inside the drawing: order holds otherwise
    assert all(b >= a or (a - b).days < 32 for a, b in itertools.pairwise(days))


def test_the_axis_labels_quarters_at_full_zoom_and_every_month_in_a_year(shipped):
    whole = overview(shipped, shipped.events, window_for(shipped, ""))
    assert len(whole.months) == 48
    assert [t.label for t in whole.months[:4]] == ["Jan", "", "", "Apr"]
    assert [y.year for y in whole.years] == [2022, 2023, 2024, 2025]
    year = overview(shipped, shipped.events, window_for(shipped, "2024"))
    assert [t.label for t in year.months][:2] == ["January", "February"]
    assert all(t.label for t in year.months) and [y.year for y in year.years] == [2024]


def test_zoom_keeps_the_windows_events_and_its_eras(shipped):
    window = window_for(shipped, "battlefield")
    kept = in_window(shipped.events, window)
    assert kept and all(shipped.era_of(e).id == "battlefield" for e in kept)
    drawn = overview(shipped, kept, window)
    assert [b.era_id for b in drawn.bands] == ["battlefield"]
    assert drawn.bands[0].width == pytest.approx(drawn.width - 16, abs=1)
    assert drawn.months[0].label == "October"


def test_eras_are_bands_labelled_in_the_contents_language():
    french = load_content(FIXTURE_CONTENT).in_language("fr")
    drawn = overview(french, french.events, window_for(french, ""))
    assert [b.label for b in drawn.bands] == [era.label for era in french.site.eras]
    assert drawn.months[0].label == "janv."
    assert [b.shade for b in drawn.bands] == [0, 1]


def test_wrap_breaks_at_words_and_ends_what_does_not_fit():
    assert wrap("Oct 2024 – Apr 2025: Allies on the battlefield", 20, 3) == (
        "Oct 2024 – Apr 2025:",
        "Allies on the",
        "battlefield",
    )
    assert wrap("one two three four", 3, 2) == ("one", "two…")
