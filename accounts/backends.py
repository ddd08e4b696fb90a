"""The signed-in user's unit and board province come with the user: one query per request.

Every signed-in page shows them in the user menu (`templates/base.html`) and the access helpers
compare their ids; Django's `ModelBackend.get_user` reads the user alone, so the menu paid a
second query for the unit (or the province) on every page.
"""

from django.contrib.auth import backends, get_user_model


class ModelBackend(backends.ModelBackend):
    """Django's `ModelBackend`, reading the user's unit and board province with the user."""

    def _user_queryset(self):
        return get_user_model()._default_manager.select_related("unit", "board_province")

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
