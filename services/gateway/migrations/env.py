from services.common.migrations import run_env
from services.gateway.models import metadata

run_env(metadata)
