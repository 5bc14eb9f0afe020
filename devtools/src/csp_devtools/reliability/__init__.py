"""The reliability harness: a platform killed for real under load (`make reliability`)."""
