"""The block-year's header, tabs and breadcrumbs are written in Python
(`blocks.templatetags.chrome`): the markup must be exactly what the templates they replace wrote
(kept in `tests/blocks/chrome_old/`), for every persona, tab, optional part, both languages, and
names that need escaping."""

from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Engine, Template
from django.test import RequestFactory
from django.utils import translation
from django.utils.safestring import mark_safe

from blocks.access import _term_queryset

OLD = Path(__file__).with_name("chrome_old")
NEW = Path(__file__).resolve().parents[2] / "templates"
TABS = [
    "ranking",
    "campaigns",
    "pact",
    "registrations",
    "scale",
    "scoring",
    "review",
    "results",
    "awards",
    "leadership",
    "conference",
]


def _render(folder: Path, name: str, term, user, **extra) -> str:
    source = (folder / f"_term_{name}.html").read_text(encoding="utf-8")
    template = Template(source, engine=Engine.get_default())
    request = RequestFactory().get("/")
    request.user = user
    return template.render(Context({"term": term, "request": request, **extra}))


def _both(name, term, user, **extra):
    return _render(OLD, name, term, user, **extra), _render(NEW, name, term, user, **extra)


def _term(world):
    return _term_queryset().get(pk=world.term.pk)


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(
    "persona", ["anonymous", "outsider", "member", "deputy", "leader", "board", "council"]
)
def test_tabs_as_the_template_wrote_them(world, persona, language):
    user = AnonymousUser() if persona == "anonymous" else world.users[persona]
    term = _term(world)
    with translation.override(language):
        for active in [*TABS, "", "nothing"]:
            old, new = _both("tabs", term, user, active_tab=active)
            assert new == old


@pytest.mark.parametrize("language", ["vi", "en"])
def test_header_as_the_template_wrote_it(world, language):
    term = _term(world)
    term.block.name = 'Khối <"A"> & co'
    term.block.province.name = "Tây <Ninh>"
    term.leader.name = "Sở <b>1</b>"
    user = world.users["leader"]
    cases = [
        {"title": "Chấm điểm <i>"},
        {"title": mark_safe("<em>ok</em>")},
        {},
        {"title": "T", "leader_name": "Tên <cũ>", "deputy_name": "Phó & co"},
        {"title": "T", "leader_name": "", "deputy_name": None},
    ]
    with translation.override(language):
        for extra in cases:
            old, new = _both("header", term, user, **extra)
            assert new == old
        term.deputy = None
        term.deputy_id = None
        for extra in cases:
            old, new = _both("header", term, user, **extra)
            assert new == old


@pytest.mark.parametrize("language", ["vi", "en"])
def test_crumbs_as_the_template_wrote_them(world, language):
    term = _term(world)
    term.block.name = 'Khối <"A"> & co'
    term.block.province.name = "Tây <Ninh>"
    user = world.users["member"]
    cases = [
        {},
        {"current": ""},
        {"current": "Chấm điểm <1>"},
        {"current": mark_safe("<b>safe</b>")},
        {"current": 12345},
        {"current": "Import", "parent": "Thang <điểm>", "parent_url": "/x/?a=1&b=2"},
        {"current": "Import", "parent": "", "parent_url": "/x/"},
    ]
    with translation.override(language):
        for extra in cases:
            old, new = _both("crumbs", term, user, **extra)
            assert new == old


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(
    "persona", ["outsider", "member", "leader", "board", "council", "superuser", "staff"]
)
def test_user_menu_as_the_template_wrote_it(world, persona, language):
    if persona == "staff":
        user = world.users["board"]
        user.is_staff = True
    else:
        user = world.users[persona]
    user.full_name = 'Nguyễn <Văn> & "A"'
    if user.unit:
        user.unit.name = "Sở <Nội vụ> & co"
    if user.board_province:
        user.board_province.name = "Tây <Ninh>"
    old = Template("{% load i18n %}" + (OLD / "user_menu.html").read_text(encoding="utf-8"))
    new = Template("{% load chrome %}{% user_menu %}")
    context = {"user": user, "csrf_token": "tok<en>"}
    with translation.override(language):
        assert new.render(Context(context)) == old.render(Context(context))


