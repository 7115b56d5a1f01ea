"""Search and sort for list endpoints: `?q=` over chosen columns, `?sort=field|-field`."""

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate

MAX_QUERY = 200


def sort_field(allowed):
    """Return a `sort` query field accepting `field` or `-field` for the allowed names."""

    def check(value):
        if value.lstrip("-") not in allowed:
            names = ", ".join(sorted(allowed))
            raise ValidationError(
                str(_l("Unknown sort field %(field)s; use one of: %(names)s."))
                % {"field": value.lstrip("-"), "names": names}
            )

    return fields.String(validate=check)


class ListArgs(Schema):
    """The search and sort arguments every list shares; `sort` is added per list."""

    q = fields.String(validate=validate.Length(max=MAX_QUERY))


def search(statement, q, columns):
    """Keep rows where any column contains `q`, case-insensitively (None or blank: all)."""
    q = (q or "").strip().lower()
    if not q:
        return statement
    return statement.where(
        sa.or_(*(sa.func.lower(column).contains(q, autoescape=True) for column in columns))
    )


def order(statement, sort, columns, default, tiebreak):
    """Order by `sort` (a key of `columns`, "-" for descending), else by `default`."""
    if not sort:
        return statement.order_by(*default)
    column = columns[sort.lstrip("-")]
    direction = column.desc() if sort.startswith("-") else column.asc()
    # NULLs last either way, so "-score" starts with the best scored visit on both databases.
    return statement.order_by(sa.nulls_last(direction), tiebreak)
