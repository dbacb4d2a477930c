"""Grades on a schedule inside ``quizapp serve``: a daemon thread that queues and sends.

Every ``LTI_GRADE_INTERVAL_SECONDS`` (300 by default; 0 turns it off) it queues each LMS
learner's current score and sends what is due. Several app servers may each run one:
the outbox's claims keep them from sending a score twice. ``quizapp lti send-grades``
does the same once, for cron or a systemd timer under another WSGI server.
"""

from __future__ import annotations

import logging
import threading

from flask import Flask

from quizapp.lti import grades

log = logging.getLogger(__name__)


def send_grades_once(app: Flask) -> grades.Delivery:
    with app.app_context():
        grades.queue_all_scores()
        return grades.deliver_scores()


def start_grade_sender(app: Flask) -> threading.Thread | None:
    interval = float(app.config.get("LTI_GRADE_INTERVAL_SECONDS", 300) or 0)
    if interval <= 0 or app.testing:
        return None
    stop = threading.Event()

    def run() -> None:
        while not stop.wait(interval):
            try:
                delivery = send_grades_once(app)
            except Exception:  # a broken round must not end the schedule
                log.exception("sending LTI grades failed; trying again next round")
                continue
            if delivery.sent or delivery.failed:
                log.info("LTI grades: %s sent, %s failed", delivery.sent, delivery.failed)

    thread = threading.Thread(target=run, name="lti-grade-sender", daemon=True)
    thread.start()
    return thread
