"""Which format a download is: each importer looks, and exactly one must say yes."""

from __future__ import annotations

from pathlib import Path

from dmdesk.importers.errors import Answer, ImportQuestion
from dmdesk.importers.instagram import InstagramImporter
from dmdesk.importers.linkedin import LinkedInImporter
from dmdesk.importers.messenger import MessengerImporter
from dmdesk.importers.meta_json import message_files
from dmdesk.importers.model import Importer, ImportFormatError
from dmdesk.importers.source import DownloadSource
from dmdesk.importers.telegram_desktop import TelegramDesktopImporter
from dmdesk.importers.whatsapp import WhatsAppImporter
from dmdesk.importers.x_archive import XArchiveImporter

FORMATS: dict[str, type[Importer]] = {
    importer.format: importer
    for importer in (
        InstagramImporter,
        MessengerImporter,
        XArchiveImporter,
        LinkedInImporter,
        TelegramDesktopImporter,
        WhatsAppImporter,
    )
}

WHAT_WE_READ = (
    "DMDesk reads Instagram and Facebook Messenger downloads (JSON), the X archive, "
    "LinkedIn's messages.csv, Telegram Desktop's result.json and WhatsApp chat exports (.txt)."
)


def open_download(path: Path, format_name: str | None = None, dates: str | None = None) -> Importer:
    """The importer for a folder, ``.zip`` or single file; raises ImportFormatError
    with a message a user can act on when it cannot tell or cannot read it, and
    ImportQuestion when only the user can say (``format_name``, ``dates``)."""
    source = DownloadSource(path)
    try:
        importer = _importer_for(source, format_name)
    except BaseException:
        source.close()
        raise
    importer.date_order = dates
    return importer


def _importer_for(source: DownloadSource, format_name: str | None) -> Importer:
    if not source.names():
        raise ImportFormatError(f"{source.path}: is empty; there is nothing to import")
    if format_name is not None:
        chosen = FORMATS.get(format_name)
        if chosen is None:
            raise ImportFormatError(
                f"Unknown format {format_name!r}; choose one of {', '.join(FORMATS)}"
            )
        importer = chosen(source)
        if not importer.files():
            raise ImportFormatError(f"{source.path}: holds no {chosen.label}")
        return importer
    found = [importer for importer in FORMATS.values() if importer.detect(source)]
    if len(found) == 1:
        return found[0](source)
    if found:
        raise ImportFormatError(
            f"{source.path}: holds more than one kind of download "
            f"({', '.join(f.label for f in found)}); "
            f"choose one with --format ({' or '.join(f.format for f in found)})"
        )
    if message_files(source.names(), source.chosen_file):
        raise ImportQuestion(
            f"{source.path}: is a Meta download, but does not say whether it is from "
            "Instagram or Facebook; choose with --format instagram or --format messenger",
            "This download does not say where it is from. Is it from Instagram or "
            "from Facebook Messenger?",
            (
                Answer("Instagram", format_name=InstagramImporter.format),
                Answer("Facebook Messenger", format_name=MessengerImporter.format),
            ),
        )
    sample = ", ".join(source.names()[:3])
    raise ImportFormatError(
        f"{source.path}: is not a download DMDesk can read (it holds {sample}"
        f"{' …' if len(source.names()) > 3 else ''}). {WHAT_WE_READ}"
    )
