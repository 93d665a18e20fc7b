-- Version 4: the intake state of every file (issue #9) and claims on outbox rows.

-- One row per file taken (its source path and bytes). A file is in exactly one state:
--   reading  a process holds it (owner, lease_until); an expired lease means that process died
--   waiting  a failure that is not the file's fault; retried at next_attempt_at
--   stuck    still failing after many tries or a day; left in place, the staff told once
--   recorded its submission is committed; filing it into archive/ or rejected/ is pending
--   filed    done
-- At most one row per source path is not `filed`: two processes can never take the same file.
CREATE TABLE IF NOT EXISTS intake (
    id              INTEGER PRIMARY KEY,
    source_raw      BLOB NOT NULL,          -- the source path's bytes (names need not be UTF-8)
    source_path     TEXT NOT NULL,          -- the same path, readable (lossy), for people
    sha256          TEXT NOT NULL,
    size            INTEGER NOT NULL,
    mode            TEXT NOT NULL CHECK (mode IN ('move', 'copy', 'unlink')),
    state           TEXT NOT NULL CHECK (state IN ('reading', 'waiting', 'stuck', 'recorded', 'filed')),
    owner           TEXT,
    lease_until     TEXT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    first_seen_at   TEXT NOT NULL,
    next_attempt_at TEXT,
    last_error      TEXT,
    submission_id   INTEGER REFERENCES submissions(id),
    updated_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS intake_active ON intake(source_raw) WHERE state <> 'filed';
CREATE INDEX IF NOT EXISTS intake_state ON intake(state, next_attempt_at);
CREATE INDEX IF NOT EXISTS submissions_stored ON submissions(stored_path);

-- Rows a crash left unfiled under version 3 become `recorded` intake rows, filed by copying:
-- version 3 did not record whether the source lay inside the inbox, and a copy never moves a
-- file that is not ours (an inbox original left behind is then taken as a duplicate).
INSERT INTO intake (source_raw, source_path, sha256, size, mode, state, first_seen_at, next_attempt_at,
                    submission_id, updated_at)
SELECT CAST(source_path AS BLOB), source_path, sha256, 0, 'copy', 'recorded', received_at, received_at, id, received_at
FROM submissions WHERE moved = 0;

-- A sender claims a row before sending it, so two processes never send the same message;
-- a claim whose holder died expires at claimed_until.
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN claimed_until TEXT;
