"""HTTP client of the Espace Partenaires API.

``models`` holds the wire contract (shared with the mock server, which serves it);
``client`` the async httpx client; ``errors`` the error hierarchy.  This package imports
nothing of the UI.  ``__init__`` stays empty on purpose: the mock server imports ``models``
without pulling in httpx.
"""
