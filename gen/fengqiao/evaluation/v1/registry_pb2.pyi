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
    __slots__ = ("code", "name", "neighbourhood_code", "subdistrict_code", "company_code", "households", "residents", "buildings", "is_old", "management_status", "retired")
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
    RETIRED_FIELD_NUMBER: _ClassVar[int]
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
    retired: bool
    def __init__(self, code: _Optional[str] = ..., name: _Optional[str] = ..., neighbourhood_code: _Optional[str] = ..., subdistrict_code: _Optional[str] = ..., company_code: _Optional[str] = ..., households: _Optional[int] = ..., residents: _Optional[int] = ..., buildings: _Optional[int] = ..., is_old: _Optional[bool] = ..., management_status: _Optional[_Union[ManagementStatus, str]] = ..., retired: _Optional[bool] = ...) -> None: ...

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

class Person(_message.Message):
    __slots__ = ("id", "name", "is_party_member")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    IS_PARTY_MEMBER_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    is_party_member: bool
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., is_party_member: _Optional[bool] = ...) -> None: ...

class Post(_message.Message):
    __slots__ = ("org_code", "org_name", "org_kind", "post")
    ORG_CODE_FIELD_NUMBER: _ClassVar[int]
    ORG_NAME_FIELD_NUMBER: _ClassVar[int]
    ORG_KIND_FIELD_NUMBER: _ClassVar[int]
    POST_FIELD_NUMBER: _ClassVar[int]
    org_code: str
    org_name: str
    org_kind: str
    post: str
    def __init__(self, org_code: _Optional[str] = ..., org_name: _Optional[str] = ..., org_kind: _Optional[str] = ..., post: _Optional[str] = ...) -> None: ...

class PersonPosts(_message.Message):
    __slots__ = ("person", "posts")
    PERSON_FIELD_NUMBER: _ClassVar[int]
    POSTS_FIELD_NUMBER: _ClassVar[int]
    person: Person
    posts: _containers.RepeatedCompositeFieldContainer[Post]
    def __init__(self, person: _Optional[_Union[Person, _Mapping]] = ..., posts: _Optional[_Iterable[_Union[Post, _Mapping]]] = ...) -> None: ...

class ManagementContract(_message.Message):
    __slots__ = ("id", "community_code", "company_code", "starts_on", "ends_on")
    ID_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_CODE_FIELD_NUMBER: _ClassVar[int]
    COMPANY_CODE_FIELD_NUMBER: _ClassVar[int]
    STARTS_ON_FIELD_NUMBER: _ClassVar[int]
    ENDS_ON_FIELD_NUMBER: _ClassVar[int]
    id: str
    community_code: str
    company_code: str
    starts_on: str
    ends_on: str
    def __init__(self, id: _Optional[str] = ..., community_code: _Optional[str] = ..., company_code: _Optional[str] = ..., starts_on: _Optional[str] = ..., ends_on: _Optional[str] = ...) -> None: ...

class GetCommunityProfileRequest(_message.Message):
    __slots__ = ("community_code",)
    COMMUNITY_CODE_FIELD_NUMBER: _ClassVar[int]
    community_code: str
    def __init__(self, community_code: _Optional[str] = ...) -> None: ...

class GetCommunityProfileResponse(_message.Message):
    __slots__ = ("community", "contracts", "bodies", "people", "households", "verified_households")
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    CONTRACTS_FIELD_NUMBER: _ClassVar[int]
    BODIES_FIELD_NUMBER: _ClassVar[int]
    PEOPLE_FIELD_NUMBER: _ClassVar[int]
    HOUSEHOLDS_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_HOUSEHOLDS_FIELD_NUMBER: _ClassVar[int]
    community: Community
    contracts: _containers.RepeatedCompositeFieldContainer[ManagementContract]
    bodies: _containers.RepeatedCompositeFieldContainer[Organisation]
    people: _containers.RepeatedCompositeFieldContainer[PersonPosts]
    households: int
    verified_households: int
    def __init__(self, community: _Optional[_Union[Community, _Mapping]] = ..., contracts: _Optional[_Iterable[_Union[ManagementContract, _Mapping]]] = ..., bodies: _Optional[_Iterable[_Union[Organisation, _Mapping]]] = ..., people: _Optional[_Iterable[_Union[PersonPosts, _Mapping]]] = ..., households: _Optional[int] = ..., verified_households: _Optional[int] = ...) -> None: ...

