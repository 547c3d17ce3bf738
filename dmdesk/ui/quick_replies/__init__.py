"""Quick replies: the library dialog, the / popup, their model and delegate, and the
{placeholders} left to fill.
"""
