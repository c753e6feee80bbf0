import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class TaskStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TASK_STATUS_UNSPECIFIED: _ClassVar[TaskStatus]
    TASK_STATUS_OPEN: _ClassVar[TaskStatus]
    TASK_STATUS_CLAIMED: _ClassVar[TaskStatus]
    TASK_STATUS_COMPLETED: _ClassVar[TaskStatus]
    TASK_STATUS_CANCELLED: _ClassVar[TaskStatus]
TASK_STATUS_UNSPECIFIED: TaskStatus
TASK_STATUS_OPEN: TaskStatus
TASK_STATUS_CLAIMED: TaskStatus
TASK_STATUS_COMPLETED: TaskStatus
TASK_STATUS_CANCELLED: TaskStatus

class TaskEvent(_message.Message):
    __slots__ = ("action", "actor", "occurred_at", "detail")
    ACTION_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    DETAIL_FIELD_NUMBER: _ClassVar[int]
    action: str
    actor: str
    occurred_at: _timestamp_pb2.Timestamp
    detail: str
    def __init__(self, action: _Optional[str] = ..., actor: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., detail: _Optional[str] = ...) -> None: ...

class Task(_message.Message):
    __slots__ = ("id", "kind", "case_no", "workflow_id", "title", "candidate_groups", "assignee", "priority", "status", "due_at", "overdue", "allowed_outcomes", "form_schema_json", "outcome", "completed_by", "created_at", "completed_at", "version", "community_code", "neighbourhood_code", "company_code", "history", "track", "escalation_level", "follow_up_at", "policy_version")
    ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    CASE_NO_FIELD_NUMBER: _ClassVar[int]
    WORKFLOW_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    CANDIDATE_GROUPS_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_FIELD_NUMBER: _ClassVar[int]
    ALLOWED_OUTCOMES_FIELD_NUMBER: _ClassVar[int]
    FORM_SCHEMA_JSON_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_AT_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_CODE_FIELD_NUMBER: _ClassVar[int]
    NEIGHBOURHOOD_CODE_FIELD_NUMBER: _ClassVar[int]
    COMPANY_CODE_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    TRACK_FIELD_NUMBER: _ClassVar[int]
    ESCALATION_LEVEL_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_UP_AT_FIELD_NUMBER: _ClassVar[int]
    POLICY_VERSION_FIELD_NUMBER: _ClassVar[int]
    id: str
    kind: str
    case_no: str
    workflow_id: str
    title: str
    candidate_groups: _containers.RepeatedScalarFieldContainer[str]
    assignee: str
    priority: int
    status: TaskStatus
    due_at: _timestamp_pb2.Timestamp
    overdue: bool
    allowed_outcomes: _containers.RepeatedScalarFieldContainer[str]
    form_schema_json: str
    outcome: str
    completed_by: str
    created_at: _timestamp_pb2.Timestamp
    completed_at: _timestamp_pb2.Timestamp
    version: int
    community_code: str
    neighbourhood_code: str
    company_code: str
    history: _containers.RepeatedCompositeFieldContainer[TaskEvent]
    track: str
    escalation_level: str
    follow_up_at: _timestamp_pb2.Timestamp
    policy_version: str
    def __init__(self, id: _Optional[str] = ..., kind: _Optional[str] = ..., case_no: _Optional[str] = ..., workflow_id: _Optional[str] = ..., title: _Optional[str] = ..., candidate_groups: _Optional[_Iterable[str]] = ..., assignee: _Optional[str] = ..., priority: _Optional[int] = ..., status: _Optional[_Union[TaskStatus, str]] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., overdue: _Optional[bool] = ..., allowed_outcomes: _Optional[_Iterable[str]] = ..., form_schema_json: _Optional[str] = ..., outcome: _Optional[str] = ..., completed_by: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., completed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., version: _Optional[int] = ..., community_code: _Optional[str] = ..., neighbourhood_code: _Optional[str] = ..., company_code: _Optional[str] = ..., history: _Optional[_Iterable[_Union[TaskEvent, _Mapping]]] = ..., track: _Optional[str] = ..., escalation_level: _Optional[str] = ..., follow_up_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., policy_version: _Optional[str] = ...) -> None: ...

