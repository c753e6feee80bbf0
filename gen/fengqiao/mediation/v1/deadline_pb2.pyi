import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ComputeDueRequest(_message.Message):
    __slots__ = ("deadline_policy", "start", "extended", "policy_version", "if_defined")
    DEADLINE_POLICY_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    EXTENDED_FIELD_NUMBER: _ClassVar[int]
    POLICY_VERSION_FIELD_NUMBER: _ClassVar[int]
    IF_DEFINED_FIELD_NUMBER: _ClassVar[int]
    deadline_policy: str
    start: _timestamp_pb2.Timestamp
    extended: bool
    policy_version: str
    if_defined: bool
    def __init__(self, deadline_policy: _Optional[str] = ..., start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., extended: _Optional[bool] = ..., policy_version: _Optional[str] = ..., if_defined: _Optional[bool] = ...) -> None: ...

class ComputeDueResponse(_message.Message):
    __slots__ = ("due_at", "policy_version")
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    POLICY_VERSION_FIELD_NUMBER: _ClassVar[int]
    due_at: _timestamp_pb2.Timestamp
    policy_version: str
    def __init__(self, due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., policy_version: _Optional[str] = ...) -> None: ...
