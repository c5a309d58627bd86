"""The contract between the app and the server: what both must agree on, in one place.

``domain`` holds the portal's rules (pure functions: no I/O, no UI); ``wire`` the models of
the ``/api/v1`` bodies; ``queries`` the history's filters. The mock server enforces these and
the app checks them as the technician types, so "what the app accepts, the server accepts"
holds by construction. This package imports nothing of ``ep_tui`` nor of ``mock_server``.

``__init__`` stays empty on purpose: the app imports the rules it needs before the first paint
without pulling in pydantic, which only ``wire``, ``queries`` and ``domain.catalogue`` need.
"""
