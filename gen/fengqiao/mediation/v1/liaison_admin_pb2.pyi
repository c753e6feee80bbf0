import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CreateReferralRequest(_message.Message):
    __slots__ = ("referral_id", "case_no", "workflow_id", "organisation_code", "purpose", "summary", "agreement_text", "documents")
    REFERRAL_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NO_FIELD_NUMBER: _ClassVar[int]
    WORKFLOW_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANISATION_CODE_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    AGREEMENT_TEXT_FIELD_NUMBER: _ClassVar[int]
    DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    referral_id: str
    case_no: str
    workflow_id: str
    organisation_code: str
    purpose: str
    summary: str
    agreement_text: str
    documents: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, referral_id: _Optional[str] = ..., case_no: _Optional[str] = ..., workflow_id: _Optional[str] = ..., organisation_code: _Optional[str] = ..., purpose: _Optional[str] = ..., summary: _Optional[str] = ..., agreement_text: _Optional[str] = ..., documents: _Optional[_Iterable[str]] = ...) -> None: ...

class CreateReferralResponse(_message.Message):
    __slots__ = ("replayed",)
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    replayed: bool
    def __init__(self, replayed: _Optional[bool] = ...) -> None: ...

class CloseReferralRequest(_message.Message):
    __slots__ = ("referral_id", "status")
    REFERRAL_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    referral_id: str
    status: str
    def __init__(self, referral_id: _Optional[str] = ..., status: _Optional[str] = ...) -> None: ...

class CloseReferralResponse(_message.Message):
    __slots__ = ("status",)
    STATUS_FIELD_NUMBER: _ClassVar[int]
    status: str
    def __init__(self, status: _Optional[str] = ...) -> None: ...

class GetWebhookTargetRequest(_message.Message):
    __slots__ = ("referral_id",)
    REFERRAL_ID_FIELD_NUMBER: _ClassVar[int]
    referral_id: str
    def __init__(self, referral_id: _Optional[str] = ...) -> None: ...

class GetWebhookTargetResponse(_message.Message):
    __slots__ = ("url", "secret", "referral_id", "case_no", "organisation_code", "purpose", "summary")
    URL_FIELD_NUMBER: _ClassVar[int]
    SECRET_FIELD_NUMBER: _ClassVar[int]
    REFERRAL_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NO_FIELD_NUMBER: _ClassVar[int]
    ORGANISATION_CODE_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    url: str
    secret: str
    referral_id: str
    case_no: str
    organisation_code: str
    purpose: str
    summary: str
    def __init__(self, url: _Optional[str] = ..., secret: _Optional[str] = ..., referral_id: _Optional[str] = ..., case_no: _Optional[str] = ..., organisation_code: _Optional[str] = ..., purpose: _Optional[str] = ..., summary: _Optional[str] = ...) -> None: ...

class RecordWebhookAttemptRequest(_message.Message):
    __slots__ = ("delivery_id", "referral_id", "organisation_code", "url", "attempt", "outcome", "status_code", "error", "duration_ms")
    DELIVERY_ID_FIELD_NUMBER: _ClassVar[int]
    REFERRAL_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANISATION_CODE_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    ATTEMPT_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    STATUS_CODE_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    DURATION_MS_FIELD_NUMBER: _ClassVar[int]
    delivery_id: str
    referral_id: str
    organisation_code: str
    url: str
    attempt: int
    outcome: str
    status_code: int
    error: str
    duration_ms: int
    def __init__(self, delivery_id: _Optional[str] = ..., referral_id: _Optional[str] = ..., organisation_code: _Optional[str] = ..., url: _Optional[str] = ..., attempt: _Optional[int] = ..., outcome: _Optional[str] = ..., status_code: _Optional[int] = ..., error: _Optional[str] = ..., duration_ms: _Optional[int] = ...) -> None: ...

class RecordWebhookAttemptResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class WebhookAttempt(_message.Message):
    __slots__ = ("delivery_id", "referral_id", "organisation_code", "url", "attempt", "outcome", "status_code", "error", "duration_ms", "attempted_at")
    DELIVERY_ID_FIELD_NUMBER: _ClassVar[int]
    REFERRAL_ID_FIELD_NUMBER: _ClassVar[int]
    ORGANISATION_CODE_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    ATTEMPT_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    STATUS_CODE_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    DURATION_MS_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTED_AT_FIELD_NUMBER: _ClassVar[int]
    delivery_id: str
    referral_id: str
    organisation_code: str
    url: str
    attempt: int
    outcome: str
    status_code: int
    error: str
    duration_ms: int
    attempted_at: _timestamp_pb2.Timestamp
    def __init__(self, delivery_id: _Optional[str] = ..., referral_id: _Optional[str] = ..., organisation_code: _Optional[str] = ..., url: _Optional[str] = ..., attempt: _Optional[int] = ..., outcome: _Optional[str] = ..., status_code: _Optional[int] = ..., error: _Optional[str] = ..., duration_ms: _Optional[int] = ..., attempted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListWebhookAttemptsRequest(_message.Message):
    __slots__ = ("limit",)
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    limit: int
    def __init__(self, limit: _Optional[int] = ...) -> None: ...

class ListWebhookAttemptsResponse(_message.Message):
    __slots__ = ("attempts",)
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    attempts: _containers.RepeatedCompositeFieldContainer[WebhookAttempt]
    def __init__(self, attempts: _Optional[_Iterable[_Union[WebhookAttempt, _Mapping]]] = ...) -> None: ...

class SetWebhookEndpointRequest(_message.Message):
    __slots__ = ("organisation_code", "url", "secret")
    ORGANISATION_CODE_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    SECRET_FIELD_NUMBER: _ClassVar[int]
    organisation_code: str
    url: str
    secret: str
    def __init__(self, organisation_code: _Optional[str] = ..., url: _Optional[str] = ..., secret: _Optional[str] = ...) -> None: ...

class SetWebhookEndpointResponse(_message.Message):
    __slots__ = ("organisation_code", "url")
    ORGANISATION_CODE_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    organisation_code: str
    url: str
    def __init__(self, organisation_code: _Optional[str] = ..., url: _Optional[str] = ...) -> None: ...
