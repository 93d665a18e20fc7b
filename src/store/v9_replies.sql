-- Version 9: replies and threads (issue 14). A receipt to a mailed report answers that mail
-- (`in_reply_to`, the sender in `recipients` and the registry address in `cc`) and remembers
-- its submission, so that the chapter's answer to it — a comment, not a new file — is attached
-- to the right report. A message that is neither a report nor a reply may be left in the
-- folder (`left`), and is listed once in the staff's daily digest (`digested_at`).
ALTER TABLE outbox ADD COLUMN in_reply_to TEXT;
ALTER TABLE outbox ADD COLUMN cc TEXT NOT NULL DEFAULT '[]';
ALTER TABLE outbox ADD COLUMN submission_id INTEGER REFERENCES submissions(id);
CREATE INDEX IF NOT EXISTS outbox_submission ON outbox(submission_id);

CREATE TABLE mail_messages_v9 (
    id           INTEGER PRIMARY KEY,
    account      TEXT NOT NULL,
    folder       TEXT NOT NULL,
    uid_validity INTEGER NOT NULL,
    uid          INTEGER NOT NULL,
    message_id   TEXT,
    sha256       TEXT NOT NULL,
    sender       TEXT,
    subject      TEXT NOT NULL DEFAULT '',
    chapter      TEXT,
    files        INTEGER NOT NULL DEFAULT 0,
    refused      TEXT,
    -- What the message was: report (files for the intake), reply (a chapter's comment on a
    -- receipt), other (neither); NULL until read.
    kind         TEXT CHECK (kind IN ('report', 'reply', 'other')),
    state        TEXT NOT NULL CHECK (state IN ('claimed', 'stored', 'moved', 'left')),
    claimed_at   TEXT NOT NULL,
    stored_at    TEXT,
    moved_at     TEXT,
    digested_at  TEXT,
    UNIQUE (account, folder, uid_validity, uid)
);
INSERT INTO mail_messages_v9 (id, account, folder, uid_validity, uid, message_id, sha256, sender, subject,
    chapter, files, refused, kind, state, claimed_at, stored_at, moved_at)
    SELECT id, account, folder, uid_validity, uid, message_id, sha256, sender, subject, chapter, files, refused,
        CASE WHEN state = 'claimed' THEN NULL WHEN files > 0 THEN 'report' ELSE 'other' END,
        state, claimed_at, stored_at, moved_at
    FROM mail_messages;
DROP TABLE mail_messages;
ALTER TABLE mail_messages_v9 RENAME TO mail_messages;
CREATE INDEX IF NOT EXISTS mail_messages_sha ON mail_messages(sha256);

-- A chapter's answer to a receipt, without a new file: what it said (quoted text removed).
CREATE TABLE IF NOT EXISTS submission_comments (
    id            INTEGER PRIMARY KEY,
    submission_id INTEGER NOT NULL REFERENCES submissions(id),
    mail_id       INTEGER NOT NULL UNIQUE REFERENCES mail_messages(id),
    sender        TEXT,
    body          TEXT NOT NULL,
    received_at   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS submission_comments_submission ON submission_comments(submission_id);
