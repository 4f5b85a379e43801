//! The repository's Markdown (README.md, docs/*.md) as the tests read it:
//! sections, headings and their anchors, relative links.

use std::fs;
use std::path::Path;

/// The text of a file of the repository (`docs/ci.md`).
pub fn repo_doc(rel: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Each line of `text` with whether it is part of a fenced code block (the
/// fences included).
fn lines_in_fences(text: &str) -> Vec<(&str, bool)> {
    let mut fence: Option<&str> = None;
    text.lines()
        .map(|l| {
            let t = l.trim_start();
            match fence {
                Some(f) => {
                    if t.starts_with(f)
                        && t.trim_end().chars().all(|c| c == f.as_bytes()[0] as char)
                    {
                        fence = None;
                    }
                    (l, true)
                }
                None if t.starts_with("```") || t.starts_with("~~~") => {
                    fence = Some(if t.starts_with("```") { "```" } else { "~~~" });
                    (l, true)
                }
                None => (l, false),
            }
        })
        .collect()
}

/// The level and title of an ATX heading line (`## Quick start` is
/// `(2, "Quick start")`).
fn heading(line: &str) -> Option<(usize, &str)> {
    let level = line.chars().take_while(|&c| c == '#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &line[level..];
    (rest.starts_with(' ') || rest.is_empty()).then(|| (level, rest.trim()))
}

/// The headings of `text` (outside code blocks), in order: level and title.
pub fn headings(text: &str) -> Vec<(usize, String)> {
    lines_in_fences(text)
        .into_iter()
        .filter(|(_, fenced)| !fenced)
        .filter_map(|(l, _)| heading(l))
        .map(|(level, title)| (level, title.to_string()))
        .collect()
}

/// The section of `text` under the heading line `start` (`## GitHub
/// Actions`): the lines after it up to the next heading of the same or a
/// higher level. Panics when there is no such heading.
pub fn section(text: &str, start: &str) -> String {
    let (level, _) = heading(start).expect("a heading line");
    let lines = lines_in_fences(text);
    let at = lines
        .iter()
        .position(|(l, fenced)| !fenced && l.trim_end() == start)
        .unwrap_or_else(|| panic!("no {start:?} section"));
    lines[at + 1..]
        .iter()
        .take_while(|(l, fenced)| *fenced || heading(l).is_none_or(|(h, _)| h > level))
        .map(|(l, _)| *l)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The anchor GitHub gives a heading's title: lowercase, punctuation
/// removed except `-` and `_`, each space a `-` (`Use in CI` is
/// `use-in-ci`, `` `--target` and CI`` is `--target-and-ci`).
pub fn anchor(title: &str) -> String {
    title
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// Every anchor of `text`'s headings; a title that comes again gets `-1`,
/// `-2`, ... as on GitHub.
pub fn anchors(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (_, title) in headings(text) {
        let base = anchor(&title);
        let mut a = base.clone();
        let mut n = 0;
        while out.contains(&a) {
            n += 1;
            a = format!("{base}-{n}");
        }
        out.push(a);
    }
    out
}

/// `text` with what hides links blanked out (fenced code blocks, code
/// spans, HTML comments), its line breaks kept.
fn visible(text: &str) -> String {
    let unfenced: Vec<&str> = lines_in_fences(text)
        .into_iter()
        .map(|(l, fenced)| if fenced { "" } else { l })
        .collect();
    let text = unfenced.join("\n");
    let blank =
        |s: &str| -> String { s.chars().map(|c| if c == '\n' { c } else { ' ' }).collect() };
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(c) = rest.chars().next() {
        if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(rest.len(), |i| i + 3);
            out.push_str(&blank(&rest[..end]));
            rest = &rest[end..];
        } else if c == '`' {
            // A code span ends at the same run of backticks, within its
            // paragraph; unmatched backticks are text.
            let ticks = rest.len() - rest.trim_start_matches('`').len();
            let para_end = rest.find("\n\n").unwrap_or(rest.len());
            let body = &rest[ticks..para_end];
            let close = body.match_indices(&rest[..ticks]).find(|(i, _)| {
                !body[i + ticks..].starts_with('`') && (*i == 0 || !body[..*i].ends_with('`'))
            });
            let end = close.map_or(ticks, |(i, _)| ticks + i + ticks);
            out.push_str(&blank(&rest[..end]));
            rest = &rest[end..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The destinations of `text`'s links and images, inline (`[x](dest)`,
/// `![x](dest)`) and reference definitions (`[x]: dest`), outside code
/// blocks, code spans and HTML comments; each with its line number
/// (1-based).
pub fn links(text: &str) -> Vec<(usize, String)> {
    let text = visible(text);
    let line_of = |at: usize| text[..at].matches('\n').count() + 1;
    let dest_of = |s: &str| {
        s.split_whitespace()
            .next()
            .unwrap_or("")
            .trim_matches(['<', '>'])
            .to_string()
    };
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split('\n') {
        // A reference definition: `[label]: dest`.
        if let Some((label, dest)) = line
            .trim_start()
            .strip_prefix('[')
            .and_then(|r| r.split_once("]:"))
        {
            if !label.is_empty() && !label.contains(']') {
                out.push((offset, dest_of(dest)));
            }
        }
        offset += line.len() + 1;
    }
    let mut from = 0;
    while let Some(i) = text[from..].find("](") {
        let start = from + i + 2;
        let end = text[start..].find(')').map_or(text.len(), |e| start + e);
        out.push((start, dest_of(&text[start..end])));
        from = end;
    }
    // In the order of the text.
    out.sort_by_key(|(at, _)| *at);
    out.into_iter().map(|(at, d)| (line_of(at), d)).collect()
}

/// Whether a link destination leaves the repository (`https:`, `mailto:`,
/// `//host`).
pub fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
        }
        None => false,
    }
}
