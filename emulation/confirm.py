"""Decisions that matter are confirmed before they act, with or without JavaScript (issue #10).

Closing a window early, returning a sheet, reopening it, sharing the provisional results and
publishing: the button's form posts to the view that acts, but without `confirmed=1` in the
POST the view does not act. It answers a confirmation page instead: what will happen (how many
sheets, who is told, what becomes read-only), the form again (a reason box stays editable), and
a button that posts the same form with `confirmed=1`. With JavaScript, `static/scoring/guard.js`
asks in a dialog first and adds `confirmed=1` itself, so one click goes straight through.
"""

from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRMED = "confirmed"


def is_confirmed(request: HttpRequest) -> bool:
    return request.POST.get(CONFIRMED) == "1"


@dataclass
class Confirmation:
    title: str  # the page's title: "Return the sheet"
    question: str  # "Return the sheet of Sở Tư pháp to the unit?"
    consequences: list[str]  # one sentence each, in the active language
    button: str  # "Return the sheet"
    cancel_url: str
    button_class: str = "btn-primary"
    skip_fields: list[str] = field(default_factory=list)  # fields the page does not repeat


def confirmation_page(
    request: HttpRequest,
    *,
    term,
    form,
    action: str,
    confirmation: Confirmation,
    multipart: bool = False,
    status: int = 200,
) -> HttpResponse:
    """The confirmation step: nothing has been written yet."""
    return render(
        request,
        "confirm.html",
        {
            "term": term,
            "form": form,
            "action": action,
            "confirmation": confirmation,
            "multipart": multipart,
        },
        status=status,
    )
