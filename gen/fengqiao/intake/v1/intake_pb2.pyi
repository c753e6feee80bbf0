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
    __slots__ = ("idempotency_key", "channel", "community", "address", "content", "complainant", "category", "external_ref", "location", "photos", "building", "received_at", "channel_fields")
    class ChannelFieldsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    COMPLAINANT_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_REF_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    PHOTOS_FIELD_NUMBER: _ClassVar[int]
    BUILDING_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_AT_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELDS_FIELD_NUMBER: _ClassVar[int]
    idempotency_key: str
    channel: str
    community: str
    address: str
    content: str
    complainant: Complainant
    category: str
    external_ref: str
    location: Location
    photos: _containers.RepeatedCompositeFieldContainer[PhotoMetadata]
    building: int
    received_at: _timestamp_pb2.Timestamp
    channel_fields: _containers.ScalarMap[str, str]
    def __init__(self, idempotency_key: _Optional[str] = ..., channel: _Optional[str] = ..., community: _Optional[str] = ..., address: _Optional[str] = ..., content: _Optional[str] = ..., complainant: _Optional[_Union[Complainant, _Mapping]] = ..., category: _Optional[str] = ..., external_ref: _Optional[str] = ..., location: _Optional[_Union[Location, _Mapping]] = ..., photos: _Optional[_Iterable[_Union[PhotoMetadata, _Mapping]]] = ..., building: _Optional[int] = ..., received_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., channel_fields: _Optional[_Mapping[str, str]] = ...) -> None: ...

class Location(_message.Message):
    __slots__ = ("latitude", "longitude")
    LATITUDE_FIELD_NUMBER: _ClassVar[int]
    LONGITUDE_FIELD_NUMBER: _ClassVar[int]
    latitude: float
    longitude: float
    def __init__(self, latitude: _Optional[float] = ..., longitude: _Optional[float] = ...) -> None: ...

class PhotoMetadata(_message.Message):
    __slots__ = ("file_name", "sha256", "size_bytes", "content_type", "taken_at")
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    SHA256_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    TAKEN_AT_FIELD_NUMBER: _ClassVar[int]
    file_name: str
    sha256: str
    size_bytes: int
    content_type: str
    taken_at: _timestamp_pb2.Timestamp
    def __init__(self, file_name: _Optional[str] = ..., sha256: _Optional[str] = ..., size_bytes: _Optional[int] = ..., content_type: _Optional[str] = ..., taken_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class FileComplaintResponse(_message.Message):
    __slots__ = ("case", "replayed", "complaint")
    CASE_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    COMPLAINT_FIELD_NUMBER: _ClassVar[int]
    case: Case
    replayed: bool
    complaint: Complaint
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ..., replayed: _Optional[bool] = ..., complaint: _Optional[_Union[Complaint, _Mapping]] = ...) -> None: ...