class ListCrossAppointmentsRequest(_message.Message):
    __slots__ = ("org_code",)
    ORG_CODE_FIELD_NUMBER: _ClassVar[int]
    org_code: str
    def __init__(self, org_code: _Optional[str] = ...) -> None: ...

class ListCrossAppointmentsResponse(_message.Message):
    __slots__ = ("people",)
    PEOPLE_FIELD_NUMBER: _ClassVar[int]
    people: _containers.RepeatedCompositeFieldContainer[PersonPosts]
    def __init__(self, people: _Optional[_Iterable[_Union[PersonPosts, _Mapping]]] = ...) -> None: ...

class VerifyHouseholdRequest(_message.Message):
    __slots__ = ("household_code",)
    HOUSEHOLD_CODE_FIELD_NUMBER: _ClassVar[int]
    household_code: str
    def __init__(self, household_code: _Optional[str] = ...) -> None: ...

class VerifyHouseholdResponse(_message.Message):
    __slots__ = ("household_code", "community_code", "verified")
    HOUSEHOLD_CODE_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_CODE_FIELD_NUMBER: _ClassVar[int]
    VERIFIED_FIELD_NUMBER: _ClassVar[int]
    household_code: str
    community_code: str
    verified: bool
    def __init__(self, household_code: _Optional[str] = ..., community_code: _Optional[str] = ..., verified: _Optional[bool] = ...) -> None: ...

class GetTakeoverBoardRequest(_message.Message):
    __slots__ = ("subdistrict_code",)
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    subdistrict_code: str
    def __init__(self, subdistrict_code: _Optional[str] = ...) -> None: ...

class TakeoverBoardEntry(_message.Message):
    __slots__ = ("community_code", "community_name", "management_status", "company_code", "bundle_id")
    COMMUNITY_CODE_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_NAME_FIELD_NUMBER: _ClassVar[int]
    MANAGEMENT_STATUS_FIELD_NUMBER: _ClassVar[int]
    COMPANY_CODE_FIELD_NUMBER: _ClassVar[int]
    BUNDLE_ID_FIELD_NUMBER: _ClassVar[int]
    community_code: str
    community_name: str
    management_status: ManagementStatus
    company_code: str
    bundle_id: str
    def __init__(self, community_code: _Optional[str] = ..., community_name: _Optional[str] = ..., management_status: _Optional[_Union[ManagementStatus, str]] = ..., company_code: _Optional[str] = ..., bundle_id: _Optional[str] = ...) -> None: ...

class GetTakeoverBoardResponse(_message.Message):
    __slots__ = ("unmanaged", "taken_over", "well_managed", "communities")
    UNMANAGED_FIELD_NUMBER: _ClassVar[int]
    TAKEN_OVER_FIELD_NUMBER: _ClassVar[int]
    WELL_MANAGED_FIELD_NUMBER: _ClassVar[int]
    COMMUNITIES_FIELD_NUMBER: _ClassVar[int]
    unmanaged: int
    taken_over: int
    well_managed: int
    communities: _containers.RepeatedCompositeFieldContainer[TakeoverBoardEntry]
    def __init__(self, unmanaged: _Optional[int] = ..., taken_over: _Optional[int] = ..., well_managed: _Optional[int] = ..., communities: _Optional[_Iterable[_Union[TakeoverBoardEntry, _Mapping]]] = ...) -> None: ...

class SuggestTakeoverCompaniesRequest(_message.Message):
    __slots__ = ("subdistrict_code",)
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    subdistrict_code: str
    def __init__(self, subdistrict_code: _Optional[str] = ...) -> None: ...

