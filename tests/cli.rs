//! The `baocao extract` command-line contract, run as a real child process.

mod common;

use std::process::Command;

fn baocao() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_baocao"));
    cmd.env_remove("BAOCAO_CONFIG").current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

#[test]
fn json_lines_for_good_files_and_one_stderr_line_per_bad_file() {
    let dir = common::tempdir();
    let bad = dir.path().join("garbage.docx");
    std::fs::write(&bad, b"this is not a document").unwrap();
    let good = common::fixtures_dir().join("fixture-01.docx");
    let good2 = common::fixtures_dir().join("fixture-07.xls");
    let truth = common::fixture_truth();
    let want = &truth["fixture-01.docx"];
    let out = baocao()
        .arg("extract")
        .arg("--json")
        .args([&good, &bad, &good2])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "a refused file makes the exit code non-zero"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2, "the files after the bad one are still processed");
    let mut keys: Vec<&str> = lines[0].as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "chapter", "fields", "file", "form", "format", "missing", "period", "review", "sources", "warnings"
        ]
    );
    // The form filled in plainly: nothing for a person to look at.
    assert_eq!(lines[0]["review"], serde_json::json!([]));
    assert_eq!(lines[0]["format"], "docx");
    assert_eq!(lines[0]["chapter"], want["chapter"]);
    assert_eq!(lines[0]["fields"]["trainees"], want["fields"]["trainees"]);
    assert_eq!(lines[0]["fields"]["report_date"], want["fields"]["report_date"]);
    assert_eq!(lines[0]["sources"]["trainees"], "table 2 row 3 col 4");
    assert_eq!(lines[1]["format"], "xls");
    let stderr = String::from_utf8(out.stderr).unwrap();
    let refusals: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with(&bad.display().to_string()))
        .collect();
    assert_eq!(refusals.len(), 1, "{stderr}");
    assert!(refusals[0].contains("không nhận dạng được"), "{stderr}");
}

#[test]
fn all_good_files_exit_zero_with_a_readable_table() {
    let out = baocao()
        .arg("extract")
        .arg(common::fixtures_dir().join("fixture-04.xlsx"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let want = &common::fixture_truth()["fixture-04.xlsx"];
    let dialogue = want["fields"]["dialogue_participants"].to_string();
    assert!(stdout.contains("chapter: DKH (Hội LHPN huyện Diên Khánh)"), "{stdout}");
    assert!(
        stdout
            .lines()
            .any(|l| l.contains("Số lượt hội viên, phụ nữ tham gia đối thoại")
                && l.contains(&dialogue)
                && l.contains("Báo cáo!D22")),
        "{stdout}"
    );
}

#[test]
fn a_config_with_an_unknown_key_names_the_key_and_the_file() {
    let dir = common::tempdir();
    let config = dir.path().join("baocao.toml");
    let text = baocao::config::EMBEDDED_CONFIG.replace("data_dir =", "data_directory =");
    std::fs::write(&config, text).unwrap();
    let out = baocao()
        .arg("--config")
        .arg(&config)
        .arg("extract")
        .arg("x.docx")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("data_directory") && stderr.contains(&config.display().to_string()),
        "{stderr}"
    );
}

#[test]
fn the_config_can_come_from_baocao_config() {
    let dir = common::tempdir();
    let config = dir.path().join("other.toml");
    std::fs::write(&config, "inbox = 1").unwrap();
    let out = baocao()
        .env("BAOCAO_CONFIG", &config)
        .arg("extract")
        .arg("x.docx")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("other.toml"));
}

#[test]
fn the_peak_memory_of_a_hostile_sheet_stays_small() {
    let dir = common::tempdir();
    let path = dir.path().join("corners.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write(0, 0, "a").unwrap();
    sheet.write(1_048_575, 16_383, "b").unwrap();
    book.save(&path).unwrap();
    // Reaped below by wait4, which also reports this child's own peak memory.
    #[allow(clippy::zombie_processes)]
    let child = baocao()
        .arg("extract")
        .arg("--json")
        .arg(&path)
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // This child's own peak, not the largest of every child the test binary ever waited for.
    // SAFETY: wait4 on our own child's pid; it only writes into the two values we pass.
    let (status, peak_kb) = unsafe {
        let (mut status, mut usage): (libc::c_int, libc::rusage) = (0, std::mem::zeroed());
        libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage);
        (status, usage.ru_maxrss)
    };
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "extract failed: {status}"
    );
    assert!(peak_kb < 300 * 1024, "peak RSS of the child was {peak_kb} kB");
}

