"""The documents of a published version, rendered once and served as stored files (issue #13).

When a version is published (the first one or a correction), `queue_documents` queues
`documents.tasks.store_published_documents` after the commit; the task renders the ranking
report (PDF and Word), the ranking and the score matrix (Excel) in every language of the site
and stores each through Django's storage API (`default_storage`: MEDIA_ROOT, or the S3 bucket)
with its SHA-256 and size (`results.models.PublishedDocument`). The download views serve the
stored bytes; a document missing from the storage (a year published before documents were
stored, or a task that has not run yet) is rendered for that download, which queues the task
again (a GET writes nothing itself).

Rendering happens outside any transaction (a PDF takes most of a second); only the insert of
the row is atomic. Two renderings of the same document racing each other store one row: the
loser deletes its file and serves the winner's.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Subquery
from django.utils import translation

from audit.services import log_action
from blocks.models import Term
from documents import pdfs, spreadsheets, word
from documents.frame import DOCX, PDF, XLSX
from emulation.tasks import enqueue_after_commit
from results.models import PublishedDocument, PublishedResult
from results.selectors import RankingPage, ranking_page

Kind = PublishedDocument.Kind


@dataclass(frozen=True)
class Renderer:
    render: Callable[[RankingPage], bytes]
    content_type: str
    stem: str
    ext: str


RENDERERS = {
    Kind.RANKING_PDF: Renderer(pdfs.ranking_pdf, PDF, "xep-hang", "pdf"),
    Kind.RANKING_DOCX: Renderer(word.ranking_docx, DOCX, "xep-hang", "docx"),
    Kind.RANKING_XLSX: Renderer(spreadsheets.ranking_xlsx, XLSX, "xep-hang", "xlsx"),
    Kind.MATRIX_XLSX: Renderer(spreadsheets.matrix_xlsx, XLSX, "bang-diem", "xlsx"),
}


def download_name(term: Term, version: int, kind: str) -> str:
    """The name a download gets, the one `documents.frame.filename` gives a published version."""
    renderer = RENDERERS[kind]
    return f"{renderer.stem}-{term.block_id}-{term.year}-v{version}.{renderer.ext}"


def find(term: Term, version: int | None, kind: str, language: str) -> PublishedDocument | None:
    """The stored document of the version asked for (the latest when None), in one query."""
    versions = PublishedResult.objects.filter(term=term).order_by("-version")
    if version is not None:
        versions = versions.filter(version=version)
    return (
        PublishedDocument.objects.filter(
            publication=Subquery(versions.values("pk")[:1]), kind=kind, language=language
        )
        .select_related("publication")
        .first()
    )


def store(page: RankingPage, kind: str, language: str) -> PublishedDocument:
    """Render the document of `page`'s published version in `language` and store it."""
    publication = page.publication
    if publication is None:
        raise ValueError("Only a published version's documents are stored.")
    with translation.override(language):
        content = RENDERERS[kind].render(page)
    name = download_name(page.term, publication.version, kind)
    return _save(publication, kind, language, name, content)


def _save(
    publication: PublishedResult, kind: str, language: str, name: str, content: bytes
) -> PublishedDocument:
    document = PublishedDocument(
        publication=publication,
        kind=kind,
        language=language,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
    )
    document.file.save(name, ContentFile(content), save=False)
    try:
        with transaction.atomic():
            document.full_clean()
            document.save()
            log_action(
                actor=None,
                action="results.document.stored",
                obj=document,
                after={
                    "version": publication.version,
                    "kind": kind,
                    "language": language,
                    "file": document.file.name,
                    "sha256": document.sha256,
                    "size": document.size,
                },
                term_id=publication.term_id,
            )
    except (IntegrityError, ValidationError):
        # Stored in parallel (a download racing the task): keep the first one, drop this file.
        document.file.delete(save=False)
        existing = PublishedDocument.objects.filter(
            publication=publication, kind=kind, language=language
        ).first()
        if existing is None:
            raise
        return existing
    return document


def store_all(publication_id: int) -> list[PublishedDocument]:
    """Every document of a published version in every language, rendering only those missing."""
    publication = PublishedResult.objects.select_related(
        "term__block__province", "term__leader", "term__deputy"
    ).get(pk=publication_id)
    term = publication.term
    have = set(publication.documents.values_list("kind", "language"))
    stored = []
    for language, _label in settings.LANGUAGES:
        missing = [kind for kind in RENDERERS if (kind, language) not in have]
        if not missing:
            continue
        with translation.override(language):
            page = ranking_page(term, version=publication.version)
        stored += [store(page, kind, language) for kind in missing]
    return stored


def queue_missing(publication: PublishedResult) -> None:
    """Queue the storing of a version's documents from a download that found one missing, once
    per version in ten minutes however many downloads ask (the task skips what is stored)."""
    if cache.add(f"documents:storing:{publication.pk}", True, timeout=600):
        queue_documents(publication=publication)


def queue_documents(*, publication: PublishedResult) -> None:
    """Registered with `results.services` (`documents.apps`): called in the transaction that
    publishes a version, it queues the rendering for after the commit."""
    from documents.tasks import store_published_documents

    enqueue_after_commit(store_published_documents, publication_id=publication.pk)
