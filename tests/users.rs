//! The desk's accounts from the command line: `user add` reading the password from stdin,
//! `list`, `passwd`, `remove`; the passwords stored as argon2id hashes in the real database.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// Runs baocao with `stdin` typed in.
fn baocao(config: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .env_remove("BAOCAO_CONFIG")
        .arg("--config")
        .arg(config)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // baocao may exit before reading stdin (an unknown account is refused first): a closed
    // pipe is then not a failure of the test.
    let written = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    if let Err(error) = written {
        assert_eq!(error.kind(), std::io::ErrorKind::BrokenPipe, "{error}");
    }
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn accounts_are_added_listed_changed_and_removed_with_hashed_passwords() {
    let dir = common::tempdir();
    let config = common::config_in(dir.path(), 0.0);
    let add = |login: &str, name: &str, role: &str, password: &str| {
        baocao(
            &config,
            &["user", "add", login, "--name", name, "--role", role],
            &format!("{password}\n"),
        )
    };
    let added = add("hoa", "Nguyễn Thị Hoa", "staff", "mật khẩu của Hoa");
    assert!(added.status.success(), "{}", text(&added.stderr));
    assert_eq!(text(&added.stdout), "added hoa (staff, Nguyễn Thị Hoa)\n");
    assert!(
        add("lan", "Trần Thị Lan", "viewer", "mật khẩu của Lan")
            .status
            .success()
    );

    // Refused, with the reason, and nothing stored.
    for (args, password, reason) in [
        (
            ("hoa", "Người khác", "staff"),
            "một mật khẩu dài",
            "the login `hoa` is taken",
        ),
        (("Hoa2", "X", "staff"), "một mật khẩu dài", "is not a login"),
        (("mai", "Lê Mai", "admin"), "một mật khẩu dài", "use staff or viewer"),
        (("mai", "Lê Mai", "staff"), "ngắn", "at least 10 characters"),
        (("mai", " ", "staff"), "một mật khẩu dài", "--name is empty"),
    ] {
        let out = add(args.0, args.1, args.2, password);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out.stderr).contains(reason), "{args:?}: {}", text(&out.stderr));
    }

    let listed = baocao(&config, &["user", "list"], "");
    assert_eq!(
        text(&listed.stdout),
        format!(
            "{:<20} {:<7} {}\n{:<20} {:<7} {}\n",
            "hoa", "staff", "Nguyễn Thị Hoa", "lan", "viewer", "Trần Thị Lan"
        )
    );
    let json: serde_json::Value =
        serde_json::from_slice(&baocao(&config, &["user", "list", "--json"], "").stdout).unwrap();
    assert_eq!(json[0]["login"], "hoa");
    assert_eq!(json[1]["role"], "viewer");
    assert!(json[0].get("password_hash").is_none(), "hashes are never printed");

    // In the database: argon2id hashes that verify the typed password and nothing else.
    let settings = baocao::config::Settings::load(Some(&config)).unwrap();
    let hash = |login: &str| {
        let store = baocao::store::Store::open(&settings.database()).unwrap();
        store.user(login).unwrap().unwrap().password_hash
    };
    let before = hash("hoa");
    assert!(before.starts_with("$argon2id$"), "{before}");
    assert!(baocao::accounts::verify_password("mật khẩu của Hoa", &before));
    assert!(!baocao::accounts::verify_password("mật khẩu của Lan", &before));

    let changed = baocao(&config, &["user", "passwd", "hoa"], "mật khẩu mới của Hoa\n");
    assert!(changed.status.success(), "{}", text(&changed.stderr));
    let after = hash("hoa");
    assert!(baocao::accounts::verify_password("mật khẩu mới của Hoa", &after));
    assert!(!baocao::accounts::verify_password("mật khẩu của Hoa", &after));
    let nobody = baocao(&config, &["user", "passwd", "mai"], "một mật khẩu dài\n");
    assert!(
        text(&nobody.stderr).contains("no account `mai`"),
        "{}",
        text(&nobody.stderr)
    );

    assert!(baocao(&config, &["user", "remove", "lan"], "").status.success());
    let again = baocao(&config, &["user", "remove", "lan"], "");
    assert_eq!(again.status.code(), Some(2));
    let listed = baocao(&config, &["user", "list"], "");
    assert!(!text(&listed.stdout).contains("lan"), "{}", text(&listed.stdout));
}
