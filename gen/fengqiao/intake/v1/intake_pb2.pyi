import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Complainant(_message.Message):
    __slots__ = ("name", "phone")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PHONE_FIELD_NUMBER: _ClassVar[int]
    name: str
    phone: str
    def __init__(self, name: _Optional[str] = ..., phone: _Optional[str] = ...) -> None: ...

class FileComplaintRequest(_message.Message):
    __slots__ = ("idempotency_key", "channel", "community", "address", "content", "complainant", "category")
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    COMPLAINANT_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    channel: str
    community: str
    address: str
    content: str
    complainant: Complainant
    category: str
    def __init__(self, idempotency_key: _Optional[str] = ..., channel: _Optional[str] = ..., community: _Optional[str] = ..., address: _Optional[str] = ..., content: _Optional[str] = ..., complainant: _Optional[_Union[Complainant, _Mapping]] = ..., category: _Optional[str] = ...) -> None: ...

class FileComplaintResponse(_message.Message):
    __slots__ = ("case", "replayed")
    CASE_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    case: Case
    replayed: bool
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ..., replayed: _Optional[bool] = ...) -> None: ...

class Case(_message.Message):
    __slots__ = ("case_no", "receipt_no", "status", "track", "escalation_level", "channel", "category", "community_code", "community_name", "neighbourhood_code", "company_code", "address", "content", "complainant", "personal_data_masked", "workflow_id", "created_at", "updated_at", "satisfaction")
    CASE_NO_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_NO_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TRACK_FIELD_NUMBER: _ClassVar[int]
    ESCALATION_LEVEL_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_CODE_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_NAME_FIELD_NUMBER: _ClassVar[int]
    NEIGHBOURHOOD_CODE_FIELD_NUMBER: _ClassVar[int]
    COMPANY_CODE_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    COMPLAINANT_FIELD_NUMBER: _ClassVar[int]
    PERSONAL_DATA_MASKED_FIELD_NUMBER: _ClassVar[int]
    WORKFLOW_ID_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    SATISFACTION_FIELD_NUMBER: _ClassVar[int]
    case_no: str
    receipt_no: str
    status: str
    track: str
    escalation_level: str
    channel: str
    category: str
    community_code: str
    community_name: str
    neighbourhood_code: str
    company_code: str
    address: str
    content: str
    complainant: Complainant
    personal_data_masked: bool
    workflow_id: str
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    satisfaction: str
    def __init__(self, case_no: _Optional[str] = ..., receipt_no: _Optional[str] = ..., status: _Optional[str] = ..., track: _Optional[str] = ..., escalation_level: _Optional[str] = ..., channel: _Optional[str] = ..., category: _Optional[str] = ..., community_code: _Optional[str] = ..., community_name: _Optional[str] = ..., neighbourhood_code: _Optional[str] = ..., company_code: _Optional[str] = ..., address: _Optional[str] = ..., content: _Optional[str] = ..., complainant: _Optional[_Union[Complainant, _Mapping]] = ..., personal_data_masked: _Optional[bool] = ..., workflow_id: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., satisfaction: _Optional[str] = ...) -> None: ...

class TimelineEvent(_message.Message):
    __slots__ = ("seq", "kind", "summary", "actor", "occurred_at", "attributes")
    class AttributesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    SEQ_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    seq: int
    kind: str
    summary: str
    actor: str
    occurred_at: _timestamp_pb2.Timestamp
    attributes: _containers.ScalarMap[str, str]
    def __init__(self, seq: _Optional[int] = ..., kind: _Optional[str] = ..., summary: _Optional[str] = ..., actor: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., attributes: _Optional[_Mapping[str, str]] = ...) -> None: ...

class GetCaseRequest(_message.Message):
    __slots__ = ("case_no",)
    CASE_NO_FIELD_NUMBER: _ClassVar[int]
    case_no: str
    def __init__(self, case_no: _Optional[str] = ...) -> None: ...

class GetCaseResponse(_message.Message):
    __slots__ = ("case", "timeline")
    CASE_FIELD_NUMBER: _ClassVar[int]
    TIMELINE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    timeline: _containers.RepeatedCompositeFieldContainer[TimelineEvent]
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ..., timeline: _Optional[_Iterable[_Union[TimelineEvent, _Mapping]]] = ...) -> None: ...

class ListCasesRequest(_message.Message):
    __slots__ = ("status", "page_size", "page_token")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    status: str
    page_size: int
    page_token: str
    def __init__(self, status: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListCasesResponse(_message.Message):
    __slots__ = ("cases", "next_page_token")
    CASES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    cases: _containers.RepeatedCompositeFieldContainer[Case]
    next_page_token: str
    def __init__(self, cases: _Optional[_Iterable[_Union[Case, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class RecordCaseEventRequest(_message.Message):
    __slots__ = ("case_no", "event_id", "kind", "summary", "actor", "attributes", "status", "track", "escalation_level", "satisfaction")
    class AttributesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    CASE_NO_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TRACK_FIELD_NUMBER: _ClassVar[int]
    ESCALATION_LEVEL_FIELD_NUMBER: _ClassVar[int]
    SATISFACTION_FIELD_NUMBER: _ClassVar[int]
    case_no: str
    event_id: str
    kind: str
    summary: str
    actor: str
    attributes: _containers.ScalarMap[str, str]
    status: str
    track: str
    escalation_level: str
    satisfaction: str
    def __init__(self, case_no: _Optional[str] = ..., event_id: _Optional[str] = ..., kind: _Optional[str] = ..., summary: _Optional[str] = ..., actor: _Optional[str] = ..., attributes: _Optional[_Mapping[str, str]] = ..., status: _Optional[str] = ..., track: _Optional[str] = ..., escalation_level: _Optional[str] = ..., satisfaction: _Optional[str] = ...) -> None: ...

class RecordCaseEventResponse(_message.Message):
    __slots__ = ("case", "replayed")
    CASE_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    case: Case
    replayed: bool
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ..., replayed: _Optional[bool] = ...) -> None: ...

class MergeCaseRequest(_message.Message):
    __slots__ = ("case_no", "into_case_no", "event_id")
    CASE_NO_FIELD_NUMBER: _ClassVar[int]
    INTO_CASE_NO_FIELD_NUMBER: _ClassVar[int]
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    case_no: str
    into_case_no: str
    event_id: str
    def __init__(self, case_no: _Optional[str] = ..., into_case_no: _Optional[str] = ..., event_id: _Optional[str] = ...) -> None: ...

class MergeCaseResponse(_message.Message):
    __slots__ = ("case", "replayed")
    CASE_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    case: Case
    replayed: bool
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ..., replayed: _Optional[bool] = ...) -> None: ...
