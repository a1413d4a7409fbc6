//! The answer format of the knowledge base: plain text with paragraphs
//! (separated by a blank line), bullet lists (lines starting with `- ` or
//! `* `) and links written `[text](https://...)`. The widget renders the
//! parsed blocks as text nodes and anchors, never as HTML, so an answer
//! cannot inject markup.

use serde::de::MapAccess;
use serde::{Deserialize, Deserializer, Serialize};
use tandem_tag_first::{TagFirst, rest};

/// A piece of a line. Both enums here are decoded tag first (see
/// [`tandem_tag_first`]): the widget reads them from the knowledge base and
/// its saved conversation, and serde's buffering decoder is not in its bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    /// Plain text.
    Text {
        /// The text.
        text: String,
    },
    /// A link; `url` is `https://`, `http://` or `mailto:`.
    Link {
        /// What the shopper sees.
        text: String,
        /// Where it goes.
        url: String,
    },
}

/// A paragraph or a bullet list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// Lines of one paragraph, joined with spaces.
    Paragraph {
        /// Its content.
        content: Vec<Inline>,
    },
    /// A bullet list.
    List {
        /// One entry per bullet.
        items: Vec<Vec<Inline>>,
    },
}

impl TagFirst for Inline {
    const TAG: &'static str = "type";
    const EXPECTING: &'static str = "a piece of an answer";
    const VARIANTS: &'static [&'static str] = &["text", "link"];

    fn variant<'de, A: MapAccess<'de>>(tag: &str, map: A) -> Option<Result<Self, A::Error>> {
        #[derive(Deserialize)]
        struct Text {
            text: String,
        }
        #[derive(Deserialize)]
        struct Link {
            text: String,
            url: String,
        }
        Some(match tag {
            "text" => rest(map).map(|v: Text| Self::Text { text: v.text }),
            "link" => rest(map).map(|v: Link| Self::Link {
                text: v.text,
                url: v.url,
            }),
            _ => return None,
        })
    }
}

impl<'de> Deserialize<'de> for Inline {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        tandem_tag_first::deserialize(deserializer)
    }
}

impl TagFirst for Block {
    const TAG: &'static str = "type";
    const EXPECTING: &'static str = "a block of an answer";
    const VARIANTS: &'static [&'static str] = &["paragraph", "list"];

    fn variant<'de, A: MapAccess<'de>>(tag: &str, map: A) -> Option<Result<Self, A::Error>> {
        #[derive(Deserialize)]
        struct Paragraph {
            content: Vec<Inline>,
        }
        #[derive(Deserialize)]
        struct List {
            items: Vec<Vec<Inline>>,
        }
        Some(match tag {
            "paragraph" => rest(map).map(|v: Paragraph| Self::Paragraph { content: v.content }),
            "list" => rest(map).map(|v: List| Self::List { items: v.items }),
            _ => return None,
        })
    }
}

impl<'de> Deserialize<'de> for Block {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        tandem_tag_first::deserialize(deserializer)
    }
}

