-- Version 8: the e-mails read from the mailbox (issue 14). One row per message per
-- (account, folder, UIDVALIDITY, UID), claimed before its files are handed to the intake:
-- `claimed` → `stored` (its files are in the inbox, committed with this state) → `moved` (out
-- of the folder). A restart finishes what a crash left; a message seen again under a new
-- UIDVALIDITY is recognised by its bytes and not stored twice.
CREATE TABLE IF NOT EXISTS mail_messages (
    id           INTEGER PRIMARY KEY,
    account      TEXT NOT NULL,             -- user@host
    folder       TEXT NOT NULL,
    uid_validity INTEGER NOT NULL,
    uid          INTEGER NOT NULL,
    message_id   TEXT,
    sha256       TEXT NOT NULL,             -- of the raw message
    sender       TEXT,
    subject      TEXT NOT NULL DEFAULT '',
    chapter      TEXT,                      -- the registry's chapter of the sender, if any
    files        INTEGER NOT NULL DEFAULT 0,-- report files handed to the intake
    refused      TEXT,                      -- JSON [[name, reason]] of parts refused
    state        TEXT NOT NULL CHECK (state IN ('claimed', 'stored', 'moved')),
    claimed_at   TEXT NOT NULL,
    stored_at    TEXT,
    moved_at     TEXT,
    UNIQUE (account, folder, uid_validity, uid)
);
CREATE INDEX IF NOT EXISTS mail_messages_sha ON mail_messages(sha256);
