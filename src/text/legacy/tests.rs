//! Tests of the legacy decoders and the detector. Inputs are published example strings where
//! there are some; otherwise an encoder built here from a second source's table, stated
//! independently of `tables.rs` (which follows Unikey), so a wrong byte there fails here.

use super::*;

/// TCVN3 after VBKey's `TCVN3_TABLE` (khiemdoan/VBKey, tones in its order: grave, acute,
/// hook, tilde, dot), then the seven toneless capitals.
const VBKEY_UNICODE: &str = "àáảãạâầấẩẫậăằắẳẵặđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵÂĂĐÊÔƠƯ";
const VBKEY_TCVN3: &str = "µ¸¶·¹©ÇÊÈÉË¨»¾¼½Æ®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\u{AD}õøö÷ùúýûüþ¢¡§£¤¥¦";

/// VNI after vietnamese-conversion's `charsets.ts` (duydev): its `UNICODE` and `VNI` lists.
const DUYDEV_UNICODE: &str = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯưẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ";
const DUYDEV_VNI: &str = "AØ AÙ AÂ AÕ EØ EÙ EÂ Ì Í OØ OÙ OÂ OÕ UØ UÙ YÙ aø aù aâ aõ eø eù eâ ì í oø où oâ oõ uø uù yù \
    AÊ aê Ñ ñ Ó ó UÕ uõ Ô ô Ö ö AÏ aï AÛ aû AÁ aá AÀ aà AÅ aå AÃ aã AÄ aä AÉ aé AÈ aè AÚ aú AÜ aü AË aë EÏ eï EÛ eû \
    EÕ eõ EÁ eá EÀ eà EÅ eå EÃ eã EÄ eä Æ æ Ò ò OÏ oï OÛ oû OÁ oá OÀ oà OÅ oå OÃ oã OÄ oä ÔÙ ôù ÔØ ôø ÔÛ ôû ÔÕ ôõ \
    ÔÏ ôï UÏ uï UÛ uû ÖÙ öù ÖØ öø ÖÛ öû ÖÕ öõ ÖÏ öï YØ yø Î î YÛ yû YÕ yõ";

const NORMAL: Legacy = Legacy::Tcvn3 { capitals: false };
const CAPITALS: Legacy = Legacy::Tcvn3 { capitals: true };

/// Unicode text as typed in TCVN3 (ASCII as it is); panics on a letter TCVN3 cannot hold.
fn tcvn3(text: &str) -> String {
    text.chars()
        .map(|c| match VBKEY_UNICODE.chars().position(|u| u == c) {
            Some(i) => VBKEY_TCVN3.chars().nth(i).unwrap(),
            None if c.is_ascii() => c,
            None => panic!("{c} is not in TCVN3"),
        })
        .collect()
}

/// Unicode text as typed in an H font: every letter by its lowercase byte.
fn tcvn3_capitals(text: &str) -> String {
    tcvn3(&text.to_lowercase())
}

/// Unicode text as typed in VNI (ASCII as it is).
fn vni(text: &str) -> String {
    let codes: Vec<&str> = DUYDEV_VNI.split_whitespace().collect();
    assert_eq!(codes.len(), DUYDEV_UNICODE.chars().count());
    let mut out = String::new();
    for c in text.chars() {
        match DUYDEV_UNICODE.chars().position(|u| u == c) {
            Some(i) => out.push_str(codes[i]),
            None if c.is_ascii() => out.push(c),
            None => panic!("{c} is not in the VNI list"),
        }
    }
    out
}

#[test]
fn tcvn3_published_samples_decode() {
    // Widely quoted; the second pair and the dated line are from a 2002 Ministry of Finance
    // decision as read in Latin-1.
    for (legacy, unicode) in [
        (
            "Céng hoµ x· héi chñ nghÜa ViÖt Nam",
            "Cộng hoà xã hội chủ nghĩa Việt Nam",
        ),
        ("§éc lËp - Tù do - H¹nh phóc", "Độc lập - Tự do - Hạnh phúc"),
        ("Hµ néi, ngµy 22 th¸ng 11 n¨m 2002", "Hà nội, ngày 22 tháng 11 năm 2002"),
        ("Toµ ¸n nh©n d©n", "Toà án nhân dân"),
    ] {
        assert_eq!(decode(legacy, NORMAL), unicode);
        assert_eq!(tcvn3(unicode), legacy, "the test encoder agrees with the sample");
    }
    assert_eq!(decode("Héi Liªn hiÖp Phô n÷", NORMAL), "Hội Liên hiệp Phụ nữ");
    assert_eq!(decode(&tcvn3("Hội Liên hiệp Phụ nữ"), NORMAL), "Hội Liên hiệp Phụ nữ");
    assert_eq!(decode(&tcvn3("Người dân Trường Sa"), NORMAL), "Người dân Trường Sa");
}

