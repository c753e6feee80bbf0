"""What the outside world needs to start and watch ConsultationWorkflow (专项调, 五方议事会).

Services and the case workflow import this module, never the workflow code itself. No personal
data: payloads land in Temporal history.
"""

from __future__ import annotations

from dataclasses import dataclass, field

WORKFLOW_NAME = "ConsultationWorkflow"
STATUS_QUERY = "status"
# A resident's objection during publicity (from the gateway or a liaison), deduplicated by id.
OBJECTION_SIGNAL = "objection"
# A case triaged into a running consultation asks to be told of its result (its workflow id).
LINK_CASE_SIGNAL = "link_case"
# Sent to every linked case other than the parent when the issue is resolved.
CASE_RESOLVED_SIGNAL = "consultation_resolved"

# The five parties of a community's council (五方), in seating order.
COUNCIL_ROLES = (
    "community_party_committee",
    "residents_committee",
    "owners_committee",
    "management_committee",
    "property_company",
)


def workflow_id(consultation_id: str) -> str:
    return f"consultation-{consultation_id}"


@dataclass(frozen=True)
class ConsultationInput:
    consultation_id: str
    community_code: str
    neighbourhood_code: str
    company_code: str
    street_center_code: str
    subject: str
    # The case that started it as a child ("" when street center staff started it on its own).
    parent_case_no: str = ""
    # Workflow ids of other cases on the same issue; each is signalled when the issue is resolved.
    linked_case_workflow_ids: list[str] = field(default_factory=list)
    # The deadline-policy version of the parent case ("" = the one its first task gets, then kept).
    policy_version: str = ""


@dataclass(frozen=True)
class CouncilSeat:
    """One of the five parties: the organisation holding the seat ("" when not constituted)."""

    role: str
    org_code: str
    org_name: str = ""


@dataclass(frozen=True)
class Objection:
    objection_id: str
    raised_by: str
    reason: str


@dataclass(frozen=True)
class ConsultationResult:
    """What the consultation returns to its parent case and sends to linked cases."""

    consultation_id: str
    status: str
    resolution: str = ""
    rounds: int = 0
    action_items_done: int = 0


@dataclass
class ConsultationState:
    consultation_id: str
    status: str
    round: int = 0
    seats: list[CouncilSeat] = field(default_factory=list)
    meeting_at: str = ""
    attendance: list[str] = field(default_factory=list)
    quorum: bool = False
    resolution: str = ""
    votes: dict[str, int] = field(default_factory=dict)
    objections: list[Objection] = field(default_factory=list)
    open_tasks: list[str] = field(default_factory=list)
    history: list[str] = field(default_factory=list)
