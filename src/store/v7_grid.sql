-- Version 7: the desk's grid asks for every period's current submissions on every view.
-- The extracted records (kilobytes each) move out of `submissions` into their own table, so
-- the rows that lists and the grid read stay small and many fit a page.
CREATE TABLE IF NOT EXISTS submission_records (
    submission_id INTEGER PRIMARY KEY REFERENCES submissions(id),
    record_json   TEXT NOT NULL             -- the extracted record as `baocao extract --json` prints it
);
INSERT OR IGNORE INTO submission_records (submission_id, record_json)
    SELECT id, record_json FROM submissions WHERE record_json IS NOT NULL;
UPDATE submissions SET record_json = NULL WHERE record_json IS NOT NULL;
-- A period's current submissions, in chapter order, from the index alone (queries name it
-- with INDEXED BY: without statistics SQLite may prefer the status index below).
CREATE INDEX IF NOT EXISTS submissions_period ON submissions(period, chapter, status);
-- The refused files of a season, without reading every submission.
CREATE INDEX IF NOT EXISTS submissions_refused ON submissions(status, received_at);
