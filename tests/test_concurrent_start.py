"""Several app servers starting at once against one database take turns preparing it."""

import threading

from sqlalchemy import func, select

from quizapp.cli import prepare_database
from quizapp.extensions import db
from quizapp.models import Bank, Question


def test_simultaneous_starts_upgrade_and_load_banks_once(app, empty_database):
    errors: list[BaseException] = []
    barrier = threading.Barrier(3)

    def start():
        with app.app_context():
            try:
                barrier.wait()
                prepare_database(load_banks=True)
            except BaseException as exc:  # reported below, with the thread's traceback lost
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=start) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "start-up deadlocked"
    assert errors == []
    with app.app_context():
        assert db.session.scalar(select(func.count(Bank.id))) == 1
        bank_id = db.session.scalar(select(Bank.id))
        keys = db.session.scalars(select(Question.key).where(Question.bank_id == bank_id)).all()
        assert len(keys) == len(set(keys)) >= 25
