"""Accounts managed by the board: create, deactivate, reset, import; audit; query counts."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts import services
from accounts.models import User
from audit.models import AuditEntry
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def _board_client(client, world):
    client.force_login(world.users["board"])
    return client


def test_board_creates_an_officer_and_sees_the_password_once(client, world):
    _board_client(client, world)
    response = client.post(
        reverse("accounts:account_create", args=[world.province.pk]),
        {"username": "moi", "full_name": "Người Mới", "unit": world.member_unit.pk},
        follow=True,
    )
    assert response.status_code == 200
    user = User.objects.get(username="moi")
    password = response.context["rows"][0]["password"]
    assert user.check_password(password)
    assert user.must_change_password
    assert user.unit == world.member_unit
    entry = AuditEntry.objects.get(action="accounts.user.created")
    assert entry.actor == world.users["board"] and entry.object_id == str(user.pk)
    # The new officer signs in and is sent to change the password first.
    client.logout()
    client.post(reverse("accounts:login"), {"username": "moi", "password": password})
    assert client.get(reverse("portal:home")).url == reverse("accounts:password_change")


def test_create_a_council_member_with_blocks(client, world):
    _board_client(client, world)
    client.post(
        reverse("accounts:account_create", args=[world.province.pk]),
        {"username": "hd", "full_name": "Hội Đồng", "council_blocks": [world.block.pk]},
    )
    assert list(User.objects.get(username="hd").council_blocks.all()) == [world.block]


@pytest.mark.parametrize(
    "extra",
    [{}, {"unit": "UNIT", "council_blocks": ["BLOCK"]}],
    ids=["neither", "both"],
)
def test_create_refuses_neither_or_both(client, world, extra):
    _board_client(client, world)
    data = {"username": "x1", "full_name": "X"}
    if extra:
        data.update(unit=world.member_unit.pk, council_blocks=[world.block.pk])
    response = client.post(reverse("accounts:account_create", args=[world.province.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not User.objects.filter(username="x1").exists()
    assert not AuditEntry.objects.filter(action="accounts.user.created").exists()


def test_service_refuses_a_unit_of_another_province(world):
    unit = UnitFactory()
    with pytest.raises(ValidationError) as exc:
        services.account_create(
            actor=world.users["board"],
            province=world.province,
            data=services.AccountData(username="z", full_name="Z", unit=unit),
        )
    assert exc.value.code == "wrong_province"
    assert not User.objects.filter(username="z").exists()


def test_duplicate_username_is_a_form_error(client, world):
    _board_client(client, world)
    response = client.post(
        reverse("accounts:account_create", args=[world.province.pk]),
        {"username": "member", "full_name": "X", "unit": world.member_unit.pk},
    )
    assert response.status_code == 200
    assert response.context["form"].errors


def test_deactivate_keeps_the_account_and_its_name(client, world):
    _board_client(client, world)
    member = world.users["member"]
    response = client.post(
        reverse("accounts:account_deactivate", args=[world.province.pk, member.pk])
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.is_active and member.full_name == member.full_name
    assert AuditEntry.objects.filter(action="accounts.user.deactivated").count() == 1
    # A second time is refused with a message, nothing more logged.
    client.post(reverse("accounts:account_deactivate", args=[world.province.pk, member.pk]))
    assert AuditEntry.objects.filter(action="accounts.user.deactivated").count() == 1


def test_reset_password_forces_a_change(client, world):
    _board_client(client, world)
    member = world.users["member"]
    response = client.post(
        reverse("accounts:account_reset_password", args=[world.province.pk, member.pk]),
        follow=True,
    )
    member.refresh_from_db()
    assert member.check_password(response.context["rows"][0]["password"])
    assert member.must_change_password
    assert AuditEntry.objects.filter(action="accounts.user.password_reset").count() == 1


def test_refreshing_the_reset_page_neither_resets_again_nor_shows_the_password(client, world):
    """POST, redirect, GET: a browser refresh repeats the GET, never the reset."""
    _board_client(client, world)
    member = world.users["member"]
    reset = reverse("accounts:account_reset_password", args=[world.province.pk, member.pk])
    shown_at = reverse("accounts:account_passwords", args=[world.province.pk])
    response = client.post(reset)
    assert response.status_code == 302 and response.url == shown_at
    page = client.get(shown_at)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    password = page.context["rows"][0]["password"]
    assert password in page.text
    member.refresh_from_db()
    assert member.check_password(password)

    again = client.get(shown_at)  # the refresh
    assert again.status_code == 302
    assert again.url == reverse("accounts:account_list", args=[world.province.pk])
    assert password not in client.get(again.url).text
    member.refresh_from_db()
    assert member.check_password(password)  # not reset a second time
    assert AuditEntry.objects.filter(action="accounts.user.password_reset").count() == 1
    assert "accounts.one_time_passwords" not in client.session


def test_passwords_of_one_province_are_not_shown_under_another(client, world):
    from accounts.manage_views import PASSWORDS_KEY

    _board_client(client, world)
    session = client.session
    session[PASSWORDS_KEY] = {"province": world.province.pk + 1000, "title": "x", "rows": []}
    session.save()
    shown_at = reverse("accounts:account_passwords", args=[world.province.pk])
    assert client.get(shown_at).status_code == 302


def test_board_of_another_province_gets_404(client, world):
    client.force_login(UserFactory(username="other", board_province=UnitFactory().province))
    assert client.get(reverse("accounts:account_list", args=[world.province.pk])).status_code == 404


def _workbook(rows, header=None):
    from accounts.imports import COLUMNS

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header or COLUMNS))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "accounts.xlsx"
    return buffer


def _import(client, world, rows, **kwargs):
    return client.post(
        reverse("accounts:account_import", args=[world.province.pk]),
        {"file": _workbook(rows, **kwargs)},
    )


def test_import_creates_every_row(client, world):
    _board_client(client, world)
    response = _import(
        client,
        world,
        [
            ["a1", "Một", "", "", "", world.member_unit.name, ""],
            ["a2", "Hai", "", "", "", "", world.block.name],
        ],
    )
    assert response.status_code == 302
    response = client.get(response.url)
    assert len(response.context["rows"]) == 2
    assert User.objects.get(username="a1").must_change_password
    assert list(User.objects.get(username="a2").council_blocks.all()) == [world.block]
    assert AuditEntry.objects.filter(action="accounts.user.imported").count() == 2


@pytest.mark.parametrize(
    "bad_row",
    [
        ["a2", "Hai", "", "", "", "Không có đơn vị này", ""],
        ["a2", "Hai", "", "", "", "", ""],
        ["a1", "Trùng", "", "", "", "UNIT", ""],
        ["member", "Đã có", "", "", "", "UNIT", ""],
        ["a2", "Hai", "không-phải-email", "", "", "UNIT", ""],
    ],
    ids=["unknown unit", "no scope", "repeated", "existing", "bad email"],
)
def test_import_is_all_or_nothing_with_row_errors(client, world, bad_row):
    _board_client(client, world)
    bad_row = [world.member_unit.name if v == "UNIT" else v for v in bad_row]
    before = User.objects.count()
    response = _import(
        client, world, [["a1", "Một", "", "", "", world.member_unit.name, ""], bad_row]
    )
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert any("3" in e for e in errors)  # the row number of the wrong row
    assert User.objects.count() == before
    assert not AuditEntry.objects.filter(action="accounts.user.imported").exists()


def test_import_refuses_a_file_that_is_not_xlsx(client, world):
    _board_client(client, world)
    upload = io.BytesIO(b"%PDF-1.4 not a workbook")
    upload.name = "x.xlsx"
    response = client.post(
        reverse("accounts:account_import", args=[world.province.pk]), {"file": upload}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_import_refuses_a_wrong_header(client, world):
    _board_client(client, world)
    response = _import(client, world, [["a1"]], header=["name"])
    assert response.context["form"].non_field_errors()


def test_template_downloads_and_reads_back(client, world):
    _board_client(client, world)
    response = client.get(reverse("accounts:account_import_template", args=[world.province.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "username"


@pytest.mark.parametrize("extra", [0, 5])
def test_account_list_query_count(client, world, django_assert_num_queries, extra):
    for i in range(extra):
        UserFactory(username=f"extra{i}", unit=world.member_unit).council_blocks.add(world.block)
    _board_client(client, world)
    # session, user, province, accounts, their council blocks (prefetch), the layout's
    # user.board_province.
    with django_assert_num_queries(6):
        response = client.get(reverse("accounts:account_list", args=[world.province.pk]))
    assert response.status_code == 200
