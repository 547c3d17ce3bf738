"""Readers of the platforms' own data downloads (one module per format)."""
