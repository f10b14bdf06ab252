"""Message catalogue modules, one per capability: `MESSAGES = {key: (zh, en)}`."""
