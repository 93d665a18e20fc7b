//! Label recognition: exact, approximate, inline and running text.

use super::*;

fn key(labels: &Labels, form: &Form, text: &str) -> Option<String> {
    labels.find(text).map(|h| form.fields[h.field].key.clone())
}

#[test]
fn exact_labels_survive_case_diacritics_and_numbering() {
    let form = Form::embedded();
    let labels = Labels::new(&form);
    assert_eq!(
        key(&labels, &form, "3. SO CUOC GIAM SAT DO HOI CHU TRI:").as_deref(),
        Some("supervisions_led")
    );
    assert_eq!(
        key(&labels, &form, "10 Số cuộc phản biện xã hội do Hội chủ trì (cuộc)").as_deref(),
        Some("critiques_led")
    );
    assert_eq!(
        key(&labels, &form, "III. ĐỀ XUẤT, KIẾN NGHỊ").as_deref(),
        Some("proposals")
    );
    assert_eq!(
        key(&labels, &form, "Số đề xuất, kiến nghị chính sách").as_deref(),
        Some("policy_proposals")
    );
}

#[test]
fn one_word_more_is_tolerated_when_unambiguous() {
    let form = Form::embedded();
    let labels = Labels::new(&form);
    let hit = labels.find("Số cuộc giám sát do Hội LHPN chủ trì").unwrap();
    assert_eq!(form.fields[hit.field].key, "supervisions_led");
    assert!(hit.approximate);
}

#[test]
fn near_twin_labels_are_not_confused() {
    let form = Form::embedded();
    let labels = Labels::new(&form);
    assert_eq!(key(&labels, &form, "Số cuộc phản biện do Hội chủ trì").as_deref(), None);
    assert_eq!(key(&labels, &form, "Số cuộc giám sát").as_deref(), None);
}

#[test]
fn inline_values_follow_a_colon() {
    let form = Form::embedded();
    let labels = Labels::new(&form);
    let hit = labels.find("Kỳ báo cáo: 6 tháng đầu năm 2021").unwrap();
    assert_eq!(form.fields[hit.field].key, "period");
    assert_eq!(hit.inline, Some("6 tháng đầu năm 2021"));
}

#[test]
fn running_text_is_not_a_label() {
    let form = Form::embedded();
    let labels = Labels::new(&form);
    assert_eq!(
        labels.find("Phối hợp với UB MTTQ huyện giám sát việc thực hiện chính sách"),
        None
    );
    assert_eq!(labels.find("Nơi nhận: - Lưu VT"), None);
}
