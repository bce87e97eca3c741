"""``python -m kiosk`` is ``mynakiosk``."""

from kiosk.cli import main

main()
