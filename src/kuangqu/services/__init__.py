"""Use cases by noun. Each takes a Session, flushes, and never commits: the caller owns the transaction."""