#[test]
fn tcvn3_h_fonts_decode_as_capitals() {
    let expected = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
    let typed = tcvn3_capitals(expected);
    assert_eq!(typed, "céng hßa x· héi chñ nghÜa viÖt nam");
    assert_eq!(decode(&typed, CAPITALS), expected);
    // Typists often hold Shift for the plain letters too; the font draws both the same.
    assert_eq!(decode("Céng hßa X· HéI CHñ NGHÜA ViÖt NAM", CAPITALS), expected);
    assert_eq!(decode(&tcvn3_capitals("Ủy ban Đường"), CAPITALS), "ỦY BAN ĐƯỜNG");
}

#[test]
fn vni_published_samples_decode() {
    for (legacy, unicode) in [
        (
            "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam",
            "Cộng hòa xã hội chủ nghĩa Việt Nam",
        ),
        ("Ñoäc laäp - Töï do - Haïnh phuùc", "Độc lập - Tự do - Hạnh phúc"),
        // vietnamese-conversion's README example.
        ("Xin chaøo caùc baïn", "Xin chào các bạn"),
    ] {
        assert_eq!(decode(legacy, Legacy::Vni), unicode);
        assert_eq!(vni(unicode), legacy, "the test encoder agrees with the sample");
    }
    assert_eq!(decode("Hoäi Lieân hieäp Phuï nöõ", Legacy::Vni), "Hội Liên hiệp Phụ nữ");
}

#[test]
fn vni_capital_modifiers_decode() {
    assert_eq!(vni("CỘNG"), "COÄNG");
    assert_eq!(vni("Đường"), "Ñöôøng");
    for text in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Hội Liên hiệp Phụ nữ",
        "Hội Liên hiệp Phụ nữ tỉnh Khánh Hòa",
        "Độc lập - Tự do - Hạnh phúc",
        "Đường",
        "ĐƯỜNG",
        "Ủy ban",
        "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA",
    ] {
        assert_eq!(decode(&vni(text), Legacy::Vni), text);
    }
}

#[test]
fn every_letter_round_trips() {
    let mut tested = 0;
    for c in DUYDEV_UNICODE.chars() {
        let s = c.to_string();
        assert_eq!(decode(&vni(&s), Legacy::Vni), s, "VNI {c}");
        if c.is_lowercase() {
            assert_eq!(decode(&tcvn3(&s), NORMAL), s, "TCVN3 {c}");
            let upper = c.to_uppercase().to_string();
            assert_eq!(decode(&tcvn3_capitals(&upper), CAPITALS), upper, "TCVN3 H font {upper}");
        }
        tested += 1;
    }
    assert_eq!(tested, 134, "67 lowercase letters (66 vowels and đ) and their capitals");
    // The capitals a normal TCVN3 font holds.
    for c in "ĂÂĐÊÔƠƯ".chars() {
        assert_eq!(decode(&tcvn3(&c.to_string()), NORMAL), c.to_string());
    }
}

#[test]
fn output_is_nfc() {
    let decomposed = "Vie\u{302}\u{323}t Nam Coäng";
    let out = decode(decomposed, Legacy::Vni);
    assert_eq!(out, "Việt Nam Cộng");
    assert!(unicode_normalization::is_nfc(&out));
}

#[test]
fn cp1252_and_c1_storage_decode_the_same() {
    assert_eq!(decode("hoµ…", NORMAL), "hoà…");
    assert_eq!(decode("hoµ\u{85}", NORMAL), "hoà…");
    for byte in 0x80u8..=0x9F {
        let cp1252 = encoding_rs::WINDOWS_1252.decode(&[byte]).0.into_owned();
        let c1 = char::from(byte).to_string();
        for encoding in [NORMAL, CAPITALS, Legacy::Vni] {
            assert_eq!(decode(&cp1252, encoding), decode(&c1, encoding), "byte {byte:#x}");
        }
        assert_eq!(decode(&c1, NORMAL), cp1252, "byte {byte:#x} is no TCVN3 letter");
        assert_eq!(decode_bytes(&[byte], Legacy::Vni), cp1252);
    }
}

#[test]
fn raw_bytes_decode() {
    assert_eq!(
        decode_bytes(b"C\xe9ng ho\xb5 \xa7\xe9c l\xcbp", NORMAL),
        "Cộng hoà Độc lập"
    );
    assert_eq!(decode_bytes(b"\xd1o\xe4c la\xe4p", Legacy::Vni), "Độc lập");
    assert_eq!(decode_bytes(b"ng\xad\xeai", NORMAL), "người");
}

