"""Small helpers shared by the views of this app."""

from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from blocks import access as blocks_access
from campaigns import access


def term_url(name: str, term, *args) -> str:
    """The URL of one of this app's pages of a block-year."""
    return reverse(name, args=[term.block_id, term.year, *args])


def draft_for_manager(request, pk, year) -> tuple:
    """The year (leader or board only) and its latest scale version, for the editor's actions."""
    term = blocks_access.get_term_for_manager(request, pk, year)
    return term, access.get_scale(term)


def back_to_scale(term) -> HttpResponse:
    return redirect(term_url("scale_editor", term))
