"""A small card operating system: APDU parsing, files, PIN objects, access rules and command dispatch.

It knows nothing about the My Number Card's applications; ``sim.apps`` describes those as data and rules.
"""
