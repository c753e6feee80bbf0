"""The custom search attributes of case workflows (DESIGN.md invariant 4), as typed keys.

Kept apart from the Temporal client code so workflow code can import it cheaply.
"""

from __future__ import annotations

from temporalio.common import SearchAttributeKey

CASE_NO = SearchAttributeKey.for_keyword("CaseNo")
CASE_STATUS = SearchAttributeKey.for_keyword("CaseStatus")
TRACK = SearchAttributeKey.for_keyword("Track")
ESCALATION_LEVEL = SearchAttributeKey.for_keyword("EscalationLevel")
COMMUNITY = SearchAttributeKey.for_keyword("Community")
COMPANY = SearchAttributeKey.for_keyword("Company")
DUE_AT = SearchAttributeKey.for_datetime("DueAt")
OVERDUE = SearchAttributeKey.for_bool("Overdue")

ALL = (CASE_NO, CASE_STATUS, TRACK, ESCALATION_LEVEL, COMMUNITY, COMPANY, DUE_AT, OVERDUE)
