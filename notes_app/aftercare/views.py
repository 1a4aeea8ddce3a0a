"""Pages of the aftercare feature."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("aftercare", __name__, url_prefix="/aftercare")