class Complaint(_message.Message):
    __slots__ = ("receipt_no", "case_no", "channel", "external_ref", "joined_existing", "notice", "token", "received_at")
    RECEIPT_NO_FIELD_NUMBER: _ClassVar[int]
    CASE_NO_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_REF_FIELD_NUMBER: _ClassVar[int]
    JOINED_EXISTING_FIELD_NUMBER: _ClassVar[int]
    NOTICE_FIELD_NUMBER: _ClassVar[int]
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_AT_FIELD_NUMBER: _ClassVar[int]
    receipt_no: str
    case_no: str
    channel: str
    external_ref: str
    joined_existing: bool
    notice: str
    token: str
    received_at: _timestamp_pb2.Timestamp
    def __init__(self, receipt_no: _Optional[str] = ..., case_no: _Optional[str] = ..., channel: _Optional[str] = ..., external_ref: _Optional[str] = ..., joined_existing: _Optional[bool] = ..., notice: _Optional[str] = ..., token: _Optional[str] = ..., received_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Case(_message.Message):
    __slots__ = ("case_no", "receipt_no", "status", "track", "escalation_level", "channel", "category", "community_code", "community_name", "neighbourhood_code", "company_code", "address", "content", "complainant", "personal_data_masked", "workflow_id", "created_at", "updated_at", "satisfaction", "building", "households", "is_group_dispute", "due_at", "category_source", "complaint_count", "suggested_category", "suggestion_probability", "suggestion_top", "model_version", "suggestion_confident", "confirmed_category")
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
    BUILDING_FIELD_NUMBER: _ClassVar[int]
    HOUSEHOLDS_FIELD_NUMBER: _ClassVar[int]
    IS_GROUP_DISPUTE_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_SOURCE_FIELD_NUMBER: _ClassVar[int]
    COMPLAINT_COUNT_FIELD_NUMBER: _ClassVar[int]
    SUGGESTED_CATEGORY_FIELD_NUMBER: _ClassVar[int]
    SUGGESTION_PROBABILITY_FIELD_NUMBER: _ClassVar[int]
    SUGGESTION_TOP_FIELD_NUMBER: _ClassVar[int]
    MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    SUGGESTION_CONFIDENT_FIELD_NUMBER: _ClassVar[int]
    CONFIRMED_CATEGORY_FIELD_NUMBER: _ClassVar[int]
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
    building: int
    households: int
    is_group_dispute: bool
    due_at: _timestamp_pb2.Timestamp
    category_source: str
    complaint_count: int
    suggested_category: str
    suggestion_probability: float
    suggestion_top: _containers.RepeatedCompositeFieldContainer[CategoryScore]
    model_version: str
    suggestion_confident: bool
    confirmed_category: str
    def __init__(self, case_no: _Optional[str] = ..., receipt_no: _Optional[str] = ..., status: _Optional[str] = ..., track: _Optional[str] = ..., escalation_level: _Optional[str] = ..., channel: _Optional[str] = ..., category: _Optional[str] = ..., community_code: _Optional[str] = ..., community_name: _Optional[str] = ..., neighbourhood_code: _Optional[str] = ..., company_code: _Optional[str] = ..., address: _Optional[str] = ..., content: _Optional[str] = ..., complainant: _Optional[_Union[Complainant, _Mapping]] = ..., personal_data_masked: _Optional[bool] = ..., workflow_id: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., satisfaction: _Optional[str] = ..., building: _Optional[int] = ..., households: _Optional[int] = ..., is_group_dispute: _Optional[bool] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., category_source: _Optional[str] = ..., complaint_count: _Optional[int] = ..., suggested_category: _Optional[str] = ..., suggestion_probability: _Optional[float] = ..., suggestion_top: _Optional[_Iterable[_Union[CategoryScore, _Mapping]]] = ..., model_version: _Optional[str] = ..., suggestion_confident: _Optional[bool] = ..., confirmed_category: _Optional[str] = ...) -> None: ...

class CategoryScore(_message.Message):
    __slots__ = ("category", "name", "probability")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PROBABILITY_FIELD_NUMBER: _ClassVar[int]
    category: str
    name: str
    probability: float
    def __init__(self, category: _Optional[str] = ..., name: _Optional[str] = ..., probability: _Optional[float] = ...) -> None: ...

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
    __slots__ = ("case_no", "timeline_page_size", "timeline_page_token", "without_timeline")
    CASE_NO_FIELD_NUMBER: _ClassVar[int]
    TIMELINE_PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    TIMELINE_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_TIMELINE_FIELD_NUMBER: _ClassVar[int]
    case_no: str
    timeline_page_size: int
    timeline_page_token: str
    without_timeline: bool
    def __init__(self, case_no: _Optional[str] = ..., timeline_page_size: _Optional[int] = ..., timeline_page_token: _Optional[str] = ..., without_timeline: _Optional[bool] = ...) -> None: ...

class GetCaseResponse(_message.Message):
    __slots__ = ("case", "timeline", "timeline_next_page_token", "timeline_total")
    CASE_FIELD_NUMBER: _ClassVar[int]
    TIMELINE_FIELD_NUMBER: _ClassVar[int]
    TIMELINE_NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TIMELINE_TOTAL_FIELD_NUMBER: _ClassVar[int]
    case: Case
    timeline: _containers.RepeatedCompositeFieldContainer[TimelineEvent]
    timeline_next_page_token: str
    timeline_total: int
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ..., timeline: _Optional[_Iterable[_Union[TimelineEvent, _Mapping]]] = ..., timeline_next_page_token: _Optional[str] = ..., timeline_total: _Optional[int] = ...) -> None: ...

