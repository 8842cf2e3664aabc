"""The charts' geometry: bar heights and lengths stand for the numbers."""

from quiz.services.charts import BAR_AREA, histogram, horizontal


def test_histogram_has_a_bar_per_score_as_tall_as_its_count():
    chart = histogram([4, 3, 3, 1, 1, 1], out_of=4)
    assert [bar.label for bar in chart.bars] == ["0", "1", "2", "3", "4"]
    assert [bar.value for bar in chart.bars] == [0, 3, 0, 2, 1]
    heights = [bar.height for bar in chart.bars]
    assert heights[1] == BAR_AREA and heights[0] == heights[2] == 0
    assert heights[3] == round(BAR_AREA * 2 / 3, 1) and heights[4] == round(BAR_AREA / 3, 1)
    bottoms = {round(bar.y + bar.height, 1) for bar in chart.bars}
    assert len(bottoms) == 1  # every bar stands on the same axis


def test_histogram_of_no_scores_draws_empty_bars():
    chart = histogram([], out_of=3)
    assert [bar.height for bar in chart.bars] == [0, 0, 0, 0]


def test_facility_bars_are_as_long_as_the_percentage():
    chart = horizontal([("1", 100.0), ("2", 25.0), ("3", None)])
    full, quarter, missing = chart.bars
    assert full.width == chart.track and quarter.width == round(chart.track / 4, 1)
    assert missing.value is None and missing.width == 0
    assert full.y < quarter.y < missing.y
