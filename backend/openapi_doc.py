"""The OpenAPI document, rendered the same way every time so the committed copy can be compared."""

from __future__ import annotations

import json
from pathlib import Path

from backend.app import create_app
from backend.settings import Settings

COMMITTED = Path(__file__).with_name("openapi.json")


def render() -> str:
    app = create_app(Settings(database_url="sqlite://"))
    return json.dumps(app.openapi(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
