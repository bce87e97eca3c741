"""The simulator-mode demo: the kiosk with a virtual card (grows with each part of the product)."""
