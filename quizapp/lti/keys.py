"""The tool's signing keys: created on first use, rotated on demand, published as a JWKS.

The newest key that is not retired signs client assertions and deep linking responses.
Rotating creates a new key and retires the old one, which stays published for
``RETIRED_KEY_GRACE`` so platforms that cached the key set, and tokens already signed,
keep verifying; after that it is deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from pylti1p3.registration import Registration
from sqlalchemy import delete, select

from quizapp.extensions import db
from quizapp.lti.models import LtiKey
from quizapp.models.types import utcnow

RETIRED_KEY_GRACE = timedelta(days=7)
KEY_BITS = 2048


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private_pem: str
    public_pem: str


def _new_key() -> LtiKey:
    private = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    private_pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")
    public_pem = (
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )
    # The kid is the key's RFC 7638 thumbprint, as pylti1p3 puts it in the tokens it signs.
    kid = Registration.get_jwk(public_pem)["kid"]
    return LtiKey(kid=kid, private_pem=private_pem, public_pem=public_pem)


def _current() -> LtiKey | None:
    return db.session.scalar(
        select(LtiKey).where(LtiKey.retired_at.is_(None)).order_by(LtiKey.id.desc()).limit(1)
    )


def signing_key() -> SigningKey:
    """The key that signs now; the first one is created on first use."""
    key = _current()
    if key is None:
        key = _new_key()
        db.session.add(key)
        db.session.commit()
        # Two servers starting at once may both create one; the newest wins for both.
        key = _current()
    return SigningKey(key.kid, key.private_pem, key.public_pem)


def rotate_key() -> SigningKey:
    """Start signing with a new key; the old one stays published for the grace period."""
    now = utcnow()
    for key in db.session.scalars(select(LtiKey).where(LtiKey.retired_at.is_(None))):
        key.retired_at = now
    db.session.execute(delete(LtiKey).where(LtiKey.retired_at < now - RETIRED_KEY_GRACE))
    key = _new_key()
    db.session.add(key)
    db.session.commit()
    return SigningKey(key.kid, key.private_pem, key.public_pem)


def published_keys() -> list[LtiKey]:
    since = utcnow() - RETIRED_KEY_GRACE
    return list(
        db.session.scalars(
            select(LtiKey)
            .where((LtiKey.retired_at.is_(None)) | (LtiKey.retired_at >= since))
            .order_by(LtiKey.id.desc())
        )
    )


def jwks() -> dict:
    """The public key set platforms verify the tool's signatures with."""
    signing_key()
    return {"keys": [dict(Registration.get_jwk(key.public_pem)) for key in published_keys()]}
