//! GitHub Actions workflow commands: one annotation a line,
//! `::error file=P,line=L,col=C,title=RULE::MESSAGE` (`warning` and
//! `notice` for WARNING and INFO entries; INFO ones only with
//! `--print_all`).

use super::{entries, Options};
use crate::diagnostic::Level;
use crate::report::Report;

pub fn render(report: &Report, options: &Options) -> String {
    let mut out = String::new();
    for (path, e) in entries(report, options) {
        let command = match e.level() {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info if options.print_all => "notice",
            Level::Info => continue,
        };
        out.push_str(&format!(
            "::{command} file={},line={},col={},title={}::{}\n",
            escape_property(&path),
            e.line(),
            e.col() + 1,
            escape_property(e.rule().id()),
            escape_data(&e.message()),
        ));
    }
    out
}

/// A command's data (the message): `%`, `\r` and `\n` percent-encoded.
pub fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            _ => out.push(c),
        }
    }
    out
}

/// A property value: as data, and `:` and `,` percent-encoded too (they
/// delimit the properties).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_workflow_command_rules() {
        assert_eq!(escape_data("50% a:b,c\r\nd"), "50%25 a:b,c%0D%0Ad");
        assert_eq!(escape_property("x, y:z%\n"), "x%2C y%3Az%25%0A");
    }
}
