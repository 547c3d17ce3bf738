"""Screenshots of adding accounts, typed in with xdotool as a user would: a
Telegram bot (against the tests' fake Bot API), then a Matrix account on a real
Synapse with bridged WhatsApp, LinkedIn and Signal chats, and the inbox those
chats arrive in. Each on a private keyring.

Run by make.sh on its Xvfb display: python docs/screenshots/accounts_scene.py OUT_DIR
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from fakes.graph_server import TOKEN as GRAPH_TOKEN  # noqa: E402
from fakes.graph_server import FakeGraph  # noqa: E402
from fakes.telegram_server import TOKEN, FakeTelegram  # noqa: E402
from matrix_homeserver import Homeserver, MatrixUser, running_homeserver  # noqa: E402
from secret_service import private_secret_service  # noqa: E402

SHOP_PASSWORD = "juniper-and-thread"
CHATS = [
    # network, customer, their number or handle, what they wrote
    ("whatsapp", "Ana Sousa", "tel:+351912345678", "Olá! Do you ship to Porto? 🇵🇹"),
    (
        "linkedin",
        "Marcus Lee",
        "linkedin:marcus-lee-leeds",
        "Hi, I run a boutique in Leeds. Would you consider a wholesale order of 40 scarves?",
    ),
    ("signal", "Priya Nair", "tel:+447700900123", "Is the oat cardigan machine washable?"),
    ("whatsapp", "Lucas Martin", "tel:+33612345678", "Merci ! The parcel arrived today."),
]


def named(homeserver: Homeserver, username: str, display_name: str) -> MatrixUser:
    user = homeserver.register(username, SHOP_PASSWORD)
    with homeserver.client(user) as client:
        client.put(
            f"/profile/{user.user_id}/displayname", json={"displayname": display_name}
        ).raise_for_status()
    return user


def bridged_chat(
    homeserver: Homeserver, shop: MatrixUser, bot: MatrixUser, chat: tuple[str, ...], n: int
) -> None:
    network, name, identifier, text = chat
    ghost = named(homeserver, f"{network}_{n}", name)
    with homeserver.client(bot) as as_bot, homeserver.client(ghost) as as_ghost:
        room = as_bot.post(
            "/createRoom",
            json={
                "invite": [shop.user_id, ghost.user_id],
                "is_direct": True,
                "preset": "private_chat",
                "initial_state": [
                    {
                        "type": "m.bridge",
                        "state_key": f"{network}-{n}",
                        "content": {"bridgebot": bot.user_id, "protocol": {"id": network}},
                    }
                ],
            },
        ).json()["room_id"]
        as_ghost.post(f"/rooms/{room}/join", json={}).raise_for_status()
        as_ghost.put(
            f"/rooms/{room}/state/m.room.member/{ghost.user_id}",
            json={
                "membership": "join",
                "displayname": name,
                "com.beeper.bridge.identifiers": [identifier],
            },
        ).raise_for_status()
        as_ghost.put(
            f"/rooms/{room}/send/m.room.message/t{n}", json={"msgtype": "m.text", "body": text}
        ).raise_for_status()


def xdotool(*args: str) -> str:
    return subprocess.run(["xdotool", *args], capture_output=True, text=True).stdout


def window(name: str, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = xdotool("search", "--onlyvisible", "--name", name).split()
        if found:
            return found[0]
        time.sleep(0.1)
    raise RuntimeError(f"no window named {name!r}")


def grab(name: str, path: Path) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "docs/screenshots/grab.py"), name, str(path)], check=True
    )


def add_account(
    data_dir: Path,
    platform: str,
    steps: list[tuple[str, ...]],
    shot: Path,
    health: Path | None = None,
) -> None:
    """Open the app, then Accounts → Add account…, pick the platform, fill the form
    (``steps``: xdotool commands from the first field on), test (Enter) and
    picture the dialog; then save (Enter again). With ``health``: open Accounts in
    the workspace it was saved to, and picture the account's page."""
    app = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data_dir)],
        env=dict(os.environ),
    )
    try:
        main_window = window("^DMDesk( \\([0-9]+\\))? — ")
        time.sleep(1.5)  # first paint and the services
        xdotool("windowfocus", "--sync", main_window)
        xdotool("key", "ctrl+shift+a")
        accounts = window("^Accounts$")
        xdotool("windowfocus", "--sync", accounts)
        time.sleep(0.5)
        xdotool("key", "Tab", "space")  # from the list to Add account…
        time.sleep(0.5)
        xdotool("key", "shift+Tab")  # from the first field back to the platform
        xdotool("type", "--delay", "30", platform)
        xdotool("key", "Tab")
        for step in steps:
            xdotool(*step)
        time.sleep(0.3)
        xdotool("key", "Return")  # Enter in the form tests the connection
        time.sleep(3)
        grab("^Accounts$", shot)
        xdotool("key", "Return")  # and, once it passed, saves: the own workspace opens
        time.sleep(4)
        if health is not None:
            own = window("^DMDesk( \\([0-9]+\\))?$")
            xdotool("windowfocus", "--sync", own)
            time.sleep(3)  # its first sync
            xdotool("key", "ctrl+shift+a")
            dialog = window("^Accounts$")
            xdotool("windowfocus", "--sync", dialog)
            time.sleep(1)
            grab("^Accounts$", health)
        if platform == "Matrix":
            inbox = window("^DMDesk( \\([0-9]+\\))?$")
            xdotool("windowfocus", "--sync", inbox)
            time.sleep(4)  # the first sync: bridged chats come in
            xdotool("key", "j")
            time.sleep(1)
            grab("^DMDesk( \\([0-9]+\\))?$", shot.with_name("matrix-bridged.png"))
    finally:
        app.terminate()
        app.wait(timeout=20)


def main(out: Path) -> None:
    work = Path(tempfile.mkdtemp())
    with private_secret_service(work / "keyring"):
        telegram = FakeTelegram()
        try:
            # The bot token; then open Advanced settings and put the fake's address
            # in the API address field it shows (the last one).
            steps = [
                ("type", "--delay", "10", TOKEN),
                ("key", "Tab", "space", "shift+Tab", "ctrl+a"),
                ("type", telegram.url),
                ("key", "shift+Tab", "shift+Tab"),  # back to the token, for Enter
            ]
            add_account(work / "telegram", "Telegram", steps, out / "accounts.png")
        finally:
            telegram.stop()
        graph = FakeGraph("instagram", token="IGAA" + GRAPH_TOKEN)
        graph.customer_writes(1, "Hi! Is the oat scarf back in stock?")
        try:
            # The token; past the account id, open Advanced settings and put the
            # fake's address in the API address field.
            steps = [
                ("type", "--delay", "10", graph.token),
                ("key", "Tab", "Tab", "space", "shift+Tab", "shift+Tab", "ctrl+a"),
                ("type", graph.url),
            ]
            add_account(
                work / "instagram",
                "Instagram",
                steps,
                work / "instagram-form.png",
                health=out / "accounts-health.png",
            )
        finally:
            graph.stop()
        with running_homeserver(work / "synapse") as homeserver:
            shop = named(homeserver, "juniper", "Juniper & Thread")
            bot = named(homeserver, "bridgebot", "Bridge bot")
            for n, chat in enumerate(CHATS):
                bridged_chat(homeserver, shop, bot, chat, n)
            steps = [
                ("type", homeserver.url),
                ("key", "Tab"),
                ("type", "@juniper:localhost"),
                ("key", "Tab"),
                ("type", SHOP_PASSWORD),
            ]
            add_account(work / "matrix", "Matrix", steps, out / "accounts-matrix.png")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
