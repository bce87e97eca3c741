"""The application as uvicorn builds it in each worker process, configured from the environment.

``mynakiosk backend serve`` sets these variables and starts uvicorn with ``backend.serve:app_from_env``:
``MYNAKIOSK_DB_URL``, ``MYNAKIOSK_KEYS_DIR`` (a key directory, see ``backend.keys``) or
``MYNAKIOSK_TEST_KEYS=1`` (TEST ONLY keys from ``sim/pki``), and ``MYNAKIOSK_FACE_MATCH=0`` to switch off
re-matching faces (demos without face models; never in production); ``MYNAKIOSK_LIMIT_<NAME>`` overrides one
numeric field of ``Limits`` (e.g. ``MYNAKIOSK_LIMIT_KIOSK_REQUESTS_PER_S=200``).
"""

from __future__ import annotations

import os
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from backend.app import create_app
from backend.keys import load_key_dir, test_key_material
from backend.settings import DB_URL_ENV, DEFAULT_DB_URL, FacePolicy, KeyMaterial, Limits, Settings

KEYS_DIR_ENV = "MYNAKIOSK_KEYS_DIR"
TEST_KEYS_ENV = "MYNAKIOSK_TEST_KEYS"
FACE_MATCH_ENV = "MYNAKIOSK_FACE_MATCH"


LIMIT_ENV_PREFIX = "MYNAKIOSK_LIMIT_"


def limits_from_env() -> Limits:
    """``Limits`` with any numeric field overridden by ``MYNAKIOSK_LIMIT_<FIELD NAME IN CAPITALS>``."""
    changes: dict[str, Any] = {}
    for f in fields(Limits):
        raw = os.environ.get(LIMIT_ENV_PREFIX + f.name.upper())
        if raw is None:
            continue
        if f.type in ("int", int):
            changes[f.name] = int(raw)
        elif f.type in ("float", float):
            changes[f.name] = float(raw)
        else:
            raise ValueError(f"{LIMIT_ENV_PREFIX}{f.name.upper()}: only numeric limits can be set from the environment")
    return replace(Limits(), **changes)


def settings_from_env() -> Settings:
    keys: KeyMaterial | None = None
    if os.environ.get(KEYS_DIR_ENV):
        keys = load_key_dir(Path(os.environ[KEYS_DIR_ENV]))
    elif os.environ.get(TEST_KEYS_ENV) == "1":
        keys = test_key_material()
    return Settings(
        database_url=os.environ.get(DB_URL_ENV, DEFAULT_DB_URL),
        keys=keys,
        face=FacePolicy(required=os.environ.get(FACE_MATCH_ENV, "1") != "0"),
        limits=limits_from_env(),
    )


def app_from_env() -> FastAPI:
    return create_app(settings_from_env())
