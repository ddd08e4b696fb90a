from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in.

    A user works either for a unit (an agency that is a member of blocks) or for the provincial
    Emulation & Commendation Board. Leader and deputy powers are never stored here: they are
    derived from the year's `Term` for the user's unit, so a change of leader edits nobody's
    account.
    """

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    unit = models.ForeignKey(
        "blocks.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
        help_text=_("The member unit this officer works for."),
    )
    board_province = models.ForeignKey(
        "blocks.Province",
        verbose_name=_("board staff of province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="board_staff",
        help_text=_("Set for staff of the provincial Emulation & Commendation Board."),
    )
    council_blocks = models.ManyToManyField(
        "blocks.Block",
        verbose_name=_("council member for blocks"),
        blank=True,
        related_name="council_members",
        help_text=_("Blocks a member of the provincial council may read."),
    )
    must_change_password = models.BooleanField(_("must change password"), default=False)
    email_notifications = models.BooleanField(
        _("e-mail notifications"),
        default=True,
        help_text=_("E-mail me when something needs my action (a returned sheet, a query, …)."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit__isnull=True) | models.Q(board_province__isnull=True),
                name="user_unit_or_board_not_both",
                violation_error_message=_("A user works for a unit or for the board, not both."),
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def is_board_staff(self) -> bool:
        return self.board_province_id is not None
