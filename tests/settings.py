"""The test suite's settings: production's, with what a test run needs and nothing more.

Only pytest reads this module (`DJANGO_SETTINGS_MODULE` in pyproject.toml), so no variable a
production environment carries can switch a server to a known key or a weak hasher.
The suite runs with DEBUG off, as production does.
"""

import os

# A key that exists only in the test process; production refuses to start without its own.
os.environ.setdefault("SECRET_KEY", "tests-only-key-never-used-outside-the-test-suite-" + "x" * 20)

from emulation.settings import *  # noqa: E402, F403

# Hashing every persona's password with PBKDF2 would dominate the suite's run time.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The test client speaks plain HTTP and there is no collectstatic.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = False
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = True

# Background tasks run at once, inside the test (one integration test uses the database worker).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Personas sign in with force_login; the two-factor tests turn the requirement on themselves.
OTP_REQUIRED_FOR_STAFF = False
