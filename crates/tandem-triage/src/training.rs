//! Labeled training data from CSV with the header `text,category` (RFC 4180
//! quoting), the format merchants export from old tickets.

use std::io::Read;

/// A CSV that could not be used, with the line to look at.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    /// The header is not `text,category`.
    #[error("line 1: the header must be `text,category`, found `{0}`")]
    Header(String),
    /// A record is malformed (unbalanced quotes, wrong column count).
    #[error("line {line}: {message}")]
    Record {
        /// 1-based line number.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// The file has a header but no examples.
    #[error("the file has no examples")]
    Empty,
}

/// One labeled example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The shopper's message as written.
    pub text: String,
    /// The intent label.
    pub category: String,
    /// 1-based line number in the file, for error messages.
    pub line: u64,
}

/// Reads `text,category` records. Blank texts or categories are errors,
/// since silently skipping them would lose training data.
pub fn read_csv(input: impl Read) -> Result<Vec<Example>, CsvError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(input);
    let header_error = |e: &csv::Error| CsvError::Record {
        line: 1,
        message: e.to_string(),
    };
    let headers = reader.headers().map_err(|e| header_error(&e))?.clone();
    if headers.len() != 2 || &headers[0] != "text" || &headers[1] != "category" {
        return Err(CsvError::Header(
            headers.iter().collect::<Vec<_>>().join(","),
        ));
    }
    let mut examples = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| CsvError::Record {
            line: e.position().map_or(0, |p| p.line()),
            message: match e.kind() {
                csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
                    format!("expected {expected_len} fields, found {len} (quote text that contains commas)")
                }
                _ => e.to_string(),
            },
        })?;
        let line = record.position().map_or(0, csv::Position::line);
        let (text, category) = (record[0].trim(), record[1].trim());
        if text.is_empty() || category.is_empty() {
            return Err(CsvError::Record {
                line,
                message: "empty text or category".to_owned(),
            });
        }
        examples.push(Example {
            text: text.to_owned(),
            category: category.to_owned(),
            line,
        });
    }
    if examples.is_empty() {
        return Err(CsvError::Empty);
    }
    Ok(examples)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quoted_fields() {
        let csv =
            "text,category\n\"Hi, where is \"\"my\"\" card?\",card_arrival\nrefund please,refund\n";
        let examples = read_csv(csv.as_bytes()).expect("valid");
        assert_eq!(examples.len(), 2);
        assert_eq!(examples[0].text, "Hi, where is \"my\" card?");
        assert_eq!(examples[1].line, 3);
    }

    #[test]
    fn errors_name_the_line() {
        let bad_header = read_csv("query,label\na,b\n".as_bytes()).expect_err("invalid");
        assert_eq!(
            bad_header.to_string(),
            "line 1: the header must be `text,category`, found `query,label`"
        );
        let unquoted = read_csv("text,category\nok,fine\nhi, there,greeting\n".as_bytes())
            .expect_err("invalid");
        assert_eq!(
            unquoted.to_string(),
            "line 3: expected 2 fields, found 3 (quote text that contains commas)"
        );
        let blank = read_csv("text,category\n  ,x\n".as_bytes()).expect_err("invalid");
        assert_eq!(blank.to_string(), "line 2: empty text or category");
        assert_eq!(
            read_csv("text,category\n".as_bytes()).expect_err("invalid"),
            CsvError::Empty
        );
    }
}
