"""Core logic of the My Number Card kiosk: card protocol, face pipeline, flows. No Qt, no hardware drivers."""
