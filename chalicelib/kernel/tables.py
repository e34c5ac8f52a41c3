"""The tables. Each class here is one DynamoDB table; entity models in the other store modules subclass them.

Entity models that are edited concurrently declare their own `VersionAttribute` (optimistic locking) or use
conditional writes on a status field.

`TABLES` is what `infra/build.py` turns into CloudFormation (and the local cloud creates from that template).
"""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import UnicodeAttribute
from pynamodb.indexes import AllProjection, LocalSecondaryIndex
from pynamodb.models import Model

from chalicelib.kernel.dynamo import Gsi3, Gsi4, Gsi5, KeyedModel, meta


class RegistryTable(KeyedModel):
    """Organisations, compounds, buildings, units, houses, people, households, vehicles (partitioned by community)."""

    logical_table = "registry"
    stream_view_type = "NEW_AND_OLD_IMAGES"  # read by partners' change feeds (infra/resources.yaml PartnerFeedMapping)
    Meta = meta("registry")


class IdentityTable(KeyedModel):
    """Staff and resident accounts, credentials, refresh-token families."""

    logical_table = "identity"
    Meta = meta("identity")


class DeviceTable(KeyedModel):
    """Device ledger, latest state, certificates, commands (partitioned by community)."""

    logical_table = "devices"
    stream_view_type = "NEW_AND_OLD_IMAGES"  # the ledger, read by partners' devices feed (PartnerFeedDevicesMapping)
    Meta = meta("devices")


class TelemetryByReceived(LocalSecondaryIndex):  # type: ignore[type-arg]
    """A device's telemetry or events by receive time (`rk` = `{kind}#{receivedAt}#{ts}#{msgId}`): latest, history.
    Sparse: heartbeats and command acks carry no `rk` and are not copied here (devices.series.ORDERED_KINDS)."""

    class Meta:
        index_name = "by_received"
        projection = AllProjection()

    pk = UnicodeAttribute(hash_key=True)
    rk = UnicodeAttribute(range_key=True)


class TelemetryTable(Model):
    """High-rate time series, apart from business state; items expire by TTL (`expires_at`).

    Key: `pk` device, `sk` = `{kind}#{msgId}` (identity: a repeated msgId is the same item); order by receive time
    on the local index `by_received` (a device clock never decides what is "latest").
    """

    logical_table = "telemetry"
    ttl_attribute = "expires_at"
    stream_view_type = "NEW_IMAGE"  # the stored device messages, read by care (infra/resources.yaml CareSignalsMapping)
    Meta = meta("telemetry")
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    rk = UnicodeAttribute(null=True)
    by_received = TelemetryByReceived()


class AuditTable(KeyedModel):
    """Append-only audit log of every write (001 10.2.2)."""

    logical_table = "audit"
    ttl_attribute = "expires_at"
    Meta = meta("audit")


class WorkOrderTable(KeyedModel):
    """Work orders (repairs, complaints, suggestions), their photos, categories and technician profiles; a third
    index lists a community's tickets by time for managers and statistics."""

    logical_table = "workorders"
    Meta = meta("workorders")
    gsi3pk = UnicodeAttribute(null=True)
    gsi3sk = UnicodeAttribute(null=True)
    gsi3 = Gsi3()


# -- payments: fee items, bills, orders, refunds, income summaries, reconciliation ------------------
class PaymentTable(KeyedModel):
    """Bills and money (partitioned by community; layout in chalicelib/payments/repository*.py)."""

    logical_table = "payments"
    Meta = meta("payments")
    gsi3pk = UnicodeAttribute(null=True)
    gsi3sk = UnicodeAttribute(null=True)
    gsi3 = Gsi3()


