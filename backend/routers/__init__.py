"""One router per resource; each endpoint only wires dependencies to the logic modules of ``backend``."""
