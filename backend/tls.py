"""Mutual TLS: hand the kiosk's client certificate to the application, which binds it to ``Kiosk-Id``.

uvicorn demands the client certificate (``--client-ca``) but does not tell the application which one was shown.
This protocol (uvicorn's httptools one, plus that) puts it in the request scope as the ASGI TLS extension does:
``scope["extensions"]["tls"]["client_cert_chain"]``, the peer's certificate in PEM. ``backend.deps`` then refuses
a request whose signing kiosk is not the one whose certificate opened the connection.
"""

from __future__ import annotations

import asyncio
import ssl

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

PROTOCOL = "backend.tls:PeerCertificateProtocol"
"""What ``mynakiosk backend serve`` gives uvicorn as ``http`` when it demands client certificates."""


class PeerCertificateProtocol(HttpToolsProtocol):
    _peer_pem: str | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        ssl_object = transport.get_extra_info("ssl_object")
        der = ssl_object.getpeercert(binary_form=True) if ssl_object is not None else None
        self._peer_pem = ssl.DER_cert_to_PEM_cert(der) if der else None

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._peer_pem is not None:
            self.scope["extensions"] = {"tls": {"client_cert_chain": [self._peer_pem]}}
