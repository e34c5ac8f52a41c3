"""Outbound adapters: each a small interface with a real (AWS/HTTP) implementation and, where needed, a local one."""
