"""Store rules: unique codes per client, and all-or-nothing CSV import."""

import csv
import io

import sqlalchemy as sa
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy.exc import IntegrityError

from mystery.clients.models import Client
from mystery.database import unique_or_422
from mystery.errors import Conflict, Invalid, TooLarge
from mystery.extensions import db
from mystery.guard import bad_text
from mystery.stores.models import Store
from mystery.stores.schemas import StoreRowSchema

CSV_COLUMNS = ("code", "name", "address", "city", "region", "latitude", "longitude")
MAX_CSV_BYTES = 5 * 1024 * 1024


def require_client(client_id, field="client_id", location="json"):
    """Return the client or answer 422 naming the field."""
    client = db.session.get(Client, client_id)
    if client is None:
        message = _("Client %(id)s does not exist.", id=client_id)
        raise Invalid(message=message, errors={location: {field: [message]}})
    return client


def code_taken(client_id, code, exclude_id=None):
    """Tell whether another store of the client already uses this code."""
    statement = sa.select(Store.id).where(Store.client_id == client_id, Store.code == code)
    if exclude_id is not None:
        statement = statement.where(Store.id != exclude_id)
    return db.session.scalar(statement) is not None


def _code_taken_message(code):
    return _("Store code %(code)s is already used by this client.", code=repr(code))


def create_store(data):
    """Create a store for an existing client with a code unused in that client."""
    require_client(data["client_id"])
    if code_taken(data["client_id"], data["code"]):
        message = _code_taken_message(data["code"])
        raise Invalid(message=message, errors={"json": {"code": [message]}})
    store = Store(**data)
    with unique_or_422("code", _code_taken_message(data["code"])):
        db.session.add(store)
        db.session.flush()
    return store


def update_store(store, data):
    """Change a store, keeping codes unique within its client."""
    if "code" in data and code_taken(store.client_id, data["code"], exclude_id=store.id):
        message = _code_taken_message(data["code"])
        raise Invalid(message=message, errors={"json": {"code": [message]}})
    for field, value in data.items():
        setattr(store, field, value)
    with unique_or_422("code", _code_taken_message(data.get("code"))):
        db.session.flush()
    return store


def _decode(raw):
    """Decode CSV bytes: UTF-8 (with or without BOM), else Latin-1 as spreadsheets write it."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _reader(text):
    """Return a DictReader, sniffing comma, semicolon or tab (Danish Excel uses ';')."""
    first_line = text.split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(first_line, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return csv.DictReader(io.StringIO(text), dialect=dialect)


def _unreadable(reader, error):
    """Answer 422 for a CSV the csv module cannot read, naming the line (DESIGN: never a 500)."""
    line = str(reader.line_num)
    message = _("Line %(line)s cannot be read as CSV: %(problem)s.", line=line, problem=error)
    raise Invalid(message=message, errors={"file": [message]})


def _rows(reader):
    """Yield the reader's rows; a field over the csv limit or a bare CR is a 422, not a 500."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            _unreadable(reader, error)
        yield row


def _values(row):
    """Return every cell of a DictReader row, surplus ones included."""
    values = [value for key, value in row.items() if key is not None]
    return [*values, *(row.get(None) or [])]


def parse_store_csv(raw):
    """Validate every row; return (rows, errors) with errors keyed by CSV line number."""
    if len(raw) > MAX_CSV_BYTES:
        raise TooLarge(message=_("The CSV file is larger than 5 MB."))
    reader = _reader(_decode(raw))
    try:
        fieldnames = reader.fieldnames or []
    except csv.Error as error:
        _unreadable(reader, error)
    header = [(name or "").strip().lower() for name in fieldnames]
    missing = [
        column for column in ("code", "name", "latitude", "longitude") if column not in header
    ]
    if missing:
        message = _("The CSV lacks the column(s): %(columns)s.", columns=", ".join(missing))
        raise Invalid(message=message, errors={"file": [message]})
    reader.fieldnames = header
    schema = StoreRowSchema()
    rows, errors, seen = [], {}, {}
    for row in _rows(reader):
        line_number = reader.line_num  # blank lines and quoted newlines count, as in an editor
        if any(isinstance(value, str) and bad_text(value) for value in _values(row)):
            errors[str(line_number)] = {
                "_row": [_("The line holds a NUL or an unreadable character.")]
            }
            continue
        if any((extra or "").strip() for extra in row.get(None) or []):
            # e.g. an unquoted decimal comma in a comma-separated file: the columns shifted
            errors[str(line_number)] = {
                "_row": [_("More values than columns; quote values that contain the delimiter.")]
            }
            continue
        record = {key: (row.get(key) or "").strip() for key in CSV_COLUMNS if key in header}
        for coordinate in ("latitude", "longitude"):
            if coordinate in record:  # decimal commas from Nordic spreadsheets
                record[coordinate] = record[coordinate].replace(",", ".")
        try:
            data = schema.load(record)
        except ValidationError as error:
            errors[str(line_number)] = error.messages
            continue
        if data["code"] in seen:
            errors[str(line_number)] = {
                "code": [
                    _(
                        "Code %(code)s also appears on line %(line)s.",
                        code=repr(data["code"]),
                        line=seen[data["code"]],
                    )
                ]
            }
            continue
        seen[data["code"]] = line_number
        rows.append(data)
    if not rows and not errors:
        raise Invalid(message=_("The CSV has no store rows."), errors={"file": [_("No rows.")]})
    return rows, errors


def import_stores(client, raw):
    """Create or update the client's stores from CSV, all or nothing."""
    rows, errors = parse_store_csv(raw)
    if errors:
        count = len(errors)
        raise Invalid(
            message=_("%(count)s row(s) have errors; nothing was imported.", count=count),
            errors={"rows": errors},
        )
    existing = {
        store.code: store
        for store in db.session.scalars(sa.select(Store).where(Store.client_id == client.id))
    }
    created = updated = 0
    stores = []
    for data in rows:
        store = existing.get(data["code"])
        if store is None:
            store = Store(client_id=client.id, **data)
            db.session.add(store)
            created += 1
        else:
            for field, value in data.items():
                setattr(store, field, value)
            updated += 1
        stores.append(store)
    db.session.flush()
    return {"created": created, "updated": updated, "stores": stores}


def delete_store(store):
    """Delete a store that never had a visit; one with history can only be deactivated."""
    # The visits' foreign key is the check: no query a floor up, and no race with a new wave.
    try:
        with db.session.begin_nested():
            db.session.delete(store)
            db.session.flush()
    except IntegrityError:
        raise Conflict(
            message=_(
                "Store %(code)s has visits and cannot be deleted; deactivate it instead.",
                code=store.code,
            ),
            errors={"store": [_("The store has visits.")]},
        ) from None
