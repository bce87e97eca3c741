"""``python -m mynakiosk`` is ``mynakiosk`` (and the entry point of the packaged build)."""

from mynakiosk.cli import main

main()
