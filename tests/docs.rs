//! The documentation holds together: every relative link of README.md and
//! docs/*.md names a file or directory of the repository, and its `#anchor`
//! a heading of that file (with GitHub's anchors: lowercase, punctuation
//! removed except `-` and `_`, spaces as `-`); README.md and docs/README.md
//! link every page of docs/.

mod common;

use common::markdown::{anchor, anchors, is_external, links, section};
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// The pages of docs/ (`docs/usage.md`, ...), sorted.
fn docs_pages(root: &Path) -> Vec<String> {
    let mut pages: Vec<String> = fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".md"))
        .map(|name| format!("docs/{name}"))
        .collect();
    pages.sort();
    pages
}

/// What is wrong with the relative links of the Markdown file `rel` under
/// `root`, one line each.
fn broken_links(root: &Path, rel: &str) -> Vec<String> {
    let text = fs::read_to_string(root.join(rel)).unwrap();
    let dir = Path::new(rel).parent().unwrap_or(Path::new(""));
    let mut errors = Vec::new();
    for (line, dest) in links(&text) {
        let at = format!("{rel}:{line}: ({dest})");
        if dest.is_empty() {
            errors.push(format!("{at}: a link without a destination"));
            continue;
        }
        if is_external(&dest) {
            continue;
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (dest.as_str(), None),
        };
        let target = if path.is_empty() {
            root.join(rel)
        } else {
            root.join(dir).join(path)
        };
        if !target.exists() {
            errors.push(format!("{at}: no such file: {}", target.display()));
            continue;
        }
        let Some(fragment) = fragment else { continue };
        if target.extension().is_some_and(|e| e == "md") && target.is_file() {
            let found = anchors(&fs::read_to_string(&target).unwrap());
            if !found.iter().any(|a| a == fragment) {
                errors.push(format!(
                    "{at}: no heading with the anchor #{fragment} (its anchors: {})",
                    found.join(", ")
                ));
            }
        } else {
            errors.push(format!("{at}: an anchor on what is not a Markdown file"));
        }
    }
    errors
}

#[test]
fn relative_links_resolve() {
    let root = root();
    let mut pages = vec!["README.md".to_string()];
    pages.extend(docs_pages(&root));
    assert!(pages.len() > 5, "{pages:?}");
    let errors: Vec<String> = pages.iter().flat_map(|p| broken_links(&root, p)).collect();
    assert!(errors.is_empty(), "broken links:\n{}", errors.join("\n"));
}

/// README.md's "Documentation" section and the index, docs/README.md, each
/// link every page of docs/.
#[test]
fn every_docs_page_is_linked() {
    let root = root();
    let readme = fs::read_to_string(root.join("README.md")).unwrap();
    let from_readme: Vec<String> = links(&section(&readme, "## Documentation"))
        .into_iter()
        .map(|(_, d)| d)
        .collect();
    let index = fs::read_to_string(root.join("docs/README.md")).unwrap();
    let from_index: Vec<String> = links(&index).into_iter().map(|(_, d)| d).collect();
    for page in docs_pages(&root) {
        if page == "docs/README.md" {
            continue;
        }
        assert!(
            from_readme.contains(&page),
            "README.md's Documentation section does not link {page}"
        );
        let name = &page["docs/".len()..];
        assert!(
            from_index.iter().any(|d| d == name),
            "docs/README.md does not link {page}"
        );
    }
}

#[test]
fn anchors_and_links_are_read_as_github_does() {
    assert_eq!(anchor("Use in CI"), "use-in-ci");
    assert_eq!(
        anchor("TF 1 behaviour where a program starts"),
        "tf-1-behaviour-where-a-program-starts"
    );
    assert_eq!(
        anchor("Code that runs on TensorFlow 2.21"),
        "code-that-runs-on-tensorflow-221"
    );
    assert_eq!(
        anchor("`--target` and `snake_case`: ok?"),
        "--target-and-snake_case-ok"
    );
    assert_eq!(
        anchors("# A\n\n## A\n\n```sh\n# not a heading\n```\n\n### B!\n"),
        ["a", "a-1", "b"]
    );
    let text = "See [a](a.md#x), ![img](img/p.png \"title\") and <https://x.org>.\n\
                `[code](not-a-link.md)` and ``a ` [b](c)``, <!-- [hidden](h.md) -->\n\
                ```\n[fenced](f.md)\n```\n\
                [ref]: ../r.md\n\
                a code span `over\ntwo lines [x](y)` ends [here](z.md).\n";
    let found: Vec<(usize, String)> = links(text);
    let expected: Vec<(usize, String)> =
        [(1, "a.md#x"), (1, "img/p.png"), (6, "../r.md"), (8, "z.md")]
            .iter()
            .map(|(l, d)| (*l, d.to_string()))
            .collect();
    assert_eq!(found, expected);
    assert!(is_external("https://example.org/a.md"));
    assert!(is_external("mailto:a@b.c"));
    assert!(!is_external("docs/usage.md#exit-status"));
    assert!(!is_external("#exit-status"));
}

#[test]
fn the_link_check_sees_broken_links() {
    let dir = common::scratch_dir("docs-links");
    fs::create_dir_all(dir.join("docs")).unwrap();
    fs::write(dir.join("a.txt"), "").unwrap();
    fs::write(
        dir.join("README.md"),
        "# Top\n\n## Exit status\n\n[ok](docs/p.md#the-json-report) [ok](#exit-status) [ok](a.txt) [ok](docs)\n\
         [missing](docs/none.md) [bad anchor](docs/p.md#nope) [bad](#top-1) [txt](a.txt#x) [web](https://x.org/#y)\n",
    )
    .unwrap();
    fs::write(
        dir.join("docs/p.md"),
        "# P\n\n## The JSON report\n\n[back](../README.md#exit-status) [up](../a.txt)\n",
    )
    .unwrap();
    assert_eq!(broken_links(&dir, "docs/p.md"), Vec::<String>::new());
    let errors = broken_links(&dir, "README.md");
    let _ = fs::remove_dir_all(&dir);
    assert_eq!(errors.len(), 4, "{errors:#?}");
    assert!(
        errors[0].starts_with("README.md:6: (docs/none.md): no such file"),
        "{errors:#?}"
    );
    assert!(
        errors[1].contains(
            "(docs/p.md#nope): no heading with the anchor #nope (its anchors: p, the-json-report)"
        ),
        "{errors:#?}"
    );
    assert!(errors[2].contains("(#top-1): no heading"), "{errors:#?}");
    assert!(
        errors[3].contains("(a.txt#x): an anchor on what is not a Markdown file"),
        "{errors:#?}"
    );
}
