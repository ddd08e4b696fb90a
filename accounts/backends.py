"""The signed-in user's unit comes with the user: one query per request instead of two.

Every signed-in page shows the unit in the user menu (`templates/base.html`), so Django's
`ModelBackend.get_user`, which reads the user alone, cost a second query on every page of a
unit's officer. The join costs about 0.25 ms of CPU on every signed-in request, pages or not;
the second query it saves cost about 0.5 ms. Board staff, a few people per province, are not
worth the second join for every request: their province is still read by the menu.
"""

from django.contrib.auth import backends, get_user_model


class ModelBackend(backends.ModelBackend):
    """Django's `ModelBackend`, reading the user's unit with the user."""

    def _user_queryset(self):
        return get_user_model()._default_manager.select_related("unit")

    def get_user(self, user_id):
        try:
            user = self._user_queryset().get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    async def aget_user(self, user_id):
        try:
            user = await self._user_queryset().aget(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
