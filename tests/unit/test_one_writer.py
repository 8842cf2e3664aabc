"""quiz.extensions.one_writer: on SQLite, one answer writes at a time, and the next one goes
the moment the first lets go (threads here; gunicorn's workers are processes, the same lock)."""

from __future__ import annotations

import threading

from sqlalchemy import create_engine

from quiz.extensions import one_writer


def test_a_second_writer_waits_for_the_first_and_no_longer(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'quiz.sqlite'}")
    first_in, first_may_go, second_in = threading.Event(), threading.Event(), threading.Event()

    def first():
        with one_writer(engine):
            first_in.set()
            first_may_go.wait(10)

    def second():
        first_in.wait(10)
        with one_writer(engine):
            second_in.set()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    assert not second_in.wait(0.3)  # the first still writes
    first_may_go.set()
    assert second_in.wait(5)
    for thread in threads:
        thread.join(5)
    assert (tmp_path / "quiz.sqlite-writer").exists()


def test_a_database_in_memory_takes_no_lock(tmp_path):
    engine = create_engine("sqlite://")  # in memory: one connection's, nothing to share
    with one_writer(engine), one_writer(engine):  # (would wait for ever if it locked)
        pass
