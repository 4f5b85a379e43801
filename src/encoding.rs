//! Source encodings: UTF-8 (with or without a byte order mark) and the PEP 263
//! coding cookie (`# -*- coding: latin-1 -*-` on one of the first two lines).
//!
//! A file is decoded to text, converted, and encoded back in the same
//! encoding, so every untouched byte comes out as it went in. Only the
//! single-byte encodings below are known besides UTF-8; any other cookie is an
//! error and the file is left as it is.

use crate::wording::{self, inputs};

/// An encoding this tool can decode and encode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Ascii,
    Latin1,
    Cp1252,
}

/// How a file's bytes map to text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceEncoding {
    pub encoding: Encoding,
    /// The file starts with a UTF-8 byte order mark (kept on output).
    pub bom: bool,
}

/// Why a file cannot be decoded or encoded, and where: a Python `ast`
/// position (1-based line, 0-based UTF-8 byte column) in the decoded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodingError {
    /// The byte offset in the decoded text.
    pub offset: usize,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

fn error_at(text: &str, offset: usize, message: String) -> EncodingError {
    let (line, col) = crate::syntax::LineIndex::new(text).position(offset);
    EncodingError {
        offset,
        line,
        col,
        message,
    }
}

const BOM: &[u8] = b"\xef\xbb\xbf";

/// Characters of cp1252 bytes 0x80..=0x9F (`None`: undefined, as in Python).
const CP1252_HIGH: [Option<char>; 32] = [
    Some('\u{20AC}'),
    None,
    Some('\u{201A}'),
    Some('\u{0192}'),
    Some('\u{201E}'),
    Some('\u{2026}'),
    Some('\u{2020}'),
    Some('\u{2021}'),
    Some('\u{02C6}'),
    Some('\u{2030}'),
    Some('\u{0160}'),
    Some('\u{2039}'),
    Some('\u{0152}'),
    None,
    Some('\u{017D}'),
    None,
    None,
    Some('\u{2018}'),
    Some('\u{2019}'),
    Some('\u{201C}'),
    Some('\u{201D}'),
    Some('\u{2022}'),
    Some('\u{2013}'),
    Some('\u{2014}'),
    Some('\u{02DC}'),
    Some('\u{2122}'),
    Some('\u{0161}'),
    Some('\u{203A}'),
    Some('\u{0153}'),
    None,
    Some('\u{017E}'),
    Some('\u{0178}'),
];

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Ascii => "ascii",
            Encoding::Latin1 => "latin-1",
            Encoding::Cp1252 => "cp1252",
        }
    }

    /// Looks up a codec name the way Python does (case, `-`, `_` and spaces
    /// do not matter; the usual aliases are known).
    pub fn lookup(name: &str) -> Option<Encoding> {
        let norm: String = name
            .trim()
            .chars()
            .map(|c| match c {
                '-' | ' ' => '_',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        // CPython's tokenizer also accepts "utf-8-<anything>" and
        // "latin-1-<anything>" style names.
        if norm.starts_with("utf_8_") {
            return Some(Encoding::Utf8);
        }
        if ["latin_1_", "iso_8859_1_", "iso_latin_1_"]
            .iter()
            .any(|p| norm.starts_with(p))
        {
            return Some(Encoding::Latin1);
        }
        Some(match norm.as_str() {
            "utf_8" | "utf8" | "u8" | "utf" | "cp65001" | "utf8_ucs2" | "utf8_ucs4" => {
                Encoding::Utf8
            }
            "ascii" | "us_ascii" | "646" | "us" | "ansi_x3.4_1968" | "ansi_x3_4_1968"
            | "iso646_us" | "cp367" | "csascii" | "ibm367" | "iso_ir_6" => Encoding::Ascii,
            "latin_1" | "latin1" | "latin" | "l1" | "iso_8859_1" | "iso8859_1" | "8859"
            | "cp819" | "iso_ir_100" | "ibm819" | "iso_latin_1" | "csisolatin1" => Encoding::Latin1,
            "cp1252" | "windows_1252" | "1252" => Encoding::Cp1252,
            _ => return None,
        })
    }

    /// Decodes `bytes`; on failure, the byte offset in the input of the first
    /// byte that cannot be decoded.
    pub fn decode(self, bytes: &[u8]) -> Result<String, usize> {
        match self {
            Encoding::Utf8 => std::str::from_utf8(bytes)
                .map(str::to_string)
                .map_err(|e| e.valid_up_to()),
            Encoding::Ascii => match bytes.iter().position(|b| !b.is_ascii()) {
                Some(i) => Err(i),
                None => Ok(String::from_utf8(bytes.to_vec()).expect("ascii")),
            },
            Encoding::Latin1 => Ok(bytes.iter().map(|&b| b as char).collect()),
            Encoding::Cp1252 => {
                let mut s = String::with_capacity(bytes.len());
                for (i, &b) in bytes.iter().enumerate() {
                    match b {
                        0x80..=0x9F => match CP1252_HIGH[(b - 0x80) as usize] {
                            Some(c) => s.push(c),
                            None => return Err(i),
                        },
                        _ => s.push(b as char),
                    }
                }
                Ok(s)
            }
        }
    }

    /// Encodes `text`; on failure, the byte offset in `text` of the first
    /// character the encoding has no byte for.
    pub fn encode(self, text: &str) -> Result<Vec<u8>, usize> {
        if self == Encoding::Utf8 {
            return Ok(text.as_bytes().to_vec());
        }
        let mut out = Vec::with_capacity(text.len());
        for (i, c) in text.char_indices() {
            let b = match (self, c as u32) {
                (_, 0..=0x7F) => c as u8,
                (Encoding::Latin1, 0x80..=0xFF) => c as u8,
                (Encoding::Cp1252, 0xA0..=0xFF) => c as u8,
                (Encoding::Cp1252, _) => match CP1252_HIGH.iter().position(|&h| h == Some(c)) {
                    Some(p) => 0x80 + p as u8,
                    None => return Err(i),
                },
                _ => return Err(i),
            };
            out.push(b);
        }
        Ok(out)
    }
}

/// The codec named by a PEP 263 cookie on one line, if any.
fn cookie_in_line(line: &[u8]) -> Option<&[u8]> {
    let start = line
        .iter()
        .position(|b| !matches!(b, b' ' | b'\t' | b'\x0c'))?;
    if line[start] != b'#' {
        return None;
    }
    let rest = &line[start..];
    let at = rest
        .windows(7)
        .position(|w| &w[..6] == b"coding" && (w[6] == b':' || w[6] == b'='))?;
    let mut value = &rest[at + 7..];
    while let [b' ' | b'\t', tail @ ..] = value {
        value = tail;
    }
    let len = value
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.'))
        .unwrap_or(value.len());
    (len > 0).then(|| &value[..len])
}

/// Splits off the first line (without its line break) and the rest.
fn first_line(bytes: &[u8]) -> (&[u8], &[u8]) {
    match bytes.iter().position(|&b| b == b'\n' || b == b'\r') {
        Some(i) => {
            let skip = if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                2
            } else {
                1
            };
            (&bytes[..i], &bytes[i + skip..])
        }
        None => (bytes, &[]),
    }
}

