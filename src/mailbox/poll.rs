//! One poll of the mailbox, exactly once by construction. Each message is claimed in the
//! database (its key: account, folder, UIDVALIDITY, UID) before it is read; its report files
//! are written to a hidden staging folder inside the inbox, the claim becomes `stored` in the
//! same step that makes them visible (a rename into `inbox/<CHAPTER>/thư-<n>/`, where the
//! intake takes them like any dropped file), and only then is the message moved out of the
//! folder. A crash anywhere resumes at the step it stopped before; a message seen again
//! under a new UIDVALIDITY is known by its bytes and stored nothing twice. The next poll asks
//! only for UIDs above the highest recorded, so a large folder costs no bodies.

use super::config::{MailboxSettings, Others};
use super::imap::{self, ImapError};
use super::reply::{self, Kind};
use super::{parts, thread};
use crate::config::Settings;
use crate::desk::Db;
use crate::store::{MailKey, MailState, NewMail, Store, StoreError};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Messages fetched per command: a few megabytes each at most.
const BATCH: usize = 20;

/// What one poll did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Polled {
    /// New messages read.
    pub read: usize,
    /// Report files handed to the intake.
    pub files: usize,
    /// Messages moved to the done folder.
    pub moved: usize,
    /// Messages recognised as already stored (a changed UIDVALIDITY, a copy).
    pub known: usize,
    /// The folder's UIDNEXT when the poll opened it: a wait for new mail that finds it higher
    /// knows mail came in during the poll.
    pub uid_next: Option<u32>,
}

impl Polled {
    /// Whether the poll did anything.
    pub fn did_something(&self) -> bool {
        self.read + self.files + self.moved + self.known > 0
    }
}

/// Why a poll stopped. Never the chapter's fault: the poll is retried.
#[derive(Debug, thiserror::Error)]
pub enum PollError {
    #[error(transparent)]
    Imap(#[from] ImapError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("mailbox: {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

/// Polls once: finishes what an earlier poll left, then reads the new messages.
pub async fn poll(
    settings: &std::sync::Arc<Settings>,
    m: &MailboxSettings,
    db: &Db,
    now: impl Fn() -> jiff::Timestamp,
) -> Result<Polled, PollError> {
    let mut done = Polled::default();
    let mut session = imap::connect(m).await?;
    let selected = imap::select(&mut session, &m.folder, m.timeout).await?;
    done.uid_next = selected.uid_next;
    let account = format!("{}@{}", m.username, m.host);
    let key = |uid| MailKey {
        account: account.clone(),
        folder: m.folder.clone(),
        uid_validity: selected.uid_validity,
        uid,
    };
    imap::ensure_folder(&mut session, &m.done_folder, m.timeout).await?;
    let (a, f, v) = (account.clone(), m.folder.clone(), selected.uid_validity);
    let (stored, claimed, high) = db
        .run(move |s| {
            Ok::<_, StoreError>((
                s.messages_in(&a, &f, v, "stored")?,
                s.messages_in(&a, &f, v, "claimed")?,
                s.message_high_water(&a, &f, v)?,
            ))
        })
        .await?;
    for row in &stored {
        let (settings, id) = (settings.clone(), row.id);
        db.run(move |s| publish(&settings, s, id)).await?;
    }
    done.moved += move_out(&mut session, m, db, &stored, &now).await?;
    // Claimed but not stored: a crash while reading it. Read it again, then the new ones.
    let mut uids: Vec<u32> = claimed.iter().map(|r| r.uid).collect();
    uids.extend(imap::uids_from(&mut session, high + 1, m.timeout).await?);
    for batch in uids.chunks(BATCH) {
        let mut handled = Vec::new();
        for (uid, raw) in imap::fetch(&mut session, batch, m.timeout).await? {
            let (settings_, key, at) = (settings.clone(), key(uid), now());
            let leave = m.others == Others::Leave;
            let outcome = db.run(move |s| take(&settings_, s, (&key, leave), &raw, at)).await?;
            done.read += 1;
            done.files += outcome.files;
            done.known += usize::from(outcome.known);
            // A message left in the folder as configured is handled without moving it.
            if outcome.row.state == MailState::Stored {
                handled.push(outcome.row);
            }
        }
        done.moved += move_out(&mut session, m, db, &handled, &now).await?;
    }
    let _ = tokio::time::timeout(m.timeout, session.logout()).await;
    Ok(done)
}

/// Moves the messages of `rows` (all stored) to the done folder and records it.
async fn move_out(
    session: &mut imap::Session,
    m: &MailboxSettings,
    db: &Db,
    rows: &[crate::store::MailRow],
    now: &impl Fn() -> jiff::Timestamp,
) -> Result<usize, PollError> {
    let uids: Vec<u32> = rows.iter().map(|r| r.uid).collect();
    imap::move_to(session, &uids, &m.done_folder, m.timeout).await?;
    let (ids, at): (Vec<i64>, _) = (rows.iter().map(|r| r.id).collect(), now());
    let n = ids.len();
    db.run(move |s| s.messages_moved(&ids, at)).await?;
    Ok(n)
}

/// What taking one message did.
struct Taken {
    row: crate::store::MailRow,
    files: usize,
    known: bool,
}

/// Claims, reads and stores one message (blocking: files and the database); `leave`: a
/// message that is neither a report nor a reply stays in the folder.
fn take(
    settings: &Settings,
    store: &mut Store,
    (key, leave): (&MailKey, bool),
    raw: &[u8],
    now: jiff::Timestamp,
) -> Result<Taken, PollError> {
    let sha: String = Sha256::digest(raw).iter().map(|b| format!("{b:02x}")).collect();
    let mail = parts::read(raw, &crate::extract::limits::Limits::default());
    let chapter = mail
        .from
        .as_deref()
        .and_then(|a| settings.registry.by_sender(a))
        .map(|c| c.code.clone());
    let new = NewMail {
        message_id: mail.message_id.as_deref(),
        sha256: &sha,
        sender: mail.from.as_deref(),
        subject: &mail.subject,
        chapter: chapter.as_deref(),
    };
    let id = match store.claim_message(key, &new, now)? {
        Some(id) => id,
        None => store.message(key)?.map(|r| r.id).unwrap_or_default(),
    };
    let row = |store: &Store| store.message(key)?.ok_or_else(|| missing(key));
    if row(store)?.state != MailState::Claimed {
        return Ok(Taken {
            row: row(store)?,
            files: 0,
            known: false,
        });
    }
    if let Some(known) = store.message_stored_before(&sha)?.filter(|r| r.id != id) {
        // The same bytes were stored before (the folder's UIDVALIDITY changed): nothing twice,
        // and the message goes where the first copy went (not into a digest again).
        let left = known.state == MailState::Left;
        store.message_stored(id, (0, "[]"), Kind::Report.name(), left, now)?;
        return Ok(Taken {
            row: row(store)?,
            files: 0,
            known: true,
        });
    }
    let kind = reply::handle(settings, store, id, &mail, now)?;
    // Someone's ordinary mail is not copied; a report or a reply is kept as it came.
    if kind != Kind::Other {
        stage(settings, id, raw, &mail, &staging(settings, id))?;
    }
    let refused = serde_json::to_string(&mail.refused).unwrap_or_else(|_| "[]".into());
    let leave = leave && kind == Kind::Other;
    store.message_stored(id, (mail.files.len(), &refused), kind.name(), leave, now)?;
    publish(settings, store, id)?;
    Ok(Taken {
        row: row(store)?,
        files: mail.files.len(),
        known: false,
    })
}

fn missing(key: &MailKey) -> PollError {
    PollError::Io {
        path: PathBuf::from(format!("{}/{}", key.folder, key.uid)),
        source: std::io::Error::other("claimed message vanished from the database"),
    }
}

/// The raw message archived, the report files written to the hidden staging folder.
fn stage(settings: &Settings, id: i64, raw: &[u8], mail: &parts::Mail, staging: &Path) -> Result<(), PollError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| PollError::Io { path, source }
    };
    let archive = settings.data_dir.join("mail");
    std::fs::create_dir_all(&archive).map_err(io(&archive))?;
    let eml = archive.join(format!("{id}.eml"));
    write_synced(&eml, raw).map_err(io(&eml))?;
    if staging.exists() {
        std::fs::remove_dir_all(staging).map_err(io(staging))?;
    }
    std::fs::create_dir_all(staging).map_err(io(staging))?;
    let mut taken: Vec<String> = Vec::new();
    for file in &mail.files {
        let name = unique(&file.name, &taken);
        let path = staging.join(&name);
        write_synced(&path, &file.bytes).map_err(io(&path))?;
        taken.push(name);
    }
    Ok(())
}

