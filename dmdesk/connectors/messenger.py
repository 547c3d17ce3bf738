"""Facebook Messenger conversations of a Page, through the Graph API with a
Page token. Senders are named by their Facebook name."""

from dmdesk.connectors.meta_graph import MetaGraphConnector
from dmdesk.domain import Platform

DEFAULT_BASE_URL = "https://graph.facebook.com"


class MessengerConnector(MetaGraphConnector):
    platform = Platform.MESSENGER
    conversations_platform = "messenger"
    default_base_url = DEFAULT_BASE_URL
