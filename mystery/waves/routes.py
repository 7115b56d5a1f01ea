"""Waves: coordinators plan them; client users read their own."""

import sqlalchemy as sa
from flask import current_app
from flask.views import MethodView
from flask_login import current_user

from mystery.access import by_client
from mystery.auth.services import READERS, STAFF, roles_required
from mystery.database import Blueprint, get_or_404, select_page
from mystery.listing import order, search
from mystery.waves import autoassign, services
from mystery.waves.models import Wave
from mystery.waves.schemas import (
    WAVE_SORTS,
    AutoAssignSchema,
    ProposalSchema,
    WaveCreateSchema,
    WaveQueryArgs,
    WaveSchema,
    WaveUpdateSchema,
)

blp = Blueprint("waves", __name__, url_prefix="/api/v1/waves", description="Waves")


def visible_wave(wave_id):
    """Load a wave the caller may see, or answer 404."""
    return get_or_404(Wave, wave_id, lambda s: by_client(Wave, current_user, s))


@blp.route("")
class Waves(MethodView):
    @roles_required(*READERS)
    @blp.arguments(WaveQueryArgs, location="query")
    @blp.response(200, WaveSchema(many=True))
    @blp.paginate(select_page(services.decorate))
    def get(self, args):
        """List waves, newest first."""
        statement = by_client(Wave, current_user, sa.select(Wave))
        if "client_id" in args:
            statement = statement.where(Wave.client_id == args["client_id"])
        statement = search(statement, args.get("q"), (Wave.name,))
        columns = {name: getattr(Wave, name) for name in WAVE_SORTS}
        default = (Wave.starts_on.desc(), Wave.id.desc())
        return order(statement, args.get("sort"), columns, default, Wave.id.desc())

    @roles_required(*STAFF)
    @blp.arguments(WaveCreateSchema)
    @blp.response(201, WaveSchema)
    def post(self, data):
        """Plan a wave and create its open visits."""
        wave = services.create_wave(current_user, data)
        services.decorate([wave])
        return wave, 201, {"Location": f"/api/v1/waves/{wave.id}"}


@blp.route("/<int:wave_id>")
class WaveById(MethodView):
    @roles_required(*READERS)
    @blp.response(200, WaveSchema)
    def get(self, wave_id):
        """Show a wave."""
        return services.decorate([visible_wave(wave_id)])[0]

    @roles_required(*STAFF)
    @blp.arguments(WaveUpdateSchema)
    @blp.response(200, WaveSchema)
    def patch(self, data, wave_id):
        """Rename, extend or re-price a wave, or change the scenario of its unsent visits."""
        wave = services.update_wave(current_user, visible_wave(wave_id), data)
        return services.decorate([wave])[0]


@blp.route("/<int:wave_id>/auto-assign")
class AutoAssign(MethodView):
    @roles_required(*STAFF)
    @blp.arguments(AutoAssignSchema)
    @blp.response(200, ProposalSchema)
    def post(self, data, wave_id):
        """Propose shoppers for the open visits (dry run) or apply the proposal."""
        wave = visible_wave(wave_id)
        cap = data["max_per_shopper"] or current_app.config["AUTO_ASSIGN_MAX_PER_SHOPPER"]
        proposal = autoassign.propose(wave, cap)
        proposal["dry_run"] = data["dry_run"]
        proposal["skipped"] = []
        if data["dry_run"]:
            return proposal
        pairs = data["assignments"]
        if pairs is None:
            pairs = [
                {"visit_id": a["visit_id"], "shopper_id": a["shopper_id"]}
                for a in proposal["assignments"]
            ]
        applied, skipped = autoassign.apply(wave, current_user, pairs)
        proposal.update(assignments=applied, skipped=skipped)
        return proposal
