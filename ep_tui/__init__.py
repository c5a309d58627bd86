"""ep-tui: a keyboard-driven terminal client for Espace Partenaires."""
