"""Backend fixtures: every backend test runs on SQLite and on a real PostgreSQL (marked ``postgres``).

The PostgreSQL cluster is started once per test session in a temporary directory on a free port and stopped by
PID; each test gets a fresh database cloned from a migrated template, each SQLite test a copy of a migrated file.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from backend import admin
from backend.app import create_app
from backend.card_registry import register_from_card_files
from backend.clock import Clock
from backend.context import AppContext
from backend.db import make_engine, session_factory, transaction
from backend.domain import Role, SiteKind
from backend.keys import test_key_material
from backend.migrate import upgrade
from backend.models import Base
from backend.office.holders import record_holder
from backend.settings import FacePolicy, KeyMaterial, Limits, Settings
from backend.staff_auth import use_cheap_hashing_for_tests
from backend.testing.pg import PostgresCluster, postgres_installed
from sim.apps import jpki, kenhojo, kenkaku
from sim.image import CardImage
from sim.personalise import new_card
from sim.personas import get_persona
from sim.pki.kiosk import KioskCredentials, TestKioskPki
from tests.backend import answers
from tests.backend.support import MUNICIPALITY, OTHER_MUNICIPALITY, CardAtKiosk, SignedClient

PASSWORD = "correct horse battery staple"
SITES = {
    "store-1": (SiteKind.CONVENIENCE_STORE, MUNICIPALITY),
    "post-1": (SiteKind.POST_OFFICE, MUNICIPALITY),
    "popup-1": (SiteKind.POPUP, MUNICIPALITY),
    "hall-1": (SiteKind.CITY_HALL, MUNICIPALITY),
}
KIOSKS = {"k-store": "store-1", "k-post": "post-1", "k-popup": "popup-1", "k-hall": "hall-1"}
STAFF = {
    "official": (Role.OFFICIAL, MUNICIPALITY),
    "contractor": (Role.CONTRACTOR, MUNICIPALITY),
    "technician": (Role.TECHNICIAN, MUNICIPALITY),
    "other-official": (Role.OFFICIAL, OTHER_MUNICIPALITY),
}
use_cheap_hashing_for_tests()
LAST = "test_every_answer_the_suite_saw_is_documented"
"""The contract test that reads what every other backend test saw (``tests/backend/answers.py``): it runs last."""


@pytest.fixture(scope="session", autouse=True)
def record_answers() -> Iterator[answers.Recorder]:
    with answers.install() as recorder:
        yield recorder


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=lambda item: getattr(item, "originalname", item.name) == LAST)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PostgresCluster]:
    if not postgres_installed():
        pytest.skip("PostgreSQL 15 is not installed (scripts/bootstrap installs it)")
    cluster = PostgresCluster(durable=False)
    try:
        cluster.start()
        admin_engine = create_engine(cluster.url(), isolation_level="AUTOCOMMIT")
        with admin_engine.connect() as conn:
            conn.execute(text("CREATE DATABASE tmpl"))
        admin_engine.dispose()
        engine = make_engine(cluster.url("tmpl"))
        upgrade(engine)
        engine.dispose()
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


def fresh_pg_database(cluster: PostgresCluster) -> str:
    """The migrated test database, emptied (TRUNCATE is ~50x cheaper than CREATE DATABASE … TEMPLATE)."""
    engine = create_engine(cluster.url("tmpl"))
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        conn.execute(text("INSERT INTO audit_head (id, seq, entry_hash) VALUES (1, 0, :h)"), {"h": bytes(32)})
    engine.dispose()
    return cluster.url("tmpl")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "backend.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    return fresh_pg_database(request.getfixturevalue("pg_cluster"))


@pytest.fixture(scope="session")
def kiosk_pki() -> TestKioskPki:
    return TestKioskPki()


@pytest.fixture(scope="session")
def card_images() -> dict[str, CardImage]:
    """Two adult cards (personalising one takes about half a second)."""
    return {name: new_card(get_persona(name), seed=i + 1) for i, name in enumerate(("tanaka", "suzuki"))}


@dataclass
class Env:
    app: FastAPI
    http: TestClient
    ctx: AppContext
    clock: Clock
    kiosk_pki: TestKioskPki
    images: dict[str, CardImage]
    db_url: str

    def client(self, kiosk_id: str = "k-store") -> SignedClient:
        creds: KioskCredentials = self.kiosk_pki.kiosk(kiosk_id)
        return SignedClient(self.http, creds, now=lambda: self.clock.now().timestamp())

    def staff_client(self, username: str, kiosk_id: str = "k-popup") -> SignedClient:
        client = self.client(kiosk_id)
        client.login(username, PASSWORD)
        return client

    def card(self, name: str = "tanaka") -> CardAtKiosk:
        return CardAtKiosk(self.images[name])


def seed_database(
    db_url: str, clock: Clock, kiosk_pki: TestKioskPki, images: dict[str, CardImage], keys: KeyMaterial
) -> None:
    engine = make_engine(db_url)
    with transaction(session_factory(engine)) as session:
        for site_id, (kind, muni) in SITES.items():
            admin.add_site(session, clock, site_id, kind, muni, f"test {site_id}")
        session.flush()
        for kiosk_id, site_id in KIOSKS.items():
            admin.add_kiosk(
                session, clock, kiosk_id, site_id, kiosk_pki.kiosk(kiosk_id).certificate, (kiosk_pki.ca_certificate,)
            )
        for username, (role, muni) in STAFF.items():
            admin.add_staff(session, clock, username, role, muni, PASSWORD)
        image = images["tanaka"]
        front = image.file(kenkaku.APP, 0x0002)
        assert front is not None
        register_from_card_files(
            session,
            clock,
            serial=image.serial,
            municipality=MUNICIPALITY,
            auth_cert_der=image.file(jpki.APP, 0x000A) or b"",
            sign_cert_der=image.file(jpki.APP, 0x0001),
            front_face=front,
            keys=keys,
        )
        session.flush()
        record_holder(session, clock, keys, image.serial, image.file(kenhojo.APP, 0x0002) or b"")
    engine.dispose()


def make_env(
    db_url: str,
    kiosk_pki: TestKioskPki,
    images: dict[str, CardImage],
    *,
    limits: Limits | None = None,
    face: FacePolicy | None = None,
    operator_endpoints: bool = False,
) -> Iterator[Env]:
    clock = Clock()
    keys = test_key_material()
    seed_database(db_url, clock, kiosk_pki, images, keys)
    face = face or FacePolicy(required=False)
    settings = Settings(
        database_url=db_url, keys=keys, face=face, limits=limits or Limits(), operator_endpoints=operator_endpoints
    )
    app = create_app(settings, clock=clock)
    with TestClient(app, raise_server_exceptions=False) as http:
        yield Env(app, http, app.state.ctx, clock, kiosk_pki, images, db_url)
    app.state.ctx.engine.dispose()


@pytest.fixture
def env(db_url: str, kiosk_pki: TestKioskPki, card_images: dict[str, CardImage]) -> Iterator[Env]:
    yield from make_env(db_url, kiosk_pki, card_images)
