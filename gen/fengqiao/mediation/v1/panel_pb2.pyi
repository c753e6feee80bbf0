from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class InvolvedPost(_message.Message):
    __slots__ = ("person_id", "org_code", "org_kind", "post")
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    ORG_CODE_FIELD_NUMBER: _ClassVar[int]
    ORG_KIND_FIELD_NUMBER: _ClassVar[int]
    POST_FIELD_NUMBER: _ClassVar[int]
    person_id: str
    org_code: str
    org_kind: str
    post: str
    def __init__(self, person_id: _Optional[str] = ..., org_code: _Optional[str] = ..., org_kind: _Optional[str] = ..., post: _Optional[str] = ...) -> None: ...

class DrawPanelRequest(_message.Message):
    __slots__ = ("mediation_id", "case_type", "involved_org_codes", "involved_posts")
    MEDIATION_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_TYPE_FIELD_NUMBER: _ClassVar[int]
    INVOLVED_ORG_CODES_FIELD_NUMBER: _ClassVar[int]
    INVOLVED_POSTS_FIELD_NUMBER: _ClassVar[int]
    mediation_id: str
    case_type: str
    involved_org_codes: _containers.RepeatedScalarFieldContainer[str]
    involved_posts: _containers.RepeatedCompositeFieldContainer[InvolvedPost]
    def __init__(self, mediation_id: _Optional[str] = ..., case_type: _Optional[str] = ..., involved_org_codes: _Optional[_Iterable[str]] = ..., involved_posts: _Optional[_Iterable[_Union[InvolvedPost, _Mapping]]] = ...) -> None: ...

class PanelMember(_message.Message):
    __slots__ = ("person_id", "name", "org_code", "role")
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ORG_CODE_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    person_id: str
    name: str
    org_code: str
    role: str
    def __init__(self, person_id: _Optional[str] = ..., name: _Optional[str] = ..., org_code: _Optional[str] = ..., role: _Optional[str] = ...) -> None: ...

class PanelExclusion(_message.Message):
    __slots__ = ("person_id", "name", "reason")
    PERSON_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    person_id: str
    name: str
    reason: str
    def __init__(self, person_id: _Optional[str] = ..., name: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class DrawPanelResponse(_message.Message):
    __slots__ = ("members", "excluded", "methods", "roster_version")
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    EXCLUDED_FIELD_NUMBER: _ClassVar[int]
    METHODS_FIELD_NUMBER: _ClassVar[int]
    ROSTER_VERSION_FIELD_NUMBER: _ClassVar[int]
    members: _containers.RepeatedCompositeFieldContainer[PanelMember]
    excluded: _containers.RepeatedCompositeFieldContainer[PanelExclusion]
    methods: _containers.RepeatedScalarFieldContainer[str]
    roster_version: str
    def __init__(self, members: _Optional[_Iterable[_Union[PanelMember, _Mapping]]] = ..., excluded: _Optional[_Iterable[_Union[PanelExclusion, _Mapping]]] = ..., methods: _Optional[_Iterable[str]] = ..., roster_version: _Optional[str] = ...) -> None: ...

class ListMethodsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListMethodsResponse(_message.Message):
    __slots__ = ("methods",)
    METHODS_FIELD_NUMBER: _ClassVar[int]
    methods: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, methods: _Optional[_Iterable[str]] = ...) -> None: ...