class SuggestedCompany(_message.Message):
    __slots__ = ("company_code", "company_name", "standing", "latest_combined")
    COMPANY_CODE_FIELD_NUMBER: _ClassVar[int]
    COMPANY_NAME_FIELD_NUMBER: _ClassVar[int]
    STANDING_FIELD_NUMBER: _ClassVar[int]
    LATEST_COMBINED_FIELD_NUMBER: _ClassVar[int]
    company_code: str
    company_name: str
    standing: str
    latest_combined: float
    def __init__(self, company_code: _Optional[str] = ..., company_name: _Optional[str] = ..., standing: _Optional[str] = ..., latest_combined: _Optional[float] = ...) -> None: ...

class SuggestTakeoverCompaniesResponse(_message.Message):
    __slots__ = ("companies",)
    COMPANIES_FIELD_NUMBER: _ClassVar[int]
    companies: _containers.RepeatedCompositeFieldContainer[SuggestedCompany]
    def __init__(self, companies: _Optional[_Iterable[_Union[SuggestedCompany, _Mapping]]] = ...) -> None: ...

class StartTakeoverRequest(_message.Message):
    __slots__ = ("bundle_id", "lead_company_code", "community_codes", "probation_days")
    BUNDLE_ID_FIELD_NUMBER: _ClassVar[int]
    LEAD_COMPANY_CODE_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_CODES_FIELD_NUMBER: _ClassVar[int]
    PROBATION_DAYS_FIELD_NUMBER: _ClassVar[int]
    bundle_id: str
    lead_company_code: str
    community_codes: _containers.RepeatedScalarFieldContainer[str]
    probation_days: int
    def __init__(self, bundle_id: _Optional[str] = ..., lead_company_code: _Optional[str] = ..., community_codes: _Optional[_Iterable[str]] = ..., probation_days: _Optional[int] = ...) -> None: ...

class StartTakeoverResponse(_message.Message):
    __slots__ = ("bundle_id", "workflow_id", "replayed")
    BUNDLE_ID_FIELD_NUMBER: _ClassVar[int]
    WORKFLOW_ID_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    bundle_id: str
    workflow_id: str
    replayed: bool
    def __init__(self, bundle_id: _Optional[str] = ..., workflow_id: _Optional[str] = ..., replayed: _Optional[bool] = ...) -> None: ...

class RecordHandoverRequest(_message.Message):
    __slots__ = ("bundle_id", "community_code", "checklist_json")
    BUNDLE_ID_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_CODE_FIELD_NUMBER: _ClassVar[int]
    CHECKLIST_JSON_FIELD_NUMBER: _ClassVar[int]
    bundle_id: str
    community_code: str
    checklist_json: str
    def __init__(self, bundle_id: _Optional[str] = ..., community_code: _Optional[str] = ..., checklist_json: _Optional[str] = ...) -> None: ...

class RecordHandoverResponse(_message.Message):
    __slots__ = ("community",)
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    community: Community
    def __init__(self, community: _Optional[_Union[Community, _Mapping]] = ...) -> None: ...

class SetManagementStatusRequest(_message.Message):
    __slots__ = ("community_code", "management_status", "company_code", "bundle_id")
    COMMUNITY_CODE_FIELD_NUMBER: _ClassVar[int]
    MANAGEMENT_STATUS_FIELD_NUMBER: _ClassVar[int]
    COMPANY_CODE_FIELD_NUMBER: _ClassVar[int]
    BUNDLE_ID_FIELD_NUMBER: _ClassVar[int]
    community_code: str
    management_status: ManagementStatus
    company_code: str
    bundle_id: str
    def __init__(self, community_code: _Optional[str] = ..., management_status: _Optional[_Union[ManagementStatus, str]] = ..., company_code: _Optional[str] = ..., bundle_id: _Optional[str] = ...) -> None: ...

class SetManagementStatusResponse(_message.Message):
    __slots__ = ("community",)
    COMMUNITY_FIELD_NUMBER: _ClassVar[int]
    community: Community
    def __init__(self, community: _Optional[_Union[Community, _Mapping]] = ...) -> None: ...
