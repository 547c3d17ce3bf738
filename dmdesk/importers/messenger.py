"""Facebook Messenger in Facebook's "Download your information" (JSON)."""

from __future__ import annotations

from collections.abc import Mapping

from dmdesk.domain import Platform
from dmdesk.importers.meta_json import FACEBOOK_PROFILE, MetaImporter, flavour, owner_named
from dmdesk.importers.model import Person
from dmdesk.importers.source import DownloadSource


class MessengerImporter(MetaImporter):
    format = "messenger"
    label = "Facebook Messenger download (JSON)"
    platform = Platform.MESSENGER
    fallback_name = "Facebook user"

    @classmethod
    def detect(cls, source: DownloadSource) -> bool:
        return flavour(source) == "messenger"

    def owner(self) -> Person | None:
        # profile_information.json: {"profile_v2": {"name": {"full_name": …}}}
        # (older downloads: "profile" instead of "profile_v2").
        profile = self._profile(FACEBOOK_PROFILE) or {}
        for key in ("profile_v2", "profile"):
            section = profile.get(key)
            name = section.get("name") if isinstance(section, Mapping) else None
            full = name.get("full_name") if isinstance(name, Mapping) else None
            if isinstance(full, str) and full:
                return owner_named(full)
        return None