fn blank_or_comment(line: &[u8]) -> bool {
    match line.iter().find(|b| !matches!(b, b' ' | b'\t' | b'\x0c')) {
        None => true,
        Some(&b) => b == b'#',
    }
}

/// The coding cookie of a file: looked for on the first line, then on the
/// second when the first holds only a comment or blanks (as CPython does).
pub fn cookie(bytes: &[u8]) -> Option<String> {
    let (l1, rest) = first_line(bytes);
    if let Some(c) = cookie_in_line(l1) {
        return Some(String::from_utf8_lossy(c).into_owned());
    }
    if !blank_or_comment(l1) {
        return None;
    }
    let (l2, _) = first_line(rest);
    cookie_in_line(l2).map(|c| String::from_utf8_lossy(c).into_owned())
}

/// Decodes a source file. Returns the text (without byte order mark) and how
/// to encode it back.
pub fn decode(bytes: &[u8]) -> Result<(String, SourceEncoding), EncodingError> {
    let (bom, body) = match bytes.strip_prefix(BOM) {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    let encoding = match cookie(body) {
        None => Encoding::Utf8,
        Some(name) => match Encoding::lookup(&name) {
            Some(e) => e,
            None => {
                return Err(EncodingError {
                    offset: 0,
                    line: 1,
                    col: 0,
                    message: wording::input(&inputs::UNKNOWN_ENCODING, &[("encoding", &name)]),
                })
            }
        },
    };
    if bom && encoding != Encoding::Utf8 {
        return Err(EncodingError {
            offset: 0,
            line: 1,
            col: 0,
            message: wording::input(&inputs::BOM_COOKIE_MISMATCH, &[("cookie", encoding.name())]),
        });
    }
    match encoding.decode(body) {
        Ok(text) => Ok((text, SourceEncoding { encoding, bom })),
        Err(at) => {
            // Position: the decodable prefix, as text.
            let prefix = encoding
                .decode(&body[..at])
                .unwrap_or_else(|_| String::from_utf8_lossy(&body[..at]).into_owned());
            Err(error_at(
                &prefix,
                prefix.len(),
                wording::input(
                    &inputs::UNDECODABLE,
                    &[
                        ("encoding", encoding.name()),
                        ("byte", &format!("0x{:02x}", body[at])),
                    ],
                ),
            ))
        }
    }
}

/// Encodes converted text back the way the file was read.
pub fn encode(text: &str, how: SourceEncoding) -> Result<Vec<u8>, EncodingError> {
    let body = how.encoding.encode(text).map_err(|at| {
        error_at(
            text,
            at,
            wording::input(
                &inputs::UNENCODABLE,
                &[
                    (
                        "char",
                        &format!("{:?}", text[at..].chars().next().unwrap_or('?')),
                    ),
                    ("encoding", how.encoding.name()),
                ],
            ),
        )
    })?;
    if !how.bom {
        return Ok(body);
    }
    let mut out = Vec::with_capacity(BOM.len() + body.len());
    out.extend_from_slice(BOM);
    out.extend_from_slice(&body);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_on_the_first_two_lines() {
        assert_eq!(
            cookie(b"# -*- coding: latin-1 -*-\nx = 1\n").as_deref(),
            Some("latin-1")
        );
        assert_eq!(
            cookie(b"#!/usr/bin/python\n# vim: set fileencoding=cp1252 :\n").as_deref(),
            Some("cp1252")
        );
        assert_eq!(cookie(b"\r\n#coding=utf8\r\n").as_deref(), Some("utf8"));
        // Only when the first line is blank or a comment.
        assert_eq!(cookie(b"x = 1\n# coding: latin-1\n"), None);
        // Not on the third line, not outside a comment.
        assert_eq!(cookie(b"#\n#\n# coding: latin-1\n"), None);
        assert_eq!(cookie(b"s = 'coding: latin-1'\n"), None);
        assert_eq!(cookie(b"# coding:\n"), None);
    }

    #[test]
    fn codec_names_like_python() {
        for n in [
            "latin-1",
            "Latin_1",
            "ISO-8859-1",
            "iso8859-1",
            "l1",
            "latin-1-unix",
        ] {
            assert_eq!(Encoding::lookup(n), Some(Encoding::Latin1), "{n}");
        }
        for n in ["utf-8", "UTF8", "utf_8", "utf-8-unix"] {
            assert_eq!(Encoding::lookup(n), Some(Encoding::Utf8), "{n}");
        }
        assert_eq!(Encoding::lookup("windows-1252"), Some(Encoding::Cp1252));
        assert_eq!(Encoding::lookup("us-ascii"), Some(Encoding::Ascii));
        assert_eq!(Encoding::lookup("klingon"), None);
        assert_eq!(Encoding::lookup("shift_jis"), None);
    }

    #[test]
    fn single_byte_codecs_round_trip() {
        let all: Vec<u8> = (0..=255u8).collect();
        let latin = Encoding::Latin1.decode(&all).unwrap();
        assert_eq!(Encoding::Latin1.encode(&latin).unwrap(), all);

        let defined: Vec<u8> = (0..=255u8)
            .filter(|b| ![0x81, 0x8D, 0x8F, 0x90, 0x9D].contains(b))
            .collect();
        let text = Encoding::Cp1252.decode(&defined).unwrap();
        assert!(text.contains('\u{20AC}') && text.contains('\u{2122}'));
        assert_eq!(Encoding::Cp1252.encode(&text).unwrap(), defined);
        assert_eq!(Encoding::Cp1252.decode(b"ab\x81"), Err(2));
        assert_eq!(Encoding::Ascii.decode(b"ab\xe9"), Err(2));
        assert_eq!(Encoding::Latin1.encode("a\u{20AC}"), Err(1));
        assert_eq!(Encoding::Cp1252.encode("\u{20AC}").unwrap(), vec![0x80]);
    }

    #[test]
    fn decode_keeps_bom_and_reports_positions() {
        let (text, how) = decode(b"\xef\xbb\xbfx = 1\n").unwrap();
        assert_eq!(text, "x = 1\n");
        assert!(how.bom);
        assert_eq!(encode(&text, how).unwrap(), b"\xef\xbb\xbfx = 1\n");

        let (text, how) = decode(b"# coding: latin-1\ns = '\xe9'\n").unwrap();
        assert_eq!(text, "# coding: latin-1\ns = '\u{e9}'\n");
        assert_eq!(how.encoding, Encoding::Latin1);
        assert_eq!(
            encode(&text, how).unwrap(),
            b"# coding: latin-1\ns = '\xe9'\n"
        );

        // Invalid UTF-8: the position is that of the end of the valid prefix.
        let err = decode(b"x = '\xc3\xa9'\ny = '\xff'\n").unwrap_err();
        assert_eq!((err.line, err.col), (2, 5));
        let err = decode(b"# coding: cp1252\nx = 1\r\n'\xe9\x81'\n").unwrap_err();
        assert_eq!((err.line, err.col), (3, 3), "{err:?}");

        assert!(decode(b"# coding: klingon\n")
            .unwrap_err()
            .message
            .contains("klingon"));
        assert!(decode(b"\xef\xbb\xbf# coding: latin-1\n").is_err());
        assert!(encode(
            "\u{2603}",
            SourceEncoding {
                encoding: Encoding::Latin1,
                bom: false
            }
        )
        .is_err());
    }
}
