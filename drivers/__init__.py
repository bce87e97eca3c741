"""Implementations of the kiosk's ports: card readers and cameras."""
