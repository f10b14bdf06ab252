"""The record of every import: which file (name and SHA-256), what it did, who ran it."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from kuangqu.models.base import utcnow


class ImportRun(SQLModel, table=True):
    __tablename__ = "import_run"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow)
    operator: str = Field(max_length=100)
    kind: str = Field(max_length=30)  # retirees, households …
    file_name: str = Field(max_length=255)
    sha256: str = Field(max_length=64, index=True)
    sheets: str = Field(default="", max_length=500)
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_rows: int = 0
    warnings: int = 0
