"""Every workaround that touches Textual's private API or changes its global behaviour, one
module each, with the upstream issue it waits for, what it buys, and a test
(tests/test_textual_compat.py) that fails when the private corner it relies on changes.

Nothing outside this package imports a private Textual name."""
