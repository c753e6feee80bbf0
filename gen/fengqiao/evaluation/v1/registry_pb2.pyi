from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ManagementStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MANAGEMENT_STATUS_UNSPECIFIED: _ClassVar[ManagementStatus]
    MANAGEMENT_STATUS_UNMANAGED: _ClassVar[ManagementStatus]
    MANAGEMENT_STATUS_TAKEN_OVER: _ClassVar[ManagementStatus]
    MANAGEMENT_STATUS_WELL_MANAGED: _ClassVar[ManagementStatus]
MANAGEMENT_STATUS_UNSPECIFIED: ManagementStatus
MANAGEMENT_STATUS_UNMANAGED: ManagementStatus
MANAGEMENT_STATUS_TAKEN_OVER: ManagementStatus
MANAGEMENT_STATUS_WELL_MANAGED: ManagementStatus

class Organisation(_message.Message):
    __slots__ = ("code", "name", "kind", "parent_code")
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PARENT_CODE_FIELD_NUMBER: _ClassVar[int]
    code: str
    name: str
    kind: str
    parent_code: str
    def __init__(self, code: _Optional[str] = ..., name: _Optional[str] = ..., kind: _Optional[str] = ..., parent_code: _Optional[str] = ...) -> None: ...

class Community(_message.Message):
    __slots__ = ("code", "name", "neighbourhood_code", "subdistrict_code", "company_code", "households", "residents", "buildings", "is_old", "management_status")
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    NEIGHBOURHOOD_CODE_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    COMPANY_CODE_FIELD_NUMBER: _ClassVar[int]
    HOUSEHOLDS_FIELD_NUMBER: _ClassVar[int]
    RESIDENTS_FIELD_NUMBER: _ClassVar[int]
    BUILDINGS_FIELD_NUMBER: _ClassVar[int]
    IS_OLD_FIELD_NUMBER: _ClassVar[int]
    MANAGEMENT_STATUS_FIELD_NUMBER: _ClassVar[int]
    code: str
    name: str
    neighbourhood_code: str
    subdistrict_code: str
    company_code: str
    households: int
    residents: int
    buildings: int
    is_old: bool
    management_status: ManagementStatus
    def __init__(self, code: _Optional[str] = ..., name: _Optional[str] = ..., neighbourhood_code: _Optional[str] = ..., subdistrict_code: _Optional[str] = ..., company_code: _Optional[str] = ..., households: _Optional[int] = ..., residents: _Optional[int] = ..., buildings: _Optional[int] = ..., is_old: _Optional[bool] = ..., management_status: _Optional[_Union[ManagementStatus, str]] = ...) -> None: ...

class ResolveCommunityRequest(_message.Message):
    __slots__ = ("query",)
    QUERY_FIELD_NUMBER: _ClassVar[int]
    query: str
    def __init__(self, query: _Optional[str] = ...) -> None: ...

class ResolveCommunityResponse(_message.Message):
    __slots__ = ("community",)
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    community: Community
    def __init__(self, community: _Optional[_Union[Community, _Mapping]] = ...) -> None: ...

class ListCommunitiesRequest(_message.Message):
    __slots__ = ("neighbourhood_code", "page_size", "page_token")
    NEIGHBOURHOOD_CODE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    neighbourhood_code: str
    page_size: int
    page_token: str
    def __init__(self, neighbourhood_code: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListCommunitiesResponse(_message.Message):
    __slots__ = ("communities", "next_page_token")
    COMMUNITIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    communities: _containers.RepeatedCompositeFieldContainer[Community]
    next_page_token: str
    def __init__(self, communities: _Optional[_Iterable[_Union[Community, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetOrganisationRequest(_message.Message):
    __slots__ = ("code",)
    CODE_FIELD_NUMBER: _ClassVar[int]
    code: str
    def __init__(self, code: _Optional[str] = ...) -> None: ...

class GetOrganisationResponse(_message.Message):
    __slots__ = ("organisation",)
    ORGANISATION_FIELD_NUMBER: _ClassVar[int]
    organisation: Organisation
    def __init__(self, organisation: _Optional[_Union[Organisation, _Mapping]] = ...) -> None: ...

class ListOrganisationsRequest(_message.Message):
    __slots__ = ("kind",)
    KIND_FIELD_NUMBER: _ClassVar[int]
    kind: str
    def __init__(self, kind: _Optional[str] = ...) -> None: ...

class ListOrganisationsResponse(_message.Message):
    __slots__ = ("organisations",)
    ORGANISATIONS_FIELD_NUMBER: _ClassVar[int]
    organisations: _containers.RepeatedCompositeFieldContainer[Organisation]
    def __init__(self, organisations: _Optional[_Iterable[_Union[Organisation, _Mapping]]] = ...) -> None: ...