class CreateTaskRequest(_message.Message):
    __slots__ = ("task_id", "kind", "case_no", "workflow_id", "title", "candidate_groups", "priority", "allowed_outcomes", "deadline_policy", "community_code", "neighbourhood_code", "company_code", "track", "escalation_level", "follow_up_policy", "due_at", "policy_version")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    CASE_NO_FIELD_NUMBER: _ClassVar[int]
    WORKFLOW_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    CANDIDATE_GROUPS_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_FIELD_NUMBER: _ClassVar[int]
    ALLOWED_OUTCOMES_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_POLICY_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_CODE_FIELD_NUMBER: _ClassVar[int]
    NEIGHBOURHOOD_CODE_FIELD_NUMBER: _ClassVar[int]
    COMPANY_CODE_FIELD_NUMBER: _ClassVar[int]
    TRACK_FIELD_NUMBER: _ClassVar[int]
    ESCALATION_LEVEL_FIELD_NUMBER: _ClassVar[int]
    FOLLOW_UP_POLICY_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    POLICY_VERSION_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    kind: str
    case_no: str
    workflow_id: str
    title: str
    candidate_groups: _containers.RepeatedScalarFieldContainer[str]
    priority: int
    allowed_outcomes: _containers.RepeatedScalarFieldContainer[str]
    deadline_policy: str
    community_code: str
    neighbourhood_code: str
    company_code: str
    track: str
    escalation_level: str
    follow_up_policy: str
    due_at: _timestamp_pb2.Timestamp
    policy_version: str
    def __init__(self, task_id: _Optional[str] = ..., kind: _Optional[str] = ..., case_no: _Optional[str] = ..., workflow_id: _Optional[str] = ..., title: _Optional[str] = ..., candidate_groups: _Optional[_Iterable[str]] = ..., priority: _Optional[int] = ..., allowed_outcomes: _Optional[_Iterable[str]] = ..., deadline_policy: _Optional[str] = ..., community_code: _Optional[str] = ..., neighbourhood_code: _Optional[str] = ..., company_code: _Optional[str] = ..., track: _Optional[str] = ..., escalation_level: _Optional[str] = ..., follow_up_policy: _Optional[str] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., policy_version: _Optional[str] = ...) -> None: ...

class CreateTaskResponse(_message.Message):
    __slots__ = ("task", "replayed")
    TASK_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    task: Task
    replayed: bool
    def __init__(self, task: _Optional[_Union[Task, _Mapping]] = ..., replayed: _Optional[bool] = ...) -> None: ...

class ListTasksRequest(_message.Message):
    __slots__ = ("view", "page_size", "page_token", "kind", "case_no", "community_code", "company_code", "track", "escalation_level", "due_from", "due_before", "priority_min", "priority_max", "text", "sort")
    VIEW_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    CASE_NO_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_CODE_FIELD_NUMBER: _ClassVar[int]
    COMPANY_CODE_FIELD_NUMBER: _ClassVar[int]
    TRACK_FIELD_NUMBER: _ClassVar[int]
    ESCALATION_LEVEL_FIELD_NUMBER: _ClassVar[int]
    DUE_FROM_FIELD_NUMBER: _ClassVar[int]
    DUE_BEFORE_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_MIN_FIELD_NUMBER: _ClassVar[int]
    PRIORITY_MAX_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    SORT_FIELD_NUMBER: _ClassVar[int]
    view: str
    page_size: int
    page_token: str
    kind: str
    case_no: str
    community_code: str
    company_code: str
    track: str
    escalation_level: str
    due_from: _timestamp_pb2.Timestamp
    due_before: _timestamp_pb2.Timestamp
    priority_min: int
    priority_max: int
    text: str
    sort: str
    def __init__(self, view: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., kind: _Optional[str] = ..., case_no: _Optional[str] = ..., community_code: _Optional[str] = ..., company_code: _Optional[str] = ..., track: _Optional[str] = ..., escalation_level: _Optional[str] = ..., due_from: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., due_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., priority_min: _Optional[int] = ..., priority_max: _Optional[int] = ..., text: _Optional[str] = ..., sort: _Optional[str] = ...) -> None: ...

