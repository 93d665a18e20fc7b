-- Version 10: the units that report, with their history (issue 16). The configuration's
-- `[[chapters]]` seed it once; from then on `baocao units import` replaces it whole. `position`
-- keeps the staff's order; lists are JSON arrays; days are `YYYY-MM-DD` (NULL: open-ended).
CREATE TABLE units (
    position   INTEGER NOT NULL,
    code       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    level      TEXT NOT NULL,
    parent     TEXT,
    from_day   TEXT,
    until_day  TEXT,
    email      TEXT NOT NULL,
    aliases    TEXT NOT NULL DEFAULT '[]',
    senders    TEXT NOT NULL DEFAULT '[]',
    successors TEXT NOT NULL DEFAULT '[]'
);

-- A change of the list is a row of the audit log (action 'units'). SQLite cannot widen a CHECK
-- in place: the log is copied into a table that allows it, and its view made again.
DROP VIEW effective_values;
CREATE TABLE audit_v10 (
    id            INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    actor         TEXT NOT NULL,
    action        TEXT NOT NULL CHECK (action IN ('correct', 'accept', 'reject', 'resend', 'request', 'compile',
                                                  'send', 'retry', 'units')),
    submission_id INTEGER REFERENCES submissions(id),
    field         TEXT,
    old_json      TEXT,
    new_json      TEXT,
    note          TEXT
);
INSERT INTO audit_v10 (id, at, actor, action, submission_id, field, old_json, new_json, note)
    SELECT id, at, actor, action, submission_id, field, old_json, new_json, note FROM audit;
DROP TABLE audit;
ALTER TABLE audit_v10 RENAME TO audit;
CREATE INDEX audit_submission ON audit(submission_id, field);
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
