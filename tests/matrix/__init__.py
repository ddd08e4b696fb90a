"""The permission matrix: every URL × every persona → expected status.

Each app's rows live in a module of this package exposing `ROWS`; tests/test_permissions.py
collects them all and fails when a URL in the urlconf has no row.

A redirect is never a bare 302: it says where to, as a `Redirect` — `LOGIN` (the login page
with `next` set to the URL asked for) or `to(name, args, anchor)` (exactly that page). The
target is worked out after the request, so it can name an object the request created.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class Redirect:
    """A 302 and where it goes: `url` maps (world, requested URL) to the expected Location."""

    url: Callable[[Any, str], str]
    label: str = ""

    status_code = 302

    def __repr__(self) -> str:
        return f"302 → {self.label}"


def _login(world, requested: str) -> str:
    from django.contrib.auth.views import redirect_to_login

    return redirect_to_login(requested)["Location"]


LOGIN = Redirect(_login, label="accounts:login")


def to(
    name: str,
    args: Callable[[Any], list] = lambda w: [],
    anchor: Callable[[Any], str] | None = None,
) -> Redirect:
    """Exactly the page `name` with `args(world)`, and `#anchor(world)` if given."""

    def url(world, _requested: str) -> str:
        return reverse(name, args=args(world)) + (f"#{anchor(world)}" if anchor else "")

    return Redirect(url, label=name)


Expected = int | Redirect


def status_of(expected: Expected) -> int:
    return expected.status_code if isinstance(expected, Redirect) else expected


@dataclass(frozen=True)
class Row:
    name: str  # URL name, with namespace if any
    args: Callable[[Any], list] = lambda w: []  # world → URL args
    expect: dict[str, Expected] = field(default_factory=dict)  # persona → status or Redirect
    method: str = "get"
    data: Callable[[Any], dict] | None = None  # world → POST data
    query: str = ""
    label: str = ""  # distinguishes several rows of one URL

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.name}{'[' + self.label + ']' if self.label else ''}"


def everyone(status: Expected) -> dict[str, Expected]:
    from tests.conftest import PERSONAS

    return dict.fromkeys(PERSONAS, status)


def logged_in(status: Expected, anonymous: Expected = LOGIN) -> dict[str, Expected]:
    """Pages for signed-in people: anyone signed out goes to the login page."""
    return {**everyone(status), "anonymous": anonymous}
