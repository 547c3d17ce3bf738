"""Snooze: the menu of times (``b``) and the dialog that takes a typed one."""
