"""The access log never holds a usable secret link (``stepwise.lib.access_log``)."""

import socket
import subprocess
import sys
import uuid
from pathlib import Path

from django.urls import reverse

from stepwise.lib.access_log import mask_secrets
from stepwise.lib.tokens import token_new
from stepwise.meetings.calendar import feed_token

ROOT = Path(__file__).resolve().parents[3]


def secret_paths() -> list[tuple[str, str, str]]:
    """(the address, its secret, what the log may show) for each kind of secret link."""
    invite = token_new()
    reset_key = "c2w4k9-7a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d"
    feed = uuid.uuid4()
    calendar = feed_token(feed)
    rater = token_new()
    return [
        (reverse("rater_open", args=[rater]), rater, "/r/[masked]/"),
        (reverse("invitation_open", args=[invite]), invite, "/invite/[masked]/"),
        (
            reverse("account_reset_password_from_key", kwargs={"uidb36": "c2", "key": reset_key}),
            reset_key,
            "/accounts/password/reset/key/[masked]/",
        ),
        (
            reverse("calendar_feed", kwargs={"feed_id": feed, "token": calendar}),
            calendar,
            f"/calendar/{feed}/[masked].ics",
        ),
    ]


def test_each_kind_of_secret_link_is_masked():
    for path, secret, shown in secret_paths():
        line = f'127.0.0.1 - - [03/Dec/2026:10:00:00 +0000] "GET {path}?x=1 HTTP/1.1" 302 0 "-" "Firefox"'
        masked = mask_secrets(line)
        assert secret not in masked
        assert f"GET {shown}?x=1 HTTP/1.1" in masked


def test_addresses_without_a_secret_are_logged_as_they_are():
    survey = ("/r/", "/r/save/", "/r/send/", "/r/decline/", "/r/thanks/")
    for path in ("/invite/accept/", "/accounts/password/reset/key/done/", "/calendar/", "/engagements/", *survey):
        assert mask_secrets(f"GET {path} HTTP/1.1") == f"GET {path} HTTP/1.1"


def test_gunicorns_access_log_masks_the_secrets(tmp_path):
    """A real gunicorn, with the project's gunicorn.conf.py, serving a stand-in application
    (the log line does not depend on the application's answer)."""
    (tmp_path / "standin.py").write_text(
        "def app(environ, start_response):\n"
        "    start_response('404 Not Found', [('Content-Type', 'text/plain')])\n"
        "    return [b'']\n"
    )
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)  # requests wait in the backlog until gunicorn accepts them: no polling
    port = listener.getsockname()[1]
    server = subprocess.Popen(  # noqa: S603 (the project's own gunicorn)
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "standin:app",
            "--config",
            str(ROOT / "gunicorn.conf.py"),
            "--pythonpath",
            f"{tmp_path},{ROOT}",
            "--bind",
            f"fd://{listener.fileno()}",
            "--workers",
            "1",
            "--access-logfile",
            "-",
        ],
        cwd=ROOT,
        pass_fds=[listener.fileno()],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    paths = secret_paths()
    try:
        for path, _secret, _shown in paths:
            with socket.create_connection(("127.0.0.1", port)) as connection:
                connection.sendall(
                    f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\nReferer: http://x{path}\r\n\r\n".encode()
                )
                assert connection.recv(100).startswith(b"HTTP/1.0 404")
    finally:
        server.terminate()
        log, errors = server.communicate()
        listener.close()
    lines = log.splitlines()
    assert len(lines) == len(paths), errors
    for line, (_path, secret, shown) in zip(lines, paths, strict=True):
        assert secret not in line
        assert f'"GET {shown} HTTP/1.0" 404' in line
        assert f'"http://x{shown}"' in line
