"""Real concurrent requests: many threads send the same request at once to the live server.

Each thread opens its own HTTP connection to pytest-django's ``live_server`` (a threaded WSGI
server), so on PostgreSQL each request has its own database connection and transaction, as
under gunicorn. The threads wait at a barrier and are released together.
"""

import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.test import Client

from stepwise.users.models import User

CSRF = "x" * 32  # any 32-character secret: the cookie and the field only have to agree


@dataclass
class Answer:
    status: int
    location: str
    body: str


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def session_cookie(user: User) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def race(base_url: str, user: User, path: str, data: Mapping[str, object], n: int = 30) -> list[Answer]:
    """POST ``data`` to ``path`` as ``user`` from ``n`` threads at once; every answer, in no order."""
    cookie = f"{settings.SESSION_COOKIE_NAME}={session_cookie(user)}; {settings.CSRF_COOKIE_NAME}={CSRF}"
    pairs = list(data.items())
    body = urllib.parse.urlencode([*pairs, ("csrfmiddlewaretoken", CSRF)]).encode()

    def request() -> urllib.request.Request:
        return urllib.request.Request(base_url + path, data=body, headers={"Cookie": cookie})  # noqa: S310

    answers = _at_once(request, urllib.request.build_opener(_NoRedirect), n)
    return [Answer(status, location, content.decode()) for status, location, content in answers]


def downloads_at_once(base_url: str, user: User, path: str, n: int = 10) -> list[tuple[int, bytes]]:
    """GET ``path`` as ``user`` from ``n`` threads at once: each answer's status and body."""
    cookie = f"{settings.SESSION_COOKIE_NAME}={session_cookie(user)}"

    def request() -> urllib.request.Request:
        return urllib.request.Request(base_url + path, headers={"Cookie": cookie})  # noqa: S310

    return [(status, content) for status, _location, content in _at_once(request, urllib.request.build_opener(), n)]


def _at_once(
    request: Callable[[], urllib.request.Request], opener: urllib.request.OpenerDirector, n: int
) -> list[tuple[int, str, bytes]]:
    """Send a request (a new one per thread) from ``n`` threads released together: each answer's
    status, ``Location`` and body, in no order."""
    barrier = threading.Barrier(n)
    answers: list[tuple[int, str, bytes]] = []
    lock = threading.Lock()

    def one() -> None:
        mine = request()
        barrier.wait()
        for _attempt in range(50):
            try:
                with opener.open(mine, timeout=120) as response:
                    answer = (response.status, response.headers.get("Location", ""), response.read())
            except urllib.error.HTTPError as error:
                answer = (error.code, error.headers.get("Location", ""), error.read())
            except (ConnectionError, urllib.error.URLError):
                # The test server's listen queue is short (10): a refused connection is sent
                # again, as a browser would, while the others are still being answered.
                continue
            break
        else:
            raise AssertionError("the live server never answered")
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=one) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) == n
    return answers
