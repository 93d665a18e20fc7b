//! `baocao user add|list|passwd|remove`: the review desk's accounts. Passwords come from
//! stdin — asked twice, unechoed, on a terminal; the first line otherwise (for scripts) — and
//! are stored only as argon2id hashes.

use crate::accounts::{self, Role};
use crate::config::Settings;
use crate::store::{Store, User};
use anyhow::{Context, bail};
use std::io::{BufRead, IsTerminal, Write};

/// Adds an account, reading its password from stdin.
pub fn add(settings: &Settings, login: &str, name: &str, role: &str, now: jiff::Timestamp) -> anyhow::Result<User> {
    accounts::check_login(login).map_err(anyhow::Error::msg)?;
    let role = Role::parse(role).with_context(|| format!("--role `{role}`: use staff or viewer"))?;
    let name = name.trim();
    if name.is_empty() {
        bail!("--name is empty: the desk and the audit log show who did what by this name");
    }
    let mut store = open(settings)?;
    if store.user(login)?.is_some() {
        bail!("the login `{login}` is taken (use `user passwd {login}` to change its password)");
    }
    let password = read_password(&format!("Mật khẩu cho {login}: "))?;
    let user = User {
        login: login.into(),
        name: name.into(),
        role,
        password_hash: accounts::hash_password(&password).map_err(anyhow::Error::msg)?,
        created_at: now,
    };
    if !store.add_user(&user, now)? {
        bail!("the login `{login}` is taken");
    }
    Ok(user)
}

/// Replaces the password of `login`, read from stdin.
pub fn passwd(settings: &Settings, login: &str, now: jiff::Timestamp) -> anyhow::Result<()> {
    let mut store = open(settings)?;
    if store.user(login)?.is_none() {
        bail!("no account `{login}` (see `user list`)");
    }
    let password = read_password(&format!("Mật khẩu mới cho {login}: "))?;
    let hash = accounts::hash_password(&password).map_err(anyhow::Error::msg)?;
    if !store.set_password(login, &hash, now)? {
        bail!("no account `{login}`");
    }
    Ok(())
}

/// Removes the account of `login`.
pub fn remove(settings: &Settings, login: &str) -> anyhow::Result<()> {
    if !open(settings)?.remove_user(login)? {
        bail!("no account `{login}` (see `user list`)");
    }
    Ok(())
}

/// Prints the accounts: one line each, or a JSON array (never the hashes).
pub fn list(settings: &Settings, json: bool, out: &mut impl Write) -> anyhow::Result<()> {
    let users = open(settings)?.users()?;
    if json {
        writeln!(out, "{}", serde_json::to_string(&users)?)?;
    } else if users.is_empty() {
        writeln!(
            out,
            "no accounts (add one with `baocao user add LOGIN --name \"Họ tên\"`)"
        )?;
    }
    if !json {
        for u in &users {
            writeln!(out, "{:<20} {:<7} {}", u.login, u.role.as_str(), u.name)?;
        }
    }
    Ok(())
}

fn open(settings: &Settings) -> anyhow::Result<Store> {
    std::fs::create_dir_all(&settings.data_dir).with_context(|| format!("creating {}", settings.data_dir.display()))?;
    Ok(Store::open(&settings.database())?)
}

/// The new password: typed twice without echo on a terminal, else the first line of stdin.
fn read_password(prompt: &str) -> anyhow::Result<String> {
    let password = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(prompt)?;
        let again = rpassword::prompt_password("Nhập lại mật khẩu: ")?;
        if first != again {
            bail!("the two passwords differ; nothing changed");
        }
        first
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        line.trim_end_matches(['\r', '\n']).to_string()
    };
    accounts::check_password(&password).map_err(anyhow::Error::msg)?;
    Ok(password)
}
