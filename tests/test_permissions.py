"""The permission matrix: every URL of the urlconf, for every persona, with its status."""

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.matrix
from tests.conftest import PERSONAS
from tests.matrix import Redirect, status_of


def _all_rows():
    rows = []
    for module in pkgutil.iter_modules(tests.matrix.__path__):
        rows.extend(importlib.import_module(f"tests.matrix.{module.name}").ROWS)
    return rows


ROWS = _all_rows()


@pytest.fixture
def world(shared_world):
    """Built once for the module (see tests/conftest.py): each test's writes are rolled back."""
    return shared_world


def _url_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            if ns == "admin":
                # The admin is Django's own, permission-checked by Django: its index stands for it.
                names.add("admin:index")
                continue
            prefix = f"{namespace}{ns}:" if ns else namespace
            names |= _url_names(pattern, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_has_a_row():
    covered = {row.name for row in ROWS}
    missing = _url_names(get_resolver()) - covered
    assert not missing, f"URLs without a permission-matrix row: {sorted(missing)}"


def test_every_row_names_every_persona():
    for row in ROWS:
        assert set(row.expect) == set(PERSONAS), row.id


def test_every_redirect_states_its_target():
    for row in ROWS:
        bare = [p for p, expected in row.expect.items() if expected == 302]
        assert not bare, f"{row.id}: a 302 without its target for {bare}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("row", ROWS, ids=lambda r: r.id)
def test_permission_matrix(world, clients, row, persona):
    url = reverse(row.name, args=row.args(world)) + (f"?{row.query}" if row.query else "")
    client = clients[persona]
    data = row.data(world) if row.data else {}
    response = getattr(client, row.method)(url, data)
    expected = row.expect[persona]
    assert response.status_code == status_of(expected), (
        f"{row.id} as {persona}: got {response.status_code}, expected {expected!r}"
    )
    if isinstance(expected, Redirect):
        location, target = response["Location"], expected.url(world, url)
        assert location == target, f"{row.id} as {persona}: went to {location}, not {target}"


def test_rows_are_unique():
    """A row written twice (a merge can do it) would hide which expectation is meant."""
    ids = [row.id for row in ROWS]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_every_named_url_is_in_the_permissions_page():
    """docs/permissions.md lists every page (its table is written by
    scripts/permissions_table.py from these rows): a new URL must appear there too."""
    from pathlib import Path

    from django.conf import settings

    doc = (Path(settings.BASE_DIR) / "docs" / "permissions.md").read_text(encoding="utf-8")
    missing = sorted(name for name in _url_names(get_resolver()) if f"`{name}`" not in doc)
    assert not missing, (
        f"URLs missing from docs/permissions.md: {missing} "
        "(run .venv/bin/python scripts/permissions_table.py)"
    )
