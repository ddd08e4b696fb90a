"""The demo's facts and inventions as data: units, the 2018 scale, scores, movements, logins.

Where each figure comes from is told in `demo/loader.py`.
"""

from blocks.models import Unit
from campaigns.models import Campaign

DEMO_PASSWORD = "ThiDua@2018"

KTKT_UNITS = [
    # name, short name, kind
    ("Ban Quản lý Khu kinh tế tỉnh", "BQL KKT", Unit.Kind.BOARD),
    ("Sở Xây dựng", "SXD", Unit.Kind.DEPARTMENT),
    ("Sở Giao thông vận tải", "SGTVT", Unit.Kind.DEPARTMENT),
    ("Sở Tài nguyên và Môi trường", "STNMT", Unit.Kind.DEPARTMENT),
    ("Sở Công thương", "SCT", Unit.Kind.DEPARTMENT),
    ("Sở Thông tin và Truyền thông", "STTTT", Unit.Kind.DEPARTMENT),
    ("Sở Khoa học và Công nghệ", "SKHCN", Unit.Kind.DEPARTMENT),
    ("Sở Nông nghiệp và Phát triển nông thôn", "SNNPTNT", Unit.Kind.DEPARTMENT),
]

# code, title, points: the 8-criterion, 100-point shape of a published HCMC table.
SCALE_2018 = [
    ("1", "Tổ chức hoạt động của Khối, đăng ký thi đua đúng thời gian quy định", "10"),
    ("2", "Thực hiện giao ước thi đua và các hoạt động chung của Khối", "10"),
    (
        "3",
        "Kế hoạch phát động phong trào thi đua, đợt thi đua; tổ chức hội nghị sơ kết, tổng kết",
        "20",
    ),
    ("4", "Công tác kiểm tra, tự kiểm tra phong trào thi đua", "10"),
    ("5", "Báo cáo đầy đủ, đúng thời gian quy định", "10"),
    ("6", "Xây dựng, nhân rộng điển hình tiên tiến, mô hình hay", "10"),
    ("7", "Công tác khen thưởng đúng quy định, kịp thời", "20"),
    ("8", "Cải cách hành chính và ứng dụng công nghệ thông tin", "10"),
]
BONUS_DEDUCTION_2018 = [
    # code, title, kind, cap, per occurrence
    ("T1", "Được cấp trên khen thưởng (Cờ thi đua, Bằng khen) trong năm", "bonus", "10", "5"),
    ("T2", "Thực hiện nhiệm vụ Khối trưởng, Khối phó", "bonus", "3", None),
    ("D1", "Nộp báo cáo trễ hạn (mỗi lần)", "deduction", "5", "1"),
]

# Invented 2018 points (final, after review) per unit, criteria 1-8, then T1, T2, D1.
# They reproduce the published order: Sở Công thương, Sở Khoa học và Công nghệ, Sở Xây dựng.
SCORES_2018 = {
    "Sở Công thương": (["10", "10", "19", "10", "9.5", "10", "19", "9.5"], ["10", "0", "0"]),
    "Sở Khoa học và Công nghệ": (
        ["10", "9.5", "18.5", "9.5", "9.5", "9.5", "19", "10"],
        ["0", "0", "0"],
    ),
    "Sở Xây dựng": (["9.5", "9.5", "18", "9.5", "9", "9", "18.5", "9.5"], ["0", "0", "0"]),
    "Sở Nông nghiệp và Phát triển nông thôn": (
        ["9", "9", "18", "9", "8.5", "8.5", "18", "9"],
        ["0", "3", "0"],
    ),
    "Ban Quản lý Khu kinh tế tỉnh": (
        ["9", "9", "17.5", "9", "8.5", "8.5", "17.5", "9"],
        ["0", "2", "0"],
    ),
    "Sở Thông tin và Truyền thông": (
        ["9", "8.5", "17.5", "8.5", "8.5", "8.5", "17", "9.5"],
        ["0", "0", "0"],
    ),
    "Sở Giao thông vận tải": (["9", "8.5", "17", "9", "8", "8.5", "17.5", "9"], ["0", "0", "1"]),
    "Sở Tài nguyên và Môi trường": (
        ["8.5", "9", "17", "8.5", "8.5", "8", "17", "8.5"],
        ["0", "0", "0"],
    ),
}
# Where the leader's review changed a unit's own figure, with the reason it gave.
REVIEW_CHANGES_2018 = {
    ("Sở Xây dựng", "3"): ("19", "Chưa có biên bản hội nghị sơ kết 6 tháng kèm theo."),
    ("Sở Giao thông vận tải", "5"): ("9", "Báo cáo quý III nộp trễ 5 ngày."),
    ("Sở Tài nguyên và Môi trường", "6"): ("9", "Mô hình đăng ký chưa được nhân rộng."),
}

OUTSIDE_MOVEMENTS = [
    # name, level, theme, launched by
    (
        "Chung tay vì người nghèo – Không để ai bị bỏ lại phía sau",
        Campaign.Level.CENTRAL,
        "",
        "Thủ tướng Chính phủ",
    ),
    (
        "Doanh nghiệp Việt Nam hội nhập và phát triển",
        Campaign.Level.CENTRAL,
        "",
        "Thủ tướng Chính phủ",
    ),
    (
        "Tây Ninh chung sức xây dựng nông thôn mới",
        Campaign.Level.PROVINCIAL,
        "Gắn với cuộc vận động “Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh”",
        "UBND tỉnh Tây Ninh",
    ),
]

SYNTHETIC_UNITS = [
    ("Sở Giáo dục và Đào tạo", "SGDĐT", Unit.Kind.DEPARTMENT),
    ("Sở Y tế", "SYT", Unit.Kind.DEPARTMENT),
    ("Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL", Unit.Kind.DEPARTMENT),
    ("Sở Lao động - Thương binh và Xã hội", "SLĐTBXH", Unit.Kind.DEPARTMENT),
    ("Đài Phát thanh và Truyền hình tỉnh", "Đài PT-TH", Unit.Kind.OTHER),
]

DEMO_USERS = [
    # username, full name, role description, attributes
    ("admin", "Quản trị hệ thống", "superuser", {}),
    ("bantdkt", "Nguyễn Thị Thủy", "board staff (Ban Thi đua - Khen thưởng tỉnh Tây Ninh)", {}),
    ("khoitruong", "Trần Văn Minh", "leader-unit officer (Ban Quản lý Khu kinh tế tỉnh)", {}),
    ("thanhvien", "Lê Thị Hoa", "member-unit officer (Sở Công thương)", {}),
    ("hoidong", "Phạm Quốc Hùng", "council member (Khối Kinh tế - Kỹ thuật)", {}),
]
