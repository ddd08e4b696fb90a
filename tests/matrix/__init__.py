"""The permission matrix: every URL × every persona → expected status.

Each app's rows live in a module of this package exposing `ROWS`; tests/test_permissions.py
collects them all and fails when a URL in the urlconf has no row.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Row:
    name: str  # URL name, with namespace if any
    args: Callable[[Any], list] = lambda w: []  # world → URL args
    expect: dict[str, int] = field(default_factory=dict)  # persona → status code
    method: str = "get"
    data: Callable[[Any], dict] | None = None  # world → POST data
    query: str = ""
    label: str = ""  # distinguishes several rows of one URL

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.name}{'[' + self.label + ']' if self.label else ''}"


def everyone(status: int) -> dict[str, int]:
    from tests.conftest import PERSONAS

    return dict.fromkeys(PERSONAS, status)


def logged_in(status: int, anonymous: int = 302) -> dict[str, int]:
    return {**everyone(status), "anonymous": anonymous}
