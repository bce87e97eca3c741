from __future__ import annotations

from tests.backend.conftest import Env
from tests.backend.support import open_card_session


def test_card_session_opens_for_a_registered_card(env: Env) -> None:
    client = env.client()
    session = open_card_session(client, env.card())
    assert session["services"] == {"sign_pin_reset": True, "four_digit_pin_reset": False, "renewal": True}
