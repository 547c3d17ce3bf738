"""The accounts dialog: add, test, re-connect and remove platform accounts."""
