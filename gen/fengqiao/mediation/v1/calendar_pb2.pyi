import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CalendarFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CALENDAR_FORMAT_UNSPECIFIED: _ClassVar[CalendarFormat]
    CALENDAR_FORMAT_CSV: _ClassVar[CalendarFormat]
    CALENDAR_FORMAT_ICALENDAR: _ClassVar[CalendarFormat]

class CalendarSource(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CALENDAR_SOURCE_UNSPECIFIED: _ClassVar[CalendarSource]
    CALENDAR_SOURCE_PACKAGE: _ClassVar[CalendarSource]
    CALENDAR_SOURCE_IMPORTED: _ClassVar[CalendarSource]
    CALENDAR_SOURCE_NONE: _ClassVar[CalendarSource]

class CalendarDayKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CALENDAR_DAY_KIND_UNSPECIFIED: _ClassVar[CalendarDayKind]
    CALENDAR_DAY_KIND_HOLIDAY: _ClassVar[CalendarDayKind]
    CALENDAR_DAY_KIND_WORKDAY: _ClassVar[CalendarDayKind]
CALENDAR_FORMAT_UNSPECIFIED: CalendarFormat
CALENDAR_FORMAT_CSV: CalendarFormat
CALENDAR_FORMAT_ICALENDAR: CalendarFormat
CALENDAR_SOURCE_UNSPECIFIED: CalendarSource
CALENDAR_SOURCE_PACKAGE: CalendarSource
CALENDAR_SOURCE_IMPORTED: CalendarSource
CALENDAR_SOURCE_NONE: CalendarSource
CALENDAR_DAY_KIND_UNSPECIFIED: CalendarDayKind
CALENDAR_DAY_KIND_HOLIDAY: CalendarDayKind
CALENDAR_DAY_KIND_WORKDAY: CalendarDayKind

class ImportCalendarRequest(_message.Message):
    __slots__ = ("format", "content", "replace")
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    REPLACE_FIELD_NUMBER: _ClassVar[int]
    format: CalendarFormat
    content: str
    replace: bool
    def __init__(self, format: _Optional[_Union[CalendarFormat, str]] = ..., content: _Optional[str] = ..., replace: _Optional[bool] = ...) -> None: ...

class YearCoverage(_message.Message):
    __slots__ = ("year", "source", "holidays", "workdays", "imported_by", "imported_at", "source_format", "overrides_package")
    YEAR_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    HOLIDAYS_FIELD_NUMBER: _ClassVar[int]
    WORKDAYS_FIELD_NUMBER: _ClassVar[int]
    IMPORTED_BY_FIELD_NUMBER: _ClassVar[int]
    IMPORTED_AT_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FORMAT_FIELD_NUMBER: _ClassVar[int]
    OVERRIDES_PACKAGE_FIELD_NUMBER: _ClassVar[int]
    year: int
    source: CalendarSource
    holidays: int
    workdays: int
    imported_by: str
    imported_at: _timestamp_pb2.Timestamp
    source_format: str
    overrides_package: bool
    def __init__(self, year: _Optional[int] = ..., source: _Optional[_Union[CalendarSource, str]] = ..., holidays: _Optional[int] = ..., workdays: _Optional[int] = ..., imported_by: _Optional[str] = ..., imported_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., source_format: _Optional[str] = ..., overrides_package: _Optional[bool] = ...) -> None: ...

class ImportCalendarResponse(_message.Message):
    __slots__ = ("years",)
    YEARS_FIELD_NUMBER: _ClassVar[int]
    years: _containers.RepeatedCompositeFieldContainer[YearCoverage]
    def __init__(self, years: _Optional[_Iterable[_Union[YearCoverage, _Mapping]]] = ...) -> None: ...

class GetCalendarCoverageRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class CalendarWarning(_message.Message):
    __slots__ = ("year", "message")
    YEAR_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    year: int
    message: str
    def __init__(self, year: _Optional[int] = ..., message: _Optional[str] = ...) -> None: ...

class GetCalendarCoverageResponse(_message.Message):
    __slots__ = ("years", "warnings", "package_version")
    YEARS_FIELD_NUMBER: _ClassVar[int]
    WARNINGS_FIELD_NUMBER: _ClassVar[int]
    PACKAGE_VERSION_FIELD_NUMBER: _ClassVar[int]
    years: _containers.RepeatedCompositeFieldContainer[YearCoverage]
    warnings: _containers.RepeatedCompositeFieldContainer[CalendarWarning]
    package_version: str
    def __init__(self, years: _Optional[_Iterable[_Union[YearCoverage, _Mapping]]] = ..., warnings: _Optional[_Iterable[_Union[CalendarWarning, _Mapping]]] = ..., package_version: _Optional[str] = ...) -> None: ...

class ListCalendarDaysRequest(_message.Message):
    __slots__ = ("year",)
    YEAR_FIELD_NUMBER: _ClassVar[int]
    year: int
    def __init__(self, year: _Optional[int] = ...) -> None: ...

class CalendarDay(_message.Message):
    __slots__ = ("date", "kind", "name")
    DATE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    date: str
    kind: CalendarDayKind
    name: str
    def __init__(self, date: _Optional[str] = ..., kind: _Optional[_Union[CalendarDayKind, str]] = ..., name: _Optional[str] = ...) -> None: ...

class ListCalendarDaysResponse(_message.Message):
    __slots__ = ("year", "source", "days")
    YEAR_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    DAYS_FIELD_NUMBER: _ClassVar[int]
    year: int
    source: CalendarSource
    days: _containers.RepeatedCompositeFieldContainer[CalendarDay]
    def __init__(self, year: _Optional[int] = ..., source: _Optional[_Union[CalendarSource, str]] = ..., days: _Optional[_Iterable[_Union[CalendarDay, _Mapping]]] = ...) -> None: ...
