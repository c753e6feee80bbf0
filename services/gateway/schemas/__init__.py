"""The HTTP API's bodies and answers, one module per resource (`XCreate` in, `XPublic` out).

Answers mirror the protobuf JSON the views build (`services/gateway/views.py`): field names as in
the protos, timestamps as RFC 3339 text, 64-bit integers as decimal text, enums by name. A
message-typed field the service left unset is absent, not null, so routes whose answers hold one
set `response_model_exclude_unset=True`.
"""
