"""CSV and XLSX exports of a wave: one row per approved visit, one column per question.

Rows are read in chunks (yield_per), each chunk's answers and section scores with one query
apiece, so memory stays flat however large the wave. No shopper identity is ever selected.
"""

import csv
import io
import tempfile

import sqlalchemy as sa
from flask import Response, has_request_context, stream_with_context
from flask_babel import get_locale
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from mystery.analytics.models import SectionScore
from mystery.analytics.queries import APPROVED, Plan, Scope, load_plan
from mystery.analytics.stats import out
from mystery.extensions import db
from mystery.scoring import iter_questions, localize
from mystery.stores.models import Store
from mystery.visits.models import Answer, Submission, Visit

CHUNK = 500
NOT_APPLICABLE = "N/A"
FIXED_COLUMNS = (
    "visit_id",
    "store_code",
    "store_name",
    "city",
    "region",
    "visit_date",
    "total",
    "critical_failed",
)
# Yes/no and smiley answers as words of the export's language.
WORDS = {
    "en": {True: "Yes", False: "No", "happy": "Happy", "neutral": "Neutral", "sad": "Sad"},
    "da": {True: "Ja", False: "Nej", "happy": "Glad", "neutral": "Neutral", "sad": "Trist"},
    "sv": {True: "Ja", False: "Nej", "happy": "Glad", "neutral": "Neutral", "sad": "Ledsen"},
}
# Column headers in Danish and Swedish; English keeps the column keys.
HEADERS = {
    "da": {
        "visit_id": "Besøg",
        "store_code": "Butikskode",
        "store_name": "Butik",
        "city": "By",
        "region": "Region",
        "visit_date": "Besøgsdato",
        "total": "Total (%)",
        "critical_failed": "Kritisk fejl",
    },
    "sv": {
        "visit_id": "Besök",
        "store_code": "Butikskod",
        "store_name": "Butik",
        "city": "Ort",
        "region": "Region",
        "visit_date": "Besöksdatum",
        "total": "Totalt (%)",
        "critical_failed": "Kritiskt fel",
    },
}
# Excel in these languages splits on ";" and reads "87,5" as a number (DESIGN §16).
SEMICOLON_LANGUAGES = frozenset({"da", "sv"})
BOM = "\ufeff"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def header(plan: Plan, lang: str) -> list[str]:
    """Return the one header row: fixed columns, "key — title (%)" per section, "key — text"."""
    sections = [
        f"{section['key']} — {localize(section.get('title'), lang)} (%)"
        for section in plan.definition.get("sections") or []
    ]
    questions = [
        f"{question['key']} — {localize(question.get('text'), lang)}"
        for _section, question in iter_questions(plan.definition)
    ]
    fixed = [HEADERS.get(lang, {}).get(column, column) for column in FIXED_COLUMNS]
    return [*fixed, *sections, *questions]


def answer_cell(question: dict, answer, lang: str):
    """Write one answer as the export shows it: N/A, a label, a word or the value."""
    if answer is None or answer.hidden:
        return ""
    if answer.na:
        return NOT_APPLICABLE
    value = answer.value
    if value is None:
        return ""
    kind = question["type"]
    if kind == "choice":
        for option in question.get("options") or []:
            if option["value"] == value and type(option["value"]) is type(value):
                return localize(option.get("label"), lang)
    if kind in ("yes_no", "smiley"):
        return WORDS[lang].get(value, value)
    return value


def visits_statement(wave_id: int, scope: Scope):
    """Select the wave's approved visits in scope with their store, in store-code order."""
    statement = (
        sa.select(
            Visit.id,
            Visit.current_submission_id,
            Store.code,
            Store.name,
            Store.city,
            Store.region,
            sa.func.coalesce(Submission.started_at, Visit.submitted_at).label("visited_at"),
            Visit.score_total,
            Visit.critical_failed,
        )
        .join(Store, Store.id == Visit.store_id)
        .outerjoin(Submission, Submission.id == Visit.current_submission_id)
        .where(Visit.wave_id == wave_id, Visit.status == APPROVED)
        .order_by(Store.code, Visit.id)
    )
    return scope.stores(statement)


