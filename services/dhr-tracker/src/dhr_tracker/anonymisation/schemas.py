import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

MentionKind = Literal["name", "name_part", "date_of_birth", "address", "postcode"]


class MentionOut(BaseModel):
    people: list[str] = Field(description="Who is named: victim, family-1... (never the name)")
    kind: MentionKind
    location: str = Field(description="page 3; body, paragraph 12; header 1, paragraph 1...")
    line: int
    text: str = Field(description="The words found, as the draft writes them")


class CheckOut(BaseModel):
    id: uuid.UUID
    review_id: uuid.UUID
    document_kind: Literal["docx", "pdf", "text"]
    checked_at: datetime
    clean: bool
    mention_count: int
    mentions: list[MentionOut] = Field(description="The first 1,000 mentions, in document order")
