from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class RecordCaseOutcomeRequest(_message.Message):
    __slots__ = ("case_no", "company_code", "community_code", "responded_on_time", "resolved", "satisfaction")
    CASE_NO_FIELD_NUMBER: _ClassVar[int]
    COMPANY_CODE_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_CODE_FIELD_NUMBER: _ClassVar[int]
    RESPONDED_ON_TIME_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_FIELD_NUMBER: _ClassVar[int]
    SATISFACTION_FIELD_NUMBER: _ClassVar[int]
    case_no: str
    company_code: str
    community_code: str
    responded_on_time: bool
    resolved: bool
    satisfaction: str
    def __init__(self, case_no: _Optional[str] = ..., company_code: _Optional[str] = ..., community_code: _Optional[str] = ..., responded_on_time: _Optional[bool] = ..., resolved: _Optional[bool] = ..., satisfaction: _Optional[str] = ...) -> None: ...

class RecordCaseOutcomeResponse(_message.Message):
    __slots__ = ("replayed",)
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    replayed: bool
    def __init__(self, replayed: _Optional[bool] = ...) -> None: ...

class GetCompanyRatesRequest(_message.Message):
    __slots__ = ("company_code",)
    COMPANY_CODE_FIELD_NUMBER: _ClassVar[int]
    company_code: str
    def __init__(self, company_code: _Optional[str] = ...) -> None: ...

class GetCompanyRatesResponse(_message.Message):
    __slots__ = ("company_code", "cases", "response_rate", "resolution_rate", "satisfaction_rate")
    COMPANY_CODE_FIELD_NUMBER: _ClassVar[int]
    CASES_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_RATE_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_RATE_FIELD_NUMBER: _ClassVar[int]
    SATISFACTION_RATE_FIELD_NUMBER: _ClassVar[int]
    company_code: str
    cases: int
    response_rate: float
    resolution_rate: float
    satisfaction_rate: float
    def __init__(self, company_code: _Optional[str] = ..., cases: _Optional[int] = ..., response_rate: _Optional[float] = ..., resolution_rate: _Optional[float] = ..., satisfaction_rate: _Optional[float] = ...) -> None: ...
