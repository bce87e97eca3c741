"""The steps flows are made of, one module per step, as generators: each yields Views, receives events, and
returns its result.

A flow is a sequence of ``yield from step(...)``; the generator *is* the state machine (its position is the
state), which keeps each flow readable top to bottom. Long operations (card I/O, backend calls, face inference)
run inside a step between two yields, after publishing a WORKING/READING view, so the front end shows progress.

Rules every step keeps: tries are read before every PIN entry (via ``MyNumberCard.verify``), a wrong PIN is never
re-sent, a PIN is wiped as soon as it has been used, and nothing personal goes into a View unless the screen must
show it.
"""
