"""``mynakiosk doctor``'s checks, each a :class:`~drivers.doctor.checks.Check` with a fix: the machine's
(:mod:`.host`) and, from a site configuration, one installed kiosk's (:mod:`.site`). The command is
``mynakiosk.commands.doctor``."""
