# ruff: noqa: S608  (SQL with constant table names)
"""Issue 12, item 4: two gunicorn masters and two task workers on one PostgreSQL, as
scripts/scaleout.sh starts them (see tests/scaleout/conftest.py).

- reminders go out once however many reminder runs the two workers race through;
- one form sent through both web processes at once makes one row;
- a worker killed in the middle of sending a mail loses no mail and sends none twice;
- a PostgreSQL restart under load loses no submitted form: every answer is the saved row or a
  503 saying it was not saved, and the form sent again then lands once.

PostgreSQL only (the ``scaleout`` marker; the SQLite pass deselects it in the Makefile): one
SQLite file is not shared by processes on several hosts, which is what this shows.
"""

import os
import signal
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.urls import reverse

from tests.scaleout.farm import TASKS, Farm, wait_for

pytestmark = pytest.mark.scaleout

CSRF = "x" * 32  # any 32-character secret: the cookie and the field only have to agree
NOT_SAVED = "so what you sent may not have been saved"


@dataclass
class Answer:
    status: int
    location: str
    body: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def post(farm: Farm, base_url: str, path: str, data: dict[str, str]) -> Answer:
    """POST ``data`` as the coach, the way their browser would (session and CSRF cookies)."""
    cookie = f"{settings.SESSION_COOKIE_NAME}={farm.practice['coach_cookie']}; {settings.CSRF_COOKIE_NAME}={CSRF}"
    body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": CSRF}).encode()
    request = urllib.request.Request(base_url + path, data=body, headers={"Cookie": cookie})  # noqa: S310
    try:
        with _opener.open(request, timeout=60) as response:
            return Answer(response.status, response.headers.get("Location", ""), response.read().decode())
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers.get("Location", ""), error.read().decode())


def organisations_named(farm: Farm, name: str) -> int:
    ((count,),) = farm.sql("SELECT count(*) FROM engagements_organisation WHERE name = %s", name)
    return int(count)


def test_reminders_go_out_once_with_two_workers(farm: Farm) -> None:
    farm.drain()  # the invitations of building the practice
    farm.mail_clear()
    # Sessions coming up, and forty reminder runs queued at once: both workers take runs (a run
    # that finds nothing left is quick, so fewer could all go to the worker that polled first),
    # and each run finds the same reminders due.
    farm.manage("shell", "-c", "from tests.scaleout.practice import *; sessions_due_and_reminder_runs(runs=40)")
    farm.drain()

    query = "SELECT email FROM meetings_remindersent JOIN users_user u ON u.id = user_id"
    recorded = Counter(email for (email,) in farm.sql(query))
    # A session reminder for the coach per session and one for each executive (and check-ins owed).
    assert recorded["coach@scaleout.test"] == 4
    assert all(recorded[f"exec{n}@acme.test"] >= 1 for n in range(4))
    assert Counter(str(message["To"]) for message in farm.mail()) == recorded
    # Runs take turns (lib.locks.run_alone): one sends, the others find nothing left; none fails.
    runs = farm.sql(
        f"SELECT worker_ids, status, exception_class_path FROM {TASKS} WHERE task_path = %s AND started_at > %s",
        "stepwise.meetings.tasks.reminders_tick",
        farm.sql("SELECT max(created_at) FROM meetings_session")[0][0],
    )
    assert len(runs) == 40
    assert {(status, error) for _ids, status, error in runs} == {("SUCCESSFUL", "")}
    assert len({ids[-1].rsplit("-", 2)[-2] for ids, _status, _error in runs}) == 2, "both workers ran reminder runs"


