"""Reusable widgets, grouped by feature, each with its DEFAULT_CSS."""