# -- visitor passes and entry records ------------------------------------------------------------------
class VisitorTable(KeyedModel):
    """Visitor passes, policies, published pass keys, entry/exit records (partitioned by community). Entry records
    expire by TTL no earlier than 400 days after the passage (>= 180 days, 001 6.2.1.4 c); TTL is clean-up only."""

    logical_table = "visitors"
    ttl_attribute = "expires_at"
    stream_view_type = "NEW_IMAGE"  # new passages: watch lists (watch_passages), partners' access records feed
    Meta = meta("visitors")
    gsi3pk = UnicodeAttribute(null=True)
    gsi3sk = UnicodeAttribute(null=True)
    gsi3 = Gsi3()
    gsi4pk = UnicodeAttribute(null=True)
    gsi4sk = UnicodeAttribute(null=True)
    gsi4 = Gsi4()
    gsi5pk = UnicodeAttribute(null=True)
    gsi5sk = UnicodeAttribute(null=True)
    gsi5 = Gsi5()


# -- end of visitor passes -----------------------------------------------------------------------------------------
# ---- alarm handling and notifications ----------------------------------------------------------------
class AlarmTable(KeyedModel):
    """Alarms with their timeline, active slots, threshold breaches, dedupe markers, rule overrides, duty roster.
    Records expire by TTL (`expires_at`) no earlier than their retention minimum (chalicelib/alarms/repository.py)."""

    logical_table = "alarms"
    ttl_attribute = "expires_at"
    stream_view_type = "NEW_AND_OLD_IMAGES"  # alarms, read by partners' alarms feed (PartnerFeedAlarmsMapping)
    Meta = meta("alarms")
    gsi3pk = UnicodeAttribute(null=True)
    gsi3sk = UnicodeAttribute(null=True)
    gsi3 = Gsi3()


class NotificationTable(KeyedModel):
    """Delivery records of the notifier (one per message and recipient), any subject (alarms, work orders)."""

    logical_table = "notifications"
    ttl_attribute = "expires_at"
    Meta = meta("notifications")


# ---- end of alarm handling --------------------------------------------------------------------------------------
# ---- owners' votes ------------------------------------------------------------------------------------------------
class VoteTable(KeyedModel):
    """Owners' joint decisions: votes, one ballot per unit, secret ballots' choices, written delegations
    (partitioned by community and vote; layout in chalicelib/votes/repository.py)."""

    logical_table = "votes"
    Meta = meta("votes")


class NoticeTable(KeyedModel):
    """Notices, their households' feeds and read receipts (layout in chalicelib/notices/repository.py)."""

    logical_table = "notices"
    Meta = meta("notices")


class QuestionnaireTable(KeyedModel):
    """Questionnaires and their answers, one per household or person (chalicelib/questionnaires/repository.py)."""

    logical_table = "questionnaires"
    Meta = meta("questionnaires")


# ---- end of owners' votes -----------------------------------------------------------------------------------------


# ---- care: people in need of care, guardians, last seen, care alerts ---------------------------------------------
class CareTable(KeyedModel):
    """The care register (partitioned by community; guardian links by account): profiles with sealed health data,
    one "last seen" item per person, care alerts with their open slots (chalicelib/care/repository.py)."""

    logical_table = "care"
    Meta = meta("care")


# ---- end of care -------------------------------------------------------------------------------------------------
# ---- governance: anomaly warnings -------------------------------------------------------------------------------
class GovernanceTable(KeyedModel):
    """Anomaly warnings (one open per subject and kind), their thresholds per community, the enrolled communities
    (chalicelib/governance/repository.py)."""

    logical_table = "governance"
    ttl_attribute = "expires_at"
    Meta = meta("governance")


# ---- partners: the open data service -----------------------------------------------------------------------------
class PartnerTable(KeyedModel):
    """Partner organisations, their API keys (secrets sealed), spent nonces (TTL), quota counters, call records and
    daily statistics, and the change feeds they read (chalicelib/partners/repository*.py)."""

    logical_table = "partners"
    ttl_attribute = "expires_at"
    Meta = meta("partners")


# ---- end of partners ----------------------------------------------------------------------------------------------
# ---- parking ------------------------------------------------------------------------------------------------------
class ParkingTable(KeyedModel):
    """Car parks and their barriers, stays (one per car inside), passage records (partitioned by community).
    Passage records expire by TTL no earlier than 400 days after the passage (>= 180 days, 000 6.1.1 b; 003 asks
    365 for vehicle events); TTL is clean-up only."""

    logical_table = "parking"
    ttl_attribute = "expires_at"
    Meta = meta("parking")


