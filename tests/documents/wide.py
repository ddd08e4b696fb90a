"""A ranking table of any width, for rendering documents without scoring a whole scale."""

from decimal import Decimal

from results.selectors import RankingPage

LONG_NAMES = [
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Đài Phát thanh và Truyền hình tỉnh",
    "Ban Quản lý các khu công nghiệp và khu kinh tế cửa khẩu",
    "Sở Khoa học và Công nghệ",
    "Sở Tài nguyên và Môi trường",
    "Sở Giao thông vận tải",
    "Trung tâm Xúc tiến đầu tư, thương mại và du lịch",
    "Sở Thông tin và Truyền thông",
]
CLASSES = ["Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ"]


def wide_table(criteria_count: int, *, group_size: int = 5) -> dict:
    """`criteria_count` scored criteria in groups of `group_size`, a bonus and a deduction item,
    and eight units with long names; each unit loses one point ("−1") on the deduction item."""
    criteria = []
    for index in range(criteria_count):
        group = f"G{index // group_size + 1}"
        if index % group_size == 0:
            title = f"Nhóm tiêu chí {group}: công tác chuyên môn và phong trào thi đua"
            criteria.append(
                {
                    "code": group,
                    "title": title,
                    "kind": "group",
                    "parent": None,
                    "max_points": Decimal("0"),
                }
            )
        criteria.append(
            {
                "code": f"{index + 1}",
                "title": f"Tiêu chí số {index + 1} về thực hiện nhiệm vụ",
                "kind": "scored",
                "parent": group,
                "max_points": Decimal("10"),
            }
        )
    criteria.append(
        {
            "code": "T1",
            "title": "Điểm thưởng",
            "kind": "bonus",
            "parent": None,
            "max_points": Decimal("5"),
        }
    )
    criteria.append(
        {
            "code": "D1",
            "title": "Điểm trừ",
            "kind": "deduction",
            "parent": None,
            "max_points": Decimal("5"),
        }
    )
    rows = []
    for rank, name in enumerate(LONG_NAMES, start=1):
        points = {
            c["code"]: Decimal("9.5") if rank % 2 else Decimal("10")
            for c in criteria
            if c["kind"] == "scored"
        }
        base = sum(points.values(), Decimal("0"))
        points["T1"], points["D1"] = Decimal("2"), Decimal("1")
        rows.append(
            {
                "rank": rank,
                "shared": False,
                "unit_id": 1000 + rank,
                "unit_name": name,
                "base": base,
                "bonus": Decimal("2"),
                "deduction": Decimal("1"),
                "total": base + 2 - 1 - rank,
                "points": points,
                "tie_note": "",
                "classification": CLASSES[rank > 4],
                "passed_over_note": "",
                "leading": rank == 1,
            }
        )
    return {"criteria": criteria, "rows": rows, "nominal_total": str(10 * criteria_count)}


def wide_page(term, criteria_count: int) -> RankingPage:
    return RankingPage(term, None, [], wide_table(criteria_count), [])