class ListTasksResponse(_message.Message):
    __slots__ = ("tasks", "next_page_token", "total", "total_capped")
    TASKS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    TOTAL_CAPPED_FIELD_NUMBER: _ClassVar[int]
    tasks: _containers.RepeatedCompositeFieldContainer[Task]
    next_page_token: str
    total: int
    total_capped: bool
    def __init__(self, tasks: _Optional[_Iterable[_Union[Task, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., total: _Optional[int] = ..., total_capped: _Optional[bool] = ...) -> None: ...

class CountTasksRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ViewCount(_message.Message):
    __slots__ = ("view", "count", "capped")
    VIEW_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    CAPPED_FIELD_NUMBER: _ClassVar[int]
    view: str
    count: int
    capped: bool
    def __init__(self, view: _Optional[str] = ..., count: _Optional[int] = ..., capped: _Optional[bool] = ...) -> None: ...

class CountTasksResponse(_message.Message):
    __slots__ = ("counts",)
    COUNTS_FIELD_NUMBER: _ClassVar[int]
    counts: _containers.RepeatedCompositeFieldContainer[ViewCount]
    def __init__(self, counts: _Optional[_Iterable[_Union[ViewCount, _Mapping]]] = ...) -> None: ...

class GetTaskRequest(_message.Message):
    __slots__ = ("task_id",)
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    def __init__(self, task_id: _Optional[str] = ...) -> None: ...

class GetTaskResponse(_message.Message):
    __slots__ = ("task",)
    TASK_FIELD_NUMBER: _ClassVar[int]
    task: Task
    def __init__(self, task: _Optional[_Union[Task, _Mapping]] = ...) -> None: ...

class ClaimTaskRequest(_message.Message):
    __slots__ = ("task_id", "expected_version")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    EXPECTED_VERSION_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    expected_version: int
    def __init__(self, task_id: _Optional[str] = ..., expected_version: _Optional[int] = ...) -> None: ...

class ClaimTaskResponse(_message.Message):
    __slots__ = ("task",)
    TASK_FIELD_NUMBER: _ClassVar[int]
    task: Task
    def __init__(self, task: _Optional[_Union[Task, _Mapping]] = ...) -> None: ...

class ReleaseTaskRequest(_message.Message):
    __slots__ = ("task_id",)
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    def __init__(self, task_id: _Optional[str] = ...) -> None: ...

class ReleaseTaskResponse(_message.Message):
    __slots__ = ("task",)
    TASK_FIELD_NUMBER: _ClassVar[int]
    task: Task
    def __init__(self, task: _Optional[_Union[Task, _Mapping]] = ...) -> None: ...

class AssignTaskRequest(_message.Message):
    __slots__ = ("task_id", "assignee")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    ASSIGNEE_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    assignee: str
    def __init__(self, task_id: _Optional[str] = ..., assignee: _Optional[str] = ...) -> None: ...

class AssignTaskResponse(_message.Message):
    __slots__ = ("task",)
    TASK_FIELD_NUMBER: _ClassVar[int]
    task: Task
    def __init__(self, task: _Optional[_Union[Task, _Mapping]] = ...) -> None: ...

class CompleteTaskRequest(_message.Message):
    __slots__ = ("task_id", "outcome", "form_json")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    FORM_JSON_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    outcome: str
    form_json: str
    def __init__(self, task_id: _Optional[str] = ..., outcome: _Optional[str] = ..., form_json: _Optional[str] = ...) -> None: ...

class CompleteTaskResponse(_message.Message):
    __slots__ = ("task",)
    TASK_FIELD_NUMBER: _ClassVar[int]
    task: Task
    def __init__(self, task: _Optional[_Union[Task, _Mapping]] = ...) -> None: ...

class RecordTaskCompletionRequest(_message.Message):
    __slots__ = ("task_id", "outcome", "form_json", "completed_by")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    FORM_JSON_FIELD_NUMBER: _ClassVar[int]
    COMPLETED_BY_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    outcome: str
    form_json: str
    completed_by: str
    def __init__(self, task_id: _Optional[str] = ..., outcome: _Optional[str] = ..., form_json: _Optional[str] = ..., completed_by: _Optional[str] = ...) -> None: ...

class RecordTaskCompletionResponse(_message.Message):
    __slots__ = ("task",)
    TASK_FIELD_NUMBER: _ClassVar[int]
    task: Task
    def __init__(self, task: _Optional[_Union[Task, _Mapping]] = ...) -> None: ...

class MarkTaskOverdueRequest(_message.Message):
    __slots__ = ("task_id",)
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    def __init__(self, task_id: _Optional[str] = ...) -> None: ...

class MarkTaskOverdueResponse(_message.Message):
    __slots__ = ("task",)
    TASK_FIELD_NUMBER: _ClassVar[int]
    task: Task
    def __init__(self, task: _Optional[_Union[Task, _Mapping]] = ...) -> None: ...

class CancelTaskRequest(_message.Message):
    __slots__ = ("task_id", "reason")
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    task_id: str
    reason: str
    def __init__(self, task_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class CancelTaskResponse(_message.Message):
    __slots__ = ("task",)
    TASK_FIELD_NUMBER: _ClassVar[int]
    task: Task
    def __init__(self, task: _Optional[_Union[Task, _Mapping]] = ...) -> None: ...
