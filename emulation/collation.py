"""Vietnamese alphabetical order for every name people see.

Python's `sorted()` compares code points: every name beginning with "Đ" comes after "Z", and
"Sở Thông tin" before "Sở Tài nguyên" (the tone mark of "à" is a later code point than "h").
Vietnamese order compares the letters first (a < ă < â < b < c < d < đ < e < ê < … < o < ô <
ơ < … < u < ư …) and the tones only to break ties. ICU's collator for `vi` knows this.

Names of Vietnamese units are Vietnamese whatever language the page is shown in, so the order
is always Vietnamese.

Two ways to use it:

- in Python, `sorted_vi(items, key=...)` for lists a page has already loaded;
- in SQL, `vi("name")` in an `order_by()` (or an admin's `ordering`), where the database must
  sort because it paginates: the column `COLLATE "vi-x-icu"`. PostgreSQL built with ICU (Debian's
  is) ships that collation; on SQLite the project registers a collation of the same name on
  every connection (`install_sqlite_collation`), backed by the same ICU collator, so one
  expression sorts alike on both databases.
"""

import threading
from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import TypeVar

import icu
from django.db.models import F
from django.db.models.functions import Collate

T = TypeVar("T")

_local = threading.local()


def _collator() -> icu.Collator:
    # ICU collators are not meant to be shared between threads: one per thread.
    collator = getattr(_local, "collator", None)
    if collator is None:
        collator = _local.collator = icu.Collator.createInstance(icu.Locale("vi_VN"))
    return collator


def sort_key(text: str) -> bytes:
    """The key that puts `text` in Vietnamese alphabetical order."""
    return _collator().getSortKey(text or "")


def sorted_vi(items: Iterable[T], key: Callable[[T], str] = attrgetter("name")) -> list[T]:
    """`items` in Vietnamese order of `key(item)` (by default the item's `name`)."""
    return sorted(items, key=lambda item: sort_key(key(item)))


# PostgreSQL's name for ICU's Vietnamese collation; SQLite gets one of the same name.
COLLATION = "vi-x-icu"


def vi(field: str) -> Collate:
    """`field` (a name, lookups allowed: "unit__name") for `order_by` in Vietnamese order;
    `vi("name").desc()` for the other way."""
    return Collate(F(field), COLLATION)


def _compare(a: str, b: str) -> int:
    key_a, key_b = sort_key(a), sort_key(b)
    return (key_a > key_b) - (key_a < key_b)


def install_sqlite_collation(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: SQLite learns the collation `vi()` asks for."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, _compare)
