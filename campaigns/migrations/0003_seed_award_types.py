"""Seed the usual award types (Luật Thi đua, khen thưởng 2022). The list stays editable in the
admin; this migration only adds rows that are missing."""

from django.db import migrations

AWARD_TYPES = [
    # code, name, level, requires leading unit, order
    ("co-ubnd-tinh", "Cờ thi đua của UBND tỉnh", "provincial", True, 10),
    ("bang-khen-chu-tich-ubnd-tinh", "Bằng khen của Chủ tịch UBND tỉnh", "provincial", False, 20),
    ("co-chinh-phu", "Cờ thi đua của Chính phủ", "government", True, 30),
    ("bang-khen-thu-tuong", "Bằng khen của Thủ tướng Chính phủ", "government", False, 40),
    ("tap-the-lao-dong-xuat-sac", "Tập thể lao động xuất sắc", "unit", False, 50),
    ("tap-the-lao-dong-tien-tien", "Tập thể lao động tiên tiến", "unit", False, 60),
]


def seed(apps, schema_editor):
    AwardType = apps.get_model("campaigns", "AwardType")
    for code, name, level, leading, order in AWARD_TYPES:
        AwardType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "level": level,
                "requires_leading_unit": leading,
                "order": order,
            },
        )


def unseed(apps, schema_editor):
    AwardType = apps.get_model("campaigns", "AwardType")
    AwardType.objects.filter(code__in=[row[0] for row in AWARD_TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0002_year_setup")]

    operations = [migrations.RunPython(seed, unseed)]
