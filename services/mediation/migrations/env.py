from services.common.migrations import run_env
from services.mediation.models import metadata

run_env(metadata)