class GetCasesRequest(_message.Message):
    __slots__ = ("case_nos",)
    CASE_NOS_FIELD_NUMBER: _ClassVar[int]
    case_nos: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, case_nos: _Optional[_Iterable[str]] = ...) -> None: ...

class GetCasesResponse(_message.Message):
    __slots__ = ("cases",)
    CASES_FIELD_NUMBER: _ClassVar[int]
    cases: _containers.RepeatedCompositeFieldContainer[Case]
    def __init__(self, cases: _Optional[_Iterable[_Union[Case, _Mapping]]] = ...) -> None: ...

class CountCasesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class CountCasesResponse(_message.Message):
    __slots__ = ("total", "by_status", "by_track", "by_escalation_level", "by_community")
    class ByStatusEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    class ByTrackEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    class ByEscalationLevelEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    class ByCommunityEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    BY_STATUS_FIELD_NUMBER: _ClassVar[int]
    BY_TRACK_FIELD_NUMBER: _ClassVar[int]
    BY_ESCALATION_LEVEL_FIELD_NUMBER: _ClassVar[int]
    BY_COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    total: int
    by_status: _containers.ScalarMap[str, int]
    by_track: _containers.ScalarMap[str, int]
    by_escalation_level: _containers.ScalarMap[str, int]
    by_community: _containers.ScalarMap[str, int]
    def __init__(self, total: _Optional[int] = ..., by_status: _Optional[_Mapping[str, int]] = ..., by_track: _Optional[_Mapping[str, int]] = ..., by_escalation_level: _Optional[_Mapping[str, int]] = ..., by_community: _Optional[_Mapping[str, int]] = ...) -> None: ...

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

class CaseEventEntry(_message.Message):
    __slots__ = ("event_id", "kind", "summary", "actor", "attributes", "status", "track", "escalation_level", "satisfaction", "occurred_at")
    class AttributesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    TRACK_FIELD_NUMBER: _ClassVar[int]
    ESCALATION_LEVEL_FIELD_NUMBER: _ClassVar[int]
    SATISFACTION_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    kind: str
    summary: str
    actor: str
    attributes: _containers.ScalarMap[str, str]
    status: str
    track: str
    escalation_level: str
    satisfaction: str
    occurred_at: _timestamp_pb2.Timestamp
    def __init__(self, event_id: _Optional[str] = ..., kind: _Optional[str] = ..., summary: _Optional[str] = ..., actor: _Optional[str] = ..., attributes: _Optional[_Mapping[str, str]] = ..., status: _Optional[str] = ..., track: _Optional[str] = ..., escalation_level: _Optional[str] = ..., satisfaction: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RecordCaseEventsRequest(_message.Message):
    __slots__ = ("case_no", "events")
    CASE_NO_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    case_no: str
    events: _containers.RepeatedCompositeFieldContainer[CaseEventEntry]
    def __init__(self, case_no: _Optional[str] = ..., events: _Optional[_Iterable[_Union[CaseEventEntry, _Mapping]]] = ...) -> None: ...

class RecordCaseEventsResponse(_message.Message):
    __slots__ = ("case", "recorded", "replayed")
    CASE_FIELD_NUMBER: _ClassVar[int]
    RECORDED_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    case: Case
    recorded: int
    replayed: int
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ..., recorded: _Optional[int] = ..., replayed: _Optional[int] = ...) -> None: ...

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

class AddCaseParticipantsRequest(_message.Message):
    __slots__ = ("case_no", "organisation_codes", "reason")
    CASE_NO_FIELD_NUMBER: _ClassVar[int]
    ORGANISATION_CODES_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    case_no: str
    organisation_codes: _containers.RepeatedScalarFieldContainer[str]
    reason: str
    def __init__(self, case_no: _Optional[str] = ..., organisation_codes: _Optional[_Iterable[str]] = ..., reason: _Optional[str] = ...) -> None: ...

class AddCaseParticipantsResponse(_message.Message):
    __slots__ = ("organisation_codes",)
    ORGANISATION_CODES_FIELD_NUMBER: _ClassVar[int]
    organisation_codes: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, organisation_codes: _Optional[_Iterable[str]] = ...) -> None: ...

