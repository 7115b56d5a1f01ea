"""Where the app's own files are: beside the package in a checkout, inside it when installed.

The repository keeps web/, templates/ and migrations/ at its top level; the wheel maps them
into the package (pyproject.toml: tool.setuptools.package-dir), so an installed app finds
them as mystery/web, mystery/templates and mystery/migrations.
"""

import os
import secrets
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent


def resource(name: str) -> Path:
    """Return the folder `name` (web, templates, migrations) of this installation."""
    packaged = PACKAGE / name
    return packaged if packaged.is_dir() else CHECKOUT / name


def in_checkout() -> bool:
    """Tell whether the package runs from a repository checkout (not an installed wheel)."""
    return not (PACKAGE / "web").is_dir() and (CHECKOUT / "web").is_dir()


def persistent_secret(instance_path: str) -> str:
    """Return the instance folder's secret key, creating it once (readable by its owner only).

    Every process on this machine (gunicorn's workers, the CLI, Celery) reads the same file,
    so a session signed by one worker is accepted by the others. Several machines need
    SECRET_KEY set to one value instead.
    """
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        # Written whole under another name, then linked into place: two processes starting
        # at once both try, one link wins, and nobody ever reads a half-written key.
        draft = path.with_name(f".secret_key.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as file:
            file.write(secrets.token_hex(32))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text(encoding="ascii").strip()
