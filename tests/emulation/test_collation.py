"""Vietnamese order: letters first (Đ after D, Ư after U, Ơ after Ô), tones only to break ties."""

import threading
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from emulation.collation import sort_key, sorted_vi

# The order a Vietnamese reader expects, written out by hand.
EXPECTED = [
    "Ban Quản lý Khu kinh tế tỉnh",
    "Đài Phát thanh và Truyền hình",
    "Sở Anh",
    "Sở Âm nhạc",
    "Sở Dân tộc",
    "Sở Đổi mới",
    "Sở Ô tô",
    "Sở Ơn",
    "Sở Tài nguyên và Môi trường",
    "Sở Thông tin và Truyền thông",
    "Sở Tư pháp",
    "Sở Uy tín",
    "Sở Ưu tiên",
    "Ủy ban Mặt trận",
]


def test_names_sort_in_vietnamese_order():
    shuffled = sorted(EXPECTED, key=lambda s: s[::-1])
    units = [SimpleNamespace(name=n) for n in shuffled]
    assert [u.name for u in sorted_vi(units)] == EXPECTED


def test_code_point_order_gets_it_wrong():
    """What this module is for: Python's own order puts Đ after every Latin letter."""
    assert sorted(EXPECTED) != EXPECTED
    assert sorted(EXPECTED)[-1].startswith(("Đ", "Ủ"))


def test_tones_break_ties_only():
    assert sorted_vi(["ma", "mà", "má", "mạ", "mả", "mã"], key=str)[0] == "ma"
    assert sort_key("Sở Tài") < sort_key("Sở Thông")


def test_empty_names_sort_first():
    assert sorted_vi(["b", "", "a"], key=str) == ["", "a", "b"]


@given(st.lists(st.text(alphabet="aăâbdđeêoôơuưAĂÂBDĐEÊOÔƠUƯ àáạ", max_size=8), max_size=12))
def test_order_is_total_and_stable(words):
    once = sorted_vi(words, key=str)
    assert sorted_vi(once, key=str) == once
    assert sorted(once) == sorted(words)


def test_threads_each_get_a_working_collator():
    results = []

    def work():
        results.append(sorted_vi(list(reversed(EXPECTED)), key=str))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [EXPECTED] * 8
