import pytest

from services.common.identity import Identity, IdentityError, sign, verify

KEY = "k" * 32
WHO = Identity("xiadong.caseworker", ("caseworker",), ("NB-XIADONG",), "李红")


def test_signed_identity_round_trips() -> None:
    payload, signature = sign(WHO, KEY)
    got = verify(payload, signature, KEY)
    assert (got.subject, got.roles, got.organisations, got.display_name) == (
        "xiadong.caseworker",
        ("caseworker",),
        ("NB-XIADONG",),
        "李红",
    )
    assert got.groups == frozenset({"NB-XIADONG:caseworker"})


@pytest.mark.parametrize("payload,signature", [(None, None), ("", "x"), ("abc", "")])
def test_missing_identity_is_refused(payload: str | None, signature: str | None) -> None:
    with pytest.raises(IdentityError, match="no identity"):
        verify(payload, signature, KEY)


def test_tampered_identity_is_refused() -> None:
    payload, signature = sign(WHO, KEY)
    forged, _ = sign(Identity("admin", ("admin",)), "other-key" * 4)
    with pytest.raises(IdentityError, match="signature"):
        verify(forged, signature, KEY)
    with pytest.raises(IdentityError, match="signature"):
        verify(payload, signature, "another-key" * 3)


def test_expired_identity_is_refused() -> None:
    payload, signature = sign(WHO, KEY, now=1_000_000.0)
    with pytest.raises(IdentityError, match="expired"):
        verify(payload, signature, KEY, now=1_000_000.0 + 301)