/// Why an answer was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line} of the answer: {message}")]
pub struct AnswerError {
    /// 1-based line within the answer text.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

fn safe_url(url: &str) -> bool {
    ["https://", "http://", "mailto:"]
        .iter()
        .any(|p| url.starts_with(p))
        && !url.contains(char::is_whitespace)
}

fn parse_inline(line: &str, number: usize) -> Result<Vec<Inline>, AnswerError> {
    let mut out = Vec::new();
    let mut rest = line;
    let mut text = String::new();
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let link = after.find("](").and_then(|mid| {
            let url_part = &after[mid + 2..];
            url_part
                .find(')')
                .map(|close| (&after[..mid], &url_part[..close], &url_part[close + 1..]))
        });
        match link {
            Some((label, url, tail)) if !label.contains('[') => {
                if !safe_url(url) {
                    return Err(AnswerError {
                        line: number,
                        message: format!(
                            "link `{url}` must start with https://, http:// or mailto:"
                        ),
                    });
                }
                text.push_str(&rest[..open]);
                if !text.is_empty() {
                    out.push(Inline::Text {
                        text: std::mem::take(&mut text),
                    });
                }
                out.push(Inline::Link {
                    text: label.to_owned(),
                    url: url.to_owned(),
                });
                rest = tail;
            }
            _ => {
                text.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    text.push_str(rest);
    if !text.is_empty() {
        out.push(Inline::Text { text });
    }
    Ok(out)
}

/// Parses an answer into blocks.
pub fn parse(answer: &str) -> Result<Vec<Block>, AnswerError> {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<Inline> = Vec::new();
    let mut list: Vec<Vec<Inline>> = Vec::new();
    let flush =
        |blocks: &mut Vec<Block>, paragraph: &mut Vec<Inline>, list: &mut Vec<Vec<Inline>>| {
            if !paragraph.is_empty() {
                blocks.push(Block::Paragraph {
                    content: std::mem::take(paragraph),
                });
            }
            if !list.is_empty() {
                blocks.push(Block::List {
                    items: std::mem::take(list),
                });
            }
        };
    for (i, raw) in answer.lines().enumerate() {
        let line = raw.trim();
        let number = i + 1;
        if line.is_empty() {
            flush(&mut blocks, &mut paragraph, &mut list);
        } else if let Some(item) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
            if !paragraph.is_empty() {
                blocks.push(Block::Paragraph {
                    content: std::mem::take(&mut paragraph),
                });
            }
            list.push(parse_inline(item.trim(), number)?);
        } else {
            if !list.is_empty() {
                blocks.push(Block::List {
                    items: std::mem::take(&mut list),
                });
            }
            if !paragraph.is_empty() {
                paragraph.push(Inline::Text {
                    text: " ".to_owned(),
                });
            }
            paragraph.extend(parse_inline(line, number)?);
        }
    }
    flush(&mut blocks, &mut paragraph, &mut list);
    Ok(blocks)
}

#[cfg(test)]
mod tests {
    use super::parse;
    use expect_test::{Expect, expect};

    fn check(input: &str, expect: Expect) {
        let result = parse(input);
        let shown = match result {
            Ok(blocks) => {
                let json = serde_json::to_string(&blocks).expect("serialises");
                // What the server serves and the widget saves decodes back.
                let decoded: Vec<super::Block> = serde_json::from_str(&json).expect(&json);
                assert_eq!(decoded, blocks);
                json
            }
            Err(error) => error.to_string(),
        };
        expect.assert_eq(&shown);
    }

    #[test]
    fn paragraphs_lists_and_links() {
        check(
            "You can return items within 30 days.\nKeep the receipt.\n\n- Print the [label](https://shop.example/returns)\n- Drop it off\n\nQuestions? [Mail us](mailto:help@shop.example).",
            expect![[
                r#"[{"type":"paragraph","content":[{"type":"text","text":"You can return items within 30 days."},{"type":"text","text":" "},{"type":"text","text":"Keep the receipt."}]},{"type":"list","items":[[{"type":"text","text":"Print the "},{"type":"link","text":"label","url":"https://shop.example/returns"}],[{"type":"text","text":"Drop it off"}]]},{"type":"paragraph","content":[{"type":"text","text":"Questions? "},{"type":"link","text":"Mail us","url":"mailto:help@shop.example"},{"type":"text","text":"."}]}]"#
            ]],
        );
    }

    #[test]
    fn markup_stays_text_and_bad_links_are_refused() {
        check(
            "<b>bold</b> [x]",
            expect![[
                r#"[{"type":"paragraph","content":[{"type":"text","text":"<b>bold</b> [x]"}]}]"#
            ]],
        );
        check(
            "ok\n[click](javascript:alert(1))",
            expect![
                "line 2 of the answer: link `javascript:alert(1` must start with https://, http:// or mailto:"
            ],
        );
    }
}
