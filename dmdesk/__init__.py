"""DMDesk: one desktop inbox for the direct messages of a small business."""

__version__ = "0.1.0"
APP_NAME = "DMDesk"
HOMEPAGE = "https://github.com/dmdesk"
"""Where DMDesk's documentation and issue tracker are."""
