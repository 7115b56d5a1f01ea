"""Notifications: an outbox of in-app and e-mail messages, written with the event (DESIGN §14)."""
