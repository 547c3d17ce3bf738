"""Instagram's "Download your information" (JSON): the messages part."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dmdesk.domain import Platform
from dmdesk.importers.meta_json import INSTAGRAM_PROFILE, MetaImporter, flavour, owner_named
from dmdesk.importers.model import Person
from dmdesk.importers.source import DownloadSource


class InstagramImporter(MetaImporter):
    format = "instagram"
    label = "Instagram download (JSON)"
    platform = Platform.INSTAGRAM
    fallback_name = "Instagram user"

    @classmethod
    def detect(cls, source: DownloadSource) -> bool:
        return flavour(source) == "instagram"

    def owner(self) -> Person | None:
        # personal_information.json: {"profile_user": [{"string_map_data":
        #   {"Name": {"value": …}, "Username": {"value": …}}}]}
        profile = self._profile(INSTAGRAM_PROFILE)
        users = profile.get("profile_user") if profile else None
        if not isinstance(users, list) or not users or not isinstance(users[0], Mapping):
            return None
        fields: Any = users[0].get("string_map_data", {})
        if not isinstance(fields, Mapping):
            return None
        return owner_named(_value(fields, "Name"), _value(fields, "Username"))


def _value(fields: Mapping[str, Any], key: str) -> str:
    entry = fields.get(key)
    value = entry.get("value") if isinstance(entry, Mapping) else None
    return value if isinstance(value, str) else ""
