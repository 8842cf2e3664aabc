"""Item statistics against a small example worked out by hand."""

import pytest

from quiz.services.analysis import AskedQuestion, KeyedAnswer, item_statistics, pearson

QUESTIONS = [
    AskedQuestion("q1", "First?", ("a", "b", "c", "d"), 0),
    AskedQuestion("q2", "Second?", ("a", "b", "c", "d"), 1),
    AskedQuestion("q3", "Third?", ("a", "b", "c", "d"), 2),
]
KEY = {"a": 0, "b": 1, "c": 2, "d": 3}


def attempt(*chosen):
    return [
        KeyedAnswer(q.question_id, KEY[c], q.correct)
        for q, c in zip(QUESTIONS, chosen, strict=True)
    ]


# Four finished students. Scores per question (q1, q2, q3):
#   S1: 1 1 1   S2: 1 1 0   S3: 1 0 0   S4: 0 0 1
ATTEMPTS = [
    attempt("a", "b", "c"),
    attempt("a", "b", "d"),
    attempt("a", "c", "d"),
    attempt("b", "a", "c"),
]


def test_facility_is_the_mean_score_as_a_percentage():
    stats = item_statistics(QUESTIONS, ATTEMPTS, [True] * 4)
    assert [s.facility for s in stats] == [75.0, 50.0, 50.0]


def test_discrimination_correlates_each_item_with_the_rest_of_the_test():
    stats = item_statistics(QUESTIONS, ATTEMPTS, [True] * 4)
    # q2 item scores 1,1,0,0; rest-of-test (q1+q3) 2,1,1,1:
    # means 0.5 and 1.25; sxy = .5*.75 + .5*-.25 + -.5*-.25 + -.5*-.25 = 0.5
    # sxx = 1, syy = .5625 + 3 * .0625 = .75 -> r = 0.5 / sqrt(0.75) = 0.57735
    assert stats[1].discrimination == pytest.approx(57.735, abs=0.01)
    # q3 item scores 1,0,0,1; rest (q1+q2) 2,2,1,0: means .5 and 1.25;
    # sxy = .375 - .375 + .125 - .625 = -0.5; sxx = 1; syy = 2.75 -> r = -0.30151
    assert stats[2].discrimination == pytest.approx(-30.151, abs=0.01)


def test_choice_counts_use_every_answer_and_unfinished_attempts_are_left_out_of_scores():
    partial = [KeyedAnswer("q1", 3, 0), KeyedAnswer("q2", None, 1), KeyedAnswer("q3", None, 2)]
    stats = item_statistics(QUESTIONS, [*ATTEMPTS, partial], [True] * 4 + [False])
    assert stats[0].counts == (3, 1, 0, 1)
    assert stats[1].unanswered == 1
    assert stats[0].facility == 75.0


def test_no_spread_means_no_discrimination():
    assert pearson([1, 1, 1], [0, 1, 2]) is None
    assert item_statistics(QUESTIONS, [], [])[0].facility is None


def test_a_question_some_attempts_never_had_is_judged_on_those_that_had_it():
    had_it = [KeyedAnswer("q1", 0, 0), KeyedAnswer("q2", 1, 1), KeyedAnswer("q3", 2, 2)]
    without_q3 = [KeyedAnswer("q1", 1, 0), KeyedAnswer("q2", 1, 1)]
    stats = item_statistics(QUESTIONS, [had_it, without_q3], [True, True])
    assert stats[2].facility == 100.0  # the only attempt asked q3 got it right
    assert stats[2].unanswered == 0 and stats[2].counts == (0, 0, 1, 0)
    assert stats[0].facility == 50.0