class ImportHotlineOrdersRequest(_message.Message):
    __slots__ = ("content", "file_name", "column_map")
    class ColumnMapEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    FILE_NAME_FIELD_NUMBER: _ClassVar[int]
    COLUMN_MAP_FIELD_NUMBER: _ClassVar[int]
    content: bytes
    file_name: str
    column_map: _containers.ScalarMap[str, str]
    def __init__(self, content: _Optional[bytes] = ..., file_name: _Optional[str] = ..., column_map: _Optional[_Mapping[str, str]] = ...) -> None: ...

class ImportRowResult(_message.Message):
    __slots__ = ("row", "external_ref", "outcome", "case_no", "receipt_no", "joined_existing", "field", "message")
    ROW_FIELD_NUMBER: _ClassVar[int]
    EXTERNAL_REF_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    CASE_NO_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_NO_FIELD_NUMBER: _ClassVar[int]
    JOINED_EXISTING_FIELD_NUMBER: _ClassVar[int]
    FIELD_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    row: int
    external_ref: str
    outcome: str
    case_no: str
    receipt_no: str
    joined_existing: bool
    field: str
    message: str
    def __init__(self, row: _Optional[int] = ..., external_ref: _Optional[str] = ..., outcome: _Optional[str] = ..., case_no: _Optional[str] = ..., receipt_no: _Optional[str] = ..., joined_existing: _Optional[bool] = ..., field: _Optional[str] = ..., message: _Optional[str] = ...) -> None: ...

class ImportHotlineOrdersResponse(_message.Message):
    __slots__ = ("rows", "taken", "already_imported", "refused")
    ROWS_FIELD_NUMBER: _ClassVar[int]
    TAKEN_FIELD_NUMBER: _ClassVar[int]
    ALREADY_IMPORTED_FIELD_NUMBER: _ClassVar[int]
    REFUSED_FIELD_NUMBER: _ClassVar[int]
    rows: _containers.RepeatedCompositeFieldContainer[ImportRowResult]
    taken: int
    already_imported: int
    refused: int
    def __init__(self, rows: _Optional[_Iterable[_Union[ImportRowResult, _Mapping]]] = ..., taken: _Optional[int] = ..., already_imported: _Optional[int] = ..., refused: _Optional[int] = ...) -> None: ...

class TrackComplaintRequest(_message.Message):
    __slots__ = ("receipt_no",)
    RECEIPT_NO_FIELD_NUMBER: _ClassVar[int]
    receipt_no: str
    def __init__(self, receipt_no: _Optional[str] = ...) -> None: ...

class PublicCase(_message.Message):
    __slots__ = ("case_no", "category", "category_name", "status", "status_label", "community_name", "building", "requested_at", "updated_at", "expected_at", "description", "location", "has_location", "channel")
    CASE_NO_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_NAME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    STATUS_LABEL_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_NAME_FIELD_NUMBER: _ClassVar[int]
    BUILDING_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_AT_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    HAS_LOCATION_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    case_no: str
    category: str
    category_name: str
    status: str
    status_label: str
    community_name: str
    building: int
    requested_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    expected_at: _timestamp_pb2.Timestamp
    description: str
    location: Location
    has_location: bool
    channel: str
    def __init__(self, case_no: _Optional[str] = ..., category: _Optional[str] = ..., category_name: _Optional[str] = ..., status: _Optional[str] = ..., status_label: _Optional[str] = ..., community_name: _Optional[str] = ..., building: _Optional[int] = ..., requested_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expected_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., description: _Optional[str] = ..., location: _Optional[_Union[Location, _Mapping]] = ..., has_location: _Optional[bool] = ..., channel: _Optional[str] = ...) -> None: ...

