"""Vietnamese alphabetical order for every name people see.

Python's `sorted()` compares code points: every name beginning with "Đ" comes after "Z", and
"Sở Thông tin" before "Sở Tài nguyên" (the tone mark of "à" is a later code point than "h").
Vietnamese order compares the letters first (a < ă < â < b < c < d < đ < e < ê < … < o < ô <
ơ < … < u < ư …) and the tones only to break ties. ICU's collator for `vi` knows this.

Names of Vietnamese units are Vietnamese whatever language the page is shown in, so the order
is always Vietnamese.
"""

import threading
from collections.abc import Callable, Iterable
from operator import attrgetter
from typing import TypeVar

import icu

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
