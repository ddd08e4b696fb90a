"""Admin guard: nothing of a published block-year can be added, changed or deleted in the admin.

The models refuse such writes themselves (`blocks.freeze`); this mixin makes the admin say so
instead of offering forms that would fail: a published year's objects open read-only with a
message, cannot be deleted one by one or by the bulk action, and their inlines take no rows.
An add form naming a published year answers with the model's refusal as a form error.
"""

from django.contrib import messages
from django.contrib.admin.options import InlineModelAdmin
from django.utils.translation import gettext as _

from blocks.models import Term


class PublishedTermReadOnlyMixin:
    """For ModelAdmins and inlines whose objects belong to a block-year.

    `term_path` is the dotted attribute path from the object to its Term (for an inline: from
    the parent object the admin passes in); empty for the Term admin itself.
    """

    term_path = "term"

    def _term_of(self, obj) -> Term | None:
        value = obj
        for part in filter(None, self.term_path.split(".")):
            value = getattr(value, part, None)
            if value is None:
                return None
        return value

    def _published(self, obj) -> bool:
        term = self._term_of(obj) if obj is not None else None
        return bool(term and term.status == Term.Status.PUBLISHED)

    def has_add_permission(self, request, *args, **kwargs):
        if isinstance(self, InlineModelAdmin):
            parent = args[0] if args else kwargs.get("obj")
            if self._published(parent):
                return False
        return super().has_add_permission(request, *args, **kwargs)

    def has_change_permission(self, request, obj=None):
        return not self._published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._published(obj) and super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        """The bulk delete action lists a published year's objects as protected: refused."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        frozen = [obj for obj in objs if self._published(obj)]
        if frozen:
            protected = list(protected) + [
                _("%(object)s (the results of %(term)s are published)")
                % {"object": obj, "term": self._term_of(obj)}
                for obj in frozen
            ]
        return deleted, counts, perms_needed, protected

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if self._published(obj):
            messages.warning(
                request,
                _(
                    "The results of %(term)s are published: this is shown read-only. A published "
                    "result changes only through a correction (a new published version)."
                )
                % {"term": self._term_of(obj)},
            )
        return super().render_change_form(request, context, add, change, form_url, obj)