/// `name`, or `name (2)` and so on when an earlier file of the message has it.
fn unique(name: &str, taken: &[String]) -> String {
    let (stem, ext) = name
        .rsplit_once('.')
        .map_or((name, String::new()), |(s, e)| (s, format!(".{e}")));
    std::iter::once(name.to_string())
        .chain((2..).map(|n| format!("{stem} ({n}){ext}")))
        .find(|n| !taken.contains(n))
        .unwrap_or_default()
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Hidden (the intake skips dot-folders), inside the inbox so the rename stays on one disk.
fn staging(settings: &Settings, id: i64) -> PathBuf {
    settings.inbox.join(".baocao-thu").join(id.to_string())
}

/// Where the intake finds a message's files: under the sender's chapter folder, so a report
/// whose letterhead names another chapter is held for review.
fn target(settings: &Settings, id: i64, chapter: Option<&str>) -> PathBuf {
    let folder = chapter.map_or(settings.inbox.clone(), |c| settings.inbox.join(c));
    folder.join(format!("{}{id}", thread::FOLDER_PREFIX))
}

/// A stored message whose staging folder a crash left behind: publish it now.
fn publish(settings: &Settings, store: &mut Store, id: i64) -> Result<(), PollError> {
    let staging = staging(settings, id);
    if !staging.exists() {
        return Ok(());
    }
    // A mail without a report file (a reply, a winmail.dat) leaves no empty folder behind.
    let empty = std::fs::read_dir(&staging).is_ok_and(|mut d| d.next().is_none());
    if empty {
        return std::fs::remove_dir(&staging).map_err(|source| PollError::Io { path: staging, source });
    }
    let chapter: Option<String> = store.message_chapter(id)?;
    publish_to(&staging, &target(settings, id, chapter.as_deref()))
}

fn publish_to(staging: &Path, target: &Path) -> Result<(), PollError> {
    let io = |source| PollError::Io {
        path: target.to_path_buf(),
        source,
    };
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    std::fs::rename(staging, target).map_err(io)
}
