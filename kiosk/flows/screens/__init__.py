"""Pure builders of every View the kiosk shows (arguments → :class:`~kiosk.flows.view.View`), grouped by step.

Flows call these to show a screen; sample views (screenshots, the guide, tests) call the same functions, so a
sample cannot drift from what a resident sees. Builders take no context and do no I/O.
"""
