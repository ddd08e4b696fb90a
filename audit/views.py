from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from audit.export import export_workbook
from audit.forms import AuditFilterForm
from audit.selectors import entries_visible_to, filter_entries

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_SIZE = 50


def _filtered(request):
    form = AuditFilterForm(request.GET or None, user=request.user)
    entries = entries_visible_to(request.user)
    if form.is_bound and form.is_valid():
        entries = filter_entries(entries, form.cleaned_data)
    elif form.is_bound:
        entries = entries.none()
    else:
        entries = filter_entries(entries, {})
    return form, entries


@login_required
def audit_list(request):
    form, entries = _filtered(request)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/audit_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@login_required
def audit_export(request):
    _form, entries = _filtered(request)
    response = HttpResponse(export_workbook(entries), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="audit.xlsx"'
    return response