class PublicEvent(_message.Message):
    __slots__ = ("kind", "label", "occurred_at")
    KIND_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    kind: str
    label: str
    occurred_at: _timestamp_pb2.Timestamp
    def __init__(self, kind: _Optional[str] = ..., label: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class TrackComplaintResponse(_message.Message):
    __slots__ = ("case", "receipt_no", "received_at", "joined_existing", "events")
    CASE_FIELD_NUMBER: _ClassVar[int]
    RECEIPT_NO_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_AT_FIELD_NUMBER: _ClassVar[int]
    JOINED_EXISTING_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    case: PublicCase
    receipt_no: str
    received_at: _timestamp_pb2.Timestamp
    joined_existing: bool
    events: _containers.RepeatedCompositeFieldContainer[PublicEvent]
    def __init__(self, case: _Optional[_Union[PublicCase, _Mapping]] = ..., receipt_no: _Optional[str] = ..., received_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., joined_existing: _Optional[bool] = ..., events: _Optional[_Iterable[_Union[PublicEvent, _Mapping]]] = ...) -> None: ...

class ListCategoriesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class Category(_message.Message):
    __slots__ = ("code", "name", "name_en", "group", "group_name", "description", "keywords")
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    NAME_EN_FIELD_NUMBER: _ClassVar[int]
    GROUP_FIELD_NUMBER: _ClassVar[int]
    GROUP_NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    KEYWORDS_FIELD_NUMBER: _ClassVar[int]
    code: str
    name: str
    name_en: str
    group: str
    group_name: str
    description: str
    keywords: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, code: _Optional[str] = ..., name: _Optional[str] = ..., name_en: _Optional[str] = ..., group: _Optional[str] = ..., group_name: _Optional[str] = ..., description: _Optional[str] = ..., keywords: _Optional[_Iterable[str]] = ...) -> None: ...

class ListCategoriesResponse(_message.Message):
    __slots__ = ("categories",)
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    categories: _containers.RepeatedCompositeFieldContainer[Category]
    def __init__(self, categories: _Optional[_Iterable[_Union[Category, _Mapping]]] = ...) -> None: ...

