"""Importing a platform's data download: choose, preview, import."""
