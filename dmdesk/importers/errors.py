"""The one error a download can cause: its own module, so the download source and
the importers' model can both raise it without importing each other."""


class ImportFormatError(ValueError):
    """The download cannot be read as the format says; the text names the file (and
    line, where there is one) in words a user can act on."""
