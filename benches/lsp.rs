//! criterion benchmark of the language server's work on a change: a one-page answer (about 400
//! words) checked, its diagnostics built and the `publishDiagnostics` frame written, as the server
//! does once a change's debounce has run out: the config looked up again (the server does so on
//! every check, to notice an edit), the rules compiled once before, as in the server.
//! Run with `cargo bench --bench lsp`; the goal is under 20 ms.

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use lsp_types::{PublishDiagnosticsParams, Uri};
use star_check::lsp::checked::Checked;
use star_check::lsp::diagnostics::diagnostics;
use star_check::lsp::positions::Encoding;
use star_check::lsp::profiles::Profiles;
use star_check::lsp::transport;
use std::str::FromStr;

const ONE_PAGE: &str = include_str!("../fixtures/behavioral/slow-invoices-endpoint.md");

fn change_to_published(c: &mut Criterion) {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/behavioral");
    // The first lookup compiles the rules, as the server's first check does; each change after it
    // only looks the config up again (to notice an edit) and finds the same profile.
    let mut profiles = Profiles::default();
    profiles
        .for_folder(&folder)
        .built
        .unwrap_or_else(|errors| panic!("{errors:?}"));
    let path = folder.join("slow-invoices-endpoint.md");
    let uri = Uri::from_str(&format!("file://{}", path.display())).unwrap();
    let mut out = Vec::with_capacity(64 * 1024);
    for (name, encoding) in [("utf-16", Encoding::Utf16), ("utf-8", Encoding::Utf8)] {
        c.bench_function(
            &format!("lsp: change to published diagnostics, one page, {name}"),
            |b| {
                b.iter(|| {
                    let lookup = profiles.for_folder(&folder);
                    assert!(!lookup.fresh, "the profile is built once");
                    let profile = lookup.built.unwrap();
                    let checked = Checked::new(black_box(ONE_PAGE), Some(&path), profile);
                    let params = PublishDiagnosticsParams {
                        uri: uri.clone(),
                        diagnostics: diagnostics(&checked, encoding),
                        version: Some(2),
                    };
                    let notification = lsp_server::Notification::new("textDocument/publishDiagnostics".into(), params);
                    out.clear();
                    transport::write(&mut out, &notification).unwrap();
                    black_box(out.len())
                })
            },
        );
    }
}

criterion_group!(benches, change_to_published);
criterion_main!(benches);
