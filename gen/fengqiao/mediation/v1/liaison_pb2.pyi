import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class LiaisonResultKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LIAISON_RESULT_KIND_UNSPECIFIED: _ClassVar[LiaisonResultKind]
    LIAISON_RESULT_KIND_JUDICIAL_CONFIRMATION_APPLIED: _ClassVar[LiaisonResultKind]
    LIAISON_RESULT_KIND_JUDICIAL_CONFIRMATION_ACCEPTED: _ClassVar[LiaisonResultKind]
    LIAISON_RESULT_KIND_JUDICIAL_CONFIRMATION_VALID: _ClassVar[LiaisonResultKind]
    LIAISON_RESULT_KIND_JUDICIAL_CONFIRMATION_INVALID: _ClassVar[LiaisonResultKind]
    LIAISON_RESULT_KIND_CASE_FILED: _ClassVar[LiaisonResultKind]
    LIAISON_RESULT_KIND_POLICE_RESULT: _ClassVar[LiaisonResultKind]
    LIAISON_RESULT_KIND_DECLINED: _ClassVar[LiaisonResultKind]
LIAISON_RESULT_KIND_UNSPECIFIED: LiaisonResultKind
LIAISON_RESULT_KIND_JUDICIAL_CONFIRMATION_APPLIED: LiaisonResultKind
LIAISON_RESULT_KIND_JUDICIAL_CONFIRMATION_ACCEPTED: LiaisonResultKind
LIAISON_RESULT_KIND_JUDICIAL_CONFIRMATION_VALID: LiaisonResultKind
LIAISON_RESULT_KIND_JUDICIAL_CONFIRMATION_INVALID: LiaisonResultKind
LIAISON_RESULT_KIND_CASE_FILED: LiaisonResultKind
LIAISON_RESULT_KIND_POLICE_RESULT: LiaisonResultKind
LIAISON_RESULT_KIND_DECLINED: LiaisonResultKind

class Referral(_message.Message):
    __slots__ = ("referral_id", "case_no", "organisation_code", "summary", "referred_at", "status", "purpose", "allowed_kinds")
    REFERRAL_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_NO_FIELD_NUMBER: _ClassVar[int]
    ORGANISATION_CODE_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    REFERRED_AT_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    ALLOWED_KINDS_FIELD_NUMBER: _ClassVar[int]
    referral_id: str
    case_no: str
    organisation_code: str
    summary: str
    referred_at: _timestamp_pb2.Timestamp
    status: str
    purpose: str
    allowed_kinds: _containers.RepeatedScalarFieldContainer[LiaisonResultKind]
    def __init__(self, referral_id: _Optional[str] = ..., case_no: _Optional[str] = ..., organisation_code: _Optional[str] = ..., summary: _Optional[str] = ..., referred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., status: _Optional[str] = ..., purpose: _Optional[str] = ..., allowed_kinds: _Optional[_Iterable[_Union[LiaisonResultKind, str]]] = ...) -> None: ...

class Party(_message.Message):
    __slots__ = ("role", "name")
    ROLE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    role: str
    name: str
    def __init__(self, role: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class ListReferralsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListReferralsResponse(_message.Message):
    __slots__ = ("referrals", "next_page_token")
    REFERRALS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    referrals: _containers.RepeatedCompositeFieldContainer[Referral]
    next_page_token: str
    def __init__(self, referrals: _Optional[_Iterable[_Union[Referral, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetReferralRequest(_message.Message):
    __slots__ = ("referral_id",)
    REFERRAL_ID_FIELD_NUMBER: _ClassVar[int]
    referral_id: str
    def __init__(self, referral_id: _Optional[str] = ...) -> None: ...

class GetReferralResponse(_message.Message):
    __slots__ = ("referral", "agreement_text", "documents", "parties", "case_status")
    REFERRAL_FIELD_NUMBER: _ClassVar[int]
    AGREEMENT_TEXT_FIELD_NUMBER: _ClassVar[int]
    DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    PARTIES_FIELD_NUMBER: _ClassVar[int]
    CASE_STATUS_FIELD_NUMBER: _ClassVar[int]
    referral: Referral
    agreement_text: str
    documents: _containers.RepeatedScalarFieldContainer[str]
    parties: _containers.RepeatedCompositeFieldContainer[Party]
    case_status: str
    def __init__(self, referral: _Optional[_Union[Referral, _Mapping]] = ..., agreement_text: _Optional[str] = ..., documents: _Optional[_Iterable[str]] = ..., parties: _Optional[_Iterable[_Union[Party, _Mapping]]] = ..., case_status: _Optional[str] = ...) -> None: ...

class SubmitResultRequest(_message.Message):
    __slots__ = ("message_id", "referral_id", "kind", "reference_no", "outcome", "reason")
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    REFERRAL_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_NO_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    message_id: str
    referral_id: str
    kind: LiaisonResultKind
    reference_no: str
    outcome: str
    reason: str
    def __init__(self, message_id: _Optional[str] = ..., referral_id: _Optional[str] = ..., kind: _Optional[_Union[LiaisonResultKind, str]] = ..., reference_no: _Optional[str] = ..., outcome: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class SubmitResultResponse(_message.Message):
    __slots__ = ("replayed", "case_status", "message_id", "referral_id", "reference_no", "received_at")
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    CASE_STATUS_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_ID_FIELD_NUMBER: _ClassVar[int]
    REFERRAL_ID_FIELD_NUMBER: _ClassVar[int]
    REFERENCE_NO_FIELD_NUMBER: _ClassVar[int]
    RECEIVED_AT_FIELD_NUMBER: _ClassVar[int]
    replayed: bool
    case_status: str
    message_id: str
    referral_id: str
    reference_no: str
    received_at: _timestamp_pb2.Timestamp
    def __init__(self, replayed: _Optional[bool] = ..., case_status: _Optional[str] = ..., message_id: _Optional[str] = ..., referral_id: _Optional[str] = ..., reference_no: _Optional[str] = ..., received_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
