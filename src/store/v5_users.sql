-- The review desk's accounts: provincial staff who correct and accept, viewers who only read.
-- The password is kept as an argon2id PHC string (salt and parameters inside), never in clear.
CREATE TABLE IF NOT EXISTS users (
    login         TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('staff', 'viewer')),
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
