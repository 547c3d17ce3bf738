"""The right pane: the person's name, tags, follow-up date, opt-out and notes."""
