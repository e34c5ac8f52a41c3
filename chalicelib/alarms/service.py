"""The alarm service: one object, built by keyword from its ports and settings (`lifecycle.AlarmLifecycle`), with
three groups of use cases, each in a module of its own:

- `consumer.AlarmConsumer`: `handle`, one AlarmEventsQueue message evaluated against the rules;
- `actions.AlarmActions`: `raise_sos`, `report`, `acknowledge`, `assign`, `comment`, `clear`, `get`, `find`;
- `workflow_steps.AlarmWorkflowSteps`: the workflow's `notify_and_wait` (a level told, linkage, the wait),
  `recipients`, `notify_level`, `escalate`, `dispatch`, `await_clear`, `close`.

The model (alarm, timeline, errors, ports, the consumer's message) is in `model.py`.
"""

from __future__ import annotations

from chalicelib.alarms.actions import AlarmActions
from chalicelib.alarms.consumer import AlarmConsumer
from chalicelib.alarms.workflow_steps import AlarmWorkflowSteps


class AlarmService(AlarmConsumer, AlarmActions, AlarmWorkflowSteps):
    """Alarms: raised by the consumer, acted on by residents and staff, carried through by the alarm workflow."""
