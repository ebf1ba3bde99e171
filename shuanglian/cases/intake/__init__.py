"""Intake (诉求受理入口): every channel ends in `case_submit`.

validation.py  the rules every submission is checked against (Chinese messages, all at once)
stations.py    the station behind a QR token, memoized across processes with a version token
services.py    case_submit: the one write path for a new case
views.py       the public pages: QR form, tracking page, rating (no account: a tracking code)
api.py         the public JSON API for the same; open311.py the GeoReport v2 endpoint
throttles.py   the per-address and per-station rate limits of the public channels
ledger.py      the staff's Excel ledger (台账) import
"""

from .services import case_submit
from .stations import GENERATION_KEY, one_lookup, station_for_token, stations_changed
from .validation import (
    ALLOWED_TYPES_LABEL,
    CONSENT_NOTICE,
    MAX_ATTACHMENTS,
    IntakeInvalid,
    clean_submission,
    sniff_type,
)

__all__ = [
    "ALLOWED_TYPES_LABEL", "CONSENT_NOTICE", "GENERATION_KEY", "MAX_ATTACHMENTS", "IntakeInvalid", "case_submit",
    "clean_submission", "one_lookup", "sniff_type", "station_for_token", "stations_changed",
]
