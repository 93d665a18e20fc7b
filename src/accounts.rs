//! The desk's accounts: roles, what makes a login and a password acceptable, and the argon2id
//! hashing of passwords (OWASP's recommended parameters, the `argon2` crate's defaults).

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand_core::OsRng;

/// Shortest password accepted: a staff member's account can change the province's figures.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// What an account may do on the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Provincial staff: see everything, correct, accept, reject, compile, send.
    Staff,
    /// Leaders and others who read only.
    Viewer,
}

impl Role {
    /// `staff` or `viewer`, as stored and typed.
    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "staff" => Some(Role::Staff),
            "viewer" => Some(Role::Viewer),
            _ => None,
        }
    }

    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Staff => "staff",
            Role::Viewer => "viewer",
        }
    }
}

/// A login: 2 to 32 lowercase ASCII letters, digits, `.`, `_` or `-`, starting with a letter
/// (what people type without thinking about case or accents).
pub fn check_login(login: &str) -> Result<(), String> {
    let ok_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_".contains(c);
    let starts = login.chars().next().is_some_and(|c| c.is_ascii_lowercase());
    if (2..=32).contains(&login.len()) && starts && login.chars().all(ok_char) {
        Ok(())
    } else {
        Err(format!(
            "`{login}` is not a login: 2 to 32 lowercase letters, digits, `.`, `_` or `-`, starting with a letter"
        ))
    }
}

/// A password long enough, and not only spaces.
pub fn check_password(password: &str) -> Result<(), String> {
    if password.trim().chars().count() < MIN_PASSWORD_CHARS {
        return Err(format!("the password needs at least {MIN_PASSWORD_CHARS} characters"));
    }
    Ok(())
}

/// The argon2id PHC string of `password`, with a fresh random salt.
pub fn hash_password(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| format!("hashing the password: {e}"))
}

/// Whether `password` matches the PHC string `hash` (a malformed hash matches nothing).
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_is_argon2id_salted_and_verifies_only_its_password() {
        let a = hash_password("mật khẩu dài đủ").unwrap();
        let b = hash_password("mật khẩu dài đủ").unwrap();
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify_password("mật khẩu dài đủ", &a));
        assert!(!verify_password("mật khẩu dài đủ ", &a));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn logins_and_passwords_are_checked() {
        for good in ["lan", "nguyen.thi.hoa", "hoa_2"] {
            assert!(check_login(good).is_ok(), "{good}");
        }
        for bad in ["", "a", "Lan", "hòa", "1lan", "lan hoa", &"x".repeat(33)] {
            assert!(check_login(bad).is_err(), "{bad}");
        }
        assert!(check_password("ngắn").is_err());
        assert!(check_password("          ").is_err());
        assert!(check_password("đủ mười ký tự").is_ok());
    }
}
