import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Side(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SIDE_UNSPECIFIED: _ClassVar[Side]
    SIDE_RESIDENT: _ClassVar[Side]
    SIDE_PEER: _ClassVar[Side]
    SIDE_DEPARTMENT: _ClassVar[Side]

class ListStanding(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    LIST_STANDING_UNSPECIFIED: _ClassVar[ListStanding]
    LIST_STANDING_NONE: _ClassVar[ListStanding]
    LIST_STANDING_RED: _ClassVar[ListStanding]
    LIST_STANDING_BLACK: _ClassVar[ListStanding]
SIDE_UNSPECIFIED: Side
SIDE_RESIDENT: Side
SIDE_PEER: Side
SIDE_DEPARTMENT: Side
LIST_STANDING_UNSPECIFIED: ListStanding
LIST_STANDING_NONE: ListStanding
LIST_STANDING_RED: ListStanding
LIST_STANDING_BLACK: ListStanding

class RecordCaseOutcomeRequest(_message.Message):
    __slots__ = ("case_no", "company_code", "community_code", "responded_on_time", "resolved", "satisfaction", "overdue_rectification_orders")
    CASE_NO_FIELD_NUMBER: _ClassVar[int]
    COMPANY_CODE_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_CODE_FIELD_NUMBER: _ClassVar[int]
    RESPONDED_ON_TIME_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_FIELD_NUMBER: _ClassVar[int]
    SATISFACTION_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_RECTIFICATION_ORDERS_FIELD_NUMBER: _ClassVar[int]
    case_no: str
    company_code: str
    community_code: str
    responded_on_time: bool
    resolved: bool
    satisfaction: str
    overdue_rectification_orders: int
    def __init__(self, case_no: _Optional[str] = ..., company_code: _Optional[str] = ..., community_code: _Optional[str] = ..., responded_on_time: _Optional[bool] = ..., resolved: _Optional[bool] = ..., satisfaction: _Optional[str] = ..., overdue_rectification_orders: _Optional[int] = ...) -> None: ...

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

class GetRatesRequest(_message.Message):
    __slots__ = ("scope_kind", "scope_code", "period", "from_date", "to_date", "group_by", "with_cases")
    SCOPE_KIND_FIELD_NUMBER: _ClassVar[int]
    SCOPE_CODE_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    FROM_DATE_FIELD_NUMBER: _ClassVar[int]
    TO_DATE_FIELD_NUMBER: _ClassVar[int]
    GROUP_BY_FIELD_NUMBER: _ClassVar[int]
    WITH_CASES_FIELD_NUMBER: _ClassVar[int]
    scope_kind: str
    scope_code: str
    period: str
    from_date: str
    to_date: str
    group_by: str
    with_cases: bool
    def __init__(self, scope_kind: _Optional[str] = ..., scope_code: _Optional[str] = ..., period: _Optional[str] = ..., from_date: _Optional[str] = ..., to_date: _Optional[str] = ..., group_by: _Optional[str] = ..., with_cases: _Optional[bool] = ...) -> None: ...

class Rates(_message.Message):
    __slots__ = ("code", "name", "cases", "responded_on_time", "resolved", "satisfied", "answered", "unreachable", "response_rate", "resolution_rate", "satisfaction_rate")
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    CASES_FIELD_NUMBER: _ClassVar[int]
    RESPONDED_ON_TIME_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_FIELD_NUMBER: _ClassVar[int]
    SATISFIED_FIELD_NUMBER: _ClassVar[int]
    ANSWERED_FIELD_NUMBER: _ClassVar[int]
    UNREACHABLE_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_RATE_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_RATE_FIELD_NUMBER: _ClassVar[int]
    SATISFACTION_RATE_FIELD_NUMBER: _ClassVar[int]
    code: str
    name: str
    cases: int
    responded_on_time: int
    resolved: int
    satisfied: int
    answered: int
    unreachable: int
    response_rate: float
    resolution_rate: float
    satisfaction_rate: float
    def __init__(self, code: _Optional[str] = ..., name: _Optional[str] = ..., cases: _Optional[int] = ..., responded_on_time: _Optional[int] = ..., resolved: _Optional[int] = ..., satisfied: _Optional[int] = ..., answered: _Optional[int] = ..., unreachable: _Optional[int] = ..., response_rate: _Optional[float] = ..., resolution_rate: _Optional[float] = ..., satisfaction_rate: _Optional[float] = ...) -> None: ...

class RateCase(_message.Message):
    __slots__ = ("case_no", "community_code", "company_code", "responded_on_time", "resolved", "satisfaction", "closed_at")
    CASE_NO_FIELD_NUMBER: _ClassVar[int]
    COMMUNITY_CODE_FIELD_NUMBER: _ClassVar[int]
    COMPANY_CODE_FIELD_NUMBER: _ClassVar[int]
    RESPONDED_ON_TIME_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_FIELD_NUMBER: _ClassVar[int]
    SATISFACTION_FIELD_NUMBER: _ClassVar[int]
    CLOSED_AT_FIELD_NUMBER: _ClassVar[int]
    case_no: str
    community_code: str
    company_code: str
    responded_on_time: bool
    resolved: bool
    satisfaction: str
    closed_at: str
    def __init__(self, case_no: _Optional[str] = ..., community_code: _Optional[str] = ..., company_code: _Optional[str] = ..., responded_on_time: _Optional[bool] = ..., resolved: _Optional[bool] = ..., satisfaction: _Optional[str] = ..., closed_at: _Optional[str] = ...) -> None: ...

class GetRatesResponse(_message.Message):
    __slots__ = ("total", "rows", "cases", "from_date", "to_date", "scope_name")
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    ROWS_FIELD_NUMBER: _ClassVar[int]
    CASES_FIELD_NUMBER: _ClassVar[int]
    FROM_DATE_FIELD_NUMBER: _ClassVar[int]
    TO_DATE_FIELD_NUMBER: _ClassVar[int]
    SCOPE_NAME_FIELD_NUMBER: _ClassVar[int]
    total: Rates
    rows: _containers.RepeatedCompositeFieldContainer[Rates]
    cases: _containers.RepeatedCompositeFieldContainer[RateCase]
    from_date: str
    to_date: str
    scope_name: str
    def __init__(self, total: _Optional[_Union[Rates, _Mapping]] = ..., rows: _Optional[_Iterable[_Union[Rates, _Mapping]]] = ..., cases: _Optional[_Iterable[_Union[RateCase, _Mapping]]] = ..., from_date: _Optional[str] = ..., to_date: _Optional[str] = ..., scope_name: _Optional[str] = ...) -> None: ...

class Aspect(_message.Message):
    __slots__ = ("code", "name", "side", "weight", "from_case_facts")
    CODE_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SIDE_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_FIELD_NUMBER: _ClassVar[int]
    FROM_CASE_FACTS_FIELD_NUMBER: _ClassVar[int]
    code: str
    name: str
    side: Side
    weight: float
    from_case_facts: bool
    def __init__(self, code: _Optional[str] = ..., name: _Optional[str] = ..., side: _Optional[_Union[Side, str]] = ..., weight: _Optional[float] = ..., from_case_facts: _Optional[bool] = ...) -> None: ...

class GetCatalogueRequest(_message.Message):
    __slots__ = ("quarter",)
    QUARTER_FIELD_NUMBER: _ClassVar[int]
    quarter: str
    def __init__(self, quarter: _Optional[str] = ...) -> None: ...

class GetCatalogueResponse(_message.Message):
    __slots__ = ("weights_version", "aspects", "resident_weight", "peer_weight", "department_weight", "min_sample", "trim_fraction")
    class MinSampleEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    WEIGHTS_VERSION_FIELD_NUMBER: _ClassVar[int]
    ASPECTS_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_WEIGHT_FIELD_NUMBER: _ClassVar[int]
    PEER_WEIGHT_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_WEIGHT_FIELD_NUMBER: _ClassVar[int]
    MIN_SAMPLE_FIELD_NUMBER: _ClassVar[int]
    TRIM_FRACTION_FIELD_NUMBER: _ClassVar[int]
    weights_version: str
    aspects: _containers.RepeatedCompositeFieldContainer[Aspect]
    resident_weight: float
    peer_weight: float
    department_weight: float
    min_sample: _containers.ScalarMap[str, int]
    trim_fraction: float
    def __init__(self, weights_version: _Optional[str] = ..., aspects: _Optional[_Iterable[_Union[Aspect, _Mapping]]] = ..., resident_weight: _Optional[float] = ..., peer_weight: _Optional[float] = ..., department_weight: _Optional[float] = ..., min_sample: _Optional[_Mapping[str, int]] = ..., trim_fraction: _Optional[float] = ...) -> None: ...

class Review(_message.Message):
    __slots__ = ("id", "subdistrict_code", "quarter", "status", "weights_version", "opened_at", "closes_at", "approved_by", "published_at", "evaluations", "resident_forms", "peer_forms", "department_forms", "closed_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    QUARTER_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    WEIGHTS_VERSION_FIELD_NUMBER: _ClassVar[int]
    OPENED_AT_FIELD_NUMBER: _ClassVar[int]
    CLOSES_AT_FIELD_NUMBER: _ClassVar[int]
    APPROVED_BY_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_AT_FIELD_NUMBER: _ClassVar[int]
    EVALUATIONS_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_FORMS_FIELD_NUMBER: _ClassVar[int]
    PEER_FORMS_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_FORMS_FIELD_NUMBER: _ClassVar[int]
    CLOSED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    subdistrict_code: str
    quarter: str
    status: str
    weights_version: str
    opened_at: _timestamp_pb2.Timestamp
    closes_at: _timestamp_pb2.Timestamp
    approved_by: str
    published_at: _timestamp_pb2.Timestamp
    evaluations: int
    resident_forms: int
    peer_forms: int
    department_forms: int
    closed_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., subdistrict_code: _Optional[str] = ..., quarter: _Optional[str] = ..., status: _Optional[str] = ..., weights_version: _Optional[str] = ..., opened_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., closes_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., approved_by: _Optional[str] = ..., published_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., evaluations: _Optional[int] = ..., resident_forms: _Optional[int] = ..., peer_forms: _Optional[int] = ..., department_forms: _Optional[int] = ..., closed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class OpenReviewRequest(_message.Message):
    __slots__ = ("subdistrict_code", "quarter", "closes_at")
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    QUARTER_FIELD_NUMBER: _ClassVar[int]
    CLOSES_AT_FIELD_NUMBER: _ClassVar[int]
    subdistrict_code: str
    quarter: str
    closes_at: _timestamp_pb2.Timestamp
    def __init__(self, subdistrict_code: _Optional[str] = ..., quarter: _Optional[str] = ..., closes_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class OpenReviewResponse(_message.Message):
    __slots__ = ("review", "replayed")
    REVIEW_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    review: Review
    replayed: bool
    def __init__(self, review: _Optional[_Union[Review, _Mapping]] = ..., replayed: _Optional[bool] = ...) -> None: ...

class StartReviewRequest(_message.Message):
    __slots__ = ("subdistrict_code", "quarter", "window_seconds", "remind_after_seconds")
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    QUARTER_FIELD_NUMBER: _ClassVar[int]
    WINDOW_SECONDS_FIELD_NUMBER: _ClassVar[int]
    REMIND_AFTER_SECONDS_FIELD_NUMBER: _ClassVar[int]
    subdistrict_code: str
    quarter: str
    window_seconds: float
    remind_after_seconds: float
    def __init__(self, subdistrict_code: _Optional[str] = ..., quarter: _Optional[str] = ..., window_seconds: _Optional[float] = ..., remind_after_seconds: _Optional[float] = ...) -> None: ...

class StartReviewResponse(_message.Message):
    __slots__ = ("workflow_id", "review_id", "started")
    WORKFLOW_ID_FIELD_NUMBER: _ClassVar[int]
    REVIEW_ID_FIELD_NUMBER: _ClassVar[int]
    STARTED_FIELD_NUMBER: _ClassVar[int]
    workflow_id: str
    review_id: str
    started: bool
    def __init__(self, workflow_id: _Optional[str] = ..., review_id: _Optional[str] = ..., started: _Optional[bool] = ...) -> None: ...

class GetReviewRequest(_message.Message):
    __slots__ = ("review_id",)
    REVIEW_ID_FIELD_NUMBER: _ClassVar[int]
    review_id: str
    def __init__(self, review_id: _Optional[str] = ...) -> None: ...

class GetReviewResponse(_message.Message):
    __slots__ = ("review",)
    REVIEW_FIELD_NUMBER: _ClassVar[int]
    review: Review
    def __init__(self, review: _Optional[_Union[Review, _Mapping]] = ...) -> None: ...

class ListReviewsRequest(_message.Message):
    __slots__ = ("subdistrict_code", "published_only")
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_ONLY_FIELD_NUMBER: _ClassVar[int]
    subdistrict_code: str
    published_only: bool
    def __init__(self, subdistrict_code: _Optional[str] = ..., published_only: _Optional[bool] = ...) -> None: ...

class ListReviewsResponse(_message.Message):
    __slots__ = ("reviews",)
    REVIEWS_FIELD_NUMBER: _ClassVar[int]
    reviews: _containers.RepeatedCompositeFieldContainer[Review]
    def __init__(self, reviews: _Optional[_Iterable[_Union[Review, _Mapping]]] = ...) -> None: ...

class RemindReviewRequest(_message.Message):
    __slots__ = ("review_id",)
    REVIEW_ID_FIELD_NUMBER: _ClassVar[int]
    review_id: str
    def __init__(self, review_id: _Optional[str] = ...) -> None: ...

class RemindReviewResponse(_message.Message):
    __slots__ = ("resident_evaluations", "peer_evaluations", "department_evaluations")
    RESIDENT_EVALUATIONS_FIELD_NUMBER: _ClassVar[int]
    PEER_EVALUATIONS_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_EVALUATIONS_FIELD_NUMBER: _ClassVar[int]
    resident_evaluations: int
    peer_evaluations: int
    department_evaluations: int
    def __init__(self, resident_evaluations: _Optional[int] = ..., peer_evaluations: _Optional[int] = ..., department_evaluations: _Optional[int] = ...) -> None: ...

class CloseReviewRequest(_message.Message):
    __slots__ = ("review_id",)
    REVIEW_ID_FIELD_NUMBER: _ClassVar[int]
    review_id: str
    def __init__(self, review_id: _Optional[str] = ...) -> None: ...

class CloseReviewResponse(_message.Message):
    __slots__ = ("review",)
    REVIEW_FIELD_NUMBER: _ClassVar[int]
    review: Review
    def __init__(self, review: _Optional[_Union[Review, _Mapping]] = ...) -> None: ...

class ComputeReviewRequest(_message.Message):
    __slots__ = ("review_id",)
    REVIEW_ID_FIELD_NUMBER: _ClassVar[int]
    review_id: str
    def __init__(self, review_id: _Optional[str] = ...) -> None: ...

class ComputeReviewResponse(_message.Message):
    __slots__ = ("review", "companies", "insufficient", "red", "black")
    REVIEW_FIELD_NUMBER: _ClassVar[int]
    COMPANIES_FIELD_NUMBER: _ClassVar[int]
    INSUFFICIENT_FIELD_NUMBER: _ClassVar[int]
    RED_FIELD_NUMBER: _ClassVar[int]
    BLACK_FIELD_NUMBER: _ClassVar[int]
    review: Review
    companies: int
    insufficient: int
    red: int
    black: int
    def __init__(self, review: _Optional[_Union[Review, _Mapping]] = ..., companies: _Optional[int] = ..., insufficient: _Optional[int] = ..., red: _Optional[int] = ..., black: _Optional[int] = ...) -> None: ...

class PublishReviewRequest(_message.Message):
    __slots__ = ("review_id", "approved_by")
    REVIEW_ID_FIELD_NUMBER: _ClassVar[int]
    APPROVED_BY_FIELD_NUMBER: _ClassVar[int]
    review_id: str
    approved_by: str
    def __init__(self, review_id: _Optional[str] = ..., approved_by: _Optional[str] = ...) -> None: ...

class PublishReviewResponse(_message.Message):
    __slots__ = ("review", "newly_black")
    REVIEW_FIELD_NUMBER: _ClassVar[int]
    NEWLY_BLACK_FIELD_NUMBER: _ClassVar[int]
    review: Review
    newly_black: _containers.RepeatedCompositeFieldContainer[StandingChange]
    def __init__(self, review: _Optional[_Union[Review, _Mapping]] = ..., newly_black: _Optional[_Iterable[_Union[StandingChange, _Mapping]]] = ...) -> None: ...

class SubmitResidentEvaluationRequest(_message.Message):
    __slots__ = ("review_id", "household_code", "company_code", "scores", "comment")
    class ScoresEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    REVIEW_ID_FIELD_NUMBER: _ClassVar[int]
    HOUSEHOLD_CODE_FIELD_NUMBER: _ClassVar[int]
    COMPANY_CODE_FIELD_NUMBER: _ClassVar[int]
    SCORES_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    review_id: str
    household_code: str
    company_code: str
    scores: _containers.ScalarMap[str, int]
    comment: str
    def __init__(self, review_id: _Optional[str] = ..., household_code: _Optional[str] = ..., company_code: _Optional[str] = ..., scores: _Optional[_Mapping[str, int]] = ..., comment: _Optional[str] = ...) -> None: ...

class SubmitPeerEvaluationRequest(_message.Message):
    __slots__ = ("review_id", "company_code", "scores", "comment")
    class ScoresEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    REVIEW_ID_FIELD_NUMBER: _ClassVar[int]
    COMPANY_CODE_FIELD_NUMBER: _ClassVar[int]
    SCORES_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    review_id: str
    company_code: str
    scores: _containers.ScalarMap[str, int]
    comment: str
    def __init__(self, review_id: _Optional[str] = ..., company_code: _Optional[str] = ..., scores: _Optional[_Mapping[str, int]] = ..., comment: _Optional[str] = ...) -> None: ...

class SubmitDepartmentEvaluationRequest(_message.Message):
    __slots__ = ("review_id", "company_code", "scores", "comment")
    class ScoresEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    REVIEW_ID_FIELD_NUMBER: _ClassVar[int]
    COMPANY_CODE_FIELD_NUMBER: _ClassVar[int]
    SCORES_FIELD_NUMBER: _ClassVar[int]
    COMMENT_FIELD_NUMBER: _ClassVar[int]
    review_id: str
    company_code: str
    scores: _containers.ScalarMap[str, int]
    comment: str
    def __init__(self, review_id: _Optional[str] = ..., company_code: _Optional[str] = ..., scores: _Optional[_Mapping[str, int]] = ..., comment: _Optional[str] = ...) -> None: ...

class SubmitResidentEvaluationResponse(_message.Message):
    __slots__ = ("evaluation_id", "replayed")
    EVALUATION_ID_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    evaluation_id: str
    replayed: bool
    def __init__(self, evaluation_id: _Optional[str] = ..., replayed: _Optional[bool] = ...) -> None: ...

class SubmitPeerEvaluationResponse(_message.Message):
    __slots__ = ("evaluation_id", "replayed")
    EVALUATION_ID_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    evaluation_id: str
    replayed: bool
    def __init__(self, evaluation_id: _Optional[str] = ..., replayed: _Optional[bool] = ...) -> None: ...

class SubmitDepartmentEvaluationResponse(_message.Message):
    __slots__ = ("evaluation_id", "replayed")
    EVALUATION_ID_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    evaluation_id: str
    replayed: bool
    def __init__(self, evaluation_id: _Optional[str] = ..., replayed: _Optional[bool] = ...) -> None: ...

class AspectScore(_message.Message):
    __slots__ = ("side", "aspect", "name", "samples", "score")
    SIDE_FIELD_NUMBER: _ClassVar[int]
    ASPECT_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SAMPLES_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    side: Side
    aspect: str
    name: str
    samples: int
    score: float
    def __init__(self, side: _Optional[_Union[Side, str]] = ..., aspect: _Optional[str] = ..., name: _Optional[str] = ..., samples: _Optional[int] = ..., score: _Optional[float] = ...) -> None: ...

class Weakness(_message.Message):
    __slots__ = ("aspect", "name", "score", "advice")
    ASPECT_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    ADVICE_FIELD_NUMBER: _ClassVar[int]
    aspect: str
    name: str
    score: float
    advice: str
    def __init__(self, aspect: _Optional[str] = ..., name: _Optional[str] = ..., score: _Optional[float] = ..., advice: _Optional[str] = ...) -> None: ...

class CompanyScore(_message.Message):
    __slots__ = ("company_code", "company_name", "resident_score", "peer_score", "department_score", "combined", "grade", "grade_name", "rank", "stars", "standing", "standing_reasons", "assessment", "weakest", "aspects", "cases", "complaints_per_1000", "response_rate", "resolution_rate", "satisfaction_rate", "overdue_rectification_orders")
    COMPANY_CODE_FIELD_NUMBER: _ClassVar[int]
    COMPANY_NAME_FIELD_NUMBER: _ClassVar[int]
    RESIDENT_SCORE_FIELD_NUMBER: _ClassVar[int]
    PEER_SCORE_FIELD_NUMBER: _ClassVar[int]
    DEPARTMENT_SCORE_FIELD_NUMBER: _ClassVar[int]
    COMBINED_FIELD_NUMBER: _ClassVar[int]
    GRADE_FIELD_NUMBER: _ClassVar[int]
    GRADE_NAME_FIELD_NUMBER: _ClassVar[int]
    RANK_FIELD_NUMBER: _ClassVar[int]
    STARS_FIELD_NUMBER: _ClassVar[int]
    STANDING_FIELD_NUMBER: _ClassVar[int]
    STANDING_REASONS_FIELD_NUMBER: _ClassVar[int]
    ASSESSMENT_FIELD_NUMBER: _ClassVar[int]
    WEAKEST_FIELD_NUMBER: _ClassVar[int]
    ASPECTS_FIELD_NUMBER: _ClassVar[int]
    CASES_FIELD_NUMBER: _ClassVar[int]
    COMPLAINTS_PER_1000_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_RATE_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_RATE_FIELD_NUMBER: _ClassVar[int]
    SATISFACTION_RATE_FIELD_NUMBER: _ClassVar[int]
    OVERDUE_RECTIFICATION_ORDERS_FIELD_NUMBER: _ClassVar[int]
    company_code: str
    company_name: str
    resident_score: float
    peer_score: float
    department_score: float
    combined: float
    grade: str
    grade_name: str
    rank: int
    stars: int
    standing: ListStanding
    standing_reasons: str
    assessment: str
    weakest: _containers.RepeatedCompositeFieldContainer[Weakness]
    aspects: _containers.RepeatedCompositeFieldContainer[AspectScore]
    cases: int
    complaints_per_1000: float
    response_rate: float
    resolution_rate: float
    satisfaction_rate: float
    overdue_rectification_orders: int
    def __init__(self, company_code: _Optional[str] = ..., company_name: _Optional[str] = ..., resident_score: _Optional[float] = ..., peer_score: _Optional[float] = ..., department_score: _Optional[float] = ..., combined: _Optional[float] = ..., grade: _Optional[str] = ..., grade_name: _Optional[str] = ..., rank: _Optional[int] = ..., stars: _Optional[int] = ..., standing: _Optional[_Union[ListStanding, str]] = ..., standing_reasons: _Optional[str] = ..., assessment: _Optional[str] = ..., weakest: _Optional[_Iterable[_Union[Weakness, _Mapping]]] = ..., aspects: _Optional[_Iterable[_Union[AspectScore, _Mapping]]] = ..., cases: _Optional[int] = ..., complaints_per_1000: _Optional[float] = ..., response_rate: _Optional[float] = ..., resolution_rate: _Optional[float] = ..., satisfaction_rate: _Optional[float] = ..., overdue_rectification_orders: _Optional[int] = ...) -> None: ...

class ListCompanyScoresRequest(_message.Message):
    __slots__ = ("review_id",)
    REVIEW_ID_FIELD_NUMBER: _ClassVar[int]
    review_id: str
    def __init__(self, review_id: _Optional[str] = ...) -> None: ...

class ListCompanyScoresResponse(_message.Message):
    __slots__ = ("review", "scores")
    REVIEW_FIELD_NUMBER: _ClassVar[int]
    SCORES_FIELD_NUMBER: _ClassVar[int]
    review: Review
    scores: _containers.RepeatedCompositeFieldContainer[CompanyScore]
    def __init__(self, review: _Optional[_Union[Review, _Mapping]] = ..., scores: _Optional[_Iterable[_Union[CompanyScore, _Mapping]]] = ...) -> None: ...

class ExportReviewRequest(_message.Message):
    __slots__ = ("review_id",)
    REVIEW_ID_FIELD_NUMBER: _ClassVar[int]
    review_id: str
    def __init__(self, review_id: _Optional[str] = ...) -> None: ...

class ExportReviewResponse(_message.Message):
    __slots__ = ("filename", "xlsx")
    FILENAME_FIELD_NUMBER: _ClassVar[int]
    XLSX_FIELD_NUMBER: _ClassVar[int]
    filename: str
    xlsx: bytes
    def __init__(self, filename: _Optional[str] = ..., xlsx: _Optional[bytes] = ...) -> None: ...

class StandingChange(_message.Message):
    __slots__ = ("id", "company_code", "standing", "previous", "source", "reason", "review_id", "status", "requested_by", "decided_by", "created_at", "decided_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    COMPANY_CODE_FIELD_NUMBER: _ClassVar[int]
    STANDING_FIELD_NUMBER: _ClassVar[int]
    PREVIOUS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REVIEW_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_BY_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    DECIDED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    company_code: str
    standing: ListStanding
    previous: ListStanding
    source: str
    reason: str
    review_id: str
    status: str
    requested_by: str
    decided_by: str
    created_at: _timestamp_pb2.Timestamp
    decided_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., company_code: _Optional[str] = ..., standing: _Optional[_Union[ListStanding, str]] = ..., previous: _Optional[_Union[ListStanding, str]] = ..., source: _Optional[str] = ..., reason: _Optional[str] = ..., review_id: _Optional[str] = ..., status: _Optional[str] = ..., requested_by: _Optional[str] = ..., decided_by: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., decided_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CompanyStanding(_message.Message):
    __slots__ = ("company_code", "company_name", "standing", "since", "reason")
    COMPANY_CODE_FIELD_NUMBER: _ClassVar[int]
    COMPANY_NAME_FIELD_NUMBER: _ClassVar[int]
    STANDING_FIELD_NUMBER: _ClassVar[int]
    SINCE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    company_code: str
    company_name: str
    standing: ListStanding
    since: _timestamp_pb2.Timestamp
    reason: str
    def __init__(self, company_code: _Optional[str] = ..., company_name: _Optional[str] = ..., standing: _Optional[_Union[ListStanding, str]] = ..., since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...

class ListStandingsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListStandingsResponse(_message.Message):
    __slots__ = ("standings",)
    STANDINGS_FIELD_NUMBER: _ClassVar[int]
    standings: _containers.RepeatedCompositeFieldContainer[CompanyStanding]
    def __init__(self, standings: _Optional[_Iterable[_Union[CompanyStanding, _Mapping]]] = ...) -> None: ...

class GetStandingHistoryRequest(_message.Message):
    __slots__ = ("company_code",)
    COMPANY_CODE_FIELD_NUMBER: _ClassVar[int]
    company_code: str
    def __init__(self, company_code: _Optional[str] = ...) -> None: ...

class GetStandingHistoryResponse(_message.Message):
    __slots__ = ("changes",)
    CHANGES_FIELD_NUMBER: _ClassVar[int]
    changes: _containers.RepeatedCompositeFieldContainer[StandingChange]
    def __init__(self, changes: _Optional[_Iterable[_Union[StandingChange, _Mapping]]] = ...) -> None: ...

class ReportSeriousEventRequest(_message.Message):
    __slots__ = ("company_code", "event_kind", "description", "idempotency_key")
    COMPANY_CODE_FIELD_NUMBER: _ClassVar[int]
    EVENT_KIND_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    IDEMPOTENCY_KEY_FIELD_NUMBER: _ClassVar[int]
    company_code: str
    event_kind: str
    description: str
    idempotency_key: str
    def __init__(self, company_code: _Optional[str] = ..., event_kind: _Optional[str] = ..., description: _Optional[str] = ..., idempotency_key: _Optional[str] = ...) -> None: ...

class ReportSeriousEventResponse(_message.Message):
    __slots__ = ("proposal", "workflow_id", "replayed")
    PROPOSAL_FIELD_NUMBER: _ClassVar[int]
    WORKFLOW_ID_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    proposal: StandingChange
    workflow_id: str
    replayed: bool
    def __init__(self, proposal: _Optional[_Union[StandingChange, _Mapping]] = ..., workflow_id: _Optional[str] = ..., replayed: _Optional[bool] = ...) -> None: ...

class DecideStandingChangeRequest(_message.Message):
    __slots__ = ("change_id", "approved", "decided_by")
    CHANGE_ID_FIELD_NUMBER: _ClassVar[int]
    APPROVED_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    change_id: str
    approved: bool
    decided_by: str
    def __init__(self, change_id: _Optional[str] = ..., approved: _Optional[bool] = ..., decided_by: _Optional[str] = ...) -> None: ...

class DecideStandingChangeResponse(_message.Message):
    __slots__ = ("change",)
    CHANGE_FIELD_NUMBER: _ClassVar[int]
    change: StandingChange
    def __init__(self, change: _Optional[_Union[StandingChange, _Mapping]] = ...) -> None: ...

class Notice(_message.Message):
    __slots__ = ("id", "kind", "company_code", "subdistrict_code", "title", "body", "published_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    COMPANY_CODE_FIELD_NUMBER: _ClassVar[int]
    SUBDISTRICT_CODE_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    PUBLISHED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    kind: str
    company_code: str
    subdistrict_code: str
    title: str
    body: str
    published_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., kind: _Optional[str] = ..., company_code: _Optional[str] = ..., subdistrict_code: _Optional[str] = ..., title: _Optional[str] = ..., body: _Optional[str] = ..., published_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class PublishNoticeRequest(_message.Message):
    __slots__ = ("notice",)
    NOTICE_FIELD_NUMBER: _ClassVar[int]
    notice: Notice
    def __init__(self, notice: _Optional[_Union[Notice, _Mapping]] = ...) -> None: ...

class PublishNoticeResponse(_message.Message):
    __slots__ = ("notice", "replayed")
    NOTICE_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    notice: Notice
    replayed: bool
    def __init__(self, notice: _Optional[_Union[Notice, _Mapping]] = ..., replayed: _Optional[bool] = ...) -> None: ...

class ListNoticesRequest(_message.Message):
    __slots__ = ("company_code",)
    COMPANY_CODE_FIELD_NUMBER: _ClassVar[int]
    company_code: str
    def __init__(self, company_code: _Optional[str] = ...) -> None: ...

class ListNoticesResponse(_message.Message):
    __slots__ = ("notices",)
    NOTICES_FIELD_NUMBER: _ClassVar[int]
    notices: _containers.RepeatedCompositeFieldContainer[Notice]
    def __init__(self, notices: _Optional[_Iterable[_Union[Notice, _Mapping]]] = ...) -> None: ...

class Supervision(_message.Message):
    __slots__ = ("id", "company_code", "standing_change_id", "status", "plan", "deadline", "rounds", "updated_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    COMPANY_CODE_FIELD_NUMBER: _ClassVar[int]
    STANDING_CHANGE_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PLAN_FIELD_NUMBER: _ClassVar[int]
    DEADLINE_FIELD_NUMBER: _ClassVar[int]
    ROUNDS_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    company_code: str
    standing_change_id: str
    status: str
    plan: str
    deadline: _timestamp_pb2.Timestamp
    rounds: int
    updated_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., company_code: _Optional[str] = ..., standing_change_id: _Optional[str] = ..., status: _Optional[str] = ..., plan: _Optional[str] = ..., deadline: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., rounds: _Optional[int] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RecordSupervisionRequest(_message.Message):
    __slots__ = ("supervision",)
    SUPERVISION_FIELD_NUMBER: _ClassVar[int]
    supervision: Supervision
    def __init__(self, supervision: _Optional[_Union[Supervision, _Mapping]] = ...) -> None: ...

class RecordSupervisionResponse(_message.Message):
    __slots__ = ("supervision",)
    SUPERVISION_FIELD_NUMBER: _ClassVar[int]
    supervision: Supervision
    def __init__(self, supervision: _Optional[_Union[Supervision, _Mapping]] = ...) -> None: ...

class ListSupervisionsRequest(_message.Message):
    __slots__ = ("company_code",)
    COMPANY_CODE_FIELD_NUMBER: _ClassVar[int]
    company_code: str
    def __init__(self, company_code: _Optional[str] = ...) -> None: ...

class ListSupervisionsResponse(_message.Message):
    __slots__ = ("supervisions",)
    SUPERVISIONS_FIELD_NUMBER: _ClassVar[int]
    supervisions: _containers.RepeatedCompositeFieldContainer[Supervision]
    def __init__(self, supervisions: _Optional[_Iterable[_Union[Supervision, _Mapping]]] = ...) -> None: ...