class SetCaseCategoryRequest(_message.Message):
    __slots__ = ("case_no", "category", "reason")
    CASE_NO_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    case_no: str
    category: str
    reason: str
    def __init__(self, case_no: _Optional[str] = ..., category: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class SetCaseCategoryResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class ListServiceRequestsRequest(_message.Message):
    __slots__ = ("case_nos", "categories", "start", "end", "states", "limit")
    CASE_NOS_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    STATES_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    case_nos: _containers.RepeatedScalarFieldContainer[str]
    categories: _containers.RepeatedScalarFieldContainer[str]
    start: _timestamp_pb2.Timestamp
    end: _timestamp_pb2.Timestamp
    states: _containers.RepeatedScalarFieldContainer[str]
    limit: int
    def __init__(self, case_nos: _Optional[_Iterable[str]] = ..., categories: _Optional[_Iterable[str]] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., states: _Optional[_Iterable[str]] = ..., limit: _Optional[int] = ...) -> None: ...

class ListServiceRequestsResponse(_message.Message):
    __slots__ = ("cases",)
    CASES_FIELD_NUMBER: _ClassVar[int]
    cases: _containers.RepeatedCompositeFieldContainer[PublicCase]
    def __init__(self, cases: _Optional[_Iterable[_Union[PublicCase, _Mapping]]] = ...) -> None: ...

class LookupTokenRequest(_message.Message):
    __slots__ = ("token",)
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    token: str
    def __init__(self, token: _Optional[str] = ...) -> None: ...

class LookupTokenResponse(_message.Message):
    __slots__ = ("token", "case_no")
    TOKEN_FIELD_NUMBER: _ClassVar[int]
    CASE_NO_FIELD_NUMBER: _ClassVar[int]
    token: str
    case_no: str
    def __init__(self, token: _Optional[str] = ..., case_no: _Optional[str] = ...) -> None: ...

class PreviewComplaintRequest(_message.Message):
    __slots__ = ("community", "address", "building", "category", "content")
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    BUILDING_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    community: str
    address: str
    building: int
    category: str
    content: str
    def __init__(self, community: _Optional[str] = ..., address: _Optional[str] = ..., building: _Optional[int] = ..., category: _Optional[str] = ..., content: _Optional[str] = ...) -> None: ...

class DuplicateCandidate(_message.Message):
    __slots__ = ("case_no", "status", "category", "building", "summary", "created_at", "would_join")
    CASE_NO_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    BUILDING_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    WOULD_JOIN_FIELD_NUMBER: _ClassVar[int]
    case_no: str
    status: str
    category: str
    building: int
    summary: str
    created_at: _timestamp_pb2.Timestamp
    would_join: bool
    def __init__(self, case_no: _Optional[str] = ..., status: _Optional[str] = ..., category: _Optional[str] = ..., building: _Optional[int] = ..., summary: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., would_join: _Optional[bool] = ...) -> None: ...

class PreviewComplaintResponse(_message.Message):
    __slots__ = ("community_code", "community_name", "building", "suggested_category", "suggested_category_name", "suggested_probability", "top", "confident", "category", "candidates")
    COMMUNITY_CODE_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_NAME_FIELD_NUMBER: _ClassVar[int]
    BUILDING_FIELD_NUMBER: _ClassVar[int]
    SUGGESTED_CATEGORY_FIELD_NUMBER: _ClassVar[int]
    SUGGESTED_CATEGORY_NAME_FIELD_NUMBER: _ClassVar[int]
    SUGGESTED_PROBABILITY_FIELD_NUMBER: _ClassVar[int]
    TOP_FIELD_NUMBER: _ClassVar[int]
    CONFIDENT_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    CANDIDATES_FIELD_NUMBER: _ClassVar[int]
    community_code: str
    community_name: str
    building: int
    suggested_category: str
    suggested_category_name: str
    suggested_probability: float
    top: _containers.RepeatedCompositeFieldContainer[CategoryScore]
    confident: bool
    category: str
    candidates: _containers.RepeatedCompositeFieldContainer[DuplicateCandidate]
    def __init__(self, community_code: _Optional[str] = ..., community_name: _Optional[str] = ..., building: _Optional[int] = ..., suggested_category: _Optional[str] = ..., suggested_category_name: _Optional[str] = ..., suggested_probability: _Optional[float] = ..., top: _Optional[_Iterable[_Union[CategoryScore, _Mapping]]] = ..., confident: _Optional[bool] = ..., category: _Optional[str] = ..., candidates: _Optional[_Iterable[_Union[DuplicateCandidate, _Mapping]]] = ...) -> None: ...

class SuggestCategoryRequest(_message.Message):
    __slots__ = ("text", "channel")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    text: str
    channel: str
    def __init__(self, text: _Optional[str] = ..., channel: _Optional[str] = ...) -> None: ...

class SuggestCategoryResponse(_message.Message):
    __slots__ = ("category", "name", "probability", "top", "model_version", "confident")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PROBABILITY_FIELD_NUMBER: _ClassVar[int]
    TOP_FIELD_NUMBER: _ClassVar[int]
    MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    CONFIDENT_FIELD_NUMBER: _ClassVar[int]
    category: str
    name: str
    probability: float
    top: _containers.RepeatedCompositeFieldContainer[CategoryScore]
    model_version: str
    confident: bool
    def __init__(self, category: _Optional[str] = ..., name: _Optional[str] = ..., probability: _Optional[float] = ..., top: _Optional[_Iterable[_Union[CategoryScore, _Mapping]]] = ..., model_version: _Optional[str] = ..., confident: _Optional[bool] = ...) -> None: ...

class GetSuggestionAccuracyRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class SuggestionMonth(_message.Message):
    __slots__ = ("month", "confirmed", "agreed")
    MONTH_FIELD_NUMBER: _ClassVar[int]
    CONFIRMED_FIELD_NUMBER: _ClassVar[int]
    AGREED_FIELD_NUMBER: _ClassVar[int]
    month: str
    confirmed: int
    agreed: int
    def __init__(self, month: _Optional[str] = ..., confirmed: _Optional[int] = ..., agreed: _Optional[int] = ...) -> None: ...

class GetSuggestionAccuracyResponse(_message.Message):
    __slots__ = ("months", "model_version")
    MONTHS_FIELD_NUMBER: _ClassVar[int]
    MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    months: _containers.RepeatedCompositeFieldContainer[SuggestionMonth]
    model_version: str
    def __init__(self, months: _Optional[_Iterable[_Union[SuggestionMonth, _Mapping]]] = ..., model_version: _Optional[str] = ...) -> None: ...