#[test]
#[cfg_attr(
    not(shared_samples),
    ignore = "reads ../shared/samples, the independent sample documents kept beside the repository; .ci/run runs it"
)]
fn ingest_then_status_and_show_report_who_sent_what() {
    let dir = common::tempdir();
    let config = common::config_in(dir.path(), 0.1);
    let out = baocao()
        .arg("--config")
        .arg(&config)
        .arg("ingest")
        .arg(common::samples_dir())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let summary = String::from_utf8(out.stdout).unwrap();
    // 18 reports; README.md and truth.json are not reports. Ingested in path order, a report
    // out of line with the same chapter's earlier ones (by the samples' truth) needs review.
    let truth = common::truth();
    let mut counting = common::plausible::Counting::default();
    let out_of_line: Vec<String> = common::sample_files()
        .iter()
        .map(|f| f.file_name().unwrap().to_str().unwrap().to_string())
        .filter(|name| {
            let entry = &truth[name];
            let figures = entry["fields"].as_object().unwrap().iter();
            let figures = figures.filter_map(|(k, v)| Some((k.clone(), v.as_i64()?))).collect();
            counting.arrives(
                entry["chapter"].as_str().unwrap(),
                entry["period"].as_str().unwrap(),
                figures,
            )
        })
        .collect();
    let flagged = out_of_line.len();
    let expected = format!(
        "accepted {}, needs review {flagged}, rejected 2, duplicates 0, taken by the daemon 0, errors 0",
        18 - flagged
    );
    assert!(summary.contains(&expected), "{summary}\nexpected: {expected}");
    let out = baocao()
        .arg("--config")
        .arg(&config)
        .args(["status", "--period", "2021-H1", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows.len(), 10, "one row per registered chapter");
    let truth = common::truth();
    for row in &rows {
        let sent = truth
            .iter()
            .find(|(_, t)| t["chapter"] == row["chapter"] && t["period"] == "2021-H1");
        match sent {
            Some((file, _)) => {
                let status = if out_of_line.contains(file) {
                    "needs_review"
                } else {
                    "accepted"
                };
                assert_eq!(row["status"], status, "{row}");
                assert_eq!(row["file"], file.as_str());
                assert_eq!(row["on_time"], false, "received long after 15/6/2021");
                assert!(
                    row["received_at"].as_str().unwrap().ends_with("Z"),
                    "UTC in JSON: {row}"
                );
            }
            None => assert_eq!(row["status"], "missing", "{row}"),
        }
        assert_eq!(row["period"], "2021-H1");
    }
    let out = baocao()
        .arg("--config")
        .arg(&config)
        .args(["status", "--period", "2021-H1"])
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    let mut lines = table.lines();
    assert_eq!(
        lines.next(),
        Some("Kỳ báo cáo: 6 tháng đầu năm 2021 (2021-H1), hạn nộp 15/6/2021")
    );
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("Mã") && header.contains("Tình trạng") && header.contains("Nhận lúc"),
        "{table}"
    );
    assert!(
        table.contains("đã tiếp nhận") && table.contains("chưa gửi") && !table.contains("accepted"),
        "{table}"
    );
    let out = baocao()
        .arg("--config")
        .arg(&config)
        .args(["show", "VNI", "2022-H1", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let shown: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["fields"]["supervision_recommendations"], 24);
    assert_eq!(shown["sources"]["supervision_recommendations"], "table 2 row 6 col 4");
    assert_eq!(shown["history"].as_array().unwrap().len(), 1);
    let out = baocao()
        .arg("--config")
        .arg(&config)
        .args(["show", "TSA", "2021-H1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "nothing received is not success");
}

#[test]
fn compiling_an_unknown_request_or_a_period_with_nothing_received_is_refused() {
    let dir = common::tempdir();
    let config = common::config_in(dir.path(), 0.0);
    for (period, says) in [
        ("2021-R9", "no ad-hoc request has this code"),
        ("2030-H1", "no report received"),
    ] {
        let out = baocao()
            .arg("--config")
            .arg(&config)
            .args(["compile", "--period", period])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{period}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{period}: {stderr}");
        assert!(!dir.path().join("data/reports").exists(), "{period}: nothing written");
    }
    let out = baocao()
        .arg("--config")
        .arg(&config)
        .args(["compile", "--period", "2021-H1", "--send"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("recipients is empty"),
        "checked before writing"
    );
    assert!(!dir.path().join("data/reports").exists());
}

#[test]
fn a_person_at_the_command_line_reads_plain_answers() {
    let dir = common::tempdir();
    let config = common::config_in(dir.path(), 0.0);
    let run = |args: &[&str]| baocao().arg("--config").arg(&config).args(args).output().unwrap();
    // An unknown chapter: the valid codes are listed.
    let out = run(&["show", "XYZ", "2021-H1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("NTR, CRA, NHO, VNI"),
        "{out:?}"
    );
    // A folder stands for its files; a missing file is said in Vietnamese, on one line.
    let folder = dir.path().join("docs");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(common::fixtures_dir().join("fixture-01.docx"), folder.join("a.docx")).unwrap();
    let out = run(&["extract", "--json", folder.to_str().unwrap(), "/khong/co.docx"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).lines().count(),
        1,
        "the folder's file is read"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("/khong/co.docx: không tìm thấy tệp") && !stderr.contains("os error"),
        "{stderr}"
    );
    // Logs into a pipe: no colour codes, the configured zone's local time.
    let out = baocao()
        .arg("--config")
        .arg(&config)
        .args(["-v", "status"])
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(!log.contains('\u{1b}'), "{log}");
    let today = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::get("Asia/Ho_Chi_Minh").unwrap())
        .strftime("%d/%m/%Y")
        .to_string();
    assert!(log.starts_with(&today), "{log}");
}

#[test]
fn output_piped_into_a_reader_that_leaves_ends_quietly() {
    use std::process::Stdio;
    let dir = common::tempdir();
    let config = common::config_in(dir.path(), 0.0);
    // `status` writes a dozen lines: into a pipe nobody reads any more.
    let mut child = baocao()
        .arg("--config")
        .arg(&config)
        .args(["status"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away at once, as `| head -0` does.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("Broken pipe"));
}

#[test]
fn a_chapter_address_that_is_not_one_is_refused_at_start() {
    let dir = common::tempdir();
    let config = dir.path().join("baocao.toml");
    std::fs::write(
        &config,
        common::embedded_config().replace("nhatrang@example.vn", "nhatrang at example.vn"),
    )
    .unwrap();
    let out = baocao().arg("--config").arg(&config).arg("status").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("chapter `NTR`") && stderr.contains("nhatrang at example.vn"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}
