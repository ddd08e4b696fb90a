"""The block-year's header, tabs and breadcrumbs, written in Python: `{% load chrome %}`.

Every block-year page shows them (`templates/_term_header.html`, `_term_tabs.html`,
`_term_crumbs.html` call these tags); as template markup they cost about 26 `{% url %}` and 34
`{% translate %}` nodes a page. The markup is exactly what those templates wrote, whitespace
included (`tests/blocks/test_chrome_markup.py` compares both). Each tag reads its parameters from
the context, as the include did: `current`, `parent`, `parent_url`, `title`, `leader_name`,
`deputy_name`, `active_tab`, and `term`.
"""

from django import template
from django.core.signals import setting_changed
from django.template.base import render_value_in_context
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext

register = template.Library()

# Reversed URLs as format strings, per script prefix, URLconf, name and the number of digits of
# each argument: `reverse` costs about 0.1 ms of CPU (namespaces, candidates, a regular
# expression, quoting) and the chrome asks for about 25 URLs a page. A URL is reversed once with
# placeholder numbers of the same lengths as the arguments (the id and year converters accept or
# refuse a number by its digits alone), then filled in.
_URLS: dict = {}
_DIGITS = "7895"  # placeholder digit of the 1st, 2nd, 3rd, 4th argument


def reverse(name: str, args: tuple = ()) -> str:
    """`django.urls.reverse(name, args=args)` for whole non-negative numbers, cached."""
    if len(args) > len(_DIGITS) or not all(type(arg) is int and arg >= 0 for arg in args):
        return django_reverse(name, args=args)
    texts = [str(arg) for arg in args]
    key = (get_script_prefix(), get_urlconf(), name, *map(len, texts))
    pattern = _URLS.get(key)
    if pattern is None:
        holders = [digit * len(text) for digit, text in zip(_DIGITS, texts, strict=False)]
        url = django_reverse(name, args=[int(holder) for holder in holders])
        pattern = url.replace("{", "{{").replace("}", "}}")
        if all(url.count(holder) == 1 for holder in holders):
            for index, holder in enumerate(holders):
                pattern = pattern.replace(holder, f"{{{index}}}")
        else:  # a placeholder also stands elsewhere in the URL: not cached
            pattern = False
        _URLS[key] = pattern
    if pattern is False:
        return django_reverse(name, args=args)
    return pattern.format(*texts)


