"""What the outside world needs to start ProfessionalMediationWorkflow (专业调) and send it results.

Services (the mediation service's LiaisonService above all) and the case workflow import this
module, never the workflow code itself. No personal data: payloads land in Temporal history.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fengqiao.mediation.v1 import liaison_pb2

WORKFLOW_NAME = "ProfessionalMediationWorkflow"
STATUS_QUERY = "status"
# A court or police liaison's result for a referral (DESIGN.md invariant 2): deduplicated by
# message_id, accepted only from the organisation the referral went to, kept when early.
LIAISON_RESULT_SIGNAL = "liaison_result"

# Why a case is referred to a liaison organisation.
PURPOSE_JUDICIAL_CONFIRMATION = "judicial_confirmation"  # court: 司法确认 of a mediation agreement
PURPOSE_LITIGATION = "litigation"  # court: 诉调对接, the court files the case
PURPOSE_POLICE = "police"  # police station: cases involving the station
PURPOSES = (PURPOSE_JUDICIAL_CONFIRMATION, PURPOSE_LITIGATION, PURPOSE_POLICE)

_KIND_PREFIX = "LIAISON_RESULT_KIND_"


def result_kind_name(kind: int) -> str:
    """LIAISON_RESULT_KIND_CASE_FILED → case_filed; "" for unspecified or unknown numbers."""
    if kind == liaison_pb2.LIAISON_RESULT_KIND_UNSPECIFIED or kind not in liaison_pb2.LiaisonResultKind.values():
        return ""
    return liaison_pb2.LiaisonResultKind.Name(kind).removeprefix(_KIND_PREFIX).lower()  # type: ignore[arg-type]


def result_kind_value(name: str) -> liaison_pb2.LiaisonResultKind:
    """case_filed → LIAISON_RESULT_KIND_CASE_FILED; ValueError for a name the enum lacks."""
    return liaison_pb2.LiaisonResultKind.Value(_KIND_PREFIX + name.upper())  # type: ignore[return-value]


# Result kinds: the lower-case suffixes of the proto enum fengqiao.mediation.v1.LiaisonResultKind,
# which is their one definition.
JC_APPLIED = result_kind_name(liaison_pb2.LIAISON_RESULT_KIND_JUDICIAL_CONFIRMATION_APPLIED)
JC_ACCEPTED = result_kind_name(liaison_pb2.LIAISON_RESULT_KIND_JUDICIAL_CONFIRMATION_ACCEPTED)
JC_VALID = result_kind_name(liaison_pb2.LIAISON_RESULT_KIND_JUDICIAL_CONFIRMATION_VALID)
JC_INVALID = result_kind_name(liaison_pb2.LIAISON_RESULT_KIND_JUDICIAL_CONFIRMATION_INVALID)
CASE_FILED = result_kind_name(liaison_pb2.LIAISON_RESULT_KIND_CASE_FILED)
POLICE_RESULT = result_kind_name(liaison_pb2.LIAISON_RESULT_KIND_POLICE_RESULT)
DECLINED = result_kind_name(liaison_pb2.LIAISON_RESULT_KIND_DECLINED)
RESULT_KINDS = tuple(result_kind_name(kind) for kind in liaison_pb2.LiaisonResultKind.values() if kind)
# Which kinds a referral of each purpose may receive.
KINDS_FOR_PURPOSE = {
    PURPOSE_JUDICIAL_CONFIRMATION: (JC_APPLIED, JC_ACCEPTED, JC_VALID, JC_INVALID, DECLINED),
    PURPOSE_LITIGATION: (CASE_FILED, DECLINED),
    PURPOSE_POLICE: (POLICE_RESULT, DECLINED),
}
# While a ruling is awaited, a JC_ACCEPTED result with this outcome extends the court's ruling
# period by the policy's extension (15 → 25 days by default).
RULING_EXTENDED = "ruling_extended"
# A police result with this outcome resolves the mediation (the station settled the matter).
POLICE_OUTCOME_RESOLVED = "resolved"

# How the mediation ended, as the parent case sees it.
OUTCOME_AGREEMENT = "agreement"  # agreement, not (or not validly) judicially confirmed, performed
OUTCOME_CONFIRMED = "agreement_confirmed"  # agreement ruled valid by the court
OUTCOME_RESOLVED_BY_POLICE = "resolved_by_police"
OUTCOME_TRANSFERRED = "transferred"  # the court filed the case (诉调对接): the case closes as transferred
OUTCOME_UNRESOLVED = "unresolved"  # the court declined and the mediator closed it unresolved


def workflow_id(mediation_id: str) -> str:
    return f"professional-{mediation_id}"


def referral_id(mediation_id: str, purpose: str, n: int) -> str:
    """Deterministic, so a retried activity creates one referral: e.g. 'DJ-2026-000123-p4-litigation-1'."""
    return f"{mediation_id}-{purpose}-{n}"


@dataclass(frozen=True)
class ProfessionalInput:
    mediation_id: str
    community_code: str
    neighbourhood_code: str
    company_code: str
    street_center_code: str
    # Case type (dispute category): picks the roster members who serve it, e.g. "neighbour", "group".
    case_type: str
    subject: str
    # The station is involved: its liaison gets a referral and may send results.
    involves_police: bool = False
    police_station_code: str = ""
    court_code: str = ""
    parent_case_no: str = ""
    # The deadline-policy version the parent case started with ("" = current).
    policy_version: str = ""


@dataclass(frozen=True)
class LiaisonResult:
    """One result from a liaison system, as the LiaisonService accepted it and signals it."""

    message_id: str
    referral_id: str
    organisation_code: str
    kind: str
    # Court case number such as （2026）晋0403民初123号, or the police incident number.
    reference_no: str = ""
    outcome: str = ""
    reason: str = ""
    # ISO 8601, when the service received it.
    received_at: str = ""


@dataclass(frozen=True)
class ReferralRequest:
    """Activity input: the mediation service records a referral (idempotent by referral_id)."""

    referral_id: str
    case_no: str
    workflow_id: str
    organisation_code: str
    purpose: str
    summary: str
    agreement_text: str = ""
    documents: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ReferralClosure:
    """Activity input: the referral is answered or no longer waits for the organisation."""

    referral_id: str
    status: str  # answered | withdrawn | closed


@dataclass(frozen=True)
class PanelRequest:
    mediation_id: str
    case_type: str
    community_code: str
    company_code: str


@dataclass(frozen=True)
class CaseParticipants:
    """Activity input: the panel's organisations take part in the case (their mediators see it)."""

    case_no: str
    organisation_codes: list[str]
    reason: str


@dataclass(frozen=True)
class PanelMember:
    person_id: str
    name: str
    org_code: str
    role: str  # judge | lawyer | mediator | police | housing | elder (四长五老) | counselor


@dataclass(frozen=True)
class Exclusion:
    person_id: str
    name: str
    reason: str


@dataclass(frozen=True)
class Panel:
    members: list[PanelMember]
    excluded: list[Exclusion]
    # The methods catalogue (十调法) sessions choose from, as configured when the panel was drawn.
    methods: list[str]
    # The court and police station of the community's district, from the registry.
    court_code: str = ""
    police_station_code: str = ""


@dataclass(frozen=True)
class ProfessionalResult:
    mediation_id: str
    outcome: str
    summary: str = ""
    court_case_no: str = ""
    sessions: int = 0


@dataclass
class ProfessionalState:
    mediation_id: str
    status: str
    panel: list[PanelMember] = field(default_factory=list)
    excluded: list[Exclusion] = field(default_factory=list)
    sessions: int = 0
    referrals: dict[str, str] = field(default_factory=dict)  # referral id → organisation
    pending_results: list[str] = field(default_factory=list)  # message ids kept until their step
    open_tasks: list[str] = field(default_factory=list)
    history: list[str] = field(default_factory=list)
