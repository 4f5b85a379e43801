//! JUnit XML: one test suite, one test case per file (`classname` and
//! `name` are its path), a `<failure>` per ERROR entry, and per WARNING
//! entry with `--fail-on warning`. The failure's `message` is the rule and
//! the message, its text the report's `path:line:col: LEVEL: message`
//! (0-based column, as in the report).

use super::{display_path, fails, Options};
use crate::report::Report;

pub fn render(report: &Report, options: &Options) -> String {
    let mut cases = String::new();
    let mut failed = 0;
    for f in &report.files {
        let path = display_path(&f.input, options.cwd);
        let name = escape(&path, true);
        let failures: Vec<String> = f
            .entries
            .iter()
            .filter(|e| fails(e.level(), options))
            .map(|e| {
                let message = format!("{}: {}", e.rule().id(), e.message());
                let text = format!(
                    "{path}:{}:{}: {}: {}",
                    e.line(),
                    e.col(),
                    e.level().as_str(),
                    e.message()
                );
                format!(
                    "      <failure message=\"{}\" type=\"{}\">{}</failure>\n",
                    escape(&message, true),
                    e.level().as_str(),
                    escape(&text, false)
                )
            })
            .collect();
        if failures.is_empty() {
            cases.push_str(&format!(
                "    <testcase classname=\"{name}\" name=\"{name}\"/>\n"
            ));
        } else {
            failed += 1;
            cases.push_str(&format!(
                "    <testcase classname=\"{name}\" name=\"{name}\">\n{}    </testcase>\n",
                failures.concat()
            ));
        }
    }
    let tests = report.files.len();
    let tool = env!("CARGO_PKG_NAME");
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <testsuites name=\"{tool}\" tests=\"{tests}\" failures=\"{failed}\" errors=\"0\">\n  \
         <testsuite name=\"{tool}\" tests=\"{tests}\" failures=\"{failed}\" errors=\"0\" skipped=\"0\">\n\
         {cases}  </testsuite>\n</testsuites>\n"
    )
}

/// XML character data (`attribute`: an attribute value in double quotes,
/// where line breaks and tabs are written as references so that they
/// survive attribute normalisation). Characters XML 1.0 cannot hold at all
/// (control characters, lone surrogates cannot occur in a `str`) become
/// U+FFFD.
pub fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' | '\t' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(
            escape("a<b>&\"c\"\n", true),
            "a&lt;b&gt;&amp;&quot;c&quot;&#10;"
        );
        assert_eq!(escape("a<b>&\"c\"\n", false), "a&lt;b&gt;&amp;\"c\"\n");
        assert_eq!(escape("x\u{1}y\r", false), "x\u{FFFD}y&#13;");
    }
}
