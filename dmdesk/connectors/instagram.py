"""Instagram direct messages, through the Graph API (Instagram Login, or a Page
token on graph.facebook.com). Senders are named by their username."""

from dmdesk.connectors.meta_graph import MetaGraphConnector
from dmdesk.domain import Platform

DEFAULT_BASE_URL = "https://graph.instagram.com"


class InstagramConnector(MetaGraphConnector):
    platform = Platform.INSTAGRAM
    conversations_platform = "instagram"
    default_base_url = DEFAULT_BASE_URL
