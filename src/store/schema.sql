-- baocao's database. One row per file that arrived; history is never deleted.
-- Version 1, applied by store::open (see MIGRATIONS there) when user_version is 0.

CREATE TABLE IF NOT EXISTS submissions (
    id           INTEGER PRIMARY KEY,
    sha256       TEXT NOT NULL,
    file_name    TEXT NOT NULL,             -- the name the file arrived with
    source_path  TEXT NOT NULL,             -- where it was taken from (inbox or ingest path)
    stored_path  TEXT NOT NULL,             -- where it is kept: archive/... or rejected/...
    moved        INTEGER NOT NULL DEFAULT 0,-- 1 once the file is at stored_path (see store::finish_move)
    received_at  TEXT NOT NULL,             -- RFC 3339 UTC instant the file was taken
    format       TEXT,
    form         TEXT,
    chapter      TEXT,
    period       TEXT,
    status       TEXT NOT NULL CHECK (status IN ('accepted', 'needs_review', 'rejected', 'duplicate', 'superseded')),
    reason       TEXT,                      -- why it was rejected (Vietnamese)
    duplicate_of INTEGER REFERENCES submissions(id),
    record_json  TEXT                       -- the extracted record as `baocao extract --json` prints it
);
CREATE INDEX IF NOT EXISTS submissions_sha ON submissions(sha256);
CREATE INDEX IF NOT EXISTS submissions_current ON submissions(chapter, period, status);

CREATE TABLE IF NOT EXISTS field_values (
    submission_id INTEGER NOT NULL REFERENCES submissions(id),
    key           TEXT NOT NULL,
    value_json    TEXT NOT NULL,            -- JSON: number, "YYYY-MM-DD" or text
    source        TEXT,
    PRIMARY KEY (submission_id, key)
);

CREATE TABLE IF NOT EXISTS review_items (
    submission_id INTEGER NOT NULL REFERENCES submissions(id),
    field         TEXT,
    message       TEXT NOT NULL             -- Vietnamese, shown to the chapter and the staff
);

CREATE TABLE IF NOT EXISTS outbox (
    id              INTEGER PRIMARY KEY,
    message_id      TEXT NOT NULL UNIQUE,   -- stable id: sending is idempotent per message
    kind            TEXT NOT NULL,
    recipients      TEXT NOT NULL,          -- JSON array of addresses
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    attachments     TEXT NOT NULL DEFAULT '[]', -- JSON array of {filename, content_type, path}
    status          TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox(status, next_attempt_at);
