"""The composition root: the ``mynakiosk`` command line and the assemblies that wire the packages together.

``kiosk`` (the core), ``drivers``, ``sim``, ``ui`` and ``backend`` never import each other upward; this package is
the one place that may import all of them. It holds the console entry point (:mod:`mynakiosk.cli`), each command
group's wiring (:mod:`mynakiosk.commands`), simulator mode (:mod:`mynakiosk.demo`) and a real kiosk's assembly
(:mod:`mynakiosk.run`). Nothing below it imports it.
"""
