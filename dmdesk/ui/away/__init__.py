"""The away message's room: its switch (tray, Replies menu, palette) and the
dialog that sets its words."""
