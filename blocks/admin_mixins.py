"""Admin guard: nothing of a published block-year can be changed or deleted in the admin."""

from blocks.models import Term


class PublishedTermReadOnlyMixin:
    """For ModelAdmins and inlines whose objects belong to a block-year.

    `term_path` is the dotted attribute path from the object to its Term (for an inline: from
    the parent object the admin passes in).
    """

    term_path = "term"

    def _term_of(self, obj) -> Term | None:
        value = obj
        for part in self.term_path.split("."):
            value = getattr(value, part, None)
            if value is None:
                return None
        return value

    def _published(self, obj) -> bool:
        term = self._term_of(obj) if obj is not None else None
        return bool(term and term.status == Term.Status.PUBLISHED)

    def has_change_permission(self, request, obj=None):
        return not self._published(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._published(obj) and super().has_delete_permission(request, obj)
