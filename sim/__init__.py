"""The card side: a virtual My Number Card, its test PKI and its personalisation tool.

Nothing here imports ``kiosk``: the card and the host meet only through APDU bytes, following
``docs/card-profile.md``. All keys and certificates in this package are TEST ONLY.
"""
