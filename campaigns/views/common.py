"""Small helpers shared by the views of this app."""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from blocks import access as blocks_access
from campaigns import access
from emulation.forms import FORM_ERROR_STATUS


def term_url(name: str, term, *args) -> str:
    """The URL of one of this app's pages of a block-year."""
    return reverse(name, args=[term.block_id, term.year, *args])


def draft_for_manager(request, pk, year) -> tuple:
    """The year (leader or board only) and its latest scale version, for the editor's actions."""
    term = blocks_access.get_term_for_manager(request, pk, year)
    return term, access.get_scale(term)


def back_to_scale(term) -> HttpResponse:
    return redirect(term_url("campaigns:scale_editor", term))


def form_page(request, template: str, context: dict) -> HttpResponse:
    """A page with a form (`context["form"]`): answered with `FORM_ERROR_STATUS` when the form
    shows errors, as every app answers a refused form."""
    form = context["form"]
    status = FORM_ERROR_STATUS if form.is_bound and form.errors else 200
    return render(request, template, context, status=status)
