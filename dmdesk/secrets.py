"""Platform credentials, kept in the operating system's keyring and nowhere else.

This is the only module that talks to `keyring`. The database holds just the
name of each account's entry (``Account.credential_key``); the token itself
never reaches the database, the settings file, a log line or an error message.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable
from typing import TypeVar

import keyring
import keyring.backend
import keyring.errors
from keyring.backends import fail

SERVICE = "DMDesk"
T = TypeVar("T")


class CredentialError(Exception):
    """The keyring refused; the message says what to do and holds no secret."""


class KeyringUnavailable(CredentialError):
    """There is no usable keyring on this computer."""

    def __init__(self) -> None:
        super().__init__(how_to_get_a_keyring())


def how_to_get_a_keyring(platform: str = sys.platform) -> str:
    if platform == "win32":
        where = "Windows Credential Manager is part of Windows; make sure it is not disabled."
    elif platform == "darwin":
        where = "The macOS Keychain is part of macOS; unlock it in Keychain Access."
    else:
        where = (
            "Install and unlock a Secret Service keyring: GNOME Keyring "
            "(sudo apt install gnome-keyring) or KWallet, and log in to a desktop "
            "session that starts it."
        )
    return (
        "DMDesk keeps platform passwords and tokens only in your system's keyring, "
        f"and none is available. {where} Your messages, notes and quick replies keep "
        "working without it; connecting accounts needs it."
    )


def new_credential_key() -> str:
    """A name for a new account's keyring entry, unique across workspaces."""
    return f"account-{uuid.uuid4().hex}"


class CredentialStore:
    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        self._backend = backend

    @property
    def backend(self) -> keyring.backend.KeyringBackend:
        return self._backend or keyring.get_keyring()

    def available(self) -> bool:
        backend = self.backend
        if isinstance(backend, fail.Keyring):
            return False
        # The chainer wraps the real backends; with none inside it, nothing is kept.
        inner = getattr(backend, "backends", None)
        return inner is None or bool(inner)

    def save(self, key: str, secret: str) -> None:
        self._call(lambda: self.backend.set_password(SERVICE, key, secret))

    def load(self, key: str) -> str | None:
        return self._call(lambda: self.backend.get_password(SERVICE, key))

    def delete(self, key: str) -> None:
        """Remove the entry; one that is already gone is fine."""
        try:
            self._call(lambda: self.backend.delete_password(SERVICE, key))
        except CredentialError as error:
            if not isinstance(error.__cause__, keyring.errors.PasswordDeleteError):
                raise

    def _call(self, action: Callable[[], T]) -> T:
        if not self.available():
            raise KeyringUnavailable
        try:
            return action()
        except keyring.errors.NoKeyringError:
            raise KeyringUnavailable from None
        except keyring.errors.KeyringLocked as error:
            raise CredentialError(
                "Your keyring is locked. Unlock it (you may be asked for your login "
                "password) and try again."
            ) from error
        except keyring.errors.PasswordDeleteError as error:
            raise CredentialError("There was no keyring entry to remove.") from error
        except keyring.errors.KeyringError as error:
            # The backend's text may name the entry, never its secret.
            raise CredentialError(f"The keyring refused: {error}") from error
