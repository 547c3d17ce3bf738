"""What every room shares: the theme, icons, painting helpers, formatting, item roles,
the toast, text fields, plain-text widgets, safe opening of customers' files and
links, and the task runner.
"""
