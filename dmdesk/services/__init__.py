"""Plain-Python use cases: inbox actions, replies, sync, demo workspace."""
