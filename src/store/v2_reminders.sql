-- Version 2: ad-hoc requests and the reminder ledger (issue #4).

-- Ad-hoc reports the province asked for; each is a period `YYYY-Rn` with its own deadline.
CREATE TABLE IF NOT EXISTS requests (
    period     TEXT PRIMARY KEY,            -- `2021-R1`
    title      TEXT NOT NULL,               -- as the province wrote it (Vietnamese)
    due        TEXT NOT NULL,               -- YYYY-MM-DD, in the configured zone
    chapters   TEXT NOT NULL,               -- JSON array of chapter codes asked
    schedule   TEXT,                        -- JSON reminder schedule; NULL: the configured one
    created_at TEXT NOT NULL
);

-- Every reminder or notice decided, one row per (recipient, period, schedule step). The
-- primary key is what makes a step happen at most once, across restarts and double starts.
CREATE TABLE IF NOT EXISTS reminders (
    recipient  TEXT NOT NULL,               -- chapter code, or `staff` for the digests
    period     TEXT NOT NULL,
    step       TEXT NOT NULL,               -- `before-7`, `due`, `overdue-1`, `digest-2021-06-16`...
    sent_on    TEXT NOT NULL,               -- the local day it was decided (YYYY-MM-DD)
    message_id TEXT NOT NULL,               -- the outbox row it queued
    PRIMARY KEY (recipient, period, step)
);
