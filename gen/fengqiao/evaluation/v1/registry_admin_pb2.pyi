from fengqiao.evaluation.v1 import registry_pb2 as _registry_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RegistryKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REGISTRY_KIND_UNSPECIFIED: _ClassVar[RegistryKind]
    REGISTRY_KIND_NEIGHBOURHOOD: _ClassVar[RegistryKind]
    REGISTRY_KIND_COMMUNITY: _ClassVar[RegistryKind]
    REGISTRY_KIND_PROPERTY_COMPANY: _ClassVar[RegistryKind]
    REGISTRY_KIND_OWNERS_COMMITTEE: _ClassVar[RegistryKind]
REGISTRY_KIND_UNSPECIFIED: RegistryKind
REGISTRY_KIND_NEIGHBOURHOOD: RegistryKind
REGISTRY_KIND_COMMUNITY: RegistryKind
REGISTRY_KIND_PROPERTY_COMPANY: RegistryKind
REGISTRY_KIND_OWNERS_COMMITTEE: RegistryKind

class RegistryEntry(_message.Message):
    __slots__ = ("kind", "code", "name", "parent_code", "subdistrict_code", "retired_at", "community")
    KIND_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PARENT_CODE_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    RETIRED_AT_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    kind: RegistryKind
    code: str
    name: str
    parent_code: str
    subdistrict_code: str
    retired_at: str
    community: _registry_pb2.Community
    def __init__(self, kind: _Optional[_Union[RegistryKind, str]] = ..., code: _Optional[str] = ..., name: _Optional[str] = ..., parent_code: _Optional[str] = ..., subdistrict_code: _Optional[str] = ..., retired_at: _Optional[str] = ..., community: _Optional[_Union[_registry_pb2.Community, _Mapping]] = ...) -> None: ...

class SearchRegistryRequest(_message.Message):
    __slots__ = ("kind", "query", "include_retired")
    KIND_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_RETIRED_FIELD_NUMBER: _ClassVar[int]
    kind: RegistryKind
    query: str
    include_retired: bool
    def __init__(self, kind: _Optional[_Union[RegistryKind, str]] = ..., query: _Optional[str] = ..., include_retired: _Optional[bool] = ...) -> None: ...

class SearchRegistryResponse(_message.Message):
    __slots__ = ("entries",)
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[RegistryEntry]
    def __init__(self, entries: _Optional[_Iterable[_Union[RegistryEntry, _Mapping]]] = ...) -> None: ...

class SaveOrganisationRequest(_message.Message):
    __slots__ = ("kind", "code", "name", "parent_code", "create")
    KIND_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PARENT_CODE_FIELD_NUMBER: _ClassVar[int]
    CREATE_FIELD_NUMBER: _ClassVar[int]
    kind: RegistryKind
    code: str
    name: str
    parent_code: str
    create: bool
    def __init__(self, kind: _Optional[_Union[RegistryKind, str]] = ..., code: _Optional[str] = ..., name: _Optional[str] = ..., parent_code: _Optional[str] = ..., create: _Optional[bool] = ...) -> None: ...

class SaveOrganisationResponse(_message.Message):
    __slots__ = ("entry", "changes_json")
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    CHANGES_JSON_FIELD_NUMBER: _ClassVar[int]
    entry: RegistryEntry
    changes_json: str
    def __init__(self, entry: _Optional[_Union[RegistryEntry, _Mapping]] = ..., changes_json: _Optional[str] = ...) -> None: ...

class SaveCommunityRequest(_message.Message):
    __slots__ = ("code", "name", "neighbourhood_code", "company_code", "households", "residents", "buildings", "is_old", "create")
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    NEIGHBOURHOOD_CODE_FIELD_NUMBER: _ClassVar[int]
    COMPANY_CODE_FIELD_NUMBER: _ClassVar[int]
    HOUSEHOLDS_FIELD_NUMBER: _ClassVar[int]
    RESIDENTS_FIELD_NUMBER: _ClassVar[int]
    BUILDINGS_FIELD_NUMBER: _ClassVar[int]
    IS_OLD_FIELD_NUMBER: _ClassVar[int]
    CREATE_FIELD_NUMBER: _ClassVar[int]
    code: str
    name: str
    neighbourhood_code: str
    company_code: str
    households: int
    residents: int
    buildings: int
    is_old: bool
    create: bool
    def __init__(self, code: _Optional[str] = ..., name: _Optional[str] = ..., neighbourhood_code: _Optional[str] = ..., company_code: _Optional[str] = ..., households: _Optional[int] = ..., residents: _Optional[int] = ..., buildings: _Optional[int] = ..., is_old: _Optional[bool] = ..., create: _Optional[bool] = ...) -> None: ...

class SaveCommunityResponse(_message.Message):
    __slots__ = ("entry", "changes_json")
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    CHANGES_JSON_FIELD_NUMBER: _ClassVar[int]
    entry: RegistryEntry
    changes_json: str
    def __init__(self, entry: _Optional[_Union[RegistryEntry, _Mapping]] = ..., changes_json: _Optional[str] = ...) -> None: ...

class RetireRequest(_message.Message):
    __slots__ = ("code",)
    CODE_FIELD_NUMBER: _ClassVar[int]
    code: str
    def __init__(self, code: _Optional[str] = ...) -> None: ...

