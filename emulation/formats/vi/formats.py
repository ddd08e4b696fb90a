"""Vietnamese formats. Django's own `vi` locale has no input formats and no digit grouping.

Vietnamese writes 26/11/2026 and 1.234,5: day first, a dot between thousands, a comma before
decimals. Input accepts both a comma and a dot as the decimal mark for scores (see
`scoring.fields.LocalizedDecimalField`).
"""

DATE_FORMAT = "d/m/Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "H:i d/m/Y"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # '26/11/2026'
    "%d/%m/%y",  # '26/11/26'
    "%d-%m-%Y",  # '26-11-2026'
    "%d.%m.%Y",  # '26.11.2026'
    "%Y-%m-%d",  # '2026-11-26' (what <input type=date> sends)
]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H:%M:%S.%f"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%H:%M %d/%m/%Y",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",  # what <input type=datetime-local> sends
    "%Y-%m-%d",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
