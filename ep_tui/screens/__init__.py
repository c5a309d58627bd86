"""One screen per module; each screen's styles are in the sibling ``.tcss`` file."""