class RetireResponse(_message.Message):
    __slots__ = ("entry", "replayed")
    ENTRY_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    entry: RegistryEntry
    replayed: bool
    def __init__(self, entry: _Optional[_Union[RegistryEntry, _Mapping]] = ..., replayed: _Optional[bool] = ...) -> None: ...

class Appointment(_message.Message):
    __slots__ = ("person_id", "person_name", "is_party_member", "org_code", "org_name", "org_kind", "post", "starts_on", "ends_on")
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    PERSON_NAME_FIELD_NUMBER: _ClassVar[int]
    IS_PARTY_MEMBER_FIELD_NUMBER: _ClassVar[int]
    ORG_CODE_FIELD_NUMBER: _ClassVar[int]
    ORG_NAME_FIELD_NUMBER: _ClassVar[int]
    ORG_KIND_FIELD_NUMBER: _ClassVar[int]
    POST_FIELD_NUMBER: _ClassVar[int]
    STARTS_ON_FIELD_NUMBER: _ClassVar[int]
    ENDS_ON_FIELD_NUMBER: _ClassVar[int]
    person_id: str
    person_name: str
    is_party_member: bool
    org_code: str
    org_name: str
    org_kind: str
    post: str
    starts_on: str
    ends_on: str
    def __init__(self, person_id: _Optional[str] = ..., person_name: _Optional[str] = ..., is_party_member: _Optional[bool] = ..., org_code: _Optional[str] = ..., org_name: _Optional[str] = ..., org_kind: _Optional[str] = ..., post: _Optional[str] = ..., starts_on: _Optional[str] = ..., ends_on: _Optional[str] = ...) -> None: ...

class ListAppointmentsRequest(_message.Message):
    __slots__ = ("org_code", "include_ended")
    ORG_CODE_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_ENDED_FIELD_NUMBER: _ClassVar[int]
    org_code: str
    include_ended: bool
    def __init__(self, org_code: _Optional[str] = ..., include_ended: _Optional[bool] = ...) -> None: ...

class ListAppointmentsResponse(_message.Message):
    __slots__ = ("appointments",)
    APPOINTMENTS_FIELD_NUMBER: _ClassVar[int]
    appointments: _containers.RepeatedCompositeFieldContainer[Appointment]
    def __init__(self, appointments: _Optional[_Iterable[_Union[Appointment, _Mapping]]] = ...) -> None: ...

class SaveAppointmentRequest(_message.Message):
    __slots__ = ("person_id", "person_name", "is_party_member", "org_code", "post", "starts_on", "ends_on")
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    PERSON_NAME_FIELD_NUMBER: _ClassVar[int]
    IS_PARTY_MEMBER_FIELD_NUMBER: _ClassVar[int]
    ORG_CODE_FIELD_NUMBER: _ClassVar[int]
    POST_FIELD_NUMBER: _ClassVar[int]
    STARTS_ON_FIELD_NUMBER: _ClassVar[int]
    ENDS_ON_FIELD_NUMBER: _ClassVar[int]
    person_id: str
    person_name: str
    is_party_member: bool
    org_code: str
    post: str
    starts_on: str
    ends_on: str
    def __init__(self, person_id: _Optional[str] = ..., person_name: _Optional[str] = ..., is_party_member: _Optional[bool] = ..., org_code: _Optional[str] = ..., post: _Optional[str] = ..., starts_on: _Optional[str] = ..., ends_on: _Optional[str] = ...) -> None: ...

class SaveAppointmentResponse(_message.Message):
    __slots__ = ("appointment", "created")
    APPOINTMENT_FIELD_NUMBER: _ClassVar[int]
    CREATED_FIELD_NUMBER: _ClassVar[int]
    appointment: Appointment
    created: bool
    def __init__(self, appointment: _Optional[_Union[Appointment, _Mapping]] = ..., created: _Optional[bool] = ...) -> None: ...

class ImportRegistryRequest(_message.Message):
    __slots__ = ("workbook",)
    WORKBOOK_FIELD_NUMBER: _ClassVar[int]
    workbook: bytes
    def __init__(self, workbook: _Optional[bytes] = ...) -> None: ...

class ImportRegistryResponse(_message.Message):
    __slots__ = ("neighbourhoods", "companies", "communities", "committees", "appointments")
    NEIGHBOURHOODS_FIELD_NUMBER: _ClassVar[int]
    COMPANIES_FIELD_NUMBER: _ClassVar[int]
    COMMUNITIES_FIELD_NUMBER: _ClassVar[int]
    COMMITTEES_FIELD_NUMBER: _ClassVar[int]
    APPOINTMENTS_FIELD_NUMBER: _ClassVar[int]
    neighbourhoods: int
    companies: int
    communities: int
    committees: int
    appointments: int
    def __init__(self, neighbourhoods: _Optional[int] = ..., companies: _Optional[int] = ..., communities: _Optional[int] = ..., committees: _Optional[int] = ..., appointments: _Optional[int] = ...) -> None: ...

class ExportRegistryRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ExportRegistryResponse(_message.Message):
    __slots__ = ("workbook",)
    WORKBOOK_FIELD_NUMBER: _ClassVar[int]
    workbook: bytes
    def __init__(self, workbook: _Optional[bytes] = ...) -> None: ...