#[test]
fn other_characters_pass_through() {
    // Unicode letters and symbols are no byte of the encodings: kept as they are.
    assert_eq!(decode("Việt → héi", NORMAL), "Việt → hội");
    assert_eq!(decode("Việt → hoäi", Legacy::Vni), "Việt → hội");
    assert_eq!(decode("Price 12.500 €", NORMAL), "Price 12.500 €");
    // A VNI modifier with no vowel to sit on reads as the Latin-1 letter it is.
    assert_eq!(decode("Café crème", Legacy::Vni), "Café crème");
}

#[test]
fn font_names_imply_encodings() {
    for name in [
        ".VnTime",
        ".vntime",
        ".VnArial",
        ".VnTime-Bold",
        ".VnTime,Italic",
        "ABCDEF+.VnTime",
        ".VnBook-Antiqua",
    ] {
        assert_eq!(font_encoding(name), Some(NORMAL), "{name}");
    }
    for name in [
        ".VnTimeH",
        ".VNTIMEH",
        ".VnTimeH,Bold",
        "QWERTY+.VnArialH-BoldItalic",
        ".VnArial NarrowH",
    ] {
        assert_eq!(font_encoding(name), Some(CAPITALS), "{name}");
    }
    for name in [
        "VNI-Times",
        "VNI Times",
        "VNI-Helve-Condense",
        "VNI-Times-Bold",
        "ABCDEF+VNI-Times,Bold",
        "VNITimes",
    ] {
        assert_eq!(font_encoding(name), Some(Legacy::Vni), "{name}");
    }
    for name in [
        "Times New Roman",
        "Arial",
        "VnTime",
        "VnTimeH",
        ".Vn",
        "VNI",
        "Vnimax",
        "Abcdef+Arial",
        "",
    ] {
        assert_eq!(font_encoding(name), None, "{name}");
    }
}

#[test]
fn detector_finds_legacy_text() {
    for text in [
        "Céng hoµ x· héi chñ nghÜa ViÖt Nam",
        "B¸o c¸o kÕt qu¶ gi¸m s¸t",
        "Ng\u{AD}êi d©n tØnh Kh¸nh Hoµ",
        // Sè and dùng read as Unicode syllables; ý decodes to itself and is no evidence.
        "Sè ý kiÕn gãp ý x©y dùng chÝnh quyÒn",
    ] {
        assert_eq!(detect(text), Some(NORMAL), "{text}");
    }
    for text in [
        "Ñoäc laäp - Töï do - Haïnh phuùc",
        "Baùo caùo keát quaû giaùm saùt",
        "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam",
        // â and ô are VNI bytes (circumflex modifier, ơ): they must not veto.
        "Hoäi Lieân hieäp Phuï nöõ tænh Khaùnh Hoøa hôn",
    ] {
        assert_eq!(detect(text), Some(Legacy::Vni), "{text}");
    }
}

#[test]
fn detector_stays_quiet_on_other_text() {
    for text in [
        "Cộng hòa xã hội chủ nghĩa Việt Nam",
        "Cộng hoà xã hội chủ nghĩa Việt Nam",
        "Hội Liên hiệp Phụ nữ",
        "Số cuộc giám sát",
        "Nguyễn Thị Thanh Hương",
        "Độc lập - Tự do - Hạnh phúc",
        "Báo cáo tổng kết công tác Hội năm 2024",
        "Khánh Hòa, ngày 15 tháng 6 năm 2024",
        "Tên đơn vị: Hội LHPN xã Cam Hải Đông",
        "Báo cáo tên cô Hòa",
        "Viê\u{323}t Nam ho\u{300}a",
        "Café à la crème, déjà vu, Noël, être",
        "Müller größer Übung",
        "año niño señor",
        // Western words that do decode to syllables (tôt → tụt, dû → dỷ, où → ó, aún → ẳn,
        // più → pí, mãe → móe): too few different ones, and no TCVN3-only character.
        "C'est dû, tôt ou tard",
        "Où est-il ? Où ?",
        "¿Aún no? Aún.",
        "Più o meno, perché",
        "A mãe e o pai",
        "The quick brown fox jumps over the lazy dog",
        "12.500",
        "1.250 – 2.310 (…)",
        "Báo cáo",
        "Céng",
        "",
    ] {
        assert_eq!(detect(text), None, "{text}");
    }
}

#[test]
fn syllable_checker() {
    for word in [
        "cộng", "hoà", "hòa", "nghĩa", "việt", "giám", "quả", "người", "khuya", "chuyện", "thuở", "gì", "kỳ", "Tỉnh",
    ] {
        assert!(syllable::is_syllable(word), "{word}");
    }
    for word in [
        "céng", "cat", "ghá", "kan", "hoµ", "xaõ", "baùo", "café", "müller", "aủo", "quá1", "ăi", "tiê",
    ] {
        assert!(!syllable::is_syllable(word), "{word}");
    }
}
