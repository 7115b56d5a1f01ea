"""The `mystery` console script (also `python -m mystery`): the app's Flask command line."""

from flask.cli import FlaskGroup

from mystery import create_app


def main():
    """Run the `mystery` console script."""
    FlaskGroup(create_app=create_app)()


if __name__ == "__main__":
    main()