def _forget_urls(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _URLS.clear()
    _STATIC.clear()


setting_changed.connect(_forget_urls)


# A primary key no row has: reversed in place of each row's own, then replaced.
_ROW_PLACEHOLDER = 2147483646


def url_around_key(name: str, args) -> tuple[str, str]:
    """The URL of `name` with `args` and then a row's primary key, split around that key and
    escaped: reversed once per page (through the cache above), then joined with each row's key
    (`before + pk + after`)."""
    url = reverse(name, args=(*args, _ROW_PLACEHOLDER))
    before, _, after = url.rpartition(str(_ROW_PLACEHOLDER))
    return conditional_escape(before), conditional_escape(after)


# Static files' URLs by script prefix and path: the storage's `url` (the manifest's hashed name,
# cleaning, joining, quoting) cost about 30 µs a file and a page links about nine. Forgotten
# when a setting changes (the storage, DEBUG or STATIC_URL in tests).
_STATIC: dict = {}


@register.simple_tag
def chrome_static(path: str) -> str:
    """`{% static path %}` (escaped as `{% static %}` escapes), once per path and process."""
    key = (get_script_prefix(), path)
    url = _STATIC.get(key)
    if url is None:
        url = _STATIC[key] = conditional_escape(static(path))
    return url


@register.simple_tag
def chrome_url(name: str, *args) -> str:
    """`{% url name %}` through the cache above (escaped as `{% url %}` escapes)."""
    return reverse(name, args=args)


def _text(value, context) -> str:
    """`{{ value }}` in the template: localized and escaped (unless already safe)."""
    return render_value_in_context(value, context)


@register.simple_tag(takes_context=True)
def term_crumbs(context) -> str:
    """After "Home": province › block › year › this page (see `_term_crumbs.html`)."""
    term = context["term"]
    block = term.block
    year = f"{term.year:d}"
    parts = [
        '\n<li class="breadcrumb-item"><a href="',
        conditional_escape(reverse("portal:province_detail", args=(block.province_id,))),
        '">',
        _text(block.province.name, context),
        '</a></li>\n<li class="breadcrumb-item"><a href="',
        conditional_escape(reverse("portal:block_detail", args=(term.block_id,))),
        '">',
        _text(block.name, context),
        "</a></li>\n",
    ]
    current = context.get("current", "")
    if current:
        url = reverse("portal:term_ranking", args=(term.block_id, term.year))
        parts += ['<li class="breadcrumb-item"><a href="', conditional_escape(url), '">']
        parts += [year, "</a></li>\n"]
        parent = context.get("parent", "")
        if parent:
            parts += ['<li class="breadcrumb-item"><a href="']
            parts += [_text(context.get("parent_url", ""), context), '">']
            parts += [_text(parent, context), "</a></li>"]
        parts += ['\n<li class="breadcrumb-item active" aria-current="page">']
        parts += [_text(current, context), "</li>\n"]
    else:
        parts += ['<li class="breadcrumb-item active" aria-current="page">', year, "</li>"]
    return mark_safe("".join(parts))  # every piece above is escaped or our own markup


def _unit_badge(role: str, label, unit_id: int, name, context) -> str:
    """The leader's or deputy's badge and link in the block-year header."""
    url = conditional_escape(reverse("portal:unit_detail", args=(unit_id,)))
    return (
        f'<div><span class="badge td-badge-{role}">{_text(label, context)}</span> '
        f'<a href="{url}">{_text(name, context)}</a></div>'
    )


@register.simple_tag(takes_context=True)
def term_header(context) -> str:
    """Block and year, the page title, leader and deputy, the status (`_term_header.html`)."""
    term = context["term"]
    block = term.block
    leader_name = context.get("leader_name", "") or term.leader.name
    parts = [
        '\n<p class="td-kicker mb-1">',
        _text(block.name, context),
        " · ",
        _text(block.province.name, context),
        f" · {term.year:d}</p>\n",
        '<h1 class="td-page-title h2">',
        _text(context.get("title", ""), context),
        '</h1>\n<div class="d-flex flex-wrap gap-3 mb-3 small" id="term-header">\n',
        "  ",
        _unit_badge("leader", gettext("Leader unit"), term.leader_id, leader_name, context),
        "\n  ",
    ]
    if term.deputy:
        deputy_name = context.get("deputy_name", "") or term.deputy.name
        parts.append(
            _unit_badge("deputy", gettext("Deputy unit"), term.deputy_id, deputy_name, context)
        )
    parts += [
        '\n  <div><span class="visually-hidden">',
        _text(gettext("Status"), context),
        ': </span><span class="badge text-bg-light border" id="term-status">',
        _text(term.get_status_display(), context),
        "</span></div>\n</div>",
    ]
    return mark_safe("".join(parts))  # every piece above is escaped or our own markup


def _tab(key, active_tab, url, label, extra="") -> str:
    if key == active_tab:
        head = '  <li class="nav-item"><a class="nav-link active" aria-current="page" href="'
    else:
        head = '  <li class="nav-item"><a class="nav-link "  href="'
    return f'{head}{conditional_escape(url)}"{extra}>{conditional_escape(label)}</a></li>'


@register.simple_tag(takes_context=True)
def term_tabs(context) -> str:
    """The block-year's sections (`_term_tabs.html`); a tab shows for those who may use it.

    Each app adds its own tab here; the pages check access themselves."""
    from blocks import access

    term = context["term"]
    active = context.get("active_tab", "")
    roles = access.roles_in(context["request"].user, term)
    args = (term.block_id, term.year)
    lines = [
        '\n\n<ul class="nav nav-tabs mb-4 d-print-none" id="term-tabs">',
        _tab("ranking", active, reverse("portal:term_ranking", args=args), gettext("Ranking")),
    ]
    if roles.read:
        lines += [
            "  \n  ",  # campaigns: year setup tabs
            _tab(
                "campaigns",
                active,
                reverse("campaigns:campaign_list", args=args),
                gettext("Movements"),
            ),
            _tab("pact", active, reverse("campaigns:pact_detail", args=args), gettext("Pact")),
            _tab(
                "registrations",
                active,
                reverse("campaigns:registration_list", args=args),
                gettext("Registrations"),
            ),
            _tab("scale", active, reverse("campaigns:scale_editor", args=args), gettext("Scale")),
            "  ",  # scoring: scoring tabs
            _tab("scoring", active, reverse("scoring:home", args=args), pgettext("tab", "Scoring")),
        ]
        review = ""
        if roles.oversee:
            review = _tab("review", active, reverse("scoring:review", args=args), gettext("Review"))
            review = review[2:]  # no indent: after `{% if %}` on its line
        lines += [
            "  " + review,
            "  ",  # results: publication tabs
            _tab(
                "results", active, reverse("results:workspace", args=args), gettext("Publication")
            ),
            "  ",  # awards: the year's award proposals
            _tab(
                "awards",
                active,
                reverse("awards:term", args=args),
                gettext("Awards"),
                ' id="awards-tab"',
            ),
            "  ",  # blocks: the year's leader, deputy and acting deputy
            _tab(
                "leadership",
                active,
                reverse("blocks:term_leadership", args=args),
                pgettext("tab", "Leadership"),
            ),
            "  ",  # conference: meetings, ballots, handover
            _tab(
                "conference", active, reverse("conference:index", args=args), gettext("Conference")
            ),
            "  ",
        ]
    else:
        lines.append("  ")
    lines.append("</ul>")
    return mark_safe("\n".join(lines))  # every piece above is escaped or our own markup


_MENU_ITEM = '              <li><a class="dropdown-item" href="{}">{}</a></li>'


@register.simple_tag(takes_context=True)
def user_menu(context) -> str:
    """The signed-in user's menu in the navigation bar (`templates/base.html`): who they are,
    their unit or board, their account pages, the audit trail, logging out."""
    from django.template.defaulttags import CsrfTokenNode

    user = context["user"]
    lines = [
        '<li class="nav-item dropdown">',
        '            <a class="nav-link dropdown-toggle" href="#" role="button" '
        'data-bs-toggle="dropdown" aria-expanded="false">'
        f"{_text(user.display_name, context)}</a>",
        '            <ul class="dropdown-menu dropdown-menu-end">',
    ]
    info = '<li><span class="dropdown-item-text small text-muted">{}</span></li>'
    unit = info.format(_text(user.unit, context)) if user.unit else ""
    lines.append("              " + unit)
    board = ""
    if user.board_province:
        province = _text(user.board_province, context)
        text = gettext("Emulation board, %(province)s") % {"province": province}
        board = info.format(text)
    lines.append("              " + board)

    def item(name, label, *args):
        url = conditional_escape(reverse(name, args=args))
        return _MENU_ITEM.format(url, _text(label, context))

    lines.append(item("accounts:password_change", gettext("Change password")))
    lines.append(item("accounts:otp_setup", gettext("Two-factor authentication")))
    accounts = ""
    if user.board_province_id:
        accounts = item("accounts:account_list", gettext("Accounts"), user.board_province_id)
    lines.append("              " + accounts.lstrip())
    audit = ""
    if user.board_province_id or user.unit_id or user.is_superuser:
        audit = item("audit:audit_list", gettext("Audit trail"))
    lines.append("              " + audit.lstrip())
    lines.append(item("accounts:notification_settings", gettext("E-mail notifications")))
    admin = item("admin:index", gettext("Administration")) if user.is_staff else ""
    lines.append("              " + admin.lstrip())
    lines += [
        '              <li><hr class="dropdown-divider"></li>',
        "              <li>",
        f'                <form action="{conditional_escape(reverse("accounts:logout"))}" '
        f'method="post">{CsrfTokenNode().render(context)}',
        '                  <button type="submit" class="dropdown-item">'
        + _text(gettext("Log out"), context)
        + "</button>",
        "                </form>",
        "              </li>",
        "            </ul>",
        "          </li>",
    ]
    return mark_safe("\n".join(lines))  # every piece above is escaped or our own markup
