"""Path converters bounded to what the database can hold.

Django's `int` converter accepts any number of digits; a 20-digit id then overflows SQLite's
64-bit INTEGER inside the query and the request fails with a server error. These converters
match only what a row can have, so a longer number is simply a page that does not exist (404),
on every database.
"""


class IdConverter:
    """A primary key: 1 to 18 digits, always below 2**63."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


class YearConverter(IdConverter):
    """A calendar year."""

    regex = "[0-9]{4}"
