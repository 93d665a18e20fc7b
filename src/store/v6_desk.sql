-- Version 6: the review desk (issue #13): the audit log, corrections, and the desk's sessions.

-- Every change a person made, by whom and when; never updated or deleted. A correction is a
-- row with action 'correct': the extracted value stays in field_values, the newest correction
-- of a field is the value that counts (see effective_values).
CREATE TABLE IF NOT EXISTS audit (
    id            INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,            -- RFC 3339 UTC instant
    actor         TEXT NOT NULL,            -- the login (a removed account's name stays here)
    action        TEXT NOT NULL CHECK (action IN ('correct', 'accept', 'reject', 'resend', 'request', 'compile',
                                                  'send', 'retry')),
    submission_id INTEGER REFERENCES submissions(id),
    field         TEXT,                     -- the corrected field
    old_json      TEXT,                     -- the value before (JSON; NULL when there was none)
    new_json      TEXT,                     -- the value after (JSON)
    note          TEXT                      -- the reason or note the person wrote
);
CREATE INDEX IF NOT EXISTS audit_submission ON audit(submission_id, field);

-- The value of each field that counts: the newest correction, else the extracted value. A
-- correction may also give a field that was not found at all.
CREATE VIEW IF NOT EXISTS effective_values AS
WITH latest AS (
    SELECT submission_id, field, new_json, id FROM audit
    WHERE id IN (SELECT max(id) FROM audit WHERE action = 'correct' GROUP BY submission_id, field)
)
SELECT v.submission_id, v.key, COALESCE(l.new_json, v.value_json) AS value_json, v.source,
       l.id IS NOT NULL AS corrected
FROM field_values v LEFT JOIN latest l ON l.submission_id = v.submission_id AND l.field = v.key
UNION ALL
SELECT l.submission_id, l.field, l.new_json, NULL, 1 FROM latest l
WHERE NOT EXISTS (SELECT 1 FROM field_values v WHERE v.submission_id = l.submission_id AND v.key = l.field);

-- The desk's login sessions: tower-sessions records, their data as JSON; expired ones deleted.
CREATE TABLE IF NOT EXISTS web_sessions (
    id          TEXT PRIMARY KEY,
    data        BLOB NOT NULL,
    expiry_date INTEGER NOT NULL            -- Unix seconds
);
