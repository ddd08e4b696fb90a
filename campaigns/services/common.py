"""Small pieces shared by the services of this app."""


def audit_value(value) -> str | None:
    """A JSON-safe value for the audit log (decimals and dates as strings)."""
    if value is None:
        return None
    if isinstance(value, bool | int | str):
        return value
    return str(value)
