"""The resident's flows as headless state machines; front ends render their Views and send back events."""
