"""Ingestion metrics through Powertools (EMF): plain counts on the shared Metrics, a `reason` dimension apart."""

from __future__ import annotations

from aws_lambda_powertools.metrics import MetricUnit, single_metric

from chalicelib.observability import metrics


class PowertoolsIngestionMetrics:
    def count(self, name: str, value: int, reason: str | None = None) -> None:
        if reason is None:
            metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)
            return
        # A dimension applies to a whole metric set; a per-reason count needs its own set.
        with single_metric(name=name, unit=MetricUnit.Count, value=value, namespace=metrics.namespace) as metric:
            metric.add_dimension(name="reason", value=reason)