@pytest.mark.parametrize(
    "name,args",
    [
        ("portal:home", ()),
        ("set_language", ()),
        ("accounts:otp_setup", ()),
        ("portal:province_detail", (7,)),
        ("portal:unit_detail", (987654321012345678,)),
        ("portal:block_detail", (78,)),
        ("scoring:review", (1, 2024)),
        ("scoring:review", (7, 7777)),
        ("scoring:review", (88, 8888)),
        ("scoring:review", (789, 2025)),
        ("conference:index", (12345, 1999)),
        ("awards:term", (0, 2025)),
    ],
)
def test_cached_reverse_is_django_s(name, args):
    from django.urls import reverse as django_reverse

    from blocks.templatetags.chrome import reverse

    for _ in range(2):  # reversed, then from the cache
        assert reverse(name, args=args) == django_reverse(name, args=args)


@pytest.mark.parametrize(
    "name,args",
    [
        ("scoring:evidence", (1, 2025, 33)),
        ("scoring:score_history", (7, 7777, 5)),
        ("scoring:evidence_remove", (123456, 2025, 987654321)),
        ("scoring:query_raise", (5, 5555, 55)),
    ],
)
def test_a_url_around_a_row_key_is_django_s(name, args):
    from django.urls import reverse as django_reverse

    from blocks.templatetags.chrome import url_around_key

    for _ in range(2):  # reversed, then from the cache
        before, after = url_around_key(name, args)
        for pk in (1, 42, 2147483646, 987654321012345678):
            assert f"{before}{pk}{after}" == django_reverse(name, args=[*args, pk])


def test_cached_reverse_follows_the_script_prefix():
    from django.urls import get_script_prefix, set_script_prefix
    from django.urls import reverse as django_reverse

    from blocks.templatetags.chrome import reverse

    before = get_script_prefix()
    try:
        for prefix in ("/", "/thidua7/", "/8/"):
            set_script_prefix(prefix)
            for args in [(1, 2024), (7, 8888), (123, 2025)]:
                assert reverse("scoring:review", args=args) == django_reverse(
                    "scoring:review", args=args
                )
    finally:
        set_script_prefix(before)


def test_cached_reverse_refuses_what_django_refuses():
    from django.urls import NoReverseMatch

    from blocks.templatetags.chrome import reverse

    with pytest.raises(NoReverseMatch):
        reverse("scoring:review", args=(1, 20245))
    with pytest.raises(NoReverseMatch):
        reverse("scoring:review", args=(1,))


@pytest.mark.parametrize("debug", [False, True])
def test_cached_static_is_django_s(settings, debug):
    """`{% chrome_static %}` writes what `{% static %}` writes, from a cache that follows the
    settings (here DEBUG and STATIC_URL) and the script prefix."""
    from django.urls import get_script_prefix, set_script_prefix

    settings.DEBUG = debug
    paths = ["css/thidua.css", "img/star.svg", "js/limits.js", "a b/<c>&d.css"]
    old = Template("{% load static %}" + "".join(f"[{{% static '{p}' %}}]" for p in paths))
    new = Template("{% load chrome %}" + "".join(f"[{{% chrome_static '{p}' %}}]" for p in paths))
    before = get_script_prefix()
    try:
        for prefix in ("/", "/thidua7/"):
            set_script_prefix(prefix)
            for _ in range(2):  # written, then from the cache
                assert new.render(Context()) == old.render(Context())
        settings.STATIC_URL = "/assets/"
        assert new.render(Context()) == old.render(Context())
        assert "/assets/" in new.render(Context())
    finally:
        set_script_prefix(before)