def visit_rows(wave_id: int, plan: Plan, scope: Scope, lang: str):
    """Yield one list of cells per approved visit, reading CHUNK visits at a time."""
    questions = [question for _section, question in iter_questions(plan.definition)]
    section_keys = [section["key"] for section in plan.definition.get("sections") or []]
    words = WORDS[lang]
    result = db.session.execute(visits_statement(wave_id, scope).execution_options(yield_per=CHUNK))
    for chunk in result.partitions():
        ids = [row.current_submission_id for row in chunk]
        answers = {
            (row.submission_id, row.question): row
            for row in db.session.execute(
                sa.select(
                    Answer.submission_id, Answer.question, Answer.value, Answer.na, Answer.hidden
                ).where(Answer.submission_id.in_(ids))
            )
        }
        percents = {
            (row.submission_id, row.section): row.percent
            for row in db.session.execute(
                sa.select(
                    SectionScore.submission_id, SectionScore.section, SectionScore.percent
                ).where(SectionScore.submission_id.in_(ids))
            )
        }
        for row in chunk:
            submission = row.current_submission_id
            yield [
                row.id,
                row.code,
                row.name,
                row.city,
                row.region,
                row.visited_at.date().isoformat() if row.visited_at else "",
                cell(out(row.score_total)),
                words[bool(row.critical_failed)],
                *(cell(out(percents.get((submission, key)))) for key in section_keys),
                *(
                    answer_cell(question, answers.get((submission, question["key"])), lang)
                    for question in questions
                ),
            ]


def cell(value):
    """Write a missing number as an empty cell."""
    return "" if value is None else value


def attachment(response: Response, filename: str) -> Response:
    """Mark a response as a private download named filename."""
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def csv_response(wave, scope: Scope, lang: str | None = None) -> Response:
    """Stream the wave's approved visits as CSV (UTF-8, comma-separated, one header row)."""
    plan = load_plan(wave)
    lang = lang or reader_language(plan.locale)
    excel = lang in SEMICOLON_LANGUAGES

    def generate():
        buffer = io.StringIO()
        if excel:
            buffer.write(BOM)
        writer = csv.writer(buffer, delimiter=";" if excel else ",", lineterminator="\r\n")
        # Keys and titles are typed by people too: a header cell is escaped like any other.
        writer.writerow([inert(value) for value in header(plan, lang)])
        for number, row in enumerate(visit_rows(wave.id, plan, scope, lang), 1):
            writer.writerow(
                [decimal_comma(inert(value)) if excel else inert(value) for value in row]
            )
            if number % CHUNK == 0:
                yield pop(buffer)
        yield pop(buffer)

    response = Response(stream_with_context(generate()), mimetype="text/csv")
    response.charset = "utf-8"
    return attachment(response, f"wave-{wave.id}.csv")


def reader_language(fallback: str) -> str:
    """Return the request's language (DESIGN §16), or `fallback` outside a request."""
    if not has_request_context():
        return fallback
    return str(get_locale() or fallback)


def decimal_comma(value):
    """Write a number with a decimal comma, as Danish and Swedish spreadsheets read it."""
    if isinstance(value, float):
        return str(value).replace(".", ",")
    return value


def inert(value):
    """Quote a text cell a spreadsheet would otherwise run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def xlsx_cells(sheet, row: list) -> list:
    """Make cells of a row, keeping text that starts with "=" as text, not a formula."""
    cells = []
    for value in row:
        if isinstance(value, str) and value.startswith("="):
            value = WriteOnlyCell(sheet, value)
            value.data_type = "s"
        cells.append(value)
    return cells


def pop(buffer: io.StringIO) -> str:
    """Return what the buffer holds and empty it."""
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def xlsx_response(wave, scope: Scope, lang: str | None = None) -> Response:
    """Write the wave's approved visits to a write-only workbook in a temp file and send it."""
    plan = load_plan(wave)
    lang = lang or reader_language(plan.locale)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=f"Wave {wave.id}"[:31])
    sheet.append(xlsx_cells(sheet, header(plan, lang)))
    for row in visit_rows(wave.id, plan, scope, lang):
        sheet.append(xlsx_cells(sheet, row))
    handle = tempfile.TemporaryFile()  # noqa: SIM115  (closed by send_chunks)
    try:
        workbook.save(handle)
        size = handle.tell()
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    response = Response(send_chunks(handle), mimetype=XLSX_TYPE)
    response.content_length = size
    return attachment(response, f"wave-{wave.id}.xlsx")


def send_chunks(handle, size=64 * 1024):
    """Yield a file's bytes, closing (and so deleting) the temp file however the send ends."""
    try:
        while block := handle.read(size):
            yield block
    finally:
        handle.close()
