"""`flask --app mystery render-report …`: a PDF report to a file, for scripts."""

from pathlib import Path

import click
from flask.cli import with_appcontext

from mystery.reports.i18n import LANGUAGES


def _get(model, ident, what):
    from mystery.extensions import db

    row = db.session.get(model, ident)
    if row is None:
        raise click.ClickException(f"{what} {ident} not found.")
    return row


def _lang(lang, client_id):
    from mystery.reports.routes import report_lang

    return report_lang({"lang": lang}, client_id)


def build_context(visit_id, store_id, wave_id, lang):
    """Build the context the options ask for: a visit, a store in a wave, or a whole wave."""
    from mystery.reports import context
    from mystery.stores.models import Store
    from mystery.visits.models import Visit
    from mystery.waves.models import Wave

    if visit_id is not None:
        if store_id is not None or wave_id is not None:
            raise click.UsageError("--visit goes alone (its store and wave are known).")
        visit = _get(Visit, visit_id, "Visit")
        wave = _get(Wave, visit.wave_id, "Wave")
        return context.visit_context(visit, _lang(lang, wave.client_id))
    if wave_id is None:
        raise click.UsageError("Give --visit ID, --store ID --wave ID, or --wave ID.")
    wave = _get(Wave, wave_id, "Wave")
    lang = _lang(lang, wave.client_id)
    if store_id is None:
        return context.wave_context(wave, lang)
    store = _get(Store, store_id, "Store")
    if store.client_id != wave.client_id:
        raise click.ClickException(f"Store {store_id} does not belong to wave {wave_id}'s client.")
    return context.store_context(store, wave, lang)


@click.command("render-report")
@click.option("--visit", "visit_id", type=int, help="A visit's report.")
@click.option("--store", "store_id", type=int, help="A store's report (with --wave).")
@click.option("--wave", "wave_id", type=int, help="The wave (alone: the chain report).")
@click.option("--lang", type=click.Choice(LANGUAGES), help="Default: the client's language.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def render_report_command(visit_id, store_id, wave_id, lang, output):
    """Render a visit, store or chain report to a PDF file."""
    from mystery.extensions import db
    from mystery.reports.pdf import render_pdf

    context = build_context(visit_id, store_id, wave_id, lang)
    db.session.rollback()
    pdf = render_pdf(context)
    output.write_bytes(pdf)
    click.echo(f"Wrote {output} ({len(pdf):,} bytes, report {context['report']['id']}).")