# ---- end of parking -----------------------------------------------------------------------------------------------
# ---- patrol -------------------------------------------------------------------------------------------------------
class PatrolTable(KeyedModel):
    """Checkpoints, routes, plans and rounds with their reads (partitioned by community; plans indexed by their
    Beijing time for the scheduler)."""

    logical_table = "patrol"
    Meta = meta("patrol")


# ---- end of patrol ------------------------------------------------------------------------------------------------
# ---- lockers ------------------------------------------------------------------------------------------------------
class LockersTable(KeyedModel):
    """Parcels in shared parcel lockers, their compartments and send-a-parcel bookings (partitioned by community and
    house; waiting parcels indexed on gsi1 for the reminder run)."""

    logical_table = "lockers"
    Meta = meta("lockers")


# ---- end of lockers -----------------------------------------------------------------------------------------------


class LiveConnectionTable(KeyedModel):
    """The duty-room console's open WebSocket connections (`chalicelib/live`): one item per connection, found by
    community through gsi1. An item expires with its access token (`expires_at`, TTL = clean-up only: the push
    checks expiry and the session cutoff in code)."""

    logical_table = "live"
    ttl_attribute = "expires_at"
    Meta = meta("live")


# ---- end of the live channel --------------------------------------------------------------------------------------

TABLES: list[type[Model]] = [
    RegistryTable,
    IdentityTable,
    DeviceTable,
    TelemetryTable,
    AuditTable,
    WorkOrderTable,
    PaymentTable,  # payments
    VisitorTable,
    AlarmTable,
    NotificationTable,
    VoteTable,  # owners' votes
    NoticeTable,  # notices
    QuestionnaireTable,  # questionnaires
    CareTable,  # care
    GovernanceTable,  # governance
    PartnerTable,  # partners
    ParkingTable,  # parking
    PatrolTable,  # patrol
    LockersTable,  # parcel lockers
    LiveConnectionTable,  # the live channel
]


def table_schema(model: type[Model]) -> dict[str, Any]:
    """CloudFormation `AWS::DynamoDB::Table` properties for a table class (less the name)."""
    schema = model._get_schema()  # PynamoDB's own CreateTable description
    props: dict[str, Any] = {
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": sorted(
            (
                {"AttributeName": a["AttributeName"], "AttributeType": a["AttributeType"]}
                for a in schema["attribute_definitions"]
            ),
            key=lambda a: a["AttributeName"],
        ),
        "KeySchema": [{"AttributeName": k["AttributeName"], "KeyType": k["KeyType"]} for k in schema["key_schema"]],
    }
    gsis = schema.get("global_secondary_indexes") or []
    if gsis:
        props["GlobalSecondaryIndexes"] = [
            {
                "IndexName": g["index_name"],
                "KeySchema": [{"AttributeName": k["AttributeName"], "KeyType": k["KeyType"]} for k in g["key_schema"]],
                "Projection": {"ProjectionType": g["projection"]["ProjectionType"]},
            }
            for g in sorted(gsis, key=lambda g: g["index_name"])
        ]
    lsis = schema.get("local_secondary_indexes") or []
    if lsis:
        props["LocalSecondaryIndexes"] = [
            {
                "IndexName": i["index_name"],
                "KeySchema": [{"AttributeName": k["AttributeName"], "KeyType": k["KeyType"]} for k in i["key_schema"]],
                "Projection": {"ProjectionType": i["projection"]["ProjectionType"]},
            }
            for i in sorted(lsis, key=lambda i: i["index_name"])
        ]
    ttl = getattr(model, "ttl_attribute", None)
    if ttl:
        props["TimeToLiveSpecification"] = {"AttributeName": ttl, "Enabled": True}
    stream = getattr(model, "stream_view_type", None)
    if stream:
        props["StreamSpecification"] = {"StreamViewType": stream}
    props["PointInTimeRecoverySpecification"] = {"PointInTimeRecoveryEnabled": True}
    props["SSESpecification"] = {"SSEEnabled": True}
    return props
