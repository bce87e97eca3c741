"""The service kiosks submit to: card authentication, server-authorised PIN reset, renewal applications.

``backend.app.create_app(settings)`` builds the FastAPI application; ``mynakiosk.commands.backend`` is the
``mynakiosk backend`` command group. The package may import the pure libraries of ``kiosk/`` (card verification,
face matching) but never its flows, client or UI; the wire contract is the OpenAPI document
(``backend/openapi.json``).
"""
