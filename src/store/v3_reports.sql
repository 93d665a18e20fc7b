-- Version 3: compiled provincial reports (issue #5).

-- Every version of the compiled report of a period. A new version is made only when the
-- inputs (the submissions that count, their values, the registry) changed since the latest
-- one; compiling unchanged inputs again rewrites the files under the same version.
CREATE TABLE IF NOT EXISTS reports (
    period        TEXT NOT NULL,            -- `2021-H1`
    version       INTEGER NOT NULL,         -- 1, 2... (`lần 2` in the report)
    inputs_sha256 TEXT NOT NULL,            -- hash of everything the report was built from
    compiled_at   TEXT NOT NULL,            -- RFC 3339 UTC instant of the latest compilation
    docx_path     TEXT NOT NULL,
    xlsx_path     TEXT NOT NULL,
    message_id    TEXT,                     -- the outbox row that sends this version, once queued
    queued_at     TEXT,                     -- when it was queued (NULL: never sent)
    auto          INTEGER NOT NULL DEFAULT 0, -- 1 when the daemon queued it by itself
    PRIMARY KEY (period, version)
);
