"""Demo data for `make demo`: users to sign in with (chains, checklists and waves follow)."""

from mystery.auth.models import User
from mystery.auth.services import hash_password
from mystery.extensions import db

DEMO_PASSWORD = "demo-password"


def seed_demo():
    """Create the demo users; return the lines to print."""
    people = [
        ("admin@demo.mystery", "Ada Admin", "admin"),
        ("coordinator@demo.mystery", "Cora Coordinator", "coordinator"),
        ("shopper@demo.mystery", "Sam Shopper", "shopper"),
    ]
    for email, name, role in people:
        db.session.add(
            User(
                email=email,
                name=name,
                role=role,
                locale="en",
                password_hash=hash_password(DEMO_PASSWORD),
            )
        )
    db.session.commit()
    return ["Demo logins (password: " + DEMO_PASSWORD + "):"] + [
        f"  {role:<12} {email}" for email, _name, role in people
    ]
