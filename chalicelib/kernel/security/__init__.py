"""Tokens, roles and permissions, field encryption and the audit log: every check lives here, once."""
