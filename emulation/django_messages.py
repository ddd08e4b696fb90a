"""Django's own messages that read badly in its Vietnamese catalogue, restated here so that
`makemessages` keeps them in the project catalogue (`locale/vi/LC_MESSAGES/django.po`), which
`LOCALE_PATHS` puts before Django's. Nothing imports this module: the msgids are only here to be
collected, and they must stay exactly Django's (a test checks each one is translated by ours).

Examples of what they replace: "Nhập một số tổng thể." for a whole number; "lớn hơn hoặc bằng
với 0 ." with a stray space before the full stop.
"""

from django.utils.translation import gettext_noop

OVERRIDDEN = [
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a number."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop("The submitted file is empty."),
    gettext_noop("Enter a valid date/time."),
    gettext_noop("This field is required."),
]
