from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class StartConsultationRequest(_message.Message):
    __slots__ = ("consultation_id", "community_code", "subject", "linked_case_nos")
    CONSULTATION_ID_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_CODE_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    LINKED_CASE_NOS_FIELD_NUMBER: _ClassVar[int]
    consultation_id: str
    community_code: str
    subject: str
    linked_case_nos: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, consultation_id: _Optional[str] = ..., community_code: _Optional[str] = ..., subject: _Optional[str] = ..., linked_case_nos: _Optional[_Iterable[str]] = ...) -> None: ...

class Consultation(_message.Message):
    __slots__ = ("consultation_id", "workflow_id", "community_code", "neighbourhood_code", "company_code", "street_center_code", "subject", "parent_case_no", "linked_case_workflow_ids", "policy_version")
    CONSULTATION_ID_FIELD_NUMBER: _ClassVar[int]
    WORKFLOW_ID_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_CODE_FIELD_NUMBER: _ClassVar[int]
    NEIGHBOURHOOD_CODE_FIELD_NUMBER: _ClassVar[int]
    COMPANY_CODE_FIELD_NUMBER: _ClassVar[int]
    STREET_CENTER_CODE_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    PARENT_CASE_NO_FIELD_NUMBER: _ClassVar[int]
    LINKED_CASE_WORKFLOW_IDS_FIELD_NUMBER: _ClassVar[int]
    POLICY_VERSION_FIELD_NUMBER: _ClassVar[int]
    consultation_id: str
    workflow_id: str
    community_code: str
    neighbourhood_code: str
    company_code: str
    street_center_code: str
    subject: str
    parent_case_no: str
    linked_case_workflow_ids: _containers.RepeatedScalarFieldContainer[str]
    policy_version: str
    def __init__(self, consultation_id: _Optional[str] = ..., workflow_id: _Optional[str] = ..., community_code: _Optional[str] = ..., neighbourhood_code: _Optional[str] = ..., company_code: _Optional[str] = ..., street_center_code: _Optional[str] = ..., subject: _Optional[str] = ..., parent_case_no: _Optional[str] = ..., linked_case_workflow_ids: _Optional[_Iterable[str]] = ..., policy_version: _Optional[str] = ...) -> None: ...

class StartConsultationResponse(_message.Message):
    __slots__ = ("consultation", "replayed")
    CONSULTATION_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    consultation: Consultation
    replayed: bool
    def __init__(self, consultation: _Optional[_Union[Consultation, _Mapping]] = ..., replayed: _Optional[bool] = ...) -> None: ...

class GetConsultationRequest(_message.Message):
    __slots__ = ("consultation_id",)
    CONSULTATION_ID_FIELD_NUMBER: _ClassVar[int]
    consultation_id: str
    def __init__(self, consultation_id: _Optional[str] = ...) -> None: ...

class CouncilSeat(_message.Message):
    __slots__ = ("role", "org_code", "org_name")
    ROLE_FIELD_NUMBER: _ClassVar[int]
    ORG_CODE_FIELD_NUMBER: _ClassVar[int]
    ORG_NAME_FIELD_NUMBER: _ClassVar[int]
    role: str
    org_code: str
    org_name: str
    def __init__(self, role: _Optional[str] = ..., org_code: _Optional[str] = ..., org_name: _Optional[str] = ...) -> None: ...

class ConsultationObjection(_message.Message):
    __slots__ = ("objection_id", "raised_by", "reason")
    OBJECTION_ID_FIELD_NUMBER: _ClassVar[int]
    RAISED_BY_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    objection_id: str
    raised_by: str
    reason: str
    def __init__(self, objection_id: _Optional[str] = ..., raised_by: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ConsultationState(_message.Message):
    __slots__ = ("consultation_id", "status", "round", "seats", "meeting_at", "attendance", "quorum", "resolution", "votes", "objections", "open_tasks", "history")
    class VotesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    CONSULTATION_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ROUND_FIELD_NUMBER: _ClassVar[int]
    SEATS_FIELD_NUMBER: _ClassVar[int]
    MEETING_AT_FIELD_NUMBER: _ClassVar[int]
    ATTENDANCE_FIELD_NUMBER: _ClassVar[int]
    QUORUM_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    VOTES_FIELD_NUMBER: _ClassVar[int]
    OBJECTIONS_FIELD_NUMBER: _ClassVar[int]
    OPEN_TASKS_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    consultation_id: str
    status: str
    round: int
    seats: _containers.RepeatedCompositeFieldContainer[CouncilSeat]
    meeting_at: str
    attendance: _containers.RepeatedScalarFieldContainer[str]
    quorum: bool
    resolution: str
    votes: _containers.ScalarMap[str, int]
    objections: _containers.RepeatedCompositeFieldContainer[ConsultationObjection]
    open_tasks: _containers.RepeatedScalarFieldContainer[str]
    history: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, consultation_id: _Optional[str] = ..., status: _Optional[str] = ..., round: _Optional[int] = ..., seats: _Optional[_Iterable[_Union[CouncilSeat, _Mapping]]] = ..., meeting_at: _Optional[str] = ..., attendance: _Optional[_Iterable[str]] = ..., quorum: _Optional[bool] = ..., resolution: _Optional[str] = ..., votes: _Optional[_Mapping[str, int]] = ..., objections: _Optional[_Iterable[_Union[ConsultationObjection, _Mapping]]] = ..., open_tasks: _Optional[_Iterable[str]] = ..., history: _Optional[_Iterable[str]] = ...) -> None: ...

class GetConsultationResponse(_message.Message):
    __slots__ = ("state",)
    STATE_FIELD_NUMBER: _ClassVar[int]
    state: ConsultationState
    def __init__(self, state: _Optional[_Union[ConsultationState, _Mapping]] = ...) -> None: ...

class RaiseObjectionRequest(_message.Message):
    __slots__ = ("consultation_id", "objection_id", "reason")
    CONSULTATION_ID_FIELD_NUMBER: _ClassVar[int]
    OBJECTION_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    consultation_id: str
    objection_id: str
    reason: str
    def __init__(self, consultation_id: _Optional[str] = ..., objection_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class RaiseObjectionResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
