"""Signed webhooks: events POSTed to the URLs agencies register, retried for 24 h (DESIGN §14)."""
