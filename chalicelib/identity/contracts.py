"""Request and response models of identity's routes: sign-in, sessions and profiles, and the administration of
staff accounts (with the staff account as a viewer may see it)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field, StringConstraints, field_validator

from chalicelib.kernel.contracts import Contract, Id, Time

if TYPE_CHECKING:
    from chalicelib.identity.model import StaffAccount
    from chalicelib.kernel.security.principal import Principal

Password = Annotated[str, StringConstraints(min_length=1, max_length=256, strip_whitespace=False)]
Code = Annotated[str, StringConstraints(min_length=1, max_length=256)]
RefreshTokenText = Annotated[str, StringConstraints(min_length=1, max_length=512)]


class StaffCreate(Contract):
    username: Annotated[str, StringConstraints(min_length=3, max_length=32)] = Field(examples=["li.guard"])
    name: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    password: Password = Field(description="Initial password; the person must change it at first sign-in")
    roles: list[str] = Field(min_length=1, examples=[["staff.guard"]])
    phone: Annotated[str, StringConstraints(max_length=20)] | None = None
    validFrom: Time | None = Field(default=None, description="UTC ISO-8601; absent = from now")
    validUntil: Time | None = Field(default=None, description="UTC ISO-8601; absent = no end")
    idleTimeoutMinutes: int = Field(default=30, ge=5, le=24 * 60, description="Signed out after this much inactivity")
    maxFailedLogins: int = Field(default=5, ge=3, le=20, description="Locked for a while after this many failures")


class PlatformStaffCreate(StaffCreate):
    communities: list[Id] = Field(min_length=1, description='Community ids, or ["*"] for every community')

    @field_validator("communities", mode="before")
    @classmethod
    def _star(cls, v: Any) -> Any:
        return ["_ALL_" if c == "*" else c for c in v] if isinstance(v, list) else v


class PasswordReset(Contract):
    password: Password


class StaffView(Contract):
    accountId: str
    username: str
    name: str
    phone: str | None = Field(default=None, description="Masked")
    roles: list[str]
    communities: list[str] = Field(description="The account's communities that the caller may see")
    alsoElsewhere: bool = Field(
        default=False,
        description="The account also works in communities the caller does not manage: only the platform admin may "
        "change it (the caller may remove it from their community)",
    )
    validFrom: str | None = None
    validUntil: str | None = None
    idleTimeoutMinutes: int
    maxFailedLogins: int
    locked: bool
    disabled: bool
    mustChangePassword: bool
    lastLoginAt: str | None = None
    createdAt: str


class StaffList(Contract):
    items: list[StaffView]


class StaffQuery(Contract):
    q: Annotated[str, StringConstraints(max_length=64)] | None = Field(
        default=None, description="Part of the username or name"
    )


class RevealedPhone(Contract):
    accountId: str
    phone: str | None


def _iso(value: datetime | None) -> str | None:
    from chalicelib.kernel.clock import iso

    return iso(value) if value else None


def staff_view(a: StaffAccount, viewer: Principal) -> StaffView:
    """The account as `viewer` may see it: a community admin sees only the communities they manage (an account
    shared with another community must not tell them which one)."""
    from chalicelib.kernel.clock import utcnow

    visible = set(a.communities) if "*" in viewer.communities else set(a.communities) & set(viewer.communities)
    return StaffView(
        accountId=a.account_id,
        username=a.username,
        name=a.name,
        phone=a.phone_masked,
        roles=sorted(a.roles),
        communities=sorted(visible),
        alsoElsewhere=bool(set(a.communities) - visible),
        validFrom=_iso(a.valid_from),
        validUntil=_iso(a.valid_until),
        idleTimeoutMinutes=a.idle_timeout_minutes,
        maxFailedLogins=a.max_failed_logins,
        locked=a.locked(utcnow()),
        disabled=a.disabled,
        mustChangePassword=a.must_change_password,
        lastLoginAt=_iso(a.last_login_at),
        createdAt=_iso(a.created_at) or "",
    )


# -- sign-in, sessions, profiles
class ResidentLogin(Contract):
    code: Code = Field(description="The code from `wx.login()`", examples=["0a3Bc..."])


class StaffLogin(Contract):
    username: Annotated[str, StringConstraints(min_length=1, max_length=64)] = Field(examples=["zhang.guard"])
    password: Annotated[str, StringConstraints(min_length=1, max_length=256, strip_whitespace=False)]


class RefreshRequest(Contract):
    refreshToken: RefreshTokenText


class PhoneBinding(Contract):
    code: Code = Field(description="The code from the `getPhoneNumber` button event")


class PasswordChange(Contract):
    currentPassword: Annotated[str, StringConstraints(min_length=1, max_length=256, strip_whitespace=False)]
    newPassword: Annotated[str, StringConstraints(min_length=1, max_length=256, strip_whitespace=False)]


class TokenResponse(Contract):
    accessToken: str
    tokenType: str = "Bearer"
    expiresIn: int = Field(description="Seconds until the access token expires")
    refreshToken: str | None = Field(
        default=None, description="Single use: each refresh returns the next one. Absent when the password must change"
    )
    mustChangePassword: bool = False
    kind: str
    roles: list[str]
    communities: list[str]
    households: list[str]


class ResidentProfile(Contract):
    accountId: str
    phone: str | None = Field(default=None, description="Masked, e.g. 138****5678")
    roles: list[str]
    communities: list[str]
    households: list[str]


class StaffProfile(Contract):
    accountId: str
    username: str
    name: str
    phone: str | None = Field(default=None, description="Masked")
    roles: list[str]
    communities: list[str]
    communityNames: dict[str, str] = Field(
        default_factory=dict,
        description="Each community's name (阳光社区) by id, where the registry has one: what a console shows",
    )
    validUntil: str | None = None
    mustChangePassword: bool
    idleTimeoutMinutes: int
    permissions: list[str] = Field(
        default_factory=list,
        description="What the roles allow (the authorisation matrix): a console hides the rest; the API refuses it",
    )
