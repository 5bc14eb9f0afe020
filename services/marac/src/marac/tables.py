"""The base of marac's tables.

marac's tables have their own metadata: another service's tables of the same name
(`import_job`, `policy`...), imported in the same process by a cross-service test or a
tool, can never clash with them. The platform's tables (outbox, processed_event,
audit_log) stay in SQLModel's default metadata; migrations compare against both.
"""

from sqlalchemy.orm import registry
from sqlmodel import SQLModel


class MaracTable(SQLModel, registry=registry()):
    pass
