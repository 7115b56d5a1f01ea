"""What pyproject.toml cannot say alone: the found packages plus the three mapped folders.

pyproject.toml maps web/, templates/ and migrations/ into the package; listing packages
there would freeze them, so new feature folders are still found here.
"""

from setuptools import find_packages, setup

setup(
    packages=[
        *find_packages(include=["mystery*"]),
        "mystery.web",
        "mystery.templates",
        "mystery.migrations",
    ]
)
