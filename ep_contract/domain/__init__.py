"""Pure rules of Espace Partenaires: no I/O, no UI, nothing of ours imported.

Both the mock server (which enforces them) and the app (which checks them as the technician
types) use these functions, so "what the app accepts, the server accepts" holds by construction.
"""
