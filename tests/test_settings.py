"""Production settings: check --deploy clean, SECRET_KEY required."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(env_extra: dict, *args: str) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _run(
        {
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "example.org",
        },
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr and "WARNING" not in result.stdout


def test_missing_secret_key_is_a_clear_startup_error():
    result = _run({"DEBUG": "0"}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_build_commands_run_without_the_secret():
    """makemigrations and collectstatic sign nothing: an image build needs no production key."""
    result = _run({"DEBUG": "0"}, "makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr


def _production_value(env_extra: dict, expression: str) -> str:
    """A value of the production settings as a server with `env_extra` would have them."""
    env = {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), **env_extra}
    result = _run(env, "shell", "-c", f"from django.conf import settings; print({expression})")
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_no_environment_variable_switches_production_to_test_settings():
    """`TESTING=1` (or any such variable) used to give a fixed key, MD5 and plain HTTP."""
    weakening = {"TESTING": "1", "PYTEST_CURRENT_TEST": "x", "DJANGO_TESTING": "1"}
    assert _production_value(weakening, "settings.PASSWORD_HASHERS[0]") == (
        "emulation.hashers.MeasuredArgon2PasswordHasher"
    )
    assert _production_value(weakening, "settings.SECURE_SSL_REDIRECT") == "True"
    assert "MD5" not in _production_value(weakening, "settings.PASSWORD_HASHERS")
    # Without its own key, production still refuses to start, whatever else is set.
    result = _run({"DEBUG": "0", **weakening}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_production_cookies_are_secure_and_same_site():
    for name in ("SESSION", "CSRF", "LANGUAGE"):
        assert _production_value({}, f"settings.{name}_COOKIE_SECURE") == "True", name
        assert _production_value({}, f"settings.{name}_COOKIE_SAMESITE") == "Lax", name


def test_the_suite_runs_on_its_own_settings_module():
    assert os.environ["DJANGO_SETTINGS_MODULE"] == "tests.settings"
