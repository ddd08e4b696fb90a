"""Numbers in URLs and integer form fields stop where the database does (issue 9, item 6).

A 20-digit id overflows SQLite's 64-bit INTEGER inside the query; the `id` and `year` path
converters (`emulation/converters.py`) refuse it before any view runs, so it is a 404 on every
database. Integer form fields carry a `max_value`, so 2**63 is a field error.
"""

import re

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from campaigns.forms import AdoptionForm
from emulation.converters import IdConverter, YearConverter
from results.forms import ShareForm
from scoring.forms import version_field

HUGE = "9" * 20
PLACEHOLDER = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")
NUMERIC = (IdConverter, YearConverter, IntConverter)


def _patterns(resolver: URLResolver, prefix: str = "", converters: dict | None = None):
    """(route, converters by argument name) of every URL pattern outside the admin."""
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        found = {**(converters or {}), **pattern.pattern.converters}
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                yield from _patterns(pattern, route, found)
        elif isinstance(pattern, URLPattern):
            yield route, found


def _numeric_routes() -> list[tuple[str, dict]]:
    return [
        (route, convs)
        for route, convs in _patterns(get_resolver())
        if any(isinstance(c, NUMERIC) for c in convs.values())
    ]


def _urls_with_one_huge_argument(route: str, converters: dict) -> list[str]:
    """One URL per numeric argument of `route`: that argument 20 digits long, the others real."""
    numeric = [name for name, conv in converters.items() if isinstance(conv, NUMERIC)]
    urls = []
    for huge in numeric:

        def fill(match, huge=huge):
            name = match["name"]
            if name == huge:
                return HUGE
            return "2025" if isinstance(converters.get(name), YearConverter) else "1"

        urls.append("/" + PLACEHOLDER.sub(fill, route))
    return urls


ROUTES = _numeric_routes()


def test_the_urlconf_has_numeric_routes():
    assert len(ROUTES) > 20


def test_every_numeric_argument_is_bounded():
    """No `<int:…>` left: every number in a URL is an `id` or a `year`."""
    unbounded = [
        f"{route} ({name})"
        for route, converters in ROUTES
        for name, conv in converters.items()
        if isinstance(conv, IntConverter)
    ]
    assert not unbounded, unbounded
    assert not IdConverter().regex.startswith("[0-9]+")
    assert int("9" * 18) < 2**63  # the longest id the converter lets through fits


@pytest.mark.parametrize("persona", ["superuser", "anonymous"])
def test_a_20_digit_number_is_a_404(world, clients, persona):
    client = clients[persona]
    client.raise_request_exception = False
    for route, converters in ROUTES:
        for url in _urls_with_one_huge_argument(route, converters):
            assert client.get(url).status_code == 404, url
            assert client.post(url, {"version": HUGE}).status_code == 404, url


def test_the_admin_change_page_of_a_20_digit_id_is_not_an_error(world, clients):
    client = clients["superuser"]
    client.raise_request_exception = False
    for model in admin.site._registry:
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[HUGE])
        response = client.get(url)
        # Django's admin answers a missing object by a redirect to the list, with a message.
        assert response.status_code in (302, 404), (url, response.status_code)


def test_a_huge_id_in_the_adoption_form_is_a_field_error():
    form = AdoptionForm(
        {"campaign": str(2**63), "unit": str(2**63), "mode": "", "integrated_into": str(2**63)}
    )
    assert not form.is_valid()
    assert {"campaign", "unit", "integrated_into"} <= set(form.errors)
    fine = AdoptionForm({"campaign": str(2**63 - 1), "mode": ""})
    assert fine.is_valid(), fine.errors


def test_a_huge_objection_window_is_a_field_error():
    form = ShareForm({"objection_days": str(2**63)})
    assert not form.is_valid()
    assert "objection_days" in form.errors


def test_a_huge_sheet_version_is_a_field_error():
    field = version_field()
    with pytest.raises(ValidationError) as error:
        field.clean(str(2**63))
    assert error.value.error_list[0].code == "max_value"
