"""A real Synapse homeserver on 127.0.0.1 for the test session.

Synapse lives in a virtual environment of its own (`.venv-synapse`, made by
`.ci/test`; `DMDESK_SYNAPSE_PYTHON` names another interpreter), so its many
dependencies never meet DMDesk's. Registration is open and rate limits are
generous: tests make users and rooms as they need them.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SYNAPSE_PYTHON = Path(os.environ.get("DMDESK_SYNAPSE_PYTHON", ROOT / ".venv-synapse/bin/python"))
SERVER_NAME = "localhost"
GENEROUS = {"per_second": 1000, "burst_count": 1000}


@dataclass(frozen=True, slots=True)
class MatrixUser:
    user_id: str
    access_token: str
    device_id: str
    password: str


@dataclass(frozen=True, slots=True)
class Homeserver:
    url: str

    def register(self, username: str, password: str = "correct horse") -> MatrixUser:
        """A new account through the client API (open registration, dummy auth)."""
        body = {"username": username, "password": password, "auth": {"type": "m.login.dummy"}}
        answer = httpx.post(f"{self.url}/_matrix/client/v3/register", json=body, timeout=30)
        answer.raise_for_status()
        data = answer.json()
        return MatrixUser(data["user_id"], data["access_token"], data["device_id"], password)

    def client(self, user: MatrixUser) -> httpx.Client:
        """An HTTP client speaking as ``user`` (for the other side of a test)."""
        return httpx.Client(
            base_url=f"{self.url}/_matrix/client/v3",
            headers={"Authorization": f"Bearer {user.access_token}"},
            timeout=30,
        )

    def direct_chat(self, customer: MatrixUser, shop: MatrixUser) -> str:
        """The customer opens a direct chat with the shop's account, which joins it."""
        with self.client(customer) as them, self.client(shop) as us:
            room = them.post(
                "/createRoom",
                json={
                    "invite": [shop.user_id],
                    "is_direct": True,
                    "preset": "trusted_private_chat",
                },
            ).json()["room_id"]
            us.post(f"/rooms/{room}/join", json={}).raise_for_status()
        return str(room)

    def send_file(
        self, who: MatrixUser, room: str, msgtype: str, file: tuple[str, bytes, str], body: str
    ) -> str:
        """Upload ``(name, bytes, mime)`` through the media API and post it in ``room``
        as a ``msgtype`` message (``m.image``, ``m.file``…); returns its mxc:// URL."""
        name, data, mime = file
        with self.client(who) as client:
            url = client.post(
                f"{self.url}/_matrix/media/v3/upload",
                params={"filename": name},
                content=data,
                headers={"Content-Type": mime},
            ).json()["content_uri"]
            client.put(
                f"/rooms/{room}/send/m.room.message/file-{name}",
                json={
                    "msgtype": msgtype,
                    "body": body,
                    "filename": name,
                    "url": url,
                    "info": {"mimetype": mime, "size": len(data)},
                },
            ).raise_for_status()
        return str(url)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _override(folder: Path, port: int, extra: dict[str, object]) -> str:
    limits = GENEROUS
    settings: dict[str, object] = {
        "listeners": [
            {
                "port": port,
                "bind_addresses": ["127.0.0.1"],
                "type": "http",
                "tls": False,
                "x_forwarded": False,
                "resources": [{"names": ["client"], "compress": False}],
            }
        ],
        "database": {"name": "sqlite3", "args": {"database": str(folder / "homeserver.db")}},
        "media_store_path": str(folder / "media"),
        "enable_registration": True,
        "enable_registration_without_verification": True,
        "trusted_key_servers": [],
        "suppress_key_server_warning": True,
        "presence": {"enabled": False},
        "rc_message": limits,
        "rc_registration": limits,
        "rc_login": {"address": limits, "account": limits, "failed_attempts": limits},
        "rc_joins": {"local": limits, "remote": limits},
        "rc_invites": {"per_room": limits, "per_user": limits, "per_issuer": limits},
        "rc_admin_redaction": limits,
        **extra,
    }
    # YAML is a superset of JSON: Synapse reads this file as it is.
    return json.dumps(settings, indent=1)


@contextmanager
def running_homeserver(
    folder: Path, extra: dict[str, object] | None = None
) -> Iterator[Homeserver]:
    """Synapse on a free port; ``extra`` overrides settings (tight rate limits…)."""
    if not SYNAPSE_PYTHON.exists():
        raise RuntimeError(
            f"No Synapse at {SYNAPSE_PYTHON}: run .ci/test (it makes .venv-synapse), "
            "or set DMDESK_SYNAPSE_PYTHON"
        )
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "homeserver.yaml"
    subprocess.run(
        [str(SYNAPSE_PYTHON), "-m", "synapse.app.homeserver", "--server-name", SERVER_NAME,
         "--config-path", str(config), "--data-directory", str(folder),
         "--generate-config", "--report-stats=no"],
        check=True, capture_output=True, cwd=folder, timeout=120,
    )  # fmt: skip
    port = _free_port()
    override = folder / "override.yaml"
    override.write_text(_override(folder, port, extra or {}), encoding="utf-8")
    log = (folder / "synapse.out").open("wb")
    process = subprocess.Popen(
        [str(SYNAPSE_PYTHON), "-m", "synapse.app.homeserver",
         "--config-path", str(config), "--config-path", str(override)],
        cwd=folder, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(
                    "Synapse stopped at start: "
                    + (folder / "synapse.out").read_text(errors="replace")[-2000:]
                )
            try:
                if httpx.get(f"{url}/health", timeout=1).text == "OK":
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("Synapse did not answer /health within 60 s")
            time.sleep(0.1)  # polling a subprocess, not a Qt wait
        yield Homeserver(url)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
