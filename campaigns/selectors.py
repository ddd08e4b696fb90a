from blocks.models import Term
from campaigns.models import Scale


def current_scale(term: Term) -> Scale | None:
    """The latest version of the block-year's scale (what new score sheets are scored against)."""
    return Scale.objects.filter(term=term).order_by("-version").first()
