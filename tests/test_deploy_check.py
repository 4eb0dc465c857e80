"""Production differs from development only by environment: docs/operations.md's list passes
Django's deployment checks, and leaving out the secret key fails them."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def production_env(tmp_path: Path) -> dict[str, str]:
    """The variables docs/operations.md tells an operator to set, with example values."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        # Not a developer's own .env: only what this list sets counts.
        "STEPWISE_DOTENV": str(tmp_path / "no.env"),
        "STEPWISE_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "coaching.example.com",
        "CSRF_TRUSTED_ORIGINS": "https://coaching.example.com",
        "SITE_URL": "https://coaching.example.com",
        # SQLite is allowed in production for a small practice; PostgreSQL is the scale-out path.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'stepwise.sqlite3'}",
        "EMAIL_URL": "smtp+tls://stepwise:mail-password@smtp.example.com:587",
        "DEFAULT_FROM_EMAIL": "Stepwise <coaching@example.com>",
    }


def check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_documented_production_environment_passes_check_deploy(tmp_path: Path) -> None:
    result = check_deploy(production_env(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_a_secret_key_fails_check_deploy(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    del env["SECRET_KEY"]

    result = check_deploy(env)

    assert result.returncode != 0
    assert "security.W009" in result.stderr
