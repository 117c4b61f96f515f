"""The JSON API under /api. Each module has an APIRouter ``router``; a later capability plugs in
by adding its module name to ``API_MODULES`` (one line)."""

API_MODULES: list[str] = [
    "bemanning.web.api.auth",
    "bemanning.web.api.units",
    "bemanning.web.api.rosters",
    "bemanning.web.api.admin",
    "bemanning.web.api.jobs",
    "bemanning.web.api.planning",
    "bemanning.web.api.sickcalls",
    "bemanning.web.api.followup",
    "bemanning.web.api.scenarios",
    "bemanning.web.api.integrations",
    "bemanning.web.api.unit_import",
    "bemanning.web.api.staffing_centre",
]
