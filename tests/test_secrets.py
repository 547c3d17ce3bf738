"""Credentials go to a real Secret Service and come back; without a keyring the
message says how to get one."""

import pytest
from keyring.backends import fail

from dmdesk.secrets import (
    CredentialStore,
    KeyringUnavailable,
    how_to_get_a_keyring,
    new_credential_key,
)


def test_a_secret_is_saved_read_and_removed(secret_service) -> None:
    store = CredentialStore(secret_service)
    key = new_credential_key()
    assert store.available()
    store.save(key, "123456:ABC-token ✓")
    assert store.load(key) == "123456:ABC-token ✓"
    store.save(key, "replaced")
    assert store.load(key) == "replaced"
    store.delete(key)
    assert store.load(key) is None
    store.delete(key)  # already gone is fine


def test_without_a_keyring_every_call_explains_how_to_get_one() -> None:
    store = CredentialStore(fail.Keyring())
    assert not store.available()
    for call in (lambda: store.save("k", "s"), lambda: store.load("k")):
        with pytest.raises(KeyringUnavailable) as raised:
            call()
        assert "GNOME Keyring" in str(raised.value)
        assert "keep working" in str(raised.value)


@pytest.mark.parametrize(
    ("platform", "names"),
    [("linux", "KWallet"), ("win32", "Windows Credential Manager"), ("darwin", "Keychain")],
)
def test_the_advice_fits_the_operating_system(platform: str, names: str) -> None:
    assert names in how_to_get_a_keyring(platform)


def test_the_default_backend_in_tests_is_never_the_real_keyring() -> None:
    assert not CredentialStore().available()
