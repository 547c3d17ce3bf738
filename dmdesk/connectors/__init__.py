"""One module per platform behind one interface (see ``base``)."""
