"""Channel-specific rules of a complaint (GLOSSARY.md channels): which channel number it needs,
where a grid worker stood, photo metadata, extra fields. Pure rules, no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from services.common.errors import InvalidInput

HOTLINE = "hotline_12345"
GRID = "grid_inspection"
PETITION = "petition"
ONLINE = "online"
VISIT = "visit"
PROPERTY_HOTLINE = "property_hotline"

# Channels whose complaints carry the channel's own number, unique per channel.
REF_REQUIRED = {HOTLINE: "12345 order number (工单编号)", PETITION: "petition number (信访件编号)"}
# Extra fields each channel may carry, with their length limits.
EXTRA_FIELDS: dict[str, dict[str, int]] = {
    HOTLINE: {"hotline_category": 64, "hotline_agent": 32},
    GRID: {"grid_code": 32, "inspection_round": 32},
    PETITION: {"petition_office": 64},
    ONLINE: {"email": 120, "device_id": 64, "account_id": 64, "media_url": 500, "client": 64},
    VISIT: {"reception_point": 64, "visit_kind": 16},
    PROPERTY_HOTLINE: {"call_id": 64, "company_agent": 32},
}
# Every channel a complaint may come in on (GLOSSARY.md identifiers): adding one is one entry above.
CHANNELS = tuple(EXTRA_FIELDS)
MAX_PHOTOS = 9
MAX_PHOTO_BYTES = 20 * 1024 * 1024
PHOTO_TYPES = ("image/jpeg", "image/png", "image/heic", "image/webp")
_REF = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_\-/]{0,63}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,120}\.[^@\s]{2,}$")


@dataclass(frozen=True)
class Photo:
    file_name: str
    sha256: str
    size_bytes: int
    content_type: str
    taken_at: datetime | None


@dataclass(frozen=True)
class ChannelFacts:
    """The validated channel-specific part of a complaint."""

    external_ref: str
    latitude: float | None
    longitude: float | None
    photos: tuple[Photo, ...]
    fields: tuple[tuple[str, str], ...]


def channel_ref(channel: str, external_ref: str) -> str | None:
    """The unique key of a channel's own number ("hotline_12345:GD2026…"), or None when absent."""
    return f"{channel}:{external_ref}" if external_ref else None


def validate_channel_facts(
    channel: str,
    *,
    external_ref: str,
    location: tuple[float, float] | None,
    photos: list[Photo],
    fields: dict[str, str],
) -> ChannelFacts:
    """Checks what the channel must and may carry; the first fault raises InvalidInput naming it."""
    ref = _checked_ref(channel, external_ref.strip())
    latitude, longitude = _checked_location(channel, location)
    _check_photos(photos)
    return ChannelFacts(ref, latitude, longitude, tuple(photos), _checked_fields(channel, fields))


def _checked_ref(channel: str, ref: str) -> str:
    if channel in REF_REQUIRED and not ref:
        raise InvalidInput(f"external_ref is required for {channel}: the {REF_REQUIRED[channel]}", field="external_ref")
    if ref and not _REF.match(ref):
        raise InvalidInput(
            "external_ref must be 1–64 letters, digits, '-', '_' or '/', starting with a letter or digit",
            field="external_ref",
        )
    return ref


def _checked_location(channel: str, location: tuple[float, float] | None) -> tuple[float | None, float | None]:
    if channel == GRID and location is None:
        raise InvalidInput("location is required for grid_inspection reports", field="location")
    if location is None:
        return None, None
    latitude, longitude = location
    if not (-90 <= latitude <= 90) or not (-180 <= longitude <= 180) or (latitude == 0 and longitude == 0):
        raise InvalidInput(f"location ({latitude}, {longitude}) is not a point on Earth", field="location")
    return latitude, longitude


def _check_photos(photos: list[Photo]) -> None:
    if len(photos) > MAX_PHOTOS:
        raise InvalidInput(f"at most {MAX_PHOTOS} photos; got {len(photos)}", field="photos")
    for i, photo in enumerate(photos):
        _check_photo(f"photos[{i}]", photo)


def _check_photo(where: str, photo: Photo) -> None:
    if not photo.file_name.strip() or len(photo.file_name) > 200:
        raise InvalidInput(f"{where}.file_name must be 1–200 characters", field=f"{where}.file_name")
    if not _SHA256.match(photo.sha256):
        raise InvalidInput(f"{where}.sha256 must be 64 lowercase hex digits", field=f"{where}.sha256")
    if not (0 < photo.size_bytes <= MAX_PHOTO_BYTES):
        raise InvalidInput(f"{where}.size_bytes must be between 1 and {MAX_PHOTO_BYTES}", field=f"{where}.size_bytes")
    if photo.content_type not in PHOTO_TYPES:
        kinds = f"{', '.join(PHOTO_TYPES[:-1])} or {PHOTO_TYPES[-1]}"
        raise InvalidInput(f"{where}.content_type must be {kinds}", field=f"{where}.content_type")


def _checked_fields(channel: str, fields: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """The channel's extra fields, trimmed, blanks dropped, in name order."""
    allowed = EXTRA_FIELDS.get(channel, {})
    clean: list[tuple[str, str]] = []
    for key in sorted(fields):
        value = fields[key].strip()
        field = f"channel_fields.{key}"
        if key not in allowed:
            names = ", ".join(sorted(allowed)) or "none"
            raise InvalidInput(f"{field} is not a field of {channel} (allowed: {names})", field=field)
        if len(value) > allowed[key]:
            raise InvalidInput(f"{field} is longer than {allowed[key]} characters", field=field)
        if key == "email" and value and not _EMAIL.match(value):
            raise InvalidInput(f"channel_fields.email {value!r} is not an e-mail address", field=field)
        if value:
            clean.append((key, value))
    return tuple(clean)
