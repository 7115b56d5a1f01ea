"""What a wave asks of the shoppers of its visits: a passed certification, where it names one."""

import sqlalchemy as sa
from flask_babel import gettext as _

from mystery.certifications.models import Certification
from mystery.certifications.services import has_passed
from mystery.extensions import db
from mystery.waves.models import Wave


def missing_certification(visit, shopper_id):
    """Say why the shopper may not take this visit for want of a pass, or return None."""
    row = db.session.execute(
        sa.select(Certification.id, Certification.name)
        .join(Wave, Wave.certification_id == Certification.id)
        .where(Wave.id == visit.wave_id)
    ).one_or_none()
    if row is None or has_passed(row.id, shopper_id):
        return None
    return _(
        "This wave requires the certification %(name)s, which the shopper has not passed.",
        name=repr(row.name),
    )
