"""The demo's embedded backend serves the back office over http on loopback, with its seeded official."""

from __future__ import annotations

from pathlib import Path

import httpx
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from backend import embedded
from backend.models import CardHolder
from sim.image import CardImage
from tests.backend.office_support import csrf_of


def test_the_embedded_backend_serves_the_office_to_its_demo_official(
    tmp_path: Path, card_images: dict[str, CardImage]
) -> None:
    backend = embedded.start(tmp_path / "backend", face_required=False)
    try:
        backend.register_card(card_images["tanaka"])
        with httpx.Client(base_url=backend.url) as http:
            page = http.get(backend.office_url, follow_redirects=True)
            assert page.url.path == "/office/login"
            r = http.post(
                "/office/login",
                data={
                    "username": embedded.DEMO_OFFICIAL,
                    "password": embedded.DEMO_OFFICIAL_PASSWORD,
                    "csrf": csrf_of(page.text),
                },
            )
            assert r.status_code == 303, r.text
            assert http.get("/office/applications").status_code == 200
        engine = create_engine(f"sqlite:///{tmp_path / 'backend' / 'backend.sqlite3'}")
        with Session(engine) as session:
            assert session.execute(select(CardHolder.serial)).scalars().all() == [card_images["tanaka"].serial]
        engine.dispose()
    finally:
        backend.stop()
