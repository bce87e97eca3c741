"""One module per ``mynakiosk`` command group; :mod:`mynakiosk.cli` imports a group's module when it is used."""
