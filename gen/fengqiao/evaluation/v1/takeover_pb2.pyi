from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ListTakeoversRequest(_message.Message):
    __slots__ = ("subdistrict_code", "bundle_id")
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    BUNDLE_ID_FIELD_NUMBER: _ClassVar[int]
    subdistrict_code: str
    bundle_id: str
    def __init__(self, subdistrict_code: _Optional[str] = ..., bundle_id: _Optional[str] = ...) -> None: ...

class TakeoverStep(_message.Message):
    __slots__ = ("community_code", "community_name", "status", "handed_over_at", "well_managed_at")
    COMMUNITY_CODE_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_NAME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    HANDED_OVER_AT_FIELD_NUMBER: _ClassVar[int]
    WELL_MANAGED_AT_FIELD_NUMBER: _ClassVar[int]
    community_code: str
    community_name: str
    status: str
    handed_over_at: str
    well_managed_at: str
    def __init__(self, community_code: _Optional[str] = ..., community_name: _Optional[str] = ..., status: _Optional[str] = ..., handed_over_at: _Optional[str] = ..., well_managed_at: _Optional[str] = ...) -> None: ...

class TakeoverBundleView(_message.Message):
    __slots__ = ("bundle_id", "lead_company_code", "lead_company_name", "status", "created_at", "workflow_id", "communities")
    BUNDLE_ID_FIELD_NUMBER: _ClassVar[int]
    LEAD_COMPANY_CODE_FIELD_NUMBER: _ClassVar[int]
    LEAD_COMPANY_NAME_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    WORKFLOW_ID_FIELD_NUMBER: _ClassVar[int]
    COMMUNITIES_FIELD_NUMBER: _ClassVar[int]
    bundle_id: str
    lead_company_code: str
    lead_company_name: str
    status: str
    created_at: str
    workflow_id: str
    communities: _containers.RepeatedCompositeFieldContainer[TakeoverStep]
    def __init__(self, bundle_id: _Optional[str] = ..., lead_company_code: _Optional[str] = ..., lead_company_name: _Optional[str] = ..., status: _Optional[str] = ..., created_at: _Optional[str] = ..., workflow_id: _Optional[str] = ..., communities: _Optional[_Iterable[_Union[TakeoverStep, _Mapping]]] = ...) -> None: ...

class ListTakeoversResponse(_message.Message):
    __slots__ = ("bundles",)
    BUNDLES_FIELD_NUMBER: _ClassVar[int]
    bundles: _containers.RepeatedCompositeFieldContainer[TakeoverBundleView]
    def __init__(self, bundles: _Optional[_Iterable[_Union[TakeoverBundleView, _Mapping]]] = ...) -> None: ...