def test_one_form_sent_through_both_web_processes_lands_once(farm: Farm) -> None:
    data = {"token": str(uuid.uuid4()), "name": "Globex"}
    path = reverse("organisation_list")
    answers: list[Answer] = []
    barrier = threading.Barrier(8)

    def send(base_url: str) -> None:
        barrier.wait()
        answers.append(post(farm, base_url, path, data))

    threads = [threading.Thread(target=send, args=(farm.web[n % 2],)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [a.status for a in answers] == [302] * 8, [(a.status, a.body[:300]) for a in answers]
    # Every request, whichever process answered it, leads to the one organisation made.
    assert len({a.location for a in answers}) == 1
    assert organisations_named(farm, "Globex") == 1


def test_a_worker_killed_in_the_middle_of_a_send_loses_no_mail_and_sends_none_twice(farm: Farm) -> None:
    farm.drain()
    farm.mail_clear()
    slow = {"EMAIL_BACKEND": "tests.scaleout.slowmail.SlowEmailBackend", "SLOW_MAIL_SECONDS": "1"}
    for n in (1, 2):
        farm.script("worker", str(n), **slow)
    try:
        # Eight worksheets assigned: eight mails, two per executive.
        for engagement in farm.practice["engagements"]:
            for template in farm.practice["templates"]:
                path = reverse("worksheet_assign", kwargs={"public_id": engagement})
                answer = post(
                    farm, farm.web[0], path, {"token": str(uuid.uuid4()), "template": str(template), "due_date": ""}
                )
                assert answer.status == 302, answer.body[:500]
        victim = farm.worker_pid(1)
        (note,) = wait_for("worker 1 to be sending a mail", lambda: list(farm.sink.glob(f"sending-{victim}-*")))
        os.kill(victim, signal.SIGKILL)
        farm.drain()  # the task is queued again after TASKS_STUCK_SECONDS, by the recovery tick

        sent = Counter(str(message["To"]) for message in farm.mail())
        assert sent == {f"exec{n}@acme.test": 2 for n in range(4)}
        # The mail worker 1 was sending when it died went out once, from another run of its task.
        assert sent[note.read_text()] == 2
        retried = farm.sql(
            f"SELECT worker_ids FROM {TASKS} WHERE task_path = %s AND jsonb_array_length(worker_ids) > 1",
            "stepwise.lib.mail.mail_deliver",
        )
        assert len(retried) == 1
        assert len(farm.mail()) == len({str(message["Message-ID"]) for message in farm.mail()}) == 8

        # Every mail task runs again, as when workers that were only slow are presumed dead:
        # across both processes, not one mail goes out a second time.
        farm.sql(f"UPDATE {TASKS} SET status = 'READY' WHERE task_path = %s", "stepwise.lib.mail.mail_deliver")
        farm.drain()
        assert Counter(str(message["To"]) for message in farm.mail()) == sent
    finally:
        for n in (1, 2):
            farm.script("worker", str(n))


def test_a_database_restart_under_load_loses_no_submitted_form(farm: Farm) -> None:
    path = reverse("organisation_list")
    sent: list[tuple[dict[str, str], Answer]] = []  # in the order the answers came
    lock = threading.Lock()
    stop = threading.Event()

    def keep_sending(n: int) -> None:
        count = 0
        while not stop.is_set():
            count += 1
            data = {"token": str(uuid.uuid4()), "name": f"Load {n}-{count}"}
            answer = post(farm, farm.web[n % 2], path, data)
            with lock:
                sent.append((data, answer))

    threads = [threading.Thread(target=keep_sending, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    try:
        wait_for("forms saved before the restart", lambda: sum(a.status == 302 for _d, a in sent) >= 20)
        farm.restart_database()
        with lock:
            answered_before = len(sent)  # answers after this one came once the database was back
        wait_for(
            "forms saved after the restart", lambda: sum(a.status == 302 for _d, a in sent[answered_before:]) >= 20
        )
    finally:
        stop.set()
        for thread in threads:
            thread.join()

    saved = [(data, answer) for data, answer in sent if answer.status == 302]
    refused = [(data, answer) for data, answer in sent if answer.status != 302]
    assert all(answer.status == 503 and NOT_SAVED in answer.body for _data, answer in refused), [
        (answer.status, answer.body[:300]) for _data, answer in refused
    ]
    # Every success has its row.
    names = {name for (name,) in farm.sql("SELECT name FROM engagements_organisation WHERE name LIKE 'Load %%'")}
    assert {data["name"] for data, _answer in saved} <= names
    # The restart was felt: requests were answered while it ran.
    assert refused, "no request was refused during the restart"
    # The person sends a refused form again (the same page, the same token): it lands once.
    for data, _answer in refused:
        answer = post(farm, farm.web[0], path, data)
        assert answer.status == 302, answer.body[:300]
    assert all(organisations_named(farm, data["name"]) == 1 for data, _answer in sent)
