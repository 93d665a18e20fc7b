//! IMAP's modified UTF-7 for folder names (RFC 3501 §5.1.3): "Đã xử lý" is sent as
//! `&ARAA4w- x&Hu0- l&AP0-`. Servers without UTF8=ACCEPT know no other way.

use base64::Engine;

const ALPHABET: base64::alphabet::Alphabet =
    match base64::alphabet::Alphabet::new("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,") {
        Ok(a) => a,
        Err(_) => panic!("the modified base64 alphabet"),
    };

fn engine() -> base64::engine::GeneralPurpose {
    base64::engine::GeneralPurpose::new(&ALPHABET, base64::engine::general_purpose::NO_PAD)
}

/// `name` in modified UTF-7.
pub fn encode(name: &str) -> String {
    let mut out = String::new();
    let mut run: Vec<u16> = Vec::new();
    let flush = |run: &mut Vec<u16>, out: &mut String| {
        if !run.is_empty() {
            let bytes: Vec<u8> = run.iter().flat_map(|u| u.to_be_bytes()).collect();
            out.push('&');
            out.push_str(&engine().encode(bytes));
            out.push('-');
            run.clear();
        }
    };
    for c in name.chars() {
        if (' '..='~').contains(&c) {
            flush(&mut run, &mut out);
            match c {
                '&' => out.push_str("&-"),
                _ => out.push(c),
            }
        } else {
            run.extend(c.encode_utf16(&mut [0; 2]).iter());
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::encode;

    #[test]
    fn folder_names_are_encoded_as_rfc_3501_shows() {
        assert_eq!(encode("~peter/mail/台北/日本語"), "~peter/mail/&U,BTFw-/&ZeVnLIqe-");
        assert_eq!(encode("Đã xử lý"), "&ARAA4w- x&Hu0- l&AP0-");
        assert_eq!(encode("A&B"), "A&-B");
        assert_eq!(encode("INBOX"), "INBOX");
    }
}
