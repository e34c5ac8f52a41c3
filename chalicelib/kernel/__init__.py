"""What every capability uses: the endpoint decorator and its errors, the handler's `Call`, contracts' base models,
lazy routes, clock, domain errors, pagination, tables, AWS clients, Step Functions, the tasks' blueprint, `@built`
factories, observability, configuration, and `security/` (tokens, permissions, access checks, session cutoffs,
personal data). It imports no capability but the audit log's package face (refusals and reveals are audited)."""
